// [speed] multi-scalar multiplication (Straus and Pippenger, generic and on
// libdecaf), digit recodings and batch decoding: against naive sums on random
// inputs and every edge case, on both ristretto255 backends.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scrutineer/group/decode_batch.hpp"
#include "scrutineer/group/fixed_base.hpp"
#include "scrutineer/group/msm.hpp"
#include "scrutineer/group/multi_exp.hpp"
#include "scrutineer/group/ristretto255.hpp"
#include "scrutineer/parallel/pool.hpp"

using namespace scrutineer;

namespace {

using fast = ristretto255;
using ref = ristretto255_ref;

r255_scalar l_minus_1() { return -r255_scalar::one(); }

template <class G>
typename G::element naive(const std::vector<r255_scalar>& s, const std::vector<typename G::element>& p) {
    auto acc = G::identity();
    for (std::size_t i = 0; i < s.size(); ++i) acc += p[i] * s[i];
    return acc;
}

// n random points on the fast engine by repeated addition (cheap), plus scalars.
struct inputs {
    std::vector<r255_scalar> s;
    std::vector<r255_point> p;
};

inputs make_inputs(std::size_t n, rng& r) {
    inputs in;
    const r255_point q = fast::mul_base(r255_scalar::random(r));
    r255_point x = fast::mul_base(r255_scalar::random(r));
    for (std::size_t i = 0; i < n; ++i) {
        in.s.push_back(r255_scalar::random(r));
        in.p.push_back(x);
        x += q;
    }
    return in;
}

// Overwrites positions with the edge cases: zero scalars, identity points,
// repeated points, ℓ−1, 1, short (64- and 128-bit) scalars, P and −P.
void add_edge_cases(inputs& in, rng& r) {
    const std::size_t n = in.s.size();
    if (n < 10) return;
    in.s[0] = r255_scalar::zero();
    in.p[1] = fast::identity();
    in.p[2] = in.p[3];
    in.s[4] = l_minus_1();
    in.s[5] = r255_scalar::one();
    in.s[6] = r255_scalar::from_u64(0xffffffffffffffffULL);
    std::array<byte, 64> w{};
    r.fill(std::span<byte>(w.data(), 16));
    in.s[7] = r255_scalar::from_wide(w);  // < 2^128
    in.p[8] = -in.p[9];
    in.s[8] = in.s[9];
}

// The sum by the fast engine's constant-time multiplications (the oracle; its
// own correctness is covered by tests/group).
r255_point oracle(const inputs& in) { return naive<fast>(in.s, in.p); }

}  // namespace

TEST_CASE("msm: fast path equals the naive sum, every size regime", "[speed][msm]") {
    seeded_rng r(3001);
    for (std::size_t n : {0, 1, 2, 3, 10, 31, 64, 200, 700}) {
        INFO("n = " << n);
        auto in = make_inputs(n, r);
        add_edge_cases(in, r);
        const auto want = oracle(in);
        CHECK(fast::multi_exp_vartime(in.s, in.p) == want);
        CHECK(multi_exp_vartime<fast>(in.s, in.p) == want);  // generic code on the same group
        CHECK(detail::r255_straus_vartime(in.s, in.p, 5) == want);
        if (n <= 64)
            for (int c = 2; c <= 15; c += (c < 6 ? 1 : 3)) {
                INFO("c = " << c);
                CHECK(detail::r255_pippenger_vartime(in.s, in.p, c) == want);
            }
        else
            CHECK(detail::r255_pippenger_vartime(in.s, in.p, 0) == want);
    }
}

TEST_CASE("msm: every Pippenger window width and every Straus width", "[speed][msm]") {
    seeded_rng r(3002);
    auto in = make_inputs(40, r);
    add_edge_cases(in, r);
    const auto want = oracle(in);
    for (int c = 2; c <= 15; ++c) {
        INFO("c = " << c);
        CHECK(detail::r255_pippenger_vartime(in.s, in.p, c) == want);
    }
    for (int w = 2; w <= 8; ++w) {
        INFO("w = " << w);
        CHECK(detail::r255_straus_vartime(in.s, in.p, w) == want);
    }
    CHECK_THROWS_AS(detail::r255_pippenger_vartime(in.s, in.p, 1), std::invalid_argument);
    CHECK_THROWS_AS(detail::r255_pippenger_vartime(in.s, in.p, 16), std::invalid_argument);
    CHECK_THROWS_AS(detail::r255_straus_vartime(in.s, in.p, 9), std::invalid_argument);
}

