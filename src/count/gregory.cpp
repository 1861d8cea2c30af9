// scrutineer — count: the parcel-based engine (Scottish STV, WIGM, ERS97, IRV).
//
// Papers are held in parcels: every paper in a parcel has the same value and
// arrived at the same stage. A paper is (ranking index, position of its
// current preference); an aggregated ranking of weight w stands for w papers,
// which always move together because they are indistinguishable. Amounts are
// integers in units of 10^-decimals (fixed.hpp).
#include <algorithm>
#include <numeric>
#include <optional>

#include "internal.hpp"

namespace scrutineer::count::detail {
namespace {

/// The stage note of ERS97 5.6.2 (docs/count.md, "Stage notes").
constexpr std::string_view ers97_tied_note =
    "equal votes at every stage and not places for all: none of them deemed elected at this stage (ERS97 5.6.2)";

struct paper {
    std::uint32_t ballot;  ///< index into the aggregated ballot set
    std::uint32_t pos;     ///< position in the ranking of the candidate holding it
};

struct parcel {
    amount value = 0;        ///< value of each paper, in units
    int stage = 0;           ///< stage at which the parcel arrived
    std::uint64_t count = 0; ///< papers (sum of weights)
    std::vector<paper> papers;
};

class gregory_engine {
public:
    gregory_engine(const contest& c, const rules& r, std::span<const std::uint8_t> seed)
        : c_(c), r_(r), n_(c.candidates.size()), unit_(pow10(r.decimals)), ties_(r, seed, res_) {}

    count_result run() {
        res_.method = r_.name;
        res_.decimals = r_.decimals;
        res_.seats = c_.seats;
        res_.title = c_.title;
        res_.candidates = c_.candidates;
        pile_.assign(n_, {});
        votes_.assign(n_, 0);
        state_.assign(n_, cand_state::hopeful);
        surplus_done_.assign(n_, false);
        for (std::size_t i = 0; i < n_; ++i)
            if (c_.candidates[i].withdrawn) state_[i] = cand_state::withdrawn;

        first_stage();
        while (static_cast<int>(res_.elected.size()) < c_.seats && hopeful_count() > 0) {
            if (auto e = next_surplus()) {
                transfer_surplus(*e);
            } else {
                exclude();
            }
        }
        return std::move(res_);
    }

private:
    // ------------------------------------------------------------ helpers
    std::size_t hopeful_count() const {
        return static_cast<std::size_t>(std::count(state_.begin(), state_.end(), cand_state::hopeful));
    }
    int vacancies() const { return c_.seats - static_cast<int>(res_.elected.size()); }

    /// Next preference after position `from` held by a hopeful candidate;
    /// returns false if the paper is exhausted.
    bool next_pref(std::uint32_t ballot, std::uint32_t from, candidate_id& who, std::uint32_t& pos) const {
        auto rk = c_.ballots.ranking(ballot);
        for (std::uint32_t p = from; p < rk.size(); ++p) {
            if (state_[rk[p]] == cand_state::hopeful) {
                who = rk[p];
                pos = p;
                return true;
            }
        }
        return false;
    }

    amount compute_quota(std::uint64_t valid_units_votes) const {
        const amount seats1 = c_.seats + 1;
        const amount v = static_cast<amount>(valid_units_votes);
        switch (r_.quota) {
            case quota_rule::droop_whole: return checked_mul(v / unit_ / seats1 + 1, unit_);
            case quota_rule::droop_ers97: return v % seats1 == 0 ? v / seats1 : v / seats1 + 1;
            case quota_rule::droop_plus_unit: return v / seats1 + 1;
            case quota_rule::majority: return v / 2 + 1;
        }
        return 0;
    }

    amount continuing_total() const {
        amount t = 0;
        for (std::size_t i = 0; i < n_; ++i)
            if (state_[i] == cand_state::hopeful) t = checked_add(t, votes_[i]);
        return t;
    }

