// scrutineer — group: fixed-base tables for long-lived bases.
//
// `fixed_base<G>` precomputes multiples of one base B (the generator, an
// election public key, an independent generator) so that s·B costs a fraction
// of a general scalar multiplication. Two tables, each built on first use
// (std::call_once) and then shared read-only by every copy of the object and
// every thread:
//
//  * mul(s), constant time: signed fixed windows of w bits (Yao's method with
//    the digit recoding of Bernstein, Duif, Lange, Schwabe, Yang, "High-speed
//    high-security signatures", CHES 2011, §4.2: digits in [−2^(w−1), 2^(w−1)]).
//    Position i holds k·2^(wi)·B for k = 1..2^(w−1); every look-up scans the
//    whole row with masked selection and negates by masked selection, so
//    neither branches nor memory addresses depend on s. One addition per
//    window and no doublings.
//  * mul_vartime(s), variable time, public scalars only: the same layout with
//    wider windows (fewer additions, zero digits skipped).
//
// ristretto255 (src/group/fixed_base.cpp): w = 5 (51 rows × 17 compact
// entries, the identity included for digit 0; each entry normalised to Z = 1
// and stored as X, Y, T, −Y in 160 bytes, so negation is a masked choice of
// limbs; 136 KiB; scanned with vector masks, AVX2 when available; see
// docs/design/speed.md) and w = 8 (32 × 128 points, 1 MiB) on libdecaf points. Other groups: w = 4 and
// w = 5 through the group's operators (the constant-time table needs a
// trivially copyable element for the masked scan; otherwise mul is base·s).
// Groups with a better native table specialise fixed_base (modp.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <type_traits>
#include <vector>

#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/group/multi_exp.hpp"
#include "scrutineer/group/ristretto255.hpp"

namespace scrutineer {

namespace detail {

/// Constant-time signed radix-2^w recoding (w in 2..7) of a little-endian
/// scalar: `Count` digits in [−2^(w−1), 2^(w−1)] with Σ d_i·2^(wi) = s, provided
/// s < 2^(Count·w − 1) (so that the top digit cannot carry out; callers size
/// Count for their scalar range). No branch or index depends on the scalar.
template <std::size_t N, std::size_t Count>
void ct_signed_digits(const std::array<byte, N>& le, int w, std::array<std::int8_t, Count>& out) {
    const std::int32_t half = 1 << (w - 1);
    std::int32_t carry = 0;
    for (std::size_t i = 0; i < Count; ++i) {
        // bits [w·i, w·i + w), read without a data-dependent index
        const std::size_t pos = static_cast<std::size_t>(w) * i;
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 2; ++k)
            if (pos / 8 + k < N) v |= static_cast<std::uint32_t>(le[pos / 8 + k]) << (8 * k);
        std::int32_t d = static_cast<std::int32_t>((v >> (pos % 8)) & ((1u << w) - 1)) + carry;
        carry = (d + half) >> w;  // d + half >= 0
        d -= carry * (1 << w);
        out[i] = static_cast<std::int8_t>(d);
    }
}

}  // namespace detail

/// A base with precomputed tables (see above). Copies share the tables.
template <prime_order_group G>
class fixed_base {
public:
    using element = typename G::element;
    using scalar = typename G::scalar;
    static constexpr int ct_window = 4;
    static constexpr int vt_window = 5;
    static constexpr std::size_t ct_rows = (8 * G::scalar_size + ct_window) / ct_window;  // one spare for the carry
    static constexpr std::size_t ct_cols = std::size_t{1} << (ct_window - 1);

    /// Remembers the base; tables are built on first use.
    explicit fixed_base(const element& base) : t_(std::make_shared<tables>(base)) {}
    const element& base() const noexcept { return t_->base; }

