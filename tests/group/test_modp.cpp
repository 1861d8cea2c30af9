// scrutineer tests — modp groups (GMP): group and scalar laws on both parameter
// sets, exhaustive checks on the tiny group, validated decoding, fixed-base
// tables, multi-exponentiation, batched membership, and the generic protocols
// (ElGamal, Schnorr, DLEQ, range proofs) running unchanged on the 4096-bit group.
#include <catch2/catch.hpp>

#include <set>
#include <vector>

#include "scrutineer/group/modp.hpp"
#include "scrutineer/primitives/elgamal.hpp"
#include "scrutineer/protocols/dleq.hpp"
#include "scrutineer/protocols/range.hpp"
#include "scrutineer/protocols/schnorr.hpp"

using namespace scrutineer;

namespace {
template <class G>
typename G::element rnd(rng& r) {
    return G::mul_base(G::scalar::random_nonzero(r));
}
// 4096-bit operations cost ~1–2 ms each under any build; keep loops short.
template <class G>
constexpr int rounds() {
    return G::element_size > 8 ? 2 : 40;
}
}  // namespace

TEMPLATE_TEST_CASE("modp scalar laws", "[modp][laws]", modp4096, modp_tiny) {
    using S = typename TestType::scalar;
    seeded_rng r(11);
    for (int i = 0; i < 60; ++i) {
        const S a = S::random(r), b = S::random(r), c = S::random(r);
        CHECK(a + b == b + a);
        CHECK(a * b == b * a);
        CHECK((a + b) + c == a + (b + c));
        CHECK((a * b) * c == a * (b * c));
        CHECK(a * (b + c) == a * b + a * c);
        CHECK(a - b == a + (-b));
        CHECK((-a + a).is_zero());
        CHECK(a * S::one() == a);
        CHECK(-(-a) == a);
        if (!a.is_zero()) CHECK(a * a.invert() == S::one());
        CHECK(S::decode((a * b).encode()).ok());
        CHECK(S::decode((a + b).encode()).ok());
        CHECK(S::decode((a - b).encode()).ok());
        CHECK(S::decode(a.encode()).value() == a);
        // le_bytes is the reverse of the big-endian encoding
        auto be = a.encode(), le = a.le_bytes();
        for (std::size_t k = 0; k < 32; ++k) CHECK(be[k] == le[31 - k]);
    }
    const S m1 = -S::one();
    CHECK(m1 + S::one() == S::zero());
    CHECK(m1 * m1 == S::one());
    CHECK(S::zero().invert().is_zero());
    CHECK(S::from_u64(3) * S::from_u64(5) == S::from_u64(15));
    CHECK(S::from_u64(3) - S::from_u64(5) == -S::from_u64(2));
}

TEST_CASE("modp4096 scalar: encoding edge values (EG §5.1.2)", "[modp]") {
    using S = modp4096::scalar;
    // q - 1 = ...42 (the spec's own example b(q − 1, 32))
    const S m1 = -S::one();
    CHECK(m1.hex() == "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff42");
    CHECK(S::from_u64(16).hex() == "0000000000000000000000000000000000000000000000000000000000000010");
    // q itself and 2^256 - 1 are not canonical; wrong lengths rejected
    CHECK(S::decode(from_hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff43").value()).err().code ==
          errc::non_canonical);
    CHECK(S::decode(bytes(32, 0xff)).err().code == errc::non_canonical);
    CHECK(S::decode(bytes(31, 0)).err().code == errc::bad_length);
    CHECK(S::decode(bytes(33, 0)).err().code == errc::bad_length);
    // from_wide of a 32-byte value >= q reduces (hash outputs, §5.4)
    CHECK(S::from_wide(bytes(32, 0xff)) == S::from_u64(188));
    CHECK_THROWS_AS(S::from_wide(bytes(65, 0)), std::invalid_argument);
}

TEMPLATE_TEST_CASE("modp group laws", "[modp][laws]", modp4096, modp_tiny) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(12);
    for (int i = 0; i < rounds<G>(); ++i) {
        const auto p = rnd<G>(r), q = rnd<G>(r);
        const S a = S::random(r), b = S::random(r);
        CHECK(p + q == q + p);
        CHECK(G::is_identity(p - p));
        CHECK((p + q) - q == p);
        CHECK(-(-p) == p);
        CHECK(p.dbl() == p + p);
        CHECK(p + G::identity() == p);
        CHECK(p * (a + b) == p * a + p * b);
        CHECK((p + q) * a == p * a + q * a);
        CHECK(p * (a * b) == (p * b) * a);
        CHECK(p * (-a) == -(p * a));
        CHECK(G::mul_base(a) == G::generator() * a);
        CHECK(G::mul_base_vartime(a) == G::mul_base(a));
        CHECK(p.pow_vartime(a) == p * a);
        CHECK(p.mul_vartime(q) == p + q);
        CHECK(p.invert_vartime() == -p);
        CHECK(G::double_base_vartime(a, b, p) == G::mul_base(a) + p * b);
        CHECK(G::is_identity(p * S::zero()));
        CHECK(p * S::one() == p);
        CHECK(G::is_identity(G::mul_base(S::zero())));
        CHECK(G::is_identity(p * (-S::one()) + p));  // q·P = 1
        auto d = G::decode(G::encode(p).span());
        REQUIRE(d.ok());
        CHECK(*d == p);
        CHECK(G::in_subgroup_vartime(p));
    }
    CHECK(G::is_identity(G::identity()));
    CHECK(G::is_identity(typename G::element{}));
    CHECK_FALSE(G::is_identity(G::generator()));
    CHECK(G::is_identity(G::decode(G::encode(G::identity()).span()).value()));
}

