#include <catch2/catch.hpp>

#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;
using G = ristretto255;

// The fast engine keeps a point's encoding when it is known (decoded, or
// cached on purpose). It must never report a stale one.
TEST_CASE("encoding cache: decoded and cached points encode correctly, mutation invalidates", "[group]") {
    seeded_rng r(77);
    const auto x = G::mul_base(G::scalar::random(r));
    auto fresh = [](const G::element& e) {
        auto copy = e + G::identity();  // a computed point: no cache
        REQUIRE(copy.cached_encoding() == nullptr);
        return G::encode(copy);
    };
    const auto enc = G::encode(x);
    auto d = G::decode(enc.span());
    REQUIRE(d.ok());
    REQUIRE(d->cached_encoding() != nullptr);
    CHECK(*d->cached_encoding() == enc.bytes);
    auto y = *d;
    y += G::generator();  // in-place mutation
    CHECK(y.cached_encoding() == nullptr);
    CHECK(G::encode(y) == fresh(x + G::generator()));
    auto z = *d;
    z = z - G::generator();
    CHECK(G::encode(z) == fresh(x - G::generator()));
    auto c = x + x;
    c.cache_encoding();
    CHECK(G::encode(c) == fresh(x + x));
    c.storage();  // a writer's access invalidates
    CHECK(c.cached_encoding() == nullptr);
    CHECK(G::encode(G::generator()).hex() == "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
    // points in fresh ciphertexts and proof commitments carry their encodings
    auto kp = elgamal::key_pair<G>::generate(r);
    auto e = elgamal::encrypt_exp<G>(kp.pk, 1, r);
    REQUIRE(e.ct.alpha.cached_encoding() != nullptr);
    CHECK(G::encode(e.ct.alpha) == fresh(e.ct.alpha));
    CHECK(G::encode(e.ct.beta) == fresh(e.ct.beta));
}
