// `scrutineer receipt DIR TRACKING-CODE`: tells a voter whether and where the
// ballot with this tracking code is on the board, whether the board is closed,
// and whether the ballot counted (and if not, why: superseded by a later
// ballot, cast after a revocation, challenged). It checks the board's hash
// chain and signatures on the way; `scrutineer verify DIR` checks everything.
//
// With --format electionguard-2.0 the code is an ElectionGuard confirmation
// code and DIR a record in the Kotlin layout (eg::lookup_receipt): the ballot
// with that code, its state, whether it verifies and, for a challenged
// ballot, its decryption; for a pre-encrypted ballot its short codes
// (docs/electionguard.md).
//
// Exit: 0 the ballot is on the board and counted (or counts so far; for
// ElectionGuard: found, and it verifies), 1 not found, not counted, or the
// board does not verify, 2 bad usage or a malformed code or record, 3 I/O
// error.
#include <iostream>
#include <memory>
#include <string>

#include "command.hpp"
#include "scrutineer/election/verify.hpp"
#include "scrutineer/electionguard/verify.hpp"

namespace {

using namespace scrutineer;

struct options {
    std::string dir;
    std::string code;
    std::string format = "scrutineer";
    std::string short_codes;  ///< electionguard-2.0: Ω of pre-encrypted ballots
};

int run_electionguard(const options& o) {
    eg::verify_options vo;
    vo.short_codes = o.short_codes;
    auto r = eg::lookup_receipt(o.dir, o.code, vo);
    if (!r) {
        std::cerr << "scrutineer receipt: " << r.err().message << "\n";
        return r.err().code == errc::io ? cli::io_error : cli::bad_input;
    }
    std::cout << r->text();
    return r->found && r->failures.empty() ? cli::ok : cli::check_failed;
}

int run(const options& o) {
    if (o.format == "electionguard-2.0") return run_electionguard(o);
    if (o.format != "scrutineer") {
        std::cerr << "scrutineer receipt: record format \"" << o.format
                  << "\" is not supported; supported: scrutineer electionguard-2.0\n";
        return cli::bad_input;
    }
    if (!o.short_codes.empty()) {
        std::cerr << "scrutineer receipt: --short-codes applies to --format electionguard-2.0 only\n";
        return cli::bad_input;
    }
    auto r = election::lookup_receipt(o.dir, o.code);
    if (!r) {
        std::cerr << "scrutineer receipt: " << r.err().message << "\n";
        return r.err().code == errc::io ? cli::io_error : cli::bad_input;
    }
    std::cout << r->text();
    const bool good = r->found && r->chain_ok && r->kind == "cast" && r->why_not.empty();
    return good ? cli::ok : cli::check_failed;
}

cli::command reg("receipt", "Look up a ballot's tracking code on a record's board: present, counted, and why not",
                 [](CLI::App& sub) -> cli::runner {
                     auto o = std::make_shared<options>();
                     sub.add_option("dir", o->dir, "Record directory")->required();
                     sub.add_option("code", o->code,
                                    "Tracking code (dashes optional; a unique prefix of 8+ characters is enough), or "
                                    "with --format electionguard-2.0 a confirmation code (hex; a unique prefix of 8+ digits)")
                         ->required();
                     sub.add_option("--format", o->format, "Record format: scrutineer (default) or electionguard-2.0");
                     sub.add_option("--short-codes", o->short_codes,
                                    "electionguard-2.0: the hash-trimming function of pre-encrypted ballots' short "
                                    "codes, omega1 ... omega8 (spec 4.6) or hex5; default: the one the codes fit");
                     return [o] { return run(*o); };
                 });

}  // namespace