TEMPLATE_TEST_CASE("modp multi-exponentiation matches the naive product", "[modp]", modp4096, modp_tiny) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(13);
    // below 8 bases Straus, from 8 on Bos–Coster (src/group/modp.cpp)
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{7},
                          std::size_t{8}, std::size_t{9}, std::size_t{30}}) {
        INFO("n = " << n);
        std::vector<S> s;
        std::vector<typename G::element> p;
        auto naive = G::identity();
        for (std::size_t i = 0; i < n; ++i) {
            // zero, q − 1, 1 and a repeated exponent; the identity and a repeated base
            s.push_back(i == 1 ? S::zero() : i == 3 ? -S::one() : i == 4 ? S::one() : i == 6 ? s[5] : S::random(r));
            p.push_back(i == 2 ? G::identity() : i == 7 ? p[5] : rnd<G>(r));
            naive = naive + p.back() * s.back();
        }
        CHECK(G::multi_exp_vartime(s, p) == naive);
        if (n > 0) {
            const std::vector<S> zeros(n, S::zero());
            CHECK(G::multi_exp_vartime(zeros, p) == G::identity());
            const std::vector<S> qm1(n, -S::one());
            auto prod = G::identity();
            for (const auto& x : p) prod = prod + x;
            CHECK(G::multi_exp_vartime(qm1, p) == G::identity() - prod);
        }
        std::vector<std::uint64_t> e;
        auto naive2 = G::identity();
        for (std::size_t i = 0; i < n; ++i) {
            e.push_back(i == 0 ? 0xffffffffffffffffULL : 1000003ULL * (i + 1));
            naive2 = naive2 + p[i].pow_bytes_vartime(S::from_u64(e.back()).encode());
        }
        CHECK(G::multi_exp_u64_vartime(e, p) == naive2);
    }
    std::vector<S> s1(2);
    std::vector<typename G::element> p1(3);
    CHECK_THROWS_AS(G::multi_exp_vartime(s1, p1), std::invalid_argument);
}

TEMPLATE_TEST_CASE("modp pow_many_vartime matches separate exponentiations", "[modp]", modp4096, modp_tiny) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(21);
    const auto x = rnd<G>(r);
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{11}}) {
        std::vector<S> e;
        for (std::size_t i = 0; i < n; ++i)
            e.push_back(i == 1 ? S::zero() : i == 2 ? -S::one() : i == 3 ? S::one() : i == 4 ? S::from_u64(15) : S::random(r));
        const auto got = G::pow_many_vartime(x, e);
        REQUIRE(got.size() == n);
        for (std::size_t i = 0; i < n; ++i) CHECK(got[i] == x * e[i]);
        const auto id = G::pow_many_vartime(G::identity(), e);
        for (const auto& y : id) CHECK(G::is_identity(y));
    }
    const std::vector<S> zeros(3, S::zero());
    for (const auto& y : G::pow_many_vartime(x, zeros)) CHECK(G::is_identity(y));
}

