// scrutineer — group: variable-time multi-scalar multiplication (MSM).
//
// Σ sᵢ·Pᵢ for public scalars and points, written once over a small "point
// operations" policy so that the same code serves any group in the concept
// (through its operators) and ristretto255's fast engine (through libdecaf's
// in-place point add/sub/double, src/group/msm_r255.cpp). The method is chosen
// by size from an operation-count model:
//
//  * Straus' interleaved method with width-w NAF digits (Straus, "Addition
//    chains of vectors", AMM 71, 1964; wNAF as in Hankerson, Menezes, Vanstone,
//    "Guide to Elliptic Curve Cryptography", Alg. 3.35 and 3.51) for small n:
//    one shared chain of doublings, about 256/(w+1) additions per point.
//  * Pippenger's bucket method (Pippenger, "On the evaluation of powers and
//    monomials", SIAM J. Comput. 9(2), 1980; in the form of Bernstein, Doumen,
//    Lange, Oosterwijk, "Faster batch forgery identification", INDOCRYPT 2012,
//    §4) with signed radix-2^c digits, so that 2^(c−1) buckets suffice, for
//    large n: per window one addition per point plus about 2·2^(c−1) to sum the
//    buckets. c is chosen from n; the windows run in parallel (parallel/pool.hpp).
//  * Bos–Coster (below, `plan_bos_coster`) for 64 to 1023 points: repeatedly
//    subtract the second-largest scalar from the largest, one addition a step,
//    about 31 additions a point at n = 1000; one thread.
//
// Only public data may go through here: running time and memory accesses
// depend on the scalars. Memory beyond the inputs: n·⌈(b+1)/c⌉ 16-bit digits
// (b = bit length of the largest scalar) and one bucket array of 2^(c−1)
// points per running thread (c <= 15: 16384 points).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace scrutineer {

