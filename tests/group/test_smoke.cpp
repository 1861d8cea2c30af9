#include <catch2/catch.hpp>

#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;

TEST_CASE("smoke: both backends agree on 2G", "[group]") {
    auto two = r255_scalar::from_u64(2);
    CHECK(ristretto255::encode(ristretto255::mul_base(two)).hex() ==
          "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919");
    CHECK(ristretto255_ref::encode(ristretto255_ref::mul_base(two)).hex() ==
          "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919");
}
