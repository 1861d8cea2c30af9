// scrutineer — mixnet: the independent generators of the shuffle proof.
//
// The proof of shuffle commits to the permutation with Pedersen-style
// commitments under generators h, h_1 … h_N that must be independent of G and
// of each other: whoever knows a discrete-log relation among them can commit
// to a non-permutation and forge a proof for any output (Haines, Lewis,
// Pereira, Teague, "How not to prove your election outcome", IEEE S&P 2020,
// found exactly this in the Swiss Post shuffle in 2019: the generators were
// produced by a party who could know their logs). Here they are hashed to the
// group from the proof context and a fixed label, so nobody chooses them:
//
//   generator_k = hash_to_group("scrutineer/generators/v1",
//                               C(32) ‖ u32le(len(L)) ‖ L ‖ u64le(k)),
//   L = "scrutineer/shuffle/v1",  h = generator_0,  h_i = generator_i (i = 1 … N)
//
// which is primitives/hash_to_group.hpp `independent_generators(C, L, N + 1)`
// (docs/spec.md §4, §9.2), computed here in parallel chunks so that a verifier
// of a million ciphertexts never holds all of them at once.
//
// `shuffle_generators` is that derivation. Tests (and only tests) can build one
// from explicit elements to show that proofs under other generators are rejected.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/primitives/hash_to_group.hpp"
#include "scrutineer/primitives/transcript.hpp"

namespace scrutineer::mixnet {

/// The generators label (docs/spec.md §9.2).
inline constexpr std::string_view shuffle_generators_label = "scrutineer/shuffle/v1";

template <prime_order_group G>
class shuffle_generators {
public:
    using element = typename G::element;

    /// The specified derivation under context `ctx`.
    static shuffle_generators derived(const proof_context& ctx) {
        shuffle_generators g;
        g.prefix_.assign(ctx.bytes().begin(), ctx.bytes().end());
        append_le(g.prefix_, shuffle_generators_label.size(), 4);
        append(g.prefix_, as_bytes(shuffle_generators_label));
        return g;
    }
    /// Explicit generators (explicit[0] = h, explicit[i] = h_i). FOR TESTS ONLY:
    /// a shuffle proof under generators other than `derived` does not verify.
    static shuffle_generators explicit_for_testing(std::vector<element> gens) {
        shuffle_generators g;
        g.explicit_ = std::move(gens);
        return g;
    }

    /// generator_k (k = 0 is h).
    element at(std::size_t k) const {
        if (explicit_) {
            if (k >= explicit_->size()) throw std::out_of_range("shuffle_generators: explicit list too short");
            return (*explicit_)[k];
        }
        bytes msg = prefix_;
        append_le(msg, k, 8);
        auto e = hash_to_group<G>(generators_domain, msg);
        if (G::is_identity(e)) throw scrutineer_error({errc::internal, "hash to group produced the identity"});
        return e;
    }
    /// out[j] = generator_{first + j}, in parallel.
    void fill(std::size_t first, std::span<element> out) const {
        parallel::for_chunks(out.size(), 256, [&](std::size_t lo, std::size_t hi) {
            for (std::size_t j = lo; j < hi; ++j) out[j] = at(first + j);
        });
    }

private:
    shuffle_generators() = default;
    bytes prefix_;
    std::optional<std::vector<element>> explicit_;
};

}  // namespace scrutineer::mixnet
