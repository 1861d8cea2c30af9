// Benchmarks: ElectionGuard 2.0 on the 4096-bit modp group.
//
// ids: eg.powm_4096 (one 256-bit-exponent mpz_powm), eg.fixed_base_4096
// (constant-time comb table, the encryption path), eg.fixed_base_4096.build
// (building that table for a new base), eg.fixed_base_4096.vartime
// (same table, public exponents, the verification path), eg.msm_4096.256
// (multi-exponentiation of 256 bases, per base), eg.encrypt_ballot and
// eg.verify_ballot (the W1 shape: one approval contest of 10 options, a 0/1
// range proof per option and the contest-limit proof with L = 10, contest hash
// and confirmation code; verification with subgroup membership decided by
// the range proofs' squaring chains),
// eg.verify_ballot.mt (the same check, its 11 proofs spread over all
// cores), eg.encrypt_ballot.r255 (the same ballot shape with scrutineer's generic
// proofs on ristretto255, for the 4096-bit : ristretto255 ratio), and
// eg.verify_record (the allAvailableJson record, whole, all cores).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <vector>

#include "harness.hpp"
#include "scrutineer/electionguard.hpp"
#include "scrutineer/primitives/elgamal.hpp"
#include "scrutineer/protocols/range.hpp"

namespace {

using namespace scrutineer;

constexpr std::size_t kOptions = 10;
constexpr std::uint64_t kLimit = 10;

std::vector<std::uint64_t> votes(int i) {
    std::vector<std::uint64_t> v(kOptions);
    for (std::size_t k = 0; k < kOptions; ++k) v[k] = ((static_cast<std::size_t>(i) + k) % 3) == 0;
    return v;
}

void bm_powm(benchmark::State& state) {
    seeded_rng r(1);
    const auto b = eg::group::mul_base(eg::scalar::random(r));
    const auto e = eg::scalar::random(r);
    for (auto _ : state) benchmark::DoNotOptimize(b.pow_vartime(e));
}
BENCHMARK(bm_powm)->Name("eg.powm_4096");

void bm_fixed_base(benchmark::State& state) {
    seeded_rng r(2);
    fixed_base<eg::group> fb(eg::group::mul_base(eg::scalar::random(r)));
    auto s = eg::scalar::random(r);
    (void)fb.mul(s);  // build the table outside the timing
    for (auto _ : state) {
        benchmark::DoNotOptimize(fb.mul(s));
        s += eg::scalar::one();
    }
}
BENCHMARK(bm_fixed_base)->Name("eg.fixed_base_4096");

void bm_fixed_base_build(benchmark::State& state) {
    seeded_rng r(4);
    const auto base = eg::group::mul_base(eg::scalar::random(r));
    const auto s = eg::scalar::random(r);
    for (auto _ : state) {
        fixed_base<eg::group> fb(base);  // the constant-time table is built by its first product
        benchmark::DoNotOptimize(fb.mul(s));
    }
}
BENCHMARK(bm_fixed_base_build)->Name("eg.fixed_base_4096.build")->Unit(benchmark::kMillisecond);

void bm_fixed_base_vt(benchmark::State& state) {
    seeded_rng r(3);
    fixed_base<eg::group> fb(eg::group::mul_base(eg::scalar::random(r)));
    auto s = eg::scalar::random(r);
    (void)fb.mul_vartime(s);
    for (auto _ : state) {
        benchmark::DoNotOptimize(fb.mul_vartime(s));
        s += eg::scalar::one();
    }
}
BENCHMARK(bm_fixed_base_vt)->Name("eg.fixed_base_4096.vartime");

// Σ-form multi-exponentiation Π pᵢ^sᵢ of 256 random bases and exponents, per
// base, one thread (the generic protocols' combined checks on this group).
void bm_msm_256(benchmark::State& state) {
    seeded_rng r(4);
    std::vector<eg::scalar> s;
    std::vector<eg::group::element> p;
    for (int i = 0; i < 256; ++i) {
        s.push_back(eg::scalar::random(r));
        p.push_back(eg::group::mul_base_vartime(eg::scalar::random(r)));
    }
    for (auto _ : state) benchmark::DoNotOptimize(eg::group::multi_exp_vartime(s, p));
    bench::set_units(state, 256.0);
}
BENCHMARK(bm_msm_256)->Name("eg.msm_4096.256")->Unit(benchmark::kMicrosecond);

struct eg_ballot {
    std::vector<eg::ciphertext> sel;
    std::vector<eg::range_proof> proofs;
    eg::range_proof limit;
    eg::hash32 chi{}, code{};
};

eg_ballot encrypt_w1(const eg::election_public& pub, int i, rng& r) {
    eg_ballot b;
    eg::hash32 nonce{};
    r.fill(nonce);
    const auto v = votes(i);
    eg::scalar xi_sum = eg::scalar::zero();
    std::uint64_t total = 0;
    for (std::size_t k = 0; k < kOptions; ++k) {
        const auto xi = eg::selection_nonce(pub.he(), nonce, 1, static_cast<std::uint32_t>(k + 1));
        b.sel.push_back(eg::encrypt(pub, v[k], xi));
        b.proofs.push_back(eg::prove_range(pub, b.sel.back(), 1, v[k], xi, r));
        xi_sum += xi;
        total += v[k];
    }
    eg::ciphertext sum = b.sel[0];
    for (std::size_t k = 1; k < kOptions; ++k) sum = sum + b.sel[k];
    b.limit = eg::prove_range(pub, sum, kLimit, total, xi_sum, r);
    b.chi = eg::contest_hash(pub.he(), 1, pub.K(), b.sel);
    b.code = eg::confirmation_code(pub.he(), std::span<const eg::hash32>(&b.chi, 1), {});
    return b;
}

/// Verification 5 for one selection with 5.A (α, β in the subgroup) decided
/// by the proof's own squaring chains, as the record verifier does.
bool verify_selection(const eg::election_public& pub, const eg::ciphertext& ct, const eg::range_proof& p) {
    eg::ciphertext_membership m;
    const bool ok = eg::verify_range(pub, ct, 1, p, &m).ok();
    return m.both() && ok;
}

bool verify_w1(const eg::election_public& pub, const eg_ballot& b) {
    eg::ciphertext sum = b.sel[0];
    for (std::size_t k = 0; k < kOptions; ++k) {
        if (!verify_selection(pub, b.sel[k], b.proofs[k])) return false;  // Verification 5 with 5.A
        if (k) sum = sum + b.sel[k];
    }
    if (!eg::verify_range(pub, sum, kLimit, b.limit)) return false;  // Verification 6
    if (eg::contest_hash(pub.he(), 1, pub.K(), b.sel) != b.chi) return false;  // 7.A
    return eg::confirmation_code(pub.he(), std::span<const eg::hash32>(&b.chi, 1), {}) == b.code;  // 7.B
}

const eg::election_public& bench_pub() {
    static const eg::election_public p = [] {
        seeded_rng r(4);
        const auto K = eg::group::mul_base(eg::scalar::random_nonzero(r));
        eg::hash32 he{};
        r.fill(he);
        return eg::election_public(K, he);
    }();
    return p;
}

void bm_encrypt_ballot(benchmark::State& state) {
    seeded_rng r(5);
    const auto& pub = bench_pub();
    (void)pub.K_pow(eg::scalar::one());
    int i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(encrypt_w1(pub, i++, r).code);
}
BENCHMARK(bm_encrypt_ballot)->Name("eg.encrypt_ballot")->Unit(benchmark::kMillisecond);

void bm_verify_ballot(benchmark::State& state) {
    seeded_rng r(6);
    const auto& pub = bench_pub();
    std::vector<eg_ballot> bs;
    for (int i = 0; i < 4; ++i) bs.push_back(encrypt_w1(pub, i, r));
    std::size_t i = 0;
    for (auto _ : state) {
        if (!verify_w1(pub, bs[i++ % bs.size()])) state.SkipWithError("ballot failed to verify");
    }
}
BENCHMARK(bm_verify_ballot)->Name("eg.verify_ballot")->Unit(benchmark::kMillisecond);

// The same check with the ballot's 11 proofs spread over all cores
// (hashes on the calling thread). The contest-limit proof (11 branches, about
// two and a half selections' work) is taken first, so that no thread is left
// alone with it at the end (largest job first).
bool verify_w1_mt(const eg::election_public& pub, const eg_ballot& b, unsigned threads) {
    eg::ciphertext sum = b.sel[0];
    for (std::size_t k = 1; k < kOptions; ++k) sum = sum + b.sel[k];
    std::atomic<std::size_t> next{0};
    std::atomic<bool> ok{true};
    auto work = [&] {
        for (std::size_t k; (k = next++) <= kOptions;) {
            const bool good = k == 0 ? eg::verify_range(pub, sum, kLimit, b.limit).ok()
                                     : verify_selection(pub, b.sel[k - 1], b.proofs[k - 1]);
            if (!good) ok = false;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (!ok) return false;
    if (eg::contest_hash(pub.he(), 1, pub.K(), b.sel) != b.chi) return false;
    return eg::confirmation_code(pub.he(), std::span<const eg::hash32>(&b.chi, 1), {}) == b.code;
}

void bm_verify_ballot_mt(benchmark::State& state) {
    seeded_rng r(6);
    const auto& pub = bench_pub();
    std::vector<eg_ballot> bs;
    for (int i = 0; i < 4; ++i) bs.push_back(encrypt_w1(pub, i, r));
    const unsigned t = std::max(1u, std::thread::hardware_concurrency());
    std::size_t i = 0;
    for (auto _ : state) {
        if (!verify_w1_mt(pub, bs[i++ % bs.size()], t)) state.SkipWithError("ballot failed to verify");
    }
    bench::set_threads(state, static_cast<int>(t));
}
BENCHMARK(bm_verify_ballot_mt)->Name("eg.verify_ballot.mt")->Unit(benchmark::kMillisecond)->UseRealTime();

// The same ballot shape on ristretto255 with scrutineer's generic proofs.
void bm_encrypt_ballot_r255(benchmark::State& state) {
    using G = ristretto255;
    seeded_rng r(7);
    auto kp = elgamal::key_pair<G>::generate(r);
    const auto ctx = proof_context::for_election(std::string_view("bench-eg-shape"));
    int i = 0;
    for (auto _ : state) {
        const auto v = votes(i++);
        std::vector<elgamal::ciphertext<G>> cts;
        std::vector<secret<G::scalar>> rs;
        std::uint64_t total = 0;
        for (std::size_t k = 0; k < kOptions; ++k) {
            auto e = elgamal::encrypt_exp<G>(kp.pk, v[k], r);
            auto p = proofs::prove_range<G>(ctx, kp.pk, e.ct, 1, v[k], e.randomness, r);
            benchmark::DoNotOptimize(p);
            cts.push_back(e.ct);
            rs.push_back(std::move(e.randomness));
            total += v[k];
        }
        auto lp = proofs::prove_contest_limit<G>(ctx, kp.pk, cts, kLimit, total, rs, r);
        benchmark::DoNotOptimize(lp);
    }
}
BENCHMARK(bm_encrypt_ballot_r255)->Name("eg.encrypt_ballot.r255")->Unit(benchmark::kMillisecond);

void bm_verify_record(benchmark::State& state) {
    std::filesystem::path dir;
    if (const char* e = std::getenv("SCRUTINEER_EG_RECORD")) dir = e;
    for (const char* c : {"../shared/vectors/electionguard-2.0/allAvailableJson",
                          "/work/shared/vectors/electionguard-2.0/allAvailableJson"})
        if (dir.empty() && std::filesystem::exists(c)) dir = c;
    if (dir.empty()) {
        state.SkipWithError("allAvailableJson not found (set SCRUTINEER_EG_RECORD)");
        return;
    }
    const unsigned t = std::max(1u, std::thread::hardware_concurrency());
    for (auto _ : state) {
        auto r = eg::verify_record(dir);
        if (!r || r->any_failed()) state.SkipWithError("record failed to verify");
    }
    bench::set_threads(state, static_cast<int>(t));
}
BENCHMARK(bm_verify_record)->Name("eg.verify_record")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
