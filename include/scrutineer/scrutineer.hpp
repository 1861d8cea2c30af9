// scrutineer — umbrella header: the cryptographic core (groups, fast
// arithmetic, primitives, proofs, the key ceremony and threshold decryption).
// The election layer (manifest, roll, ballots, board and operator, mix chain,
// verifier, count) has its own umbrella, scrutineer/election.hpp, and
// ElectionGuard 2.0 has scrutineer/electionguard.hpp.
#pragma once

#include "scrutineer/version.hpp"
#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/cpu.hpp"
#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/hex.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/group/ristretto255.hpp"
#include "scrutineer/group/modp.hpp"
#include "scrutineer/group/fixed_base.hpp"
#include "scrutineer/group/multi_exp.hpp"
#include "scrutineer/group/msm.hpp"
#include "scrutineer/group/decode_batch.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/primitives/hash.hpp"
#include "scrutineer/primitives/transcript.hpp"
#include "scrutineer/primitives/hash_to_group.hpp"
#include "scrutineer/primitives/elgamal.hpp"
#include "scrutineer/primitives/polynomial.hpp"
#include "scrutineer/protocols/equations.hpp"
#include "scrutineer/protocols/batch.hpp"
#include "scrutineer/protocols/schnorr.hpp"
#include "scrutineer/protocols/dleq.hpp"
#include "scrutineer/protocols/range.hpp"
#include "scrutineer/protocols/randomness.hpp"
#include "scrutineer/ceremony/comm.hpp"
#include "scrutineer/ceremony/messages.hpp"
#include "scrutineer/ceremony/dkg.hpp"
#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/ceremony/simulation.hpp"
