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
// so that the report names the one that fails.
//
// Variable time: verifiers handle public data only.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/group/concept.hpp"

namespace scrutineer {

template <prime_order_group G>
class equation_set {
public:
    using scalar = typename G::scalar;
    using element = typename G::element;

    /// Starts a new equation named `name` (used in failure reports).
    void begin(std::string name) { eqs_.push_back({std::move(name), {}, scalar::zero()}); }
    /// Adds s·P to the current equation.
    void term(const scalar& s, const element& p) { eqs_.back().terms.push_back({s, p, {}}); }
    /// Adds s·P where P is a base that recurs across equations (a public key, a
    /// ciphertext component). In the combined check, terms with the same key are
    /// merged into one multi-exponentiation point, but only after checking that
    /// the points are really equal; a key never makes two points the same.
    void shared_term(std::string_view key, const scalar& s, const element& p) {
        eqs_.back().terms.push_back({s, p, std::string(key)});
    }
    /// Adds −C for a prover commitment C. Kept apart from term(−1, C) so that
    /// the combined check multiplies −C by the short random weight itself rather
    /// than by a full-size scalar (half the additions for these points).
    void commitment(const element& c) { eqs_.back().terms.push_back({scalar::one(), -c, {}}); }
    /// Adds s·G (the group generator) to the current equation.
    void base_term(const scalar& s) { eqs_.back().g += s; }

    std::size_t size() const noexcept { return eqs_.size(); }

    /// Checks every equation; verify_failed names the first false one.
    [[nodiscard]] status check_vartime(rng& r = default_rng()) const {
        if (eqs_.empty()) return {};
        if (eqs_.size() == 1) return check_one(eqs_[0]);
        std::vector<scalar> s;
        std::vector<element> p;
        std::vector<std::pair<std::string, std::size_t>> shared;  // key -> index in s/p
        scalar g = scalar::zero();
        for (const auto& e : eqs_) {
            const scalar w = weight(r);
            for (const auto& t : e.terms) {
                const scalar ws = t.s == scalar::one() ? w : w * t.s;
                if (!t.key.empty()) {
                    bool merged = false;
                    for (const auto& [k, idx] : shared)
                        if (k == t.key && p[idx] == t.p) {
                            s[idx] += ws;
                            merged = true;
                            break;
                        }
                    if (merged) continue;
                    shared.emplace_back(t.key, s.size());
                }
                s.push_back(ws);
                p.push_back(t.p);
            }
            g += w * e.g;
        }
        s.push_back(g);
        p.push_back(G::generator());
        if (G::is_identity(G::multi_exp_vartime(s, p))) return {};
        for (const auto& e : eqs_)
            if (auto st = check_one(e); !st) return st;
        // The combination failed but each equation holds: impossible unless the
        // group code is wrong; report it rather than accept.
        return status(errc::internal, "batched check failed although each equation holds");
    }

    /// A random weight of 128 bits (non-zero), from the verifier's own randomness.
    static scalar weight(rng& r) {
        std::array<byte, 64> b{};
        r.fill(std::span<byte>(b.data(), 16));
        b[0] |= 1;  // non-zero
        return scalar::from_wide(b);
    }

private:
    struct term_t {
        scalar s;
        element p;
        std::string key;
    };
    struct equation {
        std::string name;
        std::vector<term_t> terms;
        scalar g;
    };
    static status check_one(const equation& e) {
        std::vector<scalar> s;
        std::vector<element> p;
        for (const auto& t : e.terms) {
            s.push_back(t.s);
            p.push_back(t.p);
        }
        s.push_back(e.g);
        p.push_back(G::generator());
        if (G::is_identity(G::multi_exp_vartime(s, p))) return {};
        return status(errc::verify_failed, "equation " + e.name + " does not hold");
    }
    std::vector<equation> eqs_;
};

}  // namespace scrutineer
