// scrutineer — primitives: SHA-512 via libsodium.
#include "scrutineer/primitives/hash.hpp"

#include <sodium.h>

#include <cstring>

namespace scrutineer {

static_assert(sizeof(crypto_hash_sha512_state) == 208, "sha512 opaque state size");
static_assert(alignof(crypto_hash_sha512_state) <= 16, "sha512 opaque state alignment");

namespace {
crypto_hash_sha512_state* S(std::array<unsigned char, 208>& s) {
    return reinterpret_cast<crypto_hash_sha512_state*>(s.data());
}
}  // namespace

sha512::sha512() { crypto_hash_sha512_init(S(state_)); }

sha512& sha512::update(byte_span b) {
    if (!b.empty()) crypto_hash_sha512_update(S(state_), b.data(), b.size());
    return *this;
}

std::array<byte, 64> sha512::digest() const {
    auto copy = state_;
    std::array<byte, 64> out{};
    crypto_hash_sha512_final(S(copy), out.data());
    sodium_memzero(copy.data(), copy.size());
    return out;
}

}  // namespace scrutineer
