// scrutineer — group: ristretto255 (RFC 9496), two backends.
//
// `ristretto255` is the fast engine: elements stay decoded in libdecaf's
// extended coordinates, so an addition costs a fraction of a microsecond and
// encoding/decoding happen only at I/O boundaries.
//
// `ristretto255_ref` is the reference backend, written on libsodium's public
// API alone (elements are held as their canonical 32-byte encodings). It is
// slow on purpose-free simplicity and exists to cross-check the fast engine
// (the differential tests run both on the same random inputs and compare bytes).
//
// Both share one scalar type, `r255_scalar`: integers mod
//   ℓ = 2^252 + 27742317777372353535851937790883648493,
// kept canonical (< ℓ) as 32 little-endian bytes, with libsodium's
// constant-time scalar arithmetic.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/group/concept.hpp"

namespace scrutineer {

/// A scalar mod ℓ (the ristretto255 group order). Trivially copyable, so secret
/// scalars are held as `secret<r255_scalar>`. Arithmetic is constant time.
class r255_scalar {
public:
    static constexpr std::size_t size = 32;

    constexpr r255_scalar() = default;  ///< zero

    static r255_scalar zero() { return {}; }
    static r255_scalar one() { return from_u64(1); }
    /// The integer v (< 2^64 < ℓ). Constant time in v.
    static r255_scalar from_u64(std::uint64_t v);
    /// Uniform in [0, ℓ): 64 random bytes reduced mod ℓ (bias < 2^-250).
    static r255_scalar random(rng& r);
    /// Uniform non-zero scalar (rejection of zero, probability 2^-252).
    static r255_scalar random_nonzero(rng& r);
    /// Reduces 64 little-endian bytes mod ℓ (wide reduction, for hash-to-scalar).
    /// Precondition: b.size() == 64 (otherwise std::invalid_argument).
    static r255_scalar from_wide(byte_span b);
    /// Decodes 32 little-endian bytes; rejects wrong length and values >= ℓ.
    static result<r255_scalar> decode(byte_span b);
    /// From bytes the library produced itself (already canonical); no check.
    static r255_scalar from_canonical_unchecked(const std::array<byte, 32>& b) {
        r255_scalar s;
        s.b_ = b;
        return s;
    }

    /// Canonical 32-byte little-endian encoding.
    std::array<byte, 32> encode() const { return b_; }
    /// Same bytes, named for algorithms that read digits (multi-exponentiation).
    std::array<byte, 32> le_bytes() const { return b_; }
    const std::array<byte, 32>& raw() const noexcept { return b_; }
    /// Lowercase hex of the encoding. For public scalars only (never on secrets).
    std::string hex() const { return to_hex(b_); }

    r255_scalar operator+(const r255_scalar& o) const;
    r255_scalar operator-(const r255_scalar& o) const;
    r255_scalar operator*(const r255_scalar& o) const;
    r255_scalar operator-() const;
    r255_scalar& operator+=(const r255_scalar& o) { return *this = *this + o; }
    r255_scalar& operator-=(const r255_scalar& o) { return *this = *this - o; }
    r255_scalar& operator*=(const r255_scalar& o) { return *this = *this * o; }
    /// Multiplicative inverse; the inverse of zero is zero (callers check).
    r255_scalar invert() const;
    /// this / 2 mod ℓ (constant time): a prover computes (s/2)·B and lets
    /// ristretto255::double_and_encode_batch return s·B with its encoding.
    r255_scalar half() const;
    /// Constant-time comparisons.
    bool is_zero() const;
    friend bool operator==(const r255_scalar& a, const r255_scalar& b);

private:
    std::array<byte, 32> b_{};
};

struct r255_encoded_tag {};
using r255_encoded = encoded_element<32, r255_encoded_tag>;

// ---------------------------------------------------------------------------
// Fast engine (libdecaf)

/// A decoded ristretto255 element in libdecaf's extended coordinates (opaque
/// storage of a `decaf_255_point_t`; the public header does not include decaf).
class r255_point {
public:
    r255_point();  ///< the identity

    r255_point operator+(const r255_point& o) const;
    r255_point operator-(const r255_point& o) const;
    r255_point operator-() const;
    r255_point& operator+=(const r255_point& o);
    r255_point& operator-=(const r255_point& o) { return *this = *this - o; }
    /// Constant-time scalar multiplication.
    r255_point operator*(const r255_scalar& s) const;
    /// 2·this.
    r255_point dbl() const;
    /// Constant-time equality (equality of the group elements, not of coordinates).
    friend bool operator==(const r255_point& a, const r255_point& b);

    /// Bytes of libdecaf state at storage(); code that copies or scans points
    /// as raw words must use this, not sizeof(r255_point).
    static constexpr std::size_t storage_size = 256;
    /// Writable libdecaf state. Writing through it invalidates the cached encoding.
    void* storage() noexcept {
        has_encoding_ = false;
        return s_.data();
    }
    const void* storage() const noexcept { return s_.data(); }

    /// The canonical encoding if it is already known (the point was decoded
    /// from it, or cache_encoding() was called), else nullptr. Encoding costs
    /// about 0.1 V, and transcripts and hashes encode every element they touch,
    /// so verifiers keep the bytes they decoded and provers cache what they publish.
    const std::array<byte, 32>* cached_encoding() const noexcept { return has_encoding_ ? &encoding_ : nullptr; }
    /// Computes and keeps the encoding (not thread-safe on a shared point: call
    /// it before sharing).
    void cache_encoding();

private:
    friend struct ristretto255;
    alignas(32) std::array<unsigned char, storage_size> s_;
    std::array<byte, 32> encoding_{};
    bool has_encoding_ = false;
};

struct ristretto255 {
    using scalar = r255_scalar;
    using element = r255_point;
    using encoded_element = r255_encoded;
    static constexpr std::string_view name = "ristretto255";
    static constexpr std::size_t scalar_size = 32;
    static constexpr std::size_t element_size = 32;

