// scrutineer — election: the record verifier (`scrutineer verify DIR`) and
// voter receipts (`scrutineer receipt DIR CODE`).
//
// The verifier runs every numbered check of record_checks() on a record
// directory (record.hpp), collects every failure rather than stopping at the
// first, and derives everything itself: the counted set from the board and
// the manifest's policy (policy.hpp), the tally from the counted ballots, the
// counts from the trustees' decryption shares. It streams the board in blocks
// (memory does not grow with the number of ballots beyond a few dozen bytes a
// ballot) and spreads parsing, signature checks and batched proof checks over
// all cores.
//
// Each check has a stable id (e.g. "V4"), a one-line title and the section of
// docs/spec.md it enforces; docs/verify.md lists them.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scrutineer/election/record.hpp"

namespace scrutineer::election {

struct check_info {
    std::string_view id;
    std::string_view title;
    std::string_view spec;  ///< the docs/spec.md section it enforces
};

/// Every check, in the order they are reported.
const std::vector<check_info>& record_checks();

struct check_outcome {
    check_info info;
    std::uint64_t items = 0;            ///< how many things it looked at
    std::uint64_t failure_count = 0;    ///< failures found (messages kept: the first max_messages)
    std::vector<std::string> failures;
    std::string skipped;                ///< non-empty: not run, and why
    static constexpr std::size_t max_messages = 200;

    bool ok() const noexcept { return failure_count == 0 && skipped.empty(); }
    bool failed() const noexcept { return failure_count != 0; }
};

struct cancellation_note {
    std::uint64_t entry = 0;  ///< the cancelled cast's board index
    std::string tracking_code;
    std::string voter;
    std::string reason;
};

struct record_report {
    std::filesystem::path dir;
    std::string election_id;
    std::vector<check_outcome> checks;
    std::uint64_t entries = 0, cast = 0, counted = 0, counted_weight = 0, challenged = 0, revoked = 0;
    std::vector<cancellation_note> cancellations;  ///< as derived by the policy, in board order
    std::optional<record::result_payload> result;  ///< as published (meaningful when T4 passes)
    std::vector<record::ranked_result_payload> ranked;  ///< as published, per ranked contest (meaningful when R5, R6 pass)

    /// True iff every check ran and passed.
    bool ok() const noexcept;
    /// The ids of the failed checks.
    std::vector<std::string> failed_ids() const;
    const check_outcome* find(std::string_view id) const;
    /// The JSON report (docs/format/verify-report.md).
    record::json to_json() const;
    /// The readable report.
    std::string text() const;
};

struct verify_options {
    std::size_t threads = 0;  ///< 0: all cores
    /// Called now and then with the stage and the fraction done (0..1).
    std::function<void(std::string_view stage, double fraction)> progress;
    /// Board lines longer than this many bytes (a mix of many papers) are not
    /// held as text: they are parsed, compared with their canonical form and
    /// hashed from the file in pieces (board_entry::from_file_range).
    std::uint64_t line_keep_limit = std::uint64_t{1} << 24;
};

/// Verifies the record in `dir`. An error only when the record cannot be read
/// at all (a missing file, a manifest or roll that does not parse: io or
/// bad_input); every problem with its contents is a failed check in the report.
result<record_report> verify_record(const std::filesystem::path& dir, const verify_options& o = {});

/// What a voter learns from the tracking code of a ballot.
struct receipt {
    bool found = false;
    std::string kind;            ///< "cast" or "challenge"
    std::uint64_t entry = 0;     ///< board index
    std::string voter;           ///< the roll's pseudonymous id of its credential ("" if none)
    bool closed = false;         ///< the board has a close
    std::optional<std::uint64_t> close_entry;
    bool counted = false;        ///< by the policy, on the closed board
    std::string why_not;         ///< when not counted: the reason
    std::optional<std::uint64_t> cancelled_by;  ///< board index of the cancel entry naming it
    bool chain_ok = true;        ///< the board's hash chain and signatures verified up to the end
    std::string chain_problem;
    std::string text() const;
};

/// Looks a tracking code up (case-insensitive, dashes optional; a unique prefix
/// of at least 8 characters is accepted). Checks the board's chain on the way.
/// Errors: unreadable record, or an ambiguous/malformed code.
result<receipt> lookup_receipt(const std::filesystem::path& dir, std::string_view code);

}  // namespace scrutineer::election
