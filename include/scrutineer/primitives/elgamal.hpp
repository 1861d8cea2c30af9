// scrutineer — primitives: ElGamal encryption, exponential and plain, and
// ciphertext vectors (elements of the product group G^w × G^w).
//
// Notation (ElGamal 1985; exponential variant as in Cramer, Gennaro,
// Schoenmakers, EUROCRYPT 1997 §2.2, and ElectionGuard 2.0 §3.3):
//   g  the group generator,  s  a secret key,  K = g^s  the public key,
//   r  encryption randomness (nonce),
//   plain:        (α, β) = (g^r, K^r · M)       for a group element M
//   exponential:  (α, β) = (g^r, K^r · g^m)     for a small integer m
// In additive notation, as the code writes it: α = r·G, β = r·K + m·G.
//
// Constant time: encryption and decryption are constant time in m, r and s.
// Recovering m from g^m (`discrete_log_vartime`) is variable time and must
// only be applied to values that are public by then (decrypted tallies).
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/group/fixed_base.hpp"

namespace scrutineer::elgamal {

/// An ElGamal ciphertext (α, β). Encoding: encode(α) ‖ encode(β).
template <prime_order_group G>
struct ciphertext {
    using element = typename G::element;
    using scalar = typename G::scalar;
    static constexpr std::size_t encoded_size = 2 * G::element_size;

    element alpha;  ///< α = g^r
    element beta;   ///< β = K^r · g^m (or K^r · M)

    /// The encryption of 0 with randomness 0, neutral for +.
    static ciphertext zero() { return {G::identity(), G::identity()}; }

    /// Homomorphic addition: E(m1; r1) + E(m2; r2) = E(m1 + m2; r1 + r2).
    ciphertext operator+(const ciphertext& o) const { return {alpha + o.alpha, beta + o.beta}; }
    ciphertext operator-(const ciphertext& o) const { return {alpha - o.alpha, beta - o.beta}; }
    ciphertext& operator+=(const ciphertext& o) { return *this = *this + o; }
    /// Scalar multiplication (weights): k·E(m; r) = E(k·m; k·r). Constant time in k.
    ciphertext operator*(const scalar& k) const { return {alpha * k, beta * k}; }
    friend bool operator==(const ciphertext& a, const ciphertext& b) { return a.alpha == b.alpha && a.beta == b.beta; }

    bytes encode() const {
        bytes out;
        out.reserve(encoded_size);
        append(out, G::encode(alpha).span());
        append(out, G::encode(beta).span());
        return out;
    }
    /// Validated decoding of untrusted bytes: exactly 2 elements, both valid and
    /// not the identity (an honest α or β is never the identity except with
    /// probability ~2^-252, and an identity α means r = 0, no encryption at all).
    static result<ciphertext> decode(byte_span b) {
        if (b.size() != encoded_size)
            return error{errc::bad_length, "ciphertext must be " + std::to_string(encoded_size) + " bytes, got " +
                                               std::to_string(b.size())};
        auto a = decode_nonidentity<G>(b.subspan(0, G::element_size));
        if (!a) return with_context("ciphertext alpha", a.err());
        auto be = decode_nonidentity<G>(b.subspan(G::element_size));
        if (!be) return with_context("ciphertext beta", be.err());
        return ciphertext{*a, *be};
    }
};

/// A public key K = g^s with a fixed-base table for fast encryption.
template <prime_order_group G>
class public_key {
public:
    explicit public_key(const typename G::element& k) : table_(with_encoding(k)) {
        if (G::is_identity(k)) throw std::invalid_argument("elgamal::public_key: the identity is not a public key");
    }
    /// Validated decoding (rejects the identity).
    static result<public_key> decode(byte_span b) {
        auto e = decode_nonidentity<G>(b);
        if (!e) return with_context("public key", e.err());
        return public_key(*e);
    }
    const typename G::element& element() const noexcept { return table_.base(); }
    /// r·K, constant time.
    typename G::element mul(const typename G::scalar& r) const { return table_.mul(r); }

private:
    static typename G::element with_encoding(typename G::element k) {
        cache_encoding<G>(k);  // K is absorbed by every proof's transcript
        return k;
    }
    fixed_base<G> table_;
};

/// A key pair: s is secret (wiped, not copyable), K = g^s.
template <prime_order_group G>
struct key_pair {
    secret<typename G::scalar> sk;
    public_key<G> pk;