namespace detail {

/// Width-w NAF of a scalar < 2^256 given as 32 little-endian bytes: 257
/// digits (a scalar at or above 2^255 may need digit 256), each zero or odd in
/// (-2^(w-1), 2^(w-1)), at most one of any w consecutive digits non-zero.
/// Σ digit[i]·2^i equals the scalar. 2 <= w <= 8. Variable time (public
/// scalars only).
inline std::array<std::int8_t, 257> wnaf_vartime(const std::array<byte, 32>& le, int w) {
    std::array<std::uint64_t, 6> x{};  // two zero limbs above the scalar: windows may read past bit 255
    for (std::size_t i = 0; i < 32; ++i) x[i / 8] |= static_cast<std::uint64_t>(le[i]) << (8 * (i % 8));
    std::array<std::int8_t, 257> naf{};
    const std::uint64_t width = 1ULL << w;
    const std::uint64_t mask = width - 1;
    std::size_t pos = 0;
    std::uint64_t carry = 0;
    while (pos < 257) {
        const std::size_t idx = pos / 64, bit = pos % 64;
        std::uint64_t buf;
        if (bit < 64 - static_cast<std::size_t>(w))
            buf = x[idx] >> bit;
        else
            buf = (x[idx] >> bit) | (x[idx + 1] << (64 - bit));
        const std::uint64_t window = carry + (buf & mask);
        if ((window & 1) == 0) {
            pos += 1;
            continue;
        }
        if (window < width / 2) {
            carry = 0;
            naf[pos] = static_cast<std::int8_t>(window);
        } else {
            carry = 1;
            naf[pos] = static_cast<std::int8_t>(static_cast<std::int64_t>(window) - static_cast<std::int64_t>(width));
        }
        pos += static_cast<std::size_t>(w);
    }
    return naf;
}

/// Bits [pos, pos + c) of a little-endian byte string (zero beyond its end), c <= 16.
template <std::size_t N>
inline std::uint32_t bits_at(const std::array<byte, N>& le, std::size_t pos, int c) {
    std::uint32_t v = 0;
    const std::size_t first = pos / 8;
    for (std::size_t k = 0; k < 4 && first + k < N; ++k) v |= static_cast<std::uint32_t>(le[first + k]) << (8 * k);
    v >>= (pos % 8);
    return v & ((1u << c) - 1);
}

/// Signed radix-2^c digits d_0..d_{W-1} of a little-endian integer x < 2^b with
/// W·c >= b + 1, each in [−(2^(c−1) − 1), 2^(c−1)], Σ d_j·2^(jc) = x, written to
/// out[j·stride]. 1 <= c <= 15. Variable time.
template <std::size_t N>
inline void signed_digits_vartime(const std::array<byte, N>& le, int c, std::size_t windows, std::int16_t* out,
                                  std::size_t stride) {
    const std::int32_t half = 1 << (c - 1), full = 1 << c;
    std::int32_t carry = 0;
    for (std::size_t j = 0; j < windows; ++j) {
        std::int32_t v = static_cast<std::int32_t>(bits_at(le, j * static_cast<std::size_t>(c), c)) + carry;
        carry = v > half ? 1 : 0;
        v -= carry * full;
        out[j * stride] = static_cast<std::int16_t>(v);
    }
}

/// Bit length of the largest of the scalars (0 if all are zero).
template <class Scalar>
std::size_t max_bit_length(std::span<const Scalar> s) {
    using bytes_t = decltype(s[0].le_bytes());
    bytes_t acc{};
    for (const auto& x : s) {
        const auto b = x.le_bytes();
        for (std::size_t i = 0; i < acc.size(); ++i) acc[i] |= b[i];
    }
    for (std::size_t i = acc.size(); i-- > 0;)
        if (acc[i] != 0) {
            std::size_t bits = 8 * i;
            for (unsigned v = acc[i]; v != 0; v >>= 1) ++bits;
            return bits;
        }
    return 0;
}

/// Point operations through the group's operators (any group in the concept).
template <class G>
struct group_point_ops {
    using point = typename G::element;
    static point identity() { return G::identity(); }
    static void add(point& a, const point& b) { a = a + b; }
    static void sub(point& a, const point& b) { a = a - b; }
    static void neg(point& out, const point& b) { out = -b; }
    static void dbl(point& a) {
        if constexpr (requires(const point& x) { x.dbl(); })
            a = a.dbl();
        else
            a = a + a;
    }
};

/// Estimated cost, in point additions, of Pippenger with window c on n points
/// of b-bit scalars (a doubling counted as 0.9 additions).
inline double pippenger_cost(std::size_t n, std::size_t b, int c) {
    const double windows = static_cast<double>((b + static_cast<std::size_t>(c)) / static_cast<std::size_t>(c));
    const double buckets = static_cast<double>(std::size_t{1} << (c - 1));
    return windows * (static_cast<double>(n) + 2.0 * buckets + 0.9 * c);
}

/// Window width for Pippenger on n points with b-bit scalars, c in [2, 15].
inline int pippenger_window(std::size_t n, std::size_t b) {
    int best = 2;
    for (int c = 3; c <= 15; ++c)
        if (pippenger_cost(n, b, c) < pippenger_cost(n, b, best)) best = c;
    return best;
}

/// Estimated cost of Straus/wNAF (w = 5) on n points with b-bit scalars.
inline double straus_cost(std::size_t n, std::size_t b) {
    return static_cast<double>(n) * (static_cast<double>(b) / 6.0 + 9.0) + 0.9 * static_cast<double>(b);
}

/// Straus/wNAF over a point-operations policy. Scalars: 32-byte little-endian.
template <class Ops, class Scalar>
typename Ops::point straus_ops_vartime(std::span<const Scalar> s, const typename Ops::point* p, int w) {
    using E = typename Ops::point;
    const std::size_t n = s.size();
    if (n == 0) return Ops::identity();
    const std::size_t tsize = std::size_t{1} << (w - 2);  // odd multiples 1,3,..,2^(w-1)-1
    std::vector<E> table(n * tsize);
    std::vector<std::array<std::int8_t, 257>> naf(n);
    int top = -1;
    for (std::size_t i = 0; i < n; ++i) {
        naf[i] = wnaf_vartime(s[i].le_bytes(), w);
        for (int j = 256; j > top; --j)
            if (naf[i][static_cast<std::size_t>(j)] != 0) {
                top = j;
                break;
            }
        E* t = &table[i * tsize];
        t[0] = p[i];
        if (tsize > 1) {
            E twice = p[i];
            Ops::dbl(twice);
            for (std::size_t k = 1; k < tsize; ++k) {
                t[k] = t[k - 1];
                Ops::add(t[k], twice);
            }
        }
    }
    E acc = Ops::identity();
    for (int j = top; j >= 0; --j) {
        Ops::dbl(acc);
        for (std::size_t i = 0; i < n; ++i) {
            const int d = naf[i][static_cast<std::size_t>(j)];
            if (d > 0)
                Ops::add(acc, table[i * tsize + static_cast<std::size_t>(d / 2)]);
            else if (d < 0)
                Ops::sub(acc, table[i * tsize + static_cast<std::size_t>((-d) / 2)]);
        }
    }
    return acc;
}

/// Pippenger's bucket method with signed digits over a point-operations
/// policy; window c (2..15) or 0 to choose from n. Windows run in parallel.
template <class Ops, class Scalar>
typename Ops::point pippenger_ops_vartime(std::span<const Scalar> s, const typename Ops::point* p, int c = 0) {
    using E = typename Ops::point;
    const std::size_t n = s.size();
    const std::size_t b = max_bit_length(s);
    if (n == 0 || b == 0) return Ops::identity();
    if (c == 0) c = pippenger_window(n, b);
    if (c < 2 || c > 15) throw std::invalid_argument("pippenger: window width must be in [2, 15]");
    const std::size_t windows = (b + static_cast<std::size_t>(c)) / static_cast<std::size_t>(c);  // W·c >= b+1
    const std::size_t nbuckets = std::size_t{1} << (c - 1);
    const bool par = n >= 1024;

    // digits, window-major: digits[j·n + i]
    std::vector<std::int16_t> digits(windows * n);
    auto recode = [&](std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i) signed_digits_vartime(s[i].le_bytes(), c, windows, &digits[i], n);
    };
    if (par)
        parallel::for_chunks(n, 4096, recode);
    else
        recode(0, n);

