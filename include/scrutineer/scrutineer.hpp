// scrutineer — umbrella header: the whole public API.
#pragma once

#include "scrutineer/version.hpp"
#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/hex.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/group/ristretto255.hpp"
