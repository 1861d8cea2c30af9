// scrutineer — protocols: verification equations and their batched check.
//
// Every proof in scrutineer is verified in "commitment form": the verifier
// recomputes the challenge from the statement and the prover's commitments,
// then checks group equations of the form Σ sᵢ·Pᵢ = 0 (additive notation).
// An `equation_set` collects such equations and checks them all at once as
// one multi-scalar multiplication: each equation is multiplied by a fresh
// random 128-bit weight chosen by the verifier (never derived from the proof),
// so that a false equation survives with probability at most 2^-128
// (Bellare, Garay, Rabin, "Fast batch verification", EUROCRYPT 1998, §3, the
// small-exponents test). On failure, the equations are re-checked one by one
// so that the report names the one that fails. Many proofs' equation sets are
// checked together by `batch_verifier` (protocols/batch.hpp) through the same
// accumulator.
//
// Variable time: verifiers handle public data only.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/group/concept.hpp"

namespace scrutineer {

namespace detail {

/// Turns 16 random bytes into a non-zero scalar below 2^128 (a batch weight).
template <prime_order_group G>
typename G::scalar weight_from_bytes(const byte* sixteen) {
    if constexpr (requires(const std::array<byte, 32>& a) { G::scalar::from_canonical_unchecked(a); }) {
        if constexpr (G::scalar_size == 32) {
            // 16 little-endian bytes and 16 zero bytes: below 2^128 < q, canonical
            std::array<byte, 32> b{};
            for (std::size_t i = 0; i < 16; ++i) b[i] = sixteen[i];
            b[0] |= 1;  // non-zero
            return G::scalar::from_canonical_unchecked(b);
        }
    }
    std::array<byte, 64> b{};
    for (std::size_t i = 0; i < 16; ++i) b[i] = sixteen[i];
    b[0] |= 1;  // non-zero
    return G::scalar::from_wide(b);
}

/// Collects weighted terms of many equations into one multi-scalar
/// multiplication. Terms with a shared key are merged when their points are
/// equal: each key keeps its two most recently used distinct points, so the
/// cost per term is bounded (at most two equality tests) whatever the batch
/// size; a miss only means one more point in the sum, never a wrong result.
/// Terms whose scalar is a bare 128-bit weight (the proofs' commitments, which
/// every equation subtracts) are kept in a second list and summed by their own
/// multi-scalar multiplication, whose digit count follows their bit length:
/// half the additions per point. The check compares the two sums, so no
/// commitment is ever negated (in the 4096-bit group a negation is an
/// inversion mod p).
template <prime_order_group G>
class msm_accumulator {
public:
    using scalar = typename G::scalar;
    using element = typename G::element;

