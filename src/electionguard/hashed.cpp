// scrutineer — ElectionGuard 2.0 hashed ElGamal: key-share encryption
// (§3.2.2), contest data (§3.3.6, §3.6.4) and pre-encrypted ballots (§4.1).
// See include/scrutineer/electionguard/hashed.hpp.
#include "scrutineer/electionguard/hashed.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <sodium.h>

namespace scrutineer::eg {

namespace {
constexpr std::string_view kShareLabel = "share_enc_keys";
constexpr std::string_view kShareContext = "share_encrypt";
constexpr std::string_view kDataLabel = "data_enc_keys";
constexpr std::string_view kDataContext = "contest_data";

void put_u32(bytes& b, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) b.push_back(static_cast<byte>(v >> (8 * i)));
}
/// s ‖ b(a, 4) ‖ b(b, 4) (only the numbers given), sized up front.
bytes label_with(std::string_view s, std::initializer_list<std::uint32_t> nums) {
    bytes out(s.size() + 4 * nums.size());
    std::size_t at = 0;
    for (char ch : s) out[at++] = static_cast<byte>(ch);
    for (auto v : nums)
        for (int i = 3; i >= 0; --i) out[at++] = static_cast<byte>(v >> (8 * i));
    return out;
}
bytes enc_c0(const element& c0) {
    const auto e = group::encode(c0);
    return bytes(e.span().begin(), e.span().end());
}
}  // namespace

// ------------------------------------------------------- key-share encryption

hash32 share_secret_key(const hash32& hp, std::uint32_t i, std::uint32_t l, const element& K_l, const element& alpha,
                        const element& beta) {
    return hash_input().u8(0x11).u32(i).u32(l).elem(K_l).elem(alpha).elem(beta).hash(hp);  // eq. 15
}

bytes share_context(std::uint32_t i, std::uint32_t l) {
    return label_with(kShareContext, {i, l});
}

share_keys share_kdf(const hash32& k_il, byte_span context) {
    share_keys k;
    for (byte counter : {byte{0x01}, byte{0x02}}) {  // eqs. 16–17
        bytes in(1 + kShareLabel.size() + 1 + context.size() + 2);
        std::size_t at = 0;
        in[at++] = counter;
        for (char ch : kShareLabel) in[at++] = static_cast<byte>(ch);
        in[at++] = 0x00;
        for (byte b : context) in[at++] = b;
        in[at++] = 0x02;  // 512 bits of key material: 0x0200
        in[at++] = 0x00;
        (counter == 0x01 ? k.k0 : k.k1) = hmac(k_il, in);
    }
    return k;
}

share_ciphertext share_seal(const share_keys& k, const element& c0, const secret<scalar>& P) {
    share_ciphertext ct;
    ct.c0 = c0;
    const auto pb = P.expose().encode();
    for (std::size_t i = 0; i < 32; ++i) ct.c1[i] = static_cast<byte>(pb[i] ^ k.k1[i]);  // eq. 19
    bytes mac = enc_c0(c0);
    append(mac, ct.c1);
    ct.c2 = hmac(k.k0, mac);
    return ct;
}

result<secret<scalar>> share_open(const share_keys& k, const share_ciphertext& ct) {
    bytes mac = enc_c0(ct.c0);
    append(mac, ct.c1);
    const hash32 expect = hmac(k.k0, mac);
    if (sodium_memcmp(expect.data(), ct.c2.data(), 32) != 0)
        return error{errc::verify_failed, "share ciphertext: MAC C2 does not verify (eq. 20)"};
    std::array<byte, 32> pb{};
    for (std::size_t i = 0; i < 32; ++i) pb[i] = static_cast<byte>(ct.c1[i] ^ k.k1[i]);
    auto s = scalar::decode(pb);
    secure_wipe(pb.data(), pb.size());
    if (!s) return error{errc::out_of_range, "share ciphertext: decrypted P_i(l) is not below q"};
    return secret<scalar>(*s);
}

share_ciphertext encrypt_share_with(const hash32& hp, std::uint32_t i, std::uint32_t l, const element& K_l,
                                    const secret<scalar>& P, const secret<scalar>& xi) {
    const element alpha = group::mul_base(xi.expose());  // eq. 14
    const element beta = K_l * xi.expose();
    hash32 k = share_secret_key(hp, i, l, K_l, alpha, beta);
    auto keys = share_kdf(k, share_context(i, l));
    secure_wipe(k.data(), k.size());
    auto ct = share_seal(keys, alpha, P);
    secure_wipe(&keys, sizeof(keys));
    return ct;
}

