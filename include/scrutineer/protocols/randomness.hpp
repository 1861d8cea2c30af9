// scrutineer — protocols: proof of knowledge of the encryption randomness,
// bound to a ballot context (non-malleable ballots).
//
// For ciphertexts (α_i, β_i) = (g^{r_i}, …), i = 1..n, the prover shows it
// knows every r_i. The context is the ballot's (election, credential):
// copying a ciphertext and its proof into another ballot changes the context,
// and the proof no longer verifies; making a fresh proof for the copy needs
// the r_i. This is the "proof of knowledge of the plaintext" that makes
// ElGamal ballots non-malleable (Tsiounis, Yung, PKC 1998; Bernhard, Pereira,
// Warinschi, ASIACRYPT 2012, §5 on Helios' ballot copying; Belenios uses the
// same idea).
//
// Version 2 proves all n discrete logarithms at once with ONE commitment: the
// batched Schnorr proof of Gennaro, Leigh, Sundaram, Yerazunis, "Batching
// Schnorr identification scheme with applications to privacy-preserving
// authorization and low-bandwidth communication devices", ASIACRYPT 2004, §3,
// where the i-th secret is weighted by the i-th power of the challenge:
//   statement  g, K, (α_i, β_i) for i = 1..n
//   commitment A = g^k
//   challenge  c = H(protocol, group, context, statement, A)
//   response   z = k + Σ_i c^i·r_i
//   verifier   g^z = A · Π_i α_i^{c^i}
// Knowledge soundness: n+1 accepting answers to distinct challenges for the
// same A give a Vandermonde system in (k, r_1, …, r_n) with a unique solution
// (every r_i is extracted); a prover without all r_i succeeds with
// probability at most n/q. Honest-verifier zero knowledge: pick z, c and set
// A = g^z · Π α_i^{−c^i}. Cost: one fixed-base multiplication whatever n.
// Encoding: encode(A) ‖ z (64 bytes).
#pragma once

#include <stdexcept>
#include <string_view>
#include <vector>

#include "scrutineer/core/secure.hpp"
#include "scrutineer/primitives/elgamal.hpp"
#include "scrutineer/primitives/transcript.hpp"
#include "scrutineer/protocols/codec.hpp"
#include "scrutineer/protocols/equations.hpp"

namespace scrutineer::proofs {

inline constexpr std::string_view randomness_label = "scrutineer/proof/encryption-randomness/v2";

template <prime_order_group G>
struct randomness_statement {
    typename G::element K;
    std::vector<elgamal::ciphertext<G>> cts;

    void absorb(transcript_writer<G>& w) const {
        w.element("g", G::generator());
        w.element("K", K);
        w.u64("n", cts.size());
        for (const auto& c : cts) {
            w.element("alpha", c.alpha);
            w.element("beta", c.beta);
        }
    }
};

/// The proof: one commitment A = A[0] and one response z = z[0] (vectors of
/// size one, kept for source compatibility with version 1).
template <prime_order_group G>
struct randomness_proof {
    static constexpr std::size_t encoded_size = G::element_size + G::scalar_size;
    static constexpr std::size_t component_size = encoded_size;  ///< (version 1 name)
    std::vector<typename G::element> A;  ///< {A = g^k}
    std::vector<typename G::scalar> z;   ///< {z = k + Σ_i c^i·r_i}

    struct commitments {
        const std::vector<typename G::element>& A;
        void absorb(transcript_writer<G>& w) const {
            for (const auto& a : A) w.element("A", a);
        }
    };