TEST_CASE("msm: degenerate inputs", "[speed][msm]") {
    seeded_rng r(3003);
    auto in = make_inputs(300, r);
    // all scalars zero; all points the identity; one non-zero term; all points equal
    std::vector<r255_scalar> zeros(in.s.size(), r255_scalar::zero());
    CHECK(fast::is_identity(fast::multi_exp_vartime(zeros, in.p)));
    CHECK(fast::is_identity(detail::r255_pippenger_vartime(zeros, in.p, 7)));
    std::vector<r255_point> ids(in.s.size(), fast::identity());
    CHECK(fast::is_identity(fast::multi_exp_vartime(in.s, ids)));
    CHECK(fast::is_identity(detail::r255_pippenger_vartime(in.s, ids, 9)));
    auto one = zeros;
    one[123] = in.s[123];
    CHECK(fast::multi_exp_vartime(one, in.p) == in.p[123] * in.s[123]);
    std::vector<r255_point> same(in.s.size(), in.p[0]);
    r255_scalar total = r255_scalar::zero();
    for (const auto& x : in.s) total += x;
    CHECK(fast::multi_exp_vartime(in.s, same) == in.p[0] * total);
    CHECK(detail::r255_pippenger_vartime(in.s, same, 11) == in.p[0] * total);
    // ℓ−1 everywhere: −ΣP
    std::vector<r255_scalar> lm(in.s.size(), l_minus_1());
    r255_point sum;
    for (const auto& x : in.p) sum += x;
    CHECK(fast::multi_exp_vartime(lm, in.p) == -sum);
    CHECK(detail::r255_pippenger_vartime(lm, in.p, 15) == -sum);
    // the digit 2^(c−1) (no carry) and runs of it: scalar 2^(c−1)·(1 + 2^c + 2^2c ...)
    for (int c : {4, 8, 13}) {
        std::array<byte, 32> b{};
        for (int pos = c - 1; pos < 250; pos += c) b[static_cast<std::size_t>(pos / 8)] |= static_cast<byte>(1 << (pos % 8));
        std::vector<r255_scalar> ss(in.s.size(), r255_scalar::from_canonical_unchecked(b));
        INFO("c = " << c);
        CHECK(detail::r255_pippenger_vartime(ss, in.p, c) == sum * ss[0]);
    }
    // size mismatch
    std::vector<r255_scalar> two(2, r255_scalar::one());
    CHECK_THROWS_AS(fast::multi_exp_vartime(two, in.p), std::invalid_argument);
    CHECK_THROWS_AS(multi_exp_vartime<fast>(two, in.p), std::invalid_argument);
}

TEST_CASE("msm: parallel windows give the same result on 1, 2 and 3 threads", "[speed][msm][parallel]") {
    seeded_rng r(3004);
    auto in = make_inputs(2500, r);  // above the parallel threshold
    add_edge_cases(in, r);
    const auto want = detail::r255_straus_vartime(in.s, in.p, 6);
    // spot-check the Straus reference against the oracle on a prefix
    {
        inputs head{std::vector<r255_scalar>(in.s.begin(), in.s.begin() + 50),
                    std::vector<r255_point>(in.p.begin(), in.p.begin() + 50)};
        CHECK(detail::r255_straus_vartime(head.s, head.p, 6) == oracle(head));
    }
    for (std::size_t t : {1, 2, 3}) {
        parallel::thread_scope ts(t);
        INFO("threads = " << t);
        CHECK(fast::multi_exp_vartime(in.s, in.p) == want);
        CHECK(detail::r255_pippenger_vartime(in.s, in.p, 10) == want);
    }
}

TEST_CASE("msm: generic code on the reference backend equals its naive sum", "[speed][msm][differential]") {
    seeded_rng r(3005);
    for (std::size_t n : {0, 1, 5, 24}) {
        INFO("n = " << n);
        auto in = make_inputs(n, r);
        add_edge_cases(in, r);
        std::vector<ref::element> pr;
        for (const auto& p : in.p) pr.push_back(ref::decode(fast::encode(p).span()).value());
        const auto want = naive<ref>(in.s, pr);
        CHECK(ref::encode(multi_exp_vartime<ref>(in.s, pr)) == fast::encode(oracle(in)));
        CHECK(multi_exp_vartime<ref>(in.s, pr) == want);
        CHECK(detail::pippenger_vartime<ref>(in.s, pr, 3) == want);
        CHECK(detail::straus_vartime<ref>(in.s, pr, 3) == want);
    }
}

