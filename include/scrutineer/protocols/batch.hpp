// scrutineer — protocols: batch verification of many proofs at once.
//
// A verifier checking a record checks thousands to millions of proofs. Each
// proof type exposes `*_equations(ctx, statement, proof, eqs)`, which runs the
// structural checks (identity elements, lengths, challenge sums) and adds the
// proof's group equations to an `equation_set`. `batch_verifier` gathers many
// such items and checks all their equations as ONE random linear combination:
// every equation gets its own 128-bit weight drawn from the verifier's secure
// randomness (never derivable from the proofs), and the combination is one
// multi-scalar multiplication (Bellare, Garay, Rabin, "Fast batch
// verification", EUROCRYPT 1998, §3, small-exponents test: a batch holding a
// false equation passes with probability at most 2^-128 per check).
//
// When the combination fails, the verifier still names every failing item:
// the batch is split in halves and each half re-checked with fresh weights,
// down to single items (bisection; Pastuszak, Michałek, Pieprzyk, Seberry,
// "Identification of bad signatures in batches", PKC 2000, §3), and a failing
// item's equations are then checked one by one so that its report names the
// equation. With k bad items out of n this costs O(k·log n) smaller checks.
// An item whose structural checks fail is reported at once and never enters
// the combination.
//
// Parallel: items' equations are built on all cores, and the combined check's
// multi-scalar multiplication runs its windows in parallel (parallel/pool.hpp).
// Variable time: public data only.
//
//     batch_verifier<G> b;
//     for (std::size_t i = 0; i < n; ++i)
//         b.add("ballot " + std::to_string(i), [&, i](equation_set<G>& e) {
//             return proofs::range_equations(ctx, st[i], pr[i], e);
//         });
//     auto res = b.verify_vartime();   // res.failures names each bad item
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/protocols/equations.hpp"

namespace scrutineer {

/// One item that failed: its index (order of add), its label and the reason
/// (a format error from its structural checks, or verify_failed naming the
/// equation that does not hold).
struct batch_failure {
    std::size_t index;
    std::string label;
    error err;
};

/// The outcome of a batch: every failing item, in index order.
struct batch_result {
    std::size_t items = 0;                ///< how many items were checked
    std::vector<batch_failure> failures;  ///< empty iff every item verified

    bool ok() const noexcept { return failures.empty(); }
    /// ok, or the first failure as "label: message" (keeping its code).
    status first_error() const {
        if (failures.empty()) return {};
        const auto& f = failures.front();
        return status(with_context(f.label, f.err));
    }
};

template <prime_order_group G>
class batch_verifier {
public:
    /// Adds the item's equations to the set, or returns its structural error.
    using item_fn = std::function<status(equation_set<G>&)>;

    /// `r` supplies the weights; it must be a secure source the prover cannot
    /// predict (default: the system CSPRNG). Not copied: must outlive the verifier.
    explicit batch_verifier(rng& r = default_rng()) : rng_(&r) {}

    /// Queues one item and returns its index. `fn` runs later, inside
    /// verify_vartime and possibly on another thread, so everything it refers
    /// to must stay alive and unchanged until then; it must not touch shared
    /// mutable state. A throwing fn is reported as an internal failure of its item.
    std::size_t add(std::string label, item_fn fn) {
        items_.push_back({std::move(label), std::move(fn)});
        return items_.size() - 1;
    }

    std::size_t size() const noexcept { return items_.size(); }

