// Benchmarks: embedding a ranked ballot in ristretto255 points
// (mixnet/ranking.hpp), ns per ballot. Ids (stable):
//   mixnet.encode_ranking.20     20 candidates, w = 1
//   mixnet.encode_ranking.255    255 candidates, w = 9
// Each iteration encodes one full ranking (a permutation of all candidates);
// the cost does not depend on the ranking (constant time): 320 constant-time
// ristretto255 decodings per point plus the validity masks.
#include <cstdint>
#include <numeric>
#include <vector>

#include "harness.hpp"
#include "scrutineer/mixnet/ranking.hpp"

namespace {

using namespace scrutineer;

void run_encode(benchmark::State& state, std::size_t m) {
    std::vector<std::uint32_t> ranking(m);
    std::iota(ranking.rbegin(), ranking.rend(), 0u);  // m-1, …, 0
    for (auto _ : state) {
        auto pts = mixnet::encode_ranking(ranking, m);
        if (!pts) state.SkipWithError("encode_ranking failed");
        benchmark::DoNotOptimize(pts);
    }
    bench::set_units(state, 1);
}

void bm_encode_20(benchmark::State& s) { run_encode(s, 20); }
void bm_encode_255(benchmark::State& s) { run_encode(s, 255); }

BENCHMARK(bm_encode_20)->Name("mixnet.encode_ranking.20")->MinTime(0.5);
BENCHMARK(bm_encode_255)->Name("mixnet.encode_ranking.255")->MinTime(0.5);

}  // namespace
