// scrutineer — election: a whole election in one process (simulate.hpp).
#include "scrutineer/election/simulate.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <span>

#include "scrutineer/ceremony/simulation.hpp"
#include "scrutineer/count/rules.hpp"
#include "scrutineer/election/mix.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace scrutineer::election {

namespace fs = std::filesystem;
using G = record::G;
using record::json;

manifest demo_manifest(std::uint32_t n, std::uint32_t k, bool ranked, revoting_rule revoting, std::string_view method) {
    const auto preset = count::preset(method);
    if (!preset) throw std::invalid_argument("demo_manifest: unknown counting method \"" + std::string(method) + "\"");
    const int seats = preset->kind == count::algorithm::irv ? 1 : 9;
    const char* rule = revoting == revoting_rule::last ? "last" : revoting == revoting_rule::first ? "first" : "none";
    const char* again = revoting == revoting_rule::last ? "superseded" : "repeat";
    json exec_opts = json::array(), chair_opts = json::array();
    const char* names[] = {"ada", "bram", "chen", "dara", "eli", "fatima", "gus", "hana", "ivo", "jun"};
    for (auto* nm : names) exec_opts.push_back({{"id", nm}, {"title", std::string("Candidate ") + nm}});
    for (auto* nm : {"kofi", "lena", "mo", "nia"}) chair_opts.push_back({{"id", nm}, {"title", std::string("Candidate ") + nm}});
    json j{{"format", "scrutineer/manifest/v1"},
           {"election_id", "demo-executive-2026"},
           {"title", "Demo: national executive and chair"},
           {"group", "ristretto255"},
           {"trustees", {{"n", n}, {"k", k}}},
           {"contests",
            {{{"id", "executive"}, {"title", "National executive (approve any)"}, {"kind", "approval"}, {"options", exec_opts}},
             {{"id", "chair"}, {"title", "Chair"}, {"kind", "plurality"}, {"options", chair_opts}}}},
           {"policy",
            {{"revoting", rule}, {"roll_frozen_at", "2026-11-01"}, {"cancel_reasons", {"revoked", again}}}}};
    if (ranked) {
        json nec = json::array();
        const char* nm[] = {"abebe", "bianca", "cormac", "deepa", "emeka", "freya", "goran", "hui", "ines", "jonas",
                            "kiri", "luca", "maya", "nuno", "olga", "priya", "quinn", "rosa", "sami", "tomas"};
        for (auto* x : nm) nec.push_back({{"id", x}, {"title", std::string("Candidate ") + x}});
        j["contests"].push_back(
            {{"id", "nec"},
             {"title", std::string("National executive committee (rank in order of preference, ") +
                           (seats == 1 ? "1 seat)" : "9 seats)")},
             {"kind", "ranked"},
             {"options", nec},
             {"seats", seats},
             {"method", std::string(method)}});
    }
    auto m = manifest::from_json(j);
    if (!m) throw std::logic_error("demo manifest: " + m.err().message);
    return *m;
}

