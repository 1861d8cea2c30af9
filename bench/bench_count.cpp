// scrutineer benchmarks — W6: whole STV counts (docs/count.md).
//
// Ids (stable): count.stv.100k, count.stv.1m, count.meek.100k. One iteration
// is one whole count from in-memory ballots (aggregation of identical
// rankings included); the time reported is ns per count. Ballots come from a
// seeded generator so every run counts the same election: 173 candidates,
// 9 seats, each paper ranking 1-15 distinct candidates, with first
// preferences skewed towards a few popular candidates so that surpluses,
// exclusions and long transfer chains all occur.
#include <cstdint>
#include <vector>

#include "harness.hpp"
#include "scrutineer/count/count.hpp"

namespace {

using namespace scrutineer::count;

constexpr int n_candidates = 173;
constexpr int n_seats = 9;

/// xorshift64*: deterministic, fast, good enough for synthetic ballots.
struct gen {
    std::uint64_t s;
    std::uint64_t next() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 2685821657736338717ull;
    }
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>((next() >> 11) % n); }
};

contest make_contest_random(std::size_t ballots, std::uint64_t seed) {
    contest c;
    c.title = "synthetic W6 contest";
    c.seats = n_seats;
    for (int i = 0; i < n_candidates; ++i) c.candidates.push_back({"Candidate " + std::to_string(i + 1), "", false});
    gen g{seed | 1};
    c.ballots.reserve(ballots, ballots * 8);
    std::vector<candidate_id> rk;
    std::vector<std::uint64_t> used(n_candidates, 0);
    for (std::size_t b = 0; b < ballots; ++b) {
        rk.clear();
        const std::uint32_t len = 1 + g.below(15);
        while (rk.size() < len) {
            // half of all preferences go to the 20 best-known candidates
            std::uint32_t id = g.below(2) ? g.below(20) : g.below(n_candidates);
            if (used[id] == b + 1) continue;
            used[id] = b + 1;
            rk.push_back(id);
        }
        c.ballots.add(rk, 1);
    }
    return c;
}

void run(benchmark::State& state, std::size_t ballots, const rules& r) {
    const contest c = make_contest_random(ballots, 0x5c2u);
    for (auto _ : state) {
        auto res = run_count(c, r);
        if (!res.ok() || res->elected.size() != n_seats) {
            state.SkipWithError("count failed");
            break;
        }
        benchmark::DoNotOptimize(res->stages.data());
    }
    scrutineer::bench::set_units(state, 1);
}

void bm_stv_100k(benchmark::State& state) { run(state, 100'000, scottish_stv()); }
void bm_stv_1m(benchmark::State& state) { run(state, 1'000'000, scottish_stv()); }
void bm_meek_100k(benchmark::State& state) { run(state, 100'000, meek_nz()); }

BENCHMARK(bm_stv_100k)->Name("count.stv.100k")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_stv_1m)->Name("count.stv.1m")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_meek_100k)->Name("count.meek.100k")->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
