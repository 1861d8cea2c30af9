// Example 2: a whole election embedded in one program, every party through
// the library's API.
//
// Each party below would be its own process on its own machine in a real
// election (docs/operator.md §4 shows the same steps as `scrutineer`
// commands); here they share a process so that the calls read in order:
//
//   1. the manifest (contests, trustees, policy), fixed before anything else;
//   2. the credential authority issues voter credentials and signs the roll;
//   3. three trustees run the key ceremony (2 of 3 can decrypt), exchanging
//      messages through a "board" that is four vectors here;
//   4. the trustees co-sign the opening and the operator opens the board;
//   5. voters' devices encrypt and sign ballots, the operator casts them and
//      hands back tracking codes; one voter challenges its device first;
//   6. two trustees co-sign the close, the operator tallies;
//   7. two trustees post decryption shares; the ranked contest is mixed by
//      every trustee in turn, then decrypted and counted by STV;
//   8. anyone verifies the record (verify_record) and looks a receipt up.
//
// Usage: example_02_election [DIR]    (DIR: where to write the record, which
// must not exist; kept for `scrutineer verify DIR`. Default: a temporary
// directory, removed at the end.) Exit status 0 iff the record verifies and
// the published result is the one the voters cast.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <scrutineer/election.hpp>

namespace fs = std::filesystem;
using namespace scrutineer;
using G = election::record::G;  // the group of scrutineer's records: ristretto255

