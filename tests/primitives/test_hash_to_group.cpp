#include <catch2/catch.hpp>

#include "scrutineer/primitives/hash_to_group.hpp"
#include "scrutineer/group/ristretto255.hpp"

using namespace scrutineer;

TEST_CASE("hash to group: deterministic, domain-separated, same on both backends", "[hash]") {
    const auto m = as_bytes("message");
    const auto a = hash_to_group<ristretto255>("d1", m);
    CHECK(a == hash_to_group<ristretto255>("d1", m));
    CHECK_FALSE(a == hash_to_group<ristretto255>("d2", m));
    CHECK_FALSE(a == hash_to_group<ristretto255>("d1", as_bytes("messagf")));
    CHECK(ristretto255::encode(a) == ristretto255_ref::encode(hash_to_group<ristretto255_ref>("d1", m)));
    // spec §4: the bytes hashed
    bytes in;
    append_le(in, hash_to_group_domain.size(), 4);
    append(in, as_bytes(hash_to_group_domain));
    append_le(in, 2, 8);
    append(in, as_bytes("d1"));
    append_le(in, 7, 4);
    append(in, as_bytes("message"));
    append_le(in, m.size(), 8);
    append(in, m);
    CHECK(a == ristretto255::from_uniform_bytes(sha512::hash(in)));
    CHECK(hash_to_scalar<ristretto255>("d1", m) == hash_to_scalar<ristretto255_ref>("d1", m));
    CHECK_FALSE(hash_to_scalar<ristretto255>("d1", m) == hash_to_scalar<ristretto255>("d2", m));
}

TEST_CASE("independent generators: distinct, bound to context and label", "[hash]") {
    const auto ctx = proof_context::for_election(std::string_view("e"));
    auto g = independent_generators<ristretto255>(ctx, "shuffle", 16);
    REQUIRE(g.size() == 16);
    for (std::size_t i = 0; i < g.size(); ++i) {
        CHECK_FALSE(ristretto255::is_identity(g[i]));
        CHECK_FALSE(g[i] == ristretto255::generator());
        for (std::size_t j = 0; j < i; ++j) CHECK_FALSE(g[i] == g[j]);
    }
    CHECK(independent_generators<ristretto255>(ctx, "shuffle", 3)[2] == g[2]);
    CHECK_FALSE(independent_generators<ristretto255>(ctx, "other", 1)[0] == g[0]);
    CHECK_FALSE(independent_generators<ristretto255>(ctx.derive("x", "y"), "shuffle", 1)[0] == g[0]);
}
