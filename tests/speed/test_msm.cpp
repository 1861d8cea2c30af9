// [speed] multi-scalar multiplication (Straus and Pippenger, generic and on
// libdecaf), digit recodings and batch decoding: against naive sums on random
// inputs and every edge case, on both ristretto255 backends.
#include <catch2/catch.hpp>

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
