// scrutineer — election: the published election record and the payloads of
// the board entries (docs/format/record.md, docs/format/board.md, docs/spec.md §8.5–§8.10).
//
// A record is a directory:
//   manifest.json   the manifest (canonical JSON)
//   roll.jsonl      the roll, one canonical entry a line, sorted by voter id
//   ceremony.json   the public transcript of the key ceremony
//   board.jsonl     the bulletin board (board.hpp), from "open" to "result"
// Everything else an auditor needs is on the board; the three other files are
// bound to it by the hashes in the "open" entry.
//
// Board entries, in order (every one signed by the board operator):
//   open                 entry 0: manifest hash, roll commitment and the credential
//                        authority's signature on it, ceremony hash, joint key,
//                        trustee and authority keys; co-signed by ≥ k trustees
//   cast | challenge | revoke | cancel      while open, in any order
//   close                the board head, co-signed by ≥ k trustees
//   tally                the weighted homomorphic sum of the counted ballots
//   decryption-share     one per participating trustee
//   for each ranked contest (§8.11), after the tally and before the result (contests
//   and the tally's decryption shares may interleave), in this order:
//     mix-input          the ranked ciphertexts of the counted ballots (weighted)
//     mix                one per mixer in turn: shuffled output, proof of shuffle,
//                        the mixer's (a trustee's) signature
//     ranked-share       one per participating trustee: decryption shares of the
//                        last mix's output, with proofs
//     ranked-result      the decrypted rankings in mixed order, the invalid ones
//                        with their reasons, and the count's stage sheet
//   result               the counts, per contest and option (the last entry)
//
// Records use ristretto255 (the manifest's group); the types below are for it.
#pragma once

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/ceremony/dkg.hpp"
#include "scrutineer/election/ballot.hpp"
#include "scrutineer/election/board.hpp"
#include "scrutineer/election/challenge.hpp"
#include "scrutineer/election/manifest.hpp"
#include "scrutineer/election/roll.hpp"
#include "scrutineer/group/ristretto255.hpp"
#include "scrutineer/mixnet/ciphertext_list.hpp"

namespace scrutineer::election::record {

using G = ristretto255;
using json = nlohmann::json;

inline constexpr std::string_view format = "scrutineer/record/v1";

/// File names inside a record directory.
namespace files {
inline constexpr std::string_view manifest = "manifest.json";
inline constexpr std::string_view roll = "roll.jsonl";
inline constexpr std::string_view ceremony = "ceremony.json";
inline constexpr std::string_view board = "board.jsonl";
/// Only while a record waits for its open entry (board_operator::stage);
/// removed once the open is posted.
inline constexpr std::string_view open_request = "open-request.json";
}  // namespace files

/// The cancellation reasons the policy engine knows (policy.hpp). A manifest
/// lists the ones its election allows in policy.cancel_reasons.
namespace reasons {
inline constexpr std::string_view revoked = "revoked";        ///< cast at or after the voter's revocation
inline constexpr std::string_view superseded = "superseded";  ///< revoting "last": a later ballot replaces it
inline constexpr std::string_view repeat = "repeat";          ///< revoting "first"/"none": a second ballot
}  // namespace reasons

/// A trustee's Ed25519 signature on a statement (open or close).
struct cosignature {
    std::uint32_t trustee = 0;  ///< 1..n, the index in the open entry's `trustees`
    election::signature sig;
};

/// Entry 0.
struct open_payload {
    hash64 manifest_hash{};
    hash64 roll_commitment{};
    std::uint64_t roll_size = 0;
    verify_key authority;             ///< the credential authority
    election::signature roll_signature;  ///< authority's signature on roll_statement()
    hash64 ceremony_hash{};           ///< hash of ceremony.json's canonical JSON
    G::element joint_key = G::identity();
    std::vector<verify_key> trustees;  ///< trustee i's co-signing key at [i−1]
    std::vector<cosignature> cosignatures;

