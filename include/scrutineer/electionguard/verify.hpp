// scrutineer — ElectionGuard 2.0: verifier of an election record.
//
// Runs the verification steps of the spec's chapter 6.2 (Verifications 1–18)
// that a record in the ElectionGuard Kotlin JSON layout allows (the layout of
// `allAvailableJson`: constants.json, election_config.json, manifest.json,
// election_initialized.json, encrypted_ballots/**/*.json, encrypted_tally.json,
// tally.json). Every step is reported under the spec's own number, with one
// of three outcomes: ok, failed (with the reason, naming the ballot, contest,
// selection and sub-condition), or not checked (with why: nothing in the
// record to check, or not implemented). A step is never reported ok unless
// it was checked.
//
// Variable time (public data). Ballots are verified in parallel.
#pragma once

#include <filesystem>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scrutineer/core/error.hpp"

namespace scrutineer::eg {

enum class step_outcome { ok, failed, not_checked };

/// One verification step of §6.2.
struct step_report {
    int number = 0;       ///< the spec's Verification number (1–18)
    std::string title;    ///< the spec's title of the step
    step_outcome outcome = step_outcome::not_checked;
    std::string detail;   ///< what was checked, the failure reasons, or why not checked
    std::vector<std::string> failures;  ///< one line per failed item (may be truncated)
};

struct record_report {
    std::vector<step_report> steps;  ///< steps 1..18 in order
    bool any_failed() const {
        for (const auto& s : steps)
            if (s.outcome == step_outcome::failed) return true;
        return false;
    }
    const step_report& step(int n) const { return steps.at(static_cast<std::size_t>(n - 1)); }
};

struct verify_options {
    unsigned threads = 0;  ///< 0: all hardware threads
    /// Called as the long steps advance: the stage ("ballots", "challenged")
    /// and the fraction done, 0 to 1 (1 once each stage ends). Calls come
    /// one at a time, from any of the verifier's threads.
    std::function<void(std::string_view stage, double fraction)> progress;
    /// The hash-trimming function Ω of pre-encrypted ballots' short codes
    /// (§4.6): "omega1" … "omega8", or "hex5" (the Kotlin reference's first
    /// five hex digits). Empty: the one that fits the record's codes (the
    /// Kotlin layout's manifest does not name it). An unknown name makes the
    /// verification a bad_input error.
    std::string short_codes;
};

/// Verifies the record in `dir`. A format error (missing file, unparseable
/// JSON, a required field missing or of the wrong type at the top level of a
/// file) is returned as an error; everything else lands in the report.
result<record_report> verify_record(const std::filesystem::path& dir, const verify_options& opt = {});

/// What a voter learns from a confirmation code (`scrutineer receipt --format
/// electionguard-2.0`): whether a ballot of the record has it, its state, and
/// whether it verifies (steps 1–4, on which every ballot depends, and steps
/// 5–7 for this ballot, or 7.A and 15–18 if it is pre-encrypted; for a
/// challenged ballot also 12–14 for its decryption, whose published
/// selections are listed, or for its opening by its published primary
/// nonce, §3.6.5).
struct receipt {
    bool found = false;
    std::string code;  ///< the ballot's confirmation code (uppercase hex), or the digits looked up
    std::string ballot_id, state, device;
    std::filesystem::path file;  ///< the ballot's file, relative to the record
    bool challenged = false;     ///< state SPOILED or CHALLENGED
    bool opened = false;         ///< challenged, and opened by its published primary nonce (§3.6.5, §4.5)
    std::vector<std::string> failures;  ///< failed conditions, "Verification N: …"; empty: it verifies
    std::filesystem::path decryption;   ///< challenged: its decryption's file (empty: none)
    struct selection {
        std::string contest, option;
        std::int64_t value = 0;
    };
    /// challenged: the selections as its decryption publishes them, or as
    /// its primary nonce opens them (an ordinary ballot)
    std::vector<selection> decrypted;
    /// A pre-encrypted ballot (§4): checked under 15–18 instead of 5–7.B.
    bool preencrypted = false;
    std::string short_code_function;  ///< pre-encrypted: the Ω its short codes were checked under
    struct short_code {
        std::string contest;
        std::string option;  ///< the option's id or "null1", "null2", …; empty if unknown (a cast ballot's)
        std::string code;
    };
    /// pre-encrypted: the short codes recorded as marked by the voter, per
    /// contest (a null one for each selection not made), to compare with the
    /// marked ballot
    std::vector<short_code> marked;
    /// an uncast pre-encrypted ballot opened by its primary nonce: every
    /// option's short code, regenerated, to compare with the printed ballot
    std::vector<short_code> printed;
    std::string text() const;
};

/// Looks up a confirmation code: 64 hex digits or a unique prefix of at least
/// 8, in either case, spaces, dashes and colons ignored. bad_input for a
/// malformed code, a prefix of several ballots' codes or a malformed record;
/// io if `dir` is not a directory.
result<receipt> lookup_receipt(const std::filesystem::path& dir, std::string_view code, const verify_options& opt = {});

/// The report as text: one line per step, "Verification N (title): ok |
/// FAILED (reason) | not checked (why)", followed by the failed items.
std::string format_report(const record_report& r);

/// The report as JSON: {"format": "electionguard-2.0", "passed": bool (no
/// step failed), "steps": [{"number", "title", "outcome": "ok" | "failed" |
/// "not checked", "detail", "failures": [...]}, …]} (docs/electionguard.md).
nlohmann::json report_json(const record_report& r);

}  // namespace scrutineer::eg