namespace {

/// A deterministic per-task generator, or the system one.
std::unique_ptr<rng> task_rng(const std::optional<std::uint64_t>& seed, std::uint64_t task) {
    if (!seed) return std::make_unique<system_rng>();
    return std::make_unique<seeded_rng>(*seed * 0x9E3779B97F4A7C15ull + task + 1);
}

std::uint64_t draw(rng& r, std::uint64_t bound) {
    std::array<byte, 8> b{};
    r.fill(b);
    std::uint64_t v = 0;
    for (auto x : b) v = (v << 8) | x;
    return v % bound;
}

/// A voter's choices: approval marks with probabilities that differ by candidate, one chair.
choices random_choices(const manifest& m, rng& r) {
    choices c;
    for (const auto& mc : m.contests) {
        if (!mc.homomorphic()) {
            // two slates of candidates (even, odd) and a popularity gradient; a
            // ranking of random length (1 in 50 blank), drawn without replacement
            // with weights that favour the voter's slate and popular candidates
            const std::size_t nc = mc.options.size();
            const std::size_t slate = draw(r, 2);
            const std::size_t len = draw(r, 50) == 0 ? 0 : 1 + draw(r, nc);
            std::vector<std::uint64_t> left(nc), ranking;
            for (std::size_t i = 0; i < nc; ++i) left[i] = (nc - i) * (i % 2 == slate ? 3 : 1);
            while (ranking.size() < len) {
                std::uint64_t total = 0;
                for (auto w : left) total += w;
                auto x = draw(r, total);
                std::size_t pick = 0;
                while (x >= left[pick]) x -= left[pick++];
                ranking.push_back(pick);
                left[pick] = 0;
            }
            c[mc.id] = std::move(ranking);
            continue;
        }
        std::vector<std::uint64_t> v(mc.options.size(), 0);
        if (mc.kind == contest_kind::plurality) {
            v[draw(r, mc.options.size())] = 1;
        } else {
            for (std::size_t i = 0; i < v.size(); ++i) v[i] = draw(r, 100) < 20 + 6 * i ? 1 : 0;
        }
        c[mc.id] = std::move(v);
    }
    return c;
}

enum class role { once, challenge, revote, revoke_before, revoke_after, abstain };

}  // namespace

