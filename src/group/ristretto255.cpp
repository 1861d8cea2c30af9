// scrutineer — group: ristretto255 scalars (libsodium) and the fast engine (libdecaf).
#include "scrutineer/group/ristretto255.hpp"

#include <decaf.h>
#include <sodium.h>

#include <stdexcept>

#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/fixed_base.hpp"
#include "scrutineer/group/multi_exp.hpp"

namespace scrutineer {

static_assert(sizeof(decaf_255_point_t) == r255_point::storage_size, "r255_point storage must hold a decaf_255_point_t");
static_assert(alignof(decaf_255_point_t) <= 32, "r255_point storage alignment");

namespace {

decaf_255_point_s* P(r255_point& p) { return static_cast<decaf_255_point_s*>(p.storage()); }
const decaf_255_point_s* P(const r255_point& p) { return static_cast<const decaf_255_point_s*>(p.storage()); }

/// A libdecaf scalar that wipes itself (it may hold a secret).
struct decaf_scalar {
    decaf_255_scalar_t s;
    explicit decaf_scalar(const r255_scalar& x) {
        // r255_scalar is canonical by construction. decode_long reduces without
        // reporting, so no branch depends on the (possibly secret) scalar.
        decaf_255_scalar_decode_long(s, x.raw().data(), 32);
    }
    ~decaf_scalar() { decaf_255_scalar_destroy(s); }
    decaf_scalar(const decaf_scalar&) = delete;
    decaf_scalar& operator=(const decaf_scalar&) = delete;
};

}  // namespace

// ---------------------------------------------------------------- scalars

r255_scalar r255_scalar::from_u64(std::uint64_t v) {
    std::array<byte, 32> b{};
    for (int i = 0; i < 8; ++i) b[static_cast<std::size_t>(i)] = static_cast<byte>(v >> (8 * i));
    return from_canonical_unchecked(b);
}

r255_scalar r255_scalar::random(rng& r) {
    std::array<byte, 64> wide{};
    r.fill(wide);
    r255_scalar s = from_wide(wide);
    secure_wipe(wide.data(), wide.size());
    return s;
}

r255_scalar r255_scalar::random_nonzero(rng& r) {
    for (;;) {
        r255_scalar s = random(r);
        bool nonzero = !s.is_zero();  // public: zero occurs with probability 2^-252
        ct::declassify(&nonzero, sizeof nonzero);
        if (nonzero) return s;
    }
}

r255_scalar r255_scalar::from_wide(byte_span b) {
    if (b.size() != 64) throw std::invalid_argument("r255_scalar::from_wide needs exactly 64 bytes");
    r255_scalar s;
    crypto_core_ristretto255_scalar_reduce(s.b_.data(), b.data());
    return s;
}

result<r255_scalar> r255_scalar::decode(byte_span b) {
    if (b.size() != 32)
        return error{errc::bad_length, "scalar must be 32 bytes, got " + std::to_string(b.size())};
    decaf_255_scalar_t t;
    const bool canonical = decaf_255_scalar_decode(t, b.data()) == DECAF_SUCCESS;
    decaf_255_scalar_destroy(t);
    if (!canonical) return error{errc::non_canonical, "scalar is not reduced modulo the group order"};
    r255_scalar s;
    std::copy(b.begin(), b.end(), s.b_.begin());
    return s;
}

r255_scalar r255_scalar::operator+(const r255_scalar& o) const {
    r255_scalar r;
    crypto_core_ristretto255_scalar_add(r.b_.data(), b_.data(), o.b_.data());
    return r;
}
r255_scalar r255_scalar::operator-(const r255_scalar& o) const {
    r255_scalar r;
    crypto_core_ristretto255_scalar_sub(r.b_.data(), b_.data(), o.b_.data());
    return r;
}
r255_scalar r255_scalar::operator*(const r255_scalar& o) const {
    r255_scalar r;
    crypto_core_ristretto255_scalar_mul(r.b_.data(), b_.data(), o.b_.data());
    return r;
}
r255_scalar r255_scalar::operator-() const {
    r255_scalar r;
    crypto_core_ristretto255_scalar_negate(r.b_.data(), b_.data());
    return r;
}
r255_scalar r255_scalar::invert() const {
    r255_scalar r;
    if (crypto_core_ristretto255_scalar_invert(r.b_.data(), b_.data()) != 0) return r255_scalar{};
    return r;
}
r255_scalar r255_scalar::half() const {
    // (ℓ + 1)/2, the inverse of 2 mod ℓ, little-endian
    static constexpr std::array<byte, 32> inv2 = {0xf7, 0xe9, 0x7a, 0x2e, 0x8d, 0x31, 0x09, 0x2c, 0x6b, 0xce, 0x7b,
                                                  0x51, 0xef, 0x7c, 0x6f, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                                  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08};
    return *this * from_canonical_unchecked(inv2);
}
bool r255_scalar::is_zero() const { return sodium_is_zero(b_.data(), b_.size()) == 1; }
bool operator==(const r255_scalar& a, const r255_scalar& b) {
    return sodium_memcmp(a.b_.data(), b.b_.data(), 32) == 0;
}

// ---------------------------------------------------------------- fast engine

r255_point::r255_point() { decaf_255_point_copy(P(*this), decaf_255_point_identity); }

r255_point r255_point::operator+(const r255_point& o) const {
    r255_point r;
    decaf_255_point_add(P(r), P(*this), P(o));
    return r;
}
r255_point& r255_point::operator+=(const r255_point& o) {
    decaf_255_point_add(P(*this), P(*this), P(o));
    return *this;
}
r255_point r255_point::operator-(const r255_point& o) const {
    r255_point r;
    decaf_255_point_sub(P(r), P(*this), P(o));
    return r;
}
r255_point r255_point::operator-() const {
    r255_point r;
    decaf_255_point_negate(P(r), P(*this));
    return r;
}
r255_point r255_point::operator*(const r255_scalar& s) const {
    decaf_scalar ds(s);
    r255_point r;
    decaf_255_point_scalarmul(P(r), P(*this), ds.s);
    return r;
}
// ristretto255::dual_mul: src/group/fixed_base.cpp (it shares the compact masked look-ups).
r255_point r255_point::dbl() const {
    r255_point r;
    decaf_255_point_double(P(r), P(*this));
    return r;
}
bool operator==(const r255_point& a, const r255_point& b) {
    return decaf_255_point_eq(P(a), P(b)) == DECAF_TRUE;
}

ristretto255::element ristretto255::identity() { return {}; }

ristretto255::element ristretto255::generator() {
    static const r255_point g = [] {
        r255_point x;
        decaf_255_point_copy(P(x), decaf_255_point_base);
        x.cache_encoding();  // transcripts absorb the generator in every statement
        return x;
    }();
    return g;
}

bool ristretto255::is_identity(const element& e) {
    return decaf_255_point_eq(P(e), decaf_255_point_identity) == DECAF_TRUE;
}

ristretto255::encoded_element ristretto255::encode(const element& e) {
    encoded_element out;
    if (const auto* c = e.cached_encoding())
        out.bytes = *c;
    else
        decaf_255_point_encode(out.bytes.data(), P(e));
    return out;
}

void r255_point::cache_encoding() {
    if (has_encoding_) return;
    decaf_255_point_encode(encoding_.data(), reinterpret_cast<const decaf_255_point_s*>(s_.data()));
    has_encoding_ = true;
}

result<ristretto255::element> ristretto255::decode(byte_span b) {
    if (b.size() != 32)
        return error{errc::bad_length, "ristretto255 element must be 32 bytes, got " + std::to_string(b.size())};
    r255_point p;
    if (decaf_255_point_decode(P(p), b.data(), DECAF_TRUE) != DECAF_SUCCESS)
        return error{errc::not_in_group, "not a canonical ristretto255 encoding"};
    std::copy(b.begin(), b.end(), p.encoding_.begin());  // canonical, so it is the encoding
    p.has_encoding_ = true;
    return p;
}

ristretto255::element ristretto255::from_uniform_bytes(byte_span b) {
    if (b.size() != 64) throw std::invalid_argument("ristretto255::from_uniform_bytes needs exactly 64 bytes");
    r255_point p;
    decaf_255_point_from_hash_uniform(P(p), b.data());
    return p;
}

ristretto255::element ristretto255::mul_base(const scalar& s) {
    // the generator's constant-time signed-window table (src/group/fixed_base.cpp)
    return detail::r255_generator_table().mul(s);
}

ristretto255::element ristretto255::double_base_vartime(const scalar& a, const scalar& b, const element& p) {
    // libdecaf 1.0.2's decaf_255_base_double_scalarmul_non_secret returns a
    // wrong point when the second scalar is zero (found by the differential
    // tests against the libsodium backend), so zero scalars are handled here.
    if (b.is_zero()) return mul_base(a);
    if (a.is_zero()) return p * b;
    decaf_scalar da(a), db(b);
    r255_point r;
    decaf_255_base_double_scalarmul_non_secret(P(r), da.s, P(p), db.s);
    return r;
}

// ristretto255::multi_exp_vartime: src/group/msm_r255.cpp (Straus/Pippenger on libdecaf).

}  // namespace scrutineer
