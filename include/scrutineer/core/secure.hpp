// scrutineer — core: wiping memory and secret values.
//
// Secrets (keys, nonces, encryption randomness, shares, permutations) live in
// `secret<T>`: it wipes the value when it dies, cannot be copied implicitly
// (only `clone()` copies), and cannot be printed (no stream operator, no hex).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

#include "scrutineer/core/bytes.hpp"

namespace scrutineer {

/// Overwrites `n` bytes at `p` with zeros in a way the compiler cannot elide
/// (libsodium's sodium_memzero).
void secure_wipe(void* p, std::size_t n) noexcept;

/// Constant-time equality of two equal-length byte strings (libsodium's
/// sodium_memcmp). Returns false if the lengths differ (the length is public).
bool ct_equal(byte_span a, byte_span b) noexcept;

/// A secret value of a trivially copyable type: wiped on destruction and on
/// move-from, copied only through `clone()`, never printed.
template <class T>
class secret {
    static_assert(std::is_trivially_copyable_v<T>, "secret<T> wipes T byte-wise");

public:
    secret() : v_{} {}
    explicit secret(const T& v) : v_(v) {}
    secret(const secret&) = delete;
    secret& operator=(const secret&) = delete;
    secret(secret&& o) noexcept : v_(o.v_) { secure_wipe(&o.v_, sizeof(T)); }
    secret& operator=(secret&& o) noexcept {
        if (this != &o) {
            v_ = o.v_;
            secure_wipe(&o.v_, sizeof(T));
        }
        return *this;
    }
    ~secret() { secure_wipe(&v_, sizeof(T)); }

    /// An explicit copy.
    secret clone() const { return secret(v_); }
    /// Read access for computation; the caller must not let the value escape.
    const T& expose() const noexcept { return v_; }
    T& expose_mut() noexcept { return v_; }

private:
    T v_;
};

/// A byte buffer that wipes itself; move-only.
class secure_bytes {
public:
    secure_bytes() = default;
    explicit secure_bytes(std::size_t n) : b_(n) {}
    explicit secure_bytes(byte_span s) : b_(s.begin(), s.end()) {}
    secure_bytes(const secure_bytes&) = delete;
    secure_bytes& operator=(const secure_bytes&) = delete;
    secure_bytes(secure_bytes&& o) noexcept = default;
    secure_bytes& operator=(secure_bytes&& o) noexcept {
        wipe();
        b_ = std::move(o.b_);
        return *this;
    }
    ~secure_bytes() { wipe(); }

    std::size_t size() const noexcept { return b_.size(); }
    byte* data() noexcept { return b_.data(); }
    const byte* data() const noexcept { return b_.data(); }
    byte_span span() const noexcept { return {b_.data(), b_.size()}; }
    mutable_byte_span mutable_span() noexcept { return {b_.data(), b_.size()}; }

private:
    void wipe() noexcept {
        if (!b_.empty()) secure_wipe(b_.data(), b_.size());
    }
    std::vector<byte> b_;
};

}  // namespace scrutineer
