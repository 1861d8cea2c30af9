// scrutineer benchmarks — conventions shared by every bench/*.cpp.
//
// * Register each benchmark under its stable id as its name, e.g.
//       BENCHMARK(bm_group_add)->Name("group.add");
// * One iteration may process several units (points, proofs, ballots): say how
//   many with `set_units(state, n)`; the summary reports nanoseconds per unit.
// * A benchmark that runs on several threads internally says so with
//   `set_threads(state, t)` and should use ->UseRealTime().
// * The summary (build/bench/summary.json) is a JSON array of
//   {"id", "ns", "v_ratio", "threads"}; `v` (one libsodium
//   crypto_scalarmult_ristretto255) always runs first and is the unit.
#pragma once

#include <benchmark/benchmark.h>

namespace scrutineer::bench {

inline void set_units(benchmark::State& state, double units_per_iteration) {
    state.counters["units"] = benchmark::Counter(units_per_iteration);
}
inline void set_threads(benchmark::State& state, int threads) {
    state.counters["threads"] = benchmark::Counter(static_cast<double>(threads));
}

}  // namespace scrutineer::bench
