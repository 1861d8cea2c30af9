// scrutineer tests — group and scalar-field laws, over both ristretto255
// backends (the modp groups have their own law tests in test_modp.cpp).
//
// Each law is checked on a few random inputs from a fixed seed (reproducible),
// plus the edge cases that random inputs never hit: zero, one, ℓ-1, the
// identity, repeated points. The reference backend costs ~100 µs per
// multiplication, so loops are small.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "scrutineer/group/multi_exp.hpp"
#include "scrutineer/scrutineer.hpp"
#include "support.hpp"

using namespace scrutineer;
using scrutineer::test::naive_sum;
using scrutineer::test::random_element;
using scrutineer::test::scalar_l_minus_1;

namespace {
constexpr int kRounds = 8;
}

// ---------------------------------------------------------------- scalar field

TEST_CASE("scalar laws: ring axioms mod ℓ", "[group][laws]") {
    seeded_rng r(101);
    using S = r255_scalar;
    for (int i = 0; i < 50; ++i) {
        const S a = S::random(r), b = S::random(r), c = S::random(r);
        CHECK(a + b == b + a);
        CHECK(a * b == b * a);
        CHECK((a + b) + c == a + (b + c));
        CHECK((a * b) * c == a * (b * c));
        CHECK(a * (b + c) == a * b + a * c);
        CHECK(a - b == a + (-b));
        CHECK(-a + a == S::zero());
        CHECK((a - a).is_zero());
        CHECK(a + S::zero() == a);
        CHECK(a * S::one() == a);
        CHECK((a * S::zero()).is_zero());
        CHECK(-(-a) == a);
        if (!a.is_zero()) {
            CHECK(a * a.invert() == S::one());
            CHECK(a.invert().invert() == a);
        }
        // every result stays canonical
        CHECK(S::decode((a * b).encode()).ok());
        CHECK(S::decode((a + b).encode()).ok());
        CHECK(S::decode((-a).encode()).ok());
    }
}

TEST_CASE("scalar laws: edge values", "[group][laws]") {
    using S = r255_scalar;
    const S lm1 = scalar_l_minus_1();
    CHECK(S::zero().invert().is_zero());  // documented: invert(0) = 0
    CHECK(S::zero().is_zero());
    CHECK(S{}.is_zero());
    CHECK_FALSE(S::one().is_zero());
    CHECK(-S::zero() == S::zero());
    CHECK(lm1 + S::one() == S::zero());
    CHECK(lm1 * lm1 == S::one());  // (-1)² = 1
    CHECK(lm1.invert() == lm1);
    CHECK(S::one().invert() == S::one());
    CHECK(S::from_u64(3) * S::from_u64(5) == S::from_u64(15));
    CHECK(S::from_u64(3) - S::from_u64(5) == -S::from_u64(2));
    CHECK(S::from_u64(0) == S::zero());
    CHECK(S::from_u64(1) == S::one());
    // compound assignment
    S x = S::from_u64(10);
    x += S::from_u64(5);
    CHECK(x == S::from_u64(15));
    x -= S::from_u64(20);
    CHECK(x == -S::from_u64(5));
    x *= -S::one();
    CHECK(x == S::from_u64(5));
}

TEST_CASE("scalar: random and random_nonzero", "[group][laws]") {
    seeded_rng r1(7), r2(7);
    for (int i = 0; i < 20; ++i) {
        const auto a = r255_scalar::random(r1);
        CHECK(a == r255_scalar::random(r2));  // determinism under a seed
        CHECK(r255_scalar::decode(a.encode()).ok());
        CHECK_FALSE(r255_scalar::random_nonzero(r1).is_zero());
        (void)r255_scalar::random_nonzero(r2);
    }
    CHECK_FALSE(r255_scalar::random(r1) == r255_scalar::random(r1));
}

// ---------------------------------------------------------------- group laws

