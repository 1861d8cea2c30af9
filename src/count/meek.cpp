// scrutineer — count: Meek STV (keep factors, fixed 9-place arithmetic).
//
// Follows the steps of the PR Foundation reference (Hill, Wichmann and
// Woodall 1987, Algorithm 123, as revised) with the rounding directions of
// NZ Local Electoral Regulations 2001 sch. 1A: a ballot gives each candidate
// ceil(remaining x keep factor) and keep factors are updated as
// ceil(ceil(kf x quota) / votes). Only the tolerance and the tie rule differ
// between the presets (rules.hpp).
#include <algorithm>

#include "internal.hpp"

namespace scrutineer::count::detail {
namespace {

class meek_engine {
public:
    meek_engine(const contest& c, const rules& r, std::span<const std::uint8_t> seed)
        : c_(c), r_(r), n_(c.candidates.size()), unit_(pow10(r.decimals)), ties_(r, seed, res_) {}

    result<count_result> run() {
        res_.method = r_.name;
        res_.decimals = r_.decimals;
        res_.seats = c_.seats;
        res_.title = c_.title;
        res_.candidates = c_.candidates;
        state_.assign(n_, cand_state::hopeful);
        kf_.assign(n_, unit_);
        for (std::size_t i = 0; i < n_; ++i)
            if (c_.candidates[i].withdrawn) {
                state_[i] = cand_state::withdrawn;
                kf_[i] = 0;
            }
        std::uint64_t valid = 0;
        for (std::size_t b = 0; b < c_.ballots.size(); ++b) {
            bool any = false;
            for (auto id : c_.ballots.ranking(b)) any = any || state_[id] == cand_state::hopeful;
            (any ? valid : res_.invalid_papers) += c_.ballots.weight(b);
            counted_.push_back(any);
        }
        res_.valid_votes = valid;

        distribute();
        res_.quota = quota_;
        record(stage_action::first, {}, 0, 0);
        elect_reached(res_.stages.back());
        if (fill_last(res_.stages.back())) return std::move(res_);

        constexpr int max_iterations = 100000;
        while (static_cast<int>(res_.elected.size()) < c_.seats) {
            int iterations = 0;
            amount last_s = -1;
            bool elected_now = false;
            for (;;) {
                distribute();
                ++iterations;
                std::vector<candidate_id> reached;
                for (candidate_id i = 0; i < n_; ++i)
                    if (state_[i] == cand_state::hopeful && votes_[i] >= quota_) reached.push_back(i);
                if (!reached.empty()) {
                    record(stage_action::iteration, {}, 0, iterations);
                    stage& st = res_.stages.back();
                    elect_reached(st);
                    st.state = state_;
                    elected_now = true;
                    break;
                }
                amount s = total_surplus();
                if (s < r_.meek_omega || (r_.meek_stop_when_stalled && last_s >= 0 && s >= last_s)) {
                    last_s = s;
                    break;
                }
                if (iterations >= max_iterations)
                    return error{errc::internal, "Meek iteration did not converge in " + std::to_string(max_iterations) +
                                                     " iterations"};
                for (candidate_id i = 0; i < n_; ++i) {
                    if (state_[i] != cand_state::elected || votes_[i] == 0) continue;
                    amount kq = mul_div_ceil(kf_[i], quota_, unit_);
                    kf_[i] = std::min(unit_, mul_div_ceil(kq, unit_, votes_[i]));
                }
                last_s = s;
            }
            if (elected_now) {
                if (fill_last(res_.stages.back())) break;
                continue;
            }
            // exclusion
            std::vector<candidate_id> out;
            amount low = -1;
            for (candidate_id i = 0; i < n_; ++i)
                if (state_[i] == cand_state::hopeful && (low < 0 || votes_[i] < low)) low = votes_[i];
            if (r_.meek_bulk_exclude_zero && low == 0) {
                for (candidate_id i = 0; i < n_; ++i)
                    if (state_[i] == cand_state::hopeful && votes_[i] == 0) out.push_back(i);
                std::size_t hopeful = static_cast<std::size_t>(std::count(state_.begin(), state_.end(), cand_state::hopeful));
                if (hopeful - out.size() < static_cast<std::size_t>(vacancies())) out.clear();
            }
            std::vector<tie_record> ties;
            if (out.empty()) {
                const amount band = r_.meek_surplus_ties ? std::max<amount>(last_s, 0) : 0;
                std::vector<candidate_id> lowest;
                for (candidate_id i = 0; i < n_; ++i)
                    if (state_[i] == cand_state::hopeful && votes_[i] <= low + band) lowest.push_back(i);
                out.push_back(lowest.size() == 1 ? lowest[0] : ties_.pick(lowest, true, "exclusion", ties));
            }
            amount subject = 0;
            for (auto x : out) {
                subject += votes_[x];
                state_[x] = cand_state::excluded;
                kf_[x] = 0;
            }
            distribute();
            record(stage_action::exclusion, out, subject, iterations);
            stage& st = res_.stages.back();
            st.ties = std::move(ties);
            if (fill_last(st)) break;
        }
        return std::move(res_);
    }

private:
    int vacancies() const { return c_.seats - static_cast<int>(res_.elected.size()); }