    void reserve(std::size_t n) {
        s_.reserve(n);
        p_.reserve(n);
    }
    void reserve_short(std::size_t n) {
        ss_.reserve(n);
        sp_.reserve(n);
    }
    /// Subtracts s·P for a scalar s < 2^128 (a batch weight times a commitment).
    void sub_short(const scalar& s, const element& p) {
        ss_.push_back(s);
        sp_.push_back(p);
    }
    /// Adds s·P.
    void add(const scalar& s, const element& p) {
        s_.push_back(s);
        p_.push_back(p);
    }
    /// Adds s·P, merged with an earlier equal point under the same key.
    void add_shared(std::string_view key, const scalar& s, const element& p) {
        key_slots* ks = nullptr;
        for (auto& k : keys_)
            if (k.key == key) {
                ks = &k;
                break;
            }
        if (ks == nullptr) {
            keys_.push_back({std::string(key), {npos, npos}});
            ks = &keys_.back();
        }
        for (std::size_t m = 0; m < 2; ++m) {
            const std::size_t idx = ks->recent[m];
            if (idx != npos && same_point(p_[idx], p)) {
                s_[idx] += s;
                if (m == 1) std::swap(ks->recent[0], ks->recent[1]);
                return;
            }
        }
        ks->recent[1] = ks->recent[0];
        ks->recent[0] = s_.size();
        add(s, p);
    }
    /// Adds s·G for the group generator G.
    void add_base(const scalar& s) { g_ += s; }
    /// Appends another accumulator's terms (no merging across the two).
    void append(const msm_accumulator& o) {
        s_.insert(s_.end(), o.s_.begin(), o.s_.end());
        p_.insert(p_.end(), o.p_.begin(), o.p_.end());
        ss_.insert(ss_.end(), o.ss_.begin(), o.ss_.end());
        sp_.insert(sp_.end(), o.sp_.begin(), o.sp_.end());
        g_ += o.g_;
    }
    std::size_t size() const noexcept { return s_.size() + ss_.size(); }
    std::size_t short_size() const noexcept { return ss_.size(); }
    /// True iff the accumulated sum is the identity, i.e. the added terms sum
    /// to the subtracted ones. Consumes the terms.
    bool is_identity_vartime() {
        s_.push_back(g_);
        p_.push_back(G::generator());
        const auto added = G::multi_exp_vartime(std::span<const scalar>(s_), std::span<const element>(p_));
        if (ss_.empty()) return G::is_identity(added);
        return added == G::multi_exp_vartime(std::span<const scalar>(ss_), std::span<const element>(sp_));
    }

private:
    /// Equality of group elements; by their canonical encodings when both are
    /// known (a byte comparison), otherwise by the group's equality.
    static bool same_point(const element& a, const element& b) {
        if constexpr (requires { a.cached_encoding(); }) {
            const auto* ea = a.cached_encoding();
            const auto* eb = b.cached_encoding();
            if (ea != nullptr && eb != nullptr) return *ea == *eb;
        }
        return a == b;
    }
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    struct key_slots {
        std::string key;
        std::array<std::size_t, 2> recent;
    };
    std::vector<scalar> s_;
    std::vector<element> p_;
    std::vector<scalar> ss_;   // short (128-bit) scalars
    std::vector<element> sp_;  // and their points
    std::vector<key_slots> keys_;
    scalar g_ = scalar::zero();
};

}  // namespace detail

template <prime_order_group G>
class equation_set {
public:
    using scalar = typename G::scalar;
    using element = typename G::element;

    /// Starts a new equation named `name` (used in failure reports).
    void begin(std::string name) { eqs_.push_back({std::move(name), nullptr, 0, nullptr, terms_.size(), scalar::zero()}); }
    /// Starts a new equation named prefix + decimal(index) + suffix, composed only
    /// when a report needs it. `prefix` and `suffix` must be string literals (or
    /// otherwise outlive the set).
    void begin(const char* prefix, std::size_t index, const char* suffix) {
        eqs_.push_back({{}, prefix, index, suffix, terms_.size(), scalar::zero()});
    }
    /// Adds s·P to the current equation.
    void term(const scalar& s, const element& p) { terms_.push_back({s, p, {}, false}); }
    /// Adds s·P where P is a base that recurs across equations (a public key, a
    /// ciphertext component). In the combined check, terms with the same key are
    /// merged into one multi-exponentiation point, but only after checking that
    /// the points are really equal; a key never makes two points the same.
    void shared_term(std::string_view key, const scalar& s, const element& p) {
        terms_.push_back({s, p, std::string(key), false});
    }
    /// Adds −C for a prover commitment C. Kept apart from term(−1, C) so that
    /// the combined check multiplies C by the short random weight itself rather
    /// than by a full-size scalar (half the additions for these points), and
    /// kept as C: the checks compare the other terms' sum with the
    /// commitments' instead of negating C.
    void commitment(const element& c) { terms_.push_back({scalar::one(), c, {}, true}); }
    /// Adds s·G (the group generator) to the current equation.
    void base_term(const scalar& s) { eqs_.back().g += s; }

    std::size_t size() const noexcept { return eqs_.size(); }
    /// The number of terms over all equations (the size of the combined sum).
    std::size_t term_count() const noexcept { return terms_.size(); }
    /// The number of commitment terms (summed with short scalars).
    std::size_t commitment_count() const noexcept {
        std::size_t n = 0;
        for (const auto& t : terms_) n += t.unit ? 1 : 0;
        return n;
    }

