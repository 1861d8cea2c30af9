// scrutineer tests — core: hex, constant-time helpers, secrets, rng, errors.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;

// ---------------------------------------------------------------- hex

TEST_CASE("to_hex / from_hex round trip", "[core]") {
    const bytes b{0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
    CHECK(to_hex(b) == "00017f80abff");
    auto back = from_hex("00017f80abff");
    REQUIRE(back.ok());
    CHECK(*back == b);
    CHECK(to_hex(bytes{}).empty());
    auto empty = from_hex("");
    REQUIRE(empty.ok());
    CHECK(empty->empty());
    // every byte value
    bytes all(256);
    for (std::size_t i = 0; i < 256; ++i) all[i] = static_cast<byte>(i);
    auto all_back = from_hex(to_hex(all));
    REQUIRE(all_back.ok());
    CHECK(*all_back == all);
}

TEST_CASE("from_hex rejects malformed input", "[core]") {
    SECTION("odd length") {
        for (const char* s : {"0", "abc", "00112"}) {
            INFO(s);
            auto r = from_hex(s);
            REQUIRE_FALSE(r.ok());
            CHECK(r.err().code == errc::bad_hex);
        }
    }
    SECTION("uppercase is rejected") {
        for (const char* s : {"AB", "aB", "Ab", "00FF", "0A"}) {
            INFO(s);
            auto r = from_hex(s);
            REQUIRE_FALSE(r.ok());
            CHECK(r.err().code == errc::bad_hex);
        }
    }
    SECTION("characters outside [0-9a-f]") {
        for (const char* s : {"0g", "g0", "  ", "0x12", "-1", "zz", "12:3"}) {
            INFO(s);
            auto r = from_hex(s);
            REQUIRE_FALSE(r.ok());
            CHECK(r.err().code == errc::bad_hex);
        }
        // an embedded NUL is not a hex digit either
        auto r = from_hex(std::string_view("0\0", 2));
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::bad_hex);
        // the message names the position
        auto pos = from_hex("00112g");
        REQUIRE_FALSE(pos.ok());
        CHECK(pos.err().message.find("5") != std::string::npos);
    }
    SECTION("wrong length for an expected size") {
        auto r = from_hex("0011", 3);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::bad_length);
        auto longer = from_hex("00112233", 3);
        REQUIRE_FALSE(longer.ok());
        CHECK(longer.err().code == errc::bad_length);
        auto ok = from_hex("001122", 3);
        REQUIRE(ok.ok());
        CHECK(ok->size() == 3);
        // odd length is reported as bad_hex even with an expected size
        auto odd = from_hex("00112", 3);
        REQUIRE_FALSE(odd.ok());
        CHECK(odd.err().code == errc::bad_hex);
    }
}

TEST_CASE("as_bytes, append_le, append", "[core]") {
    const auto v = as_bytes("ab");
    REQUIRE(v.size() == 2);
    CHECK(v[0] == 0x61);
    CHECK(v[1] == 0x62);
    bytes out;
    append_le(out, 0x0102030405060708ULL, 8);
    CHECK(to_hex(out) == "0807060504030201");
    append_le(out, 0x1234, 2);
    CHECK(to_hex(out) == "08070605040302013412");
    append(out, v);
    CHECK(to_hex(out) == "080706050403020134126162");
}

// ---------------------------------------------------------------- ct

TEST_CASE("ct::eq produces full masks", "[core]") {
    CHECK(ct::eq(0, 0) == ~std::uint64_t{0});
    CHECK(ct::eq(5, 5) == ~std::uint64_t{0});
    CHECK(ct::eq(~std::uint64_t{0}, ~std::uint64_t{0}) == ~std::uint64_t{0});
    CHECK(ct::eq(0, 1) == 0);
    CHECK(ct::eq(1, 0) == 0);
    CHECK(ct::eq(std::uint64_t{1} << 63, 0) == 0);
    CHECK(ct::eq(0, std::uint64_t{1} << 63) == 0);
    CHECK(ct::eq(~std::uint64_t{0}, 0) == 0);
    for (int i = 0; i < 64; ++i) {
        const std::uint64_t x = std::uint64_t{1} << i;
        CHECK(ct::eq(x, x) == ~std::uint64_t{0});
        CHECK(ct::eq(x, 0) == 0);
        CHECK(ct::eq(x, x ^ 1u) == 0);
    }
}

