// scrutineer — mixnet: constant-time multi-scalar multiplication for secret scalars.
//
// The shuffle prover must compute Σ ω'_i·P_i for public points P_i (the
// generators h_i, the output ciphertexts) and SECRET random scalars ω'_i: the
// responses s'_i = ω'_i + c·u_{π(i)} are published, so anything learned about
// ω'_i reveals the permutation. The group layer's MSMs (Pippenger, Straus/wNAF)
// are variable time (their bucket and table indices are the scalars' digits),
// so this is a constant-time Straus interleaving (Straus, "Addition chains of
// vectors", AMM 71, 1964) with fixed signed 4-bit windows (digit recoding of
// Bernstein, Duif, Lange, Schwabe, Yang, CHES 2011 §4.2, as in
// group/fixed_base.hpp): per point a table of 1·P … 8·P and −1·P … −8·P
// (P is public, so −P is computed once in variable time: in a modp group a
// negation is an inversion, and the constant-time one costs milliseconds);
// per window and point one masked scan of the 16 entries and one addition;
// the 4 doublings per window are shared by a block of 64 points. No branch or
// memory address depends on a scalar. Cost per point ≈ 14 + 65 additions and
// one negation plus the scans (compare: one fixed-base multiplication is ≈ 51
// additions).
//
// Blocks run in parallel (parallel/pool.hpp). A group with its own
// constant-time kernel `G::multi_exp_ct` (ristretto255: the same method on
// compact Z = 1 tables with vector scans, src/group/fixed_base.cpp) has it run
// on each block; groups whose element type is not trivially copyable fall back
// to Σ P_i·s_i with the group's constant-time scalar multiplication.
#pragma once

#include <cstddef>
#include <cstdint>
#include <concepts>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/group/fixed_base.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace scrutineer::mixnet {

namespace detail {

/// out = m ? a : out over the object representation, word-wise when the size
/// allows (constant time; m is an all-ones or all-zeros mask).
template <class T>
inline void ct_assign_if(T& out, const T& a, ct::mask m) noexcept {
    static_assert(std::is_trivially_copyable_v<T>);
    if constexpr (sizeof(T) % 8 == 0) {
        using word [[gnu::may_alias]] = std::uint64_t;
        auto* o = reinterpret_cast<word*>(&out);
        const auto* p = reinterpret_cast<const word*>(&a);
        const std::uint64_t mm = ct::barrier(m);
        for (std::size_t k = 0; k < sizeof(T) / 8; ++k) o[k] ^= mm & (o[k] ^ p[k]);
    } else {
        ct::select(&out, &a, &out, sizeof(T), m);
    }
}

/// out = table[idx − 1] (idx in 1..cols) or `zero` (idx = 0), scanning every
/// entry with masks: constant time in idx.
template <class T>
inline void ct_lookup(T& out, const T* table, std::size_t cols, std::uint64_t idx, const T& zero) noexcept {
    out = zero;
    for (std::size_t j = 0; j < cols; ++j) ct_assign_if(out, table[j], ct::eq(idx, j + 1));
}

}  // namespace detail

/// Σ s_i·P_i, constant time in the scalars (see above). Sizes must match
/// (otherwise std::invalid_argument); the empty sum is the identity.
template <prime_order_group G>
typename G::element multi_exp_ct(std::span<const typename G::scalar> s, std::span<const typename G::element> p) {
    using element = typename G::element;
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_ct: sizes differ");
    const std::size_t n = s.size();
    constexpr std::size_t block = 64;
    const std::size_t blocks = (n + block - 1) / block;
    std::vector<element> partial(blocks, G::identity());
    if constexpr (requires { G::multi_exp_ct(s, p); }) {
        // the group's own kernel (ristretto255: compact tables and vector scans)
        parallel::for_each(blocks, [&](std::size_t b) {
            const std::size_t lo = b * block, m = std::min(n, lo + block) - lo;
            partial[b] = G::multi_exp_ct(s.subspan(lo, m), p.subspan(lo, m));
        });
    } else if constexpr (!std::is_trivially_copyable_v<element>) {
        parallel::for_each(blocks, [&](std::size_t b) {
            element acc = G::identity();
            for (std::size_t i = b * block; i < std::min(n, (b + 1) * block); ++i) acc = acc + p[i] * s[i];
            partial[b] = acc;
        });
    } else {
        constexpr int w = 4;
        constexpr std::size_t cols = 8;                                   // 1·P … 8·P, then −1·P … −8·P
        constexpr std::size_t rows = (8 * G::scalar_size + w) / w;        // one spare digit for the carry
        parallel::for_each(blocks, [&](std::size_t b) {
            const std::size_t lo = b * block, m = std::min(n, lo + block) - lo;
            std::vector<element> table(m * 2 * cols);
            std::vector<std::array<std::int8_t, rows>> digits(m);
            for (std::size_t k = 0; k < m; ++k) {
                element* t = &table[k * 2 * cols];
                t[0] = p[lo + k] + G::identity();  // a fresh object (no cached encoding)
                t[cols] = neg_vartime<G>(t[0]);  // −P: P is public
                for (std::size_t j = 1; j < cols; ++j) {
                    t[j] = t[j - 1] + t[0];
                    t[cols + j] = t[cols + j - 1] + t[cols];
                }
                scrutineer::detail::ct_signed_digits(s[lo + k].le_bytes(), w, digits[k]);
            }
            element acc = G::identity();
            const element ident = G::identity();
            element pick = ident;
            for (std::size_t r = rows; r-- > 0;) {
                if (r + 1 != rows)
                    for (int d = 0; d < w; ++d) acc = acc + acc;
                for (std::size_t k = 0; k < m; ++k) {
                    const std::int32_t v = digits[k][r];
                    const std::uint32_t neg = static_cast<std::uint32_t>(v) >> 31;
                    const std::uint64_t mag = static_cast<std::uint64_t>((v ^ -static_cast<std::int32_t>(neg)) +
                                                                         static_cast<std::int32_t>(neg));
                    // entry mag of the positive half, or of the negative one when
                    // v < 0 (then mag ≥ 1); v = 0 selects the identity
                    detail::ct_lookup(pick, &table[k * 2 * cols], 2 * cols, mag + cols * neg, ident);
                    if constexpr (requires { acc += pick; })
                        acc += pick;
                    else
                        acc = acc + pick;
                }
            }
            for (auto& d : digits) secure_wipe(d.data(), d.size());
            partial[b] = acc;
        });
    }
    element sum = G::identity();
    for (const auto& x : partial) sum = sum + x;
    return sum;
}

}  // namespace scrutineer::mixnet
