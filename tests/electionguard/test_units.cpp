// scrutineer tests — ElectionGuard 2.0 functions the test vectors and the
// reference record do not reach: the chain-closing hash (eq. 61) byte for byte
// against the §5.5.3 table, the single-key decryption proof (for tests) against
// Verification 9 with its negatives, and the tally's discrete logarithm.
#include "eg_support.hpp"

#include <sodium.h>

using namespace scrutineer;

TEST_CASE("EG chain closing hash: eq. 61 as the §5.5.3 table writes it", "[electionguard]") {
    eg::hash32 he{}, last{};
    for (std::size_t i = 0; i < 32; ++i) he[i] = static_cast<std::uint8_t>(i + 1), last[i] = static_cast<std::uint8_t>(0xA0 + i);
    for (const bytes& baux0 : {bytes{}, bytes{'d', 'e', 'v', '-', '7'}, bytes(300, byte{0x5A})}) {
        // B1 = 0x24 ‖ H(B_ℓ) ‖ b(len(B_aux,0), 4) ‖ B_aux,0 ‖ 0x00000005434C4F5345, keyed by H_E (HMAC-SHA-256)
        bytes msg{0x24};
        msg.insert(msg.end(), last.begin(), last.end());
        const auto n = static_cast<std::uint32_t>(baux0.size());
        for (int s = 24; s >= 0; s -= 8) msg.push_back(static_cast<byte>(n >> s));
        msg.insert(msg.end(), baux0.begin(), baux0.end());
        for (byte b : {0x00, 0x00, 0x00, 0x05, 0x43, 0x4C, 0x4F, 0x53, 0x45}) msg.push_back(b);
        eg::hash32 want{};
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, he.data(), he.size());
        crypto_auth_hmacsha256_update(&st, msg.data(), msg.size());
        crypto_auth_hmacsha256_final(&st, want.data());
        INFO("len(B_aux,0) = " << baux0.size());
        CHECK(eg::chain_close(he, last, baux0) == want);
        // and it is not the code of a ballot continuing the chain (eq. 60), nor H_0 (eq. 59)
        CHECK_FALSE(eg::chain_close(he, last, baux0) == eg::chain_initial(he, eg::chain_baux(last, baux0)));
        eg::hash32 other = last;
        other[31] ^= 1;
        CHECK_FALSE(eg::chain_close(he, other, baux0) == want);
        eg::hash32 he2 = he;
        he2[0] ^= 1;
        CHECK_FALSE(eg::chain_close(he2, last, baux0) == want);
    }
}

TEST_CASE("EG decryption proof with one key: Verification 9 accepts it and rejects every change", "[electionguard][negative]") {
    rng& r = default_rng();
    const eg::scalar s = eg::scalar::random_nonzero(r);
    const eg::election_public pub(eg::group::mul_base(s), eg::hash32{9});
    const auto AB = eg::encrypt(pub, 3, eg::scalar::random_nonzero(r));
    const secret<eg::scalar> sk(s);
    const auto p = eg::prove_decryption_with(pub, AB, sk, eg::scalar::random_nonzero(r));
    // T = B·M^{-1} = K^σ
    const eg::element T = AB.beta + (-(AB.alpha * s));
    CHECK(T == pub.K_pow_vartime(eg::scalar::from_u64(3)));
    REQUIRE(eg::verify_decryption(pub, AB, T, p));
    CHECK(eg::dlog_K_vartime(pub, T, 10).value() == 3);
    CHECK(eg::dlog_K_vartime(pub, T, 3).value() == 3);
    CHECK(eg::dlog_K_vartime(pub, T, 2).err().code == errc::not_found);
    CHECK(eg::dlog_K_vartime(pub, eg::group::identity(), 0).value() == 0);

    const auto rejects = [&](const eg::election_public& pb, const eg::ciphertext& ab, const eg::element& t, const eg::decryption_proof& q) {
        auto st = eg::verify_decryption(pb, ab, t, q);
        CHECK_FALSE(st);
        if (!st) CHECK(st.err().code == errc::verify_failed);
    };
    auto q = p;
    q.v = q.v + eg::scalar::one();
    rejects(pub, AB, T, q);  // the response
    q = p;
    q.c[5] ^= 1;
    rejects(pub, AB, T, q);  // the challenge
    rejects(pub, AB, pub.K_pow_vartime(eg::scalar::from_u64(4)), p);  // another tally
    rejects(pub, AB, eg::group::identity(), p);                       // T = 1 (σ = 0 claimed)
    const auto other = eg::encrypt(pub, 3, eg::scalar::random_nonzero(r));
    rejects(pub, other, T, p);  // another ciphertext of the same value
    rejects(pub, {AB.beta, AB.alpha}, T, p);
    rejects(eg::election_public(pub.K(), eg::hash32{8}), AB, T, p);  // another election (H_E)
    const eg::election_public other_key(eg::group::mul_base(eg::scalar::random_nonzero(r)), pub.he());
    rejects(other_key, AB, T, p);  // another key
}
