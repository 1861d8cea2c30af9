// scrutineer — mixnet: data-oblivious bitonic sort (include/scrutineer/mixnet/oblivious.hpp).
#include "scrutineer/mixnet/oblivious.hpp"

#include <stdexcept>

#include "scrutineer/core/ct.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace scrutineer::mixnet {

namespace {

using u64 = std::uint64_t;
__extension__ typedef unsigned __int128 u128;

// All-ones iff (a_hi, a_lo) < (b_hi, b_lo) as 128-bit integers: the borrow out
// of the two-word subtraction, computed without branches.
inline u64 less128(u64 a_hi, u64 a_lo, u64 b_hi, u64 b_lo) noexcept {
    const u128 lo = static_cast<u128>(a_lo) - b_lo;
    const u64 borrow_lo = static_cast<u64>(lo >> 64) & 1;
    const u128 hi = static_cast<u128>(a_hi) - b_hi - borrow_lo;
    const u64 borrow = static_cast<u64>(hi >> 64) & 1;
    return 0 - ct::barrier(borrow);
}

struct sorter {
    u64* base;
    std::size_t words;  // per record

    // Puts records i < j in order (ascending if up) by a masked swap.
    void compare_exchange(std::size_t i, std::size_t j, bool up) const noexcept {
        u64* a = base + i * words;
        u64* b = base + j * words;
        // swap iff (up and b < a) or (!up and a < b)
        const u64 b_lt_a = less128(b[0], b[1], a[0], a[1]);
        const u64 a_lt_b = less128(a[0], a[1], b[0], b[1]);
        const u64 dir = 0 - static_cast<u64>(up);  // public
        const u64 m = ct::barrier((b_lt_a & dir) | (a_lt_b & ~dir));
        for (std::size_t k = 0; k < words; ++k) {
            const u64 t = m & (a[k] ^ b[k]);
            a[k] ^= t;
            b[k] ^= t;
        }
    }

    static std::size_t pow2_below(std::size_t n) noexcept {  // largest power of two < n (n >= 2)
        std::size_t k = 1;
        while (k < n - k) k <<= 1;
        return k;
    }

    void merge(std::size_t lo, std::size_t n, bool up, int depth) const {
        if (n < 2) return;
        const std::size_t m = pow2_below(n);
        const std::size_t pairs = n - m;
        if (depth < 2 && pairs >= 4096) {
            parallel::for_chunks(pairs, 2048, [&](std::size_t a, std::size_t b) {
                for (std::size_t i = lo + a; i < lo + b; ++i) compare_exchange(i, i + m, up);
            });
        } else {
            for (std::size_t i = lo; i < lo + pairs; ++i) compare_exchange(i, i + m, up);
        }
        merge(lo, m, up, depth);
        merge(lo + m, n - m, up, depth);
    }

    void sort(std::size_t lo, std::size_t n, bool up, int depth) const {
        if (n < 2) return;
        const std::size_t m = n / 2;
        if (depth < 2 && n >= 8192) {
            parallel::for_each(2, [&](std::size_t half) {
                if (half == 0)
                    sort(lo, m, !up, depth + 1);
                else
                    sort(lo + m, n - m, up, depth + 1);
            });
        } else {
            sort(lo, m, !up, depth + 1);
            sort(lo + m, n - m, up, depth + 1);
        }
        merge(lo, n, up, depth);
    }
};

}  // namespace

void oblivious_sort(std::span<std::uint64_t> buf, std::size_t count, std::size_t stride) {
    if (stride % 8 != 0 || stride < 16) throw std::invalid_argument("oblivious_sort: stride must be a multiple of 8, at least 16");
    const std::size_t words = stride / 8;
    if (count != 0 && buf.size() / words < count) throw std::invalid_argument("oblivious_sort: buffer too small");
    sorter{buf.data(), words}.sort(0, count, true, 0);
}

}  // namespace scrutineer::mixnet