result<simulated_election> simulate_election(const fs::path& dir, const simulation_options& o) {
    auto log = [&](const std::string& s) {
        if (o.log) o.log(s);
    };
    if (o.voters == 0) return error{errc::bad_input, "simulation: need at least one voter"};
    auto main_rng = task_rng(o.seed, 0xFFFFFFFFull);
    rng& r = *main_rng;
    const auto t0 = std::chrono::steady_clock::now();

    if (!count::preset(o.ranked_method))
        return error{errc::bad_input, "unknown counting method \"" + o.ranked_method + "\""};
    auto m = demo_manifest(o.trustees_n, o.trustees_k, o.ranked, o.revoting, o.ranked_method);
    const auto mh = m.hash();
    log("manifest: election \"" + m.election_id + "\", hash " + to_hex(mh).substr(0, 16) + "…");

    // credential authority: credentials and the roll (every 25th voter weighs 2)
    auto authority = signing_key::generate(r);
    auto iss = issue_credentials(o.voters, "v", r);
    if (!iss) return iss.err();
    std::vector<roll_entry> entries = iss->roll.entries();
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (i % 25 == 24) entries[i].weight = 2;
    auto rl = roll::from_entries(std::move(entries));
    if (!rl) return rl.err();
    log("roll: " + std::to_string(rl->size()) + " voters, commitment " + to_hex(rl->commitment()).substr(0, 16) + "…");

    // key ceremony
    ceremony::parameters params;
    params.n = o.trustees_n;
    params.k = o.trustees_k;
    params.election = bytes(mh.begin(), mh.end());
    auto cer = ceremony::simulate_ceremony<G>(params, r);
    if (!cer) return cer.err();
    if (!cer->result.complete()) return error{errc::internal, "simulated ceremony: " + cer->result.describe()};
    log("key ceremony: " + std::to_string(params.k) + " of " + std::to_string(params.n) + " trustees, joint key " +
        G::encode(cer->result.key->joint_key).hex().substr(0, 16) + "…");

    simulated_election out{m, signing_key::generate(r), std::move(authority), {}, std::move(cer->keys), std::move(iss->secrets),
                           {}, {}, {}, {}};
    for (std::uint32_t i = 0; i < o.trustees_n; ++i) out.trustee_signing_keys.push_back(signing_key::generate(r));

    election_setup setup{m, *rl, ceremony::to_json<G>(cer->record), *cer->result.key, out.authority_key.public_key(), {}, {}};
    for (const auto& k : out.trustee_signing_keys) setup.trustees.push_back(k.public_key());
    setup.roll_signature = out.authority_key.sign(setup.open_payload().roll_statement());
    const auto open_stmt = setup.open_payload().statement(out.operator_key.public_key());
    std::vector<record::cosignature> open_cosigs;
    for (std::uint32_t i = 1; i <= o.trustees_n; ++i) open_cosigs.push_back({i, out.trustee_signing_keys[i - 1].sign(open_stmt)});
    const auto K = setup.key.joint_key;
    auto op_key = signing_key::from_seed(out.operator_key.seed().span());
    if (!op_key) return op_key.err();
    auto op = board_operator::open(dir, std::move(setup), std::move(*op_key), std::move(open_cosigs), o.board_durability);
    if (!op) return op.err();
    log("board opened: " + (dir / record::files::board).string());

    // voters' roles
    const std::size_t n = out.credentials.size();
    std::vector<role> roles(n, role::once);
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = draw(r, 1000);
        roles[i] = x < 30 ? role::challenge : x < 80 ? role::revote : x < 95 ? role::revoke_before
                 : x < 110 ? role::revoke_after : x < 150 ? role::abstain : role::once;
    }
    if (n >= 6) {  // every role at least once in any election of six voters or more
        roles[0] = role::challenge;
        roles[1] = role::revote;
        roles[2] = role::revoke_before;
        roles[3] = role::revoke_after;
        roles[4] = role::abstain;
    }
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[draw(r, i)]);

    // Devices encrypt in parallel, a chunk of voters at a time (each device is
    // independent); the board takes the chunk's ballots in order; the chunk's
    // ballots are then dropped, so memory does not grow with the electorate.
    const elgamal::public_key<G> pk(K);
    struct device {
        choices first, second;
        std::optional<encrypted_ballot<G>> challenged;
        std::optional<board_operator::checked_ballot> cast;  // encrypted, then checked by the board
    };
    std::vector<device> dev(n);
    std::optional<error> failure;
    std::mutex mu;
    auto encrypt_chunk = [&](std::span<const std::size_t> who, bool second_round) {
        parallel::for_each(who.size(), [&](std::size_t w) {
            const std::size_t i = who[w];
            if (roles[i] == role::abstain) return;
            auto tr = task_rng(o.seed, 2 * i + (second_round ? 1 : 0));
            const auto& cred = out.credentials[i].key;
            auto fail = [&](const error& e) {
                std::lock_guard<std::mutex> l(mu);
                if (!failure) failure = e;
            };
            auto enc = [&](const choices& c) -> std::optional<encrypted_ballot<G>> {
                auto b = encrypt_ballot<G>(m, pk, cred, c, *tr);
                if (!b) {
                    fail(b.err());
                    return std::nullopt;
                }
                return std::move(*b);
            };
            // the board's checks of the ballot (proofs, signature, roll) run
            // here, on all cores; posting follows in order (board_operator::check)
            auto enc_checked = [&](const choices& c) -> std::optional<board_operator::checked_ballot> {
                auto b = enc(c);
                if (!b) return std::nullopt;
                auto k = op->check(std::move(b->value));
                if (!k) {
                    fail(with_context("voter " + out.credentials[i].voter, k.err()));
                    return std::nullopt;
                }
                return std::move(*k);
            };
            if (second_round) {
                dev[i].second = random_choices(m, *tr);
                dev[i].cast = enc_checked(dev[i].second);
                return;
            }
            dev[i].first = random_choices(m, *tr);
            if (roles[i] == role::challenge) dev[i].challenged = enc(dev[i].first);
            dev[i].cast = enc_checked(dev[i].first);
        });
    };

    auto revoke = [&](std::size_t i, const std::string& why) -> status {
        record::revoke_payload rv{out.credentials[i].voter, why, {}};
        rv.authority_signature = out.authority_key.sign(rv.statement(mh));
        auto e = op->revoke(rv);
        if (!e) return e.err();
        return {};
    };
    const auto t_cast = std::chrono::steady_clock::now();
    constexpr std::size_t chunk = 1024;
    // the second round: revotes and revocations after voting, in the same order
    std::vector<std::size_t> second;
    for (std::size_t i : order)
        if (roles[i] == role::revote || roles[i] == role::revoke_after) second.push_back(i);
    auto voting_progress = [&](std::size_t done) {
        if (o.progress) o.progress("voting", static_cast<double>(done) / static_cast<double>(n + second.size()));
    };
    // first round, in the shuffled order
    for (std::size_t lo = 0; lo < n; lo += chunk) {
        const std::span<const std::size_t> who(order.data() + lo, std::min(chunk, n - lo));
        encrypt_chunk(who, false);
        if (failure) return *failure;
        for (std::size_t i : who) {
            auto& d = dev[i];
            switch (roles[i]) {
                case role::abstain: ++out.abstained; continue;
                case role::revoke_before:
                    if (auto s = revoke(i, "membership lapsed before voting"); !s) return s.err();
                    ++out.revoked_before;
                    break;
                case role::challenge: {
                    auto e = op->challenge(d.challenged->value, open_ballot<G>(*d.challenged, d.first));
                    if (!e) return e.err();
                    ++out.challenged;
                    break;
                }
                default: break;
            }
            auto rc = op->cast(std::move(*d.cast));
            if (!rc) return with_context("voter " + out.credentials[i].voter, rc.err());
            ++out.cast;
            d.cast.reset();
            d.challenged.reset();
        }
        voting_progress(lo + who.size());
    }
    // second round
    for (std::size_t lo = 0; lo < second.size(); lo += chunk) {
        const std::span<const std::size_t> who(second.data() + lo, std::min(chunk, second.size() - lo));
        std::vector<std::size_t> revoters;
        for (std::size_t i : who)
            if (roles[i] == role::revote) revoters.push_back(i);
        encrypt_chunk(revoters, true);
        if (failure) return *failure;
        for (std::size_t i : who) {
            if (roles[i] == role::revote) {
                auto rc = op->cast(std::move(*dev[i].cast));
                if (!rc) return rc.err();
                dev[i].cast.reset();
                ++out.cast;
                ++out.revoted;
            } else {
                if (auto s = revoke(i, "left the organisation after voting"); !s) return s.err();
                ++out.revoked_after;
            }
        }
        voting_progress(n + lo + who.size());
    }
    out.seconds_casting = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_cast).count();
    log("voting: devices encrypted and the board took " + std::to_string(out.cast) + " ballots in " +
        std::to_string(out.seconds_casting).substr(0, 5) + " s");
    log("voting: " + std::to_string(out.cast) + " ballots cast (" + std::to_string(out.revoted) + " revotes), " +
        std::to_string(out.challenged) + " challenged, " + std::to_string(out.revoked_before) + " voters revoked before voting, " +
        std::to_string(out.revoked_after) + " after, " + std::to_string(out.abstained) + " abstained");

    // the ground truth
    std::map<std::string, std::vector<std::pair<std::vector<std::uint32_t>, std::uint64_t>>> papers;
    for (const auto& mc : m.contests)
        if (mc.homomorphic()) out.expected[mc.id].assign(mc.options.size(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (roles[i] == role::abstain || roles[i] == role::revoke_before) continue;
        // a revoter's second ballot counts under "last"; under "first" and
        // "none" the first stands and the second is cancelled ("repeat")
        const bool second_counts = roles[i] == role::revote && o.revoting == revoting_rule::last;
        const auto& c = second_counts ? dev[i].second : dev[i].first;
        const auto weight = rl->find_voter(out.credentials[i].voter)->weight;
        for (const auto& [id, v] : c) {
            if (!out.expected.count(id)) {  // ranked
                papers[id].emplace_back(std::vector<std::uint32_t>(v.begin(), v.end()), weight);
                continue;
            }
            for (std::size_t j = 0; j < v.size(); ++j) out.expected[id][j] += v[j] * weight;
        }
    }
    for (const auto& mc : m.contests) {
        if (mc.homomorphic()) continue;
        auto x = record::count_rankings(m, mc, papers[mc.id]);
        if (!x) return x.err();
        out.expected_ranked[mc.id] = std::move(*x);
    }

    // close: trustees 1, 2 and 4 (any k) co-sign the head
    auto cs = op->close_statement();
    std::vector<record::cosignature> close_sigs;
    for (std::uint32_t t = 1, have = 0; t <= o.trustees_n && have < o.trustees_k; ++t) {
        if (t == 3 && o.trustees_n - 1 >= o.trustees_k) continue;
        close_sigs.push_back({t, out.trustee_signing_keys[t - 1].sign(cs.statement(mh))});
        ++have;
    }
    if (auto s = op->close(std::move(close_sigs)); !s) return s.err();
    log("board closed at entry " + std::to_string(cs.entries) + ", co-signed by " + std::to_string(o.trustees_k) + " trustees");
    auto t = op->tally();
    if (!t) return t.err();
    log("tally: " + std::to_string(t->ballots) + " ballots counted (total weight " + std::to_string(t->weight) + ")");
    if (o.stop_after_tally) {
        if (auto s = op->sync(); !s) return s.err();
        log("stopped after the tally, as asked: decryption, the mix chains and the result are left to do");
        return out;
    }
    // decryption: the last k trustees
    const auto cts = t->all();
    for (std::uint32_t i = o.trustees_n - o.trustees_k + 1; t->ballots > 0 && i <= o.trustees_n; ++i) {
        auto sh = ceremony::prove_decryption_share<G>(out.trustee_keys[i - 1], record::tally_context(m), cts, r);
        if (auto s = op->post_share(sh); !s) return s.err();
    }
    // ranked contests: mix-input, every trustee mixes in turn, the last k decrypt
    for (const auto& mc : m.contests) {
        if (mc.homomorphic()) continue;
        auto in = op->post_mix_input(mc.id);
        if (!in) return in.err();
        log("ranked contest \"" + mc.id + "\": mix-input of " + std::to_string(in->ciphertexts.size()) + " papers from " +
            std::to_string(in->ballots) + " counted ballots");
        const auto t_mix = std::chrono::steady_clock::now();
        for (std::uint32_t i = 1; in->ciphertexts.size() > 0 && i <= o.trustees_n; ++i) {
            auto head = op->mix_head(mc.id);
            if (!head) return head.err();
            auto p = mix_turn(m, K, mc.id, op->next_round(mc.id), i, out.trustee_signing_keys[i - 1], *head, r);
            if (!p) return p.err();
            if (auto e = op->post_mix(*p); !e) return e.err();
            if (o.progress) o.progress("mixing", static_cast<double>(i) / static_cast<double>(o.trustees_n));
        }
        if (in->ciphertexts.size() > 0)
            log("ranked contest \"" + mc.id + "\": mixed by all " + std::to_string(o.trustees_n) + " trustees in turn in " +
                std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - t_mix).count()).substr(0, 5) +
                " s (shuffle and proof each)");
        auto rc = op->ranked_ciphertexts(mc.id);
        if (!rc) return rc.err();
        for (std::uint32_t i = o.trustees_n - o.trustees_k + 1; !rc->empty() && i <= o.trustees_n; ++i) {
            auto sh = ceremony::prove_decryption_share<G>(out.trustee_keys[i - 1], record::ranked_context(m, mc.id), *rc, r);
            if (auto s = op->post_ranked_share(mc.id, sh); !s) return s.err();
        }
        auto rr = op->publish_ranked_result(mc.id);
        if (!rr) return rr.err();
        log("ranked contest \"" + mc.id + "\": " + std::to_string(rr->ballots.size()) + " papers decrypted (" +
            std::to_string(rr->invalid.size()) + " invalid), counted by " + mc.method + ": " +
            std::to_string(rr->elected.size()) + " elected");
        out.ranked[mc.id] = std::move(*rr);
    }
    auto res = op->publish_result();
    if (!res) return res.err();
    out.result = *res;
    if (auto s = op->sync(); !s) return s.err();
    log("result published by trustees " + std::to_string(o.trustees_n - o.trustees_k + 1) + ".." + std::to_string(o.trustees_n) +
        " in " + std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()).substr(0, 5) +
        " s from the start");
    return out;
}

}  // namespace scrutineer::election
