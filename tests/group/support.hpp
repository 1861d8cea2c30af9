// scrutineer tests — small helpers shared by the group tests.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "scrutineer/scrutineer.hpp"

namespace scrutineer::test {

/// Bytes from lowercase hex written in a test; a malformed literal is a bug in
/// the test itself, so this throws (via result::value) rather than returning.
inline bytes hex_bytes(std::string_view hex) { return from_hex(hex).value(); }

/// The same, into a fixed-size array (size checked).
template <std::size_t N>
std::array<byte, N> hex_array(std::string_view hex) {
    const bytes b = from_hex(hex, N).value();
    std::array<byte, N> a{};
    for (std::size_t i = 0; i < N; ++i) a[i] = b[i];
    return a;
}

/// Lowercase hex of an element's canonical encoding.
template <prime_order_group G>
std::string enc_hex(const typename G::element& e) {
    return G::encode(e).hex();
}

/// A random element: a random multiple of the generator (uniform in the group).
template <prime_order_group G>
typename G::element random_element(rng& r) {
    return G::mul_base(G::scalar::random(r));
}

/// ℓ - 1, the largest canonical scalar (= -1 mod ℓ).
inline r255_scalar scalar_l_minus_1() { return -r255_scalar::one(); }

/// Little-endian bytes of the group order ℓ = 2^252 + 27742317777372353535851937790883648493.
inline constexpr std::string_view kOrderHex = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

/// The naive Σ sᵢ·Pᵢ by one constant-time multiplication per term.
template <prime_order_group G>
typename G::element naive_sum(const std::vector<typename G::scalar>& s, const std::vector<typename G::element>& p) {
    typename G::element acc = G::identity();
    for (std::size_t i = 0; i < s.size(); ++i) acc = acc + p[i] * s[i];
    return acc;
}

}  // namespace scrutineer::test
