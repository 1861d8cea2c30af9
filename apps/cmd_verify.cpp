// `scrutineer verify --format FORMAT DIR`: verifies a published election record.
//
// Formats are dispatched through a table so that further record formats (the
// native scrutineer record) can be added as one more entry. Supported now:
//   electionguard-2.0   an ElectionGuard 2.0 record in the Kotlin JSON layout
//                       (spec §6.2, Verifications 1–18; see docs/electionguard.md)
//
// Output: one line per verification step: ok, FAILED (reason) or not checked
// (why). Exit: 0 every checked step passed, 1 a step failed, 2 bad usage or a
// malformed/unreadable record, 3 I/O error (the directory does not exist).
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "command.hpp"
#include "scrutineer/electionguard/verify.hpp"

namespace {

using namespace scrutineer;

struct options {
    std::string format;
    std::string dir;
    unsigned threads = 0;
};

int verify_electionguard(const options& o) {
    auto r = eg::verify_record(o.dir, eg::verify_options{o.threads});
    if (!r) {
        std::cerr << "scrutineer verify: " << r.err().message << "\n";
        return r.err().code == errc::io ? cli::io_error : cli::bad_input;
    }
    std::cout << "ElectionGuard 2.0 record " << o.dir << "\n" << eg::format_report(*r);
    const bool failed = r->any_failed();
    std::cout << (failed ? "RESULT: verification FAILED\n" : "RESULT: every checked step passed\n");
    return failed ? cli::check_failed : cli::ok;
}

const std::map<std::string, std::function<int(const options&)>>& formats() {
    static const std::map<std::string, std::function<int(const options&)>> f{
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
    sub.add_option("--format", o->format, "Record format (electionguard-2.0)")->required();
    sub.add_option("dir", o->dir, "Record directory")->required();
    sub.add_option("--threads", o->threads, "Worker threads (0: all cores)");
    return [o] { return run(*o); };
});

}  // namespace