TEMPLATE_TEST_CASE("modp pow_many_vartime decides subgroup membership from its chain", "[modp][negative]", modp4096,
                   modp_tiny) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(22);
    std::vector<typename G::element> members{G::identity(), G::generator(), rnd<G>(r), rnd<G>(r)};
    // non-members: p − 1 (order 2), 7 (a non-residue mod 2039), a member times
    // p − 1, and for the 4096-bit group 4^q (a residue of order r', so only
    // the exponent q, not a Legendre symbol, tells it apart)
    bytes pm1 = G::p_bytes();
    pm1.back() = static_cast<byte>(pm1.back() - 1);
    bytes seven(G::element_size, 0);
    seven.back() = 7;
    std::vector<typename G::element> others{G::decode_range_only(pm1).value(), G::decode_range_only(seven).value()};
    others.push_back(members[2] + others[0]);
    if constexpr (G::element_size > 8) {
        bytes four(G::element_size, 0);
        four.back() = 4;
        others.push_back(G::decode_range_only(four).value().pow_bytes_vartime(G::q_bytes()));
    }
    for (const auto& x : others) REQUIRE_FALSE(G::in_subgroup_vartime(x));
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{11}}) {
        std::vector<S> e;
        for (std::size_t i = 0; i < n; ++i) e.push_back(i == 1 ? S::zero() : S::random(r));
        for (const auto& x : members) {
            bool in = false;
            const auto got = G::pow_many_vartime(x, e, &in);
            CHECK(in);
            REQUIRE(got.size() == n);
            for (std::size_t i = 0; i < n; ++i) CHECK(got[i] == x * e[i]);
        }
        for (const auto& x : others) {
            bool in = true;
            const auto got = G::pow_many_vartime(x, e, &in);
            CHECK_FALSE(in);
            CHECK(got.size() == n);
        }
        // short exponents only: the chain must still reach x^(2^255)
        const std::vector<S> small(n, S::from_u64(3));
        bool in = true;
        (void)G::pow_many_vartime(others[1], small, &in);
        CHECK_FALSE(in);
        in = false;
        (void)G::pow_many_vartime(members[3], small, &in);
        CHECK(in);
    }
    if constexpr (G::element_size <= 8) {
        // every x in 1 … p − 1 of the tiny group: the chain agrees with x^q = 1
        const std::vector<S> one{S::one()};
        for (std::uint32_t v = 1; v < 2039; ++v) {
            bytes b(G::element_size, 0);
            b[b.size() - 2] = static_cast<byte>(v >> 8);
            b[b.size() - 1] = static_cast<byte>(v);
            const auto x = G::decode_range_only(b).value();
            bool in = false;
            (void)G::pow_many_vartime(x, one, &in);
            CHECK(in == G::in_subgroup_vartime(x));
        }
    }
}

