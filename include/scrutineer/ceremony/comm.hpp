// scrutineer — ceremony: trustees' communication keys and share encryption.
//
// Shares travel from dealer to recipient through the public board, encrypted
// and authenticated with libsodium's public-key box (crypto_box_easy:
// X25519 key agreement, XSalsa20-Poly1305; Bernstein, Lange, Schwabe, "The
// security impact of a new cryptographic library", LATINCRYPT 2012). The box
// is authenticated with the dealer's communication key, so only the dealer
// (or the recipient) can have made it. The key ceremony does not need third
// parties to judge boxes: a complaint is answered by revealing the share in
// public (docs/ceremony.md, "complaints").
//
// The implementation is in src/ceremony/comm.cpp (public headers never
// include <sodium.h>).
#pragma once

#include <array>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/core/secure.hpp"

namespace scrutineer::ceremony {

/// An X25519 public key (crypto_box_PUBLICKEYBYTES = 32 bytes).
using comm_public_key = std::array<byte, 32>;
/// An X25519 secret key; wiped when it dies, never printed.
using comm_secret_key = secret<std::array<byte, 32>>;

/// Bytes added by seal(): a 24-byte random nonce and a 16-byte tag.
inline constexpr std::size_t seal_overhead = 24 + 16;

/// A trustee's communication key pair.
struct comm_key_pair {
    comm_secret_key sk;
    comm_public_key pk{};

    /// A fresh key pair from 32 bytes of `r` (crypto_box_seed_keypair). Constant time.
    static comm_key_pair generate(rng& r);
    /// The key pair of a stored secret key (crypto_scalarmult_base). Constant time.
    static comm_key_pair from_secret(const comm_secret_key& sk);
};

/// Encrypts and authenticates `plaintext` from `sender` to `recipient`:
/// nonce(24) ‖ crypto_box_easy(plaintext). The nonce comes from `r`.
/// Throws std::invalid_argument if the recipient key is a low-order point
/// (libsodium refuses it). Constant time in the plaintext and the secret key.
bytes seal(byte_span plaintext, const comm_public_key& recipient, const comm_secret_key& sender, rng& r);

/// Opens a box made by seal(). Errors: bad_length (shorter than seal_overhead),
/// verify_failed (wrong keys, altered bytes, low-order sender key).
result<secure_bytes> open(byte_span sealed, const comm_public_key& sender, const comm_secret_key& recipient);

}  // namespace scrutineer::ceremony
