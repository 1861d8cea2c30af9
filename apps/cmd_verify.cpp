// `scrutineer verify DIR [--json FILE] [--threads N] [--format FORMAT]`:
// verifies a published election record.
//
// Formats are dispatched through a table:
//   scrutineer          the native record (docs/format/record.md; the default):
//                       the numbered checks of docs/verify.md, all run, every
//                       failure collected; --json writes the report as JSON
//   electionguard-2.0   an ElectionGuard 2.0 record in the Kotlin JSON layout
//                       (spec §6.2, Verifications 1–18; see docs/electionguard.md);
//                       --json writes eg::report_json; --short-codes names the
//                       pre-encrypted ballots' hash-trimming function Ω
//
// Progress goes to stderr when it is a terminal. Exit: 0 every check passed,
// 1 a check failed, 2 bad usage or a record that cannot be read (a missing
// directory or file, a malformed manifest or roll); for electionguard-2.0,
// 3 when the directory does not exist. Writing the --json report fails: 3.
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <fstream>

#include "command.hpp"
#include "progress.hpp"
#include "scrutineer/election/verify.hpp"
#include "scrutineer/electionguard/verify.hpp"

namespace {

using namespace scrutineer;

struct options {
    std::string format = "scrutineer";
    std::string dir;
    std::string json;
    unsigned threads = 0;
    std::string short_codes;  ///< electionguard-2.0: Ω of pre-encrypted ballots
};

int verify_native(const options& o) {
    if (!o.short_codes.empty()) {
        std::cerr << "scrutineer verify: --short-codes applies to --format electionguard-2.0 only\n";
        return cli::bad_input;
    }
    cli::progress_line bar;
    auto r = election::verify_record(o.dir, election::verify_options{o.threads, bar.callback()});
    bar.done();
    if (!r) {
        std::cerr << "scrutineer verify: the record cannot be read: " << r.err().message << "\n";
        return cli::bad_input;
    }
    std::cout << r->text();
    if (!o.json.empty()) {
        std::ofstream out(o.json, std::ios::trunc);
        out << r->to_json().dump(2) << "\n";
        if (!out) {
            std::cerr << "scrutineer verify: cannot write the JSON report to " << o.json << "\n";
            return cli::io_error;
        }
    }
    return r->ok() ? cli::ok : cli::check_failed;
}

int verify_electionguard(const options& o) {
    cli::progress_line bar;
    eg::verify_options vo;
    vo.threads = o.threads;
    vo.progress = bar.callback();
    vo.short_codes = o.short_codes;
    auto r = eg::verify_record(o.dir, vo);
    bar.done();
    if (!r) {
        std::cerr << "scrutineer verify: " << r.err().message << "\n";
        return r.err().code == errc::io ? cli::io_error : cli::bad_input;
    }
    std::cout << "ElectionGuard 2.0 record " << o.dir << "\n" << eg::format_report(*r);
    const bool failed = r->any_failed();
    std::cout << (failed ? "RESULT: verification FAILED\n" : "RESULT: every checked step passed\n");
    if (!o.json.empty()) {
        std::ofstream out(o.json, std::ios::trunc);
        out << eg::report_json(*r).dump(2) << "\n";
        if (!out) {
            std::cerr << "scrutineer verify: cannot write the JSON report to " << o.json << "\n";
            return cli::io_error;
        }
    }
    return failed ? cli::check_failed : cli::ok;
}

const std::map<std::string, std::function<int(const options&)>>& formats() {
    static const std::map<std::string, std::function<int(const options&)>> f{
        {"scrutineer", verify_native},
        {"electionguard-2.0", verify_electionguard},
    };
    return f;
}

int run(const options& o) {
    const auto& f = formats();
    auto it = f.find(o.format);
    if (it == f.end()) {
        std::cerr << "scrutineer verify: record format \"" << o.format << "\" is not supported yet; supported:";
        for (const auto& [name, fn] : f) std::cerr << " " << name;
        std::cerr << "\n";
        return cli::bad_input;
    }
    return it->second(o);
}

cli::command reg("verify", "Verify a published election record", [](CLI::App& sub) -> cli::runner {
    auto o = std::make_shared<options>();
    sub.add_option("dir", o->dir, "Record directory")->required();
    sub.add_option("--format", o->format, "Record format: scrutineer (default) or electionguard-2.0");
    sub.add_option("--json", o->json, "Also write the report as JSON to this file");
    sub.add_option("--threads", o->threads, "Worker threads (0: all cores)");
    sub.add_option("--short-codes", o->short_codes,
                   "electionguard-2.0: the hash-trimming function of pre-encrypted ballots' short codes, omega1 ... "
                   "omega8 (spec 4.6) or hex5 (first five hex digits); default: the one the record's codes fit");
    return [o] { return run(*o); };
});

}  // namespace
