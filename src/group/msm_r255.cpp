// scrutineer — group: multi-scalar multiplication for ristretto255's fast
// engine: the generic Straus/Pippenger code of group/multi_exp.hpp run on
// libdecaf's in-place point addition, subtraction and doubling (no temporaries,
// no identity copies).
#include <decaf.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "scrutineer/group/msm.hpp"
#include "scrutineer/group/multi_exp.hpp"
#include "scrutineer/group/ristretto255.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace scrutineer {

namespace {

decaf_255_point_s* P(r255_point& p) { return static_cast<decaf_255_point_s*>(p.storage()); }
const decaf_255_point_s* P(const r255_point& p) { return static_cast<const decaf_255_point_s*>(p.storage()); }

/// In-place libdecaf point operations for the generic MSM code.
struct decaf_ops {
    using point = r255_point;
    static point identity() { return {}; }
    static void add(point& a, const point& b) { decaf_255_point_add(P(a), P(a), P(b)); }
    static void sub(point& a, const point& b) { decaf_255_point_sub(P(a), P(a), P(b)); }
    static void neg(point& out, const point& b) { decaf_255_point_negate(P(out), P(b)); }
    static void dbl(point& a) { decaf_255_point_double(P(a), P(a)); }
};

/// Pippenger's bucket method (group/multi_exp.hpp) written directly on
/// libdecaf points. The generic pippenger_ops_vartime keeps its buckets as
/// r255_point (320 bytes, with the encoding cache) and prefetches only their
/// first cache line; here the buckets are bare decaf_255_point_t (256 bytes:
/// four field elements, one cache line each), and all four lines of the
/// bucket that the point `ahead` positions later will hit are prefetched, so
/// that bucket arrays larger than the L1/L2 caches (2^(c−1)·256 bytes: 1 MiB
/// at c = 13) cost little more than hot additions. Same digits, same windows
/// in parallel, same result.
struct alignas(32) bucket {
    decaf_255_point_t p;
};
static_assert(sizeof(bucket) == 256);

inline void prefetch_bucket(const bucket* b) {
#if defined(__GNUC__)
    const char* q = reinterpret_cast<const char*>(b);
    __builtin_prefetch(q, 1);
    __builtin_prefetch(q + 64, 1);
    __builtin_prefetch(q + 128, 1);
    __builtin_prefetch(q + 192, 1);
#else
    (void)b;
#endif
}

r255_point pippenger_decaf(std::span<const r255_scalar> s, const r255_point* p, int c) {
    const std::size_t n = s.size();
    const std::size_t b = detail::max_bit_length(s);
    if (n == 0 || b == 0) return {};
    if (c == 0) c = detail::pippenger_window(n, b);
    if (c < 2 || c > 15) throw std::invalid_argument("pippenger: window width must be in [2, 15]");
    const std::size_t windows = (b + static_cast<std::size_t>(c)) / static_cast<std::size_t>(c);  // W·c >= b+1
    const std::size_t nbuckets = std::size_t{1} << (c - 1);
    const bool par = n >= 1024;

    // digits, window-major: digits[j·n + i]
    std::vector<std::int16_t> digits(windows * n);
    auto recode = [&](std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i)
            detail::signed_digits_vartime(s[i].le_bytes(), c, windows, &digits[i], n);
    };
    if (par)
        parallel::for_chunks(n, 4096, recode);
    else
        recode(0, n);

    std::vector<r255_point> sums(windows);
    auto window_task = [&](std::size_t j) {
        std::unique_ptr<bucket[]> bk(new bucket[nbuckets]);  // not zeroed: `used` says which are set
        std::vector<unsigned char> used(nbuckets, 0);
        const std::int16_t* d = &digits[j * n];
        constexpr std::size_t ahead = 6;
        for (std::size_t i = 0; i < n; ++i) {
            if (i + ahead < n) {
                const int a = d[i + ahead];
                if (a != 0) prefetch_bucket(&bk[static_cast<std::size_t>(a > 0 ? a : -a) - 1]);
            }
            const int v = d[i];
            if (v == 0) continue;
            const std::size_t k = static_cast<std::size_t>(v > 0 ? v : -v) - 1;
            decaf_255_point_s* q = bk[k].p;
            if (used[k]) {
                if (v > 0)
                    decaf_255_point_add(q, q, P(p[i]));
                else
                    decaf_255_point_sub(q, q, P(p[i]));
            } else {
                used[k] = 1;
                if (v > 0)
                    decaf_255_point_copy(q, P(p[i]));
                else
                    decaf_255_point_negate(q, P(p[i]));
            }
        }
        // Σ_k (k+1)·bucket[k] by running sums, from the top bucket down.
        r255_point running, total;
        bool have_running = false, have_total = false;
        for (std::size_t k = nbuckets; k-- > 0;) {
            if (used[k]) {
                if (have_running)
                    decaf_255_point_add(P(running), P(running), bk[k].p);
                else {
                    decaf_255_point_copy(P(running), bk[k].p);
                    have_running = true;
                }
            }
            if (have_running) {
                if (have_total)
                    decaf_255_point_add(P(total), P(total), P(running));
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
    r255_point acc = sums[windows - 1];
    for (std::size_t j = windows - 1; j-- > 0;) {
        for (int k = 0; k < c; ++k) decaf_255_point_double(P(acc), P(acc));
        decaf_255_point_add(P(acc), P(acc), P(sums[j]));
    }
    return acc;
}

}  // namespace

ristretto255::element ristretto255::multi_exp_vartime(std::span<const scalar> s, std::span<const element> p) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    const std::size_t n = s.size();
    if (n == 0) return {};
    const std::size_t b = detail::max_bit_length(s);
    if (b == 0) return {};
    if (n >= detail::bos_coster_min_points && n <= detail::bos_coster_max_points)
        if (auto r = detail::bos_coster_ops_vartime<decaf_ops>(s, p.data(), detail::bos_coster_budget(n))) return *r;
    if (detail::straus_cost(n, b) <= detail::pippenger_cost(n, b, detail::pippenger_window(n, b)))
        return detail::straus_ops_vartime<decaf_ops>(s, p.data(), 5);
    return pippenger_decaf(s, p.data(), 0);
}

namespace detail {

r255_point r255_pippenger_vartime(std::span<const r255_scalar> s, std::span<const r255_point> p, int c) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    return pippenger_decaf(s, p.data(), c);
}

std::optional<r255_point> r255_bos_coster_vartime(std::span<const r255_scalar> s, std::span<const r255_point> p,
                                                  std::size_t max_steps) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    return bos_coster_ops_vartime<decaf_ops>(s, p.data(), max_steps == 0 ? bos_coster_budget(s.size()) : max_steps);
}

r255_point r255_straus_vartime(std::span<const r255_scalar> s, std::span<const r255_point> p, int w) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    if (w < 2 || w > 8) throw std::invalid_argument("straus_vartime: window width must be in [2, 8]");
    return straus_ops_vartime<decaf_ops>(s, p.data(), w);
}

}  // namespace detail

}  // namespace scrutineer
