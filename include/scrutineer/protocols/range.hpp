// scrutineer — protocols: disjunctive proof that an exponential ElGamal
// ciphertext encrypts a value in [0, R], and the contest-limit proof.
//
// Cramer, Damgård, Schoenmakers, "Proofs of partial knowledge and simplified
// design of witness hiding protocols", CRYPTO 1994 (OR-composition), applied
// to Chaum–Pedersen proofs as in Cramer, Gennaro, Schoenmakers, EUROCRYPT
// 1997 §2.3 and ElectionGuard 2.0 §3.3.5 (range proofs, eqs. 3.14–3.23).
//
// Statement: generator g, public key K, ciphertext (α, β) = (g^r, K^r·g^m), R.
// Claim: there is j ∈ [0, R] with log_g α = log_K (β / g^j).
// Proof, in commitment form, for every j ∈ [0, R]:  (a_j, b_j, c_j, v_j) with
//     g^{v_j} = a_j · α^{c_j}                                  (1)
//     K^{v_j} = b_j · (β / g^j)^{c_j}                          (2)
//     Σ_j c_j = c = H(protocol, group, context, statement, a_0, b_0, …, a_R, b_R)
//
// The prover runs the same operations for every branch, real or simulated, so
// its time does not depend on m: for each j it draws w_j and a candidate
// challenge, sets c_j := 0 on the real branch (by constant-time select),
// and commits
//     a_j = g^{w_j},   b_j = K^{w_j} · g^{(j − m)·c_j}.
// (A simulated branch's commitments are the simulator's a_j = g^{v_j}·α^{−c_j},
// b_j = K^{v_j}·(β/g^j)^{−c_j} rewritten with the known r, v_j = w_j + r·c_j,
// so that only fixed bases g and K occur.) The factor g^{(j − m)·c_j} is 1 on
// the real branch; when G's elements allow masked selection, only the R
// non-trivial ones are computed (2(R+1) + R fixed-base multiplications in all,
// 5 for R = 1), moved into place by masked selects over all positions.
// After the challenge, the real branch takes c_m = c − Σ_{j≠m} c_j (computed
// as c − Σ_j c_j while c_m is still 0), and every branch answers
// v_j = w_j + r·c_j. Substituting α = g^r and β = K^r·g^m shows (1) and (2)
// hold for every j; on simulated branches (c_j random) this is exactly the
// simulator's output, on the real one an honest Chaum–Pedersen response.
//
// Encoding: for j = 0..R: encode(a_j) ‖ encode(b_j) ‖ c_j ‖ v_j (128·(R+1) bytes).
#pragma once

#include <array>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/primitives/elgamal.hpp"
#include "scrutineer/primitives/transcript.hpp"
#include "scrutineer/protocols/codec.hpp"
#include "scrutineer/protocols/equations.hpp"

namespace scrutineer::proofs {

inline constexpr std::string_view range_label = "scrutineer/proof/range/v1";
inline constexpr std::string_view contest_limit_label = "scrutineer/proof/contest-limit/v1";
/// Largest R accepted (proof size is linear in R).
inline constexpr std::uint64_t max_range = 1u << 16;

template <prime_order_group G>
struct range_statement {
    typename G::element K;           ///< the election public key
    elgamal::ciphertext<G> ct;       ///< (α, β)
    std::uint64_t R;                 ///< the claimed range is [0, R]

    void absorb(transcript_writer<G>& w) const {
        w.element("g", G::generator());
        w.element("K", K);
        w.element("alpha", ct.alpha);
        w.element("beta", ct.beta);
        w.u64("R", R);
    }
};

/// The statement of the contest-limit proof: the selections of one contest
/// and the limit L; the proof shows Σ selections encrypts a value in [0, L].
template <prime_order_group G>
struct contest_limit_statement {
    typename G::element K;
    std::vector<elgamal::ciphertext<G>> selections;
    std::uint64_t L;

