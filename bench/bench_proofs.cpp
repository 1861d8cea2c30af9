// Benchmarks: ElGamal and proofs (ids: elgamal.encrypt, proof.range01.prove,
// proof.range01.verify, proof.schnorr.verify, proof.dleq.verify).
#include <vector>

#include "harness.hpp"
#include "scrutineer/scrutineer.hpp"

namespace {

using namespace scrutineer;
using G = ristretto255;

const proof_context& ctx() {
    static const proof_context c = proof_context::for_election(std::string_view("bench-election"));
    return c;
}

void bm_elgamal_encrypt(benchmark::State& state) {
    seeded_rng r(1);
    auto kp = elgamal::key_pair<G>::generate(r);
    std::uint64_t m = 0;
    for (auto _ : state) {
        auto e = elgamal::encrypt_exp<G>(kp.pk, m++ & 1, r);
        benchmark::DoNotOptimize(e.ct.alpha);
    }
}
BENCHMARK(bm_elgamal_encrypt)->Name("elgamal.encrypt");

// Encrypt a 0/1 vote and prove it is 0 or 1 (the unit a voter's device pays per option).
void bm_range01_prove(benchmark::State& state) {
    seeded_rng r(2);
    auto kp = elgamal::key_pair<G>::generate(r);
    std::uint64_t m = 0;
    for (auto _ : state) {
        const std::uint64_t v = m++ & 1;
        auto e = elgamal::encrypt_exp<G>(kp.pk, v, r);
        auto p = proofs::prove_range<G>(ctx(), kp.pk, e.ct, 1, v, e.randomness, r);
        benchmark::DoNotOptimize(p.branches.data());
    }
}
BENCHMARK(bm_range01_prove)->Name("proof.range01.prove");

void bm_range01_verify(benchmark::State& state) {
    seeded_rng r(3);
    auto kp = elgamal::key_pair<G>::generate(r);
    constexpr int n = 64;
    std::vector<proofs::range_statement<G>> st;
    std::vector<proofs::range_proof<G>> pr;
    for (int i = 0; i < n; ++i) {
        const std::uint64_t v = static_cast<std::uint64_t>(i & 1);
        auto e = elgamal::encrypt_exp<G>(kp.pk, v, r);
        pr.push_back(proofs::prove_range<G>(ctx(), kp.pk, e.ct, 1, v, e.randomness, r));
        st.push_back({kp.pk.element(), e.ct, 1});
    }
    std::size_t i = 0;
    for (auto _ : state) {
        auto s = proofs::verify_range<G>(ctx(), st[i % n], pr[i % n]);
        if (!s) state.SkipWithError("verification failed");
        ++i;
    }
}
BENCHMARK(bm_range01_verify)->Name("proof.range01.verify");

void bm_schnorr_verify(benchmark::State& state) {
    seeded_rng r(4);
    auto x = secret<G::scalar>(G::scalar::random_nonzero(r));
    proofs::schnorr_statement<G> st{G::generator(), G::mul_base(x.expose())};
    auto p = proofs::prove_schnorr<G>(ctx(), st, x, r);
    for (auto _ : state) {
        auto s = proofs::verify_schnorr<G>(ctx(), st, p);
        if (!s) state.SkipWithError("verification failed");
    }
}
BENCHMARK(bm_schnorr_verify)->Name("proof.schnorr.verify");

void bm_dleq_verify(benchmark::State& state) {
    seeded_rng r(5);
    auto x = secret<G::scalar>(G::scalar::random_nonzero(r));
    auto h = G::mul_base(G::scalar::random(r));
    proofs::dleq_statement<G> st{G::generator(), G::mul_base(x.expose()), h, h * x.expose()};
    auto p = proofs::prove_dleq<G>(ctx(), st, x, r);
    for (auto _ : state) {
        auto s = proofs::verify_dleq<G>(ctx(), st, p);
        if (!s) state.SkipWithError("verification failed");
    }
}
BENCHMARK(bm_dleq_verify)->Name("proof.dleq.verify");

}  // namespace
