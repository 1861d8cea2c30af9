#include "proof_fixtures.hpp"

using namespace scrutineer;
using namespace scrutineer::proofs;
using testutil::random_element;
using testutil::test_ctx;

TEMPLATE_TEST_CASE("range: completeness for every value, R = 1, 3 and 5", "[proofs][range]", ristretto255,
                   ristretto255_ref) {
    using G = TestType;
    seeded_rng r(10);
    auto kp = elgamal::key_pair<G>::generate(r);
    for (std::uint64_t R : {1u, 3u, 5u}) {
        for (std::uint64_t m = 0; m <= R; ++m) {
            auto e = elgamal::encrypt_exp<G>(kp.pk, m, r);
            auto p = prove_range<G>(test_ctx(), kp.pk, e.ct, R, m, e.randomness, r);
            range_statement<G> st{kp.pk.element(), e.ct, R};
            INFO("R=" << R << " m=" << m);
            REQUIRE(verify_range<G>(test_ctx(), st, p).ok());
            auto q = range_proof<G>::decode(p.encode(), R);
            REQUIRE(q.ok());
            CHECK(verify_range<G>(test_ctx(), st, *q).ok());
        }
    }
}

TEMPLATE_TEST_CASE("encrypt_bounded: the ciphertext of m for every m, small and large R", "[proofs][range]", ristretto255,
                   ristretto255_ref) {
    using G = TestType;
    seeded_rng r(15);
    auto kp = elgamal::key_pair<G>::generate(r);
    for (std::uint64_t R : {1u, 3u, 20u}) {
        for (std::uint64_t m : {std::uint64_t{0}, std::uint64_t{1}, R / 2, R}) {
            auto e = encrypt_bounded<G>(kp.pk, m, R, r);
            INFO("R=" << R << " m=" << m);
            CHECK(*elgamal::decrypt_exp<G>(kp.sk, e.ct, R) == m);
            // the same ciphertext as encrypt_exp_with for its nonce
            CHECK(e.ct == elgamal::encrypt_exp_with<G>(kp.pk, G::scalar::from_u64(m), e.randomness.expose()));
            auto p = prove_range<G>(test_ctx(), kp.pk, e.ct, R, m, e.randomness, r);
            CHECK(verify_range<G>(test_ctx(), {kp.pk.element(), e.ct, R}, p).ok());
        }
    }
    CHECK_THROWS_AS(encrypt_bounded<G>(kp.pk, 2, 1, r), std::invalid_argument);
}

TEMPLATE_TEST_CASE("encrypt_bounded_with_proofs: the same bytes as encrypt_bounded then prove_range, value by value",
                   "[proofs][range]", ristretto255, ristretto255_ref) {
    using G = TestType;
    seeded_rng key_rng(16);
    auto kp = elgamal::key_pair<G>::generate(key_rng);
    for (std::uint64_t R : {1u, 3u, 20u}) {
        std::vector<std::uint64_t> values;
        for (std::uint64_t i = 0; i < 7; ++i) values.push_back((i * 5 + R) % (R + 1));
        seeded_rng a(100 + R), b(100 + R);
        const auto batched = encrypt_bounded_with_proofs<G>(test_ctx(), kp.pk, values, R, a);
        REQUIRE(batched.size() == values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
            INFO("R=" << R << " value " << i);
            auto e = encrypt_bounded<G>(kp.pk, values[i], R, b);
            auto p = prove_range<G>(test_ctx(), kp.pk, e.ct, R, values[i], e.randomness, b);
            const auto& [be, bp] = batched[i];
            CHECK(G::encode(be.ct.alpha) == G::encode(e.ct.alpha));
            CHECK(G::encode(be.ct.beta) == G::encode(e.ct.beta));
            CHECK(be.randomness.expose() == e.randomness.expose());
            CHECK(bp.encode() == p.encode());
            range_statement<G> st{kp.pk.element(), be.ct, R};
            CHECK(verify_range<G>(test_ctx(), st, bp).ok());
        }
    }
    seeded_rng c(1);
    CHECK(encrypt_bounded_with_proofs<G>(test_ctx(), kp.pk, std::vector<std::uint64_t>{}, 1, c).empty());
    const std::vector<std::uint64_t> bad{0, 2};
    CHECK_THROWS_AS(encrypt_bounded_with_proofs<G>(test_ctx(), kp.pk, bad, 1, c), std::invalid_argument);
}

