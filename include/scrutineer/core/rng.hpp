// scrutineer — core: the randomness interface.
//
// Production code draws from `system_rng` (libsodium's randombytes, i.e. the
// operating system's CSPRNG). `seeded_rng` is deterministic (ChaCha20 keyed by
// a seed) and exists for tests, benchmarks and reproducible demos only: never
// use it for real secrets.
#pragma once

#include <array>
#include <cstdint>

#include "scrutineer/core/bytes.hpp"

namespace scrutineer {

/// Source of uniformly random bytes.
class rng {
public:
    virtual ~rng() = default;
    /// Fills `out` with random bytes. Never fails (aborts if the OS source fails).
    virtual void fill(mutable_byte_span out) = 0;
};

/// The operating system's CSPRNG via libsodium. Thread-safe.
class system_rng final : public rng {
public:
    void fill(mutable_byte_span out) override;
};

/// A process-wide system_rng.
rng& default_rng();

/// Deterministic ChaCha20 stream from a 32-byte seed. NOT for secrets: tests,
/// benchmarks and reproducible examples only. Not thread-safe.
class seeded_rng final : public rng {
public:
    explicit seeded_rng(std::uint64_t seed);
    explicit seeded_rng(const std::array<byte, 32>& seed) : seed_(seed) {}
    void fill(mutable_byte_span out) override;

private:
    std::array<byte, 32> seed_{};
    std::uint64_t counter_ = 0;
};

/// Initialises libsodium once; every entry point that needs it calls this.
/// Safe to call from several threads. Aborts if libsodium cannot initialise.
void init();

}  // namespace scrutineer
