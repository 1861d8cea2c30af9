// scrutineer — election: encrypted ballots.
//
// A ballot holds, for every homomorphic contest of the manifest (in manifest
// order), one exponential ElGamal ciphertext per option with a range proof
// [0, max_score], and a contest-limit proof that the contest's selections sum
// to at most max_total when that limit is not already implied by the range
// proofs (limit_proof_required: max_total < options·max_score; an approval
// contest, for one, has no limit proof, and a ballot carrying one anyway is
// refused); then one proof of knowledge of all the encryption nonces; and the
// voter credential's Ed25519 signature over the ballot hash.
// For every ranked contest (in manifest order) it holds the ranking embedded
// in w = ranking_width(candidates) group elements (mixnet/ranking.hpp), each
// encrypted with plain ElGamal under its own nonce; these carry no range proof
// (the plaintext is checked after the mix, when it is decoded: a malformed one
// is counted as invalid), but their nonces are part of the randomness proof, so
// a ranked part cannot be copied from another voter's ballot either.
//
// Every proof is bound to the ballot context
//     ctx = derive(manifest.context(), "credential", credential public key)
// so a ballot's ciphertexts copied under another credential carry proofs that
// fail (and cannot be re-proven without the nonces).
//
// Ballot hash (the tracking hash; docs/spec.md §8.3):
//   H( T("scrutineer/ballot/v1", "") ‖ frame("election", manifest hash) ‖ frame("credential", pk)
//      ‖ N("contests", n) ‖ for each contest: T("contest", id) ‖ N("options", m)
//          ‖ frame("selection", ciphertext)·m ‖ frame("range-proof", proof)·m
//          ‖ frame("limit-proof", proof)   (only for contests with a limit proof)
//      ‖ [only when the manifest has ranked contests:
//         N("ranked", r) ‖ for each: T("contest", id) ‖ N("width", w) ‖ frame("ciphertext", c)·w ]
//      ‖ frame("randomness-proof", proof) )
// The signature is Ed25519 over that 64-byte hash. The tracking code shown to
// voters is the first 20 bytes of the hash in Crockford base32, in 8 groups of 4.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <span>

#include "scrutineer/election/manifest.hpp"
#include "scrutineer/election/signature.hpp"
#include "scrutineer/primitives/elgamal.hpp"
#include "scrutineer/protocols/batch.hpp"
#include "scrutineer/protocols/randomness.hpp"
#include "scrutineer/protocols/range.hpp"

namespace scrutineer::election {

using hash64 = std::array<byte, 64>;

/// The voter's choices: for each homomorphic contest id, one value per option
/// (0/1 for plurality, k-of-n and approval; 0..max_score for score); for each
/// ranked contest id, the ranking: 0-based option indices, most preferred
/// first, no repeats, any length from 0 (a blank paper) to all options.
using choices = std::map<std::string, std::vector<std::uint64_t>>;

/// Whether a contest's ballots carry a contest-limit proof: only when the limit
/// is not implied by the per-option range proofs, i.e. when
/// max_total < options·max_score (docs/spec.md §6.4). If every option is proven
/// in [0, max_score], the sum is at most options·max_score <= max_total anyway.
inline bool limit_proof_required(const contest& c) noexcept {
    return c.max_total < static_cast<std::uint64_t>(c.options.size()) * c.max_score;
}

template <prime_order_group G>
struct encrypted_contest {
    std::string id;
    std::vector<elgamal::ciphertext<G>> selections;
    std::vector<proofs::range_proof<G>> range_proofs;
    /// Empty (no branches) when the manifest implies the limit (limit_proof_required).
    proofs::range_proof<G> limit_proof;
};

/// A ranked contest's part: w plain ElGamal ciphertexts of the embedded ranking.
template <prime_order_group G>
struct encrypted_ranking {
    std::string id;
    std::vector<elgamal::ciphertext<G>> ciphertexts;
};

template <prime_order_group G>
struct ballot {
    hash64 election{};  ///< the manifest hash
    verify_key credential;
    std::vector<encrypted_contest<G>> contests;
    std::vector<encrypted_ranking<G>> ranked;  ///< one per ranked contest, manifest order
    proofs::randomness_proof<G> randomness_proof;
    election::signature signature;

    /// The tracking hash (see the file comment).
    hash64 hash() const;
    /// The short tracking code, e.g. "7KQ2-M9XD-…" (8 groups of 4).
    std::string tracking_code() const;
    /// All selections of all contests, then all ranked ciphertexts, in order
    /// (the randomness proof's statement).
    std::vector<elgamal::ciphertext<G>> all_selections() const;

    nlohmann::json to_json() const;
    /// Parses and decodes every field (lengths, hex, group elements, scalars)
    /// against the manifest's shape. Errors name the field.
    static result<ballot> from_json(const nlohmann::json& j, const manifest& m);
};

/// A ballot and the secrets a voter's device keeps until it casts or challenges.
template <prime_order_group G>
struct encrypted_ballot {
    ballot<G> value;
    /// nonces, in the order of all_selections(); revealed only for a Benaloh challenge
    std::vector<secret<typename G::scalar>> nonces;
};

/// The ballot context (see the file comment).
proof_context ballot_context(const manifest& m, const verify_key& credential);

/// Encrypts and proves a voter's choices; constant time in the choices and
/// nonces. Errors (bad_input) when the choices do not fit the manifest: a
/// missing or unknown contest, a wrong number of values, a value above
/// max_score, a sum above max_total, a ranking with a repeat or an index out
/// of range. Ranked contests need ristretto255.
template <prime_order_group G>
result<encrypted_ballot<G>> encrypt_ballot(const manifest& m, const elgamal::public_key<G>& pk,
                                           const signing_key& credential, const choices& c, rng& r);

/// Adds every proof equation of the ballot to `eqs` after the structural and
/// signature checks (which fail immediately, naming the contest and field).
template <prime_order_group G>
[[nodiscard]] status ballot_equations(const manifest& m, const typename G::element& K, const ballot<G>& b,
                                      equation_set<G>& eqs);

/// Verifies a ballot completely: shape, signature, every proof. Variable time.
template <prime_order_group G>
[[nodiscard]] status verify_ballot(const manifest& m, const typename G::element& K, const ballot<G>& b) {
    equation_set<G> eqs;
    if (auto s = ballot_equations(m, K, b, eqs); !s) return s;
    return eqs.check_vartime();
}

/// Verifies many ballots of one election at once: each ballot's structural and
/// signature checks, then all their proof equations as one random linear
/// combination (protocols/batch.hpp; weights from `weights`, which must be a
/// secure source the ballots' authors cannot predict). Failing ballots are
/// isolated by bisection and reported with their index in `ballots`, the label
/// "ballot <index>" and the reason (the same as verify_ballot's). Runs on
/// parallel::threads() threads (parallel::thread_scope to change). Variable time.
template <prime_order_group G>
[[nodiscard]] batch_result verify_ballots_batch(const manifest& m, const typename G::element& K,
                                                std::span<const ballot<G>> ballots, rng& weights = default_rng());

/// The tracking hash of a ballot in its JSON form (ballot::to_json), computed
/// from the encodings as written, without decoding any group element: for a
/// ballot already verified (the operator replaying its own board). Only the
/// shape the hash needs is checked; for JSON that ballot::from_json accepts
/// it equals hash() of the parsed ballot.
result<hash64> ballot_hash_from_json(const nlohmann::json& j);

/// Crockford base32 of the first 20 bytes, grouped "XXXX-XXXX-…".
std::string tracking_code_of(const hash64& h);

}  // namespace scrutineer::election

#include "scrutineer/election/ballot_impl.hpp"
