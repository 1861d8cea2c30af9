// scrutineer — mixnet: a list of n ciphertext vectors of width w, held encoded.
//
// The input and output of a shuffle. Elements stay in their canonical 32-byte
// encodings (a decoded ristretto255 point takes 320 bytes), so a million
// width-1 ciphertexts take 64 MB instead of 640 MB; the prover and verifier
// decode them in chunks as they go (docs/mixnet.md, "Memory").
//
// Layout (docs/spec.md §5, §9): ciphertext i is the w ciphertexts of its
// components, each encode(α) ‖ encode(β); the list is the n ciphertexts back to
// back, 64·w·n bytes. Construction from bytes checks the length only; every
// element is validated (canonical, in the group, not the identity) when it is
// decoded — by the mixer before shuffling and by the verifier before checking.
#pragma once

#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/hex.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/primitives/elgamal.hpp"

namespace scrutineer::mixnet {

template <prime_order_group G>
class ciphertext_list {
public:
    static constexpr std::size_t element_size = G::element_size;

    ciphertext_list() = default;

    /// Takes ownership of 64·w·n encoded bytes. Errors: bad_input for w = 0,
    /// bad_length if the size does not match. Elements are validated on decode.
    static result<ciphertext_list> from_bytes(bytes b, std::size_t n, std::size_t w) {
        if (w == 0) return error{errc::bad_input, "ciphertext list: width must be at least 1"};
        const std::size_t per = 2 * element_size * w;
        if (n > std::numeric_limits<std::size_t>::max() / per || b.size() != n * per)
            return error{errc::bad_length, "ciphertext list of " + std::to_string(n) + " ciphertexts of width " +
                                               std::to_string(w) + " must be " + std::to_string(n * per) +
                                               " bytes, got " + std::to_string(b.size())};
        ciphertext_list l;
        l.n_ = n;
        l.w_ = w;
        l.b_ = std::move(b);
        return l;
    }
    /// Parses lowercase hex of the byte layout above.
    static result<ciphertext_list> from_hex(std::string_view hex, std::size_t n, std::size_t w) {
        auto b = scrutineer::from_hex(hex);
        if (!b) return with_context("ciphertext list", b.err());
        return from_bytes(std::move(*b), n, w);
    }
    /// Encodes ciphertext vectors (all of width w >= 1; otherwise std::invalid_argument).
    static ciphertext_list from_vectors(const std::vector<elgamal::ciphertext_vector<G>>& v) {
        if (v.empty()) throw std::invalid_argument("ciphertext_list::from_vectors: empty list (use from_bytes)");
        const std::size_t w = v.front().width();
        if (w == 0) throw std::invalid_argument("ciphertext_list::from_vectors: width 0");
        bytes b;
        b.reserve(v.size() * 2 * element_size * w);
        for (const auto& c : v) {
            if (c.width() != w) throw std::invalid_argument("ciphertext_list::from_vectors: widths differ");
            append(b, c.encode());
        }
        return *from_bytes(std::move(b), v.size(), w);
    }

    std::size_t size() const noexcept { return n_; }
    std::size_t width() const noexcept { return w_; }
    /// Bytes per ciphertext (64·w for ristretto255).
    std::size_t stride() const noexcept { return 2 * element_size * w_; }
    byte_span bytes_view() const noexcept { return {b_.data(), b_.size()}; }
    /// The encoding of ciphertext i.
    byte_span encoded(std::size_t i) const { return bytes_view().subspan(i * stride(), stride()); }
    std::string hex() const { return to_hex(bytes_view()); }

    /// Decodes ciphertext i (validated; errors name the index).
    result<elgamal::ciphertext_vector<G>> at(std::size_t i) const {
        if (i >= n_) return error{errc::out_of_range, "ciphertext index " + std::to_string(i) + " out of range"};
        auto r = elgamal::ciphertext_vector<G>::decode(encoded(i), w_);
        if (!r) return with_context("ciphertext " + std::to_string(i), r.err());
        return r;
    }
    /// All ciphertexts decoded (for small lists: decoded points are 10x larger).
    result<std::vector<elgamal::ciphertext_vector<G>>> decode_all() const {
        std::vector<elgamal::ciphertext_vector<G>> out;
        out.reserve(n_);
        for (std::size_t i = 0; i < n_; ++i) {
            auto c = at(i);
            if (!c) return c.err();
            out.push_back(std::move(*c));
        }
        return out;
    }

    friend bool operator==(const ciphertext_list& a, const ciphertext_list& b) {
        return a.n_ == b.n_ && a.w_ == b.w_ && a.b_ == b.b_;
    }

    /// Mutable access to the bytes (for building outputs and for tests that tamper).
    bytes& mutable_bytes() noexcept { return b_; }

private:
    std::size_t n_ = 0;
    std::size_t w_ = 1;
    bytes b_;
};

}  // namespace scrutineer::mixnet
