// scrutineer — group: generic variable-time multi-exponentiation.
//
// Straus' interleaved method with width-w non-adjacent forms (signed odd
// digits), written once for any group in the concept. Only public data may go
// through here: the running time depends on the scalars.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "scrutineer/core/bytes.hpp"

namespace scrutineer::detail {

/// Width-w NAF of a scalar < 2^255 given as 32 little-endian bytes: digits are
/// zero or odd in (-2^(w-1), 2^(w-1)), and at most one of any w consecutive
/// digits is non-zero. Σ digit[i]·2^i equals the scalar. 2 <= w <= 8.
inline std::array<std::int8_t, 256> wnaf_vartime(const std::array<byte, 32>& le, int w) {
    std::array<std::uint64_t, 5> x{};
    for (std::size_t i = 0; i < 32; ++i) x[i / 8] |= static_cast<std::uint64_t>(le[i]) << (8 * (i % 8));
    std::array<std::int8_t, 256> naf{};
    const std::uint64_t width = 1ULL << w;
    const std::uint64_t mask = width - 1;
    std::size_t pos = 0;
    std::uint64_t carry = 0;
    while (pos < 256) {
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

/// Σ sᵢ·Pᵢ by Straus/wNAF. Requires element ops +, -, dbl(); G::identity().
template <class G>
typename G::element straus_vartime(std::span<const typename G::scalar> s, std::span<const typename G::element> p,
                                   int w = 5) {
    using E = typename G::element;
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    const std::size_t n = s.size();
    if (n == 0) return G::identity();
    const std::size_t tsize = std::size_t{1} << (w - 2);  // odd multiples 1,3,..,2^(w-1)-1
    std::vector<E> table(n * tsize);
    std::vector<std::array<std::int8_t, 256>> naf(n);
    int top = -1;
    for (std::size_t i = 0; i < n; ++i) {
        naf[i] = wnaf_vartime(s[i].le_bytes(), w);
        for (int j = 255; j > top; --j)
            if (naf[i][static_cast<std::size_t>(j)] != 0) {
                top = j;
                break;
            }
        E* t = &table[i * tsize];
        t[0] = p[i];
        if (tsize > 1) {
            const E twice = p[i].dbl();
            for (std::size_t k = 1; k < tsize; ++k) t[k] = t[k - 1] + twice;
        }
    }
    E acc = G::identity();
    for (int j = top; j >= 0; --j) {
        acc = acc.dbl();
        for (std::size_t i = 0; i < n; ++i) {
            const int d = naf[i][static_cast<std::size_t>(j)];
            if (d > 0)
                acc += table[i * tsize + static_cast<std::size_t>(d / 2)];
            else if (d < 0)
                acc = acc - table[i * tsize + static_cast<std::size_t>((-d) / 2)];
        }
    }
    return acc;
}

}  // namespace scrutineer::detail
