// scrutineer — group: ristretto255 encodings of doubled points, in batches.
//
// Encoding a ristretto255 element costs an inverse square root (RFC 9496
// §4.3.2), about 0.1 V, and an inverse square root cannot be shared between
// points. But the encoding of 2·P needs none: its square root is a product of
// P's own coordinates (ristretto.group, "Batched double-and-encode": the
// encoding of [2]P can be computed through the dual isogeny, which needs only
// inversions). Inversions can be shared (Montgomery's trick: one inversion and
// three multiplications a point), so a prover that computes P = (s/2)·B instead
// of s·B gets the encoding of s·B for a few multiplications.
//
// libdecaf keeps ristretto255 points on the curve −x² + y² = 1 + d·x²·y² with
// d = 121665 (its "twisted" internal curve), and encodes a point (X : Y : Z : T)
// with one inverse square root, isr = 1/sqrt(num·(a − d)·den²), where
// num = (Z + Y)(Z − Y), den = X·Y and a = −1. For Q = 2P computed with the
// doubling formulas of Hisil, Wong, Carter, Dawson, "Twisted Edwards curves
// revisited" (ASIACRYPT 2008, §3.3) —
//   e = 2XY, f = Z² + d·T², g = Y² − a·X², h = Z² − d·T²,
//   Q = (e·h : g·f : f·h : e·g)
// — one has num_Q = f²·(h² − g²) and den_Q = e·f·g·h, and on the curve
// h² − g² = (a − d)·e² (expand h − g = 2(Z² − Y²)·…, or check in affine
// coordinates: (1 − y²)(1 − a·x²) = (a − d)·x²·y²). So
//   num_Q·(a − d)·den_Q² = ((a − d)·e²·f²·g·h)²,
// a square whose root r = (a − d)·e²·f²·g·h needs no square root at all, and
// isr = 1/r up to sign. The rest of the encoding is libdecaf's own
// (decaf.c, ristretto255 "deisogenize"), repeated here step for step with its
// field functions: it takes the sign of every intermediate quantity from a
// product in which isr appears squared, or takes an absolute value, so the
// result does not depend on which square root isr is. The tests compare every
// output with decaf_255_point_encode of the doubled point (random points, the
// identity and its other representatives, batches with zeros among them).
//
// Constant time: field operations and masked selections only; the zero
// products (the identity's representatives, where e = 0) are replaced by one
// with a mask before the shared inversion, and their isr by zero afterwards,
// which is what libdecaf's inverse square root returns for zero.
#include <decaf.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <vector>

#include "r255_field.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/ristretto255.hpp"

