// scrutineer — election: Ed25519 signing keys (voter credentials, the board
// operator, trustees' co-signatures), via libsodium's crypto_sign (RFC 8032).
#pragma once

#include <array>
#include <string>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/core/secure.hpp"

namespace scrutineer::election {

/// An Ed25519 public key (32 bytes).
struct verify_key {
    std::array<byte, 32> bytes{};
    std::string hex() const { return to_hex(bytes); }
    /// Parses 64 lowercase hex digits; any 32 bytes are accepted here, and
    /// invalid keys fail at signature verification.
    static result<verify_key> from_hex(std::string_view h);
    friend bool operator==(const verify_key&, const verify_key&) = default;
    friend auto operator<=>(const verify_key&, const verify_key&) = default;
};

/// An Ed25519 signature (64 bytes).
struct signature {
    std::array<byte, 64> bytes{};
    std::string hex() const { return to_hex(bytes); }
    static result<signature> from_hex(std::string_view h);
    friend bool operator==(const signature&, const signature&) = default;
};

/// An Ed25519 signing key: secret, wiped on destruction, move-only.
class signing_key {
public:
    /// A fresh key pair from the OS CSPRNG (or a seed drawn from `r`).
    static signing_key generate(rng& r);
    /// From the 32-byte seed (RFC 8032 private key). Wrong length: bad_length.
    static result<signing_key> from_seed(byte_span seed);

    const verify_key& public_key() const noexcept { return pk_; }
    /// The 32-byte seed, for writing to a secret credential file only.
    const secure_bytes& seed() const noexcept { return seed_; }
    /// Signs `msg` (deterministic Ed25519).
    signature sign(byte_span msg) const;

private:
    signing_key() = default;
    secure_bytes seed_;
    secure_bytes sk_;  // libsodium's 64-byte expanded form
    verify_key pk_;
};

/// Verifies an Ed25519 signature (libsodium's crypto_sign_verify_detached,
/// which rejects non-canonical and small-order keys and signatures).
[[nodiscard]] bool verify_signature(const verify_key& pk, byte_span msg, const signature& sig);

}  // namespace scrutineer::election
