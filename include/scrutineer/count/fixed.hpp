// scrutineer — count: exact fixed-point arithmetic for vote counting.
//
// Every vote amount in the counting engine is an integer number of *units*,
// where one unit is 10^-d of a vote and d is the rule's number of decimal
// places (5 for Scottish STV, 2 for ERS97, 9 for Meek, 0 for IRV). No floating
// point is used anywhere in a count: products are formed in 128 bits and
// divided with an explicit rounding direction, and every result is checked to
// fit back into 64 bits. An overflow is reported, never wrapped.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace scrutineer::count {

/// A vote amount in units of 10^-d of a vote (d fixed per count).
using amount = std::int64_t;

/// Thrown by the arithmetic helpers on overflow or division by zero; the
/// counting entry points catch it and return `errc::out_of_range`.
class arithmetic_overflow : public std::overflow_error {
public:
    using std::overflow_error::overflow_error;
};

/// 10^d for 0 <= d <= 18. Throws arithmetic_overflow outside that range.
inline amount pow10(int d) {
    if (d < 0 || d > 18) throw arithmetic_overflow("decimal places must be in 0..18, got " + std::to_string(d));
    amount r = 1;
    for (int i = 0; i < d; ++i) r *= 10;
    return r;
}

namespace detail {
// 128-bit intermediates (GCC/Clang); __extension__ keeps -Wpedantic quiet.
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

inline amount narrow(i128 v) {
    if (v > static_cast<detail::i128>(INT64_MAX) || v < static_cast<detail::i128>(INT64_MIN))
        throw arithmetic_overflow("vote arithmetic overflows 64 bits");
    return static_cast<amount>(v);
}
}  // namespace detail

/// floor(a * b / c) for a, b >= 0 and c > 0, exact (128-bit intermediate).
inline amount mul_div_floor(amount a, amount b, amount c) {
    if (c <= 0 || a < 0 || b < 0) throw arithmetic_overflow("mul_div_floor: negative operand or non-positive divisor");
    return detail::narrow(static_cast<detail::i128>(a) * b / c);
}

/// ceil(a * b / c) for a, b >= 0 and c > 0, exact (128-bit intermediate).
inline amount mul_div_ceil(amount a, amount b, amount c) {
    if (c <= 0 || a < 0 || b < 0) throw arithmetic_overflow("mul_div_ceil: negative operand or non-positive divisor");
    detail::i128 p = static_cast<detail::i128>(a) * b;
    return detail::narrow((p + c - 1) / c);
}

/// a * b with an overflow check.
inline amount checked_mul(amount a, amount b) { return detail::narrow(static_cast<detail::i128>(a) * b); }

/// a + b with an overflow check.
inline amount checked_add(amount a, amount b) { return detail::narrow(static_cast<detail::i128>(a) + b); }

/// Decimal text of `v` units with `decimals` places: format_fixed(12345, 2) == "123.45",
/// format_fixed(-5, 3) == "-0.005", format_fixed(7, 0) == "7".
inline std::string format_fixed(amount v, int decimals) {
    bool neg = v < 0;
    // work in unsigned 128 bits so that INT64_MIN is handled
    detail::u128 m = neg ? static_cast<detail::u128>(-static_cast<detail::i128>(v)) : static_cast<detail::u128>(v);
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
        m /= 10;
    } while (m != 0);
    if (decimals > 0) {
        while (digits.size() <= static_cast<std::size_t>(decimals)) digits.insert(digits.begin(), '0');
        digits.insert(digits.end() - decimals, '.');
    }
    return neg ? "-" + digits : digits;
}

}  // namespace scrutineer::count
