// scrutineer benchmarks — tier 1: ristretto255 group operations.
//
// Each benchmark's name is its stable id (see harness.hpp). Inputs come from a
// fixed seed and cycle through a pool of kPool values, so that successive
// iterations see different (but reproducible) scalars and points without
// paying for input generation inside the timed loop; results go through
// benchmark::DoNotOptimize so the work cannot be elided.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "harness.hpp"
#include "scrutineer/scrutineer.hpp"

namespace {

using namespace scrutineer;
using fast = ristretto255;
using ref = ristretto255_ref;

constexpr std::size_t kPool = 256;  // power of two: index with & (kPool - 1)

template <class G>
struct inputs {
    std::vector<r255_scalar> s, t;
    std::vector<typename G::element> p, q;
    std::vector<r255_encoded> enc;

    explicit inputs(std::uint64_t seed) {
        seeded_rng r(seed);
        for (std::size_t i = 0; i < kPool; ++i) {
            s.push_back(r255_scalar::random(r));
            t.push_back(r255_scalar::random(r));
            p.push_back(G::mul_base(r255_scalar::random(r)));
            q.push_back(G::mul_base(r255_scalar::random(r)));
            enc.push_back(G::encode(p.back()));
        }
    }
};

const inputs<fast>& fast_inputs() {
    static const inputs<fast> in(0x6b0b);
    return in;
}
const inputs<ref>& ref_inputs() {
    static const inputs<ref> in(0x6b0b);
    return in;
}

// ---------------------------------------------------------------- fast engine

// Decoded point addition: a running sum, so each add depends on the last.
void bm_group_add(benchmark::State& state) {
    const auto& in = fast_inputs();
    fast::element acc = in.p[0];
    std::size_t i = 0;
    for (auto _ : state) {
        acc = acc + in.q[i++ & (kPool - 1)];
        benchmark::DoNotOptimize(acc);
    }
}
BENCHMARK(bm_group_add)->Name("group.add");

// Validated decoding of canonical encodings of random elements.
void bm_group_decode(benchmark::State& state) {
    const auto& in = fast_inputs();
    std::size_t i = 0;
    for (auto _ : state) {
        auto d = fast::decode(in.enc[i++ & (kPool - 1)].span());
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(bm_group_decode)->Name("group.decode");

void bm_group_encode(benchmark::State& state) {
    const auto& in = fast_inputs();
    std::size_t i = 0;
    for (auto _ : state) {
        auto e = fast::encode(in.p[i++ & (kPool - 1)]);
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(bm_group_encode)->Name("group.encode");

// s·G, constant time, precomputed generator table.
void bm_group_fixed_base(benchmark::State& state) {
    const auto& in = fast_inputs();
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = fast::mul_base(in.s[i++ & (kPool - 1)]);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bm_group_fixed_base)->Name("group.fixed_base");

// s·P, variable base, constant time.
void bm_group_mul(benchmark::State& state) {
    const auto& in = fast_inputs();
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t k = i++ & (kPool - 1);
        auto r = fast::mul(in.p[k], in.s[k]);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bm_group_mul)->Name("group.mul");

// a·G + b·P, variable time (public inputs).
void bm_group_double_base_vartime(benchmark::State& state) {
    const auto& in = fast_inputs();
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t k = i++ & (kPool - 1);
        auto r = fast::double_base_vartime(in.s[k], in.t[k], in.p[k]);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bm_group_double_base_vartime)->Name("group.double_base_vartime");

// Σ sᵢ·Pᵢ over 64 points; reported per point.
void bm_group_multi_exp_vartime_64(benchmark::State& state) {
    constexpr std::size_t n = 64;
    const auto& in = fast_inputs();
    std::size_t off = 0;
    for (auto _ : state) {
        const std::size_t o = (off++ * n) & (kPool - 1);  // 4 distinct windows of the pool
        auto r = fast::multi_exp_vartime(std::span<const r255_scalar>(in.s).subspan(o, n),
                                         std::span<const fast::element>(in.p).subspan(o, n));
        benchmark::DoNotOptimize(r);
    }
    bench::set_units(state, static_cast<double>(n));
}
BENCHMARK(bm_group_multi_exp_vartime_64)->Name("group.multi_exp_vartime.64");

// ---------------------------------------------------------------- reference backend

void bm_ref_add(benchmark::State& state) {
    const auto& in = ref_inputs();
    ref::element acc = in.p[0];
    std::size_t i = 0;
    for (auto _ : state) {
        acc = acc + in.q[i++ & (kPool - 1)];
        benchmark::DoNotOptimize(acc);
    }
}
BENCHMARK(bm_ref_add)->Name("ref.add");

void bm_ref_mul(benchmark::State& state) {
    const auto& in = ref_inputs();
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t k = i++ & (kPool - 1);
        auto r = ref::mul(in.p[k], in.s[k]);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bm_ref_mul)->Name("ref.mul");

}  // namespace
