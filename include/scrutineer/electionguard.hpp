// scrutineer — ElectionGuard 2.0 support: umbrella header.
//
// Kept apart from scrutineer.hpp so that the core umbrella stays light. See
// docs/electionguard.md for what is supported.
#pragma once

#include "scrutineer/electionguard/ballot.hpp"
#include "scrutineer/electionguard/hash.hpp"
#include "scrutineer/electionguard/hashed.hpp"
#include "scrutineer/electionguard/verify.hpp"
#include "scrutineer/group/modp.hpp"
