// `scrutineer demo`: a small election run in one process, printed step by step.
//
// Until the key ceremony and the election layer land, the demo uses a single
// election key and an in-memory list of ballots; it exercises every proof of
// the cryptographic core: per-option 0/1 range proofs, the contest-limit
// proof, the proof of encryption randomness bound to each ballot, homomorphic
// aggregation, and decryption with a Chaum–Pedersen proof.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "scrutineer/scrutineer.hpp"

namespace {

using namespace scrutineer;
using G = ristretto255;
using clock_type = std::chrono::steady_clock;

struct options {
    std::size_t voters = 200;
    std::size_t options_count = 4;
    std::uint64_t limit = 2;
    std::uint64_t seed = 0;
    bool deterministic = false;
};

struct ballot {
    std::string id;
    std::vector<elgamal::ciphertext<G>> selections;
    std::vector<proofs::range_proof<G>> option_proofs;
    proofs::range_proof<G> limit_proof;
    proofs::randomness_proof<G> randomness_proof;
};

double ms_since(clock_type::time_point t) {
    return std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
}

int run(const options& o) {
    if (o.options_count == 0 || o.limit == 0 || o.limit > o.options_count) {
        std::cerr << "scrutineer demo: need 1 <= limit <= options\n";
        return cli::bad_input;
    }
    std::unique_ptr<rng> rand;
    if (o.deterministic)
        rand = std::make_unique<seeded_rng>(o.seed);
    else
        rand = std::make_unique<system_rng>();

    std::cout << "scrutineer demo — an approval contest, " << o.voters << " voters, " << o.options_count
              << " options, at most " << o.limit << " marks each\n"
              << "group: " << G::name << " (libdecaf fast engine)\n\n";

    auto t = clock_type::now();
    auto keys = elgamal::key_pair<G>::generate(*rand);
    const auto election = proof_context::for_election(std::string_view("scrutineer-demo-election"));
    std::cout << "1. election key K = " << G::encode(keys.pk.element()).hex() << "\n"
              << "   election context " << election.hex() << "\n";

    // Voters: choose, encrypt, prove.
    t = clock_type::now();
    std::vector<ballot> board;
    std::vector<std::uint64_t> truth(o.options_count, 0);
    for (std::size_t v = 0; v < o.voters; ++v) {
        ballot b;
        b.id = "ballot-" + std::to_string(v);
        const auto ctx = election.derive("ballot", b.id);
        // a pseudo-random choice with at most `limit` marks
        std::vector<std::uint64_t> marks(o.options_count, 0);
        std::uint64_t used = 0;
        for (std::size_t i = 0; i < o.options_count && used < o.limit; ++i) {
            std::array<byte, 1> x{};
            rand->fill(x);
            if (x[0] & 1) {
                marks[i] = 1;
                ++used;
            }
        }
        std::vector<secret<G::scalar>> nonces;
        for (std::size_t i = 0; i < o.options_count; ++i) {
            auto e = elgamal::encrypt_exp<G>(keys.pk, marks[i], *rand);
            b.option_proofs.push_back(proofs::prove_range<G>(ctx, keys.pk, e.ct, 1, marks[i], e.randomness, *rand));
            b.selections.push_back(e.ct);
            nonces.push_back(std::move(e.randomness));
            truth[i] += marks[i];
        }
        b.limit_proof = proofs::prove_contest_limit<G>(ctx, keys.pk, b.selections, o.limit, used, nonces, *rand);
        b.randomness_proof = proofs::prove_randomness<G>(ctx, {keys.pk.element(), b.selections}, nonces, *rand);
        board.push_back(std::move(b));
    }
    const double t_cast = ms_since(t);
    std::cout << "2. " << o.voters << " ballots encrypted with proofs (0/1 per option, contest limit, "
              << "encryption randomness) in " << std::fixed << std::setprecision(1) << t_cast << " ms ("
              << t_cast / static_cast<double>(o.voters) << " ms per ballot)\n";

    // Verifier: every proof of every ballot.
    t = clock_type::now();
    std::size_t failures = 0;
    for (const auto& b : board) {
        const auto ctx = election.derive("ballot", b.id);
        for (std::size_t i = 0; i < b.selections.size(); ++i)
            if (!proofs::verify_range<G>(ctx, {keys.pk.element(), b.selections[i], 1}, b.option_proofs[i])) ++failures;
        if (!proofs::verify_contest_limit<G>(ctx, {keys.pk.element(), b.selections, o.limit}, b.limit_proof)) ++failures;
        if (!proofs::verify_randomness<G>(ctx, {keys.pk.element(), b.selections}, b.randomness_proof)) ++failures;
    }
    const double t_verify = ms_since(t);
    std::cout << "3. verified " << o.voters * (o.options_count + 2) << " proofs in " << t_verify << " ms: "
              << (failures == 0 ? "all valid" : std::to_string(failures) + " FAILED") << "\n";

    // A tampered copy is caught: the first ballot's ciphertexts replayed as another ballot.
    {
        const auto other = election.derive("ballot", "ballot-replayed");
        const auto& b = board.front();
        auto s = proofs::verify_randomness<G>(other, {keys.pk.element(), b.selections}, b.randomness_proof);
        std::cout << "   replaying " << b.id << " as another ballot: " << s.describe() << "\n";
    }

    // Tally: homomorphic sum, decryption with proof.
    t = clock_type::now();
    elgamal::dlog_table<G> table(o.voters);
    std::cout << "4. tally (homomorphic sums, decrypted with Chaum–Pedersen proofs):\n";
    bool tally_ok = failures == 0;
    for (std::size_t i = 0; i < o.options_count; ++i) {
        auto sum = elgamal::ciphertext<G>::zero();
        for (const auto& b : board) sum += b.selections[i];
        const auto share = sum.alpha * keys.sk.expose();  // M = s·α
        const proofs::dleq_statement<G> st{G::generator(), keys.pk.element(), sum.alpha, share};
        const auto ctx = election.derive("tally", std::to_string(i));
        auto proof = proofs::prove_dleq<G>(ctx, st, keys.sk, *rand);
        const auto proof_ok = proofs::verify_dleq<G>(ctx, st, proof);
        auto count = table.discrete_log_vartime(sum.beta - share);
        const bool ok = proof_ok.ok() && count.ok() && *count == truth[i];
        tally_ok = tally_ok && ok;
        std::cout << "   option " << i << ": " << (count.ok() ? std::to_string(*count) : count.err().describe())
                  << " votes, decryption proof " << proof_ok.describe() << (ok ? "" : "  MISMATCH") << "\n";
    }
    std::cout << "   tallied in " << ms_since(t) << " ms\n\n"
              << (tally_ok ? "demo complete: every proof verified and the tally matches the votes cast\n"
                           : "demo FAILED\n");
    return tally_ok ? cli::ok : cli::check_failed;
}

cli::command reg("demo", "Run a small election end to end in one process and print each step",
                 [](CLI::App& sub) -> cli::runner {
                     auto o = std::make_shared<options>();
                     sub.add_option("--voters", o->voters, "number of voters")->default_val(200)->check(CLI::Range(1, 1000000));
                     sub.add_option("--options", o->options_count, "options in the approval contest")
                         ->default_val(4)
                         ->check(CLI::Range(1, 64));
                     sub.add_option("--limit", o->limit, "at most this many marks per ballot")->default_val(2);
                     auto* seed = sub.add_option("--seed", o->seed,
                                                 "use a deterministic random generator with this seed "
                                                 "(reproducible runs; never for real elections)");
                     return [o, seed] {
                         o->deterministic = seed->count() > 0;
                         return run(*o);
                     };
                 });

}  // namespace