TEST_CASE("msm: signed digit recodings reconstruct the scalar", "[speed][msm]") {
    seeded_rng r(3006);
    std::vector<r255_scalar> cases{r255_scalar::zero(), r255_scalar::one(), l_minus_1(),
                                   r255_scalar::from_u64(0xffffffffffffffffULL)};
    for (int i = 0; i < 20; ++i) cases.push_back(r255_scalar::random(r));
    for (const auto& s : cases) {
        INFO("s = " << s.hex());
        for (int c = 2; c <= 15; ++c) {
            const std::size_t windows = (253 + static_cast<std::size_t>(c)) / static_cast<std::size_t>(c);
            std::vector<std::int16_t> d(windows);
            detail::signed_digits_vartime(s.le_bytes(), c, windows, d.data(), 1);
            r255_scalar acc = r255_scalar::zero(), radix = r255_scalar::one();
            const r255_scalar step = r255_scalar::from_u64(std::uint64_t{1} << c);
            for (auto v : d) {
                CHECK(v <= (1 << (c - 1)));
                CHECK(v > -(1 << (c - 1)));
                const r255_scalar mag = r255_scalar::from_u64(static_cast<std::uint64_t>(v < 0 ? -v : v));
                acc += v < 0 ? -(mag * radix) : mag * radix;
                radix *= step;
            }
            CHECK(acc == s);
        }
        for (int w : {4, 5}) {
            std::array<std::int8_t, 65> d{};
            detail::ct_signed_digits(s.le_bytes(), w, d);
            r255_scalar acc = r255_scalar::zero(), radix = r255_scalar::one();
            const r255_scalar step = r255_scalar::from_u64(std::uint64_t{1} << w);
            for (auto v : d) {
                CHECK(v <= (1 << (w - 1)));
                CHECK(v >= -(1 << (w - 1)));
                const r255_scalar mag = r255_scalar::from_u64(static_cast<std::uint64_t>(v < 0 ? -v : v));
                acc += v < 0 ? -(mag * radix) : mag * radix;
                radix *= step;
            }
            CHECK(acc == s);
        }
    }
}

TEST_CASE("decode_batch: decodes, names the first bad element, checks sizes", "[speed][decode]") {
    seeded_rng r(3007);
    auto in = make_inputs(600, r);
    bytes flat;
    for (const auto& p : in.p) append(flat, fast::encode(p).span());
    for (std::size_t t : {1, 2}) {
        parallel::thread_scope ts(t);
        auto d = decode_batch<fast>(flat, in.p.size());
        REQUIRE(d.ok());
        REQUIRE(d->size() == in.p.size());
        for (std::size_t i = 0; i < in.p.size(); ++i) CHECK((*d)[i] == in.p[i]);
        // a bad encoding at 417 and another at 500: the first is named
        bytes bad = flat;
        bad[417 * 32] ^= 1;
        bad[500 * 32 + 31] |= 0x80;
        auto e = decode_batch<fast>(bad, in.p.size());
        REQUIRE_FALSE(e.ok());
        CHECK(e.err().code == errc::not_in_group);
        CHECK(e.err().message.rfind("element 417: ", 0) == 0);
        // the identity: accepted, or refused when asked
        bytes withid = flat;
        std::fill(withid.begin() + 9 * 32, withid.begin() + 10 * 32, byte{0});
        CHECK(decode_batch<fast>(withid, in.p.size()).ok());
        auto f = decode_batch<fast>(withid, in.p.size(), true);
        REQUIRE_FALSE(f.ok());
        CHECK(f.err().code == errc::identity);
        CHECK(f.err().message.rfind("element 9: ", 0) == 0);
    }
    CHECK(decode_batch<fast>(byte_span(flat.data(), flat.size() - 1), in.p.size()).err().code == errc::bad_length);
    CHECK(decode_batch<fast>(flat, in.p.size() + 1).err().code == errc::bad_length);
    CHECK(decode_batch<fast>(byte_span{}, 0).ok());
    // the span-of-encodings form, on the reference backend too
    std::vector<r255_encoded> enc;
    for (std::size_t i = 0; i < 20; ++i) enc.push_back(fast::encode(in.p[i]));
    auto g = decode_batch<ref>(std::span<const r255_encoded>(enc));
    REQUIRE(g.ok());
    for (std::size_t i = 0; i < 20; ++i) CHECK(ref::encode((*g)[i]) == enc[i]);
}