TEST_CASE("range: the prover refuses values outside the range", "[proofs][range]") {
    using G = ristretto255;
    seeded_rng r(11);
    auto kp = elgamal::key_pair<G>::generate(r);
    auto e = elgamal::encrypt_exp<G>(kp.pk, 2, r);
    CHECK_THROWS_AS(prove_range<G>(test_ctx(), kp.pk, e.ct, 1, 2, e.randomness, r), std::invalid_argument);
    CHECK_THROWS_AS(prove_range<G>(test_ctx(), kp.pk, e.ct, max_range + 1, 2, e.randomness, r), std::invalid_argument);
}

TEST_CASE("range: negative tests", "[proofs][range][negative]") {
    using G = ristretto255;
    using S = G::scalar;
    seeded_rng r(12);
    auto kp = elgamal::key_pair<G>::generate(r);
    const auto ctx = test_ctx();
    auto e = elgamal::encrypt_exp<G>(kp.pk, 1, r);
    range_statement<G> st{kp.pk.element(), e.ct, 1};
    auto p = prove_range<G>(ctx, kp.pk, e.ct, 1, 1, e.randomness, r);
    REQUIRE(verify_range<G>(ctx, st, p).ok());

    SECTION("every byte altered") {
        testutil::every_byte_flip_rejected(p.encode(), [&](const bytes& b) {
            auto q = range_proof<G>::decode(b, 1);
            return q.ok() && verify_range<G>(ctx, st, *q).ok();
        });
    }
    SECTION("each field of each branch altered") {
        for (std::size_t j = 0; j < 2; ++j) {
            INFO("branch " << j);
            auto q = p;
            q.branches[j].a = q.branches[j].a + G::generator();
            CHECK(verify_range<G>(ctx, st, q).err().code == errc::verify_failed);
            q = p;
            q.branches[j].b = q.branches[j].b + G::generator();
            CHECK(verify_range<G>(ctx, st, q).err().code == errc::verify_failed);
            q = p;
            q.branches[j].c = q.branches[j].c + S::one();
            CHECK(verify_range<G>(ctx, st, q).err().code == errc::verify_failed);
            q = p;
            q.branches[j].v = q.branches[j].v + S::one();
            CHECK(verify_range<G>(ctx, st, q).err().code == errc::verify_failed);
            q = p;
            q.branches[j].a = G::identity();
            CHECK(verify_range<G>(ctx, st, q).err().code == errc::identity);
        }
    }
    SECTION("challenge shares moved between branches keep the sum but fail") {
        auto q = p;
        q.branches[0].c = q.branches[0].c + S::one();
        q.branches[1].c = q.branches[1].c - S::one();
        auto s = verify_range<G>(ctx, st, q);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().message.find("range branch") != std::string::npos);
    }
    SECTION("wrong statement: another ciphertext, key, range; swapped components") {
        auto other = elgamal::encrypt_exp<G>(kp.pk, 1, r);
        auto st2 = st;
        st2.ct = other.ct;
        CHECK(verify_range<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2 = st;
        st2.ct = {st.ct.beta, st.ct.alpha};
        CHECK(verify_range<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2 = st;
        st2.K = random_element<G>(r);
        CHECK(verify_range<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2 = st;
        st2.R = 2;
        CHECK(verify_range<G>(ctx, st2, p).err().code == errc::bad_length);
        st2 = st;
        st2.ct.alpha = G::identity();
        CHECK(verify_range<G>(ctx, st2, p).err().code == errc::identity);
    }
    SECTION("wrong context") {
        CHECK(verify_range<G>(ctx.derive("ballot", "b-2"), st, p).err().code == errc::verify_failed);
    }
    SECTION("an encryption of 2 cannot pass as [0,1]: simulating both branches") {
        // A cheating prover encrypts 2 and simulates both branches; it must
        // then hope that c_0 + c_1 equals the hash, which it cannot steer.
        auto bad = elgamal::encrypt_exp<G>(kp.pk, 2, r);
        range_statement<G> bst{kp.pk.element(), bad.ct, 1};
        range_proof<G> q;
        for (std::uint64_t j = 0; j < 2; ++j) {
            const S c = S::random(r), v = S::random(r);
            const auto a = G::mul_base(v) - bad.ct.alpha * c;
            const auto b = kp.pk.element() * v - (bad.ct.beta - G::mul_base(S::from_u64(j))) * c;
            q.branches.push_back({a, b, c, v});
        }
        CHECK(verify_range<G>(ctx, bst, q).err().code == errc::verify_failed);
        // …and with the sum fixed up to match, one branch's equation fails.
        const S target = fiat_shamir<G>::begin(range_label, ctx)
                             .statement(bst)
                             .commitments(range_proof<G>::commitments{q.branches})
                             .challenge();
        q.branches[1].c = target - q.branches[0].c;
        auto s = verify_range<G>(ctx, bst, q);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::verify_failed);
    }
    SECTION("decoding rejects invalid and identity elements, non-canonical scalars") {
        bytes b = p.encode();
        std::fill(b.begin() + 32, b.begin() + 64, byte{0xff});  // b_0 invalid
        auto d = range_proof<G>::decode(b, 1);
        REQUIRE_FALSE(d.ok());
        CHECK(d.err().code == errc::not_in_group);
        CHECK(d.err().message.find("b[0]") != std::string::npos);
        b = p.encode();
        std::fill(b.begin() + 128 + 64, b.begin() + 128 + 96, byte{0xff});  // c_1 >= q
        d = range_proof<G>::decode(b, 1);
        REQUIRE_FALSE(d.ok());
        CHECK(d.err().code == errc::non_canonical);
        CHECK(d.err().message.find("c[1]") != std::string::npos);
        CHECK(range_proof<G>::decode(p.encode(), 2).err().code == errc::bad_length);
        CHECK(range_proof<G>::decode(p.encode(), max_range + 1).err().code == errc::out_of_range);
    }
}

TEMPLATE_TEST_CASE("contest limit: completeness", "[proofs][limit]", ristretto255, ristretto255_ref) {
    using G = TestType;
    seeded_rng r(13);
    auto kp = elgamal::key_pair<G>::generate(r);
    const std::vector<std::uint64_t> votes = {1, 0, 1, 0};
    std::vector<elgamal::ciphertext<G>> cts;
    std::vector<secret<typename G::scalar>> nonces;
    for (auto v : votes) {
        auto e = elgamal::encrypt_exp<G>(kp.pk, v, r);
        cts.push_back(e.ct);
        nonces.push_back(std::move(e.randomness));
    }
    for (std::uint64_t L : {2u, 3u}) {
        auto p = prove_contest_limit<G>(test_ctx(), kp.pk, cts, L, 2, nonces, r);
        contest_limit_statement<G> st{kp.pk.element(), cts, L};
        CHECK(verify_contest_limit<G>(test_ctx(), st, p).ok());
    }
}

TEST_CASE("contest limit: negative tests", "[proofs][limit][negative]") {
    using G = ristretto255;
    seeded_rng r(14);
    auto kp = elgamal::key_pair<G>::generate(r);
    const auto ctx = test_ctx();
    std::vector<elgamal::ciphertext<G>> cts;
    std::vector<secret<G::scalar>> nonces;
    for (std::uint64_t v : {1u, 0u, 0u}) {
        auto e = elgamal::encrypt_exp<G>(kp.pk, v, r);
        cts.push_back(e.ct);
        nonces.push_back(std::move(e.randomness));
    }
    auto p = prove_contest_limit<G>(ctx, kp.pk, cts, 1, 1, nonces, r);
    contest_limit_statement<G> st{kp.pk.element(), cts, 1};
    REQUIRE(verify_contest_limit<G>(ctx, st, p).ok());

    SECTION("swapped selections change the statement") {
        auto st2 = st;
        std::swap(st2.selections[0], st2.selections[1]);
        CHECK(verify_contest_limit<G>(ctx, st2, p).err().code == errc::verify_failed);
    }
    SECTION("a selection dropped or added") {
        auto st2 = st;
        st2.selections.pop_back();
        CHECK(verify_contest_limit<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2 = st;
        st2.selections.push_back(elgamal::encrypt_exp<G>(kp.pk, 0, r).ct);
        CHECK(verify_contest_limit<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2.selections.clear();
        CHECK(verify_contest_limit<G>(ctx, st2, p).err().code == errc::bad_input);
    }
    SECTION("a range proof is not a contest-limit proof (domain separation)") {
        auto sum = st.sum();
        range_statement<G> rst{kp.pk.element(), sum, 1};
        auto total = secret<G::scalar>(nonces[0].expose() + nonces[1].expose() + nonces[2].expose());
        auto rp = prove_range<G>(ctx, kp.pk, sum, 1, 1, total, r);
        REQUIRE(verify_range<G>(ctx, rst, rp).ok());
        CHECK(verify_contest_limit<G>(ctx, st, rp).err().code == errc::verify_failed);
    }
    SECTION("over the limit cannot be proven") {
        CHECK_THROWS_AS(prove_contest_limit<G>(ctx, kp.pk, cts, 0, 1, nonces, r), std::invalid_argument);
    }
}