    static key_pair generate(rng& r) {
        auto s = secret<typename G::scalar>(G::scalar::random_nonzero(r));
        auto k = G::mul_base(s.expose());
        ct::declassify(&k, sizeof k);  // K = s·G is the public key
        return {std::move(s), public_key<G>(k)};
    }
};

/// A fresh ciphertext and the randomness that made it (needed by the proofs).
template <prime_order_group G>
struct encryption {
    ciphertext<G> ct;                     ///< the ciphertext
    secret<typename G::scalar> randomness;  ///< its nonce r
};

/// E(m; r) for a scalar message m with given randomness; constant time.
template <prime_order_group G>
ciphertext<G> encrypt_exp_with(const public_key<G>& pk, const typename G::scalar& m, const typename G::scalar& r) {
    ciphertext<G> c{G::mul_base(r), pk.mul(r) + G::mul_base(m)};
    cache_encoding<G>(c.alpha);  // a fresh ciphertext is published and hashed
    cache_encoding<G>(c.beta);
    return c;
}

/// Exponential ElGamal encryption of the integer m with fresh randomness;
/// constant time in m and r.
template <prime_order_group G>
encryption<G> encrypt_exp(const public_key<G>& pk, std::uint64_t m, rng& rand) {
    auto r = secret<typename G::scalar>(G::scalar::random_nonzero(rand));
    auto c = encrypt_exp_with<G>(pk, G::scalar::from_u64(m), r.expose());
    return {c, std::move(r)};
}

/// Plain ElGamal encryption of the group element M; constant time.
template <prime_order_group G>
encryption<G> encrypt(const public_key<G>& pk, const typename G::element& M, rng& rand) {
    auto r = secret<typename G::scalar>(G::scalar::random_nonzero(rand));
    ciphertext<G> c{G::mul_base(r.expose()), pk.mul(r.expose()) + M};
    return {c, std::move(r)};
}

/// Re-encryption: c + E(0; r'), same plaintext, fresh randomness r' (returned).
template <prime_order_group G>
encryption<G> reencrypt(const public_key<G>& pk, const ciphertext<G>& c, rng& rand) {
    auto r = secret<typename G::scalar>(G::scalar::random_nonzero(rand));
    ciphertext<G> d{c.alpha + G::mul_base(r.expose()), c.beta + pk.mul(r.expose())};
    return {d, std::move(r)};
}

/// Decryption to a group element: M = β − s·α, computed as β + (−s)·α (the
/// scalar negated rather than the element: in a modp group an element's
/// negation is an inversion mod p, and α has order q); constant time.
template <prime_order_group G>
typename G::element decrypt(const secret<typename G::scalar>& sk, const ciphertext<G>& c) {
    const secret<typename G::scalar> neg(-sk.expose());
    return c.beta + c.alpha * neg.expose();
}

/// Baby-step giant-step table for discrete logs of g^m with 0 <= m <= max.
///
/// Cost: building takes ⌈√(max+1)⌉ group additions and encodings and as many
/// table entries (~48 bytes each); a lookup takes at most ⌈√(max+1)⌉ giant steps
/// (one addition and one encoding each). With max = 10^8 the table holds 10^4
/// entries (~0.5 MiB) and a lookup costs at most 10^4 steps (~0.1 s).
/// max is limited to 2^40 (10^6 baby steps). Variable time: public values only.
template <prime_order_group G>
class dlog_table {
public:
    explicit dlog_table(std::uint64_t max) : max_(max) {
        if (max > (std::uint64_t{1} << 40)) throw std::invalid_argument("dlog_table: max above 2^40");
        m_ = 1;
        while (m_ * m_ < max + 1) ++m_;
        auto e = G::identity();
        const auto g = G::generator();
        baby_.reserve(m_);
        for (std::uint64_t j = 0; j < m_; ++j) {
            baby_.emplace(key(e), j);
            e += g;
        }
        giant_ = G::mul_base(-G::scalar::from_u64(m_));  // −m·G by the negated scalar
    }
    std::uint64_t max() const noexcept { return max_; }

    /// m with m·G = target and 0 <= m <= max, or out_of_range.
    result<std::uint64_t> discrete_log_vartime(const typename G::element& target) const {
        auto y = target;
        for (std::uint64_t i = 0; i * m_ <= max_; ++i) {
            auto enc = G::encode(y);
            auto it = baby_.find(key_bytes(enc));
            if (it != baby_.end()) {
                const std::uint64_t m = i * m_ + it->second;
                if (m <= max_ && G::mul_base(G::scalar::from_u64(m)) == target) return m;
            }
            y += giant_;
        }
        return error{errc::out_of_range, "plaintext is not in [0, " + std::to_string(max_) + "]"};
    }

private:
    static std::string key_bytes(const typename G::encoded_element& e) {
        return std::string(reinterpret_cast<const char*>(e.bytes.data()), e.bytes.size());
    }
    static std::string key(const typename G::element& e) { return key_bytes(G::encode(e)); }