    elgamal::ciphertext<G> sum() const {
        auto s = elgamal::ciphertext<G>::zero();
        for (const auto& c : selections) s += c;
        return s;
    }
    void absorb(transcript_writer<G>& w) const {
        w.element("g", G::generator());
        w.element("K", K);
        w.u64("n", selections.size());
        for (const auto& c : selections) {
            w.element("alpha", c.alpha);
            w.element("beta", c.beta);
        }
        w.u64("L", L);
    }
};

template <prime_order_group G>
struct range_branch {
    typename G::element a;  ///< a_j
    typename G::element b;  ///< b_j
    typename G::scalar c;   ///< c_j, this branch's share of the challenge
    typename G::scalar v;   ///< v_j, the response
};

template <prime_order_group G>
struct range_proof {
    static constexpr std::size_t branch_size = 2 * G::element_size + 2 * G::scalar_size;
    std::vector<range_branch<G>> branches;  ///< one per j = 0..R

    struct commitments {
        const std::vector<range_branch<G>>& br;
        void absorb(transcript_writer<G>& w) const {
            for (const auto& x : br) {
                w.element("a", x.a);
                w.element("b", x.b);
            }
        }
    };

    bytes encode() const {
        bytes out;
        out.reserve(branches.size() * branch_size);
        for (const auto& x : branches) {
            append(out, G::encode(x.a).span());
            append(out, G::encode(x.b).span());
            append(out, x.c.encode());
            append(out, x.v.encode());
        }
        return out;
    }
    /// Decodes a proof for range [0, R]: exactly R+1 branches.
    static result<range_proof> decode(byte_span b, std::uint64_t R) {
        if (R > max_range) return error{errc::out_of_range, "range proof: R above the limit " + std::to_string(max_range)};
        if (b.size() != (R + 1) * branch_size)
            return error{errc::bad_length, "range proof for [0, " + std::to_string(R) + "] must be " +
                                               std::to_string((R + 1) * branch_size) + " bytes, got " +
                                               std::to_string(b.size())};
        field_reader<G> r(b, "range proof");
        range_proof p;
        for (std::uint64_t j = 0; j <= R; ++j) {
            auto a = r.element(indexed("a", j));
            if (!a) return a.err();
            auto bb = r.element(indexed("b", j));
            if (!bb) return bb.err();
            auto c = r.scalar(indexed("c", j));
            if (!c) return c.err();
            auto v = r.scalar(indexed("v", j));
            if (!v) return v.err();
            p.branches.push_back({*a, *bb, *c, *v});
        }
        if (auto f = r.finish(); !f) return f.err();
        return p;
    }
};

namespace detail {

/// The challenge c of docs/spec.md §6.3/§6.4, shared by prover and verifier.
template <prime_order_group G, class Statement>
typename G::scalar range_challenge(std::string_view label, const proof_context& ctx, const Statement& st,
                                   const std::vector<range_branch<G>>& branches) {
    return fiat_shamir<G>::begin(label, ctx)
        .statement(st)
        .commitments(typename range_proof<G>::commitments{branches})
        .challenge();
}

/// a < b for a, b < 2^63, as a mask; constant time.
inline ct::mask ct_lt(std::uint64_t a, std::uint64_t b) noexcept { return 0 - (ct::barrier(a - b) >> 63); }

/// out = m ? a : b for group elements whose type is trivially copyable; constant time.
template <prime_order_group G>
typename G::element ct_select_element(ct::mask m, const typename G::element& a, const typename G::element& b) {
    static_assert(std::is_trivially_copyable_v<typename G::element>);
    typename G::element out = b;
    ct::select(&out, &a, &b, sizeof(out), m);
    return out;
}

/// Whether the constant-time selection tricks below apply to G's elements.
template <prime_order_group G>
inline constexpr bool selectable_elements = std::is_trivially_copyable_v<typename G::element>;

/// A disjunctive proof between its commitments and its challenge: the nonces,
/// the simulated branches' challenge shares, and the 2(R+1) commitment points
/// (a_0, b_0, a_1, b_1, …) as computed with publish_scalar, so that a caller
/// can finish the points of several proofs in one publish_points batch.
template <prime_order_group G>
struct disjunctive_commitment {
    std::uint64_t R = 0;
    std::vector<secret<typename G::scalar>> w;
    range_proof<G> p;                         ///< c_j of the simulated branches set; a, b, v not yet
    std::vector<typename G::element> points;  ///< a_j, b_j interleaved; publish_points before finishing
};

/// First half of prove_disjunctive: draws the randomness and computes the
/// commitments (to be finished by publish_points<G>(c.points)).
template <prime_order_group G>
disjunctive_commitment<G> commit_disjunctive(const elgamal::public_key<G>& pk, std::uint64_t R, std::uint64_t m,
                                             rng& rand) {
    using S = typename G::scalar;
    using E = typename G::element;
    if (R > max_range) throw std::invalid_argument("range proof: R above the limit");
    bool outside = m > R;  // only the error case depends on the secret
    ct::declassify(&outside, sizeof outside);
    if (outside) throw std::invalid_argument("range proof: the encrypted value is outside [0, R]");
    const S ms = S::from_u64(m);
    // Per branch j: the nonce w_j, the challenge share c_j (0 on the real
    // branch, chosen by masked select) and y_j = (j − m)·c_j, the exponent of
    // the G-term of b_j (0 on the real branch). See docs/spec.md §6.3.
    std::vector<secret<S>> w, y;
    w.reserve(R + 1);
    y.reserve(R + 1);
    range_proof<G> p;
    p.branches.resize(R + 1);
    for (std::uint64_t j = 0; j <= R; ++j) {
        w.emplace_back(S::random(rand));
        const S candidate = S::random(rand);
        const S cj = ct_select_scalar<G>(ct::eq(j, m), S::zero(), candidate);
        y.emplace_back((S::from_u64(j) - ms) * cj);
        p.branches[j].c = cj;
    }
    // Y_j = y_j·G. Only the R simulated branches need one: when G's elements
    // can be selected in constant time, the non-zero y_j are first moved to
    // positions 0..R−1 (y'_k = y_k for k < m, y_{k+1} for k >= m), multiplied
    // there, and moved back (branch j < m takes Y'_j, j > m takes Y'_{j−1},
    // the real branch the identity). Every step is a masked select over all
    // positions, so neither time nor addresses depend on m.
    // Every product below uses publish_scalar (s/2 where the group encodes
    // doubled points in batches), and publish_points turns the 2(R+1)
    // commitments into a_j, b_j with their encodings in one batch.
    std::vector<E> Y(R + 1, G::identity());
    if constexpr (selectable_elements<G>) {
        std::vector<E> Yc(R);
        for (std::uint64_t k = 0; k < R; ++k) {
            const secret<S> yk(publish_scalar<G>(ct_select_scalar<G>(ct_lt(k, m), y[k].expose(), y[k + 1].expose())));
            Yc[k] = G::mul_base(yk.expose());
        }
        for (std::uint64_t j = 0; j <= R; ++j) {
            if (j < R) Y[j] = ct_select_element<G>(ct_lt(j, m), Yc[j], Y[j]);
            if (j > 0) Y[j] = ct_select_element<G>(ct_lt(m, j), Yc[j - 1], Y[j]);
        }
        secure_wipe(Yc.data(), Yc.size() * sizeof(E));
    } else {
        for (std::uint64_t j = 0; j <= R; ++j) Y[j] = G::mul_base(secret<S>(publish_scalar<G>(y[j].expose())).expose());
    }
    std::vector<E> ab(2 * (R + 1));
    for (std::uint64_t j = 0; j <= R; ++j) {
        const secret<S> wj(publish_scalar<G>(w[j].expose()));
        ab[2 * j] = G::mul_base(wj.expose());
        ab[2 * j + 1] = pk.mul(wj.expose()) + Y[j];
    }
    if constexpr (std::is_trivially_copyable_v<E>) secure_wipe(Y.data(), Y.size() * sizeof(E));
    return {R, std::move(w), std::move(p), std::move(ab)};
}

/// Second half: the challenge and the responses, once the commitment points
/// have been through publish_points. Constant time in m and r.
template <prime_order_group G, class Statement>
range_proof<G> finish_disjunctive(std::string_view label, const proof_context& ctx, const Statement& st,
                                  std::uint64_t m, const typename G::scalar& r, disjunctive_commitment<G>&& cm) {
    using S = typename G::scalar;
    const std::uint64_t R = cm.R;
    range_proof<G> p = std::move(cm.p);
    for (std::uint64_t j = 0; j <= R; ++j) {
        p.branches[j].a = cm.points[2 * j];
        p.branches[j].b = cm.points[2 * j + 1];
    }
    const S c = range_challenge<G>(label, ctx, st, p.branches);
    S sum = S::zero();
    for (const auto& x : p.branches) sum += x.c;
    const S c_real = c - sum;
    for (std::uint64_t j = 0; j <= R; ++j) {
        auto& x = p.branches[j];
        x.c = ct_select_scalar<G>(ct::eq(j, m), c_real, x.c);
        x.v = cm.w[j].expose() + r * x.c;
    }
    return p;
}

template <prime_order_group G, class Statement>
range_proof<G> prove_disjunctive(std::string_view label, const proof_context& ctx, const Statement& st,
                                 const elgamal::public_key<G>& pk, std::uint64_t R, std::uint64_t m,
                                 const typename G::scalar& r, rng& rand) {
    auto cm = commit_disjunctive<G>(pk, R, m, rand);
    publish_points<G>(cm.points);
    return finish_disjunctive<G>(label, ctx, st, m, r, std::move(cm));
}

template <prime_order_group G, class Statement>
[[nodiscard]] status disjunctive_equations(std::string_view label, const proof_context& ctx, const Statement& st,
                                           const typename G::element& K, const elgamal::ciphertext<G>& ct,
                                           std::uint64_t R, const range_proof<G>& p, equation_set<G>& eqs,
                                           std::string_view alpha_key = "alpha", std::string_view beta_key = "beta") {
    using S = typename G::scalar;
    if (R > max_range) return status(errc::out_of_range, "range proof: R above the limit " + std::to_string(max_range));
    if (p.branches.size() != R + 1)
        return status(errc::bad_length, "range proof: expected " + std::to_string(R + 1) + " branches, got " +
                                            std::to_string(p.branches.size()));
    if (is_identity_fast<G>(K)) return status(errc::identity, "range statement: public key K is the identity");
    if (is_identity_fast<G>(ct.alpha)) return status(errc::identity, "range statement: ciphertext alpha is the identity");
    if (is_identity_fast<G>(ct.beta)) return status(errc::identity, "range statement: ciphertext beta is the identity");
    for (std::size_t j = 0; j < p.branches.size(); ++j) {
        if (is_identity_fast<G>(p.branches[j].a)) return status(errc::identity, "range proof: " + indexed("a", j) + " is the identity");
        if (is_identity_fast<G>(p.branches[j].b)) return status(errc::identity, "range proof: " + indexed("b", j) + " is the identity");
    }
    const S c = range_challenge<G>(label, ctx, st, p.branches);
    S sum = S::zero();
    for (const auto& x : p.branches) sum += x.c;
    if (!(sum == c)) return status(errc::verify_failed, "range proof: the branch challenges do not sum to the challenge");
    for (std::uint64_t j = 0; j <= R; ++j) {
        const auto& x = p.branches[j];
        eqs.begin("range branch ", j, ": g^v = a·alpha^c");
        eqs.base_term(x.v);
        eqs.shared_term(alpha_key, -x.c, ct.alpha);
        eqs.commitment(x.a);
        eqs.begin("range branch ", j, ": K^v = b·(beta/g^j)^c");
        eqs.shared_term("K", x.v, K);
        eqs.shared_term(beta_key, -x.c, ct.beta);
        eqs.base_term(S::from_u64(j) * x.c);
        eqs.commitment(x.b);
    }
    return {};
}

}  // namespace detail

/// Proves that `ct` = E(m; r) under `pk` with 0 <= m <= R. Preconditions:
/// ct was made with m and r under pk; m <= R <= max_range (else
/// std::invalid_argument). Constant time in m and r.
template <prime_order_group G>
range_proof<G> prove_range(const proof_context& ctx, const elgamal::public_key<G>& pk, const elgamal::ciphertext<G>& ct,
                           std::uint64_t R, std::uint64_t m, const secret<typename G::scalar>& r, rng& rand) {
    const range_statement<G> st{pk.element(), ct, R};
    return detail::prove_disjunctive<G>(range_label, ctx, st, pk, R, m, r.expose(), rand);
}

/// encrypt_bounded before publish_points: the nonce and (α, β) as computed
/// with publish_scalar.
template <prime_order_group G>
struct bounded_encryption {
    secret<typename G::scalar> randomness;
    std::array<typename G::element, 2> points;  ///< α, β; publish_points before use
};

/// First half of encrypt_bounded (a caller finishes several together).
template <prime_order_group G>
bounded_encryption<G> begin_encrypt_bounded(const elgamal::public_key<G>& pk, std::uint64_t m, std::uint64_t R,
                                            rng& rand) {
    using S = typename G::scalar;
    using E = typename G::element;
    bool outside = m > R;
    ct::declassify(&outside, sizeof outside);
    if (outside) throw std::invalid_argument("encrypt_bounded: the value is above R");
    auto r = secret<S>(S::random_nonzero(rand));
    // Each product uses publish_scalar (halves where the group encodes doubled
    // points in batches); publish_points finishes α and β together.
    E mg = G::identity();
    if constexpr (detail::selectable_elements<G>) {
        if (R <= 16) {
            static const E g = G::mul_base(publish_scalar<G>(S::one()));  // public
            E k = g;
            for (std::uint64_t i = 1; i <= R; ++i) {
                mg = detail::ct_select_element<G>(ct::eq(m, i), k, mg);
                if (i < R) k = k + g;
            }
        } else {
            mg = G::mul_base(secret<S>(publish_scalar<G>(S::from_u64(m))).expose());
        }
    } else {
        mg = G::mul_base(secret<S>(publish_scalar<G>(S::from_u64(m))).expose());
    }
    const secret<S> rh(publish_scalar<G>(r.expose()));
    std::array<E, 2> ab{G::mul_base(rh.expose()), pk.mul(rh.expose()) + mg};
    if constexpr (std::is_trivially_copyable_v<E>) secure_wipe(&mg, sizeof mg);
    return {std::move(r), ab};
}

/// Exponential ElGamal encryption of m ∈ [0, R] (the same ciphertext as
/// elgamal::encrypt_exp): α = r·G, β = r·K + m·G, where for R <= 16 and
/// selectable elements m·G is picked from 0·G … R·G by a masked scan (R
/// additions instead of a scalar multiplication). Constant time in m and r.
/// Precondition: m <= R (else std::invalid_argument).
template <prime_order_group G>
elgamal::encryption<G> encrypt_bounded(const elgamal::public_key<G>& pk, std::uint64_t m, std::uint64_t R, rng& rand) {
    auto b = begin_encrypt_bounded<G>(pk, m, R, rand);
    publish_points<G>(b.points);
    return {elgamal::ciphertext<G>{b.points[0], b.points[1]}, std::move(b.randomness)};
}

/// Encrypts each value in [0, R] and proves each ciphertext's range, as
/// encrypt_bounded then prove_range value by value (the same randomness in
/// the same order, so the same bytes), but with every published point of the
/// whole list finished in one publish_points batch (one field inversion for
/// all of them where the group encodes doubled points in batches).
/// Preconditions as encrypt_bounded and prove_range.
template <prime_order_group G>
std::vector<std::pair<elgamal::encryption<G>, range_proof<G>>> encrypt_bounded_with_proofs(
    const proof_context& ctx, const elgamal::public_key<G>& pk, std::span<const std::uint64_t> values, std::uint64_t R,
    rng& rand) {
    using E = typename G::element;
    std::vector<bounded_encryption<G>> enc;
    std::vector<detail::disjunctive_commitment<G>> com;
    enc.reserve(values.size());
    com.reserve(values.size());
    for (std::uint64_t v : values) {
        enc.push_back(begin_encrypt_bounded<G>(pk, v, R, rand));
        com.push_back(detail::commit_disjunctive<G>(pk, R, v, rand));
    }
    std::vector<E> all;
    all.reserve(values.size() * (2 + 2 * (R + 1)));
    for (std::size_t i = 0; i < values.size(); ++i) {
        all.insert(all.end(), enc[i].points.begin(), enc[i].points.end());
        all.insert(all.end(), com[i].points.begin(), com[i].points.end());
    }
    publish_points<G>(all);
    std::vector<std::pair<elgamal::encryption<G>, range_proof<G>>> out;
    out.reserve(values.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        elgamal::ciphertext<G> c{all[k], all[k + 1]};
        k += 2;
        for (auto& x : com[i].points) x = all[k++];
        const range_statement<G> st{pk.element(), c, R};
        auto proof = detail::finish_disjunctive<G>(range_label, ctx, st, values[i], enc[i].randomness.expose(),
                                                   std::move(com[i]));
        out.emplace_back(elgamal::encryption<G>{c, std::move(enc[i].randomness)}, std::move(proof));
    }
    if constexpr (std::is_trivially_copyable_v<E>) secure_wipe(all.data(), all.size() * sizeof(E));
    return out;
}

template <prime_order_group G>
[[nodiscard]] status range_equations(const proof_context& ctx, const range_statement<G>& st, const range_proof<G>& p,
                                     equation_set<G>& eqs) {
    return detail::disjunctive_equations<G>(range_label, ctx, st, st.K, st.ct, st.R, p, eqs);
}

/// Verifies a range proof. Variable time (public data).
template <prime_order_group G>
[[nodiscard]] status verify_range(const proof_context& ctx, const range_statement<G>& st, const range_proof<G>& p) {
    equation_set<G> eqs;
    if (auto s = range_equations(ctx, st, p, eqs); !s) return s;
    return eqs.check_vartime();
}

/// Proves that the selections' sum encrypts at most L, given the sum of the
/// selection values `total` and the sum of their nonces. Constant time in
/// `total` and the nonces.
template <prime_order_group G>
range_proof<G> prove_contest_limit(const proof_context& ctx, const elgamal::public_key<G>& pk,
                                   const std::vector<elgamal::ciphertext<G>>& selections, std::uint64_t L,
                                   std::uint64_t total, const std::vector<secret<typename G::scalar>>& nonces,
                                   rng& rand) {
    if (nonces.size() != selections.size()) throw std::invalid_argument("contest limit: one nonce per selection");
    const contest_limit_statement<G> st{pk.element(), selections, L};
    auto r = secret<typename G::scalar>(G::scalar::zero());
    for (const auto& n : nonces) r.expose_mut() += n.expose();
    return detail::prove_disjunctive<G>(contest_limit_label, ctx, st, pk, L, total, r.expose(), rand);
}

template <prime_order_group G>
[[nodiscard]] status contest_limit_equations(const proof_context& ctx, const contest_limit_statement<G>& st,
                                             const range_proof<G>& p, equation_set<G>& eqs) {
    if (st.selections.empty()) return status(errc::bad_input, "contest limit: no selections");
    return detail::disjunctive_equations<G>(contest_limit_label, ctx, st, st.K, st.sum(), st.L, p, eqs);
}

template <prime_order_group G>
[[nodiscard]] status verify_contest_limit(const proof_context& ctx, const contest_limit_statement<G>& st,
                                          const range_proof<G>& p) {
    equation_set<G> eqs;
    if (auto s = contest_limit_equations(ctx, st, p, eqs); !s) return s;
    return eqs.check_vartime();
}

}  // namespace scrutineer::proofs