TEST_CASE("msm: libdecaf Pippenger loop equals the generic template, n = 0, 1, 2 and large", "[speed][msm]") {
    seeded_rng r(3006);
    for (std::size_t n : {0, 1, 2, 17, 1500}) {
        auto in = make_inputs(n, r);
        add_edge_cases(in, r);
        const auto want = detail::pippenger_vartime<fast>(in.s, in.p, 6);  // generic, through the operators
        if (n <= 17) CHECK(want == oracle(in));
        for (int c : {0, 2, 5, 13}) {
            INFO("n = " << n << ", c = " << c);
            CHECK(detail::r255_pippenger_vartime(in.s, in.p, c) == want);
        }
    }
    // a zero scalar on the only point, and the identity as the only point
    std::vector<r255_scalar> z{r255_scalar::zero()};
    std::vector<r255_point> g{fast::generator()};
    CHECK(fast::is_identity(detail::r255_pippenger_vartime(z, g, 0)));
    std::vector<r255_scalar> o{r255_scalar::one()};
    std::vector<r255_point> id{fast::identity()};
    CHECK(fast::is_identity(detail::r255_pippenger_vartime(o, id, 3)));
    CHECK(detail::r255_pippenger_vartime(o, g, 3) == fast::generator());
}

TEST_CASE("msm: the constant-time kernel equals the naive sum, edge cases and several blocks", "[speed][msm][ct_msm]") {
    seeded_rng r(3007);
    // 0, 1, a partial block, one block, a block and one, several blocks
    for (std::size_t n : {0u, 1u, 10u, 64u, 65u, 200u}) {
        INFO("n = " << n);
        auto in = make_inputs(n, r);
        add_edge_cases(in, r);
        CHECK(fast::multi_exp_ct(in.s, in.p) == oracle(in));
    }
    auto in = make_inputs(130, r);
    // every digit value, both signs: 4-bit runs of 8 (the top digit), of 7, of 9 (−7 with a carry)
    for (byte v : {byte{0x88}, byte{0x77}, byte{0x99}, byte{0xff}}) {
        std::array<byte, 32> b{};
        b.fill(v);
        b[31] = 0x0f;  // below ℓ ≈ 2^252
        std::vector<r255_scalar> ss(in.s.size(), r255_scalar::from_canonical_unchecked(b));
        r255_point sum;
        for (const auto& x : in.p) sum += x;
        INFO("byte " << int(v));
        CHECK(fast::multi_exp_ct(ss, in.p) == sum * ss[0]);
    }
    // ℓ−1 everywhere, all zero, all identity points, all points equal
    std::vector<r255_scalar> lm(in.s.size(), l_minus_1()), zeros(in.s.size(), r255_scalar::zero());
    r255_point sum;
    for (const auto& x : in.p) sum += x;
    CHECK(fast::multi_exp_ct(lm, in.p) == -sum);
    CHECK(fast::is_identity(fast::multi_exp_ct(zeros, in.p)));
    std::vector<r255_point> ids(in.s.size(), fast::identity()), same(in.s.size(), in.p[0]);
    CHECK(fast::is_identity(fast::multi_exp_ct(in.s, ids)));
    r255_scalar total = r255_scalar::zero();
    for (const auto& x : in.s) total += x;
    CHECK(fast::multi_exp_ct(in.s, same) == in.p[0] * total);
    std::vector<r255_scalar> two(2, r255_scalar::one());
    CHECK_THROWS_AS(fast::multi_exp_ct(two, in.p), std::invalid_argument);
}

