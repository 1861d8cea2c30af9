#include "../spec_bytes.hpp"
#include "proof_fixtures.hpp"

using namespace scrutineer;
using namespace scrutineer::test;
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
        auto q = p;
        q.A[0] = q.A[0] + G::generator();
        CHECK(verify_randomness<G>(ctx, st, q).err().code == errc::verify_failed);
        q = p;
        q.z[0] = q.z[0] + S::one();
        auto s = verify_randomness<G>(ctx, st, q);
        CHECK(s.err().code == errc::verify_failed);
        CHECK(s.err().message.find("randomness") != std::string::npos);
    }
    SECTION("each ciphertext's alpha altered (every nonce is bound)") {
        for (std::size_t i = 0; i < 3; ++i) {
            auto st2 = st;
            st2.cts[i].alpha = st2.cts[i].alpha + G::generator();
            INFO("ciphertext " << i);
            CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::verify_failed);
        }
    }
    SECTION("a wrong nonce cannot be compensated: one nonce off by d fails") {
        auto bad = std::vector<secret<S>>{};
        for (const auto& n : f.nonces) bad.push_back(n.clone());
        bad[1].expose_mut() += S::one();
        auto q = prove_randomness<G>(ctx, st, bad, f.r);
        CHECK(verify_randomness<G>(ctx, st, q).err().code == errc::verify_failed);
    }
    SECTION("forged challenge: a response for another challenge fails") {
        // an honest-looking z for a challenge c' that is not the hash
        const S k = S::random(f.r);
        randomness_proof<G> q;
        q.A.push_back(G::mul_base(k));
        const S c2 = S::random(f.r);
        S z = k, ci = c2;
        for (const auto& n : f.nonces) {
            z += ci * n.expose();
            ci *= c2;
        }
        q.z.push_back(z);
        CHECK(verify_randomness<G>(ctx, st, q).err().code == errc::verify_failed);
    }
    SECTION("the version 1 shape (one commitment per ciphertext) is refused") {
        auto q = p;
        q.A.push_back(q.A[0]);
        q.z.push_back(q.z[0]);
        CHECK(verify_randomness<G>(ctx, st, q).err().code == errc::bad_length);
        q = p;
        q.z.clear();
        CHECK(verify_randomness<G>(ctx, st, q).err().code == errc::bad_length);
        CHECK(randomness_proof<G>::decode(bytes(64 * 3, 1), 3).err().code == errc::bad_length);
        CHECK(randomness_proof<G>::decode(p.encode(), 0).err().code == errc::bad_input);
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
        st2.cts.pop_back();  // a ciphertext dropped: another statement
        CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2 = st;
        st2.cts.push_back(st.cts[0]);  // one added
        CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::verify_failed);
        st2.cts.clear();
        CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::bad_input);
    }
    SECTION("identity elements") {
        auto q = p;
        q.A[0] = G::identity();
        CHECK(verify_randomness<G>(ctx, st, q).err().code == errc::identity);
        bytes b = p.encode();
        std::fill(b.begin(), b.begin() + 32, byte{0});
        CHECK(randomness_proof<G>::decode(b, 3).err().code == errc::identity);
        b = p.encode();
        std::fill(b.begin() + 32, b.end(), byte{0xff});
        CHECK(randomness_proof<G>::decode(b, 3).err().code == errc::non_canonical);
        auto st2 = st;
        st2.cts[0].alpha = G::identity();
        CHECK(verify_randomness<G>(ctx, st2, p).err().code == errc::identity);
    }
}

TEST_CASE("randomness proof: bytes and equation match docs/spec.md section 6.5", "[proofs][randomness][spec]") {
    // Rebuild the challenge from the specification's frames, independently of
    // the transcript classes, and check z·G = A + Σ c^i·α_i by hand.
    using G = ristretto255;
    using S = G::scalar;
    fixture<G> f(3);
    const auto ctx = test_ctx().derive("credential", "voter-1");
    randomness_statement<G> st{f.kp.pk.element(), f.cts};
    auto p = prove_randomness<G>(ctx, st, f.nonces, f.r);
    REQUIRE(p.encode().size() == 64);
    bytes in;
    spec_frame(in, "domain", as_bytes("scrutineer/fiat-shamir/v1"));
    spec_frame(in, "protocol", as_bytes("scrutineer/proof/encryption-randomness/v2"));
    spec_frame(in, "group", as_bytes("ristretto255"));
    spec_frame(in, "context", ctx.bytes());
    spec_frame(in, "phase", as_bytes("statement"));
    spec_frame(in, "g", G::encode(G::generator()).span());
    spec_frame(in, "K", G::encode(st.K).span());
    spec_frame(in, "n", le_bytes(3, 8));
    for (const auto& c : st.cts) {
        spec_frame(in, "alpha", G::encode(c.alpha).span());
        spec_frame(in, "beta", G::encode(c.beta).span());
    }
    spec_frame(in, "phase", as_bytes("commitments"));
    const bytes enc = p.encode();
    spec_frame(in, "A", byte_span(enc.data(), 32));
    spec_frame(in, "challenge", le_bytes(0, 8));
    const S c = S::from_wide(sha512::hash(in));
    auto A = G::decode(byte_span(enc.data(), 32));
    auto z = S::decode(byte_span(enc.data() + 32, 32));
    REQUIRE(A.ok());
    REQUIRE(z.ok());
    auto rhs = *A;
    S ci = c;
    for (const auto& ct : st.cts) {
        rhs = rhs + ct.alpha * ci;
        ci = ci * c;
    }
    CHECK(G::mul_base(*z) == rhs);
}