    /// What the credential authority signs: §8.5.
    hash64 roll_statement() const;
    /// What the trustees co-sign: everything above except the co-signatures,
    /// and the operator's key (the entry's signer): §8.5.
    hash64 statement(const verify_key& board_operator) const;
    json to_json() const;
    static result<open_payload> from_json(const json& j);
};

/// A revocation, signed by the credential authority (§8.8).
struct revoke_payload {
    std::string voter;
    std::string reason;  ///< free text (1–200 characters), e.g. "membership lapsed"
    election::signature authority_signature;

    hash64 statement(const hash64& manifest_hash) const;
    json to_json() const;
    static result<revoke_payload> from_json(const json& j);
};

/// A cancellation of a cast ballot (§8.8): the board index of its cast entry,
/// its ballot hash, and a reason from reasons::.
struct cancel_payload {
    std::uint64_t entry = 0;
    hash64 ballot{};
    std::string reason;

    json to_json() const;
    static result<cancel_payload> from_json(const json& j);
};

/// The close checkpoint (§8.9): the head of the board just before it.
struct close_payload {
    std::uint64_t entries = 0;  ///< the close's own index: entries 0..entries−1 are closed
    hash64 head{};              ///< hash of entry entries−1
    std::vector<cosignature> cosignatures;

    hash64 statement(const hash64& manifest_hash) const;
    json to_json() const;
    static result<close_payload> from_json(const json& j);
};

/// The number of ciphertexts in a tally: one per option of every homomorphic contest.
inline std::size_t tally_width(const manifest& m) {
    std::size_t n = 0;
    for (const auto& c : m.contests)
        if (c.homomorphic()) n += c.options.size();
    return n;
}

/// The encrypted tally (§8.10), in manifest order of the homomorphic contests.
struct tally_payload {
    std::uint64_t ballots = 0;  ///< counted ballots
    std::uint64_t weight = 0;   ///< the sum of their weights
    struct contest {
        std::string id;
        std::vector<elgamal::ciphertext<G>> selections;
    };
    std::vector<contest> contests;

    /// All selections in order (what is decrypted).
    std::vector<elgamal::ciphertext<G>> all() const;
    /// The tally of the homomorphic contests of `m` from their sums, flattened in manifest order.
    static tally_payload from_sums(const manifest& m, const std::vector<elgamal::ciphertext<G>>& sums,
                                   std::uint64_t ballots, std::uint64_t weight);
    json to_json() const;
    static result<tally_payload> from_json(const json& j, const manifest& m);
};

/// The result (§8.10): counts per contest and option, and the trustees whose
/// shares were combined.
struct result_payload {
    struct contest {
        std::string id;
        std::vector<std::pair<std::string, std::uint64_t>> options;  ///< (option id, votes)
    };
    std::vector<contest> contests;
    std::vector<std::uint32_t> trustees;

    json to_json() const;
    static result<result_payload> from_json(const json& j);
};

/// The input of a ranked contest's mix chain (§8.11): the contest's ciphertexts
/// of the counted ballots in board order, each ballot repeated `weight` times
/// (a voter of weight 2 has two papers in the count). Empty (n = 0) when no
/// ballot counts; then there is no mix and no share.
struct mix_input_payload {
    std::string contest;
    std::uint64_t ballots = 0;  ///< counted ballots (n is their total weight)
    mixnet::ciphertext_list<G> ciphertexts;

