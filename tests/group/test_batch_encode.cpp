// scrutineer tests — ristretto255::double_and_encode_batch against libdecaf's
// own encoder, and r255_scalar::half.
#include <catch2/catch.hpp>

#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;
using G = ristretto255;

namespace {

// libdecaf's encoding of 2·p, computed afresh (no cached bytes)
std::array<byte, 32> reference_double(const G::element& p) {
    auto d = p + p;
    REQUIRE(d.cached_encoding() == nullptr);
    return G::encode(d).bytes;
}

void check_batch(std::vector<G::element> pts) {
    std::vector<std::array<byte, 32>> want;
    std::vector<G::element> doubled;
    for (const auto& p : pts) {
        want.push_back(reference_double(p));
        doubled.push_back(p + p);
    }
    G::double_and_encode_batch(pts);
    for (std::size_t i = 0; i < pts.size(); ++i) {
        INFO("point " << i << " of " << pts.size());
        REQUIRE(pts[i].cached_encoding() != nullptr);
        CHECK(*pts[i].cached_encoding() == want[i]);
        CHECK(pts[i] == doubled[i]);
        // the stored point itself encodes to the same bytes through libdecaf
        auto copy = pts[i] + G::identity();
        CHECK(G::encode(copy).bytes == want[i]);
    }
}

}  // namespace

TEST_CASE("batch encode: the encodings of doubled points equal libdecaf's, any batch size", "[group]") {
    seeded_rng r(4242);
    for (std::size_t n : {1u, 2u, 3u, 7u, 64u}) {
        std::vector<G::element> pts;
        for (std::size_t i = 0; i < n; ++i) {
            if (i % 3 == 0) pts.push_back(G::mul_base(G::scalar::random(r)));  // computed: Z ≠ 1
            else if (i % 3 == 1) {
                auto d = G::decode(G::encode(G::mul_base(G::scalar::random(r))).span());  // decoded: Z = 1
                REQUIRE(d.ok());
                pts.push_back(*d);
            } else {
                std::array<byte, 64> u{};
                r.fill(u);
                pts.push_back(G::from_uniform_bytes(u));
            }
        }
        check_batch(pts);
    }
    std::vector<G::element> none;
    G::double_and_encode_batch(none);  // empty: nothing happens
}

TEST_CASE("batch encode: the identity, every coset representative, and zeros among other points", "[group]") {
    seeded_rng r(99);
    const auto P = G::mul_base(G::scalar::random(r));
    const auto reps = detail::r255_coset_representatives(P);
    const auto ids = detail::r255_coset_representatives(G::identity());
    for (std::size_t k = 0; k < 4; ++k) {
        INFO("representative " << k);
        // they are representatives of the same element, by libdecaf's equality and encoder
        CHECK(reps[k] == P);
        CHECK(G::encode(reps[k] + G::identity()) == G::encode(P + G::identity()));
        CHECK(ids[k] == G::identity());
        CHECK(G::is_identity(ids[k]));
    }
    // each representative alone, and all of them in one batch with the
    // identity's representatives (zero products) in between
    for (const auto& x : reps) check_batch({x});
    for (const auto& x : ids) check_batch({x});
    std::vector<G::element> mixed;
    for (std::size_t k = 0; k < 4; ++k) {
        mixed.push_back(reps[k]);
        mixed.push_back(ids[k]);
    }
    mixed.push_back(G::mul_base(G::scalar::random(r)));
    check_batch(mixed);
    std::vector<G::element> only_ids(ids.begin(), ids.end());
    G::double_and_encode_batch(only_ids);
    for (const auto& x : only_ids) CHECK(G::encode(x).bytes == std::array<byte, 32>{});
}

TEST_CASE("batch encode: (s/2)·B doubled is s·B with the encoding of s·B", "[group]") {
    seeded_rng r(5);
    const G::scalar two = G::scalar::from_u64(2);
    for (int i = 0; i < 8; ++i) {
        const auto s = i == 0 ? G::scalar::zero() : i == 1 ? G::scalar::one() : G::scalar::random(r);
        CHECK(s.half() * two == s);
        CHECK(s.half() + s.half() == s);
        std::vector<G::element> h{G::mul_base(s.half())};
        G::double_and_encode_batch(h);
        CHECK(h[0] == G::mul_base(s));
        CHECK(*h[0].cached_encoding() == G::encode(G::mul_base(s) + G::identity()).bytes);
    }
}