    std::vector<E> sums(windows, Ops::identity());
    auto window_task = [&](std::size_t j) {
        std::vector<E> bucket(nbuckets);
        std::vector<unsigned char> used(nbuckets, 0);
        const std::int16_t* d = &digits[j * n];
        for (std::size_t i = 0; i < n; ++i) {
#if defined(__GNUC__)
            if (i + 8 < n) {
                const int ahead = d[i + 8];
                if (ahead != 0) __builtin_prefetch(&bucket[static_cast<std::size_t>(ahead > 0 ? ahead : -ahead) - 1]);
            }
#endif
            const int v = d[i];
            if (v == 0) continue;
            const std::size_t k = static_cast<std::size_t>(v > 0 ? v : -v) - 1;
            if (used[k]) {
                if (v > 0)
                    Ops::add(bucket[k], p[i]);
                else
                    Ops::sub(bucket[k], p[i]);
            } else {
                used[k] = 1;
                if (v > 0)
                    bucket[k] = p[i];
                else
                    Ops::neg(bucket[k], p[i]);
            }
        }
        // Σ_k (k+1)·bucket[k] by running sums, from the top bucket down.
        E running = Ops::identity(), total = Ops::identity();
        bool have_running = false, have_total = false;
        for (std::size_t k = nbuckets; k-- > 0;) {
            if (used[k]) {
                if (have_running)
                    Ops::add(running, bucket[k]);
                else {
                    running = bucket[k];
                    have_running = true;
                }
            }
            if (have_running) {
                if (have_total)
                    Ops::add(total, running);
                else {
                    total = running;
                    have_total = true;
                }
            }
        }
        sums[j] = total;
    };
    if (par)
        parallel::for_each(windows, window_task);
    else
        for (std::size_t j = 0; j < windows; ++j) window_task(j);

