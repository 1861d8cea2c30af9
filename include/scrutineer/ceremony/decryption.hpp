// scrutineer — ceremony: threshold decryption with Chaum–Pedersen proofs.
//
// For ciphertexts (α_j, β_j) under the joint key K, each available trustee i
// publishes decryption shares M_{i,j} = α_j^{s_i} (ElectionGuard 2.0 §3.6.1
// eq. (66)) with a Chaum–Pedersen proof (protocols/dleq.hpp; Chaum, Pedersen,
// CRYPTO 1992 §3.2) that log_g K_i = log_{α_j} M_{i,j} against its public
// verification key K_i = g^{s_i} from the ceremony: per-trustee proofs as in
// ElectionGuard 1.0 and Belenios rather than ElectionGuard 2.0's joint proof
// §3.6.3, so that a wrong share is attributable and can be left out. Any k
// valid share sets combine by Lagrange interpolation in the exponent,
// M_j = Π_{i∈U} M_{i,j}^{w_i} (eq. (67)–(68)); the plaintext is β_j / M_j
// (g^m for exponential ElGamal).
//
// The proof for ciphertext j of trustee i is the Chaum–Pedersen proof of
// dleq.hpp with statement (g, K_i, α_j, M_{i,j}) under the context
// share_context(ctx, i) = ctx.derive("scrutineer/decryption-share/v1", u32le(i));
// verify_dleq accepts it unchanged. Here the transcript reuses the encodings
// of g and K_i across ciphertexts (byte-identical transcript, fewer encodings).
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "scrutineer/ceremony/dkg.hpp"
#include "scrutineer/primitives/elgamal.hpp"
#include "scrutineer/primitives/polynomial.hpp"
#include "scrutineer/protocols/dleq.hpp"
#include "scrutineer/protocols/equations.hpp"

namespace scrutineer::ceremony {

inline constexpr std::string_view decryption_share_label = "scrutineer/decryption-share/v1";

/// Context of trustee i's decryption proofs: ctx.derive("scrutineer/decryption-share/v1", u32le(i)).
inline proof_context share_context(const proof_context& ctx, std::uint32_t i) {
    return ctx.derive(decryption_share_label, u32le(i));
}

/// Trustee i's decryption shares for a vector of ciphertexts, with proofs.
template <prime_order_group G>
struct decryption_share {
    std::uint32_t trustee = 0;
    std::vector<typename G::element> shares;       ///< M_{i,j} = s_i·α_j
    std::vector<proofs::dleq_proof<G>> proofs;     ///< Chaum–Pedersen, statement (g, K_i, α_j, M_{i,j})
};

namespace detail {
/// A dleq statement whose g and X are absorbed from cached encodings; the
/// transcript bytes are those of proofs::dleq_statement.
template <prime_order_group G>
struct cached_dleq_statement {
    const typename G::encoded_element& g;
    const typename G::encoded_element& X;
    const typename G::element& h;
    const typename G::element& Y;
    void absorb(transcript_writer<G>& w) const {
        w.raw("g", g.span());
        w.raw("X", X.span());
        w.element("h", h);
        w.element("Y", Y);
    }
};
}  // namespace detail

/// Computes trustee `key`'s decryption shares M_j = s_i·α_j and their proofs
/// for every ciphertext. Constant time in s_i and the proof nonces. Per
/// ciphertext: one joint multiplication (s_i·α_j, k_j·α_j) (dual_mul), one
/// fixed-base k_j·g, three encodings (batched, group/concept.hpp
/// publish_points) and one hash.
template <prime_order_group G>
decryption_share<G> prove_decryption_share(const trustee_key<G>& key, const proof_context& ctx,
                                           std::span<const elgamal::ciphertext<G>> cts, rng& r) {
    using scalar = typename G::scalar;
    const auto pctx = share_context(ctx, key.index());
    const auto g_enc = G::encode(G::generator());
    const auto X_enc = G::encode(key.election().verification_key(key.index()));
    const auto& s = key.share().expose();
    decryption_share<G> out;
    out.trustee = key.index();
    out.shares.reserve(cts.size());
    out.proofs.reserve(cts.size());
    // M, A and B are hashed here and published: they are computed with
    // publish_scalar and finished by publish_points a chunk at a time (one
    // batch of encodings per chunk where the group has it; else each encoding
    // is cached), so that the transcript, the JSON output and a verifier
    // holding these objects encode each once. The nonces are drawn in
    // ciphertext order, as one at a time would.
    constexpr std::size_t chunk = 256;
    const secret<scalar> sh(publish_scalar<G>(s));
    std::vector<secret<scalar>> ks;
    std::vector<typename G::element> pts;
    for (std::size_t lo = 0; lo < cts.size(); lo += chunk) {
        const std::size_t n = std::min(chunk, cts.size() - lo);
        ks.clear();
        pts.assign(3 * n, G::identity());
        for (std::size_t j = 0; j < n; ++j) {
            ks.emplace_back(scalar::random(r));
            const secret<scalar> kh(publish_scalar<G>(ks.back().expose()));
            // M = s·α and B = k·α in one joint constant-time pass over α (one
            // table of α, one doubling chain; group/concept.hpp dual_mul).
            auto [M, B] = dual_mul<G>(cts[lo + j].alpha, sh.expose(), kh.expose());
            pts[3 * j] = M;
            pts[3 * j + 1] = G::mul_base(kh.expose());
            pts[3 * j + 2] = B;
        }
        publish_points<G>(pts);
        for (std::size_t j = 0; j < n; ++j) {
            const auto& M = pts[3 * j];
            const auto& A = pts[3 * j + 1];
            const auto& B = pts[3 * j + 2];
            auto ch = fiat_shamir<G>::begin(proofs::dleq_label, pctx)
                          .statement(detail::cached_dleq_statement<G>{g_enc, X_enc, cts[lo + j].alpha, M})
                          .commitments(typename proofs::dleq_proof<G>::commitments{A, B})
                          .challenge();
            out.proofs.push_back({A, B, ks[j].expose() + ch * s});
            out.shares.push_back(M);
        }
    }
    return out;
}

/// Part of a share set: the shares and proofs of ciphertexts first … first +
/// shares.size() − 1 of trustee `trustee` (a whole set has first = 0). Lets a
/// verifier check a large set in pieces (verify_decryption_share does so
/// itself): each proof stands alone, its transcript names no index.
template <prime_order_group G>
struct decryption_share_view {
    std::uint32_t trustee = 0;
    std::span<const typename G::element> shares;
    std::span<const proofs::dleq_proof<G>> proofs;
    std::size_t first = 0;  ///< index of shares[0] in the whole set (in error messages)

