// Shared helpers for proof tests.
#pragma once

#include <catch2/catch.hpp>

#include <functional>

#include "scrutineer/scrutineer.hpp"

namespace testutil {

using namespace scrutineer;

/// A random element that is not the identity.
template <class G>
typename G::element random_element(rng& r) {
    return G::mul_base(G::scalar::random_nonzero(r));
}

/// Flips each bit position of one byte at a time across the whole encoding and
/// checks that no altered encoding both decodes and verifies.
/// `decode_verify` returns true if the altered bytes decode AND verify.
inline void every_byte_flip_rejected(const bytes& good, const std::function<bool(const bytes&)>& decode_verify) {
    REQUIRE(decode_verify(good));
    for (std::size_t i = 0; i < good.size(); ++i) {
        for (byte mask : {byte{0x01}, byte{0x80}}) {
            bytes bad = good;
            bad[i] ^= mask;
            INFO("byte " << i << " xor " << int(mask));
            CHECK_FALSE(decode_verify(bad));
        }
    }
    // truncated and extended encodings
    bytes shorter(good.begin(), good.end() - 1);
    CHECK_FALSE(decode_verify(shorter));
    bytes longer = good;
    longer.push_back(0);
    CHECK_FALSE(decode_verify(longer));
    CHECK_FALSE(decode_verify(bytes{}));
}

inline proof_context test_ctx() { return proof_context::for_election(std::string_view("test-election-2026")); }

}  // namespace testutil
