// scrutineer — core: byte spans and hex.
//
// Everything that crosses an I/O boundary is bytes; inside the library, values
// are typed. These helpers are the only place where bytes become text (lowercase
// hex, as the record format requires) and back.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scrutineer {

using byte = std::uint8_t;
using bytes = std::vector<byte>;
using byte_span = std::span<const byte>;
using mutable_byte_span = std::span<byte>;

/// Views a string's characters as bytes (no copy).
inline byte_span as_bytes(std::string_view s) noexcept {
    return {reinterpret_cast<const byte*>(s.data()), s.size()};
}

/// Lowercase hexadecimal of `b`. Variable time in the length only; do not use on
/// secrets (use it for public values: encodings, hashes, proofs).
inline std::string to_hex(byte_span b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(b.size() * 2);
    for (byte x : b) {
        out.push_back(digits[x >> 4]);
        out.push_back(digits[x & 15]);
    }
    return out;
}

/// Appends `v` to `out` as `n` little-endian bytes.
inline void append_le(bytes& out, std::uint64_t v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<byte>(v >> (8 * i)));
}

inline void append(bytes& out, byte_span b) { out.insert(out.end(), b.begin(), b.end()); }

}  // namespace scrutineer