namespace {

// A stand-in group for checking Bos–Coster schedules quickly on many shapes
// of scalars: the integers mod the Mersenne prime p = 2^61 − 1 under
// addition, where s·x is s·x mod p.
constexpr std::uint64_t p61 = (std::uint64_t{1} << 61) - 1;
__extension__ typedef unsigned __int128 u128;  // GCC and Clang
struct mod_ops {
    using point = std::uint64_t;
    static point identity() { return 0; }
    static void add(point& a, const point& b) { a = (a + b) % p61; }
    static void sub(point& a, const point& b) { a = (a + p61 - b) % p61; }
    static void neg(point& out, const point& b) { out = (p61 - b) % p61; }
    static void dbl(point& a) { a = (2 * a) % p61; }
};
struct raw_scalar {
    std::array<byte, 32> b{};
    std::array<byte, 32> le_bytes() const { return b; }
};
std::uint64_t mod_p61(const std::array<byte, 32>& le) {
    u128 acc = 0;
    for (std::size_t i = 32; i-- > 0;) acc = (acc * 256 + le[i]) % p61;
    return static_cast<std::uint64_t>(acc);
}
std::uint64_t naive_p61(const std::vector<raw_scalar>& s, const std::vector<std::uint64_t>& x) {
    u128 acc = 0;
    for (std::size_t i = 0; i < s.size(); ++i) acc = (acc + static_cast<u128>(mod_p61(s[i].b)) * x[i]) % p61;
    return static_cast<std::uint64_t>(acc);
}
raw_scalar raw_random(rng& r, int bits) {
    raw_scalar s;
    r.fill(std::span<byte>(s.b));
    for (int k = bits; k < 256; ++k) s.b[static_cast<std::size_t>(k / 8)] &= static_cast<byte>(~(1u << (k % 8)));
    return s;
}
raw_scalar raw_u64(std::uint64_t v, int shift = 0) {
    raw_scalar s;
    for (int k = 0; k < 64; ++k)
        if ((v >> k) & 1) {
            const int pos = k + shift;
            if (pos < 256) s.b[static_cast<std::size_t>(pos / 8)] |= static_cast<byte>(1u << (pos % 8));
        }
    return s;
}

}  // namespace

TEST_CASE("msm: Bos-Coster schedules on many shapes of scalars (integers mod 2^61 - 1)", "[speed][msm][bos_coster]") {
    seeded_rng r(3010);
    raw_scalar top;
    top.b.fill(0xff);  // 2^256 − 1
    std::vector<std::pair<std::string, std::vector<raw_scalar>>> shapes;
    auto add_shape = [&](std::string name, std::vector<raw_scalar> v) { shapes.emplace_back(std::move(name), std::move(v)); };
    for (std::size_t n : {0, 1, 2, 3, 5, 48, 200, 1023}) {
        std::vector<raw_scalar> v;
        for (std::size_t i = 0; i < n; ++i) v.push_back(raw_random(r, 256));
        add_shape("random 256-bit, n = " + std::to_string(n), v);
    }
    {
        std::vector<raw_scalar> v;
        for (int i = 0; i < 300; ++i) v.push_back(raw_random(r, i % 2 ? 128 : 253));
        add_shape("128- and 253-bit mixed", v);
    }
    {
        std::vector<raw_scalar> v(100, raw_u64(7));
        v[17] = top;
        add_shape("one 2^256 − 1 among sevens (division steps)", v);
    }
    {
        std::vector<raw_scalar> v;
        for (int i = 0; i < 256; ++i) v.push_back(raw_u64(1, i));
        add_shape("every power of two 2^0 … 2^255", v);
    }
    add_shape("all equal", std::vector<raw_scalar>(64, raw_random(r, 252)));
    add_shape("all one", std::vector<raw_scalar>(64, raw_u64(1)));
    add_shape("all zero", std::vector<raw_scalar>(64));
    {
        std::vector<raw_scalar> v(500);
        v[499] = raw_random(r, 256);
        add_shape("one non-zero, last", v);
    }
    {
        // consecutive Fibonacci numbers: the slowest case for subtraction steps
        std::vector<raw_scalar> v;
        std::uint64_t a = 1, b = 1;
        for (int i = 0; i < 90; ++i) {
            v.push_back(raw_u64(a, 150));
            const std::uint64_t c = a + b;
            a = b;
            b = c;
        }
        add_shape("Fibonacci numbers times 2^150", v);
    }
    {
        std::vector<raw_scalar> v;
        for (int i = 0; i < 100; ++i) v.push_back(raw_random(r, 256));
        for (int i = 0; i < 100; ++i) v.push_back(v[static_cast<std::size_t>(i)]);  // each scalar twice
        v.push_back(top);
        v.push_back(raw_u64(1));
        add_shape("duplicates, 2^256 − 1 and 1", v);
    }
    {
        // scalars that share their top 56 bits (and so their heap key) but differ below
        std::vector<raw_scalar> v;
        const raw_scalar base = raw_random(r, 250);
        for (int i = 0; i < 60; ++i) {
            raw_scalar x = base;
            x.b[0] = static_cast<byte>(i * 37);
            x.b[1] = static_cast<byte>(i);
            v.push_back(x);
        }
        add_shape("one top, different low bytes", v);
    }
    {
        // equal middle words, so that a borrow runs through an equal word
        std::vector<raw_scalar> v;
        for (int i = 0; i < 60; ++i) {
            raw_scalar x = raw_random(r, 256);
            for (std::size_t j = 8; j < 24; ++j) x.b[j] = 0x5a;
            x.b[31] = static_cast<byte>(x.b[31] & 0x07);
            v.push_back(x);
        }
        add_shape("equal middle words", v);
    }
    for (const auto& [name, s] : shapes) {
        INFO(name);
        std::vector<std::uint64_t> x;
        for (std::size_t i = 0; i < s.size(); ++i) x.push_back(mod_p61(raw_random(r, 256).b));
        const auto got = detail::bos_coster_ops_vartime<mod_ops>(std::span<const raw_scalar>(s), x.data(),
                                                                 detail::bos_coster_budget(s.size()));
        REQUIRE(got.has_value());
        CHECK(*got == naive_p61(s, x));
        // the plan's own shape: every op names two distinct points in range
        std::vector<std::array<byte, 32>> k;
        for (const auto& e : s) k.push_back(e.b);
        const auto plan = detail::plan_bos_coster(k, detail::bos_coster_budget(s.size()));
        CHECK(plan.complete);
        bool ops_ok = true;
        for (const auto& op : plan.ops)
            ops_ok = ops_ok && op.a != op.b && op.a < s.size() && op.b < s.size() &&
                     (op.q == detail::bos_coster_plan::unit || op.q < plan.quotients.size());
        CHECK(ops_ok);
    }
}

