// Benchmarks: the proof of shuffle (W3: shuffle + prove, W4: verify), in ns
// per ciphertext. Ids (stable):
//   w3.shuffle_prove.100000       width 1, one thread        (target ≤ 2.4 V)
//   w3.shuffle_prove.100000.mt    width 1, all cores
//   w4.shuffle_verify.100000      width 1, one thread        (target ≤ 1 V)
//   w4.shuffle_verify.100000.mt   width 1, all cores
//   w3.shuffle_prove.10000.w3     width 3, one thread
//   w4.shuffle_verify.10000.w3    width 3, one thread
// The inputs (fresh encryptions) and the proof being verified are built once,
// outside the timed region. Prove includes the shuffle (re-encryption),
// deriving the generators and encoding every published element; verify
// includes decoding and validating every element and deriving the generators.
#include <map>
#include <memory>
#include <utility>

#include "harness.hpp"
#include "scrutineer/protocols/shuffle.hpp"
#include "scrutineer/scrutineer.hpp"

namespace {

using namespace scrutineer;
using G = ristretto255;

struct shuffle_fixture {
    seeded_rng r{2024};
    elgamal::key_pair<G> kp = elgamal::key_pair<G>::generate(r);
    proof_context ctx = proof_context::for_election(std::string_view("bench-election")).derive("mix", "0");
    mixnet::ciphertext_list<G> input;
    std::unique_ptr<mixnet::shuffle_output<G>> shuffled;

    shuffle_fixture(std::size_t n, std::size_t w) {
        parallel::thread_scope ts(0);
        // inputs: encryptions of random points (one fixed-base pair per component)
        bytes b(n * 64 * w);
        std::vector<G::scalar> m(n * w), k(n * w);
        for (auto& x : m) x = G::scalar::random(r);
        for (auto& x : k) x = G::scalar::random(r);
        parallel::for_chunks(n * w, 256, [&](std::size_t lo, std::size_t hi) {
            for (std::size_t i = lo; i < hi; ++i) {
                auto c = elgamal::encrypt_exp_with<G>(kp.pk, m[i], k[i]);
                auto e = c.encode();
                std::copy(e.begin(), e.end(), b.begin() + static_cast<std::ptrdiff_t>(64 * i));
            }
        });
        input = *mixnet::ciphertext_list<G>::from_bytes(std::move(b), n, w);
    }
    const mixnet::shuffle_output<G>& proof() {
        if (!shuffled) {
            parallel::thread_scope ts(0);
            shuffled = std::make_unique<mixnet::shuffle_output<G>>(*mixnet::shuffle<G>(ctx, kp.pk, input, r));
        }
        return *shuffled;
    }
};

shuffle_fixture& fixture(std::size_t n, std::size_t w) {
    static std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<shuffle_fixture>> cache;
    auto& f = cache[{n, w}];
    if (!f) f = std::make_unique<shuffle_fixture>(n, w);
    return *f;
}

void run_prove(benchmark::State& state, std::size_t n, std::size_t w, std::size_t threads) {
    auto& f = fixture(n, w);
    parallel::thread_scope ts(threads);
    for (auto _ : state) {
        auto s = mixnet::shuffle<G>(f.ctx, f.kp.pk, f.input, f.r);
        if (!s) state.SkipWithError("shuffle failed");
        benchmark::DoNotOptimize(s);
    }
    bench::set_units(state, static_cast<double>(n));
    bench::set_threads(state, static_cast<int>(parallel::threads()));
}

void run_verify(benchmark::State& state, std::size_t n, std::size_t w, std::size_t threads) {
    auto& f = fixture(n, w);
    const auto& s = f.proof();
    parallel::thread_scope ts(threads);
    for (auto _ : state) {
        auto v = mixnet::verify_shuffle<G>(f.ctx, f.kp.pk, f.input, s.output, s.proof);
        if (!v) state.SkipWithError("verification failed");
    }
    bench::set_units(state, static_cast<double>(n));
    bench::set_threads(state, static_cast<int>(parallel::threads()));
}

void bm_prove_100000(benchmark::State& s) { run_prove(s, 100000, 1, 1); }
void bm_prove_100000_mt(benchmark::State& s) { run_prove(s, 100000, 1, 0); }
void bm_verify_100000(benchmark::State& s) { run_verify(s, 100000, 1, 1); }
void bm_verify_100000_mt(benchmark::State& s) { run_verify(s, 100000, 1, 0); }
void bm_prove_10000_w3(benchmark::State& s) { run_prove(s, 10000, 3, 1); }
void bm_verify_10000_w3(benchmark::State& s) { run_verify(s, 10000, 3, 1); }

BENCHMARK(bm_prove_100000)->Name("w3.shuffle_prove.100000")->UseRealTime()->Iterations(1);
BENCHMARK(bm_prove_100000_mt)->Name("w3.shuffle_prove.100000.mt")->UseRealTime()->Iterations(1);
BENCHMARK(bm_verify_100000)->Name("w4.shuffle_verify.100000")->UseRealTime()->Iterations(1);
BENCHMARK(bm_verify_100000_mt)->Name("w4.shuffle_verify.100000.mt")->UseRealTime()->Iterations(1);
BENCHMARK(bm_prove_10000_w3)->Name("w3.shuffle_prove.10000.w3")->UseRealTime()->Iterations(2);
BENCHMARK(bm_verify_10000_w3)->Name("w4.shuffle_verify.10000.w3")->UseRealTime()->Iterations(2);

}  // namespace
