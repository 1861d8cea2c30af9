// scrutineer — election: Ed25519 via libsodium.
#include "scrutineer/election/signature.hpp"

#include <sodium.h>

#include "scrutineer/core/hex.hpp"

namespace scrutineer::election {

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_BYTES == 64 && crypto_sign_SEEDBYTES == 32);

result<verify_key> verify_key::from_hex(std::string_view h) {
    auto b = scrutineer::from_hex(h, 32);
    if (!b) return with_context("verify key", b.err());
    verify_key k;
    std::copy(b->begin(), b->end(), k.bytes.begin());
    return k;
}

result<signature> signature::from_hex(std::string_view h) {
    auto b = scrutineer::from_hex(h, 64);
    if (!b) return with_context("signature", b.err());
    signature s;
    std::copy(b->begin(), b->end(), s.bytes.begin());
    return s;
}

signing_key signing_key::generate(rng& r) {
    secure_bytes seed(32);
    r.fill(seed.mutable_span());
    return std::move(*from_seed(seed.span()));
}

result<signing_key> signing_key::from_seed(byte_span seed) {
    if (seed.size() != crypto_sign_SEEDBYTES)
        return error{errc::bad_length, "signing key seed must be 32 bytes, got " + std::to_string(seed.size())};
    init();
    signing_key k;
    k.seed_ = secure_bytes(seed);
    k.sk_ = secure_bytes(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(k.pk_.bytes.data(), k.sk_.data(), seed.data());
    return k;
}

signature signing_key::sign(byte_span msg) const {
    signature s;
    crypto_sign_detached(s.bytes.data(), nullptr, msg.data(), msg.size(), sk_.data());
    return s;
}

bool verify_signature(const verify_key& pk, byte_span msg, const signature& sig) {
    init();
    return crypto_sign_verify_detached(sig.bytes.data(), msg.data(), msg.size(), pk.bytes.data()) == 0;
}

}  // namespace scrutineer::election
