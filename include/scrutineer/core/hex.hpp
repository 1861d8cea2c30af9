// scrutineer — core: parsing lowercase hex from untrusted text.
#pragma once

#include <string>
#include <string_view>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/error.hpp"

namespace scrutineer {

/// Decodes lowercase hex. Uppercase is rejected (the record has one encoding per
/// value). If `expected_bytes` is non-zero the input must decode to exactly that
/// many bytes. Errors: bad_hex (odd length or a character outside [0-9a-f]),
/// bad_length.
inline result<bytes> from_hex(std::string_view s, std::size_t expected_bytes = 0) {
    if (s.size() % 2 != 0) return error{errc::bad_hex, "hex string has odd length " + std::to_string(s.size())};
    if (expected_bytes != 0 && s.size() != expected_bytes * 2)
        return error{errc::bad_length, "expected " + std::to_string(expected_bytes * 2) + " hex digits, got " +
                                           std::to_string(s.size())};
    bytes out(s.size() / 2);
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return error{errc::bad_hex, "invalid hex character at position " + std::to_string(hi < 0 ? 2 * i : 2 * i + 1) +
                                            " (lowercase 0-9a-f only)"};
        out[i] = static_cast<byte>((hi << 4) | lo);
    }
    return out;
}

}  // namespace scrutineer
