// [speed] fixed-base tables: constant-time and variable-time multiplication
// against the general scalar multiplication, on both ristretto255 backends,
// for the generator and other bases; tables shared across copies and threads.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>
#include <vector>

#include "scrutineer/core/cpu.hpp"
#include "scrutineer/group/fixed_base.hpp"
#include "scrutineer/group/ristretto255.hpp"

using namespace scrutineer;

namespace {

std::vector<r255_scalar> test_scalars(rng& r) {
    std::vector<r255_scalar> v{r255_scalar::zero(), r255_scalar::one(), -r255_scalar::one(),
                               r255_scalar::from_u64(8), r255_scalar::from_u64(0x88888888),
                               r255_scalar::from_u64(0xffffffffffffffffULL)};
    // 2^k for k = 0..252 in steps, and digits at the window boundaries (8, 128)
    for (int k : {3, 4, 7, 8, 63, 64, 127, 128, 200, 251, 252}) {
        std::array<byte, 32> b{};
        b[static_cast<std::size_t>(k / 8)] = static_cast<byte>(1 << (k % 8));
        v.push_back(r255_scalar::from_canonical_unchecked(b));
    }
    std::array<byte, 32> eights{};
    for (auto& x : eights) x = 0x88;
    eights[31] = 0x08;  // < 2^252 < ℓ
    v.push_back(r255_scalar::from_canonical_unchecked(eights));
    std::array<byte, 32> ff{};
    for (auto& x : ff) x = 0x80;
    ff[31] = 0x0f;
    v.push_back(r255_scalar::from_canonical_unchecked(ff));  // every 8-bit digit 128, below ℓ
    // every 5-bit window 16 (the constant-time table's largest digit, carry
    // each step), every 5-bit window 31, and every bit set below 2^250
    std::array<byte, 32> sixteens{}, ones{};
    for (std::size_t bit = 4; bit < 250; bit += 5) sixteens[bit / 8] |= static_cast<byte>(1 << (bit % 8));
    for (std::size_t bit = 0; bit < 250; ++bit) ones[bit / 8] |= static_cast<byte>(1 << (bit % 8));
    v.push_back(r255_scalar::from_canonical_unchecked(sixteens));
    v.push_back(r255_scalar::from_canonical_unchecked(ones));
    for (int i = 0; i < 12; ++i) v.push_back(r255_scalar::random(r));
    return v;
}

}  // namespace

TEST_CASE("fixed_base: ristretto255 tables equal general multiplication", "[speed][fixed_base]") {
    using G = ristretto255;
    seeded_rng r(4001);
    const auto scalars = test_scalars(r);
    const std::vector<r255_point> bases{G::generator(), G::mul_base(r255_scalar::random(r)),
                                        G::from_uniform_bytes(bytes(64, 7))};
    for (const auto& B : bases) {
        fixed_base<G> t(B);
        CHECK(t.base() == B);
        for (const auto& s : scalars) {
            INFO("s = " << s.hex());
            const auto want = B * s;
            CHECK(t.mul(s) == want);
            CHECK(t.mul_vartime(s) == want);
        }
    }
    for (const auto& s : scalars) {
        INFO("s = " << s.hex());
        CHECK(G::mul_base(s) == G::generator() * s);
        CHECK(G::mul_base_vartime(s) == G::generator() * s);
        CHECK(G::encode(G::mul_base(s)) == ristretto255_ref::encode(ristretto255_ref::mul_base(s)));
    }
    // the identity as a base: every multiple is the identity
    fixed_base<G> id(G::identity());
    CHECK(G::is_identity(id.mul(scalars.back())));
    CHECK(G::is_identity(id.mul_vartime(scalars.back())));
}

TEST_CASE("fixed_base: generic tables on the reference backend", "[speed][fixed_base][differential]") {
    using G = ristretto255_ref;
    seeded_rng r(4002);
    const auto B = G::mul_base(r255_scalar::random(r));
    fixed_base<G> t(B);
    const auto all = test_scalars(r);
    for (std::size_t i = 0; i < all.size(); i += 3) {
        const auto& s = all[i];
        INFO("s = " << s.hex());
        const auto want = B * s;
        CHECK(t.mul(s) == want);
        CHECK(t.mul_vartime(s) == want);
    }
}

