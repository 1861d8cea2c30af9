// scrutineer — ElectionGuard 2.0: encryption, its proofs, confirmation codes,
// the key-ceremony coefficient proofs and decryption proofs.
//
// Section and equation numbers refer to the ElectionGuard Design Specification
// v2.0.0. ElectionGuard's proofs are "compact": they publish challenges and
// responses, and the verifier recomputes the commitments and the challenge
// (footnote 15), so they are verified here as the spec says, not through
// scrutineer's SHA-512 transcripts.
//
// Constant time: encryption and proving are constant time in the vote σ, the
// nonces and the secret keys (constant-time fixed-base tables and group
// operations; branches only on public sizes). The deterministic `_with`
// variants take their proof nonces from the caller (for the published test
// vectors); production code uses the variants that draw them from an rng.
// Verification is variable time (public data).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/electionguard/hash.hpp"

namespace scrutineer::eg {

/// (α, β) = (g^ξ, K^(σ+ξ)) (eq. 24, §3.3.1).
struct ciphertext {
    element alpha;  ///< α, "pad" in records
    element beta;   ///< β, "data" in records
    /// Homomorphic product (§3.5, eq. 63).
    ciphertext operator+(const ciphertext& o) const { return {alpha.mul_vartime(o.alpha), beta.mul_vartime(o.beta)}; }
    friend bool operator==(const ciphertext& a, const ciphertext& b) { return a.alpha == b.alpha && a.beta == b.beta; }
};

/// The public context of an election: K with fixed-base tables, and H_E.
class election_public {
public:
    election_public(const element& K, const hash32& he) : K_(K), he_(he), table_(K) {}
    const element& K() const noexcept { return K_; }
    const hash32& he() const noexcept { return he_; }
    /// K^x, constant time.
    element K_pow(const scalar& x) const { return table_.mul(x); }
    /// K^x, variable time.
    element K_pow_vartime(const scalar& x) const { return table_.mul_vartime(x); }

private:
    element K_;
    hash32 he_;
    fixed_base<group> table_;
};

/// A range proof: challenges c_0..c_R (256-bit values, Verification 5.B) and
/// responses v_0..v_R (eq. 48).
struct range_proof {
    std::vector<hash32> c;
    std::vector<scalar> v;
};

/// ξ_{i,j} = H(H_E; 0x20, ξ_B, ind_c(Λ_i), ind_o(λ_j)) mod q (eq. 25, §3.3.2).
scalar selection_nonce(const hash32& he, const hash32& ballot_nonce, std::uint32_t contest_index,
                       std::uint32_t option_index);

/// Encrypts σ with nonce ξ (eq. 24). Constant time in σ and ξ.
ciphertext encrypt(const election_public& pub, std::uint64_t sigma, const scalar& xi);

/// Range proof that `ct` encrypts ℓ ∈ [0, R] under nonce ξ (eqs. 44–48), with
/// the commitment nonces u_j and simulated challenges c_j (j ≠ ℓ) given, as
/// in the test vectors (u.size() == c_sim.size() == R + 1; c_sim[ℓ] unused).
/// Throws std::invalid_argument on wrong sizes or ℓ > R. Constant time in ℓ
/// and ξ except for the public R.
range_proof prove_range_with(const election_public& pub, const ciphertext& ct, std::uint64_t R, std::uint64_t ell,
                             const scalar& xi, std::span<const scalar> u, std::span<const scalar> c_sim);
/// The same with fresh random u_j and c_j.
range_proof prove_range(const election_public& pub, const ciphertext& ct, std::uint64_t R, std::uint64_t ell,
                        const scalar& xi, rng& r);

/// Verification 5 (selections, R = option limit) and 6 (contest totals,
/// R = L): recomputes a_j = g^{v_j}·α^{c_j}, b_j = K^{w_j}·β^{c_j} with
/// w_j = v_j − j·c_j (5.1–5.2), c = H(H_E; 0x21, K, α, β, a_0, b_0, …) (5.3)
/// and checks c = Σ c_j mod q (5.D). The elements must already be known to be
/// in the subgroup (5.A) and the v_j in Z_q (5.C, enforced by decoding), or
/// be checked through `members`: then the squaring chains of α and β, which
/// the proof needs anyway, also decide α^q = 1 and β^q = 1 (exactly; see
/// pow_many_vartime), for a dozen more products per element instead of a
/// separate test. A caller that passes `members` must act on them before
/// trusting the returned status. verify_failed names the failed condition.
struct ciphertext_membership {
    bool alpha = false;
    bool beta = false;
    bool both() const noexcept { return alpha && beta; }
};
status verify_range(const election_public& pub, const ciphertext& ct, std::uint64_t R, const range_proof& p,
                    ciphertext_membership* members = nullptr);

/// χ_l = H(H_E; 0x23, ind_c(Λ_l), K, α_1, β_1, …, α_m, β_m) (eq. 57, §3.4.1).
hash32 contest_hash(const hash32& he, std::uint32_t contest_index, const element& K,
                    std::span<const ciphertext> selections);
/// How B_aux enters the confirmation code: the §5.5.3 table prefixes it with
/// b(len(B_aux), 4); the ElectionGuard Kotlin reference (its test vectors and
/// the allAvailableJson record) appends it raw.
enum class baux_encoding { length_prefixed, raw };
/// H(B) = H(H_E; 0x24, χ_1, …, χ_mB, B_aux) (eq. 58, §3.4.2).
hash32 confirmation_code(const hash32& he, std::span<const hash32> contest_hashes, byte_span baux,
                         baux_encoding enc = baux_encoding::length_prefixed);
/// H_0 = H(H_E; 0x24, B_aux,0) (eq. 59, §3.4.3).
hash32 chain_initial(const hash32& he, byte_span baux0);
/// B_aux,j = H(B_{j−1}) ‖ B_aux,0 (eq. 60).
bytes chain_baux(const hash32& previous_code, byte_span baux0);
/// H = H(H_E; 0x24, H(B_ℓ) ‖ b(len(B_aux,0), 4) ‖ B_aux,0 ‖ b("CLOSE")) (eq. 61).
hash32 chain_close(const hash32& he, const hash32& last_code, byte_span baux0);

// ------------------------------------------------------------- key ceremony

/// Schnorr proof of knowledge of a polynomial coefficient a_{i,j} with
/// K_{i,j} = g^{a_{i,j}} (eqs. 10–12, §3.2.2).
struct coefficient_proof {
    element K;  ///< K_{i,j}
    hash32 c;   ///< c_{i,j}
    scalar v;   ///< v_{i,j} = (u_{i,j} − c_{i,j}·a_{i,j}) mod q
};
/// Proves with the commitment nonce u given. Constant time in a and u.
coefficient_proof prove_coefficient_with(const hash32& hp, std::uint32_t i, std::uint32_t j,
                                         const secret<scalar>& a, const scalar& u);
/// Verification 2: h = g^v·K^c (2.1), c = H(H_P; 0x10, i, j, K, h) (2.C).
/// K must already be known to be in the subgroup (2.A).
status verify_coefficient(const hash32& hp, std::uint32_t i, std::uint32_t j, const coefficient_proof& p);

// ---------------------------------------------------------------- decryption

/// Lagrange coefficient w_i = Π_{l ≠ i} l / (l − i) mod q over the x-coordinates
/// of the guardians present (eq. 67, §3.6.2). Throws std::invalid_argument if
/// i is not among them or a coordinate repeats.
scalar lagrange_coefficient(std::uint32_t i, std::span<const std::uint32_t> present);

/// A proof of correct decryption: challenge and response (eqs. 69–72).
struct decryption_proof {
    hash32 c;
    scalar v;
};
/// Verification 9: M = B·T^{-1} (9.1), a = g^v·K^c (9.2), b = A^v·M^c (9.3),
/// c = H(H_E; 0x30, K, A, B, a, b, M) (9.B).
status verify_decryption(const election_public& pub, const ciphertext& AB, const element& T,
                         const decryption_proof& p);
/// Single-key proof (for tests): M = A^s, commitments a = g^u, b = A^u, v = u − c·s.
decryption_proof prove_decryption_with(const election_public& pub, const ciphertext& AB, const secret<scalar>& s,
                                       const scalar& u);

// --------------------------------------------- threshold decryption (§3.6.2–3.6.3)

/// g^{P(i)}, guardian i's public share: Π_j Π_m K_{j,m}^{i^m} mod p over every
/// guardian's coefficient commitments K_{j,m} (j = 1..n, m = 0..k−1; the
/// product in eq. 74). Variable time (public values). invalid_argument if a
/// guardian has no commitments or i = 0.
element guardian_public_share(std::span<const std::vector<element>> commitments, std::uint32_t i);

/// One available guardian's contribution to decrypting (A, B): its partial
/// decryption M_i = A^{P(i)} (eq. 66) and its commitments (a_i, b_i) =
/// (g^{u_i}, A^{u_i}) (eq. 69). Constant time in P(i) and u_i.
struct partial_decryption {
    std::uint32_t i = 0;  ///< the guardian's x-coordinate
    element M, a, b;
};
partial_decryption partial_decrypt_with(const ciphertext& AB, std::uint32_t i, const secret<scalar>& Pi,
                                        const scalar& u);

/// The combiner's first step: M = Π M_i^{w_i} (eq. 68), a = Π a_i, b = Π b_i
/// (eq. 70), c = H(H_E; 0x30, K, A, B, a, b, M) (eq. 71) and each guardian's
/// challenge c_i = c·w_i mod q (eq. 72), in the order of `parts`.
/// bad_input for no parts or a repeated or zero coordinate.
struct decryption_challenge {
    element M, a, b;
    hash32 c{};
    std::vector<scalar> ci;
};
result<decryption_challenge> combine_partial_decryptions(const election_public& pub, const ciphertext& AB,
                                                         std::span<const partial_decryption> parts);

/// Guardian i's response v_i = (u_i − c_i·P(i)) mod q (eq. 73), constant time.
scalar decryption_response(const scalar& u, const scalar& ci, const secret<scalar>& Pi);

/// The combiner's last step: checks every response against its guardian's
/// commitments, a_i = g^{v_i}·(g^{P(i)})^{c_i} (eq. 74, public_shares[k] =
/// guardian_public_share for parts[k]) and b_i = A^{v_i}·M_i^{c_i} (eq. 75),
/// then returns T = B·M⁻¹ and the proof (c, v = Σ v_i mod q) (eq. 76) that
/// Verification 9 checks. verify_failed naming the first guardian whose
/// response fails; bad_length if the spans' sizes differ.
struct tally_decryption {
    element T;
    decryption_proof proof;
};
result<tally_decryption> finish_decryption(const ciphertext& AB, const decryption_challenge& ch,
                                           std::span<const partial_decryption> parts,
                                           std::span<const element> public_shares, std::span<const scalar> v);

/// t with K^t = T and 0 <= t <= max, variable time (public tallies). not_found
/// if there is none.
result<std::uint64_t> dlog_K_vartime(const election_public& pub, const element& T, std::uint64_t max);

}  // namespace scrutineer::eg