    bytes encode() const {
        bytes out;
        for (std::size_t i = 0; i < A.size(); ++i) {
            append(out, G::encode(A[i]).span());
            if (i < z.size()) append(out, z[i].encode());
        }
        return out;
    }
    /// Decodes the proof for `width` >= 1 ciphertexts (always 64 bytes).
    static result<randomness_proof> decode(byte_span b, std::size_t width) {
        if (width == 0) return error{errc::bad_input, "randomness proof: no ciphertexts"};
        if (b.size() != encoded_size)
            return error{errc::bad_length, "randomness proof must be " + std::to_string(encoded_size) + " bytes, got " +
                                               std::to_string(b.size())};
        field_reader<G> r(b, "randomness proof");
        randomness_proof p;
        auto a = r.element("A");
        if (!a) return a.err();
        auto z = r.scalar("z");
        if (!z) return z.err();
        p.A.push_back(*a);
        p.z.push_back(*z);
        if (auto f = r.finish(); !f) return f.err();
        return p;
    }
};

namespace detail {
template <prime_order_group G>
typename G::scalar randomness_challenge(const proof_context& ctx, const randomness_statement<G>& st,
                                        const std::vector<typename G::element>& A) {
    return fiat_shamir<G>::begin(randomness_label, ctx)
        .statement(st)
        .commitments(typename randomness_proof<G>::commitments{A})
        .challenge();
}
}  // namespace detail

/// Proves knowledge of the nonces of `st.cts` (one per ciphertext, same order).
/// Constant time in the nonces.
template <prime_order_group G>
randomness_proof<G> prove_randomness(const proof_context& ctx, const randomness_statement<G>& st,
                                     const std::vector<secret<typename G::scalar>>& nonces, rng& rand) {
    using S = typename G::scalar;
    if (nonces.size() != st.cts.size()) throw std::invalid_argument("randomness proof: one nonce per ciphertext");
    if (nonces.empty()) throw std::invalid_argument("randomness proof: no ciphertexts");
    const secret<S> k(S::random(rand));
    randomness_proof<G> p;
    p.A.push_back(G::mul_base(k.expose()));
    cache_encoding<G>(p.A.back());
    const S c = detail::randomness_challenge<G>(ctx, st, p.A);
    secret<S> z(k.expose());
    S ci = c;
    for (const auto& r : nonces) {
        z.expose_mut() += ci * r.expose();
        ci *= c;
    }
    p.z.push_back(z.expose());
    return p;
}

namespace detail {
/// randomness_equations with the shared-term key of α_i given by alpha_key(i)
/// (so that a caller can merge α_i with its other equations' α_i terms).
template <prime_order_group G, class KeyFn>
[[nodiscard]] status randomness_equations_keyed(const proof_context& ctx, const randomness_statement<G>& st,
                                                const randomness_proof<G>& p, equation_set<G>& eqs, KeyFn&& alpha_key) {
    using S = typename G::scalar;
    if (st.cts.empty()) return status(errc::bad_input, "randomness proof: no ciphertexts");
    if (p.A.size() != 1 || p.z.size() != 1)
        return status(errc::bad_length, "randomness proof: expected one commitment and one response, got " +
                                            std::to_string(p.A.size()) + " and " + std::to_string(p.z.size()));
    if (is_identity_fast<G>(st.K)) return status(errc::identity, "randomness statement: K is the identity");
    for (std::size_t i = 0; i < st.cts.size(); ++i)
        if (is_identity_fast<G>(st.cts[i].alpha) || is_identity_fast<G>(st.cts[i].beta))
            return status(errc::identity, "randomness statement: ciphertext " + std::to_string(i) + " has an identity component");
    if (is_identity_fast<G>(p.A[0])) return status(errc::identity, "randomness proof: A is the identity");
    const S c = detail::randomness_challenge<G>(ctx, st, p.A);
    eqs.begin("randomness: g^z = A·prod alpha_i^(c^i)");
    eqs.base_term(p.z[0]);
    S ci = c;
    for (std::size_t i = 0; i < st.cts.size(); ++i) {
        eqs.shared_term(alpha_key(i), -ci, st.cts[i].alpha);
        ci *= c;
    }
    eqs.commitment(p.A[0]);
    return {};
}
}  // namespace detail

template <prime_order_group G>
[[nodiscard]] status randomness_equations(const proof_context& ctx, const randomness_statement<G>& st,
                                          const randomness_proof<G>& p, equation_set<G>& eqs) {
    return detail::randomness_equations_keyed(ctx, st, p, eqs, [](std::size_t) { return std::string_view("alpha"); });
}

template <prime_order_group G>
[[nodiscard]] status verify_randomness(const proof_context& ctx, const randomness_statement<G>& st,
                                       const randomness_proof<G>& p) {
    equation_set<G> eqs;
    if (auto s = randomness_equations(ctx, st, p, eqs); !s) return s;
    return eqs.check_vartime();
}

}  // namespace scrutineer::proofs
