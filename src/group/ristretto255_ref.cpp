// scrutineer — group: the reference ristretto255 backend, on libsodium's public API alone.
//
// libsodium's ristretto255 functions refuse the identity in two ways that this
// file handles explicitly: crypto_scalarmult_ristretto255{,_base} return -1 when
// the result is the identity (e.g. 0·G), and the identity is not accepted as an
// input point by crypto_scalarmult_ristretto255.
#include <sodium.h>

#include <stdexcept>

#include "scrutineer/core/rng.hpp"
#include "scrutineer/group/ristretto255.hpp"

namespace scrutineer {

namespace {
const std::array<byte, 32> kZero{};
bool is_zero32(const std::array<byte, 32>& b) { return sodium_is_zero(b.data(), 32) == 1; }
}  // namespace

// Every entry point that reaches libsodium calls init() first (cheap after the first call).
r255_ref_point r255_ref_point::operator+(const r255_ref_point& o) const {
    init();
    if (is_zero32(b_)) return o;
    if (is_zero32(o.b_)) return *this;
    r255_ref_point r;
    if (crypto_core_ristretto255_add(r.b_.data(), b_.data(), o.b_.data()) != 0)
        throw std::logic_error("ristretto255_ref: add on invalid encodings");
    return r;
}
r255_ref_point r255_ref_point::operator-(const r255_ref_point& o) const {
    if (is_zero32(o.b_)) return *this;
    if (is_zero32(b_)) return -o;
    r255_ref_point r;
    if (crypto_core_ristretto255_sub(r.b_.data(), b_.data(), o.b_.data()) != 0)
        throw std::logic_error("ristretto255_ref: sub on invalid encodings");
    return r;
}
r255_ref_point r255_ref_point::operator-() const {
    if (is_zero32(b_)) return *this;
    // -P = (ℓ-1)·P
    return *this * (-r255_scalar::one());
}
r255_ref_point r255_ref_point::operator*(const r255_scalar& s) const {
    init();
    r255_ref_point r;
    if (is_zero32(b_)) return r;
    // -1 means "result is the identity" (s = 0); r stays all-zero, which is the identity.
    if (crypto_scalarmult_ristretto255(r.b_.data(), s.raw().data(), b_.data()) != 0) r.b_ = kZero;
    return r;
}
bool operator==(const r255_ref_point& a, const r255_ref_point& b) {
    return sodium_memcmp(a.b_.data(), b.b_.data(), 32) == 0;
}

ristretto255_ref::element ristretto255_ref::generator() { return mul_base(r255_scalar::one()); }

bool ristretto255_ref::is_identity(const element& e) { return is_zero32(e.raw()); }

ristretto255_ref::encoded_element ristretto255_ref::encode(const element& e) {
    encoded_element out;
    out.bytes = e.raw();
    return out;
}

result<ristretto255_ref::element> ristretto255_ref::decode(byte_span b) {
    if (b.size() != 32)
        return error{errc::bad_length, "ristretto255 element must be 32 bytes, got " + std::to_string(b.size())};
    init();
    std::array<byte, 32> a{};
    std::copy(b.begin(), b.end(), a.begin());
    if (is_zero32(a)) return element{};  // the identity's canonical encoding
    // libsodium 1.0.18's canonicity check ignores bit 255, so an encoding with
    // the top bit set would decode as if it were clear; RFC 9496 §4.3.1 rejects it.
    if (a[31] & 0x80) return error{errc::not_in_group, "not a canonical ristretto255 encoding (bit 255 set)"};
    if (crypto_core_ristretto255_is_valid_point(a.data()) != 1)
        return error{errc::not_in_group, "not a canonical ristretto255 encoding"};
    return r255_ref_point::from_encoding_unchecked(a);
}

ristretto255_ref::element ristretto255_ref::from_uniform_bytes(byte_span b) {
    if (b.size() != 64) throw std::invalid_argument("ristretto255_ref::from_uniform_bytes needs exactly 64 bytes");
    std::array<byte, 32> a{};
    crypto_core_ristretto255_from_hash(a.data(), b.data());
    return r255_ref_point::from_encoding_unchecked(a);
}

ristretto255_ref::element ristretto255_ref::mul_base(const scalar& s) {
    init();
    std::array<byte, 32> a{};
    if (crypto_scalarmult_ristretto255_base(a.data(), s.raw().data()) != 0) a = kZero;  // 0·G = identity
    return r255_ref_point::from_encoding_unchecked(a);
}

ristretto255_ref::element ristretto255_ref::double_base_vartime(const scalar& a, const scalar& b, const element& p) {
    return mul_base(a) + p * b;
}

ristretto255_ref::element ristretto255_ref::multi_exp_vartime(std::span<const scalar> s, std::span<const element> p) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    element acc;
    for (std::size_t i = 0; i < s.size(); ++i) acc += p[i] * s[i];
    return acc;
}

}  // namespace scrutineer