namespace scrutineer {

namespace r255_field {

namespace {

fe from_le_hex(const char* hex) {
    std::uint8_t b[32];
    for (int i = 0; i < 32; ++i) {
        auto nib = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
        b[i] = static_cast<std::uint8_t>(nib(hex[2 * i]) * 16 + nib(hex[2 * i + 1]));
    }
    fe x;
    if (gf_25519_deserialize(&x, b, 0, 0) == 0) throw std::logic_error("r255_field: a constant is not canonical");
    std::uint8_t back[32];
    gf_25519_serialize(back, &x, 1);
    if (std::memcmp(back, b, 32) != 0) throw std::logic_error("r255_field: a constant does not read back");
    return x;
}

}  // namespace

const constants& k() {
    static const constants c = [] {
        constants t{};
        t.zero = from_le_hex("0000000000000000000000000000000000000000000000000000000000000000");
        t.one = from_le_hex("0100000000000000000000000000000000000000000000000000000000000000");
        // SQRT_M1 = 2^((p−1)/4) mod p (RFC 9496 §4.1), little-endian
        t.sqrt_m1 = from_le_hex("b0a00e4a271beec478e42fad0618432fa7d7fb3d99004d2b0bdfc14f8024832b");
        // the odd square root of a − d = −121666 (libdecaf's RISTRETTO_FACTOR for
        // its internal curve; the other root would flip the encoder's sign tests)
        t.factor = from_le_hex("03bfa27f55023766418dbea5e8e9d062bf27fe016e843de95d035030fa769307");
        mul(t.imi, t.factor, t.sqrt_m1);
        // self-checks of the constants' defining equations
        fe s, m;
        sqr(s, t.sqrt_m1);
        add(m, s, t.one);
        if (!equal(m, t.zero)) throw std::logic_error("r255_field: SQRT_M1² ≠ −1");
        sqr(s, t.factor);
        fe w;
        mulw(w, t.one, 121666);
        add(m, s, w);
        if (!equal(m, t.zero) || !is_odd(t.factor)) throw std::logic_error("r255_field: factor² ≠ −121666");
        return t;
    }();
    return c;
}

}  // namespace r255_field

namespace {

using namespace r255_field;

constexpr std::uint32_t twisted_d = 121665;  // libdecaf's internal curve: −x² + y² = 1 + 121665·x²·y²

struct doubling {
    fe X, Y, Z, T;  // Q = 2P
    fe root;        // (a − d)·e²·f²·g·h: num_Q·(a − d)·den_Q² = root²
};

void double_point(doubling& o, const decaf_255_point_s& p) {
    fe xx, yy, zz, tt, dtt, e, f, g, h, t;
    sqr(xx, *p.x);
    sqr(yy, *p.y);
    sqr(zz, *p.z);
    sqr(tt, *p.t);
    mulw(dtt, tt, twisted_d);
    mul(t, *p.x, *p.y);
    add(e, t, t);       // e = 2XY
    add(f, zz, dtt);    // f = Z² + d·T²
    add(g, yy, xx);     // g = Y² − a·X² (a = −1)
    sub(h, zz, dtt);    // h = Z² − d·T²
    mul(o.X, e, h);
    mul(o.Y, g, f);
    mul(o.Z, f, h);
    mul(o.T, e, g);
    // root = (a − d)·(e·f)²·g·h with a − d = −121666
    fe ef, ef2, gh, r;
    mul(ef, e, f);
    sqr(ef2, ef);
    mul(gh, g, h);
    mul(r, ef2, gh);
    mulw(t, r, twisted_d + 1);
    sub(o.root, k().zero, t);
}

// libdecaf's ristretto255 encoding of (X : Y : Z : T) given isr = ±1/sqrt(num·(a − d)·den²)
void encode_with_isr(std::uint8_t out[32], const doubling& q, const fe& isr) {
    const constants& c = k();
    fe t1, t2, num, den, iden, inum, t, u;
    add(t1, q.Z, q.Y);
    sub(t2, q.Z, q.Y);
    mul(num, t1, t2);
    mul(den, q.X, q.Y);
    mul(t, den, isr);
    mul(iden, t, c.factor);
    mul(inum, num, isr);
    // rotate when iden·inum·i·T²·(d + 1) is negative (odd)
    mul(t, iden, inum);
    mul(u, t, c.sqrt_m1);
    mul(t, u, q.T);
    mul(u, t, q.T);
    mulw(t, u, twisted_d + 1);
    const mask rotate = is_odd(t);
    swap_if(inum, iden, rotate);
    fe ix, fac;
    mul(ix, c.sqrt_m1, q.X);
    select(fac, ix, q.Y, rotate);  // i·X when rotated, else Y
    fe t3;
    mul(t3, c.imi, iden);
    mul(t, c.imi, inum);
    mul(u, t, q.T);  // altx
    const mask negx = is_odd(u);
    fe ninum;
    sub(ninum, c.zero, inum);
    select(inum, ninum, inum, negx ^ rotate);
    mul(t, inum, q.Z);
    add(u, t, c.one);
    mul(t, u, fac);
    fe s, ns;
    mul(s, t, t3);
    sub(ns, c.zero, s);
    select(s, ns, s, is_odd(s));
    gf_25519_serialize(out, &s, 1);
}

}  // namespace

void ristretto255::double_and_encode_batch(std::span<element> points) {
    const std::size_t n = points.size();
    if (n == 0) return;
    const constants& c = k();
    std::vector<doubling> q(n);
    std::vector<fe> prefix(n);
    // Montgomery's trick over the roots, a zero root (e = 0: P is a
    // representative of the identity) counted as one
    std::vector<mask> zero(n);
    fe acc = c.one;
    for (std::size_t i = 0; i < n; ++i) {
        double_point(q[i], *static_cast<const decaf_255_point_s*>(points[i].storage()));
        zero[i] = r255_field::equal(q[i].root, c.zero);
        r255_field::select(q[i].root, c.one, q[i].root, zero[i]);
        prefix[i] = acc;
        fe t;
        r255_field::mul(t, acc, q[i].root);
        acc = t;
    }
    fe inv;
    r255_field::invert(inv, acc);
    for (std::size_t j = n; j-- > 0;) {
        fe isr, t;
        r255_field::mul(isr, inv, prefix[j]);  // 1/root_j
        r255_field::mul(t, inv, q[j].root);    // 1/(root_0 ⋯ root_{j−1})
        inv = t;
        r255_field::select(isr, c.zero, isr, zero[j]);
        element& p = points[j];
        auto* d = static_cast<decaf_255_point_s*>(p.storage());  // invalidates the cached encoding
        std::memcpy(d->x, &q[j].X, sizeof(fe));
        std::memcpy(d->y, &q[j].Y, sizeof(fe));
        std::memcpy(d->z, &q[j].Z, sizeof(fe));
        std::memcpy(d->t, &q[j].T, sizeof(fe));
        encode_with_isr(p.encoding_.data(), q[j], isr);
        p.has_encoding_ = true;
    }
    // the batch's buffers and running products are wiped; the helpers' stack
    // temporaries are not, as in libdecaf's own point arithmetic
    secure_wipe(q.data(), q.size() * sizeof(doubling));
    secure_wipe(prefix.data(), prefix.size() * sizeof(fe));
    secure_wipe(&acc, sizeof acc), secure_wipe(&inv, sizeof inv);
}

namespace detail {

std::array<r255_point, 4> r255_coset_representatives(const r255_point& p) {
    const constants& c = k();
    const auto& s = *static_cast<const decaf_255_point_s*>(p.storage());
    std::array<r255_point, 4> out;
    auto set = [](r255_point& o, const fe& x, const fe& y, const fe& z, const fe& t) {
        auto* d = static_cast<decaf_255_point_s*>(o.storage());
        std::memcpy(d->x, &x, sizeof(fe));
        std::memcpy(d->y, &y, sizeof(fe));
        std::memcpy(d->z, &z, sizeof(fe));
        std::memcpy(d->t, &t, sizeof(fe));
    };
    fe nx, ny, nt, ix, iy, nix, niy;
    sub(nx, c.zero, *s.x);
    sub(ny, c.zero, *s.y);
    sub(nt, c.zero, *s.t);
    mul(ix, c.sqrt_m1, *s.x);
    mul(iy, c.sqrt_m1, *s.y);
    sub(nix, c.zero, ix);
    sub(niy, c.zero, iy);
    set(out[0], *s.x, *s.y, *s.z, *s.t);
    set(out[1], nx, ny, *s.z, *s.t);
    set(out[2], iy, ix, *s.z, nt);
    set(out[3], niy, nix, *s.z, nt);
    return out;
}

}  // namespace detail

}  // namespace scrutineer