    /// Records a stage from the current state (votes, states, quota).
    stage& push_stage(stage_action a, std::vector<candidate_id> subjects, amount subject_amount,
                      std::vector<amount> transferred, amount nt, amount rounding_loss) {
        stage s;
        s.number = static_cast<int>(res_.stages.size()) + 1;
        s.action = a;
        s.subjects = std::move(subjects);
        s.subject_amount = subject_amount;
        s.transferred = std::move(transferred);
        s.nontransferable_transferred = nt;
        exhausted_ = checked_add(exhausted_, nt);
        rounding_total_ = checked_add(rounding_total_, rounding_loss);
        s.nontransferable_total = exhausted_;
        s.rounding = rounding_loss;
        s.rounding_total = rounding_total_;
        s.ties = std::move(pending_ties_);
        pending_ties_.clear();
        s.votes = votes_;  // before elect: a tie for election order reads this stage's votes too
        res_.stages.push_back(std::move(s));
        stage& st = res_.stages.back();
        update_quota();
        elect(st);
        st.votes = votes_;
        st.state = state_;
        st.quota = quota_;
        return st;
    }

    void update_quota() {
        if (r_.quota == quota_rule::majority) {
            quota_ = compute_quota(static_cast<std::uint64_t>(continuing_total()));
        } else if (r_.quota_shrinks_before_first_election && res_.elected.empty() && exhausted_ > 0) {
            quota_ = compute_quota(static_cast<std::uint64_t>(valid_units_ - exhausted_));
        }
    }

    /// Adds a note to the stage once (a second call with the same text adds nothing).
    static void add_note(stage& st, std::string_view text) {
        for (std::string_view rest = st.note; !rest.empty();) {
            const std::size_t k = rest.find("; ");
            if (rest.substr(0, k) == text) return;
            if (k == std::string_view::npos) break;
            rest.remove_prefix(k + 2);
        }
        if (!st.note.empty()) st.note += "; ";
        st.note += text;
    }

    /// ERS97 6.20 and 5.6.1: the total active vote is the votes of the
    /// continuing candidates plus the votes awaiting transfer (surpluses not
    /// yet transferred, the papers of candidates being excluded), i.e. the
    /// total valid vote less what the elected keep (their quota, or their vote
    /// if less) and less the non-transferable vote.
    amount total_active_vote() const {
        amount kept = checked_add(exhausted_, rounding_total_);
        for (std::size_t i = 0; i < n_; ++i)
            if (state_[i] == cand_state::elected) kept = checked_add(kept, std::min(votes_[i], quota_));
        return valid_units_ - kept;
    }

    /// The vote that elects a hopeful now: the quota, or under
    /// elect_on_active_vote (ERS97 5.1.7(b), 5.3.13(b), 5.4.9(b)) the total
    /// active vote / (vacancies + 1) when that is less, taken to the count's
    /// places as 5.1.6 takes the quota (exact, or truncated plus one unit); at
    /// least one unit, so that a candidate with no votes is never elected this
    /// way.
    amount election_threshold() const {
        if (!r_.elect_on_active_vote || vacancies() <= 0) return quota_;
        const amount places1 = vacancies() + 1, tav = total_active_vote();
        const amount t = tav % places1 == 0 ? tav / places1 : tav / places1 + 1;
        return std::min(quota_, std::max<amount>(t, 1));
    }