TEST_CASE("ct::select chooses byte-wise by mask", "[core]") {
    const std::array<byte, 5> a{1, 2, 3, 4, 5}, b{0xf0, 0xf1, 0xf2, 0xf3, 0xf4};
    std::array<byte, 5> out{};
    ct::select(out.data(), a.data(), b.data(), out.size(), ct::eq(1, 1));
    CHECK(out == a);
    ct::select(out.data(), a.data(), b.data(), out.size(), ct::eq(1, 2));
    CHECK(out == b);
    // selecting a whole scalar
    const auto x = r255_scalar::from_u64(3), y = r255_scalar::from_u64(9);
    r255_scalar z;
    ct::select(&z, &x, &y, sizeof z, ct::eq(7, 7));
    CHECK(z == x);
    ct::select(&z, &x, &y, sizeof z, ct::eq(7, 8));
    CHECK(z == y);
    // n = 0 touches nothing
    std::array<byte, 1> untouched{0x42};
    ct::select(untouched.data(), a.data(), b.data(), 0, ct::eq(0, 0));
    CHECK(untouched[0] == 0x42);
}

TEST_CASE("ct_equal", "[core]") {
    const bytes a{1, 2, 3}, b{1, 2, 3}, c{1, 2, 4}, d{1, 2};
    CHECK(ct_equal(a, b));
    CHECK_FALSE(ct_equal(a, c));
    CHECK_FALSE(ct_equal(a, d));  // length differs
    CHECK_FALSE(ct_equal(d, a));
    CHECK(ct_equal(bytes{}, bytes{}));
    CHECK_FALSE(ct_equal(bytes{}, a));
    bytes big(1000, 0x5a), big2(1000, 0x5a);
    CHECK(ct_equal(big, big2));
    big2[999] = 0x5b;
    CHECK_FALSE(ct_equal(big, big2));
}

// ---------------------------------------------------------------- secrets

static_assert(!std::is_copy_constructible_v<secret<r255_scalar>>);
static_assert(!std::is_copy_assignable_v<secret<r255_scalar>>);
static_assert(std::is_nothrow_move_constructible_v<secret<r255_scalar>>);
static_assert(std::is_nothrow_move_assignable_v<secret<r255_scalar>>);
static_assert(!std::is_copy_constructible_v<secure_bytes>);
static_assert(std::is_move_constructible_v<secure_bytes>);
static_assert(std::is_trivially_copyable_v<r255_scalar>, "secret<r255_scalar> requires it");

TEST_CASE("secret<T>: clone, move, wipe-on-move", "[core]") {
    const auto v = r255_scalar::from_u64(424242);
    secret<r255_scalar> s(v);
    CHECK(s.expose() == v);

    secret<r255_scalar> c = s.clone();
    CHECK(c.expose() == v);
    CHECK(s.expose() == v);  // the original is untouched by clone
    c.expose_mut() = r255_scalar::from_u64(1);
    CHECK(s.expose() == v);  // and independent of it

    secret<r255_scalar> m(std::move(s));
    CHECK(m.expose() == v);
    CHECK(s.expose().is_zero());  // NOLINT(bugprone-use-after-move): moved-from is wiped

    secret<r255_scalar> a;
    CHECK(a.expose().is_zero());  // default is zero
    a = std::move(m);
    CHECK(a.expose() == v);
    CHECK(m.expose().is_zero());  // NOLINT(bugprone-use-after-move)

    // self-move-assignment keeps the value
    secret<r255_scalar>& alias = a;
    a = std::move(alias);
    CHECK(a.expose() == v);
}

TEST_CASE("secure_bytes", "[core]") {
    secure_bytes b(4);
    CHECK(b.size() == 4);
    b.data()[0] = 9;
    const bytes src{1, 2, 3};
    secure_bytes c(src);
    CHECK(to_hex(c.span()) == "010203");
    secure_bytes d(std::move(c));
    CHECK(to_hex(d.span()) == "010203");
    secure_bytes e;
    e = std::move(d);
    CHECK(to_hex(e.span()) == "010203");
    CHECK(e.mutable_span().size() == 3);
    std::array<byte, 3> raw{7, 7, 7};
    secure_wipe(raw.data(), raw.size());
    CHECK(raw == std::array<byte, 3>{});
}

