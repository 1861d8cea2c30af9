// scrutineer — ElectionGuard 2.0: hashed ElGamal. Key-share encryption in the
// key ceremony (§3.2.2, eqs. 14–20), contest-data encryption (§3.3.6, eqs.
// 49–55) and its verifiable decryption (§3.6.4, eqs. 77–89; Verifications 11
// and 14).
//
// The building blocks (key derivation, seal/open) are exposed separately from
// the v2.0.0 compositions so that the published test vectors, made with a
// draft whose byte encodings differ, can be reproduced through the same code
// (tests/electionguard/test_vectors.cpp computes the draft forms explicitly).
//
// Constant time: sealing and opening are constant time in the plaintext and
// the keys (XOR and HMAC; the MAC comparison is sodium_memcmp). The
// exponentiations with secret exponents use the constant-time group paths.
// Proof verification is variable time (public data).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/electionguard/ballot.hpp"
#include "scrutineer/electionguard/hash.hpp"

namespace scrutineer::eg {

/// HMAC-SHA-256(key, data), the MAC and KDF primitive of §3.2.2 and §3.3.6.
inline hash32 hmac(const hash32& key, byte_span data) { return H(key, data); }

// ------------------------------------------------------- key-share encryption

/// E_ℓ(P_i(ℓ)) = (C_{i,ℓ,0}, C_{i,ℓ,1}, C_{i,ℓ,2}) (eqs. 18–19).
struct share_ciphertext {
    element c0;   ///< C0 = α = g^ξ
    hash32 c1{};  ///< C1 = b(P_i(ℓ), 32) ⊕ k1
    hash32 c2{};  ///< C2 = HMAC(k0, b(C0, 512) ‖ C1)
};

/// The MAC key k0 and the encryption key k1 of eqs. 16–17.
struct share_keys {
    hash32 k0{}, k1{};
};

/// k_{i,ℓ} = H(H_P; 0x11, i, ℓ, K_ℓ, α, β) (eq. 15).
hash32 share_secret_key(const hash32& hp, std::uint32_t i, std::uint32_t l, const element& K_l, const element& alpha,
                        const element& beta);
/// k0, k1 = HMAC(k_{i,ℓ}, 0x01 | 0x02 ‖ Label ‖ 0x00 ‖ Context ‖ 0x0200) with
/// Label = b("share_enc_keys", 14), Context = b("share_encrypt", 13) ‖ b(i, 4) ‖ b(ℓ, 4)
/// (eqs. 16–17; the spec's text renders the underscores as spaces, its
/// lengths 14 and 13 are those of the underscored strings).
share_keys share_kdf(const hash32& k_il, byte_span context);
/// Context = b("share_encrypt", 13) ‖ b(i, 4) ‖ b(ℓ, 4).
bytes share_context(std::uint32_t i, std::uint32_t l);
/// C1 = b(P, 32) ⊕ k1, C2 = HMAC(k0, b(C0, 512) ‖ C1) (eq. 19).
share_ciphertext share_seal(const share_keys& k, const element& c0, const secret<scalar>& P);
/// Checks the MAC and decrypts b(P, 32) = C1 ⊕ k1 (eq. 20). verify_failed if
/// the MAC is wrong, out_of_range if the plaintext is not below q.
result<secret<scalar>> share_open(const share_keys& k, const share_ciphertext& ct);

/// Guardian G_i's encryption of P_i(ℓ) for G_ℓ with nonce ξ (eqs. 14–19).
share_ciphertext encrypt_share_with(const hash32& hp, std::uint32_t i, std::uint32_t l, const element& K_l,
                                    const secret<scalar>& P, const secret<scalar>& xi);
/// G_ℓ's decryption with its secret key s_ℓ (K_ℓ = g^{s_ℓ}), eq. 20.
result<secret<scalar>> decrypt_share(const hash32& hp, std::uint32_t i, std::uint32_t l, const element& K_l,
                                     const secret<scalar>& s_l, const share_ciphertext& ct);
/// Share verification: g^{P_i(ℓ)} = Π_j K_{i,j}^{ℓ^j} (eq. 21). Variable time
/// (the share is checked by its recipient; only the commitments are public).
bool verify_share_vartime(std::uint32_t l, const scalar& P, std::span<const element> commitments);

// ------------------------------------------------------------ contest data

/// C_E = (C0, C1, C2) (eqs. 53–55); C1 has b_D blocks of 32 bytes.
struct hashed_ciphertext {
    element c0;
    bytes c1;
    hash32 c2{};
};

/// The counter-mode KDF of eq. 52: k_i = HMAC(k, b(i, 4) ‖ Label ‖ 0x00 ‖
/// Context ‖ b(length_bits, 4)); v2.0.0 sets length_bits = (b_D + 1)·256.
hash32 kdf_block(const hash32& k, std::uint32_t i, byte_span label, byte_span context, std::uint32_t length_bits);

/// The label and context of contest data (eq. 52): Label = b("data_enc_keys",
/// 13), Context = b("contest_data", 12) ‖ b(ind_c(Λ), 4) (the spec's text
/// renders the underscores as spaces; its lengths are those of these strings).
struct kdf_params {
    bytes label, context;
    std::uint32_t length_bits = 0;  ///< 0: (b_D + 1)·256 (v2.0.0)
};
kdf_params contest_data_kdf(std::uint32_t contest_index);

/// ξ = H(H_E; 0x20, ξ_B, ind_c(Λ), "contest_data") (eq. 50).
scalar contest_data_nonce(const hash32& he, const hash32& ballot_nonce, std::uint32_t contest_index);
/// k = H(H_E; 0x22, K, α, β) (eq. 51; eq. 86 with β the decryption value).
hash32 contest_data_key(const hash32& he, const element& K, const element& alpha, const element& beta);
/// Encrypts D (zero-padded to whole 32-byte blocks) with key k and C0 = α
/// (eqs. 52–55).
hashed_ciphertext hashed_seal(const hash32& k, const kdf_params& kp, const element& alpha, byte_span D);
/// Checks C2 = HMAC(k0, b(C0, 512) ‖ C1) and decrypts D (eqs. 86–89).
/// verify_failed if the MAC is wrong, bad_length if C1 is not whole blocks.
result<bytes> hashed_open(const hash32& k, const kdf_params& kp, const hashed_ciphertext& ct);

/// How C1 and C2 enter the contest-data decryption challenge (eq. 81). The
/// §5.5.4 table writes b(C1, 512) ‖ b(C2, 512); the Kotlin reference (its
/// test vectors) hashes C1 as its uppercase hex string and C2 raw.
enum class c1_encoding { padded_512, kotlin_hex };

/// Verifications 11 and 14: a = g^v·K^c (11.1), b = C0^v·β^c (11.2),
/// c = H(H_E; 0x31, K, C0, C1, C2, a, b, β) (11.B). β must be known to be in
/// the subgroup (decoding), v in Z_q (11.A, decoding).
status verify_contest_data_decryption(const election_public& pub, const hashed_ciphertext& ct, const element& beta,
                                      const decryption_proof& p, c1_encoding enc = c1_encoding::padded_512);
/// Single-key proof (tests): β = C0^s, a = g^u, b = C0^u, v = u − c·s.
decryption_proof prove_contest_data_decryption_with(const election_public& pub, const hashed_ciphertext& ct,
                                                    const secret<scalar>& s, const scalar& u,
                                                    c1_encoding enc = c1_encoding::padded_512);

// ------------------------------------------------------ pre-encrypted ballots

/// ξ_{i,j,k} = H(H_E; 0x43, ξ, ind_c(Λ_i), ind_o(λ_j), ind_o(λ_k)) mod q (eq. 96).
scalar preencryption_nonce(const hash32& he, const hash32& primary_nonce, std::uint32_t contest_index,
                           std::uint32_t j, std::uint32_t k);
/// ψ = H(H_E; 0x40, K, α_1, β_1, …, α_m, β_m) (eqs. 92–93).
hash32 selection_hash(const hash32& he, const element& K, std::span<const ciphertext> vector);
/// χ_l = H(H_E; 0x41, ind_c(Λ_l), K, ψ_σ(1), …, ψ_σ(m+L)), the ψ sorted in
/// increasing numerical order (eq. 94). `hashes` need not be sorted.
hash32 preencryption_contest_hash(const hash32& he, std::uint32_t contest_index, const element& K,
                                  std::vector<hash32> hashes);
/// H(B) = H(H_E; 0x42, χ_1, …, χ_mB, B_aux) (eq. 95 as in §4.1.3's text;
/// the §5.5.5 table writes H(H_E; 0x42, K, χ_1, …) without B_aux; see
/// docs/electionguard.md). B_aux length-prefixed as in the §5.5.3 table, or
/// raw as the Kotlin reference appends it (as for eq. 58).
hash32 preencryption_confirmation_code(const hash32& he, std::span<const hash32> contest_hashes, byte_span baux,
                                       baux_encoding enc = baux_encoding::length_prefixed);
/// The selection vector of option j among m options (eq. 91): encryptions of
/// 1 at position j and 0 elsewhere, with nonces ξ_{i,j,k}; j = m + ℓ (ℓ ≥ 1)
/// gives the ℓ-th null vector (all zeros). Indices are 1-based as in §4.1.1.
std::vector<ciphertext> selection_vector(const election_public& pub, const hash32& primary_nonce,
                                         std::uint32_t contest_index, std::uint32_t j, std::uint32_t m);

/// Every pre-encryption of one contest (§4.1–4.2): for each option, in the
/// order of `options` (its option indices ind_o, increasing), its selection
/// vector Ψ (eq. 91: 1 at its own position, 0 elsewhere), then L null
/// vectors (eq. 93: all 0), each with its selection hash ψ (eqs. 92–93), and
/// the contest's pre-encryption hash χ (eq. 94). The nonce of position k of
/// vector j is ξ_{i,j,k} (eq. 96) with i = `contest_index` and j, k option
/// indices; the ℓ-th null vector has j = max(options) + ℓ (the spec names
/// null options "null1", "null2", … without giving them indices; with
/// options 1..m this is m + ℓ, as `selection_vector` has it). Throws
/// std::invalid_argument if `options` is empty or not strictly increasing.
/// What a recording tool regenerates from the primary nonce, and what a
/// verifier regenerates for an uncast ballot whose primary nonce is
/// published (§4.3–4.5). Constant time in the primary nonce.
struct preencrypted_contest {
    std::vector<std::uint32_t> j;                  ///< option indices, then the null ones
    std::vector<std::vector<ciphertext>> vectors;  ///< Ψ, one per entry of j, each of m encryptions
    std::vector<hash32> hashes;                    ///< ψ, one per entry of j
    hash32 chi{};                                  ///< eq. 94
};
preencrypted_contest preencrypt_contest(const election_public& pub, const hash32& primary_nonce,
                                        std::uint32_t contest_index, std::span<const std::uint32_t> options,
                                        std::uint32_t L);

/// The hash-trimming functions Ω of §4.6, which turn a selection hash into
/// the short code printed beside an option: Ω1 the final byte as two hex
/// digits, Ω2 the final two bytes as four, Ω3 a letter and a digit (0 → A0,
/// 255 → Z5), Ω4 a digit and a letter (0 → 0A, 255 → 9V), Ω5–Ω8 the final
/// byte as a number plus 0, 1, 100 or 101; and the Kotlin reference's own,
/// the first five hex digits (its test vectors and records).
enum class short_code_format { omega1, omega2, omega3, omega4, omega5, omega6, omega7, omega8, hex5 };
/// All of them, in the order above.
std::span<const short_code_format> short_code_formats();
/// "omega1" … "omega8", "hex5".
std::string_view short_code_name(short_code_format f);
/// The format of that name (case ignored), or nullopt.
std::optional<short_code_format> parse_short_code_format(std::string_view name);
/// Ω(ψ), hex digits in upper case.
std::string short_code(short_code_format f, const hash32& psi);
/// Whether `code` is Ω(ψ): hex digits in either case.
bool short_code_matches(short_code_format f, const hash32& psi, std::string_view code);

}  // namespace scrutineer::eg