    /// B.2.a-b: every ballot hands each candidate ceil(w x kf) of its weight w
    /// still unspent, in preference order; then quota = floor(sum/(S+1)) + 1 unit.
    void distribute() {
        votes_.assign(n_, 0);
        excess_ = 0;
        for (std::size_t b = 0; b < c_.ballots.size(); ++b) {
            // invalid papers (no standing candidate) are left out of the
            // count, as in the other engines: not non-transferable
            if (!counted_[b]) continue;
            const amount w = static_cast<amount>(c_.ballots.weight(b));
            amount left = unit_;
            for (auto id : c_.ballots.ranking(b)) {
                const amount k = kf_[id];
                if (k == 0) continue;
                amount give = k == unit_ ? left : std::min(left, mul_div_ceil(left, k, unit_));
                votes_[id] = checked_add(votes_[id], checked_mul(give, w));  // weights up to 2^40 (parse.cpp)
                left -= give;
                if (left == 0) break;
            }
            excess_ = checked_add(excess_, checked_mul(left, w));
        }
        amount sum = 0;
        for (auto v : votes_) sum = checked_add(sum, v);
        if (sum < 0 || excess_ < 0) throw arithmetic_overflow("Meek totals overflow");
        quota_ = sum / (c_.seats + 1) + 1;
    }

    amount total_surplus() const {
        amount s = 0;
        for (candidate_id i = 0; i < n_; ++i)
            if (state_[i] == cand_state::elected) s += std::max<amount>(votes_[i] - quota_, 0);
        return s;
    }

    void record(stage_action a, std::vector<candidate_id> subjects, amount subject_amount, int iterations) {
        stage s;
        s.number = static_cast<int>(res_.stages.size()) + 1;
        s.action = a;
        s.subjects = std::move(subjects);
        s.subject_amount = subject_amount;
        s.votes = votes_;
        s.transferred.assign(n_, 0);
        const stage* prev = res_.stages.empty() ? nullptr : &res_.stages.back();
        for (std::size_t i = 0; i < n_; ++i) s.transferred[i] = votes_[i] - (prev ? prev->votes[i] : 0);
        s.nontransferable_total = excess_;
        s.nontransferable_transferred = excess_ - (prev ? prev->nontransferable_total : 0);
        s.state = state_;
        s.quota = quota_;
        s.keep_factors = kf_;
        s.iterations = iterations;
        res_.stages.push_back(std::move(s));
    }

    void elect_reached(stage& st) {
        std::vector<candidate_id> group;
        for (candidate_id i = 0; i < n_; ++i)
            if (state_[i] == cand_state::hopeful && votes_[i] >= quota_) group.push_back(i);
        elect_group(st, std::move(group));
    }

    void elect_group(stage& st, std::vector<candidate_id> group) {
        while (!group.empty() && vacancies() > 0) {
            const candidate_id who = ties_.next_elected(group, votes_, vacancies(), st.ties);
            state_[who] = cand_state::elected;
            res_.elected.push_back(who);
            st.elected.push_back(who);
            group.erase(std::find(group.begin(), group.end(), who));
        }
        st.state = state_;
    }

    /// B.1: when hopeful + elected <= seats, the hopefuls are elected.
    bool fill_last(stage& st) {
        if (vacancies() <= 0) return true;
        std::vector<candidate_id> h;
        for (candidate_id i = 0; i < n_; ++i)
            if (state_[i] == cand_state::hopeful) h.push_back(i);
        if (h.size() > static_cast<std::size_t>(vacancies())) return false;
        if (!h.empty()) st.note = "last vacancies filled: hopeful candidates equal vacancies";
        elect_group(st, h);
        return true;
    }

    const contest& c_;
    const rules& r_;
    const std::size_t n_;
    const amount unit_;
    count_result res_;
    tie_breaker ties_;
    std::vector<cand_state> state_;
    std::vector<amount> kf_, votes_;
    amount excess_ = 0, quota_ = 0;
    std::vector<bool> counted_;  // per ballot: names a standing candidate (else an invalid paper)
};

}  // namespace

result<count_result> run_meek(const contest& c, const rules& r, std::span<const std::uint8_t> seed) {
    meek_engine e(c, r, seed);
    return e.run();
}

}  // namespace scrutineer::count::detail