// ---------------------------------------------------------------- rng

TEST_CASE("seeded_rng is deterministic and never repeats", "[core]") {
    seeded_rng a(12345), b(12345), other(12346);
    std::array<byte, 48> x{}, y{}, z{};
    a.fill(x);
    b.fill(y);
    other.fill(z);
    CHECK(x == y);  // same seed, same stream
    CHECK_FALSE(x == z);  // different seed
    std::array<byte, 48> x2{};
    a.fill(x2);
    CHECK_FALSE(x == x2);  // successive calls differ
    // the array-seed constructor with the same 8 low bytes is the same stream
    std::array<byte, 32> seed{};
    for (int i = 0; i < 8; ++i) seed[static_cast<std::size_t>(i)] = static_cast<byte>(std::uint64_t{12345} >> (8 * i));
    seeded_rng c(seed);
    std::array<byte, 48> w{};
    c.fill(w);
    CHECK(w == x);
    // random scalars from a seed are reproducible
    seeded_rng s1(99), s2(99);
    CHECK(r255_scalar::random(s1) == r255_scalar::random(s2));
}

TEST_CASE("system_rng fills with fresh bytes", "[core]") {
    init();
    std::array<byte, 32> a{}, b{};
    default_rng().fill(a);
    default_rng().fill(b);
    CHECK_FALSE(a == b);
    CHECK_FALSE(a == std::array<byte, 32>{});
}

// Regression: an empty span may carry a null pointer, which must never reach
// randombytes_buf (declared nonnull; UBSan aborts the process on it).
TEST_CASE("system_rng: an empty fill is a no-op", "[core]") {
    system_rng r;
    std::array<byte, 0> none{};
    r.fill(none);
    bytes empty;
    r.fill(empty);
    SUCCEED("empty fills did not touch memory");
}

// ---------------------------------------------------------------- errors

TEST_CASE("result, status and error codes", "[core]") {
    result<int> ok(5);
    CHECK(ok.ok());
    CHECK(static_cast<bool>(ok));
    CHECK(*ok == 5);
    result<int> bad(errc::bad_hex, "nope");
    CHECK_FALSE(bad.ok());
    CHECK(bad.err().code == errc::bad_hex);
    CHECK(bad.err().describe() == "bad_hex: nope");
    CHECK_THROWS_AS(bad.value(), scrutineer_error);
    try {
        (void)bad.value();
    } catch (const scrutineer_error& e) {
        CHECK(e.err().code == errc::bad_hex);
        CHECK(std::string(e.what()) == "bad_hex: nope");
    }
    status s;
    CHECK(s.ok());
    CHECK(s.describe() == "ok");
    CHECK_NOTHROW(s.throw_if_error());
    status f(errc::verify_failed, "proof 3");
    CHECK_FALSE(f.ok());
    CHECK(f.describe() == "verify_failed: proof 3");
    CHECK_THROWS_AS(f.throw_if_error(), scrutineer_error);
    const status g = with_context("ballot 7", f);
    CHECK(g.err().message == "ballot 7: proof 3");
    CHECK(with_context("x", status::success()).ok());

    CHECK(is_format_error(errc::bad_length));
    CHECK(is_format_error(errc::not_in_group));
    CHECK(is_format_error(errc::bad_input));
    CHECK_FALSE(is_format_error(errc::verify_failed));
    CHECK_FALSE(is_format_error(errc::io));
    // every code has a distinct, non-"unknown" name
    const errc all[] = {errc::bad_length, errc::bad_hex,       errc::non_canonical, errc::not_in_group,
                        errc::identity,   errc::out_of_range,  errc::bad_input,     errc::verify_failed,
                        errc::not_found,  errc::io,            errc::internal};
    for (std::size_t i = 0; i < std::size(all); ++i) {
        CHECK(to_string(all[i]) != "unknown");
        for (std::size_t j = i + 1; j < std::size(all); ++j) CHECK(to_string(all[i]) != to_string(all[j]));
    }
}
