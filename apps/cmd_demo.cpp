// `scrutineer demo --voters N --out DIR [--seed S]`: a whole election in one
// process (election/simulate.hpp): credentials and roll, a 3-of-5 key
// ceremony, voters casting (some challenge, some revote, some are revoked
// before or after voting), the trustee-co-signed close, the tally, threshold
// decryption and the result; a ranked contest (20 candidates, 9 seats,
// scottish-stv, or the rules of --method; 1 seat under irv) mixed by every
// trustee in turn, decrypted and counted (with --no-ranked, without it); then
// it verifies the record it wrote exactly as `scrutineer verify DIR` would,
// and prints the report.
//
// Exit: 0 the election ran and its record verifies, 1 the record does not
// verify or the result differs from the votes, 2 bad options, 3 I/O errors.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "command.hpp"
#include "key_file.hpp"
#include "progress.hpp"
#include "scrutineer/count/rules.hpp"
#include "scrutineer/election/simulate.hpp"
#include "scrutineer/election/verify.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::election;
namespace fs = std::filesystem;

struct options {
    std::size_t voters = 1000;
    std::string out;
    std::uint64_t seed = 0;
    bool seeded = false;
    std::size_t threads = 0;
    bool force = false;
    bool fast_board = false;
    bool no_ranked = false;
    std::string method = "scottish-stv";
    bool no_verify = false;
    std::string keys_out;
    bool stop_after_tally = false;
};

int run(const options& o) {
    fs::path dir = o.out;
    if (dir.empty()) {
        dir = fs::temp_directory_path() / ("scrutineer-demo-" + std::to_string(::getpid()));
    }
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
        if (!o.force) {
            std::cerr << "scrutineer demo: " << dir.string() << " exists and is not empty (use --force to replace it)\n";
            return cli::bad_input;
        }
        if (!fs::exists(dir / record::files::board)) {
            std::cerr << "scrutineer demo: " << dir.string() << " is not a scrutineer record; refusing to delete it\n";
            return cli::bad_input;
        }
        fs::remove_all(dir, ec);
    }
    parallel::set_threads(o.threads);
    std::cout << "scrutineer demo: an election with " << o.voters << " voters, record in " << dir.string() << "\n"
              << "(" << parallel::threads() << " threads"
              << (o.seeded ? ", deterministic seed " + std::to_string(o.seed) + ": never for real elections" : "") << ")\n\n";
    const auto t0 = std::chrono::steady_clock::now();
    simulation_options so;
    so.voters = o.voters;
    if (o.seeded) so.seed = o.seed;
    so.board_durability = o.fast_board ? durability::deferred : durability::each;
    so.ranked = !o.no_ranked;
    so.ranked_method = o.method;
    so.stop_after_tally = o.stop_after_tally;
    int step = 0;
    cli::progress_line sim_bar;  // voting and mixing, on stderr when it is a terminal
    so.progress = sim_bar.callback();
    so.log = [&](const std::string& s) {
        sim_bar.done();
        std::cout << ++step << ". " << s << "\n" << std::flush;
    };
    auto sim = simulate_election(dir, so);
    if (!sim) {
        std::cerr << "scrutineer demo: " << sim.err().describe() << "\n";
        return sim.err().code == errc::io ? cli::io_error : cli::bad_input;
    }
    const double t_run = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!o.keys_out.empty()) {
        // the parties' signing keys, for trying the other commands on this record
        // (scrutineer board, scrutineer mix); each party keeps its own in a real election
        fs::create_directories(o.keys_out, ec);
        auto put = [&](const std::string& name, const signing_key& k) {
            auto s = cli::write_key_file((fs::path(o.keys_out) / name).string(), k);
            if (!s) std::cerr << "scrutineer demo: " << s.err().describe() << "\n";
            return s.ok();
        };
        bool written = put("operator.key", sim->operator_key) && put("authority.key", sim->authority_key);
        for (std::size_t i = 0; written && i < sim->trustee_signing_keys.size(); ++i) {
            written = put("trustee" + std::to_string(i + 1) + ".key", sim->trustee_signing_keys[i]);
            if (written) {  // the decryption key share, as `scrutineer trustee keygen` leaves it
                const auto p = (fs::path(o.keys_out) / ("trustee" + std::to_string(i + 1) + ".share")).string();
                const auto saved = sim->trustee_keys[i].save();
                auto s = cli::write_new_secret_file(p, saved.span());
                if (!s) std::cerr << "scrutineer demo: " << s.err().describe() << "\n";
                written = s.ok();
            }
        }
        if (!written) return cli::io_error;
        std::cout << "\nKeys written to " << o.keys_out
                  << " (operator.key, authority.key, trusteeI.key: signing keys; trusteeI.share: decryption key shares)\n";
    }
    if (o.stop_after_tally) {
        std::cout << "\nThe record stops after the tally (--stop-after-tally). Finish it one party at a time "
                     "(docs/operator.md):\n"
                     "  scrutineer trustee share "
                  << dir.string() << " --state KEYS/trusteeI.share --tally --out share-I.json\n"
                  << "  scrutineer board post-share " << dir.string() << " --key KEYS/operator.key share-I.json\n"
                  << "  … then post-mix-input, scrutineer mix and board post-mix, trustee share --contest, "
                     "post-ranked-share, publish-ranked-result, publish-result\n";
        return cli::ok;
    }

    std::optional<record_report> rep;
    double t_verify = 0;
    if (o.no_verify) {
        std::cout << "\nNot verified here (--no-verify): run scrutineer verify " << dir.string() << "\n";
        std::cout << "\nPublished result (weighted votes per option):\n";
        for (const auto& c : sim->result.contests) {
            std::cout << "  " << c.id << ":";
            for (const auto& [opt, votes] : c.options) std::cout << " " << opt << " " << votes << ";";
            std::cout << "\n";
        }
    } else {
        std::cout << "\nVerifying the record as an auditor would (scrutineer verify " << dir.string() << "):\n\n";
        const auto t1 = std::chrono::steady_clock::now();
        cli::progress_line bar;
        auto r = verify_record(dir, verify_options{o.threads, bar.callback()});
        bar.done();
        if (!r) {
            std::cerr << "scrutineer demo: the record cannot be read: " << r.err().describe() << "\n";
            return cli::io_error;
        }
        t_verify = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
        std::cout << r->text();
        rep = std::move(*r);
    }

    bool match = true;
    for (const auto& c : sim->result.contests)
        for (std::size_t i = 0; i < c.options.size(); ++i)
            match = match && sim->expected.at(c.id).at(i) == c.options[i].second;
    for (const auto& [id, pub] : sim->ranked) {
        const auto& exp = sim->expected_ranked.at(id);
        const bool same = pub.elected == exp.elected && pub.stages == exp.stages;
        match = match && same;
        std::cout << "\nRanked contest " << id << ": the stage sheet of the count of the decrypted papers "
                  << (same ? "equals" : "DIFFERS FROM") << " the count of the rankings the voters cast.\n";
        const auto n_stages = pub.stages.is_object() && pub.stages.contains("stages") ? pub.stages["stages"].size() : 0;
        std::cout << "  " << pub.ballots.size() << " papers, " << n_stages << " stages; elected in order:";
        for (const auto& e : pub.elected) std::cout << " " << e;
        std::cout << "\n";
    }
    std::cout << "\nThe published result " << (match ? "equals" : "DIFFERS FROM") << " the votes the voters cast.\n";
    if (rep)
        std::printf("Election ran in %.1f s, the record verified in %.1f s.\n", t_run, t_verify);
    else
        std::printf("Election ran in %.1f s.\n", t_run);
    const bool ok = (!rep || rep->ok()) && match;
    std::cout << (ok ? (rep ? "demo complete: the election ran and its record verifies\n"
                            : "demo complete: the election ran (record not verified)\n")
                     : "demo FAILED\n");
    std::cout << "Try: scrutineer verify " << dir.string() << "    scrutineer receipt " << dir.string() << " CODE\n";
    return ok ? cli::ok : cli::check_failed;
}