    /// s·base, constant time in s (masked table scan). Groups whose element is not trivially
    /// copyable fall back to base·s (the group's own constant-time multiplication).
    element mul(const scalar& s) const {
        if constexpr (!std::is_trivially_copyable_v<element>) {
            return t_->base * s;
        } else {
            std::call_once(t_->ct_once, [this] { build_ct(); });
            std::array<std::int8_t, ct_rows> d{};
            detail::ct_signed_digits(s.le_bytes(), ct_window, d);
            element acc = G::identity();
            for (std::size_t i = 0; i < ct_rows; ++i) {
                const std::int32_t v = d[i];
                const std::uint32_t neg = static_cast<std::uint32_t>(v) >> 31;
                const std::uint64_t mag = static_cast<std::uint64_t>((v ^ -static_cast<std::int32_t>(neg)) +
                                                                     static_cast<std::int32_t>(neg));
                element pick = G::identity();
                for (std::size_t k = 0; k < ct_cols; ++k)
                    ct::select(&pick, &t_->ct[i * ct_cols + k], &pick, sizeof(element), ct::eq(mag, k + 1));
                const element negated = -pick;
                ct::select(&pick, &negated, &pick, sizeof(element), ct::eq(neg, 1));
                acc = acc + pick;
            }
            secure_wipe(d.data(), d.size());
            return acc;
        }
    }

    /// s·base, variable time: public scalars only.
    element mul_vartime(const scalar& s) const {
        std::call_once(t_->vt_once, [this] { build_vt(); });
        constexpr std::size_t cols = std::size_t{1} << (vt_window - 1);
        const auto le = s.le_bytes();
        std::array<std::int16_t, vt_rows> d{};
        detail::signed_digits_vartime(le, vt_window, vt_rows, d.data(), 1);
        element acc = G::identity();
        for (std::size_t i = 0; i < vt_rows; ++i) {
            const int v = d[i];
            if (v > 0) acc = acc + t_->vt[i * cols + static_cast<std::size_t>(v - 1)];
            if (v < 0) acc = acc - t_->vt[i * cols + static_cast<std::size_t>(-v - 1)];
        }
        return acc;
    }

private:
    // digits of the variable-time table: W·w >= 8·scalar_size + 1
    static constexpr std::size_t vt_rows = (8 * G::scalar_size + vt_window) / vt_window;

    struct tables {
        explicit tables(const element& b) : base(b) {}
        element base;
        std::once_flag ct_once, vt_once;
        std::vector<element> ct, vt;
    };

    // row i, column k: (k+1)·2^(w·i)·base
    static void build(std::vector<element>& t, const element& base, std::size_t rows, int w) {
        const std::size_t cols = std::size_t{1} << (w - 1);
        t.resize(rows * cols);
        element row_base = base;
        for (std::size_t i = 0; i < rows; ++i) {
            t[i * cols] = row_base;
            for (std::size_t k = 1; k < cols; ++k) t[i * cols + k] = t[i * cols + k - 1] + row_base;
            row_base = t[i * cols + cols - 1] + t[i * cols + cols - 1];  // 2^(w−1)·2 = 2^w times the row base
        }
    }
    void build_ct() const { build(t_->ct, t_->base, ct_rows, ct_window); }
    void build_vt() const { build(t_->vt, t_->base, vt_rows, vt_window); }

    std::shared_ptr<tables> t_;
};

/// ristretto255 fast engine: the same two tables on libdecaf points; the
/// constant-time look-up masks every entry's words (src/group/fixed_base.cpp).
template <>
class fixed_base<ristretto255> {
public:
    /// Remembers the base; tables are built on first use (about 5 ms for the
    /// constant-time table, one encoding and decoding per entry; 0.7 ms for the other).
    explicit fixed_base(const r255_point& base);
    const r255_point& base() const noexcept;
    /// s·base, constant time in s: 51 signed 5-bit windows, each a masked scan of 17 entries.
    r255_point mul(const r255_scalar& s) const;
    /// s·base, variable time (public scalars): 32 signed 8-bit windows.
    r255_point mul_vartime(const r255_scalar& s) const;

    struct tables;  ///< opaque (libdecaf types stay out of public headers)

private:
    std::shared_ptr<tables> t_;
};

namespace detail {
/// The process-wide tables of the ristretto255 generator (built on first use).
const fixed_base<ristretto255>& r255_generator_table();
}  // namespace detail

}  // namespace scrutineer