    /// Checks every equation; verify_failed names the first false one.
    [[nodiscard]] status check_vartime(rng& r = default_rng()) const {
        if (eqs_.empty()) return {};
        if (eqs_.size() == 1) return check_one(0);
        std::vector<byte> w(16 * eqs_.size());
        r.fill(w);
        detail::msm_accumulator<G> acc;
        const std::size_t nc = commitment_count();
        acc.reserve(term_count() - nc + 1);
        acc.reserve_short(nc);
        accumulate(acc, w.data());
        if (acc.is_identity_vartime()) return {};
        if (auto st = check_each_vartime(); !st) return st;
        // The combination failed but each equation holds: impossible unless the
        // group code is wrong; report it rather than accept.
        return status(errc::internal, "batched check failed although each equation holds");
    }

    /// Checks the equations one at a time (no weights); verify_failed names the
    /// first false one. For reports after a failed combined check.
    [[nodiscard]] status check_each_vartime() const {
        for (std::size_t i = 0; i < eqs_.size(); ++i)
            if (auto st = check_one(i); !st) return st;
        return {};
    }

    /// Adds Σ_e w_e·(equation e) to `acc`, with the weights w_e made from
    /// 16·size() random bytes at `weights` (the caller draws them from its own
    /// secure randomness, never from the proofs).
    void accumulate(detail::msm_accumulator<G>& acc, const byte* weights) const {
        for (std::size_t i = 0; i < eqs_.size(); ++i) {
            const auto& e = eqs_[i];
            const scalar w = detail::weight_from_bytes<G>(weights + 16 * i);
            for (std::size_t k = e.first; k < end_of(i); ++k) {
                const auto& t = terms_[k];
                if (t.unit)
                    acc.sub_short(w, t.p);
                else if (!t.key.empty())
                    acc.add_shared(t.key, w * t.s, t.p);
                else
                    acc.add(w * t.s, t.p);
            }
            if (!e.g.is_zero()) acc.add_base(w * e.g);
        }
    }

    /// A random weight of 128 bits (non-zero), from the verifier's own randomness.
    static scalar weight(rng& r) {
        std::array<byte, 16> b{};
        r.fill(b);
        return detail::weight_from_bytes<G>(b.data());
    }

private:
    struct term_t {
        scalar s;
        element p;
        std::string key;
        bool unit;  // a commitment C (s = 1), subtracted: the term is −C
    };
    struct equation {
        std::string name;            // or, when prefix is set, prefix + index + suffix
        const char* prefix;
        std::size_t index;
        const char* suffix;
        std::size_t first;           // its terms are terms_[first, next equation's first)
        scalar g;
    };
    std::size_t end_of(std::size_t i) const noexcept { return i + 1 < eqs_.size() ? eqs_[i + 1].first : terms_.size(); }
    std::string name_of(const equation& e) const {
        if (e.prefix == nullptr) return e.name;
        return std::string(e.prefix) + std::to_string(e.index) + e.suffix;
    }
    status check_one(std::size_t i) const {
        const auto& e = eqs_[i];
        std::vector<scalar> s;
        std::vector<element> p;
        std::optional<element> subtracted;  // the sum of the commitments
        for (std::size_t k = e.first; k < end_of(i); ++k) {
            if (terms_[k].unit) {
                subtracted = subtracted ? *subtracted + terms_[k].p : terms_[k].p;
                continue;
            }
            s.push_back(terms_[k].s);
            p.push_back(terms_[k].p);
        }
        s.push_back(e.g);
        p.push_back(G::generator());
        const auto added = G::multi_exp_vartime(s, p);
        if (subtracted ? added == *subtracted : G::is_identity(added)) return {};
        return status(errc::verify_failed, "equation " + name_of(e) + " does not hold");
    }
    std::vector<equation> eqs_;
    std::vector<term_t> terms_;
};

}  // namespace scrutineer
