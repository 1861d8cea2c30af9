// scrutineer — group: the prime-order group concept.
//
// Every protocol in scrutineer is a template over a type `G` satisfying
// `prime_order_group`. A group type is a stateless "traits" struct that names
// three value types and the operations on them:
//
//   G::scalar           an integer mod the group order q; constant-time arithmetic
//   G::element          a decoded group element, ready for arithmetic
//   G::encoded_element  its canonical byte encoding (a different type on purpose:
//                       bytes from outside become elements only through G::decode)
//
// Constant-time status: every operation is constant time in its scalar inputs
// unless its name ends in `_vartime`, which marks code that may only see public
// data (proof verification, tallies).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>

#include <type_traits>
#include <utility>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/hex.hpp"
#include "scrutineer/core/rng.hpp"

namespace scrutineer {

/// The canonical encoding of a group element: fixed-size bytes, distinct per group.
template <std::size_t N, class Tag>
struct encoded_element {
    static constexpr std::size_t size = N;
    std::array<byte, N> bytes{};

    byte_span span() const noexcept { return {bytes.data(), bytes.size()}; }
    std::string hex() const { return to_hex(span()); }
    friend bool operator==(const encoded_element&, const encoded_element&) = default;
};

template <class G>
concept prime_order_group =
    requires {
        typename G::scalar;
        typename G::element;
        typename G::encoded_element;
        { G::name } -> std::convertible_to<std::string_view>;
        { G::scalar_size } -> std::convertible_to<std::size_t>;
        { G::element_size } -> std::convertible_to<std::size_t>;
    } &&
    requires(const typename G::scalar& s, const typename G::element& e, byte_span b, rng& r, std::uint64_t u,
             std::span<const typename G::scalar> ss, std::span<const typename G::element> es) {
        // scalars
        { G::scalar::zero() } -> std::same_as<typename G::scalar>;
        { G::scalar::one() } -> std::same_as<typename G::scalar>;
        { G::scalar::from_u64(u) } -> std::same_as<typename G::scalar>;
        { G::scalar::random(r) } -> std::same_as<typename G::scalar>;
        { G::scalar::from_wide(b) } -> std::same_as<typename G::scalar>;
        { G::scalar::decode(b) } -> std::same_as<result<typename G::scalar>>;
        { s.encode() } -> std::same_as<std::array<byte, G::scalar_size>>;
        { s.le_bytes() } -> std::same_as<std::array<byte, G::scalar_size>>;
        { s + s } -> std::same_as<typename G::scalar>;
        { s - s } -> std::same_as<typename G::scalar>;
        { s * s } -> std::same_as<typename G::scalar>;
        { -s } -> std::same_as<typename G::scalar>;
        { s.invert() } -> std::same_as<typename G::scalar>;
        { s == s } -> std::same_as<bool>;
        { s.is_zero() } -> std::same_as<bool>;
        // elements
        { G::identity() } -> std::same_as<typename G::element>;
        { G::generator() } -> std::same_as<typename G::element>;
        { e + e } -> std::same_as<typename G::element>;
        { e - e } -> std::same_as<typename G::element>;
        { -e } -> std::same_as<typename G::element>;
        { e * s } -> std::same_as<typename G::element>;
        { e == e } -> std::same_as<bool>;
        { G::is_identity(e) } -> std::same_as<bool>;
        { G::mul_base(s) } -> std::same_as<typename G::element>;
        { G::double_base_vartime(s, s, e) } -> std::same_as<typename G::element>;
        { G::multi_exp_vartime(ss, es) } -> std::same_as<typename G::element>;
        { G::from_uniform_bytes(b) } -> std::same_as<typename G::element>;
        { G::encode(e) } -> std::same_as<typename G::encoded_element>;
        { G::decode(b) } -> std::same_as<result<typename G::element>>;
    };

/// Decodes untrusted bytes and also rejects the identity (for keys, generators,
/// ciphertext components and proof commitments, where the identity is either
/// impossible for honest parties or a sign of attack).
template <prime_order_group G>
result<typename G::element> decode_nonidentity(byte_span b) {
    auto r = G::decode(b);
    if (!r) return r;
    if (G::is_identity(*r)) return error{errc::identity, "the identity element is not allowed here"};
    return r;
}

/// out = m ? a : b for scalars, constant time (byte-wise masked select over the
/// scalar's object representation; scalars are trivially copyable).
template <prime_order_group G>
typename G::scalar ct_select_scalar(ct::mask m, const typename G::scalar& a, const typename G::scalar& b) {
    static_assert(std::is_trivially_copyable_v<typename G::scalar>);
    typename G::scalar out = b;
    ct::select(&out, &a, &b, sizeof(out), m);
    return out;
}

/// (a·P, b·P), constant time in a and b (and P): the group's joint method
/// G::dual_mul when it has one (ristretto255: one table of P, one doubling
/// chain), otherwise two multiplications.
template <prime_order_group G>
std::pair<typename G::element, typename G::element> dual_mul(const typename G::element& p,
                                                             const typename G::scalar& a,
                                                             const typename G::scalar& b) {
    if constexpr (requires { G::dual_mul(p, a, b); })
        return G::dual_mul(p, a, b);
    else
        return {p * a, p * b};
}

/// −b for a public element, variable time: the group's variable-time inverse
/// when it has one (in the 4096-bit group −b is an inversion mod p: constant
/// time, mpn_sec_invert, about 3 ms; mpz_invert is far cheaper), otherwise −b.
template <prime_order_group G>
typename G::element neg_vartime(const typename G::element& b) {
    if constexpr (requires { b.invert_vartime(); })
        return b.invert_vartime();
    else
        return -b;
}

/// a − b for public elements, variable time (neg_vartime).
template <prime_order_group G>
typename G::element sub_vartime(const typename G::element& a, const typename G::element& b) {
    if constexpr (requires { b.invert_vartime(); })
        return a + neg_vartime<G>(b);
    else
        return a - b;
}

/// Keeps e's canonical encoding with it when the group supports that (an
/// optimisation for elements that will be hashed or published; no-op otherwise).
template <prime_order_group G>
void cache_encoding(typename G::element& e) {
    if constexpr (requires { e.cache_encoding(); }) e.cache_encoding();
}

/// Groups that encode doubled points in batches (ristretto255): a prover that
/// publishes points s·B computes (s/2)·B (scalar::half) and lets
/// G::double_and_encode_batch double them and attach their encodings.
template <class G>
concept doubling_batch_encoder = prime_order_group<G> && requires(std::span<typename G::element> pts,
                                                                 const typename G::scalar& s) {
    G::double_and_encode_batch(pts);
    { s.half() } -> std::same_as<typename G::scalar>;
};

/// The scalar a prover multiplies a base by for a point it will publish: s/2
/// when G encodes doubled points in batches, else s. publish_points<G> turns
/// the products into the points for s.
template <prime_order_group G>
typename G::scalar publish_scalar(const typename G::scalar& s) {
    if constexpr (doubling_batch_encoder<G>)
        return s.half();
    else
        return s;
}

/// Finishes points computed with publish_scalar: doubles them and attaches
/// their encodings in one batch (doubling_batch_encoder), or caches each
/// encoding. Every term of a point must use publish_scalar (sums of such
/// terms are fine: 2·(a/2·P + b/2·Q) = a·P + b·Q).
template <prime_order_group G>
void publish_points(std::span<typename G::element> pts) {
    if constexpr (doubling_batch_encoder<G>)
        G::double_and_encode_batch(pts);
    else
        for (auto& p : pts) cache_encoding<G>(p);
}

/// Parses an element from lowercase hex (the record format), fully validated.
template <prime_order_group G>
result<typename G::element> element_from_hex(std::string_view hex) {
    auto b = from_hex(hex, G::element_size);
    if (!b) return b.err();
    return G::decode(*b);
}

/// Parses a scalar from lowercase hex, rejecting non-canonical values (>= q).
template <prime_order_group G>
result<typename G::scalar> scalar_from_hex(std::string_view hex) {
    auto b = from_hex(hex, G::scalar_size);
    if (!b) return b.err();
    return G::scalar::decode(*b);
}

}  // namespace scrutineer
