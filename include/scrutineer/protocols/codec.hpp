// scrutineer — protocols: reading proofs and statements from untrusted bytes.
#pragma once

#include <string>

#include "scrutineer/core/error.hpp"
#include "scrutineer/group/concept.hpp"

namespace scrutineer {

/// Reads fixed-size fields from untrusted bytes; every element is validated
/// and must not be the identity; every scalar must be canonical.
template <prime_order_group G>
class field_reader {
public:
    field_reader(byte_span b, std::string what) : b_(b), what_(std::move(what)) {}

    result<typename G::element> element(const std::string& field) {
        if (pos_ + G::element_size > b_.size()) return short_input(field);
        auto e = decode_nonidentity<G>(b_.subspan(pos_, G::element_size));
        pos_ += G::element_size;
        if (!e) return with_context(what_ + " field " + field, e.err());
        return e;
    }
    result<typename G::scalar> scalar(const std::string& field) {
        if (pos_ + G::scalar_size > b_.size()) return short_input(field);
        auto s = G::scalar::decode(b_.subspan(pos_, G::scalar_size));
        pos_ += G::scalar_size;
        if (!s) return with_context(what_ + " field " + field, s.err());
        return s;
    }
    /// Fails if bytes remain.
    status finish() const {
        if (pos_ != b_.size())
            return status(errc::bad_length, what_ + ": " + std::to_string(b_.size() - pos_) + " trailing bytes");
        return {};
    }

private:
    error short_input(const std::string& field) const {
        return error{errc::bad_length, what_ + ": input ends before field " + field};
    }
    byte_span b_;
    std::string what_;
    std::size_t pos_ = 0;
};

/// Whether e is the identity; from its cached canonical encoding when the group
/// keeps one (the identity encodes as all zero bytes in every scrutineer group
/// that caches encodings, i.e. ristretto255: RFC 9496 §4.3.2), else G::is_identity.
template <prime_order_group G>
bool is_identity_fast(const typename G::element& e) {
    if constexpr (requires { e.cached_encoding(); }) {
        if (const auto* enc = e.cached_encoding()) {
            byte acc = 0;
            for (byte x : *enc) acc |= x;
            return acc == 0;
        }
    }
    return G::is_identity(e);
}

inline std::string indexed(const char* name, std::size_t i) { return std::string(name) + "[" + std::to_string(i) + "]"; }

}  // namespace scrutineer
