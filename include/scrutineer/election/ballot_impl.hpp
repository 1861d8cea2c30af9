// scrutineer — election: ballot templates (included by ballot.hpp).
#pragma once

#include <type_traits>

#include "scrutineer/election/ballot.hpp"

#include "scrutineer/core/hex.hpp"
#include "scrutineer/mixnet/ranking.hpp"
#include "scrutineer/primitives/hash.hpp"

namespace scrutineer::election {

namespace detail {
inline error field_error(const std::string& where, const error& e) { return with_context(where, e); }

template <class T, class F>
result<T> hex_decode(const nlohmann::json& j, const std::string& where, F&& decode) {
    if (!j.is_string()) return error{errc::bad_input, where + ": must be a hex string"};
    auto b = from_hex(j.get_ref<const std::string&>());
    if (!b) return field_error(where, b.err());
    auto v = decode(byte_span(*b));
    if (!v) return field_error(where, v.err());
    return v;
}
/// A ranking's embedded points (mixnet/ranking.hpp), for ristretto255 only.
/// Constant time in the ranking; errors (bad_input) name the contest.
template <prime_order_group G>
result<std::vector<typename G::element>> ranking_points(const contest& mc, const std::vector<std::uint64_t>& values) {
    if constexpr (std::is_same_v<G, ristretto255>) {
        std::vector<std::uint32_t> r(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
            // clamp without a branch on the value: anything >= 2^32 is out of range anyway
            const std::uint64_t v = values[i];
            const std::uint64_t big = static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>((v >> 32) != 0);
            r[i] = static_cast<std::uint32_t>((v & ~big) | (0xffffffffu & big));
        }
        auto p = mixnet::encode_ranking(r, mc.options.size());
        if (!p) return with_context("choices for \"" + mc.id + "\"", p.err());
        return p;
    } else {
        (void)values;
        return error{errc::bad_input, "contest \"" + mc.id + "\": ranked contests need the ristretto255 group"};
    }
}
}  // namespace detail

template <prime_order_group G>
std::vector<elgamal::ciphertext<G>> ballot<G>::all_selections() const {
    std::vector<elgamal::ciphertext<G>> out;
    for (const auto& c : contests) out.insert(out.end(), c.selections.begin(), c.selections.end());
    for (const auto& r : ranked) out.insert(out.end(), r.ciphertexts.begin(), r.ciphertexts.end());
    return out;
}

template <prime_order_group G>
hash64 ballot<G>::hash() const {
    sha512 h;
    frame(h, "scrutineer/ballot/v1", {});
    frame(h, "election", election);
    frame(h, "credential", credential.bytes);
    frame_u64(h, "contests", contests.size());
    for (const auto& c : contests) {
        frame(h, "contest", as_bytes(c.id));
        frame_u64(h, "options", c.selections.size());
        for (const auto& s : c.selections) frame(h, "selection", s.encode());
        for (const auto& p : c.range_proofs) frame(h, "range-proof", p.encode());
        if (!c.limit_proof.branches.empty()) frame(h, "limit-proof", c.limit_proof.encode());
    }
    if (!ranked.empty()) {
        frame_u64(h, "ranked", ranked.size());
        for (const auto& r : ranked) {
            frame(h, "contest", as_bytes(r.id));
            frame_u64(h, "width", r.ciphertexts.size());
            for (const auto& c : r.ciphertexts) frame(h, "ciphertext", c.encode());
        }
    }
    frame(h, "randomness-proof", randomness_proof.encode());
    return h.digest();
}

template <prime_order_group G>
std::string ballot<G>::tracking_code() const {
    return tracking_code_of(hash());
}

template <prime_order_group G>
nlohmann::json ballot<G>::to_json() const {
    nlohmann::json cs = nlohmann::json::array();
    for (const auto& c : contests) {
        nlohmann::json sel = nlohmann::json::array(), rp = nlohmann::json::array();
        for (const auto& s : c.selections) sel.push_back(to_hex(s.encode()));
        for (const auto& p : c.range_proofs) rp.push_back(to_hex(p.encode()));
        nlohmann::json cj = {{"id", c.id}, {"selections", sel}, {"range_proofs", rp}};
        if (!c.limit_proof.branches.empty()) cj["limit_proof"] = to_hex(c.limit_proof.encode());
        cs.push_back(std::move(cj));
    }
    nlohmann::json out = {{"format", "scrutineer/ballot/v1"},
                          {"election", to_hex(election)},
                          {"credential", credential.hex()},
                          {"contests", cs},
                          {"randomness_proof", to_hex(randomness_proof.encode())},
                          {"signature", signature.hex()}};
    if (!ranked.empty()) {
        nlohmann::json rs = nlohmann::json::array();
        for (const auto& r : ranked) {
            nlohmann::json c = nlohmann::json::array();
            for (const auto& x : r.ciphertexts) c.push_back(to_hex(x.encode()));
            rs.push_back({{"id", r.id}, {"ciphertexts", c}});
        }
        out["ranked"] = rs;
    }
    return out;
}

template <prime_order_group G>
result<ballot<G>> ballot<G>::from_json(const nlohmann::json& j, const manifest& m) {
    const std::string w = "ballot";
    if (!j.is_object()) return error{errc::bad_input, w + ": must be a JSON object"};
    for (auto it = j.begin(); it != j.end(); ++it) {
        static const char* known[] = {"format", "election", "credential", "contests", "randomness_proof", "signature", "ranked"};
        if (std::none_of(std::begin(known), std::end(known), [&](const char* k) { return it.key() == k; }))
            return error{errc::bad_input, w + ": unknown field '" + it.key() + "'"};
    }
    auto need = [&](const char* k) -> const nlohmann::json* {
        auto it = j.find(k);
        return it == j.end() ? nullptr : &*it;
    };
    for (const char* k : {"format", "election", "credential", "contests", "randomness_proof", "signature"})
        if (!need(k)) return error{errc::bad_input, w + ": missing field '" + k + "'"};
    if (*need("format") != "scrutineer/ballot/v1") return error{errc::bad_input, w + ".format: must be \"scrutineer/ballot/v1\""};
    ballot b;
    if (!need("election")->is_string()) return error{errc::bad_input, w + ".election: must be a hex string"};
    auto eh = from_hex(need("election")->template get_ref<const std::string&>(), 64);
    if (!eh) return detail::field_error(w + ".election", eh.err());
    std::copy(eh->begin(), eh->end(), b.election.begin());
    if (!need("credential")->is_string()) return error{errc::bad_input, w + ".credential: must be a hex string"};
    auto cred = verify_key::from_hex(need("credential")->template get_ref<const std::string&>());
    if (!cred) return detail::field_error(w + ".credential", cred.err());
    b.credential = *cred;
    if (!need("signature")->is_string()) return error{errc::bad_input, w + ".signature: must be a hex string"};
    auto sig = election::signature::from_hex(need("signature")->template get_ref<const std::string&>());
    if (!sig) return detail::field_error(w + ".signature", sig.err());
    b.signature = *sig;

    const auto& cs = *need("contests");
    std::vector<const contest*> expected;
    for (const auto& c : m.contests)
        if (c.homomorphic()) expected.push_back(&c);
    if (!cs.is_array() || cs.size() != expected.size())
        return error{errc::bad_input, w + ".contests: expected an array of " + std::to_string(expected.size()) + " contests"};
    std::size_t total = 0;
    for (std::size_t ci = 0; ci < cs.size(); ++ci) {
        const auto& cj = cs[ci];
        const auto& mc = *expected[ci];
        const std::string cw = w + ".contests[" + std::to_string(ci) + "]";
        const bool with_limit = limit_proof_required(mc);
        if (!cj.is_object() || !cj.contains("id") || !cj.contains("selections") || !cj.contains("range_proofs"))
            return error{errc::bad_input, cw + ": expected id, selections, range_proofs" +
                                              std::string(with_limit ? ", limit_proof" : "")};
        if (with_limit && !cj.contains("limit_proof"))
            return error{errc::bad_input, cw + ".limit_proof: missing (the contest's limit " + std::to_string(mc.max_total) +
                                              " is below options times max_score, so it must be proven)"};
        if (!with_limit && cj.contains("limit_proof"))
            return error{errc::bad_input, cw + ".limit_proof: must be absent (the limit is implied by the range proofs; spec §6.4)"};
        if (cj.size() != (with_limit ? 4u : 3u))
            return error{errc::bad_input, cw + ": unknown field; expected exactly id, selections, range_proofs" +
                                              std::string(with_limit ? ", limit_proof" : "")};
        if (cj["id"] != mc.id) return error{errc::bad_input, cw + ".id: expected \"" + mc.id + "\""};
        encrypted_contest<G> ec;
        ec.id = mc.id;
        const std::size_t n = mc.options.size();
        if (!cj["selections"].is_array() || cj["selections"].size() != n || !cj["range_proofs"].is_array() ||
            cj["range_proofs"].size() != n)
            return error{errc::bad_input, cw + ": expected " + std::to_string(n) + " selections and range proofs"};
        for (std::size_t i = 0; i < n; ++i) {
            auto s = detail::hex_decode<elgamal::ciphertext<G>>(cj["selections"][i], cw + ".selections[" + std::to_string(i) + "]",
                                                                [](byte_span x) { return elgamal::ciphertext<G>::decode(x); });
            if (!s) return s.err();
            ec.selections.push_back(*s);
            auto p = detail::hex_decode<proofs::range_proof<G>>(cj["range_proofs"][i], cw + ".range_proofs[" + std::to_string(i) + "]",
                                                                [&](byte_span x) { return proofs::range_proof<G>::decode(x, mc.max_score); });
            if (!p) return p.err();
            ec.range_proofs.push_back(std::move(*p));
        }
        if (with_limit) {
            auto lp = detail::hex_decode<proofs::range_proof<G>>(
                cj["limit_proof"], cw + ".limit_proof", [&](byte_span x) { return proofs::range_proof<G>::decode(x, mc.max_total); });
            if (!lp) return lp.err();
            ec.limit_proof = std::move(*lp);
        }
        total += n;
        b.contests.push_back(std::move(ec));
    }
    std::vector<const contest*> ranked_expected;
    for (const auto& c : m.contests)
        if (!c.homomorphic()) ranked_expected.push_back(&c);
    if (ranked_expected.empty()) {
        if (need("ranked")) return error{errc::bad_input, w + ".ranked: the manifest has no ranked contest"};
    } else {
        const auto* rj = need("ranked");
        if (!rj) return error{errc::bad_input, w + ": missing field 'ranked'"};
        if (!rj->is_array() || rj->size() != ranked_expected.size())
            return error{errc::bad_input, w + ".ranked: expected an array of " + std::to_string(ranked_expected.size()) +
                                              " ranked contests"};
        for (std::size_t ri = 0; ri < rj->size(); ++ri) {
            const auto& cj = (*rj)[ri];
            const auto& mc = *ranked_expected[ri];
            const std::string cw = w + ".ranked[" + std::to_string(ri) + "]";
            if (!cj.is_object() || cj.size() != 2 || !cj.contains("id") || !cj.contains("ciphertexts"))
                return error{errc::bad_input, cw + ": expected exactly id, ciphertexts"};
            if (cj["id"] != mc.id) return error{errc::bad_input, cw + ".id: expected \"" + mc.id + "\""};
            const std::size_t width = mixnet::ranking_width(mc.options.size());
            if (!cj["ciphertexts"].is_array() || cj["ciphertexts"].size() != width)
                return error{errc::bad_input, cw + ".ciphertexts: expected " + std::to_string(width) + " ciphertexts"};
            encrypted_ranking<G> er;
            er.id = mc.id;
            for (std::size_t i = 0; i < width; ++i) {
                auto c = detail::hex_decode<elgamal::ciphertext<G>>(cj["ciphertexts"][i], cw + ".ciphertexts[" + std::to_string(i) + "]",
                                                                    [](byte_span x) { return elgamal::ciphertext<G>::decode(x); });
                if (!c) return c.err();
                er.ciphertexts.push_back(*c);
            }
            total += width;
            b.ranked.push_back(std::move(er));
        }
    }
    auto rp = detail::hex_decode<proofs::randomness_proof<G>>(*need("randomness_proof"), w + ".randomness_proof",
                                                              [&](byte_span x) { return proofs::randomness_proof<G>::decode(x, total); });
    if (!rp) return rp.err();
    b.randomness_proof = std::move(*rp);
    return b;
}

template <prime_order_group G>
result<encrypted_ballot<G>> encrypt_ballot(const manifest& m, const elgamal::public_key<G>& pk,
                                           const signing_key& credential, const choices& c, rng& r) {
    // validate the choices against the manifest (the voter's own input; these
    // checks reveal only whether the ballot is valid)
    std::size_t known = 0;
    for (const auto& mc : m.contests) {
        if (!mc.homomorphic()) {
            ++known;
            if (!c.count(mc.id)) return error{errc::bad_input, "choices: missing ranked contest \"" + mc.id + "\""};
            continue;  // the ranking is checked when it is encoded, below
        }
        ++known;
        auto it = c.find(mc.id);
        if (it == c.end()) return error{errc::bad_input, "choices: missing contest \"" + mc.id + "\""};
        if (it->second.size() != mc.options.size())
            return error{errc::bad_input, "choices for \"" + mc.id + "\": expected " + std::to_string(mc.options.size()) +
                                              " values, got " + std::to_string(it->second.size())};
        std::uint64_t sum = 0;
        bool bad = false;
        for (auto v : it->second) {  // no short-circuit: no branch on the values
            bad = bad | (v > mc.max_score);
            sum += v;
        }
        bad = bad | (sum > mc.max_total);
        ct::declassify(&bad, sizeof bad);
        if (bad)
            return error{errc::bad_input, "choices for \"" + mc.id + "\": a value above " + std::to_string(mc.max_score) +
                                              " or more than " + std::to_string(mc.max_total) + " in total"};
    }
    if (c.size() != known) return error{errc::bad_input, "choices: a contest that is not in the manifest"};

    encrypted_ballot<G> out;
    auto& b = out.value;
    b.election = m.hash();
    b.credential = credential.public_key();
    const auto ctx = proof_context::for_election(byte_span(b.election)).derive("credential", b.credential.bytes);
    for (const auto& mc : m.contests) {
        if (!mc.homomorphic()) continue;
        const auto& values = c.at(mc.id);
        encrypted_contest<G> ec;
        ec.id = mc.id;
        std::vector<secret<typename G::scalar>> nonces;
        std::uint64_t total = 0;
        // each selection encrypted and proved in range, all published points of
        // the contest finished in one batch (protocols/range.hpp)
        for (auto& [e, proof] : proofs::encrypt_bounded_with_proofs<G>(ctx, pk, values, mc.max_score, r)) {
            ec.range_proofs.push_back(std::move(proof));
            ec.selections.push_back(e.ct);
            nonces.push_back(std::move(e.randomness));
        }
        for (std::uint64_t v : values) total += v;
        if (limit_proof_required(mc))
            ec.limit_proof = proofs::prove_contest_limit<G>(ctx, pk, ec.selections, mc.max_total, total, nonces, r);
        for (auto& n : nonces) out.nonces.push_back(std::move(n));
        b.contests.push_back(std::move(ec));
    }
    for (const auto& mc : m.contests) {
        if (mc.homomorphic()) continue;
        auto points = detail::ranking_points<G>(mc, c.at(mc.id));
        if (!points) return points.err();
        encrypted_ranking<G> er;
        er.id = mc.id;
        for (const auto& M : *points) {
            auto e = elgamal::encrypt<G>(pk, M, r);
            er.ciphertexts.push_back(e.ct);
            out.nonces.push_back(std::move(e.randomness));
        }
        b.ranked.push_back(std::move(er));
    }
    b.randomness_proof = proofs::prove_randomness<G>(ctx, {pk.element(), b.all_selections()}, out.nonces, r);
    b.signature = credential.sign(b.hash());
    return out;
}

namespace detail {

/// What every ballot of one election is checked against (computed once per batch).
struct ballot_rules {
    hash64 election{};
    proof_context root = proof_context::for_election(std::string_view(""));
    std::vector<const contest*> contests;  ///< the homomorphic contests, in order
    std::vector<const contest*> ranked;    ///< the ranked contests, in order

