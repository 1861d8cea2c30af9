// scrutineer — protocols: Chaum–Pedersen proof of equality of discrete logs.
//
// Chaum, Pedersen, "Wallet databases with observers", CRYPTO 1992, §3.2.
// Used for correct (partial) decryption: with g the generator, X = g^s a
// (share of the) public key, h = α a ciphertext's first component and
// Y = α^s the decryption share, it proves log_g X = log_h Y without revealing s.
//   statement  g, X = g^x, h, Y = h^x
//   commitment A = g^k, B = h^k
//   challenge  c = H(protocol, group, context, g, X, h, Y, A, B)
//   response   z = k + c·x
//   verifier   g^z = A·X^c  and  h^z = B·Y^c; g, X, h, Y, A, B not the identity
// Encoding (96 bytes): encode(A) ‖ encode(B) ‖ z.
#pragma once

#include <string_view>

#include "scrutineer/core/secure.hpp"
#include "scrutineer/primitives/transcript.hpp"
#include "scrutineer/protocols/codec.hpp"
#include "scrutineer/protocols/equations.hpp"

namespace scrutineer::proofs {

inline constexpr std::string_view dleq_label = "scrutineer/proof/chaum-pedersen/v1";

template <prime_order_group G>
struct dleq_statement {
    typename G::element g, X, h, Y;

    void absorb(transcript_writer<G>& w) const {
        w.element("g", g);
        w.element("X", X);
        w.element("h", h);
        w.element("Y", Y);
    }
};

template <prime_order_group G>
struct dleq_proof {
    static constexpr std::size_t encoded_size = 2 * G::element_size + G::scalar_size;
    typename G::element A;  ///< A = g^k
    typename G::element B;  ///< B = h^k
    typename G::scalar z;   ///< z = k + c·x

    struct commitments {
        const typename G::element& A;
        const typename G::element& B;
        void absorb(transcript_writer<G>& w) const {
            w.element("A", A);
            w.element("B", B);
        }
    };

    bytes encode() const {
        bytes out;
        append(out, G::encode(A).span());
        append(out, G::encode(B).span());
        append(out, z.encode());
        return out;
    }
    static result<dleq_proof> decode(byte_span b) {
        field_reader<G> r(b, "chaum-pedersen proof");
        auto A = r.element("A");
        if (!A) return A.err();
        auto B = r.element("B");
        if (!B) return B.err();
        auto z = r.scalar("z");
        if (!z) return z.err();
        if (auto f = r.finish(); !f) return f.err();
        return dleq_proof{*A, *B, *z};
    }
};

/// Proves log_g X = log_h Y = x. Constant time in x and k.
template <prime_order_group G>
dleq_proof<G> prove_dleq(const proof_context& ctx, const dleq_statement<G>& st, const secret<typename G::scalar>& x,
                         rng& rand) {
    auto k = secret<typename G::scalar>(G::scalar::random(rand));
    auto A = st.g * k.expose();
    auto B = st.h * k.expose();
    cache_encoding<G>(A);
    cache_encoding<G>(B);
    auto c = fiat_shamir<G>::begin(dleq_label, ctx)
                 .statement(st)
                 .commitments(typename dleq_proof<G>::commitments{A, B})
                 .challenge();
    return {A, B, k.expose() + c * x.expose()};
}

template <prime_order_group G>
[[nodiscard]] status dleq_equations(const proof_context& ctx, const dleq_statement<G>& st, const dleq_proof<G>& p,
                                    equation_set<G>& eqs) {
    const std::pair<const char*, const typename G::element*> fields[] = {
        {"statement g", &st.g}, {"statement X", &st.X}, {"statement h", &st.h},
        {"statement Y", &st.Y}, {"proof A", &p.A},      {"proof B", &p.B}};
    for (const auto& [name, e] : fields)
        if (G::is_identity(*e)) return status(errc::identity, std::string("chaum-pedersen ") + name + " is the identity");
    auto c = fiat_shamir<G>::begin(dleq_label, ctx)
                 .statement(st)
                 .commitments(typename dleq_proof<G>::commitments{p.A, p.B})
                 .challenge();
    eqs.begin("chaum-pedersen: g^z = A·X^c");
    eqs.shared_term("g", p.z, st.g);
    eqs.shared_term("X", -c, st.X);
    eqs.commitment(p.A);
    eqs.begin("chaum-pedersen: h^z = B·Y^c");
    eqs.shared_term("h", p.z, st.h);
    eqs.shared_term("Y", -c, st.Y);
    eqs.commitment(p.B);
    return {};
}

template <prime_order_group G>
[[nodiscard]] status verify_dleq(const proof_context& ctx, const dleq_statement<G>& st, const dleq_proof<G>& p) {
    equation_set<G> eqs;
    if (auto s = dleq_equations(ctx, st, p, eqs); !s) return s;
    return eqs.check_vartime();
}

}  // namespace scrutineer::proofs
