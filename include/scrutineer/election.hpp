// scrutineer — the election layer: umbrella header.
//
// Everything a ballot provider embeds (examples/02_election.cpp walks through
// it): the manifest, the roll and voter credentials, ballots and Benaloh
// challenges, the bulletin board and its operator, the mix chain of ranked
// contests with the proof of shuffle, the record's verifier and receipts, and
// the counting engine. Includes the core umbrella, scrutineer/scrutineer.hpp.
#pragma once

#include "scrutineer/scrutineer.hpp"
#include "scrutineer/core/json_depth.hpp"
#include "scrutineer/protocols/codec.hpp"
#include "scrutineer/protocols/shuffle.hpp"
#include "scrutineer/mixnet/ciphertext_list.hpp"
#include "scrutineer/mixnet/ct_multi_exp.hpp"
#include "scrutineer/mixnet/generators.hpp"
#include "scrutineer/mixnet/oblivious.hpp"
#include "scrutineer/mixnet/ranking.hpp"
#include "scrutineer/count/fixed.hpp"
#include "scrutineer/count/rules.hpp"
#include "scrutineer/count/election.hpp"
#include "scrutineer/count/count.hpp"
#include "scrutineer/count/io.hpp"
#include "scrutineer/election/signature.hpp"
#include "scrutineer/election/manifest.hpp"
#include "scrutineer/election/roll.hpp"
#include "scrutineer/election/ballot.hpp"
#include "scrutineer/election/challenge.hpp"
#include "scrutineer/election/policy.hpp"
#include "scrutineer/election/board.hpp"
#include "scrutineer/election/record.hpp"
#include "scrutineer/election/mix.hpp"
#include "scrutineer/election/operator.hpp"
#include "scrutineer/election/verify.hpp"
#include "scrutineer/election/simulate.hpp"
