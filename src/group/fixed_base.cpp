// scrutineer — group: ristretto255 fixed-base tables on libdecaf points, and
// the generator's tables behind ristretto255::mul_base / mul_base_vartime.
// The method and its sources: group/fixed_base.hpp.
#include "scrutineer/group/fixed_base.hpp"

#include <decaf.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <vector>

#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/multi_exp.hpp"

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

// 64-bit words of a point's storage (the scan treats the point as opaque bytes)
using word_alias = std::uint64_t __attribute__((may_alias));
constexpr std::size_t point_words = r255_point::storage_size / sizeof(std::uint64_t);
static_assert(r255_point::storage_size % sizeof(std::uint64_t) == 0);

// out = row[idx] for idx in [0, cols): reads every entry, masks all but one;
// no branch or address depends on idx. `acc` is the caller's scratch (wiped by it).
void ct_lookup(r255_point& out, const r255_point* row, std::size_t cols, std::uint64_t idx,
               std::uint64_t (&acc)[point_words]) {
    for (auto& a : acc) a = 0;
    for (std::size_t k = 0; k < cols; ++k) {
        const std::uint64_t m = ct::eq(idx, k);
        const auto* e = reinterpret_cast<const word_alias*>(row[k].storage());
        for (std::size_t j = 0; j < point_words; ++j) acc[j] |= e[j] & m;
    }
    std::memcpy(out.storage(), acc, sizeof acc);
}

}  // namespace

struct fixed_base<ristretto255>::tables {
    explicit tables(const r255_point& b) : base(b) {}
    r255_point base;
    std::once_flag ct_once, vt_once;
    std::vector<r255_point> ct, vt;
};

fixed_base<ristretto255>::fixed_base(const r255_point& base) : t_(std::make_shared<tables>(base)) {}

const r255_point& fixed_base<ristretto255>::base() const noexcept { return t_->base; }

r255_point fixed_base<ristretto255>::mul(const r255_scalar& s) const {
    std::call_once(t_->ct_once, [this] { build(t_->ct, t_->base, ct_rows, ct_cols, true); });
    std::array<std::int8_t, ct_rows> d{};
    detail::ct_signed_digits(s.raw(), ct_w, d);
    r255_point acc, pick, negated;
    alignas(32) std::uint64_t scratch[point_words];
    for (std::size_t i = 0; i < ct_rows; ++i) {
        const std::int32_t v = d[i];
        const std::uint32_t neg = static_cast<std::uint32_t>(v) >> 31;
        const std::uint64_t mag =
            static_cast<std::uint64_t>((v ^ -static_cast<std::int32_t>(neg)) + static_cast<std::int32_t>(neg));
        ct_lookup(pick, &t_->ct[i * ct_cols], ct_cols, mag, scratch);
        decaf_255_point_negate(P(negated), P(pick));
        decaf_255_point_cond_sel(P(pick), P(pick), P(negated), ct::eq(neg, 1));
        if (i == 0)
            acc = pick;
        else
            decaf_255_point_add(P(acc), P(acc), P(pick));
    }
    secure_wipe(d.data(), d.size());
    secure_wipe(scratch, sizeof scratch);
    decaf_255_point_destroy(P(pick));
    decaf_255_point_destroy(P(negated));
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

}  // namespace scrutineer