    static element identity();
    /// The RFC 9496 generator.
    static element generator();
    static bool is_identity(const element& e);

    /// Canonical encoding (RFC 9496 §4.3.2).
    static encoded_element encode(const element& e);
    /// Validated decoding of untrusted bytes (RFC 9496 §4.3.1): wrong length →
    /// bad_length; non-canonical or not a ristretto255 encoding → not_in_group.
    /// The identity (32 zero bytes) decodes; use decode_nonidentity to refuse it.
    static result<element> decode(byte_span b);
    /// RFC 9496 §4.3.4 one-way map from 64 uniform bytes (e.g. a SHA-512 output).
    /// Precondition: b.size() == 64 (otherwise std::invalid_argument).
    static element from_uniform_bytes(byte_span b);

    /// s·G, constant time (the generator's fixed_base table, group/fixed_base.hpp).
    static element mul_base(const scalar& s);
    /// s·G, variable time (public scalars): the generator's 8-bit window table.
    static element mul_base_vartime(const scalar& s);
    /// s·P, constant time.
    static element mul(const element& p, const scalar& s) { return p * s; }
    /// (a·P, b·P), constant time in a and b: libdecaf's joint method (one table
    /// of P and one chain of doublings shared by both products), about 1.3
    /// times one multiplication instead of 2. Used where one secret-dependent
    /// base meets two scalars (a decryption share and its proof commitment).
    static std::pair<element, element> dual_mul(const element& p, const scalar& a, const scalar& b);
    /// Σ sᵢ·Pᵢ, constant time in the scalars (public points, secret scalars):
    /// Straus's method with compact masked tables (src/group/fixed_base.cpp).
    /// Sizes must match (otherwise std::invalid_argument).
    static element multi_exp_ct(std::span<const scalar> s, std::span<const element> p);
    /// a·G + b·P, variable time: public inputs only.
    static element double_base_vartime(const scalar& a, const scalar& b, const element& p);
    /// Σ sᵢ·Pᵢ, variable time: public inputs only. Sizes must match
    /// (otherwise std::invalid_argument); the empty sum is the identity.
    static element multi_exp_vartime(std::span<const scalar> s, std::span<const element> p);
    /// Replaces every point P by 2·P and caches the encoding of 2·P, for the
    /// whole batch at the cost of one field inversion and about 30 field
    /// multiplications a point (an encoding alone costs an inverse square
    /// root, about 0.1 V). Constant time. Provers compute (s/2)·B
    /// (r255_scalar::half) where they publish s·B. Method and sources:
    /// src/group/r255_batch_encode.cpp.
    static void double_and_encode_batch(std::span<element> points);
};

// ---------------------------------------------------------------------------
// Reference backend (libsodium public API only)

/// A ristretto255 element held as its canonical encoding; every operation
/// decodes and re-encodes through libsodium. Slow; for differential testing.
class r255_ref_point {
public:
    r255_ref_point() = default;  ///< the identity (all-zero encoding)
    static r255_ref_point from_encoding_unchecked(const std::array<byte, 32>& b) {
        r255_ref_point p;
        p.b_ = b;
        return p;
    }

    r255_ref_point operator+(const r255_ref_point& o) const;
    r255_ref_point operator-(const r255_ref_point& o) const;
    r255_ref_point operator-() const;
    r255_ref_point& operator+=(const r255_ref_point& o) { return *this = *this + o; }
    r255_ref_point operator*(const r255_scalar& s) const;
    r255_ref_point dbl() const { return *this + *this; }
    friend bool operator==(const r255_ref_point& a, const r255_ref_point& b);
    const std::array<byte, 32>& raw() const noexcept { return b_; }

private:
    std::array<byte, 32> b_{};
};

struct ristretto255_ref {
    using scalar = r255_scalar;
    using element = r255_ref_point;
    using encoded_element = r255_encoded;
    static constexpr std::string_view name = "ristretto255";  // same group, same encodings
    static constexpr std::size_t scalar_size = 32;
    static constexpr std::size_t element_size = 32;

    static element identity() { return {}; }
    static element generator();
    static bool is_identity(const element& e);
    static encoded_element encode(const element& e);
    static result<element> decode(byte_span b);
    static element from_uniform_bytes(byte_span b);
    static element mul_base(const scalar& s);
    /// s·G, variable time; here simply mul_base (the reference is not about speed).
    static element mul_base_vartime(const scalar& s) { return mul_base(s); }
    static element mul(const element& p, const scalar& s) { return p * s; }
    /// (a·P, b·P) as two separate multiplications (the reference for dual_mul).
    static std::pair<element, element> dual_mul(const element& p, const scalar& a, const scalar& b) {
        return {p * a, p * b};
    }
    static element double_base_vartime(const scalar& a, const scalar& b, const element& p);
    static element multi_exp_vartime(std::span<const scalar> s, std::span<const element> p);
};

namespace detail {
/// For tests: the four representatives P + T of p's element, T in the 4-torsion
/// of libdecaf's internal curve ((X : Y : Z : T), (−X : −Y : Z : T),
/// (iY : iX : Z : −T), (−iY : −iX : Z : −T)); all four are the same element.
std::array<r255_point, 4> r255_coset_representatives(const r255_point& p);
}  // namespace detail

static_assert(prime_order_group<ristretto255>);
static_assert(prime_order_group<ristretto255_ref>);

}  // namespace scrutineer
