// Benchmarks: whole ballots (W1 encrypt, W2 verify) for a 10-option approval
// contest with a 0/1 proof per option, the contest-limit proof, the randomness
// proof and the credential's signature.
#include <vector>

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

void bm_w2_verify(benchmark::State& state) {
    seeded_rng r(2);
    const auto m = w1_manifest();
    auto keys = elgamal::key_pair<G>::generate(r);
    auto voter = signing_key::generate(r);
    std::vector<ballot<G>> ballots;
    for (int i = 0; i < 16; ++i) ballots.push_back(encrypt_ballot<G>(m, keys.pk, voter, w1_choices(i), r)->value);
    std::size_t i = 0;
    for (auto _ : state) {
        if (!verify_ballot<G>(m, keys.pk.element(), ballots[i++ % ballots.size()])) state.SkipWithError("verify failed");
    }
}
BENCHMARK(bm_w2_verify)->Name("w2.verify_ballot.single")->Unit(benchmark::kMillisecond);

}  // namespace
