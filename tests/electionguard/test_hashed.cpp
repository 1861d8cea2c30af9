// scrutineer tests — ElectionGuard 2.0 hashed ElGamal (v2.0.0 forms): key-share
// encryption (§3.2.2), contest data and its decryption proof (§3.3.6, §3.6.4,
// Verification 11/14), pre-encryption hashes (§4.1). Round trips and every
// negative case: altered fields, wrong keys, wrong context.
#include "eg_support.hpp"

using namespace scrutineer;
using namespace egtest;

namespace {
struct setup {
    seeded_rng r{808};
    secret<eg::scalar> s{eg::scalar::random_nonzero(r)};
    eg::election_public pub;
    setup() : pub(eg::group::mul_base(s.expose()), [this] {
                      eg::hash32 h{};
                      r.fill(h);
                      return h;
                  }()) {}
};
}  // namespace

TEST_CASE("EG share encryption round trip and tampering (eqs. 14–21)", "[electionguard]") {
    seeded_rng r(11);
    const auto hp = eg::parameter_base_hash();
    const secret<eg::scalar> s_l(eg::scalar::random_nonzero(r));
    const auto K_l = eg::group::mul_base(s_l.expose());
    const secret<eg::scalar> P(eg::scalar::random(r)), xi(eg::scalar::random_nonzero(r));
    const auto ct = eg::encrypt_share_with(hp, 2, 5, K_l, P, xi);
    CHECK(ct.c0 == eg::group::mul_base(xi.expose()));
    auto d = eg::decrypt_share(hp, 2, 5, K_l, s_l, ct);
    REQUIRE(d.ok());
    CHECK(d->expose() == P.expose());
    // every field altered, wrong sender/recipient index, wrong key, wrong H_P
    auto c = ct;
    c.c1[31] ^= 1;
    CHECK(eg::decrypt_share(hp, 2, 5, K_l, s_l, c).err().code == errc::verify_failed);
    c = ct;
    c.c2[0] ^= 1;
    CHECK(eg::decrypt_share(hp, 2, 5, K_l, s_l, c).err().code == errc::verify_failed);
    c = ct;
    c.c0 = c.c0.mul_vartime(eg::group::generator());
    CHECK(eg::decrypt_share(hp, 2, 5, K_l, s_l, c).err().code == errc::verify_failed);
    CHECK_FALSE(eg::decrypt_share(hp, 3, 5, K_l, s_l, ct).ok());
    CHECK_FALSE(eg::decrypt_share(hp, 2, 4, K_l, s_l, ct).ok());
    const secret<eg::scalar> other(s_l.expose() + eg::scalar::one());
    CHECK_FALSE(eg::decrypt_share(hp, 2, 5, K_l, other, ct).ok());
    auto hp2 = hp;
    hp2[0] ^= 1;
    CHECK_FALSE(eg::decrypt_share(hp2, 2, 5, K_l, s_l, ct).ok());
    // eq. 16–17 framing: Context = "share_encrypt" ‖ b(i,4) ‖ b(ℓ,4)
    const auto ctx = eg::share_context(2, 5);
    CHECK(ctx.size() == 13 + 8);
    CHECK(ctx[13 + 3] == 2);
    CHECK(ctx[13 + 7] == 5);
    // eq. 21
    std::vector<eg::scalar> a{eg::scalar::random(r), eg::scalar::random(r), eg::scalar::random(r)};
    std::vector<eg::element> K;
    for (const auto& x : a) K.push_back(eg::group::mul_base(x));
    const auto l = eg::scalar::from_u64(4);
    const auto Pl = a[0] + a[1] * l + a[2] * l * l;
    CHECK(eg::verify_share_vartime(4, Pl, K));
    CHECK_FALSE(eg::verify_share_vartime(4, Pl + eg::scalar::one(), K));
    CHECK_FALSE(eg::verify_share_vartime(3, Pl, K));
}

