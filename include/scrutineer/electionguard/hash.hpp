// scrutineer — ElectionGuard 2.0: the hash function H and the base hashes.
//
// ElectionGuard Design Specification v2.0.0, chapter 5: H(B0; B1) is
// HMAC-SHA-256 with the 32-byte key B0 (eq. 105); B1 is the concatenation of
// fixed-width big-endian encodings (§5.1): elements of Z_p as 512 bytes,
// integers mod q as 32, small integers as 4, strings and files as a 4-byte
// length followed by their bytes (§5.1.4–5.1.5); hash outputs as themselves
// (§5.4). Domain separation bytes are listed in §5.5.
//
// Everything here handles public data and is variable time.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/group/modp.hpp"

namespace scrutineer::eg {

/// The group of ElectionGuard 2.0's standard baseline parameters (§3.1.1).
using group = modp4096;
using element = group::element;
using scalar = group::scalar;

/// A 32-byte output of H (§5.4).
using hash32 = std::array<byte, 32>;

/// HMAC-SHA-256(key, data) (eq. 105), through libsodium.
hash32 H(const hash32& key, byte_span data);

/// Builds B1 from typed parts, each in its §5.1 encoding.
class hash_input {
public:
    hash_input& u8(byte b) {
        b_.push_back(b);
        return *this;
    }
    /// b(v, 4), big-endian (§5.1.3). Precondition: v < 2^31.
    hash_input& u32(std::uint32_t v) {
        for (int i = 3; i >= 0; --i) b_.push_back(static_cast<byte>(v >> (8 * i)));
        return *this;
    }
    /// b(x, 512) (§5.1.1).
    hash_input& elem(const element& e) {
        append(b_, group::encode(e).span());
        return *this;
    }
    /// b(x, 32) (§5.1.2).
    hash_input& scal(const scalar& s) {
        append(b_, s.encode());
        return *this;
    }
    /// A hash output, as is (§5.4).
    hash_input& h(const hash32& x) {
        append(b_, x);
        return *this;
    }
    /// b(len, 4) ‖ bytes: strings (UTF-8) and files (§5.1.4–5.1.5).
    hash_input& with_len(byte_span x) {
        u32(static_cast<std::uint32_t>(x.size()));
        append(b_, x);
        return *this;
    }
    hash_input& str(std::string_view s) { return with_len(as_bytes(s)); }
    /// Raw bytes with no length prefix.
    hash_input& raw(byte_span x) {
        append(b_, x);
        return *this;
    }
    const bytes& data() const noexcept { return b_; }
    hash32 hash(const hash32& key) const { return H(key, b_); }

private:
    bytes b_;
};

/// The hash output read as an integer (big-endian, §5.4) and reduced mod q,
/// for use in computations mod q.
inline scalar to_scalar(const hash32& h) { return scalar::from_wide(h); }

/// ver = b("v2.0.0") padded with zero bytes to 32 (Verification 1.F).
hash32 version_bytes();
/// H_P = H(ver; 0x00, p, q, g) (eq. 4, §3.1.2).
hash32 parameter_base_hash();
/// H_M = H(H_P; 0x01, manifest) with the manifest file's bytes (eq. 6, §3.1.4).
hash32 manifest_hash(const hash32& hp, byte_span manifest_file);
/// H_B = H(H_P; 0x02, H_M, n, k) (eq. 7, §3.1.5).
hash32 election_base_hash(const hash32& hp, const hash32& hm, std::uint32_t n, std::uint32_t k);
/// H_E = H(H_B; 0x12, K) (eq. 23, §3.2.3).
hash32 extended_base_hash(const hash32& hb, const element& K);

// ---------------------------------------------------------------- hex I/O
// ElectionGuard records write integers as hexadecimal (the Kotlin reference
// writes uppercase). These parsers accept either case and values with at most
// the field's width (shorter values are left-padded with zeros), and validate
// the value fully.

/// Hex of at most 2·width digits into `width` big-endian bytes.
result<bytes> hex_fixed(std::string_view hex, std::size_t width);
/// A hash value (32 bytes).
result<hash32> hash_from_hex(std::string_view hex);
/// An element of the order-q subgroup (range and x^q = 1 checked).
result<element> element_from_hex(std::string_view hex);
/// An element, range only (0 < x < p); membership to be checked in batch.
result<element> element_from_hex_range_only(std::string_view hex);
/// An integer mod q (rejects values >= q).
result<scalar> scalar_from_hex(std::string_view hex);
/// A challenge: any 256-bit value (Verification 5.B: 0 <= c < 2^256), as bytes.
result<hash32> challenge_from_hex(std::string_view hex);
/// Uppercase hex (the form ElectionGuard records use).
std::string upper_hex(byte_span b);

}  // namespace scrutineer::eg
