// Benchmarks: whole ballots (W1 encrypt, W2 verify) for a 10-option approval
// contest with a 0/1 proof per option, the randomness proof and the
// credential's signature (an approval contest's limit is implied by its range
// proofs, so its ballots carry no contest-limit proof: docs/spec.md §6.4).
//   w1.encrypt_ballot        one ballot, one thread
//   w1.encrypt_ballot.device one ballot under a key the process has not used before
//                            (a voter's device: the key's table is built for it)
//   w2.verify_ballot         per ballot, a batch of 1024 checked together, one thread
//   w2.verify_ballot.mt      the same on all cores
//   w2.verify_ballot.single  one ballot alone (verify_ballot), one thread
//   w2.decode_ballot         parsing one ballot's JSON (from_json), one thread
#include <vector>

#include "scrutineer/parallel/pool.hpp"

#include "harness.hpp"
#include "scrutineer/election/ballot.hpp"
#include "scrutineer/group/ristretto255.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::election;
using G = ristretto255;

manifest w1_manifest() {
    nlohmann::json opts = nlohmann::json::array();
    for (int i = 0; i < 10; ++i) opts.push_back({{"id", "o" + std::to_string(i)}});
    return *manifest::from_json({{"format", "scrutineer/manifest/v1"},
                                 {"election_id", "w1"},
                                 {"group", "ristretto255"},
                                 {"trustees", {{"n", 1}, {"k", 1}}},
                                 {"contests", {{{"id", "c"}, {"kind", "approval"}, {"options", opts}}}},
                                 {"policy", {{"revoting", "last"}, {"roll_frozen_at", "x"}, {"cancel_reasons", nlohmann::json::array()}}}});
}

choices w1_choices(int i) {
    std::vector<std::uint64_t> v(10, 0);
    for (int k = 0; k < 10; ++k) v[static_cast<std::size_t>(k)] = static_cast<std::uint64_t>(((i + k) % 3) == 0);
    return {{"c", v}};
}

void bm_w1_encrypt(benchmark::State& state) {
    seeded_rng r(1);
    const auto m = w1_manifest();
    auto keys = elgamal::key_pair<G>::generate(r);
    auto voter = signing_key::generate(r);
    int i = 0;
    for (auto _ : state) {
        auto b = encrypt_ballot<G>(m, keys.pk, voter, w1_choices(i++), r);
        if (!b) state.SkipWithError("encryption failed");
        benchmark::DoNotOptimize(b->value.signature);
    }
}
BENCHMARK(bm_w1_encrypt)->Name("w1.encrypt_ballot")->Unit(benchmark::kMillisecond);

void bm_w1_encrypt_device(benchmark::State& state) {
    seeded_rng r(4);
    const auto m = w1_manifest();
    const auto K = elgamal::key_pair<G>::generate(r).pk.element();
    auto voter = signing_key::generate(r);
    int i = 0;
    for (auto _ : state) {
        const elgamal::public_key<G> pk(K);  // a fresh key object: no table yet
        auto b = encrypt_ballot<G>(m, pk, voter, w1_choices(i++), r);
        if (!b) state.SkipWithError("encryption failed");
        benchmark::DoNotOptimize(b->value.signature);
    }
}
BENCHMARK(bm_w1_encrypt_device)->Name("w1.encrypt_ballot.device")->Unit(benchmark::kMillisecond);

constexpr std::size_t batch_size = 1024;

const std::vector<ballot<G>>& batch_ballots(const manifest& m, const elgamal::public_key<G>& pk) {
    static const std::vector<ballot<G>> ballots = [&] {
        seeded_rng r(3);
        std::vector<signing_key> voters;
        for (int i = 0; i < 16; ++i) voters.push_back(signing_key::generate(r));
        std::vector<ballot<G>> out;
        for (std::size_t i = 0; i < batch_size; ++i)
            out.push_back(encrypt_ballot<G>(m, pk, voters[i % voters.size()], w1_choices(static_cast<int>(i)), r)->value);
        return out;
    }();
    return ballots;
}

const elgamal::key_pair<G>& batch_keys() {
    static const elgamal::key_pair<G> keys = [] {
        seeded_rng r(2);
        return elgamal::key_pair<G>::generate(r);
    }();
    return keys;
}

void run_batch(benchmark::State& state, std::size_t threads) {
    const auto m = w1_manifest();
    const auto& keys = batch_keys();
    const auto& ballots = batch_ballots(m, keys.pk);
    parallel::thread_scope scope(threads);
    for (auto _ : state) {
        auto res = verify_ballots_batch<G>(m, keys.pk.element(), std::span<const ballot<G>>(ballots));
        if (!res.ok()) state.SkipWithError("verify failed");
    }
    bench::set_units(state, static_cast<double>(ballots.size()));
    bench::set_threads(state, static_cast<int>(parallel::threads()));
}

void bm_w2_verify(benchmark::State& state) { run_batch(state, 1); }
BENCHMARK(bm_w2_verify)->Name("w2.verify_ballot")->Unit(benchmark::kMillisecond)->UseRealTime();

void bm_w2_verify_mt(benchmark::State& state) { run_batch(state, 0); }
BENCHMARK(bm_w2_verify_mt)->Name("w2.verify_ballot.mt")->Unit(benchmark::kMillisecond)->UseRealTime();

void bm_w2_verify_single(benchmark::State& state) {
    const auto m = w1_manifest();
    const auto& keys = batch_keys();
    const auto& ballots = batch_ballots(m, keys.pk);
    parallel::thread_scope scope(1);
    std::size_t i = 0;
    for (auto _ : state) {
        if (!verify_ballot<G>(m, keys.pk.element(), ballots[i++ % ballots.size()])) state.SkipWithError("verify failed");
    }
}
BENCHMARK(bm_w2_verify_single)->Name("w2.verify_ballot.single")->Unit(benchmark::kMillisecond);

void bm_w2_decode(benchmark::State& state) {
    const auto m = w1_manifest();
    const auto& keys = batch_keys();
    const auto& ballots = batch_ballots(m, keys.pk);
    std::vector<nlohmann::json> js;
    for (std::size_t i = 0; i < 16; ++i) js.push_back(ballots[i].to_json());
    std::size_t i = 0;
    for (auto _ : state) {
        auto b = ballot<G>::from_json(js[i++ % js.size()], m);
        if (!b) state.SkipWithError("decode failed");
        benchmark::DoNotOptimize(b->signature);
    }
}
BENCHMARK(bm_w2_decode)->Name("w2.decode_ballot")->Unit(benchmark::kMillisecond);

}  // namespace
