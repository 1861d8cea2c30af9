// scrutineer — primitives: hashing to the group and to scalars.
//
// hash_to_group maps (domain, message) to a group element with the group's
// one-way map (RFC 9496 §4.3.4 for ristretto255) applied to a SHA-512 digest,
// so nobody knows the discrete log of the result with respect to any other
// element. `independent_generators` derives the generators a protocol needs
// (e.g. the shuffle proof's h_1..h_N) from the election context and a label,
// so no party can hold a trapdoor (the flaw found in the Swiss Post shuffle,
// Haines, Lewis, Pereira, Teague, "How not to prove your election outcome",
// IEEE S&P 2020). Byte layouts: docs/spec.md §4.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/primitives/hash.hpp"
#include "scrutineer/primitives/transcript.hpp"

namespace scrutineer {

inline constexpr std::string_view hash_to_group_domain = "scrutineer/hash-to-group/v1";
inline constexpr std::string_view hash_to_scalar_domain = "scrutineer/hash-to-scalar/v1";
inline constexpr std::string_view generators_domain = "scrutineer/generators/v1";

/// G::from_uniform_bytes(SHA-512(frame("scrutineer/hash-to-group/v1", domain) ‖ frame("message", msg))).
template <prime_order_group G>
typename G::element hash_to_group(std::string_view domain, byte_span msg) {
    sha512 h;
    frame(h, hash_to_group_domain, as_bytes(domain));
    frame(h, "message", msg);
    return G::from_uniform_bytes(h.digest());
}

/// G::scalar::from_wide(SHA-512(frame("scrutineer/hash-to-scalar/v1", domain) ‖ frame("message", msg))).
template <prime_order_group G>
typename G::scalar hash_to_scalar(std::string_view domain, byte_span msg) {
    sha512 h;
    frame(h, hash_to_scalar_domain, as_bytes(domain));
    frame(h, "message", msg);
    return G::scalar::from_wide(h.digest());
}

/// n generators for `label` under `ctx`: element i is
/// hash_to_group("scrutineer/generators/v1", context(32) ‖ u32le(len(label)) ‖ label ‖ u64le(i)).
/// None is the identity (checked; the probability is ~2^-252 per element).
template <prime_order_group G>
std::vector<typename G::element> independent_generators(const proof_context& ctx, std::string_view label,
                                                        std::size_t n) {
    std::vector<typename G::element> out;
    out.reserve(n);
    bytes prefix(ctx.bytes().begin(), ctx.bytes().end());
    append_le(prefix, label.size(), 4);
    append(prefix, as_bytes(label));
    for (std::size_t i = 0; i < n; ++i) {
        bytes msg = prefix;
        append_le(msg, i, 8);
        auto e = hash_to_group<G>(generators_domain, msg);
        if (G::is_identity(e)) throw scrutineer_error({errc::internal, "hash to group produced the identity"});
        out.push_back(e);
    }
    return out;
}

}  // namespace scrutineer