TEST_CASE("EG contest data: seal, open, decryption proof (eqs. 49–55, 77–89)", "[electionguard]") {
    setup st;
    const auto& pub = st.pub;
    eg::hash32 bn{};
    st.r.fill(bn);
    const auto xi = eg::contest_data_nonce(pub.he(), bn, 3);
    CHECK_FALSE(xi == eg::contest_data_nonce(pub.he(), bn, 4));
    const auto alpha = eg::group::mul_base(xi), beta = pub.K_pow(xi);
    const auto kp = eg::contest_data_kdf(3);
    CHECK(kp.context.size() == 12 + 4);
    const auto k = eg::contest_data_key(pub.he(), pub.K(), alpha, beta);
    const std::string msg = "write-in: Ada Lovelace; overvote none; padding to two blocks";
    const auto ct = eg::hashed_seal(k, kp, alpha, as_bytes(msg));
    CHECK(ct.c1.size() == 64);
    // the trustees' view: β = C0^s
    const auto beta2 = ct.c0 * st.s.expose();
    CHECK(beta2 == beta);
    const auto D = eg::hashed_open(eg::contest_data_key(pub.he(), pub.K(), ct.c0, beta2), kp, ct);
    REQUIRE(D.ok());
    CHECK(std::string(D->begin(), D->begin() + static_cast<std::ptrdiff_t>(msg.size())) == msg);
    for (std::size_t i = msg.size(); i < D->size(); ++i) CHECK((*D)[i] == 0);
    auto bad = ct;
    bad.c1[40] ^= 4;
    CHECK(eg::hashed_open(k, kp, bad).err().code == errc::verify_failed);
    bad = ct;
    bad.c1.pop_back();
    CHECK(eg::hashed_open(k, kp, bad).err().code == errc::bad_length);
    CHECK(eg::hashed_open(k, eg::contest_data_kdf(4), ct).err().code == errc::verify_failed);
    // Verification 11/14 with both C1 encodings
    for (auto enc : {eg::c1_encoding::padded_512, eg::c1_encoding::kotlin_hex}) {
        const auto u = eg::scalar::random(st.r);
        const auto p = eg::prove_contest_data_decryption_with(pub, ct, st.s, u, enc);
        CHECK(eg::verify_contest_data_decryption(pub, ct, beta, p, enc).ok());
        const auto other = enc == eg::c1_encoding::padded_512 ? eg::c1_encoding::kotlin_hex : eg::c1_encoding::padded_512;
        CHECK_FALSE(eg::verify_contest_data_decryption(pub, ct, beta, p, other).ok());
        auto q = p;
        q.v += eg::scalar::one();
        CHECK(eg::verify_contest_data_decryption(pub, ct, beta, q, enc).err().code == errc::verify_failed);
        q = p;
        q.c[5] ^= 1;
        CHECK_FALSE(eg::verify_contest_data_decryption(pub, ct, beta, q, enc).ok());
        CHECK_FALSE(eg::verify_contest_data_decryption(pub, ct, beta.mul_vartime(pub.K()), p, enc).ok());
        auto c2 = ct;
        c2.c2[0] ^= 1;
        CHECK_FALSE(eg::verify_contest_data_decryption(pub, c2, beta, p, enc).ok());
        c2 = ct;
        c2.c1[0] ^= 1;
        CHECK_FALSE(eg::verify_contest_data_decryption(pub, c2, beta, p, enc).ok());
        const eg::election_public wrong_he(pub.K(), eg::hash32{});
        CHECK_FALSE(eg::verify_contest_data_decryption(wrong_he, ct, beta, p, enc).ok());
    }
}

TEST_CASE("EG pre-encryption hashes (eqs. 91–96)", "[electionguard]") {
    setup st;
    const auto& pub = st.pub;
    eg::hash32 n{};
    st.r.fill(n);
    const std::uint32_t m = 3;
    std::vector<eg::hash32> psis;
    for (std::uint32_t j = 1; j <= m + 1; ++j) {
        const auto vec = eg::selection_vector(pub, n, 1, j, m);
        REQUIRE(vec.size() == m);
        for (std::uint32_t k = 1; k <= m; ++k) {
            // position k encrypts 1 iff k == j (eq. 91); j = m + 1 is a null vector
            const auto S = vec[k - 1].beta - pub.K_pow(eg::preencryption_nonce(pub.he(), n, 1, j, k));
            CHECK(S == (k == j ? pub.K() : eg::group::identity()));
        }
        psis.push_back(eg::selection_hash(pub.he(), pub.K(), vec));
    }
    // χ does not depend on the order the hashes are given in (eq. 94 sorts)
    auto rev = psis;
    std::reverse(rev.begin(), rev.end());
    const auto chi = eg::preencryption_contest_hash(pub.he(), 1, pub.K(), psis);
    CHECK(chi == eg::preencryption_contest_hash(pub.he(), 1, pub.K(), rev));
    CHECK_FALSE(chi == eg::preencryption_contest_hash(pub.he(), 2, pub.K(), psis));
    auto altered = psis;
    altered[0][0] ^= 1;
    CHECK_FALSE(chi == eg::preencryption_contest_hash(pub.he(), 1, pub.K(), altered));
    const bytes baux{1, 2, 3};
    const auto code = eg::preencryption_confirmation_code(pub.he(), std::span<const eg::hash32>(&chi, 1), baux);
    CHECK_FALSE(code == eg::preencryption_confirmation_code(pub.he(), std::span<const eg::hash32>(&chi, 1), {}));
    // different nonces for every (j, k)
    CHECK_FALSE(eg::preencryption_nonce(pub.he(), n, 1, 1, 2) == eg::preencryption_nonce(pub.he(), n, 1, 2, 1));
}