result<secret<scalar>> decrypt_share(const hash32& hp, std::uint32_t i, std::uint32_t l, const element& K_l,
                                     const secret<scalar>& s_l, const share_ciphertext& ct) {
    const element beta = ct.c0 * s_l.expose();
    hash32 k = share_secret_key(hp, i, l, K_l, ct.c0, beta);
    auto keys = share_kdf(k, share_context(i, l));
    secure_wipe(k.data(), k.size());
    auto r = share_open(keys, ct);
    secure_wipe(&keys, sizeof(keys));
    return r;
}

bool verify_share_vartime(std::uint32_t l, const scalar& P, std::span<const element> commitments) {
    std::vector<scalar> e;
    scalar x = scalar::one();
    for (std::size_t j = 0; j < commitments.size(); ++j) {
        e.push_back(x);
        x *= scalar::from_u64(l);
    }
    const element rhs = group::multi_exp_vartime(e, commitments);  // eq. 21
    return group::mul_base_vartime(P) == rhs;
}

// ------------------------------------------------------------ contest data

hash32 kdf_block(const hash32& k, std::uint32_t i, byte_span label, byte_span context, std::uint32_t length_bits) {
    bytes in;
    put_u32(in, i);
    append(in, label);
    in.push_back(0x00);
    append(in, context);
    put_u32(in, length_bits);
    return hmac(k, in);  // eq. 52
}

kdf_params contest_data_kdf(std::uint32_t contest_index) {
    kdf_params p;
    p.label = label_with(kDataLabel, {});
    p.context = label_with(kDataContext, {contest_index});
    return p;
}

scalar contest_data_nonce(const hash32& he, const hash32& ballot_nonce, std::uint32_t contest_index) {
    return to_scalar(hash_input().u8(0x20).h(ballot_nonce).u32(contest_index).str(kDataContext).hash(he));  // eq. 50
}

hash32 contest_data_key(const hash32& he, const element& K, const element& alpha, const element& beta) {
    return hash_input().u8(0x22).elem(K).elem(alpha).elem(beta).hash(he);  // eq. 51
}

namespace {
std::uint32_t length_bits(const kdf_params& kp, std::size_t blocks) {
    return kp.length_bits ? kp.length_bits : static_cast<std::uint32_t>((blocks + 1) * 256);
}
}  // namespace

hashed_ciphertext hashed_seal(const hash32& k, const kdf_params& kp, const element& alpha, byte_span D) {
    const std::size_t blocks = (D.size() + 31) / 32;
    const auto L = length_bits(kp, blocks);
    hashed_ciphertext ct;
    ct.c0 = alpha;  // eq. 53
    ct.c1.assign(blocks * 32, 0);
    for (std::size_t b = 0; b < blocks; ++b) {
        const hash32 ki = kdf_block(k, static_cast<std::uint32_t>(b + 1), kp.label, kp.context, L);
        for (std::size_t i = 0; i < 32; ++i) {
            const std::size_t at = 32 * b + i;
            ct.c1[at] = static_cast<byte>((at < D.size() ? D[at] : 0) ^ ki[i]);  // eq. 54
        }
    }
    const hash32 k0 = kdf_block(k, 0, kp.label, kp.context, L);
    bytes mac = enc_c0(alpha);
    append(mac, ct.c1);
    ct.c2 = hmac(k0, mac);  // eq. 55
    return ct;
}

result<bytes> hashed_open(const hash32& k, const kdf_params& kp, const hashed_ciphertext& ct) {
    if (ct.c1.size() % 32 != 0)
        return error{errc::bad_length, "contest data: C1 has " + std::to_string(ct.c1.size()) +
                                           " bytes, not a whole number of 32-byte blocks"};
    const std::size_t blocks = ct.c1.size() / 32;
    const auto L = length_bits(kp, blocks);
    const hash32 k0 = kdf_block(k, 0, kp.label, kp.context, L);  // eq. 86
    bytes mac = enc_c0(ct.c0);
    append(mac, ct.c1);
    const hash32 expect = hmac(k0, mac);
    if (sodium_memcmp(expect.data(), ct.c2.data(), 32) != 0)
        return error{errc::verify_failed, "contest data: MAC C2 does not verify (eq. 86)"};
    bytes D(ct.c1.size());
    for (std::size_t b = 0; b < blocks; ++b) {
        const hash32 ki = kdf_block(k, static_cast<std::uint32_t>(b + 1), kp.label, kp.context, L);  // eq. 87
        for (std::size_t i = 0; i < 32; ++i) D[32 * b + i] = static_cast<byte>(ct.c1[32 * b + i] ^ ki[i]);  // eq. 89
    }
    return D;
}

