// scrutineer — ceremony: an in-process simulation of the whole key ceremony,
// for tests, benchmarks and the demo. Every trustee runs the same typestate
// machine as a real one (dkg.hpp); the "board" is a set of vectors. Faults can
// be injected to exercise the complaint rule. Not for real elections: one
// process holds every trustee's secrets.
#pragma once

#include <set>
#include <utility>
#include <vector>

#include "scrutineer/ceremony/dkg.hpp"

namespace scrutineer::ceremony {

/// Misbehaviour to inject into a simulated ceremony.
struct simulation_faults {
    /// (dealer, recipient): the dealer sends a well-formed, correctly encrypted,
    /// but wrong share (a random scalar) to the recipient.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> bad_shares;
    /// Dealers that do not answer complaints against them.
    std::set<std::uint32_t> silent_dealers;
    /// Dealers that answer complaints with a wrong share.
    std::set<std::uint32_t> wrong_answers;
};

/// The public record of a simulated ceremony, its outcome and, if complete, every trustee's key.
template <prime_order_group G>
struct simulation {
    transcript<G> record;
    std::vector<encrypted_share> shares;  ///< the encrypted shares as posted
    outcome<G> result;
    std::vector<trustee_key<G>> keys;     ///< keys[i−1] for trustee i; empty unless result.complete()
};

/// Runs the ceremony for params.n trustees in one process, with `faults`.
/// Errors: invalid parameters, or any step's error (which would be a bug here).
/// The outcome is that of verify_transcript on the public record.
template <prime_order_group G>
[[nodiscard]] result<simulation<G>> simulate_ceremony(const parameters& params, rng& r, const simulation_faults& faults = {}) {
    if (auto s = params.validate(); !s) return s.err();
    const std::uint32_t n = params.n;
    simulation<G> sim;
    sim.record.params = params;
    std::vector<comm_secret_key> comm_sks;  // kept only to inject bad shares
    std::vector<trustee_announced<G>> s1;
    for (std::uint32_t i = 1; i <= n; ++i) {
        auto kp = comm_key_pair::generate(r);
        comm_sks.push_back(kp.sk.clone());
        auto st = trustee_announced<G>::begin(params, i, "trustee-" + std::to_string(i), std::move(kp), r);
        if (!st) return st.err();
        sim.record.announcements.push_back(st->message);
        s1.push_back(std::move(st->state));
    }
    std::vector<trustee_dealt<G>> s2;
    for (auto& st : s1) {
        auto x = std::move(st).publish(sim.record.announcements, r);
        if (!x) return x.err();
        sim.record.commitments.push_back(x->message.commitments);
        for (auto& sh : x->message.shares) sim.shares.push_back(std::move(sh));
        s2.push_back(std::move(x->state));
    }
    for (const auto& [d, l] : faults.bad_shares) {
        for (auto& sh : sim.shares) {
            if (sh.dealer != d || sh.recipient != l) continue;
            secure_bytes pt(40 + G::scalar_size);
            const auto a = u32le(d), b = u32le(l);
            std::copy(a.begin(), a.end(), pt.data());
            std::copy(b.begin(), b.end(), pt.data() + 4);
            const auto ctx = params.context();
            std::copy(ctx.bytes().begin(), ctx.bytes().end(), pt.data() + 8);
            const auto wrong = G::scalar::random(r).encode();
            std::copy(wrong.begin(), wrong.end(), pt.data() + 40);
            sh.box = seal(pt.span(), sim.record.announcements[l - 1].comm_key, comm_sks[d - 1], r);
        }
    }
    std::vector<trustee_checked<G>> s3;
    for (auto& st : s2) {
        auto x = std::move(st).receive(sim.record.commitments, sim.shares);
        if (!x) return x.err();
        sim.record.reports.push_back(x->message);
        s3.push_back(std::move(x->state));
    }
    std::vector<trustee_answered<G>> s4;
    for (auto& st : s3) {
        const auto who = st.index();
        auto x = std::move(st).answer(sim.record.reports);
        if (!x) return x.err();
        if (!faults.silent_dealers.count(who))
            for (auto a : x->message) {
                if (faults.wrong_answers.count(who)) a.share = a.share + G::scalar::one();
                sim.record.answers.push_back(a);
            }
        s4.push_back(std::move(x->state));
    }
    auto out = verify_transcript<G>(sim.record, r);
    if (!out) return out.err();
    sim.result = std::move(*out);
    if (!sim.result.complete()) return sim;
    for (auto& st : s4) {
        auto k = std::move(st).finish(sim.record.answers, r);
        if (!k) return k.err();
        sim.keys.push_back(std::move(*k));
    }
    return sim;
}

}  // namespace scrutineer::ceremony
