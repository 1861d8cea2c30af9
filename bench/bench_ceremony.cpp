// Benchmarks: key ceremony and threshold decryption (ids: ceremony.5of3,
// decrypt.share, decrypt.verify_share, decrypt.verify_share.mt; workload W5
// of performance.md).
#include <vector>

#include "harness.hpp"
#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/ceremony/simulation.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/scrutineer.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::ceremony;
using G = ristretto255;

parameters bench_params(std::uint32_t n, std::uint32_t k) {
    parameters p;
    p.n = n;
    p.k = k;
    const auto e = as_bytes("bench-election");
    p.election = bytes(e.begin(), e.end());
    return p;
}

// The whole ceremony for 5 trustees, threshold 3, in one process: every
// trustee's polynomial, proofs, encrypted shares, share checks, reports,
// transcript verification and key derivation (ns per ceremony).
void bm_ceremony_5of3(benchmark::State& state) {
    seeded_rng r(1);
    const auto p = bench_params(5, 3);
    for (auto _ : state) {
        auto sim = simulate_ceremony<G>(p, r);
        if (!sim || !sim->result.complete()) state.SkipWithError("ceremony failed");
        benchmark::DoNotOptimize(sim);
    }
}
BENCHMARK(bm_ceremony_5of3)->Name("ceremony.5of3")->Unit(benchmark::kMillisecond);

struct decrypt_fixture {
    simulation<G> sim;
    std::vector<elgamal::ciphertext<G>> cts;
    proof_context ctx;
};
decrypt_fixture& fixture(std::size_t count) {
    static decrypt_fixture f = [count] {
        seeded_rng r(2);
        const auto p = bench_params(5, 3);
        auto sim = simulate_ceremony<G>(p, r);
        elgamal::public_key<G> pk(sim->result.key->joint_key);
        std::vector<elgamal::ciphertext<G>> cts;
        for (std::size_t j = 0; j < count; ++j) cts.push_back(elgamal::encrypt_exp<G>(pk, j & 7, r).ct);
        return decrypt_fixture{std::move(*sim), std::move(cts), p.context().derive("decryption", "bench")};
    }();
    return f;
}
constexpr std::size_t verify_batch = 10'000;

// One trustee's decryption share and Chaum–Pedersen proof (ns per ciphertext).
void bm_decrypt_share(benchmark::State& state) {
    auto& f = fixture(verify_batch);
    seeded_rng r(3);
    constexpr std::size_t batch = 64;
    std::span<const elgamal::ciphertext<G>> cts(f.cts.data(), batch);
    for (auto _ : state) {
        auto s = prove_decryption_share<G>(f.sim.keys[0], f.ctx, cts, r);
        benchmark::DoNotOptimize(s.shares.data());
    }
    bench::set_units(state, static_cast<double>(batch));
}
BENCHMARK(bm_decrypt_share)->Name("decrypt.share");

// Verifying one trustee's shares for 10,000 ciphertexts as one batch (ns per
// share): decrypt.verify_share on one thread (performance.md: targets are
// single-thread unless noted), decrypt.verify_share.mt on all cores.
void run_verify_share(benchmark::State& state, std::size_t threads) {
    auto& f = fixture(verify_batch);
    seeded_rng r(4);
    static const auto shares = prove_decryption_share<G>(f.sim.keys[1], f.ctx, f.cts, r);
    parallel::thread_scope ts(threads);
    for (auto _ : state) {
        auto s = verify_decryption_share<G>(*f.sim.result.key, f.ctx, f.cts, shares, r);
        if (!s) state.SkipWithError("verification failed");
    }
    bench::set_units(state, static_cast<double>(verify_batch));
    bench::set_threads(state, static_cast<int>(parallel::threads()));
}
void bm_decrypt_verify_share(benchmark::State& state) { run_verify_share(state, 1); }
BENCHMARK(bm_decrypt_verify_share)->Name("decrypt.verify_share")->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
void bm_decrypt_verify_share_mt(benchmark::State& state) { run_verify_share(state, 0); }
BENCHMARK(bm_decrypt_verify_share_mt)
    ->Name("decrypt.verify_share.mt")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();

}  // namespace