TEMPLATE_TEST_CASE("group laws: abelian group", "[group][laws]", ristretto255, ristretto255_ref) {
    using G = TestType;
    seeded_rng r(202);
    for (int i = 0; i < kRounds; ++i) {
        const auto p = random_element<G>(r), q = random_element<G>(r), s = random_element<G>(r);
        CHECK(p + q == q + p);
        CHECK((p + q) + s == p + (q + s));
        CHECK(p + G::identity() == p);
        CHECK(G::identity() + p == p);
        CHECK(G::is_identity(p + (-p)));
        CHECK(G::is_identity(p - p));
        CHECK(p - q == p + (-q));
        CHECK(-(-p) == p);
        CHECK((p + q) - q == p);
        CHECK(p.dbl() == p + p);
        CHECK_FALSE(G::is_identity(p));
        CHECK_FALSE(p == q);
        auto acc = p;
        acc += q;
        CHECK(acc == p + q);
    }
}

TEMPLATE_TEST_CASE("group laws: scalar multiplication", "[group][laws]", ristretto255, ristretto255_ref) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(303);
    for (int i = 0; i < kRounds; ++i) {
        const S a = S::random(r), b = S::random(r);
        const auto p = random_element<G>(r), q = random_element<G>(r);
        CHECK(p * (a + b) == p * a + p * b);       // (a+b)P = aP + bP
        CHECK((p + q) * a == p * a + q * a);       // a(P+Q) = aP + aQ
        CHECK(p * (a * b) == (p * b) * a);         // (ab)P = a(bP)
        CHECK(p * (-a) == -(p * a));               // (-a)P = -(aP)
        CHECK(G::mul(p, a) == p * a);
        CHECK(G::mul_base(a) == G::generator() * a);
        CHECK(G::mul_base(a + b) == G::mul_base(a) + G::mul_base(b));
        CHECK(G::is_identity(p * scalar_l_minus_1() + p));  // ℓ·P = identity
        CHECK(p * S::one() == p);
        CHECK(p * S::from_u64(2) == p.dbl());
        CHECK(p * S::from_u64(3) == p + p + p);
        if (!a.is_zero()) CHECK((p * a) * a.invert() == p);
    }
}

TEMPLATE_TEST_CASE("group laws: identity handling", "[group][laws]", ristretto255, ristretto255_ref) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(404);
    const auto id = G::identity();
    const auto p = random_element<G>(r);
    const S a = S::random(r);

    CHECK(G::is_identity(id));
    CHECK(G::is_identity(typename G::element{}));  // default-constructed = identity
    CHECK(G::is_identity(G::mul_base(S::zero())));  // 0·G
    CHECK(G::is_identity(G::generator() * S::zero()));
    CHECK(G::is_identity(p * S::zero()));  // P·0
    CHECK(G::is_identity(G::mul(p, S::zero())));
    CHECK(G::is_identity(id * a));  // identity·s
    CHECK(G::is_identity(id * S::zero()));
    CHECK(G::is_identity(id * scalar_l_minus_1()));
    CHECK(id + p == p);
    CHECK(p + id == p);
    CHECK(p - id == p);
    CHECK(id - p == -p);
    CHECK(G::is_identity(-id));
    CHECK(G::is_identity(id + id));
    CHECK(G::is_identity(id.dbl()));
    CHECK(id == G::identity());
    CHECK_FALSE(id == p);
    CHECK_FALSE(G::is_identity(G::generator()));

    // encode(identity) is 32 zero bytes and decodes back to the identity
    const auto e = G::encode(id);
    CHECK(e.bytes == std::array<byte, 32>{});
    CHECK(e.hex() == std::string(64, '0'));
    auto d = G::decode(e.span());
    REQUIRE(d.ok());
    CHECK(G::is_identity(*d));
    CHECK(*d == id);
    CHECK(G::encode(G::mul_base(S::zero())) == e);
    CHECK(G::encode(p - p) == e);
    CHECK(G::encode(p * S::zero()) == e);

    // double-base and multi-exp with identity results or inputs
    CHECK(G::is_identity(G::double_base_vartime(S::zero(), S::zero(), p)));
    CHECK(G::is_identity(G::double_base_vartime(S::zero(), a, id)));
    CHECK(G::double_base_vartime(a, a, id) == G::mul_base(a));
    CHECK(G::is_identity(G::double_base_vartime(a, -a, G::generator())));
}

