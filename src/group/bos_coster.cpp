// scrutineer — group: the scalar side of Bos–Coster multi-scalar
// multiplication (group/multi_exp.hpp, `plan_bos_coster`). Public scalars
// only: the schedule, its running time and its memory accesses depend on them.
#include <gmp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "scrutineer/group/multi_exp.hpp"

namespace scrutineer::detail {

namespace {

using limbs = std::array<std::uint64_t, 4>;  // little-endian 64-bit words

limbs from_le(const std::array<byte, 32>& b) {
    limbs x{};
    for (std::size_t i = 0; i < 32; ++i) x[i / 8] |= static_cast<std::uint64_t>(b[i]) << (8 * (i % 8));
    return x;
}

std::array<byte, 32> to_le(const limbs& x) {
    std::array<byte, 32> b{};
    for (std::size_t i = 0; i < 32; ++i) b[i] = static_cast<byte>(x[i / 8] >> (8 * (i % 8)));
    return b;
}

int bit_length(const limbs& x) {
    for (int i = 3; i >= 0; --i)
        if (x[static_cast<std::size_t>(i)] != 0)
            return 64 * i + 64 - __builtin_clzll(x[static_cast<std::size_t>(i)]);
    return 0;
}

bool less(const limbs& a, const limbs& b) {
    for (std::size_t i = 4; i-- > 0;)
        if (a[i] != b[i]) return a[i] < b[i];
    return false;
}

// A heap entry: one 64-bit word that orders scalars by size and names the
// scalar. From the top: the bit length L (9 bits, at most 256), the bits that
// follow the leading one (55 − ib of them), the scalar's index (ib bits). So
// a < b implies key(a) <= key(b) up to the index bits, and scalars that agree
// in their top 56 − ib bits are ordered by index; the caller compares the two
// largest in full before it subtracts.
std::uint64_t key_of(const limbs& x, int ib, std::uint32_t index) {
    const int L = bit_length(x);
    if (L == 0) return index;
    std::uint64_t m;
    if (L <= 56) {
        m = x[0] << (56 - L);
    } else {
        const int shift = L - 56;
        const std::size_t w = static_cast<std::size_t>(shift / 64);
        const int b = shift % 64;
        m = x[w] >> b;
        if (b != 0 && w + 1 < 4) m |= x[w + 1] << (64 - b);
    }
    m &= (std::uint64_t{1} << 55) - 1;
    return (static_cast<std::uint64_t>(L) << 55) | ((m >> ib) << ib) | index;
}

}  // namespace

bos_coster_plan plan_bos_coster(std::span<const std::array<byte, 32>> scalars, std::size_t max_steps) {
    const std::size_t n = scalars.size();
    if (n >= bos_coster_plan::unit) throw std::invalid_argument("plan_bos_coster: too many scalars");
    bos_coster_plan plan;
    if (n == 0) {
        plan.complete = true;
        return plan;
    }
    const int ib = std::max(1, static_cast<int>(std::bit_width(n - 1)));  // index bits, at most 32
    const std::uint64_t index_mask = (std::uint64_t{1} << ib) - 1;
    const auto index_of = [&](std::uint64_t e) { return static_cast<std::uint32_t>(e & index_mask); };
    std::vector<limbs> s(n);
    std::vector<std::uint64_t> heap(n);
    for (std::size_t i = 0; i < n; ++i) {
        s[i] = from_le(scalars[i]);
        heap[i] = key_of(s[i], ib, static_cast<std::uint32_t>(i));
    }
    std::make_heap(heap.begin(), heap.end());
    // Restores the heap after the root's key decreased.
    const auto sift_root = [&] {
        const std::uint64_t x = heap[0];
        std::size_t i = 0;
        for (;;) {
            const std::size_t l = 2 * i + 1;
            if (l + 1 >= n) {  // at most one child
                if (l < n && x < heap[l]) {
                    heap[i] = heap[l];
                    i = l;
                }
                break;
            }
            // the larger child without a branch (the comparison is a coin toss)
            const std::size_t c = l + static_cast<std::size_t>(heap[l + 1] > heap[l]);
            if (!(x < heap[c])) break;
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = x;
    };
    plan.ops.reserve(std::min<std::size_t>(max_steps, 40 * n));
    std::size_t steps = 0;
    for (;;) {
        std::size_t second = 1;
        if (n > 2 && heap[2] > heap[1]) second = 2;
        if (n == 1 || (heap[second] >> ib) == 0) break;  // one non-zero scalar left (or none)
        if (++steps > max_steps) return plan;            // incomplete: the caller takes another method
        // Keys equal above the index bits may hide the order of the two
        // largest: compare in full and put the larger at the root (its subtree
        // stays a heap: the root is about to shrink and be sifted down).
        if ((heap[second] >> ib) == (heap[0] >> ib) && less(s[index_of(heap[0])], s[index_of(heap[second])]))
            std::swap(heap[0], heap[second]);
        const std::uint32_t a = index_of(heap[0]), b = index_of(heap[second]);
        limbs& sa = s[a];
        const limbs& sb = s[b];
        const int la = static_cast<int>(heap[0] >> 55), lb = static_cast<int>(heap[second] >> 55);
        if (la > lb + 1) {
            // sa has at least two bits more than sb, so sa > 2·sb:
            // sa·Pa + sb·Pb = (sa mod sb)·Pa + sb·(Pb + ⌊sa/sb⌋·Pa), one short
            // multiplication instead of ⌊sa/sb⌋ ≥ 2 subtractions.
            const mp_size_t na = (la + 63) / 64, nb = (lb + 63) / 64;
            mp_limb_t q[4] = {0, 0, 0, 0}, r[4] = {0, 0, 0, 0};
            static_assert(sizeof(mp_limb_t) == sizeof(std::uint64_t));
            mpn_tdiv_qr(q, r, 0, reinterpret_cast<const mp_limb_t*>(sa.data()), na,
                        reinterpret_cast<const mp_limb_t*>(sb.data()), nb);
            limbs ql{}, rl{};
            for (std::size_t i = 0; i < 4; ++i) {
                ql[i] = q[i];
                rl[i] = r[i];
            }
            plan.ops.push_back({a, b, static_cast<std::uint32_t>(plan.quotients.size())});
            plan.quotients.push_back(to_le(ql));
            sa = rl;
        } else {
            // at most one bit more, so sb <= sa < 4·sb:
            // sa·Pa + sb·Pb = (sa − sb)·Pa + sb·(Pb + Pa)
            std::uint64_t borrow = 0;
            for (std::size_t i = 0; i < 4; ++i) {
                std::uint64_t d, e;
                const bool b1 = __builtin_sub_overflow(sa[i], sb[i], &d);
                const bool b2 = __builtin_sub_overflow(d, borrow, &e);
                sa[i] = e;
                borrow = static_cast<std::uint64_t>(b1) | static_cast<std::uint64_t>(b2);
            }
            plan.ops.push_back({a, b, bos_coster_plan::unit});
        }
        heap[0] = key_of(sa, ib, a);
        sift_root();
    }
    plan.last = index_of(heap[0]);
    plan.last_scalar = to_le(s[plan.last]);
    plan.complete = true;
    return plan;
}

}  // namespace scrutineer::detail
