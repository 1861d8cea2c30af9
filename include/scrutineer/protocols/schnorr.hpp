// scrutineer — protocols: Schnorr proof of knowledge of a discrete logarithm.
//
// Schnorr, "Efficient signature generation by smart cards", J. Cryptology 4(3),
// 1991; non-interactive by Fiat–Shamir (strong form: the statement is hashed).
// Notation (multiplicative, as in the papers; the code is additive):
//   statement  g, X = g^x           (x secret)
//   commitment A = g^k              (k fresh, secret)
//   challenge  c = H(protocol, group, context, g, X, A)
//   response   z = k + c·x  (mod q)
//   verifier   g^z = A · X^c,  with g, X, A not the identity
// Encoding (64 bytes): encode(A) ‖ z.
#pragma once

#include <string_view>

#include "scrutineer/core/secure.hpp"
#include "scrutineer/primitives/transcript.hpp"
#include "scrutineer/protocols/codec.hpp"
#include "scrutineer/protocols/equations.hpp"

namespace scrutineer::proofs {

inline constexpr std::string_view schnorr_label = "scrutineer/proof/schnorr/v1";

template <prime_order_group G>
struct schnorr_statement {
    typename G::element g;  ///< the base g
    typename G::element X;  ///< X = g^x

    void absorb(transcript_writer<G>& w) const {
        w.element("g", g);
        w.element("X", X);
    }
};

template <prime_order_group G>
struct schnorr_proof {
    static constexpr std::size_t encoded_size = G::element_size + G::scalar_size;
    typename G::element A;  ///< commitment A = g^k
    typename G::scalar z;   ///< response z = k + c·x

    /// The prover's commitments, as absorbed into the transcript.
    struct commitments {
        const typename G::element& A;
        void absorb(transcript_writer<G>& w) const { w.element("A", A); }
    };

    bytes encode() const {
        bytes out;
        append(out, G::encode(A).span());
        append(out, z.encode());
        return out;
    }
    static result<schnorr_proof> decode(byte_span b) {
        field_reader<G> r(b, "schnorr proof");
        auto A = r.element("A");
        if (!A) return A.err();
        auto z = r.scalar("z");
        if (!z) return z.err();
        if (auto f = r.finish(); !f) return f.err();
        return schnorr_proof{*A, *z};
    }
};

/// Proves knowledge of x with X = g^x. Precondition: X == g^x (not checked, a
/// false statement just yields a proof that fails). Constant time in x and k.
template <prime_order_group G>
schnorr_proof<G> prove_schnorr(const proof_context& ctx, const schnorr_statement<G>& st,
                               const secret<typename G::scalar>& x, rng& rand) {
    auto k = secret<typename G::scalar>(G::scalar::random(rand));
    auto A = st.g * k.expose();
    cache_encoding<G>(A);
    auto c = fiat_shamir<G>::begin(schnorr_label, ctx)
                 .statement(st)
                 .commitments(typename schnorr_proof<G>::commitments{A})
                 .challenge();
    return {A, k.expose() + c * x.expose()};
}

/// Adds the proof's equation to `eqs` after the structural checks; returns a
/// format error (identity elements) without adding anything.
template <prime_order_group G>
[[nodiscard]] status schnorr_equations(const proof_context& ctx, const schnorr_statement<G>& st,
                                       const schnorr_proof<G>& p, equation_set<G>& eqs) {
    if (G::is_identity(st.g)) return status(errc::identity, "schnorr statement: g is the identity");
    if (G::is_identity(st.X)) return status(errc::identity, "schnorr statement: X is the identity");
    if (G::is_identity(p.A)) return status(errc::identity, "schnorr proof: commitment A is the identity");
    auto c = fiat_shamir<G>::begin(schnorr_label, ctx)
                 .statement(st)
                 .commitments(typename schnorr_proof<G>::commitments{p.A})
                 .challenge();
    // z·g − c·X − A = 0
    eqs.begin("schnorr: g^z = A·X^c");
    eqs.shared_term("g", p.z, st.g);
    eqs.shared_term("X", -c, st.X);
    eqs.commitment(p.A);
    return {};
}

/// Verifies a Schnorr proof. Variable time (public data).
template <prime_order_group G>
[[nodiscard]] status verify_schnorr(const proof_context& ctx, const schnorr_statement<G>& st,
                                    const schnorr_proof<G>& p) {
    equation_set<G> eqs;
    if (auto s = schnorr_equations(ctx, st, p, eqs); !s) return s;
    return eqs.check_vartime();
}

}  // namespace scrutineer::proofs