TEMPLATE_TEST_CASE("group: encode/decode round trip on random elements", "[group][laws]", ristretto255,
                   ristretto255_ref) {
    using G = TestType;
    seeded_rng r(505);
    for (int i = 0; i < kRounds; ++i) {
        const auto p = random_element<G>(r);
        const auto e = G::encode(p);
        auto d = G::decode(e.span());
        REQUIRE(d.ok());
        CHECK(*d == p);
        CHECK(G::encode(*d) == e);
        // p and -p have different encodings, equal elements have equal ones
        CHECK_FALSE(G::encode(-p) == e);
        CHECK(G::encode(p + G::identity()) == e);
    }
}

TEMPLATE_TEST_CASE("group: double_base_vartime(a, b, P) = aG + bP", "[group][laws]", ristretto255,
                   ristretto255_ref) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(606);
    for (int i = 0; i < kRounds; ++i) {
        const S a = S::random(r), b = S::random(r);
        const auto p = random_element<G>(r);
        CHECK(G::double_base_vartime(a, b, p) == G::mul_base(a) + p * b);
        CHECK(G::double_base_vartime(a, S::zero(), p) == G::mul_base(a));  // b = 0
        CHECK(G::double_base_vartime(S::zero(), b, p) == p * b);           // a = 0
    }
    const auto p = random_element<G>(r);
    const S lm1 = scalar_l_minus_1();
    CHECK(G::double_base_vartime(S::zero(), S::one(), p) == p);
    CHECK(G::double_base_vartime(S::one(), S::zero(), p) == G::generator());
    CHECK(G::double_base_vartime(lm1, lm1, p) == -(G::generator() + p));
    CHECK(G::double_base_vartime(S::one(), S::one(), G::generator()) == G::generator().dbl());
    CHECK(G::is_identity(G::double_base_vartime(S::one(), lm1, G::generator())));
}

TEMPLATE_TEST_CASE("group: multi_exp_vartime equals the naive sum", "[group][laws]", ristretto255,
                   ristretto255_ref) {
    using G = TestType;
    using S = typename G::scalar;
    using E = typename G::element;
    seeded_rng r(707);

    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{64}}) {
        INFO("n = " << n);
        std::vector<S> s(n);
        std::vector<E> p(n);
        for (std::size_t i = 0; i < n; ++i) {
            s[i] = S::random(r);
            p[i] = random_element<G>(r);
        }
        CHECK(G::multi_exp_vartime(s, p) == naive_sum<G>(s, p));
        if (n == 0) CHECK(G::is_identity(G::multi_exp_vartime(s, p)));
        if (n < 7) continue;
        // edge cases on the same inputs
        std::vector<S> s2 = s;
        std::vector<E> p2 = p;
        s2[0] = S::zero();               // a zero scalar
        p2[1] = G::identity();           // an identity point
        p2[2] = p2[3];                   // a repeated point
        s2[4] = scalar_l_minus_1();      // the largest scalar
        s2[5] = S::one();                // the smallest non-zero scalar
        s2[6] = S::from_u64(0xffffffffffffffffULL);  // a short scalar
        CHECK(G::multi_exp_vartime(s2, p2) == naive_sum<G>(s2, p2));
        // all scalars zero
        std::vector<S> zeros(n, S::zero());
        CHECK(G::is_identity(G::multi_exp_vartime(zeros, p)));
        // all points identical: Σ sᵢ·P = (Σ sᵢ)·P
        std::vector<E> same(n, p[0]);
        S total = S::zero();
        for (const auto& x : s) total += x;
        CHECK(G::multi_exp_vartime(s, same) == p[0] * total);
        // all points identity
        std::vector<E> ids(n, G::identity());
        CHECK(G::is_identity(G::multi_exp_vartime(s, ids)));
        // a point and its negation with equal scalars cancel
        std::vector<S> s3{s[0], s[0]};
        std::vector<E> p3{p[0], -p[0]};
        CHECK(G::is_identity(G::multi_exp_vartime(s3, p3)));
    }
    // (ℓ-1) everywhere: -(ΣPᵢ)
    std::vector<S> lm(5, scalar_l_minus_1());
    std::vector<E> pts(5);
    E sum = G::identity();
    for (auto& x : pts) {
        x = random_element<G>(r);
        sum += x;
    }
    CHECK(G::multi_exp_vartime(lm, pts) == -sum);
    // small scalars 1..n on the generator: (n(n+1)/2)·G
    std::vector<S> small;
    std::vector<E> gens;
    for (std::uint64_t k = 1; k <= 20; ++k) {
        small.push_back(S::from_u64(k));
        gens.push_back(G::generator());
    }
    CHECK(G::multi_exp_vartime(small, gens) == G::mul_base(S::from_u64(210)));
    // size mismatch is a precondition violation
    std::vector<S> two(2, S::one());
    std::vector<E> three(3, G::generator());
    CHECK_THROWS_AS(G::multi_exp_vartime(two, three), std::invalid_argument);
}

