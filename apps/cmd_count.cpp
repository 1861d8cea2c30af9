// scrutineer CLI — `scrutineer count`: count ranked ballots (STV / IRV).
#include <fstream>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "scrutineer/core/hex.hpp"
#include "scrutineer/count/io.hpp"

namespace {

struct count_options {
    std::string method = "scottish-stv";
    int seats = 0;
    std::string seed_hex;
    std::string file;
    std::string stages_csv;
    std::string json;
    bool quiet = false;
};

int write_file(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
    f.close();
    if (!f) {
        std::cerr << "scrutineer count: error: cannot write " << path << "\n";
        return scrutineer::cli::io_error;
    }
    return scrutineer::cli::ok;
}

int run_count_cmd(const count_options& o) {
    using namespace scrutineer;
    using namespace scrutineer::count;
    auto rules = preset(o.method);
    if (!rules) {
        std::cerr << "scrutineer count: error: unknown method '" << o.method << "' (one of:";
        for (const auto& n : preset_names()) std::cerr << " " << n;
        std::cerr << ")\n";
        return cli::bad_input;
    }
    bytes seed;
    if (!o.seed_hex.empty()) {
        auto s = from_hex(o.seed_hex);
        if (!s) {
            std::cerr << "scrutineer count: error: --seed: " << s.err().message << "\n";
            return cli::bad_input;
        }
        seed = *s;
    }
    auto c = read_contest_file(o.file, o.seats);
    if (!c) {
        std::cerr << "scrutineer count: error: " << c.err().message << "\n";
        return c.err().code == errc::io ? cli::io_error : cli::bad_input;
    }
    if (o.seats > 0) c->seats = o.seats;
    auto r = run_count(*c, *rules, seed);
    if (!r) {
        std::cerr << "scrutineer count: error: " << o.file << ": " << r.err().message << "\n";
        return cli::bad_input;
    }
    if (!o.quiet) std::cout << stages_table(*r);
    if (r->lots_drawn > 0 && o.seed_hex.empty())
        std::cerr << "scrutineer count: note: " << r->lots_drawn
                  << " tie(s) went to lot with the empty seed; pass --seed HEX (the election's context hash)\n";
    if (!o.stages_csv.empty())
        if (int rc = write_file(o.stages_csv, stages_csv(*r)); rc != cli::ok) return rc;
    if (!o.json.empty())
        if (int rc = write_file(o.json, transcript_json(*r)); rc != cli::ok) return rc;
    return cli::ok;
}

scrutineer::cli::command reg(
    "count", "Count ranked ballots by STV or IRV and print the stage sheet", [](CLI::App& sub) -> scrutineer::cli::runner {
        auto o = std::make_shared<count_options>();
        sub.footer(
            "Methods:\n"
            "  scottish-stv  Scottish local government STV (SSI 2011/399 rr.46-53): Droop quota,\n"
            "                weighted inclusive Gregory, transfer values truncated to 5 places\n"
            "  wigm          weighted inclusive Gregory (PR Foundation form), 4 places\n"
            "  ers97         ERS model rules 1997: 2 places, last parcel, bulk exclusion\n"
            "  meek          Meek STV, New Zealand form (9 places, tolerance 0.0001)\n"
            "  meek-prf      Meek STV, PR Foundation reference (tolerance 0.000001)\n"
            "  irv           instant-runoff voting, one seat\n"
            "Input: BLT (.blt or any other extension) or PrefLib (.soi/.toi/.soc/.toc; needs --seats).\n"
            "Ties that the rule sends to lot are settled by a reproducible SHA-256 draw from --seed\n"
            "(docs/count.md). Exit status: 0 counted, 2 malformed input or bad usage, 3 I/O error.\n"
            "Example: scrutineer count --method scottish-stv ward.blt --stages-csv stages.csv");
        sub.add_option("--method,-m", o->method, "Counting rules (preset name)")->capture_default_str();
        sub.add_option("--seats,-s", o->seats, "Seats to fill (default: from the file)")->check(CLI::Range(1, 100000));
        sub.add_option("--seed", o->seed_hex, "Lowercase hex seed for ties decided by lot");
        sub.add_option("file", o->file, "Ballot file (BLT or PrefLib)")->required();
        sub.add_option("--stages-csv", o->stages_csv, "Write the stage sheet as CSV (official column layout)");
        sub.add_option("--json", o->json, "Write the full transcript as JSON");
        sub.add_flag("--quiet,-q", o->quiet, "Do not print the table");
        return [o] { return run_count_cmd(*o); };
    });

}  // namespace
