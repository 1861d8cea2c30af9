// scrutineer — election: Benaloh challenges (cast-as-intended checks).
//
// A voter's device encrypts the choices and shows the ballot's tracking code.
// The voter then either casts that ballot or challenges it. On a challenge the
// device reveals, for every selection in all_selections() order, the nonce r_j
// it used, together with the choices it claims to have encrypted; the ballot
// and this opening are posted on the board (kind "challenge") and the ballot is
// spent: it can never be cast (Benaloh, "Simple verifiable elections",
// EVT 2006, §3; Benaloh, "Ballot casting assurance via voter-initiated poll
// station auditing", EVT 2007). Anyone then checks, for each selection j of
// value m_j:
//     α_j = g^{r_j}   and   β_j = K^{r_j} · g^{m_j}
// and for each ranked contest, with M_1 … M_w the embedding of the claimed
// ranking (mixnet/ranking.hpp) and its w nonces r_j:
//     α_j = g^{r_j}   and   β_j = K^{r_j} · M_j
// so a device that encrypted anything else than what it showed is caught with
// the probability that its voter challenges. The device encrypts afresh for
// the ballot it finally casts (new nonces, new tracking code).
//
// JSON (docs/format/board.md, kind "challenge"):
//   {"choices": {contest id: [values]}, "nonces": [hex scalar, …]}
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scrutineer/election/ballot.hpp"

namespace scrutineer::election {

/// What a device reveals when its ballot is challenged. The nonces are public
/// from then on (the ballot will never count), so plain scalars.
template <prime_order_group G>
struct ballot_opening {
    election::choices choices;
    std::vector<typename G::scalar> nonces;  ///< in all_selections() order

    nlohmann::json to_json() const {
        nlohmann::json c = nlohmann::json::object();
        for (const auto& [id, v] : choices) c[id] = v;
        nlohmann::json n = nlohmann::json::array();
        for (const auto& x : nonces) n.push_back(to_hex(x.encode()));
        return {{"choices", c}, {"nonces", n}};
    }

