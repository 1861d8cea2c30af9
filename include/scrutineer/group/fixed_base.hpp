// scrutineer — group: fixed-base tables for long-lived bases.
//
// `fixed_base<G>` precomputes multiples of one base (the generator, an election
// public key, an independent generator) so that s·B is faster than a general
// scalar multiplication. Built once, then shared read-only (thread-safe).
// `mul` is constant time in the scalar.
//
// Generic groups get a trivial table (the base itself); ristretto255's fast
// engine uses libdecaf's constant-time precomputed tables.
#pragma once

#include <memory>

#include "scrutineer/group/concept.hpp"
#include "scrutineer/group/ristretto255.hpp"

namespace scrutineer {

template <prime_order_group G>
class fixed_base {
public:
    explicit fixed_base(const typename G::element& base) : base_(base) {}
    const typename G::element& base() const noexcept { return base_; }
    /// s·base, constant time.
    typename G::element mul(const typename G::scalar& s) const { return base_ * s; }

private:
    typename G::element base_;
};

/// ristretto255 fast engine: libdecaf's precomputed comb table (~9 KiB).
template <>
class fixed_base<ristretto255> {
public:
    explicit fixed_base(const r255_point& base);
    const r255_point& base() const noexcept { return base_; }
    r255_point mul(const r255_scalar& s) const;

private:
    r255_point base_;
    std::shared_ptr<void> table_;  // decaf_255_precomputed_s, aligned; immutable once built
};

}  // namespace scrutineer
