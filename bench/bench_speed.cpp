// Benchmarks: fast arithmetic (issue #3 [speed]). Stable ids:
//   msm.256, msm.1000, msm.100000  ns per point, one thread (256 and 1000: Bos–Coster)
//   msm.100000.mt               ns per point, all cores (threads counter set)
//   msm.1000000.mt              ns per point, all cores; counter peak_MiB = the
//                               process's peak resident memory during the run
//   group.fixed_base_vartime    s·G from the generator's 8-bit window table
//   fixed_base.key              s·K, constant time, from a table of an election key
//   fixed_base.key_vartime      s·K, variable time, from the same key's table
//   fixed_base.build            building the constant-time table of a new base (a
//                               voter's device does it once, for the election key)
//   msm_ct.1000                 ns per point, constant time in the scalars
//                               (mixnet/ct_multi_exp.hpp: the shuffle prover's t3, t4), one thread
//   batch.range01.10000         ns per 0/1 range proof in a batch of 10,000, one thread
//   batch.range01.10000.mt      the same on all cores
// (group.fixed_base, s·G constant time, is in bench_group.cpp; it now runs on
// the generator's table from group/fixed_base.hpp.)
//
// Inputs are reproducible (fixed seeds). MSM points are made by repeated
// addition (P_{i+1} = P_i + Q), which is cheap and does not change the cost.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "harness.hpp"
#include "scrutineer/scrutineer.hpp"
#include "scrutineer/group/fixed_base.hpp"
#include "scrutineer/group/msm.hpp"
#include "scrutineer/mixnet/ct_multi_exp.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/protocols/batch.hpp"
#include "scrutineer/protocols/range.hpp"

namespace {

using namespace scrutineer;
using G = ristretto255;

struct msm_inputs {
    std::vector<r255_scalar> s;
    std::vector<r255_point> p;
    explicit msm_inputs(std::size_t n) {
        seeded_rng r(0x5eed + n);
        s.reserve(n);
        p.reserve(n);
        const r255_point q = G::mul_base(r255_scalar::random(r));
        r255_point x = G::mul_base(r255_scalar::random(r));
        for (std::size_t i = 0; i < n; ++i) {
            s.push_back(r255_scalar::random(r));
            p.push_back(x);
            x += q;
        }
    }
};

const msm_inputs& inputs(std::size_t n) {
    if (n == 256) {
        static const msm_inputs in(256);
        return in;
    }
    if (n == 1000) {
        static const msm_inputs in(1000);
        return in;
    }
    static const msm_inputs in(100000);
    return in;
}

void run_msm(benchmark::State& state, std::size_t n, std::size_t threads) {
    const auto& in = inputs(n);
    parallel::thread_scope ts(threads);
    for (auto _ : state) {
        auto r = G::multi_exp_vartime(in.s, in.p);
        benchmark::DoNotOptimize(r);
    }
    bench::set_units(state, static_cast<double>(n));
    bench::set_threads(state, static_cast<int>(parallel::threads()));
}

void bm_msm_256(benchmark::State& state) { run_msm(state, 256, 1); }
BENCHMARK(bm_msm_256)->Name("msm.256")->UseRealTime();
void bm_msm_1000(benchmark::State& state) { run_msm(state, 1000, 1); }
BENCHMARK(bm_msm_1000)->Name("msm.1000")->UseRealTime();
void bm_msm_100000(benchmark::State& state) { run_msm(state, 100000, 1); }
BENCHMARK(bm_msm_100000)->Name("msm.100000")->UseRealTime()->MinTime(2.0);
void bm_msm_100000_mt(benchmark::State& state) { run_msm(state, 100000, 0); }
BENCHMARK(bm_msm_100000_mt)->Name("msm.100000.mt")->UseRealTime()->MinTime(2.0);

void bm_msm_ct_1000(benchmark::State& state) {
    const auto& in = inputs(1000);
    parallel::thread_scope ts(1);
    for (auto _ : state) {
        auto r = mixnet::multi_exp_ct<G>(in.s, in.p);
        benchmark::DoNotOptimize(r);
    }
    bench::set_units(state, 1000.0);
    bench::set_threads(state, 1);
}
BENCHMARK(bm_msm_ct_1000)->Name("msm_ct.1000")->UseRealTime();

// Peak resident memory of the process in KiB (VmHWM), after resetting it.
long vm_hwm_kib() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}
void reset_hwm() {
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
}