namespace {
hash32 contest_data_challenge(const election_public& pub, const hashed_ciphertext& ct, const element& a,
                              const element& b, const element& beta, c1_encoding enc) {
    hash_input in;
    in.u8(0x31).elem(pub.K()).elem(ct.c0);
    if (enc == c1_encoding::padded_512) {
        // b(C1, 512) ‖ b(C2, 512) (§5.5.4): left-padded with zeros; a C1 longer
        // than 512 bytes is hashed whole.
        if (ct.c1.size() < 512) in.raw(bytes(512 - ct.c1.size(), 0));
        in.raw(ct.c1);
        in.raw(bytes(512 - 32, 0)).h(ct.c2);
    } else {
        const auto hex = upper_hex(ct.c1);
        in.raw(as_bytes(hex)).h(ct.c2);
    }
    in.elem(a).elem(b).elem(beta);
    return in.hash(pub.he());  // eq. 81
}
}  // namespace

status verify_contest_data_decryption(const election_public& pub, const hashed_ciphertext& ct, const element& beta,
                                      const decryption_proof& p, c1_encoding enc) {
    const scalar c = to_scalar(p.c);
    const element a = group::mul_base_vartime(p.v).mul_vartime(pub.K_pow_vartime(c));  // (11.1)
    const element b = ct.c0.pow_vartime(p.v).mul_vartime(beta.pow_vartime(c));          // (11.2)
    if (contest_data_challenge(pub, ct, a, b, beta, enc) != p.c)
        return status(errc::verify_failed, "challenge is not H(H_E; 0x31, K, C0, C1, C2, a, b, beta) (11.B)");
    return {};
}

decryption_proof prove_contest_data_decryption_with(const election_public& pub, const hashed_ciphertext& ct,
                                                    const secret<scalar>& s, const scalar& u, c1_encoding enc) {
    const element beta = ct.c0 * s.expose();
    const element a = group::mul_base(u), b = ct.c0 * u;
    const hash32 c = contest_data_challenge(pub, ct, a, b, beta, enc);
    return {c, u - to_scalar(c) * s.expose()};
}

// ------------------------------------------------------ pre-encrypted ballots

scalar preencryption_nonce(const hash32& he, const hash32& primary_nonce, std::uint32_t contest_index,
                           std::uint32_t j, std::uint32_t k) {
    return to_scalar(hash_input().u8(0x43).h(primary_nonce).u32(contest_index).u32(j).u32(k).hash(he));  // eq. 96
}

hash32 selection_hash(const hash32& he, const element& K, std::span<const ciphertext> vector) {
    hash_input in;
    in.u8(0x40).elem(K);
    for (const auto& c : vector) in.elem(c.alpha).elem(c.beta);
    return in.hash(he);  // eqs. 92–93
}

hash32 preencryption_contest_hash(const hash32& he, std::uint32_t contest_index, const element& K,
                                  std::vector<hash32> hashes) {
    std::sort(hashes.begin(), hashes.end());  // big-endian bytes: lexicographic = numerical order
    hash_input in;
    in.u8(0x41).u32(contest_index).elem(K);
    for (const auto& h : hashes) in.h(h);
    return in.hash(he);  // eq. 94
}

hash32 preencryption_confirmation_code(const hash32& he, std::span<const hash32> contest_hashes, byte_span baux,
                                       baux_encoding enc) {
    hash_input in;
    in.u8(0x42);
    for (const auto& h : contest_hashes) in.h(h);
    if (enc == baux_encoding::length_prefixed)
        in.with_len(baux);
    else
        in.raw(baux);
    return in.hash(he);  // eq. 95
}

namespace {
/// Ψ of option (or null option) j over the options `ks`: Enc(1) at k = j,
/// Enc(0) elsewhere, nonces ξ_{i,j,k} (eqs. 91, 93, 96).
std::vector<ciphertext> vector_of(const election_public& pub, const hash32& primary_nonce, std::uint32_t contest_index,
                                  std::uint32_t j, std::span<const std::uint32_t> ks) {
    std::vector<ciphertext> v;
    v.reserve(ks.size());
    for (const std::uint32_t k : ks)
        v.push_back(encrypt(pub, k == j ? 1 : 0, preencryption_nonce(pub.he(), primary_nonce, contest_index, j, k)));
    return v;
}
}  // namespace

