// Tests of the shuffle's building blocks: oblivious sorting, the constant-time
// multi-exponentiation, ciphertext lists.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "scrutineer/mixnet/ciphertext_list.hpp"
#include "scrutineer/mixnet/ct_multi_exp.hpp"
#include "scrutineer/mixnet/oblivious.hpp"
#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;
using namespace scrutineer::mixnet;

TEST_CASE("oblivious_sort sorts records by 128-bit key and carries payloads", "[mixnet][oblivious]") {
    seeded_rng r(5);
    for (std::size_t n : {0u, 1u, 2u, 3u, 5u, 7u, 8u, 13u, 100u, 257u, 1000u, 20000u}) {
        INFO("n = " << n);
        const std::size_t words = 4;  // key hi, key lo, two payload words
        std::vector<std::uint64_t> buf(n * words);
        std::vector<std::array<std::uint64_t, 4>> ref(n);
        for (std::size_t i = 0; i < n; ++i) {
            std::array<byte, 8> b{};
            r.fill(b);
            std::uint64_t v = 0;
            for (int k = 0; k < 8; ++k) v |= static_cast<std::uint64_t>(b[static_cast<std::size_t>(k)]) << (8 * k);
            // few distinct hi words, so that lo decides often; lo unique
            ref[i] = {v % 7, (v >> 8) * 1000003 + i, v, ~v};
            std::copy(ref[i].begin(), ref[i].end(), buf.begin() + static_cast<std::ptrdiff_t>(i * words));
        }
        oblivious_sort(buf, n, 8 * words);
        std::sort(ref.begin(), ref.end(), [](const auto& a, const auto& b) { return a[0] != b[0] ? a[0] < b[0] : a[1] < b[1]; });
        bool same = true;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < words; ++k) same = same && buf[i * words + k] == ref[i][k];
        CHECK(same);
    }
    std::vector<std::uint64_t> small(3);
    CHECK_THROWS_AS(oblivious_sort(small, 1, 12), std::invalid_argument);
    CHECK_THROWS_AS(oblivious_sort(small, 2, 16), std::invalid_argument);
}

TEST_CASE("multi_exp_ct equals the variable-time MSM", "[mixnet][ct_msm]") {
    using G = ristretto255;
    seeded_rng r(6);
    for (std::size_t n : {0u, 1u, 2u, 63u, 64u, 65u, 300u}) {
        INFO("n = " << n);
        std::vector<G::scalar> s;
        std::vector<G::element> p;
        for (std::size_t i = 0; i < n; ++i) {
            s.push_back(i == 1 ? G::scalar::zero() : (i == 2 ? -G::scalar::one() : G::scalar::random(r)));
            p.push_back(G::mul_base(G::scalar::random(r)));
        }
        CHECK(multi_exp_ct<G>(s, p) == G::multi_exp_vartime(s, p));
    }
    // the reference backend (byte-encoded points) and a mismatch
    using R = ristretto255_ref;
    std::vector<R::scalar> s{R::scalar::random(r), R::scalar::random(r)};
    std::vector<R::element> p{R::mul_base(R::scalar::random(r)), R::mul_base(R::scalar::random(r))};
    CHECK(multi_exp_ct<R>(s, p) == p[0] * s[0] + p[1] * s[1]);
    CHECK_THROWS_AS(multi_exp_ct<R>(std::span<const R::scalar>(s), std::span<const R::element>(p.data(), 1)),
                    std::invalid_argument);
}

TEMPLATE_TEST_CASE("multi_exp_ct's generic path (signed windows over a table of ±1·P … ±8·P) equals the variable-time MSM",
                   "[mixnet][ct_msm]", ristretto255_ref, modp_tiny, modp4096) {
    // Groups without their own kernel; the negative half of each point's
    // table is built from −P (variable time: P is public). Scalars with
    // negative digits everywhere (−1), zero, one and random ones; identity
    // and repeated points; blocks of 64 and a partial one.
    using G = TestType;
    static_assert(!requires(std::span<const typename G::scalar> a, std::span<const typename G::element> b) {
        G::multi_exp_ct(a, b);
    });
    seeded_rng r(7);
    const std::vector<std::size_t> sizes = std::is_same_v<G, modp4096> ? std::vector<std::size_t>{0, 1, 3}
                                                                         : std::vector<std::size_t>{0, 1, 2, 63, 64, 65, 130};
    for (std::size_t n : sizes) {
        INFO("n = " << n);
        std::vector<typename G::scalar> s;
        std::vector<typename G::element> p;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t kind = i % 5;
            s.push_back(kind == 0   ? -G::scalar::one()
                        : kind == 1 ? G::scalar::zero()
                        : kind == 2 ? G::scalar::one()
                                    : G::scalar::random(r));
            p.push_back(i % 7 == 3 ? G::identity() : i % 7 == 4 && i > 0 ? p[i - 1] : G::mul_base(G::scalar::random_nonzero(r)));
        }
        CHECK(multi_exp_ct<G>(s, p) == G::multi_exp_vartime(s, p));
    }
}

TEST_CASE("ciphertext_list validates lengths and elements", "[mixnet][list]") {
    using G = ristretto255;
    CHECK(ciphertext_list<G>::from_bytes(bytes(64), 1, 0).err().code == errc::bad_input);
    CHECK(ciphertext_list<G>::from_bytes(bytes(63), 1, 1).err().code == errc::bad_length);
    CHECK(ciphertext_list<G>::from_bytes(bytes(128), 1, 1).err().code == errc::bad_length);
    auto l = ciphertext_list<G>::from_bytes(bytes(128), 1, 2);
    REQUIRE(l.ok());
    CHECK(l->at(0).err().code == errc::identity);
    CHECK(l->at(1).err().code == errc::out_of_range);
    CHECK(ciphertext_list<G>::from_hex("0g", 1, 1).err().code == errc::bad_hex);
}