    /// Parses an opening for a ballot of manifest `m`: every homomorphic
    /// contest present with one value per option, within max_score, no other
    /// contest, exactly one canonical nonce per selection. Errors name the field.
    static result<ballot_opening> from_json(const nlohmann::json& j, const manifest& m) {
        if (!j.is_object()) return error{errc::bad_input, "opening: must be an object"};
        for (auto it = j.begin(); it != j.end(); ++it)
            if (it.key() != "choices" && it.key() != "nonces")
                return error{errc::bad_input, "opening: unexpected field \"" + it.key() + "\""};
        auto cj = j.find("choices");
        auto nj = j.find("nonces");
        if (cj == j.end() || !cj->is_object()) return error{errc::bad_input, "opening.choices: missing or not an object"};
        if (nj == j.end() || !nj->is_array()) return error{errc::bad_input, "opening.nonces: missing or not an array"};
        ballot_opening o;
        std::size_t selections = 0, contests = 0;
        for (const auto& mc : m.contests) {
            if (!mc.homomorphic()) continue;
            ++contests;
            selections += mc.options.size();
            auto it = cj->find(mc.id);
            const std::string w = "opening.choices." + mc.id;
            if (it == cj->end() || !it->is_array()) return error{errc::bad_input, w + ": missing or not an array"};
            if (it->size() != mc.options.size())
                return error{errc::bad_length, w + ": " + std::to_string(it->size()) + " values for " +
                                                   std::to_string(mc.options.size()) + " options"};
            std::vector<std::uint64_t> values;
            std::uint64_t sum = 0;
            for (std::size_t i = 0; i < it->size(); ++i) {
                const auto& v = (*it)[i];
                if (!v.is_number_unsigned() || v.get<std::uint64_t>() > mc.max_score)
                    return error{errc::out_of_range, w + "[" + std::to_string(i) + "]: not an integer in 0.." +
                                                         std::to_string(mc.max_score)};
                values.push_back(v.get<std::uint64_t>());
                sum += values.back();
            }
            if (sum > mc.max_total)
                return error{errc::out_of_range, w + ": " + std::to_string(sum) + " in total, the limit is " +
                                                     std::to_string(mc.max_total)};
            o.choices[mc.id] = std::move(values);
        }
        for (const auto& mc : m.contests) {
            if (mc.homomorphic()) continue;
            ++contests;
            selections += mixnet::ranking_width(mc.options.size());
            auto it = cj->find(mc.id);
            const std::string w = "opening.choices." + mc.id;
            if (it == cj->end() || !it->is_array() || it->size() > mc.options.size())
                return error{errc::bad_input, w + ": missing, not an array, or longer than the " +
                                                  std::to_string(mc.options.size()) + " candidates"};
            std::vector<std::uint64_t> ranking;
            for (std::size_t i = 0; i < it->size(); ++i) {
                const auto& v = (*it)[i];
                if (!v.is_number_unsigned() || v.get<std::uint64_t>() >= mc.options.size())
                    return error{errc::out_of_range, w + "[" + std::to_string(i) + "]: not a candidate index in 0.." +
                                                         std::to_string(mc.options.size() - 1)};
                if (std::find(ranking.begin(), ranking.end(), v.get<std::uint64_t>()) != ranking.end())
                    return error{errc::bad_input, w + "[" + std::to_string(i) + "]: candidate ranked twice"};
                ranking.push_back(v.get<std::uint64_t>());
            }
            o.choices[mc.id] = std::move(ranking);
        }
        if (cj->size() != contests) return error{errc::bad_input, "opening.choices: a contest that is not in the manifest"};
        if (nj->size() != selections)
            return error{errc::bad_length, "opening.nonces: " + std::to_string(nj->size()) + " nonces for " +
                                               std::to_string(selections) + " ciphertexts"};
        for (std::size_t i = 0; i < nj->size(); ++i) {
            auto s = detail::hex_decode<typename G::scalar>((*nj)[i], "opening.nonces[" + std::to_string(i) + "]",
                                                            [](byte_span b) { return G::scalar::decode(b); });
            if (!s) return s.err();
            o.nonces.push_back(*s);
        }
        return o;
    }
};

/// The opening a device reveals for its ballot `b` made from choices `c`.
template <prime_order_group G>
ballot_opening<G> open_ballot(const encrypted_ballot<G>& b, const choices& c) {
    ballot_opening<G> o;
    o.choices = c;
    for (const auto& n : b.nonces) o.nonces.push_back(n.expose());
    return o;
}

/// Checks that ballot `b` encrypts exactly opening `o`'s choices under K with
/// its nonces (α_j = g^{r_j}, β_j = K^{r_j}·g^{m_j}). verify_failed names the
/// first selection that does not match. Variable time: everything is public.
template <prime_order_group G>
[[nodiscard]] status verify_opening_vartime(const manifest& m, const typename G::element& K, const ballot<G>& b,
                                            const ballot_opening<G>& o) {
    std::size_t j = 0;
    std::size_t ci = 0;
    for (const auto& mc : m.contests) {
        if (!mc.homomorphic()) continue;
        if (ci >= b.contests.size() || b.contests[ci].id != mc.id)
            return status(errc::bad_input, "challenged ballot does not have contest \"" + mc.id + "\" in place");
        const auto& ec = b.contests[ci++];
        auto it = o.choices.find(mc.id);
        if (it == o.choices.end() || it->second.size() != ec.selections.size())
            return status(errc::bad_input, "opening has no values for contest \"" + mc.id + "\"");
        for (std::size_t i = 0; i < ec.selections.size(); ++i, ++j) {
            if (j >= o.nonces.size()) return status(errc::bad_length, "opening has too few nonces");
            const auto& r = o.nonces[j];
            const auto& c = ec.selections[i];
            const auto m_j = G::scalar::from_u64(it->second[i]);
            if (!(G::mul_base(r) == c.alpha) || !(K * r + G::mul_base(m_j) == c.beta))
                return status(errc::verify_failed, "contest \"" + mc.id + "\" option " + mc.options[i].id +
                                                       ": the ciphertext is not an encryption of " +
                                                       std::to_string(it->second[i]) + " with the revealed nonce");
        }
    }
    std::size_t ri = 0;
    for (const auto& mc : m.contests) {
        if (mc.homomorphic()) continue;
        if (ri >= b.ranked.size() || b.ranked[ri].id != mc.id)
            return status(errc::bad_input, "challenged ballot does not have ranked contest \"" + mc.id + "\" in place");
        const auto& er = b.ranked[ri++];
        auto it = o.choices.find(mc.id);
        if (it == o.choices.end()) return status(errc::bad_input, "opening has no ranking for contest \"" + mc.id + "\"");
        auto points = detail::ranking_points<G>(mc, it->second);
        if (!points) return status(errc::verify_failed, "contest \"" + mc.id + "\": " + points.err().message);
        if (points->size() != er.ciphertexts.size())
            return status(errc::bad_input, "contest \"" + mc.id + "\": wrong number of ciphertexts");
        for (std::size_t i = 0; i < er.ciphertexts.size(); ++i, ++j) {
            if (j >= o.nonces.size()) return status(errc::bad_length, "opening has too few nonces");
            const auto& r = o.nonces[j];
            const auto& c = er.ciphertexts[i];
            if (!(G::mul_base(r) == c.alpha) || !(K * r + (*points)[i] == c.beta))
                return status(errc::verify_failed, "ranked contest \"" + mc.id + "\" ciphertext " + std::to_string(i) +
                                                       ": not an encryption of the revealed ranking with the revealed nonce");
        }
    }
    if (j != o.nonces.size()) return status(errc::bad_length, "opening has more nonces than the ballot has selections");
    return {};
}

}  // namespace scrutineer::election
