// scrutineer — election: the board operator's side of an election.
//
// board_operator writes a record directory (record.hpp) and keeps the board
// consistent with the policy: it accepts only valid ballots from credentials
// on the roll, refuses anything after the close, posts the cancellations the
// policy requires right after the cast that causes them, aggregates exactly
// the counted ballots, and publishes the result once k trustees' decryption
// shares verify. None of this is trusted: `scrutineer verify` re-derives all
// of it from the record (verify.hpp). The operator cannot revoke (that needs
// the credential authority's signature), close (the trustees co-sign the
// head) or decrypt (the trustees hold the key shares).
#pragma once

#include <deque>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "scrutineer/election/mix.hpp"
#include "scrutineer/election/policy.hpp"
#include "scrutineer/election/record.hpp"

namespace scrutineer::election {

/// Everything fixed before the board opens.
struct election_setup {
    manifest m;
    election::roll roll;
    record::json ceremony;                      ///< the ceremony's public transcript (ceremony::to_json)
    ceremony::election_key<record::G> key;      ///< its outcome
    verify_key authority;                       ///< the credential authority's key
    election::signature roll_signature;         ///< its signature on open_payload::roll_statement()
    std::vector<verify_key> trustees;           ///< the trustees' co-signing keys, by index

    /// The open entry's payload without co-signatures: what the authority and
    /// the trustees sign (roll_statement(), statement(operator key)).
    record::open_payload open_payload() const;
};

/// A manifest, a roll and a ceremony transcript read from files and checked
/// on their own (the manifest validated, the transcript verified and complete,
/// giving `key`): an election_setup still without the authority's roll
/// signature and the trustees' co-signing keys. Errors name the file.
result<election_setup> read_setup_files(const std::filesystem::path& manifest, const std::filesystem::path& roll,
                                        const std::filesystem::path& ceremony);

struct hash64_hasher {
    std::size_t operator()(const hash64& h) const noexcept {
        std::size_t v = 0;
        for (int i = 0; i < 8; ++i) v = (v << 8) | h[static_cast<std::size_t>(i)];
        return v;
    }
};

class board_operator {
public:
    using G = record::G;

    /// Creates the record directory `dir` (it must not exist or be empty),
    /// writes manifest.json, roll.jsonl and ceremony.json, and posts the open
    /// entry after checking the roll signature and the trustees' co-signatures
    /// (at least k, distinct, valid).
    static result<board_operator> open(const std::filesystem::path& dir, election_setup setup, signing_key operator_key,
                                       std::vector<record::cosignature> cosignatures,
                                       durability d = durability::each);

    /// Opening in two steps, for parties in separate processes (`scrutineer
    /// board prepare`, `scrutineer trustee cosign`, `scrutineer board open`):
    /// stage() checks the setup as open() does (except the co-signatures) and
    /// writes manifest.json, roll.jsonl, ceremony.json and open-request.json
    /// (the open entry's payload without co-signatures, and the operator's
    /// key) into the new directory `dir`; each trustee reads it back with
    /// read_staged(), which re-derives everything from the files (the
    /// ceremony transcript verified, the roll signature checked) and gives the
    /// statement to co-sign; open_staged() posts the open entry with the
    /// co-signatures and removes open-request.json.
    static status stage(const std::filesystem::path& dir, const election_setup& setup, const verify_key& board_operator);
    struct staged {
        election_setup setup;
        verify_key board_operator;
        hash64 statement{};  ///< open_payload::statement(board_operator): what the trustees co-sign
    };
    static result<staged> read_staged(const std::filesystem::path& dir);
    static result<board_operator> open_staged(const std::filesystem::path& dir, signing_key operator_key,
                                              std::vector<record::cosignature> cosignatures,
                                              durability d = durability::each);

    /// Reopens the record directory of an election this operator runs, after
    /// a restart or from another process (the `scrutineer board` commands).
    /// Reads manifest.json, roll.jsonl and ceremony.json (the ceremony
    /// transcript is verified again to obtain the key), reopens the board
    /// with board_writer::open (chain and signatures checked, a torn tail
    /// refused or truncated as `on_torn` says, the board locked against
    /// other writers), and replays every entry to rebuild what open() and
    /// the posts built: the policy, the cast and challenged ballots, the
    /// close, the tally and its shares, each ranked contest's chain.
    ///
    /// Refused (verify_failed): files that do not match the open entry
    /// (manifest hash, roll commitment and size, ceremony hash, joint key),
    /// an entry not signed by `operator_key`, and entries that break the
    /// rules the operator follows when it posts (a cast after the close, a
    /// ballot cast twice, a cancellation the policy does not call for at that
    /// point, entries out of their phase). Proofs and co-signatures are not
    /// checked again: the operator checked each before posting it, the
    /// signed chain shows the board is the one it wrote, and `scrutineer
    /// verify` checks everything. A crash can fall between a cast and the
    /// cancellations it causes (each append is durable on its own): those
    /// are posted now, and resumed_cancellations() counts them.
    ///
    /// Under board_access::read_only (`scrutineer board status`, which may run
    /// beside a process that holds the board, such as a streaming cast) the
    /// same checks and replay run on the board as far as its last complete
    /// line, without the lock and without writing: cancellations a crash left
    /// unposted are counted in pending_cancellations() instead of posted, an
    /// incomplete last line is reported by incomplete_tail() instead of
    /// refused, and every post fails.
    static result<board_operator> resume(const std::filesystem::path& dir, signing_key operator_key,
                                         torn_tail on_torn = torn_tail::refuse, durability d = durability::each,
                                         board_access access = board_access::write);

