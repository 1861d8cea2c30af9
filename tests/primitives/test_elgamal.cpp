#include <catch2/catch.hpp>

#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;

TEMPLATE_TEST_CASE("elgamal: exponential encryption round trip and homomorphism", "[elgamal]", ristretto255,
                   ristretto255_ref) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(30);
    auto kp = elgamal::key_pair<G>::generate(r);
    elgamal::dlog_table<G> table(100);
    for (std::uint64_t m : {0u, 1u, 7u, 100u}) {
        auto e = elgamal::encrypt_exp<G>(kp.pk, m, r);
        auto d = elgamal::decrypt_exp<G>(kp.sk, e.ct, table);
        REQUIRE(d.ok());
        CHECK(*d == m);
        CHECK(e.ct == elgamal::encrypt_exp_with<G>(kp.pk, S::from_u64(m), e.randomness.expose()));
    }
    auto a = elgamal::encrypt_exp<G>(kp.pk, 3, r);
    auto b = elgamal::encrypt_exp<G>(kp.pk, 4, r);
    CHECK(*elgamal::decrypt_exp<G>(kp.sk, a.ct + b.ct, table) == 7);
    CHECK(*elgamal::decrypt_exp<G>(kp.sk, a.ct * S::from_u64(5), table) == 15);
    CHECK(*elgamal::decrypt_exp<G>(kp.sk, (a.ct + b.ct) - b.ct, table) == 3);
    auto re = elgamal::reencrypt<G>(kp.pk, a.ct, r);
    CHECK_FALSE(re.ct == a.ct);
    CHECK(*elgamal::decrypt_exp<G>(kp.sk, re.ct, table) == 3);
    // out of the table's range
    auto big = elgamal::encrypt_exp<G>(kp.pk, 101, r);
    auto d = elgamal::decrypt_exp<G>(kp.sk, big.ct, table);
    REQUIRE_FALSE(d.ok());
    CHECK(d.err().code == errc::out_of_range);
    // a wrong key does not decrypt to the message
    auto other = elgamal::key_pair<G>::generate(r);
    CHECK_FALSE(elgamal::decrypt_exp<G>(other.sk, a.ct, table).ok());
}

TEST_CASE("elgamal: dlog table boundaries", "[elgamal]") {
    using G = ristretto255;
    for (std::uint64_t max : {0u, 1u, 2u, 15u, 16u, 17u, 1000u}) {
        elgamal::dlog_table<G> t(max);
        for (std::uint64_t m : {std::uint64_t{0}, max / 2, max, max + 1}) {
            auto d = t.discrete_log_vartime(G::mul_base(G::scalar::from_u64(m)));
            INFO("max=" << max << " m=" << m);
            if (m <= max) {
                REQUIRE(d.ok());
                CHECK(*d == m);
            } else {
                CHECK_FALSE(d.ok());
            }
        }
    }
    CHECK_THROWS_AS(elgamal::dlog_table<G>((std::uint64_t{1} << 40) + 1), std::invalid_argument);
}

TEST_CASE("elgamal: plain encryption, vectors, re-encryption", "[elgamal]") {
    using G = ristretto255;
    seeded_rng r(31);
    auto kp = elgamal::key_pair<G>::generate(r);
    std::vector<G::element> msgs;
    for (int i = 0; i < 4; ++i) msgs.push_back(G::mul_base(G::scalar::random(r)));
    auto v = elgamal::encrypt_vector<G>(kp.pk, msgs, r);
    REQUIRE(v.ciphertexts.width() == 4);
    auto rv = elgamal::reencrypt_vector<G>(kp.pk, v.ciphertexts, r);
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(elgamal::decrypt<G>(kp.sk, v.ciphertexts[i]) == msgs[i]);
        CHECK(elgamal::decrypt<G>(kp.sk, rv.ciphertexts[i]) == msgs[i]);
        CHECK_FALSE(rv.ciphertexts[i] == v.ciphertexts[i]);
    }
    auto enc = v.ciphertexts.encode();
    CHECK(enc.size() == 4 * 64);
    auto back = elgamal::ciphertext_vector<G>::decode(enc, 4);
    REQUIRE(back.ok());
    CHECK(*back == v.ciphertexts);
    CHECK(elgamal::ciphertext_vector<G>::decode(enc, 3).err().code == errc::bad_length);
    auto sum = v.ciphertexts + rv.ciphertexts;
    CHECK(elgamal::decrypt<G>(kp.sk, sum[2]) == msgs[2] + msgs[2]);
    CHECK_THROWS_AS(v.ciphertexts + elgamal::ciphertext_vector<G>::zero(3), std::invalid_argument);
}

TEST_CASE("elgamal: untrusted ciphertext and key decoding", "[elgamal][negative]") {
    using G = ristretto255;
    seeded_rng r(32);
    auto kp = elgamal::key_pair<G>::generate(r);
    auto e = elgamal::encrypt_exp<G>(kp.pk, 1, r);
    auto enc = e.ct.encode();
    REQUIRE(elgamal::ciphertext<G>::decode(enc).ok());
    CHECK(elgamal::ciphertext<G>::decode(byte_span(enc).first(63)).err().code == errc::bad_length);
    auto bad = enc;
    std::fill(bad.begin(), bad.begin() + 32, byte{0});
    auto d = elgamal::ciphertext<G>::decode(bad);
    CHECK(d.err().code == errc::identity);
    CHECK(d.err().message.find("alpha") != std::string::npos);
    bad = enc;
    std::fill(bad.begin() + 32, bad.end(), byte{0xff});
    d = elgamal::ciphertext<G>::decode(bad);
    CHECK(d.err().code == errc::not_in_group);
    CHECK(d.err().message.find("beta") != std::string::npos);
    std::array<byte, 32> zero{};
    CHECK(elgamal::public_key<G>::decode(zero).err().code == errc::identity);
    CHECK_THROWS_AS(elgamal::public_key<G>(G::identity()), std::invalid_argument);
}
