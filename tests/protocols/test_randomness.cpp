#include "proof_fixtures.hpp"

using namespace scrutineer;
using namespace scrutineer::proofs;
using testutil::random_element;
using testutil::test_ctx;

namespace {
template <class G>
struct fixture {
    seeded_rng r{20};
    elgamal::key_pair<G> kp = elgamal::key_pair<G>::generate(r);
    std::vector<elgamal::ciphertext<G>> cts;
    std::vector<secret<typename G::scalar>> nonces;
    explicit fixture(std::size_t w) {
        for (std::size_t i = 0; i < w; ++i) {
            auto e = elgamal::encrypt_exp<G>(kp.pk, i % 2, r);
            cts.push_back(e.ct);
            nonces.push_back(std::move(e.randomness));
        }
    }
};
}  // namespace

TEMPLATE_TEST_CASE("randomness proof: completeness for widths 1 and 5", "[proofs][randomness]", ristretto255,
                   ristretto255_ref) {
    using G = TestType;
    for (std::size_t w : {1u, 5u}) {
        fixture<G> f(w);
        const auto ctx = test_ctx().derive("ballot", "ballot-1");
        randomness_statement<G> st{f.kp.pk.element(), f.cts};
        auto p = prove_randomness<G>(ctx, st, f.nonces, f.r);
        REQUIRE(verify_randomness<G>(ctx, st, p).ok());
        auto q = randomness_proof<G>::decode(p.encode(), w);
        REQUIRE(q.ok());
        CHECK(verify_randomness<G>(ctx, st, *q).ok());
    }
}

TEST_CASE("randomness proof: negative tests", "[proofs][randomness][negative]") {
    using G = ristretto255;
    using S = G::scalar;
    fixture<G> f(3);
    const auto ctx = test_ctx().derive("ballot", "ballot-1");
    randomness_statement<G> st{f.kp.pk.element(), f.cts};
    auto p = prove_randomness<G>(ctx, st, f.nonces, f.r);
    REQUIRE(verify_randomness<G>(ctx, st, p).ok());

    SECTION("a copied ballot under another voter's context fails (non-malleability)") {
        CHECK(verify_randomness<G>(test_ctx().derive("ballot", "ballot-2"), st, p).err().code == errc::verify_failed);
    }
    SECTION("every byte altered") {
        testutil::every_byte_flip_rejected(p.encode(), [&](const bytes& b) {
            auto q = randomness_proof<G>::decode(b, 3);
            return q.ok() && verify_randomness<G>(ctx, st, *q).ok();
        });
    }
    SECTION("each field altered") {
        for (std::size_t i = 0; i < 3; ++i) {
            auto q = p;
            q.A[i] = q.A[i] + G::generator();
            CHECK(verify_randomness<G>(ctx, st, q).err().code == errc::verify_failed);
            q = p;
            q.z[i] = q.z[i] + S::one();
            auto s = verify_randomness<G>(ctx, st, q);
            CHECK(s.err().code == errc::verify_failed);
            CHECK(s.err().message.find("component " + std::to_string(i)) != std::string::npos);
        }
    }
    SECTION("wrong statement: swapped, replaced, reordered ciphertexts") {
        auto st2 = st;
        std::swap(st2.cts[0], st2.cts[2]);
        CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2 = st;
        st2.cts[1].beta = st2.cts[1].beta + G::generator();  // β is bound although not in an equation
        CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2 = st;
        st2.K = random_element<G>(f.r);
        CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2 = st;
        st2.cts.pop_back();
        CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::bad_length);
    }
    SECTION("identity elements") {
        auto q = p;
        q.A[1] = G::identity();
        CHECK(verify_randomness<G>(ctx, st, q).err().code == errc::identity);
        auto st2 = st;
        st2.cts[0].alpha = G::identity();
        CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::identity);
    }
}