    /// Where the election stands (for `scrutineer board status`).
    struct summary {
        std::uint64_t entries = 0, cast = 0, challenged = 0, revoked = 0, counted = 0;
        bool closed = false, tallied = false, result = false;
        std::size_t shares = 0;  ///< trustees' decryption shares of the tally posted
        struct ranked {
            std::string contest;
            bool input = false;
            std::uint64_t papers = 0;  ///< in the chain's head
            std::uint32_t rounds = 0;
            std::vector<std::uint32_t> mixers;  ///< trustees who have mixed, ascending
            std::size_t shares = 0;
            bool result = false;
        };
        std::vector<ranked> contests;  ///< the ranked contests, in manifest order
        std::string next;              ///< what the election waits for, in words
        record::json to_json() const;
    };
    summary state() const;
    /// Cancellations that resume() found missing after a cast and posted.
    std::size_t resumed_cancellations() const noexcept { return resumed_cancellations_; }
    /// Read-only: cancellations the policy calls for that are not on the board
    /// yet (the process holding the board posts them next; if none is running,
    /// the next writing command does).
    std::size_t pending_cancellations() const noexcept { return pending_cancellations_; }
    /// Read-only: where the board's incomplete last line starts, if it has one.
    std::optional<std::uint64_t> incomplete_tail() const noexcept { return board_.incomplete_tail(); }

    struct cast_receipt {
        std::uint64_t entry = 0;  ///< board index of the cast
        hash64 ballot{};
        std::string tracking_code;
        std::vector<policy_engine::exclusion> cancelled;  ///< cancellations posted right after it
    };
    /// A ballot that passed check(); only check() makes one.
    class checked_ballot {
    public:
        const ballot<G>& value() const noexcept { return b_; }
        const hash64& hash() const noexcept { return h_; }

    private:
        friend class board_operator;
        checked_ballot(ballot<G> b, const hash64& h, const hash64& board) : b_(std::move(b)), h_(h), board_(board) {}
        ballot<G> b_;
        hash64 h_{};
        hash64 board_{};  ///< the open statement of the board that checked it
    };
    /// The stateless part of cast(): the ballot is for this election, its
    /// credential is on the roll, and its signature and every proof are valid
    /// (verify_ballot). Reads only what open() fixed, so it may run on many
    /// threads at once while another thread posts; a server checks incoming
    /// ballots on all cores this way and casts them in arrival order.
    result<checked_ballot> check(ballot<G> b) const;
    /// check() for many ballots at once, in order: their proofs verified as
    /// one random linear combination (verify_ballots_batch, on all cores;
    /// weights from `weights`, a source the ballots' authors cannot predict),
    /// each failing ballot isolated and refused with check()'s reason.
    std::vector<result<checked_ballot>> check_batch(std::vector<ballot<G>> ballots, rng& weights = default_rng()) const;
    /// Accepts a ballot: check(), then not cast or challenged before, board
    /// not closed. Posts the cast and the cancellations the policy requires.
    result<cast_receipt> cast(const ballot<G>& b);
    /// cast() for a ballot that this board's check() accepted (a ballot
    /// checked by the operator of another board, even of the same manifest,
    /// is refused: its roll and key may differ).
    result<cast_receipt> cast(checked_ballot b);
    /// Posts a Benaloh challenge after checking the opening (the ballot is spent).
    result<std::uint64_t> challenge(const ballot<G>& b, const ballot_opening<G>& o);
    /// Posts a revocation signed by the credential authority, for a voter on the roll.
    result<std::uint64_t> revoke(const record::revoke_payload& r);

    /// The close statement over the current head: trustees sign
    /// close_statement().statement(manifest hash).
    record::close_payload close_statement() const;
    /// Posts the close with at least k valid co-signatures on close_statement().
    status close(std::vector<record::cosignature> cosignatures);
    /// Aggregates the counted ballots (a second streaming pass over the board) and posts the tally.
    result<record::tally_payload> tally();
    /// Verifies and posts one trustee's decryption shares of the tally.
    status post_share(const ceremony::decryption_share<G>& s);
    /// Combines k valid share sets, recovers the counts, posts the result (the
    /// last entry). With ranked contests, only once each has its ranked-result.
    result<record::result_payload> publish_result();