    // Horner: Σ_j 2^(jc)·sums[j]
    E acc = sums[windows - 1];
    for (std::size_t j = windows - 1; j-- > 0;) {
        for (int k = 0; k < c; ++k) Ops::dbl(acc);
        Ops::add(acc, sums[j]);
    }
    return acc;
}

/// A Bos–Coster schedule for Σ sᵢ·Pᵢ (J. Bos and M. Coster, "Addition chain
/// heuristics", CRYPTO '89; as described by P. de Rooij, "Efficient
/// exponentiation using precomputation and vector addition chains",
/// EUROCRYPT '94, §4, and used with a heap for batch verification by
/// Bernstein, Duif, Lange, Schwabe, Yang, "High-speed high-security
/// signatures", CHES 2011, §5). While two scalars are non-zero, the largest sa
/// (point Pa) and the second largest sb (point Pb) are replaced by
///   sa·Pa + sb·Pb = (sa − sb)·Pa + sb·(Pb + Pa)
/// if sa has at most one bit more than sb (so sa < 4·sb, and sa − sb < ¾·sa),
/// otherwise (sa > 2·sb) by
///   sa·Pa + sb·Pb = (sa mod sb)·Pa + sb·(Pb + ⌊sa/sb⌋·Pa),
/// and the last non-zero scalar is multiplied out. For random scalars this
/// takes about 31 additions a point at n = 1000 and 43 at n = 128, against
/// Pippenger's 40 and Straus' 51. The scalars alone determine the schedule,
/// so it is computed first, on integers (src/group/bos_coster.cpp), and then
/// run on the points by any group.
struct bos_coster_plan {
    static constexpr std::uint32_t unit = 0xffffffffu;
    /// W[b] += m·W[a], where m = 1 if q == unit, else quotients[q].
    struct op {
        std::uint32_t a, b, q;
    };
    std::vector<op> ops;
    std::vector<std::array<byte, 32>> quotients;  ///< little-endian
    std::uint32_t last = 0;                       ///< the sum is last_scalar·W[last] after the ops
    std::array<byte, 32> last_scalar{};           ///< little-endian (zero if every scalar is zero)
    bool complete = false;                        ///< false: more than max_steps steps were needed
};

/// The schedule for the given scalars (32-byte little-endian, any value below
/// 2^256), or an incomplete plan after max_steps steps. Each step shrinks one
/// scalar by at least a quarter, so at most about 620 steps a scalar are ever
/// needed; random scalars need 30–60. std::invalid_argument for 2^32 − 1 or
/// more scalars. Variable time.
bos_coster_plan plan_bos_coster(std::span<const std::array<byte, 32>> scalars, std::size_t max_steps);

/// Sizes for which multi_exp_vartime takes Bos–Coster: from 64 points (below,
/// Straus is as fast) up to 1023 (from 1024 on, Pippenger's windows run in
/// parallel, and on one thread it is within a few percent from there on).
/// Measured on ristretto255 (docs/design/speed.md). Step budget: 96 a point
/// plus 1024, about twice what random scalars need; past it the caller falls
/// back to Straus or Pippenger.
inline constexpr std::size_t bos_coster_min_points = 64;
inline constexpr std::size_t bos_coster_max_points = 1023;
inline std::size_t bos_coster_budget(std::size_t n) { return 96 * n + 1024; }

/// k·P by Straus/wNAF for one point, for the plan's quotients and last scalar.
template <class Ops>
typename Ops::point mul_one_vartime(const typename Ops::point& p, const std::array<byte, 32>& k) {
    struct raw {
        std::array<byte, 32> b;
        std::array<byte, 32> le_bytes() const { return b; }
    };
    const raw x{k};
    int top = 0;
    for (std::size_t i = 32; i-- > 0;)
        if (k[i] != 0) {
            top = static_cast<int>(8 * i) + 8;
            break;
        }
    return straus_ops_vartime<Ops>(std::span<const raw>(&x, 1), &p, top <= 32 ? 2 : 5);
}

