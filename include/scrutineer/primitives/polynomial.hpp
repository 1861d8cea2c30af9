// scrutineer — primitives: polynomials over the scalar field and Lagrange
// coefficients, for Shamir secret sharing (Shamir, "How to share a secret",
// CACM 22(11), 1979) as used by the key ceremony (Pedersen, "A threshold
// cryptosystem without a trusted party", EUROCRYPT 1991; ElectionGuard 2.0
// §3.2.2 eq. (21)–(22) and §3.6.2 eq. (67)).
//
// Trustee indices are the evaluation points 1..n (never 0: P(0) is the secret).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/concept.hpp"

namespace scrutineer::poly {

/// P(x) = Σ_j a_j·x^j for secret coefficients a_0..a_{k−1} (Horner's rule).
/// Constant time in the coefficients (x and the degree are public). Returns
/// zero for an empty coefficient list.
template <prime_order_group G>
secret<typename G::scalar> evaluate(std::span<const secret<typename G::scalar>> coefficients, std::uint64_t x) {
    using S = typename G::scalar;
    const S xs = S::from_u64(x);
    secret<S> acc(S::zero());
    for (std::size_t j = coefficients.size(); j-- > 0;)
        acc.expose_mut() = acc.expose() * xs + coefficients[j].expose();
    return acc;
}

/// The public powers 1, x, x², …, x^{count−1} mod q (the Feldman check
/// g^{P(x)} = Π_j K_j^{x^j}, ElectionGuard 2.0 eq. (21), multiplies the
/// coefficient commitments K_j by these).
template <prime_order_group G>
std::vector<typename G::scalar> powers(std::uint64_t x, std::size_t count) {
    using S = typename G::scalar;
    std::vector<S> out;
    out.reserve(count);
    S p = S::one();
    const S xs = S::from_u64(x);
    for (std::size_t j = 0; j < count; ++j) {
        out.push_back(p);
        p = p * xs;
    }
    return out;
}

/// Lagrange coefficient at 0 of index `i` within the set `indices`:
///   w_i = Π_{ℓ ∈ U∖{i}} ℓ / (ℓ − i)  mod q   (ElectionGuard 2.0 eq. (67)),
/// so that Σ_{i∈U} w_i·P(i) = P(0) for any polynomial of degree < |U|.
/// Errors (bad_input): `i` not in `indices`, an index 0, or a repeated index.
/// Variable time in the (public) indices.
template <prime_order_group G>
result<typename G::scalar> lagrange_at_zero(std::span<const std::uint32_t> indices, std::uint32_t i) {
    using S = typename G::scalar;
    bool found = false;
    for (std::size_t a = 0; a < indices.size(); ++a) {
        if (indices[a] == 0) return error{errc::bad_input, "lagrange: index 0 is not a trustee index"};
        for (std::size_t b = a + 1; b < indices.size(); ++b)
            if (indices[a] == indices[b])
                return error{errc::bad_input, "lagrange: index " + std::to_string(indices[a]) + " is repeated"};
        found = found || indices[a] == i;
    }
    if (!found) return error{errc::bad_input, "lagrange: index " + std::to_string(i) + " is not in the set"};
    S num = S::one(), den = S::one();
    const S si = S::from_u64(i);
    for (const auto l : indices) {
        if (l == i) continue;
        const S sl = S::from_u64(l);
        num = num * sl;
        den = den * (sl - si);
    }
    return num * den.invert();
}

/// All Lagrange coefficients at 0 for `indices`, in the same order.
/// Errors as for lagrange_at_zero.
template <prime_order_group G>
result<std::vector<typename G::scalar>> lagrange_coefficients(std::span<const std::uint32_t> indices) {
    std::vector<typename G::scalar> w;
    w.reserve(indices.size());
    for (const auto i : indices) {
        auto c = lagrange_at_zero<G>(indices, i);
        if (!c) return c.err();
        w.push_back(*c);
    }
    return w;
}

}  // namespace scrutineer::poly