    /// Checks every queued item (see the file comment) and returns the
    /// failures; the queue is kept, so a second call re-checks with new weights.
    [[nodiscard]] batch_result verify_vartime() {
        const std::size_t n = items_.size();
        batch_result res;
        res.items = n;
        sets_.assign(n, equation_set<G>{});
        std::vector<status> st(n);
        parallel::for_chunks(n, 16, [&](std::size_t lo, std::size_t hi) {
            for (std::size_t i = lo; i < hi; ++i) {
                try {
                    st[i] = items_[i].fn(sets_[i]);
                } catch (const std::exception& e) {
                    st[i] = status(errc::internal, std::string("equation builder threw: ") + e.what());
                } catch (...) {
                    st[i] = status(errc::internal, "equation builder threw");
                }
            }
        });
        std::vector<std::size_t> good;
        good.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (!st[i])
                res.failures.push_back({i, items_[i].label, st[i].err()});
            else if (sets_[i].size() != 0)
                good.push_back(i);
        }
        if (!good.empty()) bisect(good, res.failures);
        std::sort(res.failures.begin(), res.failures.end(),
                  [](const batch_failure& a, const batch_failure& b) { return a.index < b.index; });
        sets_.clear();
        sets_.shrink_to_fit();
        return res;
    }

private:
    struct item {
        std::string label;
        item_fn fn;
    };

    /// True iff the items' equations, combined with fresh weights, hold.
    bool holds(std::span<const std::size_t> idx) {
        // weights: 16 bytes per equation, drawn in one call, then shared out
        std::vector<std::size_t> first(idx.size() + 1, 0);
        for (std::size_t k = 0; k < idx.size(); ++k) first[k + 1] = first[k] + sets_[idx[k]].size();
        std::vector<byte> w(16 * first.back());
        rng_->fill(w);
        // One part per thread (the items' equations are alike, so equal
        // slices balance). Part 0 is reserved for every part's terms and the
        // others are appended to it: the serial copy is of the other parts
        // only, and one thread alone accumulates into part 0 with no copy.
        const std::size_t chunks = std::min<std::size_t>(idx.size(), parallel::threads());
        std::vector<detail::msm_accumulator<G>> part(chunks);
        const std::size_t step = (idx.size() + chunks - 1) / chunks;
        std::vector<std::size_t> terms(chunks, 0), commitments(chunks, 0);
        std::size_t all_terms = 0, all_commitments = 0;
        for (std::size_t k = 0; k < idx.size(); ++k) {
            terms[k / step] += sets_[idx[k]].term_count();
            commitments[k / step] += sets_[idx[k]].commitment_count();
        }
        for (std::size_t c = 0; c < chunks; ++c) all_terms += terms[c], all_commitments += commitments[c];
        parallel::for_each(chunks, [&](std::size_t c) {
            const std::size_t lo = c * step, hi = std::min(idx.size(), lo + step);
            part[c].reserve(c == 0 ? all_terms - all_commitments + 1 : terms[c] - commitments[c]);
            part[c].reserve_short(c == 0 ? all_commitments : commitments[c]);
            for (std::size_t k = lo; k < hi; ++k) sets_[idx[k]].accumulate(part[c], w.data() + 16 * first[k]);
        });
        for (std::size_t c = 1; c < chunks; ++c) {
            part[0].append(part[c]);
            part[c] = detail::msm_accumulator<G>{};  // release as we go
        }
        return part[0].is_identity_vartime();
    }

    /// Records the failing items among idx; returns whether it found any.
    bool bisect(std::span<const std::size_t> idx, std::vector<batch_failure>& out) {
        if (holds(idx)) return false;
        if (idx.size() == 1) {
            const std::size_t i = idx[0];
            status s = sets_[i].check_each_vartime();
            if (s) s = status(errc::internal, "combined check failed although each equation holds");
            out.push_back({i, items_[i].label, s.err()});
            return true;
        }
        const std::size_t half = idx.size() / 2;
        const bool left = bisect(idx.subspan(0, half), out);
        const bool right = bisect(idx.subspan(half), out);
        if (!left && !right) {
            // the whole failed, both halves hold: only a group-code bug (or a
            // 2^-128 event) gets here; report rather than accept
            out.push_back({idx[0], items_[idx[0]].label,
                           error{errc::internal, "batch of " + std::to_string(idx.size()) +
                                                     " items failed but no item fails on its own"}});
            return true;
        }
        return true;
    }

    rng* rng_;
    std::vector<item> items_;
    std::vector<equation_set<G>> sets_;
};

}  // namespace scrutineer