namespace {

// Stops the example with the error's description.
template <class T>
T must(result<T> r, const char* what) {
    if (!r) throw std::runtime_error(std::string(what) + ": " + r.err().describe());
    return std::move(*r);
}
void must(const status& s, const char* what) {
    if (!s) throw std::runtime_error(std::string(what) + ": " + s.err().describe());
}

election::manifest make_manifest() {
    // docs/format/manifest.md: an approval contest counted homomorphically and
    // a ranked contest (mixed, decrypted paper by paper, counted by STV).
    const election::record::json j = {
        {"format", "scrutineer/manifest/v1"},
        {"election_id", "example-2026"},
        {"title", "Example: board and officers"},
        {"group", "ristretto255"},
        {"trustees", {{"n", 3}, {"k", 2}}},
        {"contests",
         {{{"id", "board"},
           {"title", "Board (approve any)"},
           {"kind", "approval"},
           {"options", {{{"id", "ann"}, {"title", "Ann"}}, {{"id", "bob"}, {"title", "Bob"}}, {{"id", "cy"}, {"title", "Cy"}}}}},
          {{"id", "officers"},
           {"title", "Officers (rank in order of preference, 2 seats)"},
           {"kind", "ranked"},
           {"seats", 2},
           {"method", "scottish-stv"},
           {"options",
            {{{"id", "dee"}, {"title", "Dee"}}, {{"id", "eve"}, {"title", "Eve"}}, {{"id", "fay"}, {"title", "Fay"}},
             {{"id", "gus"}, {"title", "Gus"}}}}}}},
        {"policy", {{"revoting", "last"}, {"roll_frozen_at", "2026-11-01"}, {"cancel_reasons", {"revoked", "superseded"}}}}};
    return must(election::manifest::from_json(j), "manifest");
}

// The key ceremony as the trustees run it (docs/ceremony.md): each holds its
// own state, which only moves forward (a typestate: announced → dealt →
// checked → answered → key); what one publishes, all read.
std::vector<ceremony::trustee_key<G>> key_ceremony(const ceremony::parameters& p, ceremony::transcript<G>& board, rng& r) {
    std::vector<ceremony::trustee_announced<G>> announced;
    for (std::uint32_t i = 1; i <= p.n; ++i) {
        auto s = must(ceremony::trustee_announced<G>::begin(p, i, "trustee-" + std::to_string(i),
                                                            ceremony::comm_key_pair::generate(r), r),
                      "ceremony: begin");
        board.announcements.push_back(s.message);
        announced.push_back(std::move(s.state));
    }
    std::vector<ceremony::encrypted_share> shares;  // sealed to their recipients
    std::vector<ceremony::trustee_dealt<G>> dealt;
    for (auto& t : announced) {
        auto s = must(std::move(t).publish(board.announcements, r), "ceremony: publish");
        board.commitments.push_back(s.message.commitments);
        for (auto& sh : s.message.shares) shares.push_back(std::move(sh));
        dealt.push_back(std::move(s.state));
    }
    std::vector<ceremony::trustee_checked<G>> checked;
    for (auto& t : dealt) {
        auto s = must(std::move(t).receive(board.commitments, shares), "ceremony: receive");
        board.reports.push_back(s.message);  // complaints against dealers whose shares fail, if any
        checked.push_back(std::move(s.state));
    }
    std::vector<ceremony::trustee_answered<G>> answered;
    for (auto& t : checked) {
        auto s = must(std::move(t).answer(board.reports), "ceremony: answer");
        for (auto& a : s.message) board.answers.push_back(a);
        answered.push_back(std::move(s.state));
    }
    std::vector<ceremony::trustee_key<G>> keys;
    for (auto& t : answered) keys.push_back(must(std::move(t).finish(board.answers, r), "ceremony: finish"));
    return keys;
}

int run(const fs::path& dir) {
    rng& r = default_rng();
    const auto m = make_manifest();
    const auto mh = m.hash();

    // 2. The credential authority: one credential per voter; the roll (the
    //    credentials' public keys) is public, the secrets go to the voters.
    const auto authority = election::signing_key::generate(r);
    auto issued = must(election::issue_credentials(6, "member-", r), "credentials");

    // 3. The key ceremony, bound to the manifest.
    ceremony::parameters params;
    params.n = 3;
    params.k = 2;
    params.election = bytes(mh.begin(), mh.end());
    ceremony::transcript<G> transcript;
    transcript.params = params;
    auto trustee_keys = key_ceremony(params, transcript, r);
    // Anyone checks the public transcript and derives the election key.
    const auto outcome = must(ceremony::verify_transcript<G>(transcript, r), "ceremony transcript");
    if (!outcome.complete()) throw std::runtime_error("ceremony: " + outcome.describe());

    // 4. The trustees' co-signing keys (Ed25519), the setup they co-sign, and
    //    the operator's opening of the board.
    std::vector<election::signing_key> trustees;
    for (int i = 0; i < 3; ++i) trustees.push_back(election::signing_key::generate(r));
    election::election_setup setup{m, issued.roll, ceremony::to_json<G>(transcript), *outcome.key,
                                   authority.public_key(), {}, {}};
    for (const auto& t : trustees) setup.trustees.push_back(t.public_key());
    setup.roll_signature = authority.sign(setup.open_payload().roll_statement());
    auto operator_key = election::signing_key::generate(r);
    const auto open_statement = setup.open_payload().statement(operator_key.public_key());
    std::vector<election::record::cosignature> open_sigs{{1, trustees[0].sign(open_statement)},
                                                         {3, trustees[2].sign(open_statement)}};
    auto op = must(election::board_operator::open(dir, setup, std::move(operator_key), std::move(open_sigs)), "open");
    std::cout << "board opened in " << dir << " (joint key " << G::encode(outcome.key->joint_key).hex().substr(0, 16)
              << "…)\n";

    // 5. Voting. A voter's device: choices → encrypted, proven, signed ballot.
    //    Approval: one 0/1 per option; ranked: option indices, most preferred first.
    const elgamal::public_key<G> pk(outcome.key->joint_key);
    const std::vector<election::choices> votes = {
        {{"board", {1, 1, 0}}, {"officers", {0, 1}}},     {{"board", {1, 0, 0}}, {"officers", {1, 0, 2}}},
        {{"board", {0, 1, 1}}, {"officers", {2, 3}}},     {{"board", {1, 0, 1}}, {"officers", {0}}},
        {{"board", {0, 0, 1}}, {"officers", {3, 2, 1, 0}}}, {{"board", {1, 1, 1}}, {"officers", {}}},  // blank ranking
    };
    std::string first_code;
    for (std::size_t v = 0; v < votes.size(); ++v) {
        const auto& credential = issued.secrets[v].key;
        if (v == 0) {
            // Benaloh challenge: the device shows a ballot, the voter asks it to
            // prove what it encrypted; the opened ballot is posted and spent.
            auto test = must(election::encrypt_ballot<G>(m, pk, credential, votes[v], r), "encrypt (challenged)");
            must(op.challenge(test.value, election::open_ballot<G>(test, votes[v])), "challenge");
        }
        auto b = must(election::encrypt_ballot<G>(m, pk, credential, votes[v], r), "encrypt");
        const auto receipt = must(op.cast(b.value), "cast");  // checks roll, signature, every proof
        if (v == 0) first_code = receipt.tracking_code;
        std::cout << issued.secrets[v].voter << " cast ballot " << receipt.tracking_code.substr(0, 19) << "… at entry "
                  << receipt.entry << "\n";
    }

    // 6. The close: k trustees co-sign the board's head; then the tally.
    const auto close = op.close_statement();
    must(op.close({{1, trustees[0].sign(close.statement(mh))}, {2, trustees[1].sign(close.statement(mh))}}), "close");
    const auto tally = must(op.tally(), "tally");
    std::cout << "closed; " << tally.ballots << " ballots in the tally\n";

    // 7. Decryption by trustees 2 and 3 (any k), each share with its proof.
    const auto cts = tally.all();
    for (std::uint32_t i : {2u, 3u})
        must(op.post_share(ceremony::prove_decryption_share<G>(trustee_keys[i - 1], election::record::tally_context(m), cts, r)),
             "tally share");
    // The ranked contest: the mix-input, then each trustee shuffles in turn.
    must(op.post_mix_input("officers"), "mix-input");
    for (std::uint32_t i = 1; i <= 3; ++i) {
        auto mix = must(election::mix_turn(m, outcome.key->joint_key, "officers", op.next_round("officers"), i,
                                           trustees[i - 1], must(op.mix_head("officers"), "mix head"), r),
                        "mix");
        must(op.post_mix(mix), "post mix");  // checks the signature and the proof of shuffle
    }
    const auto papers = must(op.ranked_ciphertexts("officers"), "ranked ciphertexts");
    for (std::uint32_t i : {1u, 2u})
        must(op.post_ranked_share("officers", ceremony::prove_decryption_share<G>(
                                                  trustee_keys[i - 1], election::record::ranked_context(m, "officers"), papers, r)),
             "ranked share");
    const auto ranked = must(op.publish_ranked_result("officers"), "ranked result");
    const auto result = must(op.publish_result(), "result");
    must(op.sync(), "sync");

    for (const auto& c : result.contests) {
        std::cout << c.id << ":";
        for (const auto& [option, count] : c.options) std::cout << " " << option << " " << count;
        std::cout << "\n";
    }
    std::cout << "officers: " << ranked.ballots.size() << " papers; elected:";
    for (const auto& e : ranked.elected) std::cout << " " << e;
    std::cout << "\n";

    // 8. What an auditor runs (the same as `scrutineer verify DIR`) and what a voter runs.
    const auto report = must(election::verify_record(dir), "verify");
    std::cout << "verification: " << (report.ok() ? "all checks pass" : "FAILED") << " (" << report.checks.size()
              << " checks, " << report.counted << " ballots counted)\n";
    for (const auto& id : report.failed_ids()) std::cout << "  failed: " << id << "\n";
    const auto receipt = must(election::lookup_receipt(dir, first_code), "receipt");
    std::cout << "receipt of " << first_code.substr(0, 9) << ": " << (receipt.counted ? "counted" : "not counted") << "\n";

    // The voters' choices, summed, are what was published.
    const std::vector<std::pair<std::string, std::uint64_t>> expected_board = {{"ann", 4}, {"bob", 3}, {"cy", 4}};
    bool as_cast = report.ok() && receipt.counted && result.contests.size() == 1 &&
                   result.contests[0].options == expected_board && ranked.ballots.size() == votes.size();
    return as_cast ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const bool keep = argc > 1;
    const fs::path dir = keep ? fs::path(argv[1])
                              : fs::temp_directory_path() / ("scrutineer-example-02-" + std::to_string(::getpid()));
    int rc = 1;
    try {
        rc = run(dir);
    } catch (const std::exception& e) {
        std::cerr << "example_02_election: " << e.what() << "\n";
    }
    if (!keep) {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    return rc;
}
