// scrutineer — group: ristretto255 fixed-base tables on libdecaf points, and
// the generator's tables behind ristretto255::mul_base / mul_base_vartime;
// the same compact entries and masked scans serve ristretto255::dual_mul and
// ristretto255::multi_exp_ct (constant time in the scalars), at the end.
// The method and its sources: group/fixed_base.hpp.
#include "scrutineer/group/fixed_base.hpp"

#include <decaf.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "scrutineer/core/cpu.hpp"
#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/multi_exp.hpp"
#include "r255_field.hpp"

namespace scrutineer {

namespace {

decaf_255_point_s* P(r255_point& p) { return static_cast<decaf_255_point_s*>(p.storage()); }
const decaf_255_point_s* P(const r255_point& p) { return static_cast<const decaf_255_point_s*>(p.storage()); }

constexpr int ct_w = 5;
constexpr std::size_t ct_rows = 51;  // 51·5 = 255 bits; r255 scalars < 2^253 never carry out
constexpr std::size_t ct_cols = (std::size_t{1} << (ct_w - 1)) + 1;  // column 0: the identity
constexpr int vt_w = 8;
constexpr std::size_t vt_rows = 32;  // 32·8 >= 253 + 1
constexpr std::size_t vt_cols = std::size_t{1} << (vt_w - 1);

// row i, column k: (k+1)·2^(w·i)·base; with a leading identity column when
// `with_identity` (the constant-time table scans column 0 for digit 0)
void build(std::vector<r255_point>& t, const r255_point& base, std::size_t rows, std::size_t cols,
           bool with_identity) {
    t.resize(rows * cols);
    r255_point row_base = base;
    const std::size_t off = with_identity ? 1 : 0;
    for (std::size_t i = 0; i < rows; ++i) {
        r255_point* r = &t[i * cols];
        if (with_identity) r[0] = r255_point{};
        r[off] = row_base;
        for (std::size_t k = off + 1; k < cols; ++k) decaf_255_point_add(P(r[k]), P(r[k - 1]), P(row_base));
        decaf_255_point_double(P(row_base), P(r[cols - 1]));  // 2·2^(w−1) = 2^w times the row base
    }
}

// Compact table entries. A decaf_255_point_t is four field elements (x, y, z,
// t) of five 64-bit limbs each, every field element padded to 64 bytes by its
// alignment: 256 bytes of storage, 160 of them meaningful. The constant-time
// table stores each entry with Z = 1: its coordinates are divided by Z once
// when the table is built (build_compact, one shared inversion). Z need not be stored,
// and negation needs no field arithmetic at look-up time: in projective
// extended coordinates −(X : Y : Z : T) = (−X : Y : Z : −T) = (X : −Y : −Z : T),
// so with Z = 1 the negated entry is (X, −Y, −1, T). An entry is therefore
// X, Y, T, −Y (20 words, 160 bytes, against 256 for a point), and a negative
// digit selects −Y and −1 with masks. −Y and −1 are computed once, at build
// time, by libdecaf's own point negation (which negates the X limbs it is
// given). The layout is libdecaf's public header (gf_25519_s,
// decaf_255_point_s); the static_asserts pin it, and building a table checks
// that each normalised entry is the point it came from.
constexpr std::size_t gf_limbs = sizeof(gf_25519_s::limb) / sizeof(gf_25519_s::limb[0]);
constexpr std::size_t entry_words = 4 * gf_limbs;  // X, Y, T, −Y
constexpr std::size_t ex = 0, ey = gf_limbs, et = 2 * gf_limbs, eny = 3 * gf_limbs;
struct alignas(32) ct_entry {
    std::uint64_t w[entry_words];
};
static_assert(sizeof(ct_entry) == 160 && entry_words % 4 == 0);
static_assert(sizeof(decaf_word_t) == sizeof(std::uint64_t), "compact entries assume 64-bit limbs");
static_assert(sizeof(gf_25519_s::limb) == 40, "libdecaf's 25519 field elements are five 64-bit limbs");
static_assert(sizeof(decaf_255_point_s) == 4 * sizeof(gf_25519_s), "a point is x, y, z, t");
static_assert(offsetof(decaf_255_point_s, y) == sizeof(gf_25519_s) &&
              offsetof(decaf_255_point_s, t) == 3 * sizeof(gf_25519_s));
using limbs = std::array<std::uint64_t, gf_limbs>;

limbs get(const gf_25519_s* f) {
    limbs l;
    std::memcpy(l.data(), f->limb, sizeof(gf_25519_s::limb));
    return l;
}
// −f for a field element given by its limbs: libdecaf's point negation applied
// to a point whose X is f (it returns −X in X).
limbs negated(const limbs& f) {
    r255_point a, n;
    std::memcpy(P(a)->x->limb, f.data(), sizeof(gf_25519_s::limb));
    decaf_255_point_negate(P(n), P(a));
    return get(P(n)->x);
}
const limbs& one() {
    static const limbs l = get(decaf_255_point_identity->z);
    return l;
}
const limbs& minus_one() {
    static const limbs l = negated(one());
    return l;
}

// p must have Z = 1 (build_compact)
void to_compact(std::uint64_t* out, const r255_point& p) {
    const decaf_255_point_s* q = P(p);
    const limbs x = get(q->x), y = get(q->y), t = get(q->t), ny = negated(y);
    std::memcpy(out + ex, x.data(), sizeof x);
    std::memcpy(out + ey, y.data(), sizeof y);
    std::memcpy(out + et, t.data(), sizeof t);
    std::memcpy(out + eny, ny.data(), sizeof ny);
}
// p = (X, Y, 1, T) from an entry, or (X, −Y, −1, T) = −(X, Y, 1, T) where
// `neg` is all-ones; constant time in the entry and in neg.
void from_compact(r255_point& p, const std::uint64_t* in, std::uint64_t neg) {
    decaf_255_point_s* q = P(p);
    const limbs& o = one();
    const limbs& mo = minus_one();
    for (std::size_t j = 0; j < gf_limbs; ++j) {
        q->x->limb[j] = in[ex + j];
        q->y->limb[j] = in[ey + j] ^ (neg & (in[ey + j] ^ in[eny + j]));
        q->z->limb[j] = o[j] ^ (neg & (o[j] ^ mo[j]));
        q->t->limb[j] = in[et + j];
    }
}

// out = row[idx] for idx in [0, cols) (entries of entry_words words): reads
// every entry and masks all but one; no branch or address depends on idx. The
// masks come from a vector comparison of a running column counter with idx
// (32-bit lanes, so the 64-bit lane mask is all-ones iff both halves match),
// and the accumulator stays in vector registers (GCC/Clang vector extensions):
// per entry one compare, one and and one or per vector, no scalar work.
// (Accumulators use plain vector types so that they stay in registers; only
// the loads and stores go through the may_alias types.)
typedef std::uint64_t v2u64 __attribute__((vector_size(16)));
typedef std::uint64_t v2u64_mem __attribute__((vector_size(16), may_alias));
typedef std::uint32_t v4u32 __attribute__((vector_size(16)));
inline void ct_lookup(std::uint64_t (&out)[entry_words], const ct_entry* row, std::size_t cols,
                      std::uint32_t idx) {
    static_assert(entry_words == 20);
    v2u64 a0{}, a1{}, a2{}, a3{}, a4{}, a5{}, a6{}, a7{}, a8{}, a9{};  // named: kept in registers
    const v4u32 want = {idx, idx, idx, idx};
    v4u32 col = {0, 0, 0, 0};
    for (std::size_t k = 0; k < cols; ++k) {
        const v2u64 m = reinterpret_cast<v2u64>(col == want);
        const auto* e = reinterpret_cast<const v2u64_mem*>(row[k].w);  // 32-byte aligned
        a0 |= e[0] & m, a1 |= e[1] & m, a2 |= e[2] & m, a3 |= e[3] & m, a4 |= e[4] & m;
        a5 |= e[5] & m, a6 |= e[6] & m, a7 |= e[7] & m, a8 |= e[8] & m, a9 |= e[9] & m;
        col += 1;
    }
    auto* o = reinterpret_cast<v2u64_mem*>(out);
    o[0] = a0, o[1] = a1, o[2] = a2, o[3] = a3, o[4] = a4, o[5] = a5, o[6] = a6, o[7] = a7, o[8] = a8, o[9] = a9;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// The same scan with 256-bit vectors, for CPUs with AVX2 (chosen once at run
// time from the CPU's features, never from data).
#define SCRUTINEER_FB_AVX2 1
typedef std::uint64_t v4u64 __attribute__((vector_size(32)));
typedef std::uint64_t v4u64_mem __attribute__((vector_size(32), may_alias));
typedef std::uint32_t v8u32 __attribute__((vector_size(32)));
__attribute__((target("avx2"))) void ct_lookup_avx2(std::uint64_t (&out)[entry_words], const ct_entry* row,
                                                    std::size_t cols, std::uint32_t idx) {
    static_assert(entry_words == 20);
    v4u64 a0{}, a1{}, a2{}, a3{}, a4{};  // named: kept in registers
    const v8u32 want = {idx, idx, idx, idx, idx, idx, idx, idx};
    v8u32 col = {0, 0, 0, 0, 0, 0, 0, 0};
    for (std::size_t k = 0; k < cols; ++k) {
        const v4u64 m = reinterpret_cast<v4u64>(col == want);
        const auto* e = reinterpret_cast<const v4u64_mem*>(row[k].w);  // 32-byte aligned
        a0 |= e[0] & m, a1 |= e[1] & m, a2 |= e[2] & m, a3 |= e[3] & m, a4 |= e[4] & m;
        col += 1;
    }
    auto* o = reinterpret_cast<v4u64_mem*>(out);
    o[0] = a0, o[1] = a1, o[2] = a2, o[3] = a3, o[4] = a4;
}
#endif

// Asks for a row's entries ahead of its scan (the scan of row i+1 is
// prefetched while row i's entry is being added). Addresses are public.
inline void prefetch_row(const ct_entry* row, std::size_t cols) {
#if defined(__GNUC__)
    for (std::size_t k = 0; k < cols; ++k) {
        __builtin_prefetch(row[k].w);
        __builtin_prefetch(row[k].w + entry_words - 1);
    }
#else
    (void)row;
    (void)cols;
#endif
}

}  // namespace

struct fixed_base<ristretto255>::tables {
    explicit tables(const r255_point& b) : base(b) {}
    r255_point base;
    std::once_flag ct_once, vt_once;
    std::vector<ct_entry> ct;  // ct_rows × ct_cols compact entries
    std::vector<r255_point> vt;
};

namespace {
// The entries normalised to Z = 1: (X/Z, Y/Z, 1, T/Z) is the same point
// (T/Z = (X/Z)·(Y/Z) since T = XY/Z). The inverses of all the Z share one
// field inversion (Montgomery's trick, r255_field::invert), with libdecaf's field functions
// (src/group/r255_field.hpp): about 7 multiplications an entry, against an
// encoding and a validated decoding (two inverse square roots) each before,
// which made building a table (867 entries) cost about 5 ms, more than
// encrypting a ballot. Public data (the base's multiples).
// Writes t[0..n) as compact entries (X/Z, Y/Z, T/Z, −Y/Z): the inverses of
// all the Z share one field inversion; `prefix` is scratch of n elements.
// With `check`, every normalised entry is compared with the point it came
// from (table builds; the MSM below checks the last of each block). Public
// data only: table entries are multiples of public points.
void normalise(const r255_point* t, std::size_t n, ct_entry* out, r255_field::fe* prefix, bool check) {
    namespace f = r255_field;
    f::fe acc = f::k().one;
    for (std::size_t i = 0; i < n; ++i) {
        prefix[i] = acc;
        f::fe next;
        f::mul(next, acc, *P(t[i])->z);  // Z ≠ 0 for every point in extended coordinates
        acc = next;
    }
    f::fe inv;
    f::invert(inv, acc);
    for (std::size_t j = n; j-- > 0;) {
        f::fe zinv, next;
        f::mul(zinv, inv, prefix[j]);  // 1/Z_j
        f::mul(next, inv, *P(t[j])->z);
        inv = next;
        r255_point a;
        decaf_255_point_s* q = P(a);
        const decaf_255_point_s* o = P(t[j]);
        f::mul(*q->x, *o->x, zinv);
        f::mul(*q->y, *o->y, zinv);
        f::mul(*q->t, *o->t, zinv);
        std::memcpy(q->z->limb, one().data(), sizeof(gf_25519_s::limb));
        if ((check || j + 1 == n) && decaf_255_point_eq(P(a), o) != DECAF_TRUE)
            throw std::logic_error("fixed_base: a table entry changed when normalised to Z = 1");
        to_compact(out[j].w, a);
    }
}

void build_compact(std::vector<ct_entry>& out, const r255_point& base) {
    std::vector<r255_point> t;
    build(t, base, ct_rows, ct_cols, true);
    std::vector<r255_field::fe> prefix(t.size());
    out.resize(t.size());
    normalise(t.data(), t.size(), out.data(), prefix.data(), true);
}
}  // namespace

fixed_base<ristretto255>::fixed_base(const r255_point& base) : t_(std::make_shared<tables>(base)) {}

const r255_point& fixed_base<ristretto255>::base() const noexcept { return t_->base; }

r255_point fixed_base<ristretto255>::mul(const r255_scalar& s) const {
    std::call_once(t_->ct_once, [this] { build_compact(t_->ct, t_->base); });
    std::array<std::int8_t, ct_rows> d{};
    detail::ct_signed_digits(s.raw(), ct_w, d);
    r255_point acc, pick;
    alignas(32) std::uint64_t scratch[entry_words];
    const ct_entry* table = t_->ct.data();
#ifdef SCRUTINEER_FB_AVX2
    const bool avx2 = cpu::avx2_scans();
#endif
    for (std::size_t i = 0; i < ct_rows; ++i) {
        const std::int32_t v = d[i];
        const std::uint32_t neg = static_cast<std::uint32_t>(v) >> 31;
        const std::uint32_t mag =
            static_cast<std::uint32_t>((v ^ -static_cast<std::int32_t>(neg)) + static_cast<std::int32_t>(neg));
#ifdef SCRUTINEER_FB_AVX2
        if (avx2)
            ct_lookup_avx2(scratch, table + i * ct_cols, ct_cols, mag);
        else
#endif
            ct_lookup(scratch, table + i * ct_cols, ct_cols, mag);
        if (i + 1 < ct_rows) prefetch_row(table + (i + 1) * ct_cols, ct_cols);
        from_compact(pick, scratch, ct::eq(neg, 1));
        if (i == 0)
            acc = pick;
        else
            decaf_255_point_add(P(acc), P(acc), P(pick));
    }
    secure_wipe(d.data(), d.size());
    secure_wipe(scratch, sizeof scratch);
    decaf_255_point_destroy(P(pick));
    return acc;
}

r255_point fixed_base<ristretto255>::mul_vartime(const r255_scalar& s) const {
    std::call_once(t_->vt_once, [this] { build(t_->vt, t_->base, vt_rows, vt_cols, false); });
    std::array<std::int16_t, vt_rows> d{};
    detail::signed_digits_vartime(s.raw(), vt_w, vt_rows, d.data(), 1);
    r255_point acc;
    bool first = true;
    for (std::size_t i = 0; i < vt_rows; ++i) {
        const int v = d[i];
        if (v == 0) continue;
        const r255_point& e = t_->vt[i * vt_cols + static_cast<std::size_t>(v > 0 ? v : -v) - 1];
        if (first) {
            if (v > 0)
                acc = e;
            else
                decaf_255_point_negate(P(acc), P(e));
            first = false;
        } else if (v > 0) {
            decaf_255_point_add(P(acc), P(acc), P(e));
        } else {
            decaf_255_point_sub(P(acc), P(acc), P(e));
        }
    }
    return acc;
}

namespace detail {
const fixed_base<ristretto255>& r255_generator_table() {
    static const fixed_base<ristretto255> g(ristretto255::generator());
    return g;
}
}  // namespace detail

ristretto255::element ristretto255::mul_base_vartime(const scalar& s) { return detail::r255_generator_table().mul_vartime(s); }

// ---------------------------------------------------------------- dual_mul
//
// (a·P, b·P), constant time: Yao's method ("On the evaluation of powers",
// SIAM J. Comput. 5(1), 1976; the shape of libdecaf's point_dual_scalarmul),
// with the compact masked look-ups above. Signed radix-16 digits
// d_i ∈ [−8, 8] of each scalar (64 digits: scalars < 2^253 < 2^255 never carry
// out). One chain W_i = 16^i·P (252 doublings) is shared by both scalars; for
// each scalar, W_i or −W_i (masked) is added to bucket |d_i| (buckets 1..8,
// bucket 0 a discarded sink for zero digits): the bucket is read by a masked
// scan and written back by a masked store to every bucket, so neither
// branches nor addresses depend on the digits. Finally Σ k·B_k by running
// sums over all buckets. Cost: 252 doublings, 2·(64 + 14) additions, 128
// scans and stores of 9 compact entries, against 2·(252 + 64) for two
// separate multiplications.
namespace {

constexpr int dual_w = 4;
constexpr std::size_t dual_digits = 64;                                   // 64·4 = 256 bits
constexpr std::size_t dual_buckets = (std::size_t{1} << (dual_w - 1)) + 1;  // 0 (sink), 1..8
static_assert(dual_buckets <= ct_cols);

// A bucket entry is the point's four field elements X, Y, Z, T (20 words, the
// size of a ct_entry, so the same scans read it).
void point_to_entry(ct_entry& e, const decaf_255_point_s* q) {
    std::memcpy(e.w, q->x->limb, sizeof(gf_25519_s::limb));
    std::memcpy(e.w + gf_limbs, q->y->limb, sizeof(gf_25519_s::limb));
    std::memcpy(e.w + 2 * gf_limbs, q->z->limb, sizeof(gf_25519_s::limb));
    std::memcpy(e.w + 3 * gf_limbs, q->t->limb, sizeof(gf_25519_s::limb));
}
void entry_to_point(decaf_255_point_s* q, const std::uint64_t* w) {
    std::memcpy(q->x->limb, w, sizeof(gf_25519_s::limb));
    std::memcpy(q->y->limb, w + gf_limbs, sizeof(gf_25519_s::limb));
    std::memcpy(q->z->limb, w + 2 * gf_limbs, sizeof(gf_25519_s::limb));
    std::memcpy(q->t->limb, w + 3 * gf_limbs, sizeof(gf_25519_s::limb));
}
// row[k] = e where k == idx, every entry rewritten (masked); constant time.
void ct_store(ct_entry* row, std::size_t cols, std::uint32_t idx, const ct_entry& e) {
    for (std::size_t k = 0; k < cols; ++k) {
        const std::uint64_t m = ct::eq(idx, k);
        for (std::size_t j = 0; j < entry_words; ++j) row[k].w[j] ^= m & (row[k].w[j] ^ e.w[j]);
    }
}

}  // namespace

std::pair<r255_point, r255_point> ristretto255::dual_mul(const r255_point& p, const r255_scalar& a,
                                                       const r255_scalar& b) {
    std::array<std::int8_t, dual_digits> da{}, db{};
    detail::ct_signed_digits(a.raw(), dual_w, da);
    detail::ct_signed_digits(b.raw(), dual_w, db);
    ct_entry bucket[2][dual_buckets];
    ct_entry scratch;
    point_to_entry(scratch, decaf_255_point_identity);
    for (auto& row : bucket)
        for (auto& e : row) e = scratch;
#ifdef SCRUTINEER_FB_AVX2
    const bool avx2 = cpu::avx2_scans();
#endif
    r255_point w = p, negw, q, t;
    const std::int8_t* digits[2] = {da.data(), db.data()};
    for (std::size_t i = 0; i < dual_digits; ++i) {
        if (i != 0)
            for (int k = 0; k < dual_w; ++k) decaf_255_point_double(P(w), P(w));
        decaf_255_point_negate(P(negw), P(w));
        for (std::size_t x = 0; x < 2; ++x) {
            const std::int32_t v = digits[x][i];
            const std::uint32_t neg = static_cast<std::uint32_t>(v) >> 31;
            const std::uint32_t mag =
                static_cast<std::uint32_t>((v ^ -static_cast<std::int32_t>(neg)) + static_cast<std::int32_t>(neg));
#ifdef SCRUTINEER_FB_AVX2
            if (avx2)
                ct_lookup_avx2(scratch.w, bucket[x], dual_buckets, mag);
            else
#endif
                ct_lookup(scratch.w, bucket[x], dual_buckets, mag);
            entry_to_point(P(t), scratch.w);
            // q = ±W: −W differs from W only in X and T (masked select of those limbs)
            q = w;
            const std::uint64_t m = ct::eq(neg, 1);
            for (std::size_t j = 0; j < gf_limbs; ++j) {
                P(q)->x->limb[j] ^= m & (P(q)->x->limb[j] ^ P(negw)->x->limb[j]);
                P(q)->t->limb[j] ^= m & (P(q)->t->limb[j] ^ P(negw)->t->limb[j]);
            }
            decaf_255_point_add(P(t), P(t), P(q));
            point_to_entry(scratch, P(t));
            ct_store(bucket[x], dual_buckets, mag, scratch);
        }
    }
    // Σ_{k=1..8} k·B_k = Σ_k (B_8 + … + B_k), the same operations for any digits
    std::pair<r255_point, r255_point> out;
    r255_point* res[2] = {&out.first, &out.second};
    for (std::size_t x = 0; x < 2; ++x) {
        r255_point running, total;
        entry_to_point(P(running), bucket[x][dual_buckets - 1].w);
        total = running;
        for (std::size_t k = dual_buckets - 1; k-- > 1;) {
            entry_to_point(P(t), bucket[x][k].w);
            decaf_255_point_add(P(running), P(running), P(t));
            decaf_255_point_add(P(total), P(total), P(running));
        }
        *res[x] = total;
        decaf_255_point_destroy(P(running));
    }
    secure_wipe(da.data(), da.size());
    secure_wipe(db.data(), db.size());
    secure_wipe(bucket, sizeof bucket);
    secure_wipe(&scratch, sizeof scratch);
    decaf_255_point_destroy(P(q));
    decaf_255_point_destroy(P(t));
    return out;
}

// ---------------------------------------------------------------- multi_exp_ct
//
// Σ s_i·P_i, constant time in the scalars (the points are public): Straus's
// interleaving (AMM 71, 1964) with signed 4-bit digits (CHES 2011 §4.2), in
// blocks of 64 points. Per point a table of the identity and 1·P … 8·P as
// compact entries (Z = 1, one shared inversion per block; see above); per
// digit and point one masked scan of its 9 entries (the vector scans above),
// the sign applied by masks (−Y and −1), one addition; 4 doublings per digit
// shared by the block. Cost per point: 1 doubling and 6 additions for the
// table, ≈ 7 field multiplications an entry to normalise it, 64 scans and 64
// additions.
namespace {
constexpr int msm_w = 4;
constexpr std::size_t msm_digits = 64;                                 // 64·4 = 256 bits
constexpr std::size_t msm_mults = std::size_t{1} << (msm_w - 1);      // 1·P … 8·P
constexpr std::size_t msm_cols = msm_mults + 1;                        // column 0: the identity
constexpr std::size_t msm_block = 64;
}  // namespace

r255_point ristretto255::multi_exp_ct(std::span<const r255_scalar> s, std::span<const r255_point> p) {
    if (s.size() != p.size()) throw std::invalid_argument("ristretto255::multi_exp_ct: sizes differ");
    const std::size_t n = s.size();
    r255_point total;  // the identity
    if (n == 0) return total;
    const std::size_t bs = std::min(n, msm_block);
    // per point: the identity, then 1·P … 8·P (the identity stays (0, 1, 1, 0))
    std::vector<r255_point> mults(bs * msm_cols);
    std::vector<r255_field::fe> prefix(bs * msm_cols);
    std::vector<ct_entry> table(bs * msm_cols);
    std::vector<std::array<std::int8_t, msm_digits>> digits(bs);
#ifdef SCRUTINEER_FB_AVX2
    const bool avx2 = cpu::avx2_scans();
#endif
    r255_point acc, pick;
    alignas(32) std::uint64_t scratch[entry_words];
    for (std::size_t lo = 0; lo < n; lo += msm_block) {
        const std::size_t m = std::min(msm_block, n - lo);
        for (std::size_t k = 0; k < m; ++k) {
            r255_point* t = &mults[k * msm_cols + 1];
            const r255_point& pt = p[lo + k];
            t[0] = pt;
            decaf_255_point_double(P(t[1]), P(pt));
            for (std::size_t j = 2; j < msm_mults; ++j) decaf_255_point_add(P(t[j]), P(t[j - 1]), P(pt));
            detail::ct_signed_digits(s[lo + k].raw(), msm_w, digits[k]);
        }
        normalise(mults.data(), m * msm_cols, table.data(), prefix.data(), false);
        for (std::size_t r = msm_digits; r-- > 0;) {
            if (r + 1 != msm_digits)
                for (int d = 0; d < msm_w; ++d) decaf_255_point_double(P(acc), P(acc));
            for (std::size_t k = 0; k < m; ++k) {
                const std::int32_t v = digits[k][r];
                const std::uint32_t neg = static_cast<std::uint32_t>(v) >> 31;
                const std::uint32_t mag =
                    static_cast<std::uint32_t>((v ^ -static_cast<std::int32_t>(neg)) + static_cast<std::int32_t>(neg));
                const ct_entry* row = &table[k * msm_cols];
#ifdef SCRUTINEER_FB_AVX2
                if (avx2)
                    ct_lookup_avx2(scratch, row, msm_cols, mag);
                else
#endif
                    ct_lookup(scratch, row, msm_cols, mag);
                from_compact(pick, scratch, ct::eq(neg, 1));
                decaf_255_point_add(P(acc), P(acc), P(pick));
            }
        }
        decaf_255_point_add(P(total), P(total), P(acc));
        acc = r255_point{};
    }
    for (auto& d : digits) secure_wipe(d.data(), d.size());
    secure_wipe(scratch, sizeof scratch);
    decaf_255_point_destroy(P(pick));
    decaf_255_point_destroy(P(acc));
    return total;
}

}  // namespace scrutineer