TEST_CASE("msm: Bos-Coster gives up past its step budget and multi_exp_vartime falls back", "[speed][msm][bos_coster]") {
    seeded_rng r(3011);
    std::vector<std::array<byte, 32>> k;
    for (int i = 0; i < 100; ++i) k.push_back(raw_random(r, 253).b);
    CHECK_FALSE(detail::plan_bos_coster(k, 10).complete);
    CHECK(detail::plan_bos_coster(k, detail::bos_coster_budget(k.size())).complete);
    auto in = make_inputs(100, r);
    add_edge_cases(in, r);
    const auto want = oracle(in);
    CHECK_FALSE(detail::r255_bos_coster_vartime(in.s, in.p, 10).has_value());
    const auto full = detail::r255_bos_coster_vartime(in.s, in.p);
    REQUIRE(full.has_value());
    CHECK(*full == want);
    CHECK(fast::multi_exp_vartime(in.s, in.p) == want);
    std::vector<r255_scalar> two(2, r255_scalar::one());
    CHECK_THROWS_AS(detail::r255_bos_coster_vartime(two, in.p), std::invalid_argument);
}

TEST_CASE("msm: Bos-Coster on libdecaf and on the reference backend, at and around its size range", "[speed][msm][bos_coster]") {
    seeded_rng r(3012);
    for (std::size_t n : {0, 1, 2, 63, 64, 65, 130, 1023, 1024}) {
        INFO("n = " << n);
        auto in = make_inputs(n, r);
        add_edge_cases(in, r);
        const auto want = oracle(in);
        const auto bc = detail::r255_bos_coster_vartime(in.s, in.p);
        REQUIRE(bc.has_value());
        CHECK(*bc == want);
        CHECK(fast::multi_exp_vartime(in.s, in.p) == want);
        CHECK(multi_exp_vartime<fast>(in.s, in.p) == want);
        if (n <= 130) {
            std::vector<ref::element> pr;
            for (const auto& p : in.p) pr.push_back(ref::decode(fast::encode(p).span()).value());
            CHECK(ref::encode(multi_exp_vartime<ref>(in.s, pr)) == fast::encode(want));
        }
    }
}
