// scrutineer — election: the mix chain of ranked contests (docs/spec.md §8.11,
// docs/mixnet.md "The mix chain").
//
// After the tally, the board operator posts each ranked contest's mix-input:
// the ranked ciphertexts of the counted ballots, in board order, each repeated
// by its voter's weight. Then the mixers, by default every trustee, take turns:
// each reads the chain's head (the mix-input, or the previous mixer's output),
// shuffles it with a fresh secret permutation and fresh nonces, proves the
// shuffle (protocols/shuffle.hpp) under mix_context(contest, round), signs the
// statement with its co-signing key and hands the result to the operator, who
// verifies and posts it (board_operator::post_mix). Anonymity holds if one
// mixer keeps its permutation secret; the verifier requires at least k distinct
// trustees to have mixed, so the chain includes an honest one whenever fewer
// than k trustees collude (the same assumption that protects the key).
// Then k trustees post decryption shares of the last output (ranked-share),
// and the operator posts the decoded rankings and the count (ranked-result).
//
// `scrutineer mix` runs one mixer's turn as its own process on a copy of the
// record (mix_turn on read_chain_head).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scrutineer/election/record.hpp"

namespace scrutineer::election {

/// The head of one ranked contest's mix chain, as read from a record.
struct chain_head {
    manifest m;
    hash64 manifest_hash{};
    record::G::element joint_key = record::G::identity();
    std::vector<verify_key> trustees;  ///< the open's trustee co-signing keys, [i − 1] for trustee i
    std::string contest;
    mixnet::ciphertext_list<record::G> list;  ///< the next mixer's input
    std::uint32_t rounds = 0;                 ///< mixes so far
    std::vector<std::uint32_t> mixers;        ///< who mixed, in order
};

/// Reads the head of `contest`'s chain from the record in `dir`: the open's
/// joint key, the contest's mix-input and every mix after it. With
/// `check_proofs`, each earlier mix's signature and shuffle proof are verified
/// first (a mixer should not shuffle a list it cannot trust). Errors: io /
/// bad_input for an unreadable record, not_found when there is no mix-input
/// for the contest yet, verify_failed naming the first bad mix.
result<chain_head> read_chain_head(const std::filesystem::path& dir, std::string_view contest, bool check_proofs = true);

/// One mixer's turn: shuffles `input` under key K, proves it under
/// mix_context(m, contest, round) and signs the statement with the mixer's
/// (trustee `mixer`'s) co-signing key. Errors: bad_input for an empty input.
result<record::mix_payload> mix_turn(const manifest& m, const record::G::element& K, std::string_view contest,
                                     std::uint32_t round, std::uint32_t mixer, const signing_key& key,
                                     const mixnet::ciphertext_list<record::G>& input, rng& r = default_rng());

/// Whether mix `p` is signed by its mixer: trustee p.mixer's key in
/// `mixer_keys` (index mixer − 1), over p.statement(manifest_hash, input).
bool mix_signed_by_mixer(const hash64& manifest_hash, const std::vector<verify_key>& mixer_keys,
                         const mixnet::ciphertext_list<record::G>& input, const record::mix_payload& p);

/// The proof part of a mix's check: as many papers out as in, of the same
/// width; the proof decodes; the proof of shuffle holds under
/// mix_context(contest, round) and key K (not the identity). verify_failed
/// (or the decoding error) says what fails, without naming the entry.
status check_mix_proof(const manifest& m, const record::G::element& K, const mixnet::ciphertext_list<record::G>& input,
                       const record::mix_payload& p);
/// check_mix_proof, freeing p.proof's bytes as soon as they are decoded, so
/// that the proof is held once (decoded) during the check: the verifier's
/// path, where the payload is not needed afterwards but for its output
/// (160 bytes a paper of width 1; 160 MB for 10^6 papers).
status check_mix_proof_releasing(const manifest& m, const record::G::element& K,
                                 const mixnet::ciphertext_list<record::G>& input, record::mix_payload& p);

/// Checks one posted mix against its input: the mixer's signature
/// (mix_signed_by_mixer) and the proof (check_mix_proof). verify_failed names
/// the round and mixer and what fails.
status check_mix(const manifest& m, const hash64& manifest_hash, const record::G::element& K,
                 const std::vector<verify_key>& mixer_keys, const mixnet::ciphertext_list<record::G>& input,
                 const record::mix_payload& p);

/// The n·w ciphertexts of a list, flattened (ciphertext i component j at i·w + j):
/// what the trustees decrypt. Errors name an invalid element.
result<std::vector<elgamal::ciphertext<record::G>>> flatten(const mixnet::ciphertext_list<record::G>& l);

/// Flattened ciphertexts first … first + count − 1 of a list (as flatten(),
/// decoding only the papers they belong to, on all cores): lets a large list
/// be decrypted and checked in pieces. out_of_range past the end; errors name
/// an invalid element.
result<std::vector<elgamal::ciphertext<record::G>>> flatten_range(const mixnet::ciphertext_list<record::G>& l,
                                                                  std::size_t first, std::size_t count);

/// Whether every element of a list decodes (as flatten() would), without
/// keeping the points; on all cores. The error names the first invalid one.
status check_decodes(const mixnet::ciphertext_list<record::G>& l);

}  // namespace scrutineer::election
