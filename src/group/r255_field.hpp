// scrutineer — group (private header): libdecaf's field arithmetic mod 2^255 − 19.
//
// libdecaf 1.0.2 (Debian libdecaf-dev) builds its field operations into its
// static archive, libdecaf.a, as C functions without a public header; its
// public header does define their operand type, gf_25519_s (five 64-bit limbs).
// This header declares the few of those functions that scrutineer calls, with
// the signatures of libdecaf's own f_field.h, so that the ristretto255 engine
// can compute encodings in batches (src/group/r255_batch_encode.cpp) with
// libdecaf's field arithmetic instead of its own. The decision and its
// safeguards (the archive is linked, the tests compare every result with
// libdecaf's public encoder) are in docs/design/speed.md.
//
// Every function here is constant time. Results are weakly reduced and may be
// passed to any other function; gf_25519_mul, _sqr and _mulw_unsigned require
// that the output does not alias an input.
#pragma once

#include <decaf.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "scrutineer/core/secure.hpp"

extern "C" {
void gf_25519_mul(gf_25519_s* __restrict__ out, const gf_25519_s* a, const gf_25519_s* b);
void gf_25519_sqr(gf_25519_s* __restrict__ out, const gf_25519_s* a);
void gf_25519_mulw_unsigned(gf_25519_s* __restrict__ out, const gf_25519_s* a, std::uint32_t w);
void gf_25519_add(gf_25519_s* out, const gf_25519_s* a, const gf_25519_s* b);
void gf_25519_sub(gf_25519_s* out, const gf_25519_s* a, const gf_25519_s* b);
/// out = 1/sqrt(x) (one of the two roots) when x is a non-zero square; 0 when x = 0.
decaf_word_t gf_25519_isr(gf_25519_s* out, const gf_25519_s* x);
/// All-ones when x = y (as field elements), else 0.
decaf_word_t gf_25519_eq(const gf_25519_s* x, const gf_25519_s* y);
/// All-ones when the canonical representative of x is odd ("negative" in RFC 9496), else 0.
decaf_word_t gf_25519_lobit(const gf_25519_s* x);
/// Canonical 32-byte little-endian encoding.
void gf_25519_serialize(std::uint8_t* out, const gf_25519_s* x, int with_hibit);
/// Reads 32 little-endian bytes; all-ones when they are a canonical field element.
decaf_word_t gf_25519_deserialize(gf_25519_s* x, const std::uint8_t* in, int with_hibit, std::uint8_t hi_nmask);
}

namespace scrutineer::r255_field {

using fe = gf_25519_s;
using mask = decaf_word_t;
constexpr std::size_t limbs = sizeof(fe::limb) / sizeof(fe::limb[0]);

inline void mul(fe& o, const fe& a, const fe& b) { gf_25519_mul(&o, &a, &b); }
inline void sqr(fe& o, const fe& a) { gf_25519_sqr(&o, &a); }
inline void mulw(fe& o, const fe& a, std::uint32_t w) { gf_25519_mulw_unsigned(&o, &a, w); }
inline void add(fe& o, const fe& a, const fe& b) { gf_25519_add(&o, &a, &b); }
inline void sub(fe& o, const fe& a, const fe& b) { gf_25519_sub(&o, &a, &b); }
inline mask is_odd(const fe& a) { return gf_25519_lobit(&a); }
inline mask equal(const fe& a, const fe& b) { return gf_25519_eq(&a, &b); }
/// o = 1/a for a ≠ 0 (0 for a = 0): a·(1/sqrt(a²))², so the sign of the
/// inverse square root cancels. One inverse square root; the temporaries are
/// wiped (the batch encoder inverts a product of secret-derived values).
inline void invert(fe& o, const fe& a) {
    fe a2, r, r2;
    sqr(a2, a);
    gf_25519_isr(&r, &a2);
    sqr(r2, r);
    mul(o, r2, a);
    secure_wipe(&a2, sizeof a2), secure_wipe(&r, sizeof r), secure_wipe(&r2, sizeof r2);
}

/// o = m ? a : b (m all-ones or zero), limb by limb with masks: no branch.
inline void select(fe& o, const fe& a, const fe& b, mask m) {
    for (std::size_t i = 0; i < limbs; ++i) o.limb[i] = b.limb[i] ^ (m & (a.limb[i] ^ b.limb[i]));
}
/// Swaps a and b when m is all-ones.
inline void swap_if(fe& a, fe& b, mask m) {
    for (std::size_t i = 0; i < limbs; ++i) {
        const decaf_word_t t = m & (a.limb[i] ^ b.limb[i]);
        a.limb[i] ^= t;
        b.limb[i] ^= t;
    }
}

/// Field constants, each read once from its canonical bytes.
struct constants {
    fe zero, one;
    fe sqrt_m1;  ///< 2^((p−1)/4) mod p, the square root of −1 of RFC 9496 §4.1 (SQRT_M1)
    fe factor;   ///< the square root of a − d = −121666 that libdecaf's encoder uses (see the .cpp)
    fe imi;      ///< factor · sqrt_m1
};
const constants& k();

}  // namespace scrutineer::r255_field
