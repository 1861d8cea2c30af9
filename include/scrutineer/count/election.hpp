// scrutineer — count: the input to a count (candidates, seats, ranked ballots).
//
// A `contest` is what every input format (BLT, PrefLib, the in-memory API for
// decrypted ballots) is turned into. Ballots are stored flat and compactly: one
// array of 0-based candidate indices plus offsets, and one weight (number of
// identical papers) per ranking. `ballot_set::aggregate()` merges identical
// rankings and sorts them, giving a canonical multiset whose order no longer
// depends on the order in which papers arrived; every rule implemented here is
// independent of paper order, so the count never changes when aggregated.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "scrutineer/core/error.hpp"

namespace scrutineer::count {

/// Index of a candidate, 0-based (BLT and PrefLib files are 1-based; the
/// readers convert).
using candidate_id = std::uint32_t;

/// One candidate. `name` and `party` keep the input bytes exactly (the Glasgow
/// files hold double-encoded UTF-8, which must not be "fixed").
struct candidate {
    std::string name;
    std::string party;       ///< empty when the input has none
    bool withdrawn = false;  ///< withdrawn candidates are skipped on every paper
};

/// A multiset of strict rankings, each with a positive integer weight.
class ballot_set {
public:
    /// Appends `weight` identical papers ranking `ranking` (0-based ids, most
    /// preferred first). Does not validate; `contest::validate()` does.
    void add(std::span<const candidate_id> ranking, std::uint64_t weight = 1) {
        prefs_.insert(prefs_.end(), ranking.begin(), ranking.end());
        start_.push_back(static_cast<std::uint64_t>(prefs_.size()));
        weight_.push_back(weight);
        aggregated_ = false;
    }
    void add(std::initializer_list<candidate_id> ranking, std::uint64_t weight = 1) {
        add(std::span<const candidate_id>(ranking.begin(), ranking.size()), weight);
    }

    /// Number of distinct stored rankings (lines), not papers.
    std::size_t size() const noexcept { return weight_.size(); }
    bool empty() const noexcept { return weight_.empty(); }
    /// The i-th ranking.
    std::span<const candidate_id> ranking(std::size_t i) const noexcept {
        std::uint64_t b = i == 0 ? 0 : start_[i - 1];
        return {prefs_.data() + b, static_cast<std::size_t>(start_[i] - b)};
    }
    std::uint64_t weight(std::size_t i) const noexcept { return weight_[i]; }
    /// Total number of papers (sum of weights).
    std::uint64_t total_weight() const noexcept {
        std::uint64_t t = 0;
        for (auto w : weight_) t += w;
        return t;
    }
    /// Merges identical rankings (adding weights) and sorts them
    /// lexicographically. Idempotent; O(n log n).
    void aggregate();
    bool aggregated() const noexcept { return aggregated_; }
    void reserve(std::size_t rankings, std::size_t total_prefs) {
        prefs_.reserve(total_prefs);
        start_.reserve(rankings);
        weight_.reserve(rankings);
    }

private:
    std::vector<candidate_id> prefs_;
    std::vector<std::uint64_t> start_;  ///< end offset of each ranking in prefs_
    std::vector<std::uint64_t> weight_;
    bool aggregated_ = false;
};

/// A ranked contest: candidates, seats and ballots.
struct contest {
    std::string title;
    std::vector<candidate> candidates;
    int seats = 1;
    ballot_set ballots;

    /// Checks the invariants every count relies on: 1 <= seats, at least one
    /// candidate, seats <= number of non-withdrawn candidates, every id in
    /// range, no candidate twice on a paper, every weight positive. Errors:
    /// bad_input / out_of_range with a message naming the ballot.
    status validate() const;
};

/// In-memory API for decrypted ballots: builds a contest from rankings of
/// 0-based candidate ids, each with a weight (use 1 for individual papers).
/// The result is validated and aggregated.
struct weighted_ranking {
    std::vector<candidate_id> ranking;
    std::uint64_t weight = 1;
};
result<contest> make_contest(std::vector<candidate> candidates, int seats, std::span<const weighted_ranking> ballots,
                             std::string title = {});

}  // namespace scrutineer::count
