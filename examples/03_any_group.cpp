// Example 3: the same protocol code on either group.
//
// Every protocol in scrutineer is a template over the group concept
// (group/concept.hpp). This program runs one small yes/no referendum,
// written once, on ristretto255 (scrutineer's default) and on ElectionGuard
// 2.0's 4096-bit integer group (group/modp.hpp, GMP):
//
//   - a 2-of-3 key ceremony (simulated in one process: each trustee's own
//     state machine, with the "board" in memory; ceremony/simulation.hpp);
//   - each voter encrypts 0 or 1 and proves it is 0 or 1 (a range proof);
//   - the verifier checks all the proofs at once: one random linear
//     combination of every proof equation (protocols/equations.hpp), which
//     still names a failing proof if one is wrong;
//   - the ciphertexts are added (exponential ElGamal is additive), two
//     trustees decrypt the sum with proofs, and anyone combines the shares.
//
// It prints the time each step took on each group.
#include <chrono>
#include <iomanip>
#include <iostream>

#include <scrutineer/scrutineer.hpp>

using namespace scrutineer;

namespace {

template <class T>
T must(result<T> r, const char* what) {
    if (!r) throw std::runtime_error(std::string(what) + ": " + r.err().describe());
    return std::move(*r);
}

// One line of the report: what was done, and how long it took.
void report(const std::string& what, double ms, const std::string& outcome = "") {
    std::cout << "  " << std::left << std::setw(34) << what << std::right << std::setw(9) << std::fixed
              << std::setprecision(1) << ms << " ms" << (outcome.empty() ? "" : "  " + outcome) << "\n";
}

struct stopwatch {
    std::chrono::steady_clock::time_point t = std::chrono::steady_clock::now();
    double lap_ms() {
        const auto now = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(now - t).count();
        t = now;
        return ms;
    }
};

template <prime_order_group G>
bool referendum(const std::string& group_name, std::size_t voters) {
    rng& r = default_rng();
    stopwatch sw;
    std::cout << group_name << ":\n";

    // 1. The key ceremony: 3 trustees, any 2 decrypt.
    const std::string_view election = "example-03 referendum";
    const ceremony::parameters params{3, 2, bytes(election.begin(), election.end()), 1};
    auto cer = must(ceremony::simulate_ceremony<G>(params, r), "ceremony");
    if (!cer.result.complete()) throw std::runtime_error("ceremony: " + cer.result.describe());
    const auto& key = *cer.result.key;
    const elgamal::public_key<G> pk(key.joint_key);
    report("key ceremony (2 of 3)", sw.lap_ms());

    // 2. Voting: every third voter says no. Each proof is bound to its voter.
    const auto ctx = proof_context::for_election(std::string_view("example-03"));
    std::vector<elgamal::ciphertext<G>> ballots;
    std::vector<proofs::range_proof<G>> ballot_proofs;
    std::uint64_t yes = 0;
    for (std::size_t i = 0; i < voters; ++i) {
        const std::uint64_t vote = i % 3 == 0 ? 0 : 1;
        yes += vote;
        auto enc = elgamal::encrypt_exp<G>(pk, vote, r);
        ballot_proofs.push_back(proofs::prove_range<G>(ctx.derive("voter", std::to_string(i)), pk, enc.ct, 1, vote,
                                                       enc.randomness, r));
        ballots.push_back(enc.ct);
    }
    report(std::to_string(voters) + " ballots encrypted and proven", sw.lap_ms());

    // 3. Verification of every proof as one batch.
    equation_set<G> eqs;
    for (std::size_t i = 0; i < voters; ++i) {
        const proofs::range_statement<G> st{pk.element(), ballots[i], 1};
        if (auto s = proofs::range_equations<G>(ctx.derive("voter", std::to_string(i)), st, ballot_proofs[i], eqs); !s)
            throw std::runtime_error("ballot " + std::to_string(i) + ": " + s.err().describe());
    }
    const status verified = eqs.check_vartime();
    report("proofs verified in one batch", sw.lap_ms(), verified.describe());

    // 4. The tally: the sum of the ciphertexts, decrypted by trustees 1 and 3.
    auto sum = ballots.front();
    for (std::size_t i = 1; i < ballots.size(); ++i) sum += ballots[i];
    const std::vector<elgamal::ciphertext<G>> tally{sum};
    const auto tally_ctx = ctx.derive("tally", "");
    std::vector<ceremony::decryption_share<G>> shares;
    for (std::uint32_t t : {1u, 3u}) shares.push_back(ceremony::prove_decryption_share<G>(cer.keys[t - 1], tally_ctx, tally, r));
    const auto combined = must(ceremony::combine_vartime<G>(key, tally_ctx, tally, shares), "combine");
    const auto counted = must(elgamal::dlog_table<G>(voters).discrete_log_vartime(combined.plaintexts[0]), "discrete log");
    report("tally decrypted (2 shares)", sw.lap_ms(), std::to_string(counted) + " yes of " + std::to_string(voters));
    return verified.ok() && counted == yes;
}

}  // namespace

int main() {
    try {
        const bool a = referendum<ristretto255>("ristretto255", 30);
        const bool b = referendum<modp4096>("ElectionGuard 2.0 group (4096-bit p, 256-bit q)", 30);
        return a && b ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "example_03_any_group: " << e.what() << "\n";
        return 1;
    }
}