    explicit ballot_rules(const manifest& m) : election(m.hash()), root(proof_context::for_election(byte_span(election))) {
        for (const auto& c : m.contests) (c.homomorphic() ? contests : ranked).push_back(&c);
    }
};

/// `check_signature` false: the caller has checked the credential's signature
/// itself (the record verifier reports it as its own check, V3).
template <prime_order_group G>
status ballot_equations_with(const ballot_rules& rules, const typename G::element& K, const ballot<G>& b,
                             equation_set<G>& eqs, bool check_signature = true) {
    if (b.election != rules.election) return status(errc::verify_failed, "ballot is for another election (manifest hash differs)");
    const auto& expected = rules.contests;
    if (b.contests.size() != expected.size())
        return status(errc::bad_input, "ballot has " + std::to_string(b.contests.size()) + " contests, the manifest " +
                                           std::to_string(expected.size()));
    if (check_signature && !verify_signature(b.credential, b.hash(), b.signature))
        return status(errc::verify_failed, "ballot signature does not verify under its credential");
    const auto ctx = rules.root.derive("credential", b.credential.bytes);
    // Shared-term keys per selection (its position in all_selections()), so
    // that α_i merges across its range proof and the randomness proof.
    auto alpha_key = [](std::size_t i) { return "alpha/" + std::to_string(i); };
    auto beta_key = [](std::size_t i) { return "beta/" + std::to_string(i); };
    std::size_t flat = 0;
    for (std::size_t ci = 0; ci < expected.size(); ++ci) {
        const auto& mc = *expected[ci];
        const auto& ec = b.contests[ci];
        const std::string where = "contest \"" + mc.id + "\"";
        if (ec.id != mc.id) return status(errc::bad_input, where + ": ballot has contest \"" + ec.id + "\" in its place");
        if (ec.selections.size() != mc.options.size() || ec.range_proofs.size() != mc.options.size())
            return status(errc::bad_input, where + ": wrong number of selections or proofs");
        for (std::size_t i = 0; i < ec.selections.size(); ++i, ++flat) {
            auto s = proofs::detail::disjunctive_equations<G>(proofs::range_label, ctx,
                                                              proofs::range_statement<G>{K, ec.selections[i], mc.max_score},
                                                              K, ec.selections[i], mc.max_score, ec.range_proofs[i], eqs,
                                                              alpha_key(flat), beta_key(flat));
            if (!s) return with_context(where + " option " + std::to_string(i), s);
        }
        if (limit_proof_required(mc)) {
            if (ec.limit_proof.branches.empty())
                return status(errc::bad_input, where + " limit: the contest-limit proof is missing (max_total " +
                                                   std::to_string(mc.max_total) + " is below options times max_score)");
            auto s = proofs::contest_limit_equations<G>(ctx, {K, ec.selections, mc.max_total}, ec.limit_proof, eqs);
            if (!s) return with_context(where + " limit", s);
        } else if (!ec.limit_proof.branches.empty()) {
            return status(errc::bad_input, where + " limit: a contest-limit proof is present although the range proofs "
                                                   "imply the limit (spec §6.4); such a ballot is malformed");
        }
    }
    if (b.ranked.size() != rules.ranked.size())
        return status(errc::bad_input, "ballot has " + std::to_string(b.ranked.size()) + " ranked contests, the manifest " +
                                           std::to_string(rules.ranked.size()));
    for (std::size_t ri = 0; ri < rules.ranked.size(); ++ri) {
        const auto& mc = *rules.ranked[ri];
        if (b.ranked[ri].id != mc.id)
            return status(errc::bad_input, "ranked contest \"" + mc.id + "\": ballot has \"" + b.ranked[ri].id + "\" in its place");
        if (b.ranked[ri].ciphertexts.size() != mixnet::ranking_width(mc.options.size()))
            return status(errc::bad_input, "ranked contest \"" + mc.id + "\": wrong number of ciphertexts");
    }
    auto s = proofs::detail::randomness_equations_keyed<G>(ctx, {K, b.all_selections()}, b.randomness_proof, eqs, alpha_key);
    if (!s) return with_context("randomness proof", s);
    return {};
}

}  // namespace detail

template <prime_order_group G>
status ballot_equations(const manifest& m, const typename G::element& K, const ballot<G>& b, equation_set<G>& eqs) {
    return detail::ballot_equations_with<G>(detail::ballot_rules(m), K, b, eqs);
}

template <prime_order_group G>
batch_result verify_ballots_batch(const manifest& m, const typename G::element& K, std::span<const ballot<G>> ballots,
                                  rng& weights) {
    const detail::ballot_rules rules(m);
    batch_verifier<G> bv(weights);
    for (std::size_t i = 0; i < ballots.size(); ++i)
        bv.add("ballot " + std::to_string(i), [&rules, &K, &b = ballots[i]](equation_set<G>& eqs) {
            return detail::ballot_equations_with<G>(rules, K, b, eqs);
        });
    return bv.verify_vartime();
}

}  // namespace scrutineer::election
