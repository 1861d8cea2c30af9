// scrutineer — protocols: proof of knowledge of the encryption randomness,
// bound to a ballot context (non-malleable ballots).
//
// For ciphertexts (α_i, β_i) = (g^{r_i}, …), i = 1..w, the prover shows it
// knows every r_i (a Schnorr proof per component under one challenge). The
// context is the ballot's (election, voter or ballot id): copying a ciphertext
// and its proof into another ballot changes the context, and the proof no
// longer verifies; making a fresh proof for the copy needs r_i. This is the
// "proof of knowledge of the plaintext" that makes ElGamal ballots
// non-malleable (Tsiounis, Yung, PKC 1998; Bernhard, Pereira, Warinschi,
// ASIACRYPT 2012, §5 on Helios' ballot copying; Belenios uses the same idea).
//   statement  g, K, (α_i, β_i) for i = 1..w
//   commitment A_i = g^{k_i}
//   challenge  c = H(protocol, group, context, statement, A_1..A_w)
//   response   z_i = k_i + c·r_i
//   verifier   g^{z_i} = A_i · α_i^c
// Encoding: encode(A_1) ‖ z_1 ‖ … ‖ encode(A_w) ‖ z_w (64·w bytes).
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

inline constexpr std::string_view randomness_label = "scrutineer/proof/encryption-randomness/v1";

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

template <prime_order_group G>
struct randomness_proof {
    static constexpr std::size_t component_size = G::element_size + G::scalar_size;
    std::vector<typename G::element> A;  ///< A_i = g^{k_i}
    std::vector<typename G::scalar> z;   ///< z_i = k_i + c·r_i

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
            append(out, z[i].encode());
        }
        return out;
    }
    static result<randomness_proof> decode(byte_span b, std::size_t width) {
        if (b.size() != width * component_size)
            return error{errc::bad_length, "randomness proof of width " + std::to_string(width) + " must be " +
                                               std::to_string(width * component_size) + " bytes, got " +
                                               std::to_string(b.size())};
        field_reader<G> r(b, "randomness proof");
        randomness_proof p;
        for (std::size_t i = 0; i < width; ++i) {
            auto a = r.element(indexed("A", i));
            if (!a) return a.err();
            auto z = r.scalar(indexed("z", i));
            if (!z) return z.err();
            p.A.push_back(*a);
            p.z.push_back(*z);
        }
        if (auto f = r.finish(); !f) return f.err();
        return p;
    }
};

/// Proves knowledge of the nonces of `st.cts` (one per ciphertext, same order).
/// Constant time in the nonces.
template <prime_order_group G>
randomness_proof<G> prove_randomness(const proof_context& ctx, const randomness_statement<G>& st,
                                     const std::vector<secret<typename G::scalar>>& nonces, rng& rand) {
    if (nonces.size() != st.cts.size()) throw std::invalid_argument("randomness proof: one nonce per ciphertext");
    std::vector<secret<typename G::scalar>> k;
    randomness_proof<G> p;
    for (std::size_t i = 0; i < nonces.size(); ++i) {
        k.emplace_back(G::scalar::random(rand));
        p.A.push_back(G::mul_base(k.back().expose()));
        cache_encoding<G>(p.A.back());
    }
    const auto c = fiat_shamir<G>::begin(randomness_label, ctx)
                       .statement(st)
                       .commitments(typename randomness_proof<G>::commitments{p.A})
                       .challenge();
    for (std::size_t i = 0; i < nonces.size(); ++i) p.z.push_back(k[i].expose() + c * nonces[i].expose());
    return p;
}

template <prime_order_group G>
[[nodiscard]] status randomness_equations(const proof_context& ctx, const randomness_statement<G>& st,
                                          const randomness_proof<G>& p, equation_set<G>& eqs) {
    if (st.cts.empty()) return status(errc::bad_input, "randomness proof: no ciphertexts");
    if (p.A.size() != st.cts.size() || p.z.size() != st.cts.size())
        return status(errc::bad_length, "randomness proof: expected " + std::to_string(st.cts.size()) +
                                            " components, got " + std::to_string(p.A.size()));
    if (G::is_identity(st.K)) return status(errc::identity, "randomness statement: K is the identity");
    for (std::size_t i = 0; i < st.cts.size(); ++i) {
        if (G::is_identity(st.cts[i].alpha) || G::is_identity(st.cts[i].beta))
            return status(errc::identity, "randomness statement: ciphertext " + std::to_string(i) + " has an identity component");
        if (G::is_identity(p.A[i])) return status(errc::identity, "randomness proof: " + indexed("A", i) + " is the identity");
    }
    const auto c = fiat_shamir<G>::begin(randomness_label, ctx)
                       .statement(st)
                       .commitments(typename randomness_proof<G>::commitments{p.A})
                       .challenge();
    for (std::size_t i = 0; i < st.cts.size(); ++i) {
        eqs.begin("randomness component " + std::to_string(i) + ": g^z = A·alpha^c");
        eqs.base_term(p.z[i]);
        eqs.term(-c, st.cts[i].alpha);
        eqs.commitment(p.A[i]);
    }
    return {};
}

template <prime_order_group G>
[[nodiscard]] status verify_randomness(const proof_context& ctx, const randomness_statement<G>& st,
                                       const randomness_proof<G>& p) {
    equation_set<G> eqs;
    if (auto s = randomness_equations(ctx, st, p, eqs); !s) return s;
    return eqs.check_vartime();
}

}  // namespace scrutineer::proofs
