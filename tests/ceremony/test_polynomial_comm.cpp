// Polynomials, Lagrange coefficients and share encryption.
#include <catch2/catch.hpp>

#include "scrutineer/ceremony/comm.hpp"
#include "scrutineer/primitives/polynomial.hpp"
#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;

TEMPLATE_TEST_CASE("polynomial: evaluation and Lagrange reconstruction", "[ceremony][polynomial]", ristretto255,
                   ristretto255_ref) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(11);
    std::vector<secret<S>> a;
    for (int j = 0; j < 3; ++j) a.emplace_back(S::random(r));
    // P(x) = a0 + a1 x + a2 x^2
    for (std::uint64_t x : {0u, 1u, 2u, 7u}) {
        const S xs = S::from_u64(x);
        const S expect = a[0].expose() + a[1].expose() * xs + a[2].expose() * xs * xs;
        CHECK(poly::evaluate<G>(std::span<const secret<S>>(a), x).expose() == expect);
    }
    CHECK(poly::evaluate<G>(std::span<const secret<S>>(), 5).expose() == S::zero());
    auto pw = poly::powers<G>(3, 4);
    REQUIRE(pw.size() == 4);
    CHECK(pw[3] == S::from_u64(27));
    // any 3 of 5 points give P(0); 2 points do not
    const std::vector<std::vector<std::uint32_t>> sets{{1, 2, 3}, {1, 4, 5}, {2, 3, 5}, {5, 3, 1}, {1, 2, 3, 4, 5}};
    for (const auto& u : sets) {
        auto w = poly::lagrange_coefficients<G>(u);
        REQUIRE(w.ok());
        S acc = S::zero();
        for (std::size_t i = 0; i < u.size(); ++i) acc += (*w)[i] * poly::evaluate<G>(std::span<const secret<S>>(a), u[i]).expose();
        CHECK(acc == a[0].expose());
    }
    std::vector<std::uint32_t> two{1, 2};
    auto w2 = poly::lagrange_coefficients<G>(two);
    REQUIRE(w2.ok());
    S acc = S::zero();
    for (std::size_t i = 0; i < 2; ++i) acc += (*w2)[i] * poly::evaluate<G>(std::span<const secret<S>>(a), two[i]).expose();
    CHECK_FALSE(acc == a[0].expose());
}

TEST_CASE("polynomial: Lagrange rejects bad index sets", "[ceremony][polynomial][negative]") {
    using G = ristretto255;
    std::vector<std::uint32_t> dup{1, 2, 2}, zero{0, 1}, ok{1, 2};
    CHECK(poly::lagrange_at_zero<G>(dup, 1).err().code == errc::bad_input);
    CHECK(poly::lagrange_at_zero<G>(zero, 1).err().code == errc::bad_input);
    auto missing = poly::lagrange_at_zero<G>(ok, 3);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().message.find("not in the set") != std::string::npos);
    CHECK_FALSE(poly::lagrange_coefficients<G>(dup).ok());
}

TEST_CASE("share encryption: round trip and negative tests", "[ceremony][comm][negative]") {
    using namespace scrutineer::ceremony;
    seeded_rng r(12);
    auto alice = comm_key_pair::generate(r);
    auto bob = comm_key_pair::generate(r);
    auto eve = comm_key_pair::generate(r);
    CHECK(comm_key_pair::from_secret(alice.sk).pk == alice.pk);
    const bytes msg{1, 2, 3, 4, 5, 6, 7, 8};
    auto box = seal(msg, bob.pk, alice.sk, r);
    CHECK(box.size() == msg.size() + seal_overhead);
    auto pt = open(box, alice.pk, bob.sk);
    REQUIRE(pt.ok());
    CHECK(bytes(pt->data(), pt->data() + pt->size()) == msg);
    CHECK(open(box, eve.pk, bob.sk).err().code == errc::verify_failed);   // not from eve
    CHECK(open(box, alice.pk, eve.sk).err().code == errc::verify_failed); // not for eve
    for (std::size_t i = 0; i < box.size(); ++i) {
        auto bad = box;
        bad[i] ^= 1;
        INFO("byte " << i);
        CHECK_FALSE(open(bad, alice.pk, bob.sk).ok());
    }
    CHECK(open(bytes(10), alice.pk, bob.sk).err().code == errc::bad_length);
    // a low-order recipient key is refused
    comm_public_key zero{};
    CHECK_THROWS_AS(seal(msg, zero, alice.sk, r), std::invalid_argument);
}