TEST_CASE("multi_exp: wNAF digits reconstruct the scalar", "[group][laws]") {
    // Σ dᵢ·2^i must equal the scalar; checked mod ℓ in the scalar field.
    seeded_rng r(808);
    std::vector<r255_scalar> cases{r255_scalar::zero(), r255_scalar::one(), scalar_l_minus_1(),
                                   r255_scalar::from_u64(0xffffffffffffffffULL)};
    for (int i = 0; i < 20; ++i) cases.push_back(r255_scalar::random(r));
    for (int w = 2; w <= 8; ++w) {
        for (const auto& s : cases) {
            INFO("w = " << w << ", s = " << s.hex());
            const auto naf = detail::wnaf_vartime(s.le_bytes(), w);
            r255_scalar acc = r255_scalar::zero(), pow = r255_scalar::one();
            const r255_scalar two = r255_scalar::from_u64(2);
            int last_nonzero = -1000;
            bool ok_digits = true;
            for (int j = 0; j < 257; ++j) {
                const int d = naf[static_cast<std::size_t>(j)];
                if (d != 0) {
                    if (d % 2 == 0 || d >= (1 << (w - 1)) || d <= -(1 << (w - 1))) ok_digits = false;
                    if (j - last_nonzero < w) ok_digits = false;
                    last_nonzero = j;
                    const r255_scalar mag = r255_scalar::from_u64(static_cast<std::uint64_t>(d < 0 ? -d : d));
                    acc = d < 0 ? acc - mag * pow : acc + mag * pow;
                }
                pow = pow * two;
            }
            CHECK(ok_digits);
            CHECK(acc == s);
        }
    }
}

TEST_CASE("multi_exp: wNAF digits and the generic MSM for scalars at or above 2^255 (modp4096's q = 2^256 - 189)",
          "[group][laws]") {
    // The top digit may sit at position 256; it was once dropped, so the
    // generic Straus code returned a wrong sum for such scalars.
    using G = modp4096;
    using S = G::scalar;
    seeded_rng r(809);
    const S two = S::from_u64(2);
    std::vector<S> cases{-S::one(), -two, -S::from_u64(190), S::one()};
    for (int i = 0; i < 6; ++i) cases.push_back(S::random(r));
    for (int w = 2; w <= 8; ++w)
        for (const auto& s : cases) {
            INFO("w = " << w << ", s = " << s.hex());
            const auto naf = detail::wnaf_vartime(s.le_bytes(), w);
            S acc = S::zero(), pow = S::one();
            for (int j = 0; j < 257; ++j) {
                const int d = naf[static_cast<std::size_t>(j)];
                const S mag = S::from_u64(static_cast<std::uint64_t>(d < 0 ? -d : d));
                acc = d < 0 ? acc - mag * pow : acc + mag * pow;
                pow = pow * two;
            }
            CHECK(acc == s);
        }
    const std::vector<S> s{-S::one(), -two, cases[4], S::zero()};
    const std::vector<G::element> p{G::generator(), G::generator() * cases[5], G::generator() * cases[6],
                                    G::generator()};
    G::element want = G::identity();
    for (std::size_t i = 0; i < s.size(); ++i) want = want + p[i] * s[i];
    CHECK(multi_exp_vartime<G>(s, p) == want);
    CHECK(G::multi_exp_vartime(s, p) == want);
    for (int w : {2, 5, 8}) CHECK(detail::straus_vartime<G>(s, p, w) == want);
    CHECK(detail::pippenger_vartime<G>(s, p, 4) == want);
}
