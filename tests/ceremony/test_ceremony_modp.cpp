// The ceremony and threshold decryption are generic: completeness over the
// ElectionGuard 4096-bit group and the tiny exhaustive-test group, unchanged.
#include <catch2/catch.hpp>

#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/ceremony/simulation.hpp"
#include "scrutineer/group/modp.hpp"
#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;
using namespace scrutineer::ceremony;

TEMPLATE_TEST_CASE("ceremony over the modp groups: 2 of 3, every pair decrypts", "[ceremony][modp]", modp_tiny, modp4096) {
    using G = TestType;
    seeded_rng r(41);
    parameters p;
    p.n = 3;
    p.k = 2;
    const auto e = as_bytes("modp-ceremony");
    p.election = bytes(e.begin(), e.end());
    auto sim = simulate_ceremony<G>(p, r);
    REQUIRE(sim.ok());
    REQUIRE(sim->result.complete());
    const auto& key = *sim->result.key;
    elgamal::public_key<G> pk(key.joint_key);
    std::vector<elgamal::ciphertext<G>> cts{elgamal::encrypt_exp<G>(pk, 5, r).ct, elgamal::encrypt_exp<G>(pk, 0, r).ct};
    const auto ctx = p.context().derive("decryption", "modp");
    std::vector<decryption_share<G>> shares;
    for (const auto& k : sim->keys) shares.push_back(prove_decryption_share<G>(k, ctx, cts, r));
    for (auto [a, b] : {std::pair{0, 1}, {0, 2}, {1, 2}}) {
        std::vector<decryption_share<G>> two{shares[static_cast<std::size_t>(a)], shares[static_cast<std::size_t>(b)]};
        auto d = combine_vartime<G>(key, ctx, cts, two, r);
        REQUIRE(d.ok());
        CHECK(d->plaintexts[0] == G::mul_base(G::scalar::from_u64(5)));
        CHECK(G::is_identity(d->plaintexts[1]));
    }
    std::vector<decryption_share<G>> one{shares[0]};
    CHECK_FALSE(combine_vartime<G>(key, ctx, cts, one, r).ok());
    // the transcript survives JSON
    auto t = transcript_from_json<G>(json::parse(to_json<G>(sim->record).dump()));
    REQUIRE(t.ok());
    auto o = verify_transcript<G>(*t, r);
    REQUIRE(o.ok());
    CHECK(o->complete());
}