TEMPLATE_TEST_CASE("modp fixed-base table (constant-time and vartime)", "[modp][fixed_base]", modp4096, modp_tiny) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(14);
    const auto base = rnd<G>(r);
    fixed_base<G> fb(base);
    CHECK(fb.base() == base);
    for (int i = 0; i < rounds<G>(); ++i) {
        const S a = S::random(r);
        CHECK(fb.mul(a) == base * a);
        CHECK(fb.mul_vartime(a) == base * a);
    }
    CHECK(G::is_identity(fb.mul(S::zero())));
    CHECK(G::is_identity(fb.mul_vartime(S::zero())));
    CHECK(fb.mul(-S::one()) == -base);
    CHECK(fb.mul(S::one()) == base);
    CHECK(fb.mul_vartime(-S::one()) == -base);
    // every digit of the constant-time comb at its maximum, and (for digit
    // widths 5 to 8) every digit at 1
    const S all_ones = S::from_wide(std::array<byte, 32>{0x0f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
    CHECK(fb.mul(all_ones) == base * all_ones);
    for (std::uint64_t w = 5; w <= 8; ++w) {
        S sparse = S::zero();
        for (std::uint64_t i = 0; i < 256 / w; ++i) sparse = sparse * S::from_u64(std::uint64_t{1} << w) + S::one();
        CHECK(fb.mul(sparse) == base * sparse);
    }
}

TEST_CASE("modp_tiny: exhaustive decoding and subgroup", "[modp]") {
    using G = modp_tiny;
    // every 2-byte value: exactly the q = 1019 quadratic residues in [1, 2039) decode
    std::set<std::uint32_t> members;
    for (std::uint32_t x = 0; x < 65536; ++x) {
        const bytes b{static_cast<byte>(x >> 8), static_cast<byte>(x)};
        auto e = G::decode(b);
        if (x == 0) CHECK(e.err().code == errc::out_of_range);
        else if (x >= 2039) CHECK(e.err().code == errc::out_of_range);
        if (e) members.insert(x);
    }
    CHECK(members.size() == 1019);
    // g generates all of them: g^k for k in [0, q) is a bijection onto the members
    std::set<std::uint32_t> powers;
    auto acc = G::identity();
    for (std::uint64_t k = 0; k < 1019; ++k) {
        CHECK(G::mul_base(G::scalar::from_u64(k)) == acc);
        const auto enc = G::encode(acc);
        powers.insert(static_cast<std::uint32_t>(enc.bytes[0]) << 8 | enc.bytes[1]);
        acc = acc + G::generator();
    }
    CHECK(G::is_identity(acc));
    CHECK(powers == members);
    // every scalar decodes iff < q
    for (std::uint32_t s = 1015; s < 1025; ++s) {
        bytes b(32, 0);
        b[30] = static_cast<byte>(s >> 8);
        b[31] = static_cast<byte>(s);
        CHECK(G::scalar::decode(b).ok() == (s < 1019));
    }
    CHECK(G::scalar::from_u64(1019).is_zero());
    CHECK(G::scalar::from_u64(1020) == G::scalar::one());
}

TEMPLATE_TEST_CASE("modp decode rejects non-members, zero, p and wrong lengths", "[modp][negative]", modp4096,
                   modp_tiny) {
    using G = TestType;
    bytes pb = G::p_bytes();
    CHECK(G::decode(pb).err().code == errc::out_of_range);                 // x = p
    CHECK(G::decode(bytes(G::element_size, 0)).err().code == errc::out_of_range);  // x = 0
    CHECK(G::decode(bytes(G::element_size, 0xff)).err().code == errc::out_of_range);
    bytes pm1 = pb;
    pm1.back() = static_cast<byte>(pm1.back() - 1);  // p − 1 = −1, of order 2
    CHECK(G::decode(pm1).err().code == errc::not_in_group);
    CHECK_FALSE(G::decode_range_only(pm1).value() == G::identity());
    bytes two(G::element_size, 0);
    two.back() = 7;  // 7 is a non-residue mod 2039 and not in the EG subgroup
    CHECK(G::decode(two).err().code == errc::not_in_group);
    CHECK(G::decode(bytes(G::element_size - 1, 1)).err().code == errc::bad_length);
    CHECK(G::decode(bytes(G::element_size + 1, 1)).err().code == errc::bad_length);
    CHECK(decode_nonidentity<G>(G::encode(G::identity()).span()).err().code == errc::identity);
}

TEMPLATE_TEST_CASE("modp batched subgroup membership", "[modp][negative]", modp4096, modp_tiny) {
    using G = TestType;
    seeded_rng r(15);
    // 4 elements: Straus; 12: Bos–Coster (src/group/modp.cpp)
    for (int count : {4, 12}) {
        INFO(count << " elements");
        std::vector<typename G::element> xs;
        for (int i = 0; i < count; ++i) xs.push_back(rnd<G>(r));
        CHECK(G::batch_in_subgroup_vartime(xs, r));
        CHECK(G::batch_in_subgroup_vartime({}, r));
        bytes pm1 = G::p_bytes();
        pm1.back() = static_cast<byte>(pm1.back() - 1);
        bytes two(G::element_size, 0);
        two.back() = 7;  // a quadratic non-residue mod 2039
        for (const auto& bad : {pm1, two}) {
            auto e = G::decode_range_only(bad).value();
            for (std::size_t pos = 0; pos < xs.size(); ++pos) {
                auto ys = xs;
                ys[pos] = ys[pos] + e;  // times a non-member: out of the subgroup
                CHECK_FALSE(G::batch_in_subgroup_vartime(ys, r));
            }
        }
        if constexpr (G::element_size > 8) {
            // an element of order r' (in the QR group but outside the order-q
            // subgroup): h = 4^q has Legendre symbol 1 but h^q ≠ 1
            bytes four(G::element_size, 0);
            four.back() = 4;
            auto h = G::decode_range_only(four).value().pow_bytes_vartime(G::q_bytes());
            CHECK_FALSE(G::in_subgroup_vartime(h));
            for (std::size_t pos : {std::size_t{1}, xs.size() - 1}) {
                auto ys = xs;
                ys[pos] = h;
                CHECK_FALSE(G::batch_in_subgroup_vartime(ys, r));
                ys[pos] = xs[pos] + h;
                CHECK_FALSE(G::batch_in_subgroup_vartime(ys, r));
            }
        }
    }
}

TEST_CASE("modp from_uniform_bytes lands in the subgroup", "[modp]") {
    using G = modp_tiny;
    for (int i = 0; i < 50; ++i) {
        bytes b(64, static_cast<byte>(i));
        auto e = G::from_uniform_bytes(b);
        CHECK(G::in_subgroup_vartime(e));
        CHECK_FALSE(G::is_identity(e));
    }
    auto e = modp4096::from_uniform_bytes(bytes(64, 7));
    CHECK(modp4096::in_subgroup_vartime(e));
}

TEST_CASE("modp4096: the generic protocols run unchanged", "[modp][proofs]") {
    using G = modp4096;
    using S = G::scalar;
    seeded_rng r(16);
    const auto ctx = proof_context::for_election(std::string_view("modp-test"));
    SECTION("ElGamal exponential encryption and decryption") {
        auto kp = elgamal::key_pair<G>::generate(r);
        auto e = elgamal::encrypt_exp<G>(kp.pk, 7, r);
        CHECK(elgamal::decrypt_exp<G>(kp.sk, e.ct, 16).value() == 7);
        auto d = elgamal::ciphertext<G>::decode(e.ct.encode());
        REQUIRE(d.ok());
        CHECK(*d == e.ct);
    }
    SECTION("Schnorr") {
        auto x = secret<S>(S::random_nonzero(r));
        proofs::schnorr_statement<G> st{G::generator(), G::mul_base(x.expose())};
        auto p = proofs::prove_schnorr<G>(ctx, st, x, r);
        CHECK(proofs::verify_schnorr<G>(ctx, st, p).ok());
        auto q = proofs::schnorr_proof<G>::decode(p.encode()).value();
        CHECK(proofs::verify_schnorr<G>(ctx, st, q).ok());
        q.z = q.z + S::one();
        CHECK_FALSE(proofs::verify_schnorr<G>(ctx, st, q).ok());
        proofs::schnorr_statement<G> wrong{G::generator(), st.X + G::generator()};
        CHECK_FALSE(proofs::verify_schnorr<G>(ctx, wrong, p).ok());
    }
    SECTION("DLEQ (Chaum–Pedersen)") {
        auto x = secret<S>(S::random_nonzero(r));
        const auto h = G::mul_base(S::random_nonzero(r));
        proofs::dleq_statement<G> st{G::generator(), G::mul_base(x.expose()), h, h * x.expose()};
        auto p = proofs::prove_dleq<G>(ctx, st, x, r);
        CHECK(proofs::verify_dleq<G>(ctx, st, p).ok());
        auto q = proofs::dleq_proof<G>::decode(p.encode()).value();
        CHECK(proofs::verify_dleq<G>(ctx, st, q).ok());
        auto bad = q;
        bad.z = bad.z + S::one();
        CHECK_FALSE(proofs::verify_dleq<G>(ctx, st, bad).ok());
        bad = q;
        bad.B = bad.B + G::generator();
        CHECK_FALSE(proofs::verify_dleq<G>(ctx, st, bad).ok());
        // unequal logarithms, and another context
        proofs::dleq_statement<G> wrong{st.g, st.X, st.h, st.Y + h};
        CHECK_FALSE(proofs::verify_dleq<G>(ctx, wrong, p).ok());
        CHECK_FALSE(proofs::verify_dleq<G>(proof_context::for_election(std::string_view("other")), st, p).ok());
    }
    SECTION("0/1 range proof") {
        auto kp = elgamal::key_pair<G>::generate(r);
        auto e = elgamal::encrypt_exp<G>(kp.pk, 1, r);
        proofs::range_statement<G> st{kp.pk.element(), e.ct, 1};
        auto p = proofs::prove_range<G>(ctx, kp.pk, e.ct, 1, 1, e.randomness, r);
        CHECK(proofs::verify_range<G>(ctx, st, p).ok());
        proofs::range_statement<G> other{kp.pk.element(), e.ct + e.ct, 1};
        CHECK_FALSE(proofs::verify_range<G>(ctx, other, p).ok());
    }
}