/// Σ sᵢ·Pᵢ by Bos–Coster over a point-operations policy (scalars: 32-byte
/// little-endian), or nullopt if the schedule needs more than max_steps steps.
/// One thread. Memory: a copy of the points and about 12 bytes an addition.
template <class Ops, class Scalar>
std::optional<typename Ops::point> bos_coster_ops_vartime(std::span<const Scalar> s, const typename Ops::point* p,
                                                          std::size_t max_steps) {
    using E = typename Ops::point;
    const std::size_t n = s.size();
    if (n == 0) return Ops::identity();
    std::vector<std::array<byte, 32>> k;
    k.reserve(n);
    for (const auto& x : s) k.push_back(x.le_bytes());
    const bos_coster_plan plan = plan_bos_coster(k, max_steps);
    if (!plan.complete) return std::nullopt;
    std::vector<E> w(p, p + n);
    for (const auto& op : plan.ops) {
        if (op.q == bos_coster_plan::unit) {
            Ops::add(w[op.b], w[op.a]);
        } else {
            const E t = mul_one_vartime<Ops>(w[op.a], plan.quotients[op.q]);
            Ops::add(w[op.b], t);
        }
    }
    return mul_one_vartime<Ops>(w[plan.last], plan.last_scalar);
}

/// Chooses the method for n points and runs it: Bos–Coster for
/// bos_coster_min_points <= n <= bos_coster_max_points (unless its step budget
/// runs out), otherwise Straus or Pippenger by the cost model.
template <class Ops, class Scalar>
typename Ops::point multi_exp_ops_vartime(std::span<const Scalar> s, const typename Ops::point* p) {
    const std::size_t n = s.size();
    if (n == 0) return Ops::identity();
    const std::size_t b = max_bit_length(s);
    if (b == 0) return Ops::identity();
    constexpr bool straus_ok = std::is_same_v<decltype(s[0].le_bytes()), std::array<byte, 32>>;
    if constexpr (straus_ok) {
        if (n >= bos_coster_min_points && n <= bos_coster_max_points)
            if (auto r = bos_coster_ops_vartime<Ops>(s, p, bos_coster_budget(n))) return *r;
        if (straus_cost(n, b) <= pippenger_cost(n, b, pippenger_window(n, b)))
            return straus_ops_vartime<Ops>(s, p, 5);
    }
    return pippenger_ops_vartime<Ops>(s, p, 0);
}

/// Σ sᵢ·Pᵢ by Straus/wNAF with window w (2..8) through the group's operators.
/// Sizes must match (otherwise std::invalid_argument). Variable time.
template <class G>
typename G::element straus_vartime(std::span<const typename G::scalar> s, std::span<const typename G::element> p,
                                   int w = 5) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    if (w < 2 || w > 8) throw std::invalid_argument("straus_vartime: window width must be in [2, 8]");
    return straus_ops_vartime<group_point_ops<G>>(s, p.data(), w);
}

/// Σ sᵢ·Pᵢ by Pippenger with window c (2..15, 0 = chosen from n) through the
/// group's operators. Sizes must match (otherwise std::invalid_argument).
template <class G>
typename G::element pippenger_vartime(std::span<const typename G::scalar> s, std::span<const typename G::element> p,
                                      int c = 0) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    return pippenger_ops_vartime<group_point_ops<G>>(s, p.data(), c);
}

}  // namespace detail

/// Σ sᵢ·Pᵢ for any group in the concept, through its operators: Straus/wNAF
/// for small n, Bos–Coster for 64 to 1023 points (groups whose scalars are 32
/// bytes), Pippenger with signed digits (window from n, windows in parallel)
/// for large n. The empty sum is the identity; zero scalars,
/// identity and repeated points are fine. Sizes must match (otherwise
/// std::invalid_argument). Variable time: public inputs only. (ristretto255's
/// own G::multi_exp_vartime runs the same algorithms on libdecaf directly.)
template <prime_order_group G>
typename G::element multi_exp_vartime(std::span<const typename G::scalar> s, std::span<const typename G::element> p) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    return detail::multi_exp_ops_vartime<detail::group_point_ops<G>>(s, p.data());
}

}  // namespace scrutineer