    /// Elects hopefuls at or above the election threshold (largest first),
    /// then fills the last vacancies if the hopefuls left are no more than the
    /// vacancies. Electing lowers the active-vote threshold or leaves it (a
    /// candidate elected at t or more takes at least t out of the total active
    /// vote and one place), so the test is repeated until nobody else reaches it.
    void elect(stage& st) {
        for (;;) {
            const amount threshold = election_threshold();
            std::vector<candidate_id> reached;
            for (candidate_id i = 0; i < n_; ++i)
                if (state_[i] == cand_state::hopeful && votes_[i] >= threshold) reached.push_back(i);
            if (reached.empty() || vacancies() <= 0) break;
            if (!elect_in_order(st, reached, true)) return;  // ERS97 5.6.2: the tied wait; nobody else now
            if (!r_.elect_on_active_vote) break;
        }
        if (vacancies() > 0 && hopeful_count() <= static_cast<std::size_t>(vacancies())) {
            std::vector<candidate_id> rest;
            for (candidate_id i = 0; i < n_; ++i)
                if (state_[i] == cand_state::hopeful) rest.push_back(i);
            if (!rest.empty()) add_note(st, "last vacancies filled: continuing candidates equal vacancies");
            elect_in_order(st, rest);
        }
    }

    /// Deems `group` elected in order while places are left; `on_threshold`:
    /// they reached the election threshold, so one deemed elected below the
    /// quota gets the stage its 5.1.7(b) note (when it is elected, so that a
    /// stage where nobody below the quota is elected has no such note). False
    /// when ERS97 5.6.2 stopped it: candidates equal at every stage, more of
    /// them than places; the stage gets a note and nobody else is elected at it.
    bool elect_in_order(stage& st, std::vector<candidate_id> group, bool on_threshold = false) {
        while (!group.empty() && vacancies() > 0) {
            candidate_id who;
            if (r_.tied_wait_for_places) {
                const auto w = ties_.next_elected_unless_equal_throughout(group, votes_, vacancies(), st.ties);
                if (!w) {
                    add_note(st, ers97_tied_note);
                    return false;
                }
                who = *w;
            } else {
                who = ties_.next_elected(group, votes_, vacancies(), st.ties);
            }
            state_[who] = cand_state::elected;
            res_.elected.push_back(who);
            st.elected.push_back(who);
            if (on_threshold && votes_[who] < quota_)
                add_note(st, "deemed elected on the total active vote / (vacancies + 1), below the quota "
                             "(ERS97 5.1.7(b))");
            if (votes_[who] <= quota_) surplus_done_[who] = !(r_.zero_surplus_stage && votes_[who] == quota_);
            group.erase(std::find(group.begin(), group.end(), who));
        }
        return true;
    }

    // ------------------------------------------------------------ stage 1
    void first_stage() {
        std::vector<std::vector<paper>> first(n_);
        std::vector<std::uint64_t> cnt(n_, 0);
        std::uint64_t valid = 0;
        for (std::uint32_t b = 0; b < c_.ballots.size(); ++b) {
            candidate_id who;
            std::uint32_t pos;
            const std::uint64_t w = c_.ballots.weight(b);
            if (!next_pref(b, 0, who, pos)) {
                res_.invalid_papers += w;
                continue;
            }
            first[who].push_back({b, pos});
            cnt[who] += w;
            valid += w;
        }
        res_.valid_votes = valid;
        valid_units_ = checked_mul(static_cast<amount>(valid), unit_);
        for (std::size_t i = 0; i < n_; ++i) {
            votes_[i] = checked_mul(static_cast<amount>(cnt[i]), unit_);
            if (!first[i].empty()) pile_[i].push_back(parcel{unit_, 1, cnt[i], std::move(first[i])});
        }
        quota_ = compute_quota(static_cast<std::uint64_t>(valid_units_));
        res_.quota = quota_;
        push_stage(stage_action::first, {}, 0, votes_, 0, 0);
    }

    // ------------------------------------------------------------ surpluses
    amount surplus_of(candidate_id e) const { return std::max<amount>(votes_[e] - quota_, 0); }

