// Test helper: hash inputs rebuilt from docs/spec.md's notation, written from
// the text and independent of the library's frame() and transcript classes,
// for the tests that compare the library's bytes with the specification.
#pragma once

#include <cstdint>
#include <string_view>

#include "scrutineer/core/bytes.hpp"

namespace scrutineer::test {

/// v as `width` little-endian bytes (u32le: width 4, u64le: width 8).
inline bytes le_bytes(std::uint64_t v, std::size_t width) {
    bytes b;
    append_le(b, v, width);
    return b;
}

/// frame(label, data) = u32le(len(label)) ‖ label ‖ u64le(len(data)) ‖ data (spec §3), appended to `in`.
inline void spec_frame(bytes& in, std::string_view label, byte_span data) {
    append(in, le_bytes(label.size(), 4));
    append(in, as_bytes(label));
    append(in, le_bytes(data.size(), 8));
    append(in, data);
}

}  // namespace scrutineer::test
