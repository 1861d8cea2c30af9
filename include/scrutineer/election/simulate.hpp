// scrutineer — election: a whole election simulated in one process (for the
// demo, tests and benchmarks; never for a real election: one process holds
// every trustee's, the authority's and every voter's secrets).
//
// The credential authority issues credentials (every 25th voter has weight 2);
// five trustees (by default) run a 3-of-5 key ceremony; the board opens; the
// voters then act in a shuffled order: most cast once; some challenge a ballot
// first (Benaloh) and cast a fresh one; some revote later (the last ballot
// counts under the demo's policy); some are revoked before voting (their
// ballots are posted and cancelled); some are revoked after voting (their
// ballot still counts); some abstain. Three trustees co-sign the close, the
// tally is posted, three trustees (not the same three) post decryption shares.
// With a ranked contest (the default), the operator then posts its mix-input,
// every trustee mixes in turn (shuffle and proof, signed), three trustees post
// decryption shares of the last output, and the operator posts the decoded
// rankings with the STV count; then the result is published.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scrutineer/election/operator.hpp"

namespace scrutineer::election {

struct simulation_options {
    std::size_t voters = 1000;
    std::uint32_t trustees_n = 5;
    std::uint32_t trustees_k = 3;
    std::optional<std::uint64_t> seed;  ///< deterministic randomness (tests); never for real elections
    durability board_durability = durability::each;
    bool ranked = true;  ///< include the ranked contest (demo_manifest)
    /// The ranked contest's counting preset (docs/count.md); "irv" makes it a
    /// one-seat contest.
    std::string ranked_method = "scottish-stv";
    /// The manifest's revoting rule; its cancel_reasons are "revoked" and
    /// "superseded" (last) or "repeat" (first, none).
    revoting_rule revoting = revoting_rule::last;
    /// Stop once the tally is posted: no decryption, no mix chain, no result
    /// (the record is left for `scrutineer board`, `mix` and `trustee share`
    /// to finish, one process per party).
    bool stop_after_tally = false;
    /// Called with one line per step (may be empty).
    std::function<void(const std::string&)> log;
    /// Called during long steps (voting, mixing) with the step's name and the
    /// fraction done, from the calling thread (may be empty).
    std::function<void(std::string_view, double)> progress;
};

/// The secrets and the ground truth of a simulated election.
struct simulated_election {
    manifest m;
    signing_key operator_key;
    signing_key authority_key;
    std::vector<signing_key> trustee_signing_keys;          ///< co-signing keys, [i−1] for trustee i
    std::vector<ceremony::trustee_key<record::G>> trustee_keys;  ///< decryption key shares
    std::vector<issued_credential> credentials;
    record::result_payload result;                          ///< as published
    std::map<std::string, record::ranked_result_payload> ranked;  ///< as published, per ranked contest
    /// The count of the counted voters' rankings (weighted): its `elected` and
    /// `stages` must equal the published ranked-result's.
    std::map<std::string, record::ranked_result_payload> expected_ranked;
    /// The counts the voters' choices give (counted ballots, weighted): must equal `result`.
    std::map<std::string, std::vector<std::uint64_t>> expected;
    std::size_t cast = 0, challenged = 0, revoted = 0, revoked_before = 0, revoked_after = 0, abstained = 0;
    double seconds_casting = 0;
};

/// The manifest the demo uses: an executive elected by approval (10
/// candidates), a chair by plurality (4 candidates) and, with `ranked`, a
/// national executive committee of 9 elected by STV (`method`, scottish-stv by
/// default; 1 seat under irv) from 20 ranked candidates; revoting by
/// `revoting` ("last" by default). std::invalid_argument for an unknown method.
manifest demo_manifest(std::uint32_t trustees_n = 5, std::uint32_t trustees_k = 3, bool ranked = true,
                       revoting_rule revoting = revoting_rule::last, std::string_view method = "scottish-stv");

/// Runs the election and writes its record to `dir` (which must not exist or be empty).
result<simulated_election> simulate_election(const std::filesystem::path& dir, const simulation_options& o);

}  // namespace scrutineer::election
