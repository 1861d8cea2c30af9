// scrutineer — core: implementations that need libsodium.
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "scrutineer/core/cpu.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/core/secure.hpp"

namespace scrutineer {

void secure_wipe(void* p, std::size_t n) noexcept { sodium_memzero(p, n); }

bool ct_equal(byte_span a, byte_span b) noexcept {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void init() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) {
            std::fputs("scrutineer: libsodium failed to initialise\n", stderr);
            std::abort();
        }
    });
}

void system_rng::fill(mutable_byte_span out) {
    if (out.empty()) return;  // an empty span may have a null data pointer
    init();
    randombytes_buf(out.data(), out.size());
}

bool cpu::avx2_scans() noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static const bool yes = [] {
        const char* off = std::getenv("SCRUTINEER_NO_AVX2");
        return __builtin_cpu_supports("avx2") && (off == nullptr || *off == '\0');
    }();
    return yes;
#else
    return false;
#endif
}

rng& default_rng() {
    static system_rng r;
    return r;
}

seeded_rng::seeded_rng(std::uint64_t seed) {
    for (int i = 0; i < 8; ++i) seed_[static_cast<std::size_t>(i)] = static_cast<byte>(seed >> (8 * i));
}

void seeded_rng::fill(mutable_byte_span out) {
    // Each call takes a fresh ChaCha20 stream keyed by the seed with the call
    // counter as nonce, so successive calls never repeat bytes.
    std::array<byte, crypto_stream_chacha20_NONCEBYTES> nonce{};
    for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<byte>(counter_ >> (8 * i));
    ++counter_;
    if (out.empty()) return;
    crypto_stream_chacha20(out.data(), out.size(), nonce.data(), seed_.data());
}

}  // namespace scrutineer
