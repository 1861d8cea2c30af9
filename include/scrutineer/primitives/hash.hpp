// scrutineer — primitives: SHA-512 (libsodium), incremental, with an opaque state.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "scrutineer/core/bytes.hpp"

namespace scrutineer {

/// Incremental SHA-512 (FIPS 180-4) through libsodium's crypto_hash_sha512.
/// Copyable: copying forks the state (used to derive a challenge and go on).
class sha512 {
public:
    static constexpr std::size_t digest_size = 64;
    sha512();
    sha512& update(byte_span b);
    sha512& update(std::string_view s) { return update(as_bytes(s)); }
    /// The digest of everything absorbed so far; the object stays usable.
    std::array<byte, 64> digest() const;

    /// One-shot convenience.
    static std::array<byte, 64> hash(byte_span b) { return sha512().update(b).digest(); }

private:
    alignas(16) std::array<unsigned char, 208> state_;
};

/// The head of a frame (below), u32le(len(label)) ‖ label ‖ u64le(size), for
/// data of `size` bytes streamed into h afterwards.
inline void frame_head(sha512& h, std::string_view label, std::uint64_t size) {
    std::array<byte, 4> l{};
    for (int i = 0; i < 4; ++i) l[static_cast<std::size_t>(i)] = static_cast<byte>(label.size() >> (8 * i));
    std::array<byte, 8> d{};
    for (int i = 0; i < 8; ++i) d[static_cast<std::size_t>(i)] = static_cast<byte>(size >> (8 * i));
    h.update(l).update(label).update(d);
}
/// Appends the framing used by every scrutineer hash input (docs/spec.md §2):
///   u32le(len(label)) ‖ label ‖ u64le(len(data)) ‖ data
/// The lengths make the concatenation of frames unambiguous.
inline void frame(sha512& h, std::string_view label, byte_span data) {
    frame_head(h, label, static_cast<std::uint64_t>(data.size()));
    h.update(data);
}

/// frame(label, u64le(v)): the framing of an integer (docs/spec.md §2, `N`).
inline void frame_u64(sha512& h, std::string_view label, std::uint64_t v) {
    std::array<byte, 8> b{};
    for (int i = 0; i < 8; ++i) b[static_cast<std::size_t>(i)] = static_cast<byte>(v >> (8 * i));
    frame(h, label, b);
}

}  // namespace scrutineer