    // --- ranked contests (mix.hpp; docs/spec.md §8.11) ---------------------------
    /// After the tally: posts the contest's mix-input, the ranked ciphertexts of
    /// the counted ballots in board order, each repeated by its voter's weight.
    result<record::mix_input_payload> post_mix_input(const std::string& contest);
    /// The chain's head: the next mixer's input.
    result<mixnet::ciphertext_list<G>> mix_head(const std::string& contest) const;
    /// The next round number (1 for the first mixer).
    std::uint32_t next_round(const std::string& contest) const;
    /// Verifies a mixer's turn (round, a trustee who has not mixed this contest,
    /// its signature, the proof of shuffle against the head) and posts it.
    result<std::uint64_t> post_mix(const record::mix_payload& p);
    /// The ciphertexts the trustees decrypt: the last output, flattened. Needs at
    /// least k mixes by distinct trustees.
    result<std::vector<elgamal::ciphertext<G>>> ranked_ciphertexts(const std::string& contest) const;
    /// Verifies and posts one trustee's decryption shares of ranked_ciphertexts().
    status post_ranked_share(const std::string& contest, const ceremony::decryption_share<G>& s);
    /// Combines k share sets, decodes the rankings, counts them, posts the ranked-result.
    result<record::ranked_result_payload> publish_ranked_result(const std::string& contest);

    status sync() { return board_.sync(); }
    const manifest& election_manifest() const noexcept { return setup_.m; }
    const hash64& manifest_hash() const noexcept { return manifest_hash_; }
    const std::filesystem::path& dir() const noexcept { return dir_; }
    std::uint64_t size() const noexcept { return board_.size(); }

private:
    board_operator(std::filesystem::path dir, election_setup s, signing_key k, board_writer w);
    /// Creates board.jsonl in `dir` (which holds the other three files) and posts the open entry.
    static result<board_operator> post_open(const std::filesystem::path& dir, election_setup setup, signing_key key,
                                            std::vector<record::cosignature> cosignatures, durability d);
    result<board_entry> post(std::string_view kind, record::json payload);
    /// The policy's bookkeeping for the cast of `b` (hash `h`) by `voter` at
    /// board index `index`: the cancellations it requires, in posting order
    /// (`excluded` receives the policy's exclusions).
    result<std::vector<record::cancel_payload>> apply_cast(std::uint64_t index, const hash64& h, const ballot<G>& b,
                                                           const std::string& voter,
                                                           std::vector<policy_engine::exclusion>& excluded);
    /// What resume() needs of a ballot on the board, read without decoding
    /// its proofs: its hash (ballot_hash_from_json) and a ballot holding only
    /// the credential and the ranked parts (decoded: they go to the mix-input).
    struct replayed_ballot {
        hash64 hash{};
        ballot<G> parts;
    };
    static result<replayed_ballot> replayed_from_json(const record::json& j, const manifest& m);
    /// resume(): one entry of the board, in order; `parsed` is the ballot of a
    /// cast or challenge entry (null when the payload has none); `pending`
    /// holds the cancellations the last cast requires and the board has not
    /// shown yet.
    status replay(const board_entry& e, const result<replayed_ballot>* parsed, std::deque<record::cancel_payload>& pending);
    std::size_t resumed_cancellations_ = 0;
    std::size_t pending_cancellations_ = 0;

    std::filesystem::path dir_;
    election_setup setup_;
    signing_key key_;
    board_writer board_;
    hash64 manifest_hash_{};
    hash64 open_statement_{};  ///< what the trustees co-signed: manifest, roll, ceremony, key, operator
    policy_engine policy_;
    std::unordered_set<hash64, hash64_hasher> cast_, challenged_;
    std::unordered_map<std::uint64_t, hash64> counted_hash_;  ///< counted casts: entry → ballot hash
    bool closed_ = false;
    std::optional<record::tally_payload> tally_;
    std::vector<ceremony::decryption_share<G>> shares_;
    bool result_posted_ = false;
    record::ranked_parts ranked_parts_;  ///< of the counted casts
    /// The counted casts: board index → the voter's weight.
    std::unordered_map<std::uint64_t, std::uint64_t> counted_weights() const;
    struct ranked_state {
        bool input_posted = false;
        mixnet::ciphertext_list<G> head;
        std::uint32_t rounds = 0;
        std::set<std::uint32_t> mixers;
        std::vector<record::encoded_share_set> shares;  ///< verified and posted: the shares only, encoded
        bool result_posted = false;
    };
    std::map<std::string, ranked_state> ranked_;
    const contest* ranked_contest(const std::string& id) const;
    /// The contest's state once its last output can be decrypted (a mix-input,
    /// and k mixes by distinct trustees unless it is empty).
    result<ranked_state*> decryptable(const std::string& contest);
    result<const ranked_state*> decryptable(const std::string& contest) const;
};

/// Checks co-signatures on `statement` by the keys in `trustees`: returns the
/// number of distinct trustees with a valid signature, and describes each bad
/// one in `problems` (unknown index, repeated trustee, invalid signature).
std::size_t count_cosignatures(const hash64& statement, const std::vector<verify_key>& trustees,
                               const std::vector<record::cosignature>& cs, std::vector<std::string>& problems);

/// The weighted homomorphic sum of the cast ballots at the board indices in
/// `counted` (index → weight), read in one streaming pass over `board`.
result<record::tally_payload> aggregate_counted(const std::filesystem::path& board, const manifest& m,
                                                const std::unordered_map<std::uint64_t, std::uint64_t>& counted);

}  // namespace scrutineer::election