std::vector<ciphertext> selection_vector(const election_public& pub, const hash32& primary_nonce,
                                         std::uint32_t contest_index, std::uint32_t j, std::uint32_t m) {
    std::vector<std::uint32_t> ks(m);
    for (std::uint32_t k = 0; k < m; ++k) ks[k] = k + 1;
    return vector_of(pub, primary_nonce, contest_index, j, ks);
}

preencrypted_contest preencrypt_contest(const election_public& pub, const hash32& primary_nonce,
                                        std::uint32_t contest_index, std::span<const std::uint32_t> options,
                                        std::uint32_t L) {
    if (options.empty()) throw std::invalid_argument("preencrypt_contest: a contest without options");
    for (std::size_t k = 1; k < options.size(); ++k)
        if (options[k] <= options[k - 1])
            throw std::invalid_argument("preencrypt_contest: option indices must be strictly increasing");
    if (L > std::numeric_limits<std::uint32_t>::max() - options.back())
        throw std::invalid_argument("preencrypt_contest: null option indices overflow");
    preencrypted_contest out;
    out.j.assign(options.begin(), options.end());
    for (std::uint32_t l = 1; l <= L; ++l) out.j.push_back(options.back() + l);
    for (const std::uint32_t j : out.j) {
        out.vectors.push_back(vector_of(pub, primary_nonce, contest_index, j, options));
        out.hashes.push_back(selection_hash(pub.he(), pub.K(), out.vectors.back()));  // eqs. 92–93
    }
    out.chi = preencryption_contest_hash(pub.he(), contest_index, pub.K(), out.hashes);  // eq. 94
    return out;
}

// ------------------------------------------------------------ short codes (§4.6)

namespace {
constexpr std::array<short_code_format, 9> kShortCodeFormats{
    short_code_format::omega1, short_code_format::omega2, short_code_format::omega3,
    short_code_format::omega4, short_code_format::omega5, short_code_format::omega6,
    short_code_format::omega7, short_code_format::omega8, short_code_format::hex5};
constexpr std::array<std::string_view, 9> kShortCodeNames{"omega1", "omega2", "omega3", "omega4", "omega5",
                                                          "omega6", "omega7", "omega8", "hex5"};
bool is_hex_format(short_code_format f) {
    return f == short_code_format::omega1 || f == short_code_format::omega2 || f == short_code_format::hex5;
}
}  // namespace

std::span<const short_code_format> short_code_formats() { return kShortCodeFormats; }

std::string_view short_code_name(short_code_format f) { return kShortCodeNames.at(static_cast<std::size_t>(f)); }

std::optional<short_code_format> parse_short_code_format(std::string_view name) {
    for (std::size_t i = 0; i < kShortCodeNames.size(); ++i) {
        const auto want = kShortCodeNames[i];
        if (name.size() == want.size() &&
            std::equal(name.begin(), name.end(), want.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == b;
            }))
            return kShortCodeFormats[i];
    }
    return std::nullopt;
}

std::string short_code(short_code_format f, const hash32& psi) {
    const unsigned last = psi[31];
    switch (f) {
        case short_code_format::omega1: return upper_hex(byte_span(psi).subspan(31, 1));
        case short_code_format::omega2: return upper_hex(byte_span(psi).subspan(30, 2));
        case short_code_format::omega3:
            return std::string{static_cast<char>('A' + last / 10), static_cast<char>('0' + last % 10)};
        case short_code_format::omega4:
            return std::string{static_cast<char>('0' + last / 26), static_cast<char>('A' + last % 26)};
        case short_code_format::omega5: return std::to_string(last);
        case short_code_format::omega6: return std::to_string(last + 1);
        case short_code_format::omega7: return std::to_string(last + 100);
        case short_code_format::omega8: return std::to_string(last + 101);
        case short_code_format::hex5: return upper_hex(byte_span(psi).subspan(0, 3)).substr(0, 5);
    }
    throw std::invalid_argument("short_code: unknown format");
}

bool short_code_matches(short_code_format f, const hash32& psi, std::string_view code) {
    const std::string want = short_code(f, psi);
    if (code.size() != want.size()) return false;
    if (!is_hex_format(f)) return code == want;
    return std::equal(code.begin(), code.end(), want.begin(), [](char a, char b) {
        return std::toupper(static_cast<unsigned char>(a)) == b;
    });
}

}  // namespace scrutineer::eg