    json to_json() const;
    static result<mix_input_payload> from_json(const json& j, const manifest& m);
};

/// A cast ballot's ranked parts, encoded: for each ranked contest (manifest
/// order), its w ciphertexts back to back (the list encoding of §9.1).
std::vector<bytes> encode_ranked_parts(const ballot<G>& b);
/// Finds rows (anything with a board index `entry`) appended to a vector.
/// While the indices increase, as along a well-formed board, a row is found
/// by binary search; from the first that does not (a board failing B1),
/// through a hash index of the last row appended with each index.
class entry_index {
public:
    /// Call after appending rows.back().
    template <class Row>
    void appended(const std::vector<Row>& rows) {
        const std::size_t i = rows.size() - 1;
        if (increasing_ && i > 0 && rows[i].entry <= rows[i - 1].entry) {
            increasing_ = false;
            for (std::size_t k = 0; k < i; ++k) by_entry_[rows[k].entry] = k;
        }
        if (!increasing_) by_entry_[rows[i].entry] = i;
    }
    /// The position of the (last) row with this index, or rows.size().
    template <class Row>
    std::size_t find(const std::vector<Row>& rows, std::uint64_t entry) const {
        if (!increasing_) {
            auto it = by_entry_.find(entry);
            return it == by_entry_.end() ? rows.size() : it->second;
        }
        auto it = std::lower_bound(rows.begin(), rows.end(), entry, [](const Row& r, std::uint64_t e) { return r.entry < e; });
        return it != rows.end() && it->entry == entry ? static_cast<std::size_t>(it - rows.begin()) : rows.size();
    }

private:
    std::unordered_map<std::uint64_t, std::size_t> by_entry_;  ///< only once indices stop increasing
    bool increasing_ = true;
};

/// Cast entry → encode_ranked_parts() of its ballot, kept for the counted
/// ballots by the operator and the verifier while they read the board. Held
/// compactly, as a million of them must fit beside everything else: the bytes
/// of every part back to back in one buffer, and per entry (entries are added
/// in increasing order) where its parts begin. An erased entry's bytes stay in
/// the buffer (only superseded ballots are erased). Entries are found by
/// binary search while they increase, as along a well-formed board; from the
/// first that does not (a record failing B1), through a hash index.
class ranked_parts {
public:
    /// Keeps `b`'s ranked parts as those of cast entry `entry` (replacing any
    /// it had).
    void add(std::uint64_t entry, const ballot<G>& b);
    /// Forgets the parts of `entry` (no effect if it has none).
    void erase(std::uint64_t entry);
    /// The encoded part of ranked contest `ri` (manifest order among the
    /// ranked contests) of `entry`, or nullopt if the entry has no such part.
    std::optional<byte_span> part(std::uint64_t entry, std::size_t ri) const;
    /// Entries with parts.
    std::size_t size() const noexcept { return live_; }

private:
    struct slot {
        std::uint64_t entry;
        std::uint32_t first;  ///< index of the entry's first part in bounds_; `erased` once erased
        std::uint32_t parts;
    };
    static constexpr std::uint32_t erased = 0xffffffffu;
    std::size_t find(std::uint64_t entry) const;  ///< index in slots_ of a live entry, or slots_.size()
    std::vector<slot> slots_;  ///< in the order added
    entry_index index_;
    std::vector<std::uint64_t> bounds_;  ///< part k of a slot: bytes [bounds_[first + k], bounds_[first + k + 1])
    bytes bytes_;
    std::size_t live_ = 0;
};

/// The mix-input of ranked contest `c` (§8.11) as it must be: the counted
/// ballots (cast entry → voter weight) in board order, each ballot's paper
/// repeated `weight` times. What the operator posts and the verifier compares
/// (R1). Errors (bad_input) if a counted ballot has no ranked part in `parts`.
result<mix_input_payload> derive_mix_input(const manifest& m, const contest& c,
                                           const std::unordered_map<std::uint64_t, std::uint64_t>& counted,
                                           const ranked_parts& parts);

/// One mixer's turn (§8.11): the shuffled output of the previous list (the
/// mix-input for round 1) and its proof of shuffle under mix_context(); signed
/// by the mixer, a trustee, with its co-signing key over statement().
struct mix_payload {
    std::string contest;
    std::uint32_t round = 0;  ///< 1, 2, …
    std::uint32_t mixer = 0;  ///< the trustee's index, 1..n
    mixnet::ciphertext_list<G> output;
    bytes proof;  ///< the encoded shuffle proof (protocols/shuffle.hpp) for output.size() ciphertexts of its width
    election::signature sig;

