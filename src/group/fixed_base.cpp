// scrutineer — group: ristretto255 fixed-base tables on libdecaf.
#include "scrutineer/group/fixed_base.hpp"

#include <decaf.h>

#include <cstdlib>
#include <new>
#include <stdexcept>

namespace scrutineer {

namespace {
const decaf_255_point_s* P(const r255_point& p) { return static_cast<const decaf_255_point_s*>(p.storage()); }
}  // namespace

fixed_base<ristretto255>::fixed_base(const r255_point& base) : base_(base) {
    const std::size_t align = decaf_255_alignof_precomputed_s < alignof(std::max_align_t) ? alignof(std::max_align_t)
                                                                                          : decaf_255_alignof_precomputed_s;
    const std::size_t size = (decaf_255_sizeof_precomputed_s + align - 1) / align * align;
    void* mem = std::aligned_alloc(align, size);
    if (!mem) throw std::bad_alloc();
    table_ = std::shared_ptr<void>(mem, [](void* t) {
        decaf_255_precomputed_destroy(static_cast<decaf_255_precomputed_s*>(t));
        std::free(t);
    });
    decaf_255_precompute(static_cast<decaf_255_precomputed_s*>(table_.get()), P(base_));
}

r255_point fixed_base<ristretto255>::mul(const r255_scalar& s) const {
    decaf_255_scalar_t ds;
    if (decaf_255_scalar_decode(ds, s.raw().data()) != DECAF_SUCCESS) throw std::logic_error("non-canonical scalar");
    r255_point r;
    decaf_255_precomputed_scalarmul(static_cast<decaf_255_point_s*>(r.storage()),
                                    static_cast<const decaf_255_precomputed_s*>(table_.get()), ds);
    decaf_255_scalar_destroy(ds);
    return r;
}

}  // namespace scrutineer
