// scrutineer — group: multi-scalar multiplication for ristretto255's fast
// engine: the generic Straus/Pippenger code of group/multi_exp.hpp run on
// libdecaf's in-place point addition, subtraction and doubling (no temporaries,
// no identity copies).
#include <decaf.h>

#include <stdexcept>

#include "scrutineer/group/msm.hpp"
#include "scrutineer/group/multi_exp.hpp"
#include "scrutineer/group/ristretto255.hpp"

namespace scrutineer {

namespace {

decaf_255_point_s* P(r255_point& p) { return static_cast<decaf_255_point_s*>(p.storage()); }
const decaf_255_point_s* P(const r255_point& p) { return static_cast<const decaf_255_point_s*>(p.storage()); }

/// In-place libdecaf point operations for the generic MSM code.
struct decaf_ops {
    using point = r255_point;
    static point identity() { return {}; }
    static void add(point& a, const point& b) { decaf_255_point_add(P(a), P(a), P(b)); }
    static void sub(point& a, const point& b) { decaf_255_point_sub(P(a), P(a), P(b)); }
    static void neg(point& out, const point& b) { decaf_255_point_negate(P(out), P(b)); }
    static void dbl(point& a) { decaf_255_point_double(P(a), P(a)); }
};

}  // namespace

ristretto255::element ristretto255::multi_exp_vartime(std::span<const scalar> s, std::span<const element> p) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    return detail::multi_exp_ops_vartime<decaf_ops>(s, p.data());
}

namespace detail {

r255_point r255_pippenger_vartime(std::span<const r255_scalar> s, std::span<const r255_point> p, int c) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    return pippenger_ops_vartime<decaf_ops>(s, p.data(), c);
}

r255_point r255_straus_vartime(std::span<const r255_scalar> s, std::span<const r255_point> p, int w) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    if (w < 2 || w > 8) throw std::invalid_argument("straus_vartime: window width must be in [2, 8]");
    return straus_ops_vartime<decaf_ops>(s, p.data(), w);
}

}  // namespace detail

}  // namespace scrutineer