    std::uint64_t max_;
    std::uint64_t m_;
    std::unordered_map<std::string, std::uint64_t> baby_;
    typename G::element giant_;
};

/// Decrypts an exponential ciphertext and recovers m <= table.max(). The
/// decryption is constant time; the discrete log is variable time in m.
template <prime_order_group G>
result<std::uint64_t> decrypt_exp(const secret<typename G::scalar>& sk, const ciphertext<G>& c,
                                  const dlog_table<G>& table) {
    return table.discrete_log_vartime(decrypt<G>(sk, c));
}

/// Convenience: builds a table for [0, max] and decrypts.
template <prime_order_group G>
result<std::uint64_t> decrypt_exp(const secret<typename G::scalar>& sk, const ciphertext<G>& c, std::uint64_t max) {
    return decrypt_exp<G>(sk, c, dlog_table<G>(max));
}

// ---------------------------------------------------------------------------
// Ciphertext vectors: elements of the product group (G × G)^w, as in
// Verificatum, so that re-encryption and the shuffle proof are written once
// for any width w.

template <prime_order_group G>
class ciphertext_vector {
public:
    ciphertext_vector() = default;
    explicit ciphertext_vector(std::vector<ciphertext<G>> c) : c_(std::move(c)) {}
    static ciphertext_vector zero(std::size_t w) { return ciphertext_vector(std::vector<ciphertext<G>>(w, ciphertext<G>::zero())); }

    std::size_t width() const noexcept { return c_.size(); }
    const ciphertext<G>& operator[](std::size_t i) const { return c_.at(i); }
    const std::vector<ciphertext<G>>& components() const noexcept { return c_; }

    ciphertext_vector operator+(const ciphertext_vector& o) const {
        check_width(o);
        ciphertext_vector r = *this;
        for (std::size_t i = 0; i < c_.size(); ++i) r.c_[i] += o.c_[i];
        return r;
    }
    ciphertext_vector operator*(const typename G::scalar& k) const {
        ciphertext_vector r = *this;
        for (auto& x : r.c_) x = x * k;
        return r;
    }
    friend bool operator==(const ciphertext_vector& a, const ciphertext_vector& b) { return a.c_ == b.c_; }

    bytes encode() const {
        bytes out;
        for (const auto& x : c_) append(out, x.encode());
        return out;
    }
    static result<ciphertext_vector> decode(byte_span b, std::size_t width) {
        if (b.size() != width * ciphertext<G>::encoded_size)
            return error{errc::bad_length, "ciphertext vector of width " + std::to_string(width) + " must be " +
                                               std::to_string(width * ciphertext<G>::encoded_size) + " bytes, got " +
                                               std::to_string(b.size())};
        std::vector<ciphertext<G>> c;
        c.reserve(width);
        for (std::size_t i = 0; i < width; ++i) {
            auto x = ciphertext<G>::decode(b.subspan(i * ciphertext<G>::encoded_size, ciphertext<G>::encoded_size));
            if (!x) return with_context("component " + std::to_string(i), x.err());
            c.push_back(*x);
        }
        return ciphertext_vector(std::move(c));
    }

private:
    void check_width(const ciphertext_vector& o) const {
        if (o.width() != width()) throw std::invalid_argument("ciphertext_vector: widths differ");
    }
    std::vector<ciphertext<G>> c_;
};

/// Randomness for a vector (one nonce per component), wiped on destruction.
template <prime_order_group G>
using vector_randomness = std::vector<secret<typename G::scalar>>;

template <prime_order_group G>
struct vector_encryption {
    ciphertext_vector<G> ciphertexts;
    vector_randomness<G> randomness;
};

/// Encrypts w group elements (plain ElGamal), one fresh nonce each.
template <prime_order_group G>
vector_encryption<G> encrypt_vector(const public_key<G>& pk, std::span<const typename G::element> m, rng& rand) {
    std::vector<ciphertext<G>> c;
    vector_randomness<G> r;
    for (const auto& x : m) {
        auto e = encrypt<G>(pk, x, rand);
        c.push_back(e.ct);
        r.push_back(std::move(e.randomness));
    }
    return {ciphertext_vector<G>(std::move(c)), std::move(r)};
}

/// Re-encrypts every component with fresh randomness.
template <prime_order_group G>
vector_encryption<G> reencrypt_vector(const public_key<G>& pk, const ciphertext_vector<G>& v, rng& rand) {
    std::vector<ciphertext<G>> c;
    vector_randomness<G> r;
    for (const auto& x : v.components()) {
        auto e = reencrypt<G>(pk, x, rand);
        c.push_back(e.ct);
        r.push_back(std::move(e.randomness));
    }
    return {ciphertext_vector<G>(std::move(c)), std::move(r)};
}

}  // namespace scrutineer::elgamal