    decryption_share_view() = default;
    decryption_share_view(std::uint32_t t, std::span<const typename G::element> s,
                          std::span<const proofs::dleq_proof<G>> p, std::size_t f = 0)
        : trustee(t), shares(s), proofs(p), first(f) {}
    decryption_share_view(const decryption_share<G>& s)  // NOLINT(google-explicit-constructor): a whole set
        : trustee(s.trustee), shares(s.shares), proofs(s.proofs), first(0) {}
};

/// Adds the verification equations of (part of) a decryption share set to
/// `eqs`: per ciphertext, z·g = A + c·K_i and z·α_j = B + c·M_{i,j}; `cts`
/// are the ciphertexts the view's shares belong to (same length). Structural
/// errors, nothing added: out_of_range (trustee not in 1..n), bad_length
/// (not one share and proof per ciphertext), identity (an identity share,
/// commitment, or α). Messages number ciphertexts from the view's `first`.
/// Variable time (public data).
template <prime_order_group G>
[[nodiscard]] status decryption_share_equations(const election_key<G>& key, const proof_context& ctx,
                                                std::span<const elgamal::ciphertext<G>> cts,
                                                const decryption_share_view<G>& sh, equation_set<G>& eqs) {
    const auto who = "decryption share of trustee " + std::to_string(sh.trustee);
    if (sh.trustee == 0 || sh.trustee > key.params.n)
        return status(errc::out_of_range, who + ": not a trustee index in 1.." + std::to_string(key.params.n));
    if (sh.shares.size() != cts.size() || sh.proofs.size() != cts.size())
        return status(errc::bad_length, who + ": " + std::to_string(sh.shares.size()) + " shares and " +
                                            std::to_string(sh.proofs.size()) + " proofs for " +
                                            std::to_string(cts.size()) + " ciphertexts");
    for (std::size_t j = 0; j < cts.size(); ++j) {
        const auto& p = sh.proofs[j];
        const std::size_t at = sh.first + j;
        if (G::is_identity(cts[j].alpha)) return status(errc::identity, indexed("ciphertext", at) + ": alpha is the identity");
        if (G::is_identity(sh.shares[j])) return status(errc::identity, who + ", " + indexed("share", at) + " is the identity");
        if (G::is_identity(p.A) || G::is_identity(p.B))
            return status(errc::identity, who + ", " + indexed("proof", at) + ": a commitment is the identity");
    }
    const auto pctx = share_context(ctx, sh.trustee);
    const auto& Ki = key.verification_key(sh.trustee);
    const auto g_enc = G::encode(G::generator());
    const auto X_enc = G::encode(Ki);
    for (std::size_t j = 0; j < cts.size(); ++j) {
        const auto& p = sh.proofs[j];
        const auto c = fiat_shamir<G>::begin(proofs::dleq_label, pctx)
                           .statement(detail::cached_dleq_statement<G>{g_enc, X_enc, cts[j].alpha, sh.shares[j]})
                           .commitments(typename proofs::dleq_proof<G>::commitments{p.A, p.B})
                           .challenge();
        const std::string name = who + ", " + indexed("ciphertext", sh.first + j);
        eqs.begin(name + ": g^z = A·K_i^c");
        eqs.base_term(p.z);
        eqs.shared_term("K_i", -c, Ki);
        eqs.commitment(p.A);
        eqs.begin(name + ": alpha^z = B·M^c");
        eqs.term(p.z, cts[j].alpha);
        eqs.term(-c, sh.shares[j]);
        eqs.commitment(p.B);
    }
    return {};
}

/// Ciphertexts per batch in verify_decryption_share: one random linear
/// combination (one multi-exponentiation) per piece of this many, so that
/// the working set stays bounded (about 40 MB) however large the set.
inline constexpr std::size_t decryption_verify_chunk = std::size_t{1} << 14;

/// Verifies (part of) one trustee's decryption share set: batched, one
/// multi-exponentiation per `chunk` ciphertexts (default
/// decryption_verify_chunk), each with its own random weights. Errors as
/// decryption_share_equations;
/// verify_failed names the first false equation (trustee and ciphertext).
/// Variable time.
template <prime_order_group G>
[[nodiscard]] status verify_decryption_share(const election_key<G>& key, const proof_context& ctx,
                                             std::span<const elgamal::ciphertext<G>> cts,
                                             const decryption_share_view<G>& sh, rng& r = default_rng(),
                                             std::size_t chunk = decryption_verify_chunk) {
    if (chunk == 0) return status(errc::bad_input, "verify_decryption_share: a chunk of 0 ciphertexts");
    if (sh.shares.size() != cts.size() || sh.proofs.size() != cts.size() || cts.empty()) {
        equation_set<G> none;  // the structural error (trustee, lengths), or nothing to check
        return decryption_share_equations<G>(key, ctx, cts, sh, none);
    }
    for (std::size_t lo = 0; lo < cts.size(); lo += chunk) {
        const std::size_t len = std::min(chunk, cts.size() - lo);
        const decryption_share_view<G> part(sh.trustee, sh.shares.subspan(lo, len), sh.proofs.subspan(lo, len), sh.first + lo);
        equation_set<G> eqs;
        if (auto s = decryption_share_equations<G>(key, ctx, cts.subspan(lo, len), part, eqs); !s) return s;
        if (auto s = eqs.check_vartime(r); !s) return s;
    }
    return {};
}

/// The combined decryption.
template <prime_order_group G>
struct decryption_result {
    std::vector<typename G::element> plaintexts;  ///< β_j − M_j: g^m (exponential) or the message element
    std::vector<std::uint32_t> used;              ///< the k trustees whose shares were combined
    std::vector<disqualification> rejected;       ///< share sets left out, each with the reason
};

/// Combines share sets that have already been verified (verify_decryption_share,
/// e.g. as they were posted): refuses duplicates and fewer than k sets, and
/// combines the k of the lowest trustee indices by Lagrange interpolation
/// (eq. (67)–(68)). Does not check the proofs again. Variable time.
template <prime_order_group G>
[[nodiscard]] result<decryption_result<G>> combine_verified_vartime(const election_key<G>& key,
                                                                     std::span<const elgamal::ciphertext<G>> cts,
                                                                     std::span<const decryption_share<G>* const> verified,
                                                                     std::vector<disqualification> rejected = {}) {
    decryption_result<G> out;
    out.rejected = std::move(rejected);
    std::vector<const decryption_share<G>*> valid;
    std::vector<bool> seen(key.params.n + 1, false);
    for (const auto* sh : verified) {
        if (sh->trustee != 0 && sh->trustee <= key.params.n && seen[sh->trustee]) {
            out.rejected.push_back({sh->trustee, "a second share set from the same trustee"});
            continue;
        }
        if (sh->trustee != 0 && sh->trustee <= key.params.n) seen[sh->trustee] = true;
        valid.push_back(sh);
    }
    if (valid.size() < key.params.k) {
        std::string msg = "only " + std::to_string(valid.size()) + " valid decryption share sets, threshold is " +
                          std::to_string(key.params.k);
        for (const auto& x : out.rejected) msg += "; trustee " + std::to_string(x.trustee) + " rejected: " + x.reason;
        return error{errc::verify_failed, msg};
    }
    std::sort(valid.begin(), valid.end(), [](auto* a, auto* b) { return a->trustee < b->trustee; });
    valid.resize(key.params.k);
    for (auto* v : valid) out.used.push_back(v->trustee);
    auto w = poly::lagrange_coefficients<G>(out.used);
    if (!w) return w.err();
    std::vector<typename G::element> Ms(valid.size());
    out.plaintexts.reserve(cts.size());
    for (std::size_t j = 0; j < cts.size(); ++j) {
        for (std::size_t i = 0; i < valid.size(); ++i) Ms[i] = valid[i]->shares[j];
        out.plaintexts.push_back(sub_vartime<G>(cts[j].beta, G::multi_exp_vartime(*w, Ms)));
    }
    return out;
}

template <prime_order_group G>
[[nodiscard]] result<decryption_result<G>> combine_verified_vartime(const election_key<G>& key,
                                                                     std::span<const elgamal::ciphertext<G>> cts,
                                                                     std::span<const decryption_share<G>> verified) {
    std::vector<const decryption_share<G>*> p;
    p.reserve(verified.size());
    for (const auto& s : verified) p.push_back(&s);
    return combine_verified_vartime<G>(key, cts, p);
}

/// Verifies every share set, leaves out (and names) the invalid ones and
/// duplicates, and combines the first k valid ones (combine_verified_vartime).
/// Errors: verify_failed if fewer than k share sets are valid (the message
/// names the rejected ones), never a wrong result. Variable time (public data).
template <prime_order_group G>
[[nodiscard]] result<decryption_result<G>> combine_vartime(const election_key<G>& key, const proof_context& ctx,
                                                            std::span<const elgamal::ciphertext<G>> cts,
                                                            std::span<const decryption_share<G>> shares,
                                                            rng& r = default_rng()) {
    std::vector<disqualification> rejected;
    std::vector<const decryption_share<G>*> valid;
    std::vector<bool> seen(key.params.n + 1, false);
    for (const auto& sh : shares) {
        if (sh.trustee != 0 && sh.trustee <= key.params.n && seen[sh.trustee]) {
            rejected.push_back({sh.trustee, "a second share set from the same trustee"});
            continue;
        }
        auto s = verify_decryption_share<G>(key, ctx, cts, sh, r);
        if (!s) {
            rejected.push_back({sh.trustee, s.err().describe()});
            continue;
        }
        seen[sh.trustee] = true;
        valid.push_back(&sh);
    }
    return combine_verified_vartime<G>(key, cts, valid, std::move(rejected));
}

// ---------------------------------------------------------------------------
// JSON

/// {"trustee": i, "shares": [hex M_j], "proofs": [hex A‖B‖z]}
template <prime_order_group G>
json to_json(const decryption_share<G>& s) {
    json m = json::array(), p = json::array();
    for (const auto& x : s.shares) m.push_back(G::encode(x).hex());
    for (const auto& x : s.proofs) p.push_back(to_hex(x.encode()));
    return json{{"trustee", s.trustee}, {"shares", m}, {"proofs", p}};
}
/// Decodes entries first … first + len − 1 of a share set's "shares" and
/// "proofs" arrays (of one share set's JSON, already checked by
/// decryption_share_from_json's rules for its shape) into `out` (appended);
/// validates every element. `who` names the set in errors.
template <prime_order_group G>
status decryption_share_entries_from_json(const json& shares, const json& proofs_, const std::string& who, std::size_t first,
                                          std::size_t len, std::vector<typename G::element>& out_shares,
                                          std::vector<proofs::dleq_proof<G>>& out_proofs) {
    for (std::size_t i = first; i < first + len; ++i) {
        if (!shares.at(i).is_string() || !proofs_.at(i).is_string())
            return status(errc::bad_input, who + ": entry " + std::to_string(i) + " is not a string");
        auto e = element_from_hex<G>(shares.at(i).template get_ref<const std::string&>());
        if (!e) return with_context(who + " " + indexed("shares", i), e.err());
        if (G::is_identity(*e)) return status(errc::identity, who + " " + indexed("shares", i) + ": the identity");
        out_shares.push_back(*e);
        auto b = from_hex(proofs_.at(i).template get_ref<const std::string&>(), proofs::dleq_proof<G>::encoded_size);
        if (!b) return with_context(who + " " + indexed("proofs", i), b.err());
        auto q = proofs::dleq_proof<G>::decode(*b);
        if (!q) return with_context(who + " " + indexed("proofs", i), q.err());
        out_proofs.push_back(*q);
    }
    return {};
}

/// The shape of a share set's JSON for `count` ciphertexts: the trustee
/// index in 1..n and the "shares" and "proofs" arrays of `count` entries
/// each (entries unchecked; decryption_share_entries_from_json decodes them).
template <prime_order_group G>
struct decryption_share_json {
    std::uint32_t trustee = 0;
    const json* shares = nullptr;
    const json* proofs = nullptr;
    std::string who;  ///< "decryption share of trustee i"