TEST_CASE("fixed_base: copies share the tables, concurrent first use is safe", "[speed][fixed_base][parallel]") {
    using G = ristretto255;
    seeded_rng r(4003);
    const auto B = G::mul_base(r255_scalar::random(r));
    std::vector<r255_scalar> s;
    std::vector<r255_point> want;
    for (int i = 0; i < 8; ++i) {
        s.push_back(r255_scalar::random(r));
        want.push_back(B * s.back());
    }
    fixed_base<G> t(B);
    const fixed_base<G> copy = t;  // no table yet: built once, on first use, by whichever thread
    std::vector<int> ok(4, 0);
    std::vector<std::thread> th;
    for (int k = 0; k < 4; ++k)
        th.emplace_back([&, k] {
            const auto& tab = (k % 2) ? copy : t;
            int good = 0;
            for (std::size_t i = 0; i < s.size(); ++i)
                good += (tab.mul(s[i]) == want[i]) + (tab.mul_vartime(s[i]) == want[i]);
            ok[static_cast<std::size_t>(k)] = good;
        });
    for (auto& x : th) x.join();
    for (int k = 0; k < 4; ++k) CHECK(ok[static_cast<std::size_t>(k)] == 16);
}

TEST_CASE("dual_mul: (a·P, b·P) equals two multiplications, both backends", "[speed][fixed_base][dual]") {
    seeded_rng r(4004);
    const auto scalars = test_scalars(r);
    using G = ristretto255;
    const std::vector<r255_point> bases{G::generator(), G::mul_base(r255_scalar::random(r)),
                                        G::from_uniform_bytes(bytes(64, 9)), G::identity()};
    for (const auto& P : bases) {
        for (std::size_t i = 0; i < scalars.size(); ++i) {
            // every scalar as a, paired with a rotating b (and a = b once)
            const auto& a = scalars[i];
            const auto& b = scalars[(i * 7 + 3) % scalars.size()];
            INFO("a = " << a.hex() << ", b = " << b.hex());
            const auto [x, y] = G::dual_mul(P, a, b);
            CHECK(x == P * a);
            CHECK(y == P * b);
            const auto [u, v] = dual_mul<G>(P, a, a);
            CHECK(u == P * a);
            CHECK(v == u);
        }
    }
    // against the reference backend, byte for byte
    using R = ristretto255_ref;
    const auto Q = R::mul_base(r255_scalar::random(r));
    const auto Qf = *G::decode(R::encode(Q).span());
    for (std::size_t i = 0; i < scalars.size(); i += 2) {
        const auto& a = scalars[i];
        const auto& b = scalars[scalars.size() - 1 - i];
        INFO("a = " << a.hex() << ", b = " << b.hex());
        const auto [x, y] = dual_mul<R>(Q, a, b);
        const auto [xf, yf] = dual_mul<G>(Qf, a, b);
        CHECK(R::encode(x) == G::encode(xf));
        CHECK(R::encode(y) == G::encode(yf));
    }
}

TEST_CASE("cpu: the table scans use AVX2 exactly when the CPU has it and SCRUTINEER_NO_AVX2 is unset",
          "[speed][fixed_base][cpu]") {
    const char* off = std::getenv("SCRUTINEER_NO_AVX2");
    const bool disabled = off != nullptr && *off != '\0';
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    CHECK(cpu::avx2_scans() == (__builtin_cpu_supports("avx2") && !disabled));
#else
    CHECK_FALSE(cpu::avx2_scans());
#endif
    // ctest's tables.sse2 runs the table tests with the variable set: they then
    // took the 128-bit path
    if (disabled) CHECK_FALSE(cpu::avx2_scans());
    INFO("table scans: " << (cpu::avx2_scans() ? "AVX2" : "128-bit"));
    SUCCEED();
}