    /// H(T("scrutineer/mix/v1","") ‖ frame("election", manifest hash) ‖ frame("contest", id)
    ///   ‖ N("round") ‖ N("mixer") ‖ N("n") ‖ N("w") ‖ frame("input", input bytes)
    ///   ‖ frame("output", output bytes) ‖ frame("proof", proof bytes))
    hash64 statement(const hash64& manifest_hash, byte_span input) const;
    json to_json() const;
    static result<mix_payload> from_json(const json& j, const manifest& m);
};

/// A trustee's decryption shares of the last mix's output of one ranked contest,
/// flattened (ciphertext i component j at i·w + j), proven under ranked_context().
struct ranked_share_payload {
    std::string contest;
    ceremony::decryption_share<G> share;

    json to_json() const;
    /// `count`: the number of flattened ciphertexts (n·w).
    static result<ranked_share_payload> from_json(const json& j, const manifest& m, std::size_t count);
};

/// The outcome of a ranked contest (§8.11), in the last mix's output order.
struct ranked_result_payload {
    std::string contest;
    std::vector<std::uint32_t> trustees;  ///< whose shares were combined: the k valid share sets of the lowest trustee indices
    /// The decoded rankings (0-based option indices); nullopt for an invalid paper.
    std::vector<std::optional<std::vector<std::uint32_t>>> ballots;
    std::vector<std::pair<std::uint64_t, std::string>> invalid;  ///< (index in ballots, why)
    std::vector<std::string> elected;  ///< option ids, in order of election
    json stages;                       ///< the count's transcript (docs/count.md), null when no paper has a preference

