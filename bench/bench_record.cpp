// Benchmarks: whole-record verification (issue 6, W2 at scale).
//   w2.verify_record.1k      `scrutineer verify` on a 1,000-voter demo record, all cores
//   w2.verify_record.100k    the same on a 100,000-voter record (about 100,000 cast
//                            ballots of the demo's shape: 14 options, two contests),
//                            all cores; ns per cast ballot; counter peak_rss_mb is the
//                            process's peak resident memory during the verification
// The records are generated once (seeded, never for real elections) under
// $SCRUTINEER_BENCH_DATA or build/bench-data, which takes minutes for 100k;
// later runs reuse them. The 100k row is always registered (so a filter
// finds it) but runs only with SCRUTINEER_BENCH_LARGE=1; otherwise it reports
// that it was skipped.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "harness.hpp"
#include "scrutineer/election/simulate.hpp"
#include "scrutineer/election/verify.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::election;
namespace fs = std::filesystem;

fs::path data_dir() {
    if (const char* d = std::getenv("SCRUTINEER_BENCH_DATA")) return d;
    return "build/bench-data";
}

/// The record for `voters`, generated on first use (a "complete" marker guards against half-written ones).
fs::path record_for(std::size_t voters) {
    const auto dir = data_dir() / ("record-" + std::to_string(voters) + "-v1");
    if (fs::exists(dir / "complete")) return dir;
    fs::remove_all(dir);
    fs::create_directories(dir.parent_path());
    std::cerr << "generating a " << voters << "-voter record in " << dir.string() << " (once)…\n";
    simulation_options o;
    o.voters = voters;
    o.seed = 1;
    o.board_durability = durability::deferred;
    auto s = simulate_election(dir, o);
    if (!s) throw std::runtime_error("record generation failed: " + s.err().describe());
    std::ofstream(dir / "complete") << "ok\n";
    return dir;
}

double peak_rss_mb() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}
void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

void bm_verify_record(benchmark::State& state, std::size_t voters) {
    const auto dir = record_for(voters);
    std::uint64_t cast = 0;
    for (auto _ : state) {
        reset_peak_rss();
        auto rep = verify_record(dir, {0, {}});
        if (!rep || !rep->ok()) {
            state.SkipWithError("the record does not verify");
            return;
        }
        cast = rep->cast;
        state.counters["peak_rss_mb"] = peak_rss_mb();
    }
    bench::set_units(state, static_cast<double>(cast));
    bench::set_threads(state, static_cast<int>(parallel::threads()));
}

void bm_verify_record_1k(benchmark::State& state) { bm_verify_record(state, 1000); }
void bm_verify_record_100k(benchmark::State& state) { bm_verify_record(state, 100000); }

BENCHMARK(bm_verify_record_1k)->Name("w2.verify_record.1k")->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

const bool large = [] {
    const char* e = std::getenv("SCRUTINEER_BENCH_LARGE");
    return e && std::string(e) == "1";
}();
// Registered always (so an explicit filter finds it); skipped unless asked for.
void bm_verify_record_100k_guarded(benchmark::State& state) {
    if (!large) {
        state.SkipWithError("set SCRUTINEER_BENCH_LARGE=1 to run (generates a 1.2 GB record once)");
        return;
    }
    bm_verify_record_100k(state);
}
BENCHMARK(bm_verify_record_100k_guarded)->Name("w2.verify_record.100k")->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