    std::optional<candidate_id> next_surplus() {
        std::vector<candidate_id> pending;
        amount best = -1, total = 0;
        for (candidate_id i = 0; i < n_; ++i) {
            if (state_[i] != cand_state::elected || surplus_done_[i]) continue;
            pending.push_back(i);
            best = std::max(best, surplus_of(i));
            total += surplus_of(i);
        }
        if (pending.empty()) return std::nullopt;
        if (r_.defer_surpluses && hopeful_count() > static_cast<std::size_t>(vacancies()) && can_defer(total))
            return std::nullopt;
        std::vector<candidate_id> top;
        for (auto p : pending)
            if (surplus_of(p) == best) top.push_back(p);
        if (top.size() == 1) return top[0];
        return ties_.pick(top, false, "surplus order", pending_ties_);
    }

    /// ERS97 5.2.2: surpluses may wait while their total could not change
    /// the order of the lowest candidates (the exclusion about to happen).
    bool can_defer(amount total_surplus) const {
        std::vector<amount> h;
        for (candidate_id i = 0; i < n_; ++i)
            if (state_[i] == cand_state::hopeful) h.push_back(votes_[i]);
        if (h.size() < 2) return false;
        std::sort(h.begin(), h.end());
        if (total_surplus <= h[1] - h[0]) return true;
        // the bulk-exclusion group, if any
        auto g = bulk_group(total_surplus);
        if (g.size() >= 2) return true;
        return false;
    }

    /// The candidates a bulk exclusion would remove (ERS97 5.2.5): the
    /// longest run of two or more lowest hopefuls whose total plus `surplus`
    /// does not exceed the vote of the next candidate up (5.2.5(b); the same
    /// test is 5.2.2(b)'s), which must be strictly higher than the run's last
    /// (a tie is never split), leaving at least as many hopefuls as vacancies.
    std::vector<candidate_id> bulk_group(amount surplus) const {
        std::vector<candidate_id> h;
        for (candidate_id i = 0; i < n_; ++i)
            if (state_[i] == cand_state::hopeful) h.push_back(i);
        std::stable_sort(h.begin(), h.end(), [&](auto a, auto b) { return votes_[a] < votes_[b]; });
        std::vector<candidate_id> best;
        amount sum = 0;
        const std::size_t max_out = h.size() - static_cast<std::size_t>(std::max(vacancies(), 0));
        for (std::size_t k = 0; k + 1 < h.size() && k + 1 <= max_out; ++k) {
            sum += votes_[h[k]];
            if (k >= 1 && votes_[h[k + 1]] > votes_[h[k]] && sum + surplus <= votes_[h[k + 1]])
                best.assign(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(k + 1));
        }
        return best;
    }

    /// Destination parcels of one transfer, keyed by (candidate, value).
    struct dest_set {
        std::vector<std::vector<parcel>> by_cand;
        explicit dest_set(std::size_t n) : by_cand(n) {}
        parcel& get(candidate_id c, amount value, int stage_no) {
            for (auto& p : by_cand[c])
                if (p.value == value) return p;
            by_cand[c].push_back(parcel{value, stage_no, 0, {}});
            return by_cand[c].back();
        }
    };

    /// Moves every paper of `src` to its next hopeful preference at value
    /// `value`; adds amounts to `transferred` and returns the exhausted amount.
    amount move_parcel(const parcel& src, amount value, dest_set& dest, std::vector<amount>& transferred, int stage_no,
                       std::uint64_t* transferable_papers = nullptr) {
        amount nt = 0;
        for (const auto& p : src.papers) {
            candidate_id who;
            std::uint32_t pos;
            const amount w = static_cast<amount>(c_.ballots.weight(p.ballot));
            if (next_pref(p.ballot, p.pos + 1, who, pos)) {
                parcel& d = dest.get(who, value, stage_no);
                d.papers.push_back({p.ballot, pos});
                d.count += static_cast<std::uint64_t>(w);
                transferred[who] = checked_add(transferred[who], checked_mul(value, w));
                if (transferable_papers) *transferable_papers += static_cast<std::uint64_t>(w);
            } else {
                nt = checked_add(nt, checked_mul(value, w));
            }
        }
        return nt;
    }

