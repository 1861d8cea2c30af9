// scrutineer benchmarks — driver: runs V first, then the selected benchmarks,
// prints a summary table (time per unit and ratio to V) and writes summary.json.
#include <sodium.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness.hpp"

namespace {

// V: one libsodium variable-base scalar multiplication on ristretto255.
void bm_v(benchmark::State& state) {
    if (sodium_init() < 0) state.SkipWithError("sodium_init failed");
    unsigned char s[32], p[32], q[32];
    randombytes_buf(s, sizeof s);
    s[31] &= 0x0f;
    crypto_core_ristretto255_random(p);
    for (auto _ : state) {
        if (crypto_scalarmult_ristretto255(q, s, p) != 0) state.SkipWithError("identity");
        benchmark::DoNotOptimize(q);
        p[0] ^= 0;  // keep the input stable
    }
}
BENCHMARK(bm_v)->Name("v")->MinTime(0.5);

struct row {
    std::string id;
    double ns;
    int threads;
};

class collecting_reporter : public benchmark::ConsoleReporter {
public:
    std::vector<row> rows;
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& r : runs) {
            if (r.error_occurred || r.iterations == 0) continue;
            if (r.run_type != Run::RT_Iteration) continue;
            double ns = r.real_accumulated_time / static_cast<double>(r.iterations) * 1e9;
            if (auto it = r.counters.find("units"); it != r.counters.end() && it->second.value > 0)
                ns /= it->second.value;
            int threads = 1;
            if (auto it = r.counters.find("threads"); it != r.counters.end()) threads = static_cast<int>(it->second.value);
            // the stable id is the name up to the first '/' (Google Benchmark
            // appends arguments such as "/min_time:0.500")
            std::string id = r.benchmark_name();
            if (auto slash = id.find('/'); slash != std::string::npos) id.resize(slash);
            rows.push_back({id, ns, threads});
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    std::string filter, summary = "build/bench/summary.json";
    std::vector<char*> args{argv[0]};
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--filter=", 9) == 0)
            filter = argv[i] + 9;
        else if (std::strncmp(argv[i], "--summary=", 10) == 0)
            summary = argv[i] + 10;
        else if (std::strcmp(argv[i], "--help") == 0) {
            std::cout << "usage: scrutineer-bench [--filter=REGEX] [--summary=FILE] [google-benchmark flags]\n"
                         "Runs V (one libsodium crypto_scalarmult_ristretto255) and the selected benchmarks,\n"
                         "then prints ns per unit and the ratio to V and writes FILE (JSON).\n";
            return 0;
        } else
            args.push_back(argv[i]);
    }
    std::string filter_flag = "--benchmark_filter=" + (filter.empty() ? std::string(".*") : "^v(/|$)|" + filter);
    args.push_back(filter_flag.data());
    int n = static_cast<int>(args.size());
    benchmark::Initialize(&n, args.data());
    collecting_reporter rep;
    benchmark::RunSpecifiedBenchmarks(&rep);
    benchmark::Shutdown();

    double v = 0;
    for (const auto& r : rep.rows)
        if (r.id == "v") v = r.ns;
    nlohmann::json out = nlohmann::json::array();
    std::cout << "\nsummary (V = " << std::fixed << std::setprecision(1) << v / 1000.0 << " us)\n";
    std::cout << std::left << std::setw(34) << "id" << std::right << std::setw(16) << "ns/unit" << std::setw(12)
              << "ratio to V" << std::setw(9) << "threads" << "\n";
    for (const auto& r : rep.rows) {
        double ratio = v > 0 ? r.ns / v : 0.0;
        out.push_back({{"id", r.id}, {"ns", r.ns}, {"v_ratio", ratio}, {"threads", r.threads}});
        std::cout << std::left << std::setw(34) << r.id << std::right << std::setw(16) << std::setprecision(1) << r.ns
                  << std::setw(12) << std::setprecision(4) << ratio << std::setw(9) << r.threads << "\n";
    }
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::cout << "peak memory (process): " << ru.ru_maxrss / 1024 << " MiB\n";
    std::ofstream f(summary);
    if (!f) {
        std::cerr << "scrutineer-bench: cannot write " << summary << "\n";
        return 3;
    }
    f << out.dump(2) << "\n";
    std::cout << "wrote " << summary << "\n";
    return 0;
}
