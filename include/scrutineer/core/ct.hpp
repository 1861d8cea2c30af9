// scrutineer — core: constant-time helpers.
//
// Masks are all-ones (true) or all-zeros (false) 64-bit words. The value
// barrier keeps the optimiser from turning mask arithmetic back into branches.
#pragma once

#include <cstddef>
#include <cstdint>

#ifdef SCRUTINEER_CTIME_CHECK
#include <valgrind/memcheck.h>
#endif

namespace scrutineer::ct {

using mask = std::uint64_t;

/// Hides `x` from the optimiser so that mask logic stays branch-free.
inline std::uint64_t barrier(std::uint64_t x) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(x));
#endif
    return x;
}

/// All-ones if a == b, else zero; constant time.
inline mask eq(std::uint64_t a, std::uint64_t b) noexcept {
    std::uint64_t d = barrier(a ^ b);
    // (d | -d) has its top bit set iff d != 0.
    std::uint64_t nz = (d | (0 - d)) >> 63;
    return barrier(nz) - 1;
}

/// out = m ? a : b, byte-wise over n bytes; constant time.
inline void select(void* out, const void* a, const void* b, std::size_t n, mask m) noexcept {
    auto* o = static_cast<unsigned char*>(out);
    const auto* pa = static_cast<const unsigned char*>(a);
    const auto* pb = static_cast<const unsigned char*>(b);
    const unsigned char mb = static_cast<unsigned char>(barrier(m));
    for (std::size_t i = 0; i < n; ++i) o[i] = static_cast<unsigned char>(pb[i] ^ (mb & (pa[i] ^ pb[i])));
}

/// Marks memory as secret for the constant-time checker (tests/ctime): under
/// valgrind memcheck with SCRUTINEER_CTIME_CHECK defined, any branch or memory
/// index that depends on it is reported. A no-op in normal builds.
inline void classify(const void* p, std::size_t n) noexcept {
#ifdef SCRUTINEER_CTIME_CHECK
    (void)VALGRIND_MAKE_MEM_UNDEFINED(p, n);
#else
    (void)p;
    (void)n;
#endif
}

/// Declares a value derived from secrets to be public from here on (for
/// example "this vote is out of range", which only aborts). A no-op in normal
/// builds; every use is a reviewed decision.
inline void declassify(const void* p, std::size_t n) noexcept {
#ifdef SCRUTINEER_CTIME_CHECK
    (void)VALGRIND_MAKE_MEM_DEFINED(p, n);
#else
    (void)p;
    (void)n;
#endif
}

}  // namespace scrutineer::ct
