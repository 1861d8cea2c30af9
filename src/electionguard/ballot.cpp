// scrutineer — ElectionGuard 2.0 encryption, proofs and confirmation codes
// (spec §3.2–3.6; see include/scrutineer/electionguard/ballot.hpp).
#include "scrutineer/electionguard/ballot.hpp"

#include <algorithm>
#include <array>
#include <vector>
#include <stdexcept>

#include "scrutineer/core/ct.hpp"

namespace scrutineer::eg {

namespace {
scalar challenge_scalar(const hash32& c) { return to_scalar(c); }
hash32 scalar_bytes(const scalar& s) { return s.encode(); }
}  // namespace

scalar selection_nonce(const hash32& he, const hash32& ballot_nonce, std::uint32_t contest_index,
                       std::uint32_t option_index) {
    auto h = hash_input().u8(0x20).h(ballot_nonce).u32(contest_index).u32(option_index).hash(he);
    return to_scalar(h);
}

ciphertext encrypt(const election_public& pub, std::uint64_t sigma, const scalar& xi) {
    return {group::mul_base(xi), pub.K_pow(xi + scalar::from_u64(sigma))};
}

range_proof prove_range_with(const election_public& pub, const ciphertext& ct, std::uint64_t R, std::uint64_t ell,
                             const scalar& xi, std::span<const scalar> u, std::span<const scalar> c_sim) {
    if (ell > R) throw std::invalid_argument("eg range proof: value above the range");
    if (u.size() != R + 1 || c_sim.size() != R + 1) throw std::invalid_argument("eg range proof: R + 1 nonces needed");
    // eq. 44–45: a_j = g^{u_j}, b_j = K^{t_j}, t_j = u_j + (ℓ − j)·c_j; c_ℓ := 0 by masked select.
    std::vector<scalar> c(R + 1);
    hash_input in;
    in.u8(0x21).elem(pub.K()).elem(ct.alpha).elem(ct.beta);
    const scalar l = scalar::from_u64(ell);
    for (std::uint64_t j = 0; j <= R; ++j) {
        const ct::mask real = ct::eq(j, ell);
        c[j] = ct_select_scalar<group>(real, scalar::zero(), c_sim[j]);
        const scalar t = u[j] + (l - scalar::from_u64(j)) * c[j];
        in.elem(group::mul_base(u[j])).elem(pub.K_pow(t));
    }
    const scalar chal = challenge_scalar(in.hash(pub.he()));  // eq. 46
    scalar sum = scalar::zero();
    for (const auto& x : c) sum += x;
    const scalar c_ell = chal - sum;  // eq. 47 (c_ℓ is still 0 in sum)
    range_proof p;
    for (std::uint64_t j = 0; j <= R; ++j) {
        const ct::mask real = ct::eq(j, ell);
        c[j] = ct_select_scalar<group>(real, c_ell, c[j]);
        p.c.push_back(scalar_bytes(c[j]));
        p.v.push_back(u[j] - c[j] * xi);  // eq. 48
    }
    return p;
}

range_proof prove_range(const election_public& pub, const ciphertext& ct, std::uint64_t R, std::uint64_t ell,
                        const scalar& xi, rng& r) {
    std::vector<scalar> u, c;
    for (std::uint64_t j = 0; j <= R; ++j) {
        u.push_back(scalar::random(r));
        c.push_back(scalar::random(r));
    }
    auto p = prove_range_with(pub, ct, R, ell, xi, u, c);
    for (auto& x : u) secure_wipe(&x, sizeof(x));
    return p;
}

status verify_range(const election_public& pub, const ciphertext& ct, std::uint64_t R, const range_proof& p,
                    ciphertext_membership* members) {
    // (R + 1 is never formed before R is known to be below the proof's size)
    if (p.c.empty() || p.c.size() - 1 != R || p.v.size() != p.c.size()) {
        if (members != nullptr) {
            members->alpha = group::in_subgroup_vartime(ct.alpha);
            members->beta = group::in_subgroup_vartime(ct.beta);
        }
        return status(errc::bad_length, "range proof has " + std::to_string(p.c.size()) + " challenges and " +
                                             std::to_string(p.v.size()) + " responses, expected " +
                                             (R == UINT64_MAX ? std::string("2^64") : std::to_string(R + 1)));
    }
    hash_input in;
    in.u8(0x21).elem(pub.K()).elem(ct.alpha).elem(ct.beta);
    scalar sum = scalar::zero();
    std::vector<scalar> cs(R + 1);
    for (std::uint64_t j = 0; j <= R; ++j) {
        cs[j] = challenge_scalar(p.c[j]);
        sum += cs[j];
    }
    // α^{c_j} and β^{c_j} for all j with one squaring chain per base (Yao)
    const auto ac = group::pow_many_vartime(ct.alpha, cs, members ? &members->alpha : nullptr);
    const auto bc = group::pow_many_vartime(ct.beta, cs, members ? &members->beta : nullptr);
    for (std::uint64_t j = 0; j <= R; ++j) {
        const scalar wj = p.v[j] - scalar::from_u64(j) * cs[j];
        const element a = group::mul_base_vartime(p.v[j]).mul_vartime(ac[j]);  // (5.1)
        const element b = pub.K_pow_vartime(wj).mul_vartime(bc[j]);            // (5.2)
        in.elem(a).elem(b);
    }
    const scalar c = challenge_scalar(in.hash(pub.he()));  // (5.3)
    if (!(c == sum)) return status(errc::verify_failed, "challenge c is not the sum of the c_j mod q (5.D)");
    return {};
}

hash32 contest_hash(const hash32& he, std::uint32_t contest_index, const element& K,
                    std::span<const ciphertext> selections) {
    hash_input in;
    in.u8(0x23).u32(contest_index).elem(K);
    for (const auto& s : selections) in.elem(s.alpha).elem(s.beta);
    return in.hash(he);
}

hash32 confirmation_code(const hash32& he, std::span<const hash32> contest_hashes, byte_span baux,
                         baux_encoding enc) {
    hash_input in;
    in.u8(0x24);
    for (const auto& x : contest_hashes) in.h(x);
    if (enc == baux_encoding::length_prefixed)
        in.with_len(baux);
    else
        in.raw(baux);
    return in.hash(he);
}

hash32 chain_initial(const hash32& he, byte_span baux0) { return hash_input().u8(0x24).with_len(baux0).hash(he); }

bytes chain_baux(const hash32& previous_code, byte_span baux0) {
    bytes b(previous_code.begin(), previous_code.end());
    append(b, baux0);
    return b;
}

hash32 chain_close(const hash32& he, const hash32& last_code, byte_span baux0) {
    return hash_input().u8(0x24).h(last_code).with_len(baux0).str("CLOSE").hash(he);
}

coefficient_proof prove_coefficient_with(const hash32& hp, std::uint32_t i, std::uint32_t j,
                                         const secret<scalar>& a, const scalar& u) {
    const element K = group::mul_base(a.expose());
    const element h = group::mul_base(u);  // eq. 11
    const hash32 c = hash_input().u8(0x10).u32(i).u32(j).elem(K).elem(h).hash(hp);  // eq. 12
    return {K, c, u - to_scalar(c) * a.expose()};
}

status verify_coefficient(const hash32& hp, std::uint32_t i, std::uint32_t j, const coefficient_proof& p) {
    const element h = group::double_base_vartime(p.v, to_scalar(p.c), p.K);  // (2.1)
    const hash32 c = hash_input().u8(0x10).u32(i).u32(j).elem(p.K).elem(h).hash(hp);
    if (c != p.c) return status(errc::verify_failed, "challenge c_{i,j} is not H(H_P; 0x10, i, j, K_{i,j}, h_{i,j}) (2.C)");
    return {};
}

scalar lagrange_coefficient(std::uint32_t i, std::span<const std::uint32_t> present) {
    bool found = false;
    scalar num = scalar::one(), den = scalar::one();
    for (std::size_t a = 0; a < present.size(); ++a) {
        for (std::size_t b = a + 1; b < present.size(); ++b)
            if (present[a] == present[b]) throw std::invalid_argument("lagrange: repeated coordinate");
        const auto l = present[a];
        if (l == i) {
            found = true;
            continue;
        }
        num *= scalar::from_u64(l);
        den *= scalar::from_u64(l) - scalar::from_u64(i);
    }
    if (!found) throw std::invalid_argument("lagrange: coordinate not among those present");
    return num * den.invert();
}

status verify_decryption(const election_public& pub, const ciphertext& AB, const element& T,
                         const decryption_proof& p) {
    const element M = AB.beta.mul_vartime(T.invert_vartime());  // (9.1)
    const scalar c = to_scalar(p.c);
    const element a = group::mul_base_vartime(p.v).mul_vartime(pub.K_pow_vartime(c));  // (9.2)
    const element b = AB.alpha.pow_vartime(p.v).mul_vartime(M.pow_vartime(c));        // (9.3)
    const hash32 h = hash_input().u8(0x30).elem(pub.K()).elem(AB.alpha).elem(AB.beta).elem(a).elem(b).elem(M).hash(pub.he());
    if (h != p.c) return status(errc::verify_failed, "challenge is not H(H_E; 0x30, K, A, B, a, b, M) (9.B)");
    return {};
}

decryption_proof prove_decryption_with(const election_public& pub, const ciphertext& AB, const secret<scalar>& s,
                                       const scalar& u) {
    const element M = AB.alpha * s.expose();
    const element a = group::mul_base(u), b = AB.alpha * u;
    const hash32 c = hash_input().u8(0x30).elem(pub.K()).elem(AB.alpha).elem(AB.beta).elem(a).elem(b).elem(M).hash(pub.he());
    return {c, u - to_scalar(c) * s.expose()};
}

element guardian_public_share(std::span<const std::vector<element>> commitments, std::uint32_t i) {
    if (i == 0) throw std::invalid_argument("guardian_public_share: x-coordinate 0");
    std::vector<scalar> e;  // i^m mod q for each K_{j,m}
    std::vector<element> K;
    for (const auto& Kj : commitments) {
        if (Kj.empty()) throw std::invalid_argument("guardian_public_share: a guardian without commitments");
        scalar im = scalar::one();
        for (const auto& Kjm : Kj) {
            e.push_back(im);
            K.push_back(Kjm);
            im *= scalar::from_u64(i);
        }
    }
    return group::multi_exp_vartime(e, K);
}

partial_decryption partial_decrypt_with(const ciphertext& AB, std::uint32_t i, const secret<scalar>& Pi,
                                        const scalar& u) {
    return {i, AB.alpha * Pi.expose(), group::mul_base(u), AB.alpha * u};  // (66), (69)
}

result<decryption_challenge> combine_partial_decryptions(const election_public& pub, const ciphertext& AB,
                                                         std::span<const partial_decryption> parts) {
    if (parts.empty()) return error{errc::bad_input, "no partial decryptions to combine"};
    std::vector<std::uint32_t> xs;
    for (const auto& p : parts) {
        if (p.i == 0) return error{errc::bad_input, "a guardian with x-coordinate 0"};
        if (std::find(xs.begin(), xs.end(), p.i) != xs.end())
            return error{errc::bad_input, "guardian " + std::to_string(p.i) + " appears twice"};
        xs.push_back(p.i);
    }
    decryption_challenge ch{group::identity(), group::identity(), group::identity(), {}, {}};
    std::vector<scalar> w;
    for (const auto& p : parts) {
        w.push_back(lagrange_coefficient(p.i, xs));                // (67)
        ch.M = ch.M.mul_vartime(p.M.pow_vartime(w.back()));      // (68)
        ch.a = ch.a.mul_vartime(p.a);                             // (70)
        ch.b = ch.b.mul_vartime(p.b);
    }
    ch.c = hash_input().u8(0x30).elem(pub.K()).elem(AB.alpha).elem(AB.beta).elem(ch.a).elem(ch.b).elem(ch.M).hash(pub.he());  // (71)
    const scalar c = to_scalar(ch.c);
    for (const auto& wi : w) ch.ci.push_back(c * wi);  // (72)
    return ch;
}

scalar decryption_response(const scalar& u, const scalar& ci, const secret<scalar>& Pi) {
    return u - ci * Pi.expose();  // (73)
}

result<tally_decryption> finish_decryption(const ciphertext& AB, const decryption_challenge& ch,
                                           std::span<const partial_decryption> parts,
                                           std::span<const element> public_shares, std::span<const scalar> v) {
    if (public_shares.size() != parts.size() || v.size() != parts.size() || ch.ci.size() != parts.size())
        return error{errc::bad_length, "finish_decryption: one public share, challenge and response per guardian"};
    scalar sum = scalar::zero();
    for (std::size_t k = 0; k < parts.size(); ++k) {
        const auto& p = parts[k];
        const element a = group::double_base_vartime(v[k], ch.ci[k], public_shares[k]);                      // (74)
        const element b = group::multi_exp_vartime(std::array{v[k], ch.ci[k]}, std::array{AB.alpha, p.M});  // (75)
        if (!(a == p.a)) return error{errc::verify_failed, "guardian " + std::to_string(p.i) + ": a_i is not g^v_i·(g^P(i))^c_i (eq. 74)"};
        if (!(b == p.b)) return error{errc::verify_failed, "guardian " + std::to_string(p.i) + ": b_i is not A^v_i·M_i^c_i (eq. 75)"};
        sum += v[k];  // (76)
    }
    return tally_decryption{AB.beta.mul_vartime(ch.M.invert_vartime()), {ch.c, sum}};
}

result<std::uint64_t> dlog_K_vartime(const election_public& pub, const element& T, std::uint64_t max) {
    element acc = group::identity();
    for (std::uint64_t t = 0; t <= max; ++t) {
        if (acc == T) return t;
        acc = acc.mul_vartime(pub.K());
    }
    return error{errc::not_found, "no t <= " + std::to_string(max) + " with K^t = T"};
}

}  // namespace scrutineer::eg