// One million points, all cores, once: the time per point and the peak memory
// of the whole process while the inputs (256 MiB of points, 32 MiB of
// scalars) exist and the MSM runs. The bound is 512 MiB.
void bm_msm_1000000_mt(benchmark::State& state) {
    constexpr std::size_t n = 1000000;
    parallel::thread_scope ts(0);
    reset_hwm();
    long peak = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto in = std::make_unique<msm_inputs>(n);
        state.ResumeTiming();
        auto r = G::multi_exp_vartime(in->s, in->p);
        benchmark::DoNotOptimize(r);
        state.PauseTiming();
        peak = std::max(peak, vm_hwm_kib());
        in.reset();
        state.ResumeTiming();
    }
    bench::set_units(state, static_cast<double>(n));
    bench::set_threads(state, static_cast<int>(parallel::threads()));
    state.counters["peak_MiB"] = benchmark::Counter(static_cast<double>(peak) / 1024.0);
}
BENCHMARK(bm_msm_1000000_mt)->Name("msm.1000000.mt")->UseRealTime()->Iterations(1);

// ---------------------------------------------------------------- fixed bases

constexpr std::size_t kPool = 256;

const std::vector<r255_scalar>& scalars() {
    static const std::vector<r255_scalar> s = [] {
        seeded_rng r(0xfb);
        std::vector<r255_scalar> v;
        for (std::size_t i = 0; i < kPool; ++i) v.push_back(r255_scalar::random(r));
        return v;
    }();
    return s;
}

void bm_fixed_base_vartime(benchmark::State& state) {
    const auto& s = scalars();
    (void)G::mul_base_vartime(s[0]);  // build the table outside the timing
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = G::mul_base_vartime(s[i++ & (kPool - 1)]);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bm_fixed_base_vartime)->Name("group.fixed_base_vartime");

const fixed_base<G>& key_table() {
    static const fixed_base<G> t = [] {
        seeded_rng r(0x4b);
        fixed_base<G> f(G::mul_base(r255_scalar::random(r)));
        (void)f.mul(r255_scalar::one());
        (void)f.mul_vartime(r255_scalar::one());
        return f;
    }();
    return t;
}

void bm_fixed_base_key(benchmark::State& state) {
    const auto& s = scalars();
    const auto& t = key_table();
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = t.mul(s[i++ & (kPool - 1)]);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bm_fixed_base_key)->Name("fixed_base.key");

void bm_fixed_base_key_vartime(benchmark::State& state) {
    const auto& s = scalars();
    const auto& t = key_table();
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = t.mul_vartime(s[i++ & (kPool - 1)]);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bm_fixed_base_key_vartime)->Name("fixed_base.key_vartime");

void bm_fixed_base_build(benchmark::State& state) {
    seeded_rng r(0x4c);
    const auto base = G::mul_base(r255_scalar::random(r));
    const auto one = r255_scalar::one();
    for (auto _ : state) {
        fixed_base<G> f(base);  // the table is built by its first product
        auto p = f.mul(one);
        benchmark::DoNotOptimize(p);
    }
}
BENCHMARK(bm_fixed_base_build)->Name("fixed_base.build")->Unit(benchmark::kMicrosecond);

// ---------------------------------------------------------------- batch verification

const proof_context& ctx() {
    static const proof_context c = proof_context::for_election(std::string_view("bench-batch"));
    return c;
}

struct range_batch {
    std::vector<proofs::range_statement<G>> st;
    std::vector<proofs::range_proof<G>> pr;
    range_batch() {
        constexpr std::size_t n = 10000;
        seeded_rng r(0xba7c);
        auto kp = elgamal::key_pair<G>::generate(r);
        st.reserve(n);
        pr.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t v = i & 1;
            auto e = elgamal::encrypt_exp<G>(kp.pk, v, r);
            pr.push_back(proofs::prove_range<G>(ctx(), kp.pk, e.ct, 1, v, e.randomness, r));
            st.push_back({kp.pk.element(), e.ct, 1});
        }
    }
};

const range_batch& batch_inputs() {
    static const range_batch b;
    return b;
}

void run_batch(benchmark::State& state, std::size_t threads) {
    const auto& in = batch_inputs();
    parallel::thread_scope ts(threads);
    for (auto _ : state) {
        batch_verifier<G> b;
        for (std::size_t i = 0; i < in.st.size(); ++i)
            b.add("proof " + std::to_string(i), [&in, i](equation_set<G>& e) {
                return proofs::range_equations<G>(ctx(), in.st[i], in.pr[i], e);
            });
        auto res = b.verify_vartime();
        if (!res.ok()) state.SkipWithError("batch verification failed");
    }
    bench::set_units(state, static_cast<double>(in.st.size()));
    bench::set_threads(state, static_cast<int>(parallel::threads()));
}

void bm_batch_range01(benchmark::State& state) { run_batch(state, 1); }
BENCHMARK(bm_batch_range01)->Name("batch.range01.10000")->UseRealTime()->MinTime(2.0);
void bm_batch_range01_mt(benchmark::State& state) { run_batch(state, 0); }
BENCHMARK(bm_batch_range01_mt)->Name("batch.range01.10000.mt")->UseRealTime()->MinTime(2.0);

}  // namespace
