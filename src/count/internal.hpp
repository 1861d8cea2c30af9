// scrutineer — count: helpers shared by the engines (not installed).
#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scrutineer/count/count.hpp"

namespace scrutineer::count::detail {

/// Breaks ties among `tied` (size >= 2) by the rule's history test, then by
/// its final tie-break. `want_lowest` picks the candidate with fewer votes at
/// the deciding stage (exclusion); otherwise the one with more (surplus or
/// election order). Appends a tie_record to `out`.
class tie_breaker {
public:
    tie_breaker(const rules& r, std::span<const std::uint8_t> seed, count_result& res)
        : rules_(r), seed_(seed), res_(res) {}

    candidate_id pick(std::vector<candidate_id> tied, bool want_lowest, const std::string& purpose,
                      std::vector<tie_record>& out) {
        std::sort(tied.begin(), tied.end());
        tie_record rec;
        rec.purpose = purpose;
        rec.tied = tied;
        std::vector<candidate_id> left = narrow_by_history(tied, want_lowest, rec.how);
        if (left.size() == 1) {
            rec.chosen = left[0];
        } else if (rules_.final_tie == final_tiebreak::candidate_order) {
            // Droop's "predefined order": the candidate earlier in the file
            // counts as lower (excluded first, its surplus transferred last)
            rec.chosen = want_lowest ? left.front() : left.back();
            rec.how += rec.how.empty() ? "candidate order" : ", then candidate order";
        } else {
            std::uint32_t k = lot_draw(seed_, static_cast<std::uint64_t>(res_.lots_drawn), left);
            rec.draw = res_.lots_drawn++;
            rec.chosen = left[k];
            rec.how += rec.how.empty() ? "lot" : ", then lot";
            rec.lot_among = left;
        }
        out.push_back(rec);
        return rec.chosen;
    }

    /// The rule's history test (docs/count.md, "The history test"): narrows
    /// `tied` (sorted) over the stages recorded so far to those with the fewest
    /// (`want_lowest`) or the most votes at each stage where they differ, and
    /// sets `how` to "backward/forward to stage N" for the last stage that
    /// narrowed the set (unchanged if none did).
    std::vector<candidate_id> narrow_by_history(std::vector<candidate_id> left, bool want_lowest,
                                                std::string& how) const {
        const auto& stages = res_.stages;
        auto narrow_at = [&](std::size_t s) {
            const auto& v = stages[s].votes;
            amount best = v[left[0]];
            for (auto c : left) best = want_lowest ? std::min(best, v[c]) : std::max(best, v[c]);
            std::vector<candidate_id> keep;
            for (auto c : left)
                if (v[c] == best) keep.push_back(c);
            bool changed = keep.size() != left.size();
            left = std::move(keep);
            return changed;
        };
        if (rules_.ties == tie_history::backward) {
            for (std::size_t s = stages.size(); s-- > 0 && left.size() > 1;)
                if (narrow_at(s)) how = "backward to stage " + std::to_string(stages[s].number);
        } else if (rules_.ties == tie_history::forward) {
            for (std::size_t s = 0; s < stages.size() && left.size() > 1; ++s)
                if (narrow_at(s)) how = "forward to stage " + std::to_string(stages[s].number);
        }
        return left;
    }

    /// ERS97 5.6.2 (rules::tied_wait_for_places): like next_elected, but
    /// candidates with equal votes are a tie only when there are not places
    /// for all of them; then the history test selects, and if it leaves more
    /// than there are places (equal at every stage), nobody is elected:
    /// std::nullopt, and no tie is recorded. If it leaves several for whom
    /// there are places, all of them will be elected, the lowest candidate
    /// number first ("…, then candidate order"); no lot is ever drawn here.
    std::optional<candidate_id> next_elected_unless_equal_throughout(const std::vector<candidate_id>& group,
                                                                     std::span<const amount> votes, int vacancies,
                                                                     std::vector<tie_record>& out) {
        std::vector<candidate_id> top = most_votes(group, votes);
        std::sort(top.begin(), top.end());
        if (top.size() <= static_cast<std::size_t>(vacancies)) return top[0];
        tie_record rec;
        rec.purpose = "election order";
        rec.tied = top;
        const std::vector<candidate_id> left = narrow_by_history(top, false, rec.how);
        if (left.size() > static_cast<std::size_t>(vacancies)) return std::nullopt;
        rec.chosen = left[0];
        if (left.size() > 1) rec.how += ", then candidate order";
        out.push_back(rec);
        return rec.chosen;
    }

    /// The next of `group` to deem elected while `vacancies` places are left:
    /// the one with the most votes; among equal votes, the lowest candidate
    /// number when the whole group fits in the places (the order does not
    /// matter then), else the tie-break above, recorded in `out`.
    candidate_id next_elected(const std::vector<candidate_id>& group, std::span<const amount> votes, int vacancies,
                              std::vector<tie_record>& out) {
        const std::vector<candidate_id> top = most_votes(group, votes);
        const bool all_fit = group.size() <= static_cast<std::size_t>(vacancies);
        return top.size() == 1 || all_fit ? top[0] : pick(top, false, "election order", out);
    }

private:
    /// The members of `group` (non-empty) with the most votes, in group order.
    static std::vector<candidate_id> most_votes(const std::vector<candidate_id>& group, std::span<const amount> votes) {
        amount best = votes[group[0]];
        for (auto g : group) best = std::max(best, votes[g]);
        std::vector<candidate_id> top;
        for (auto g : group)
            if (votes[g] == best) top.push_back(g);
        return top;
    }

    const rules& rules_;
    std::span<const std::uint8_t> seed_;
    count_result& res_;
};

result<count_result> run_gregory(const contest& c, const rules& r, std::span<const std::uint8_t> seed);
result<count_result> run_meek(const contest& c, const rules& r, std::span<const std::uint8_t> seed);

}  // namespace scrutineer::count::detail