cli::command reg("demo", "Run a whole election in one process, write its record and verify it",
                 [](CLI::App& sub) -> cli::runner {
                     auto o = std::make_shared<options>();
                     sub.add_option("--voters", o->voters, "number of voters")->default_val(1000)->check(CLI::Range(1, 10000000));
                     sub.add_option("--out", o->out, "record directory to write (default: a new temporary directory)");
                     auto* seed = sub.add_option("--seed", o->seed,
                                                 "use a deterministic random generator with this seed "
                                                 "(reproducible runs; never for real elections)");
                     sub.add_option("--threads", o->threads, "worker threads (0: all cores)")->default_val(0);
                     sub.add_flag("--force", o->force, "replace an existing record directory");
                     sub.add_flag("--no-ranked", o->no_ranked,
                                  "leave out the ranked (STV) contest and its mix-net");
                     sub.add_option("--method", o->method,
                                    "the ranked contest's counting rules (docs/count.md): scottish-stv, ers97, meek, "
                                    "meek-prf, wigm, or irv (one seat)")
                         ->default_val("scottish-stv")
                         ->check(CLI::IsMember(count::preset_names()));
                     sub.add_flag("--fast-board", o->fast_board,
                                  "fsync the board once at the end instead of after every entry (large simulations)");
                     sub.add_option("--keys-out", o->keys_out,
                                    "write the operator's, the credential authority's and each trustee's signing key "
                                    "to new files in this directory (to try scrutineer board and mix on the record)");
                     sub.add_flag("--stop-after-tally", o->stop_after_tally,
                                  "stop once the tally is posted, leaving decryption, mixing and the result to "
                                  "scrutineer board, mix and trustee share (use with --keys-out)");
                     sub.add_flag("--no-verify", o->no_verify,
                                  "write the record without verifying it here (large simulations; run scrutineer "
                                  "verify on it afterwards)");
                     return [o, seed] {
                         o->seeded = seed->count() > 0;
                         return run(*o);
                     };
                 });

}  // namespace