    json to_json() const;
    static result<ranked_result_payload> from_json(const json& j);
};

/// Decodes the decrypted points of a ranked contest (n·w, in mixed order) and
/// counts the valid papers under the contest's method, seats and the lot seed
/// "manifest hash" (docs/count.md); what the operator publishes and the
/// verifier recomputes. Errors only if the count itself fails.
result<ranked_result_payload> ranked_outcome(const manifest& m, const contest& c, std::span<const G::element> plaintexts,
                                             std::vector<std::uint32_t> trustees);

/// A ranked contest's decrypted papers, decoded as ranked_outcome does; built
/// a piece at a time by decode_papers.
struct decoded_papers {
    std::vector<std::optional<std::vector<std::uint32_t>>> ballots;  ///< nullopt: invalid
    std::vector<std::pair<std::uint64_t, std::string>> invalid;      ///< (index in ballots, why)
};
/// Decodes the next plaintexts.size() / w papers (w the contest's width) and
/// appends them to `into`. bad_input if plaintexts is not whole papers.
status decode_papers(const contest& c, std::span<const G::element> plaintexts, decoded_papers& into);
/// ranked_outcome of papers already decoded.
result<ranked_result_payload> ranked_outcome(const manifest& m, const contest& c, decoded_papers papers,
                                             std::vector<std::uint32_t> trustees);

/// A verified ranked-share set as a verifier keeps it to combine: the shares
/// only, encoded (32 bytes each, in flattened order), about a tenth of their
/// decoded size.
struct encoded_share_set {
    std::uint32_t trustee = 0;
    bytes shares;
};

/// Verifies (part of) a trustee's share set against the flattened ciphertexts
/// of `list` (ciphertext t at t = i·w + j): those of the view's indices first
/// … first + n − 1, decoded from the list `piece` at a time, each piece one
/// batch (ceremony::verify_decryption_share), so a large list is never
/// decoded whole. bad_length if the view does not fit the list.
status verify_share_against(const ceremony::election_key<G>& key, const proof_context& ctx,
                            const mixnet::ciphertext_list<G>& list, const ceremony::decryption_share_view<G>& sh,
                            std::size_t piece = ceremony::decryption_verify_chunk);

/// Checks a ranked-share payload against `last`, the last mix's output, in
/// pieces of `piece` flattened ciphertexts (at least 1): the
/// payload's shape and contest as ranked_share_payload::from_json, then per
/// piece the ciphertexts, shares and proofs decoded (all cores) and the
/// proofs verified in one batch. The set is never decoded whole, so the
/// working set stays bounded however many papers there are. Returns the
/// contest id and the shares, encoded. Errors as from_json and
/// ceremony::verify_decryption_share (which name the ciphertext).
result<std::pair<std::string, encoded_share_set>> verify_ranked_share(const json& j, const manifest& m,
                                                                      const ceremony::election_key<G>& key,
                                                                      const mixnet::ciphertext_list<G>& last,
                                                                      std::size_t piece = ceremony::decryption_verify_chunk);

/// The outcome of ranked contest `c` (as ranked_outcome) from the last mix's
/// output and share sets already verified (verify_ranked_share), combined a
/// piece at a time by ceremony::combine_verified_vartime: the k sets of the
/// lowest trustee indices, duplicates refused, verify_failed below k.
/// Pieces hold about `piece` flattened ciphertexts (whole papers).
result<ranked_result_payload> ranked_outcome_from_shares(const manifest& m, const contest& c,
                                                         const ceremony::election_key<G>& key,
                                                         const mixnet::ciphertext_list<G>& last,
                                                         std::span<const encoded_share_set> valid,
                                                         std::size_t piece = ceremony::decryption_verify_chunk);

/// Counts papers (rankings with weights) of ranked contest `c` under its method
/// and seats, the lot seeded with the manifest hash; fills `elected` and
/// `stages` of the result (null stages and nobody elected when no paper has a
/// preference). Blank papers are left out of the count.
result<ranked_result_payload> count_rankings(const manifest& m, const contest& c,
                                             const std::vector<std::pair<std::vector<std::uint32_t>, std::uint64_t>>& papers);

/// Context of the shuffle proof of `round` for `contest`:
/// manifest.context().derive("scrutineer/mix/v1", contest id).derive("round", u32le(round)).
proof_context mix_context(const manifest& m, std::string_view contest, std::uint32_t round);
/// Context of the decryption proofs of a ranked contest's mixed ciphertexts:
/// manifest.context().derive("scrutineer/ranked-decryption/v1", contest id).
proof_context ranked_context(const manifest& m, std::string_view contest);

/// The context of the tally's decryption proofs:
/// manifest.context().derive("scrutineer/tally/v1", "") (then per trustee as ceremony::share_context).
proof_context tally_context(const manifest& m);

/// hash of a ceremony transcript: H(frame("scrutineer/ceremony-transcript/v1", canonical JSON)).
hash64 ceremony_hash(const json& transcript);

/// Reads and parses one JSON file (io or bad_input errors naming the file).
result<json> read_json_file(const std::filesystem::path& p);
/// Writes canonical JSON and a newline, then fsyncs.
/// With `exclusive`, the file must not exist yet (O_EXCL: no other process
/// can create it in between); an existing file is an io error.
status write_json_file(const std::filesystem::path& p, const json& j, bool exclusive = false);

/// fsync of a directory, so that the files created in it keep their names
/// after a crash.
status fsync_directory(const std::filesystem::path& dir);

/// Whether `dir` is a record directory whose four files (manifest, roll,
/// ceremony, board) exist as regular files; an io error names the first that
/// does not.
status check_record_files(const std::filesystem::path& dir);
/// The record's manifest.json, read and validated (errors name the file).
result<manifest> read_manifest(const std::filesystem::path& dir);

}  // namespace scrutineer::election::record