    static result<decryption_share_json> of(const json& j, std::uint32_t n, std::size_t count) {
        detail::json_reader r(j, "decryption share");
        decryption_share_json s;
        auto t = index_in_range(r, "trustee", n);
        if (!t) return t.err();
        s.trustee = *t;
        s.who = "decryption share of trustee " + std::to_string(*t);
        auto m = r.array("shares");
        if (!m) return m.err();
        auto p = r.array("proofs");
        if (!p) return p.err();
        if ((*m)->size() != count || (*p)->size() != count)
            return error{errc::bad_length, s.who + ": expected " + std::to_string(count) + " shares and proofs"};
        s.shares = *m;
        s.proofs = *p;
        return s;
    }
};

/// Decodes a share set for `count` ciphertexts; validates every element.
template <prime_order_group G>
result<decryption_share<G>> decryption_share_from_json(const json& j, std::uint32_t n, std::size_t count) {
    auto h = decryption_share_json<G>::of(j, n, count);
    if (!h) return h.err();
    decryption_share<G> s;
    s.trustee = h->trustee;
    s.shares.reserve(count);
    s.proofs.reserve(count);
    if (auto e = decryption_share_entries_from_json<G>(*h->shares, *h->proofs, h->who, 0, count, s.shares, s.proofs); !e)
        return e.err();
    return s;
}

/// [{"alpha": hex, "beta": hex}, ...]
template <prime_order_group G>
json to_json(std::span<const elgamal::ciphertext<G>> cts) {
    json a = json::array();
    for (const auto& c : cts) a.push_back(json{{"alpha", G::encode(c.alpha).hex()}, {"beta", G::encode(c.beta).hex()}});
    return a;
}
/// Decodes a ciphertext list (at most `max` entries); neither component may be the identity.
template <prime_order_group G>
result<std::vector<elgamal::ciphertext<G>>> ciphertexts_from_json(const json& j, std::size_t max = 10'000'000) {
    if (!j.is_array()) return error{errc::bad_input, "ciphertexts: not a JSON array"};
    if (j.size() > max) return error{errc::bad_length, "ciphertexts: more than " + std::to_string(max)};
    std::vector<elgamal::ciphertext<G>> out;
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
        detail::json_reader r(j[i], indexed("ciphertext", i));
        auto a = r.element<G>("alpha");
        if (!a) return a.err();
        auto b = r.element<G>("beta");
        if (!b) return b.err();
        out.push_back({*a, *b});
    }
    return out;
}

}  // namespace scrutineer::ceremony