    /// Credits the hopeful candidates with what `transferred` gives them and
    /// files the new parcels.
    void land(dest_set& dest, const std::vector<amount>& transferred) {
        for (candidate_id i = 0; i < n_; ++i) {
            if (state_[i] == cand_state::hopeful) votes_[i] = checked_add(votes_[i], transferred[i]);
            for (auto& p : dest.by_cand[i]) pile_[i].push_back(std::move(p));
        }
    }

    void transfer_surplus(candidate_id e) {
        const amount total = votes_[e];
        const amount s = surplus_of(e);
        const int stage_no = static_cast<int>(res_.stages.size()) + 1;
        std::vector<amount> transferred(n_, 0);
        dest_set dest(n_);
        amount nt = 0;
        surplus_done_[e] = true;
        if (r_.surplus == surplus_papers::inclusive_weighted) {
            for (const auto& p : pile_[e]) {
                amount v = r_.transfer_rounding == rounding::down ? mul_div_floor(s, p.value, total)
                                                                  : mul_div_ceil(s, p.value, total);
                nt = checked_add(nt, move_parcel(p, v, dest, transferred, stage_no));
            }
        } else {
            // last parcel: the papers that arrived at the latest stage
            int last = 0;
            for (const auto& p : pile_[e]) last = std::max(last, p.stage);
            std::vector<const parcel*> batch;
            std::uint64_t transferable = 0;
            amount batch_value = 0;
            for (const auto& p : pile_[e]) {
                if (p.stage != last) continue;
                batch.push_back(&p);
                for (const auto& q : p.papers) {
                    candidate_id who;
                    std::uint32_t pos;
                    if (next_pref(q.ballot, q.pos + 1, who, pos)) {
                        transferable += c_.ballots.weight(q.ballot);
                        batch_value = checked_add(batch_value, checked_mul(p.value, static_cast<amount>(
                                                                                        c_.ballots.weight(q.ballot))));
                    }
                }
            }
            for (const auto* p : batch) {
                amount v = 0;
                if (transferable > 0) {
                    if (batch_value <= s)
                        v = p->value;  // 5.3.7: at present value
                    else
                        v = std::min(p->value, s / static_cast<amount>(transferable));
                }
                std::vector<amount> tr(n_, 0);
                move_parcel(*p, v, dest, tr, stage_no);  // exhausted papers of the batch carry no surplus value
                for (candidate_id i = 0; i < n_; ++i) transferred[i] = checked_add(transferred[i], tr[i]);
            }
            amount moved = std::accumulate(transferred.begin(), transferred.end(), amount{0});
            nt = s - moved;  // ERS97 records the remainder as non-transferable
        }
        pile_[e].clear();
        pile_[e].shrink_to_fit();
        amount moved = std::accumulate(transferred.begin(), transferred.end(), amount{0});
        amount loss = s - moved - nt;
        land(dest, transferred);
        transferred[e] = -s;
        votes_[e] = total - s;
        push_stage(stage_action::surplus, {e}, s, std::move(transferred), nt, loss);
    }

    // ------------------------------------------------------------ exclusion
    void exclude() {
        std::vector<candidate_id> out;
        if (r_.bulk_exclusion) {
            amount pending = 0;
            for (candidate_id i = 0; i < n_; ++i)
                if (state_[i] == cand_state::elected && !surplus_done_[i]) pending += surplus_of(i);
            out = bulk_group(pending);
        }
        if (out.empty()) {
            amount low = -1;
            for (candidate_id i = 0; i < n_; ++i)
                if (state_[i] == cand_state::hopeful && (low < 0 || votes_[i] < low)) low = votes_[i];
            std::vector<candidate_id> lowest;
            for (candidate_id i = 0; i < n_; ++i)
                if (state_[i] == cand_state::hopeful && votes_[i] == low) lowest.push_back(i);
            out.push_back(lowest.size() == 1 ? lowest[0] : ties_.pick(lowest, true, "exclusion", pending_ties_));
        }
        amount subject_amount = 0;
        for (auto x : out) {
            subject_amount += votes_[x];
            state_[x] = cand_state::excluded;
        }
        // gather the parcels
        std::vector<parcel> parcels;
        for (auto x : out) {
            for (auto& p : pile_[x]) parcels.push_back(std::move(p));
            pile_[x].clear();
            pile_[x].shrink_to_fit();
        }
        if (!r_.exclude_by_value_batches) {
            const int stage_no = static_cast<int>(res_.stages.size()) + 1;
            std::vector<amount> transferred(n_, 0);
            dest_set dest(n_);
            amount nt = 0;
            for (const auto& p : parcels) nt = checked_add(nt, move_parcel(p, p.value, dest, transferred, stage_no));
            land(dest, transferred);
            for (auto x : out) {
                transferred[x] = -votes_[x];
                votes_[x] = 0;
            }
            push_stage(stage_action::exclusion, out, subject_amount, std::move(transferred), nt, 0);
            return;
        }
        // ERS97 5.4.4: batches by value, highest first, each its own stage
        std::stable_sort(parcels.begin(), parcels.end(), [](const parcel& a, const parcel& b) {
            if (a.value != b.value) return a.value > b.value;
            return a.stage < b.stage;
        });
        std::size_t i = 0;
        for (;;) {
            const int stage_no = static_cast<int>(res_.stages.size()) + 1;
            std::vector<amount> transferred(n_, 0);
            dest_set dest(n_);
            amount nt = 0;
            std::size_t j = i;
            for (; j < parcels.size() && parcels[j].value == parcels[i].value; ++j)
                nt = checked_add(nt, move_parcel(parcels[j], parcels[j].value, dest, transferred, stage_no));
            land(dest, transferred);
            apply_excluded_decrease(out, parcels, i, j, transferred);
            i = j;
            const bool done = i >= parcels.size();
            stage& st = push_stage(stage_action::exclusion, out, subject_amount, std::move(transferred), nt, 0);
            if (!done && vacancies() > 0) add_note(st, "exclusion continues with the next batch (ERS97 5.4.4)");
            if (done || vacancies() == 0) break;
        }
    }

    /// In batch mode, each excluded candidate's total falls by the value of
    /// the parcels it contributed to this batch.
    void apply_excluded_decrease(const std::vector<candidate_id>& out, const std::vector<parcel>& parcels, std::size_t i,
                                 std::size_t j, std::vector<amount>& transferred) {
        // A paper's holder is the candidate at its current position.
        for (std::size_t k = i; k < j; ++k) {
            for (const auto& p : parcels[k].papers) {
                candidate_id owner = c_.ballots.ranking(p.ballot)[p.pos];
                const amount a = checked_mul(parcels[k].value, static_cast<amount>(c_.ballots.weight(p.ballot)));
                votes_[owner] -= a;
                transferred[owner] -= a;
            }
        }
        for (auto x : out)
            if (votes_[x] < 0) votes_[x] = 0;
    }

    const contest& c_;
    const rules& r_;
    const std::size_t n_;
    const amount unit_;
    count_result res_;
    tie_breaker ties_;
    std::vector<std::vector<parcel>> pile_;
    std::vector<amount> votes_;
    std::vector<cand_state> state_;
    std::vector<bool> surplus_done_;
    std::vector<tie_record> pending_ties_;
    amount quota_ = 0;
    amount valid_units_ = 0;
    amount exhausted_ = 0;
    amount rounding_total_ = 0;
};

}  // namespace

result<count_result> run_gregory(const contest& c, const rules& r, std::span<const std::uint8_t> seed) {
    gregory_engine e(c, r, seed);
    return e.run();
}

}  // namespace scrutineer::count::detail
