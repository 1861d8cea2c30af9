// scrutineer — count: ballot sets, contest validation, presets and the lot draw.
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "scrutineer/count/count.hpp"
#include "scrutineer/count/election.hpp"
#include "scrutineer/count/rules.hpp"

namespace scrutineer::count {

void ballot_set::aggregate() {
    if (aggregated_) return;
    const std::size_t n = weight_.size();
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
        auto ra = ranking(a), rb = ranking(b);
        return std::lexicographical_compare(ra.begin(), ra.end(), rb.begin(), rb.end());
    });
    std::vector<candidate_id> prefs;
    std::vector<std::uint64_t> start, weight;
    prefs.reserve(prefs_.size());
    for (std::size_t k = 0; k < n; ++k) {
        auto r = ranking(order[k]);
        if (!weight.empty()) {
            auto last = std::span<const candidate_id>(prefs.data() + (start.size() >= 2 ? start[start.size() - 2] : 0),
                                                      prefs.data() + start.back());
            if (std::equal(last.begin(), last.end(), r.begin(), r.end())) {
                weight.back() += weight_[order[k]];
                continue;
            }
        }
        prefs.insert(prefs.end(), r.begin(), r.end());
        start.push_back(prefs.size());
        weight.push_back(weight_[order[k]]);
    }
    prefs.shrink_to_fit();
    prefs_ = std::move(prefs);
    start_ = std::move(start);
    weight_ = std::move(weight);
    aggregated_ = true;
}

status contest::validate() const {
    if (candidates.empty()) return {errc::bad_input, "the contest has no candidates"};
    if (candidates.size() > 0xFFFFFFu) return {errc::out_of_range, "too many candidates"};
    std::size_t standing = 0;
    for (const auto& c : candidates) standing += c.withdrawn ? 0 : 1;
    if (seats < 1) return {errc::out_of_range, "seats must be at least 1, got " + std::to_string(seats)};
    if (static_cast<std::size_t>(seats) > standing)
        return {errc::out_of_range, std::to_string(seats) + " seats but only " + std::to_string(standing) +
                                        " candidates standing"};
    std::vector<std::size_t> seen(candidates.size(), SIZE_MAX);
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < ballots.size(); ++i) {
        if (ballots.weight(i) == 0) return {errc::bad_input, "ballot " + std::to_string(i + 1) + " has weight 0"};
        if (ballots.weight(i) > (std::uint64_t{1} << 40))
            return {errc::out_of_range, "ballot " + std::to_string(i + 1) + " has a weight above 2^40"};
        total += ballots.weight(i);
        if (total > (std::uint64_t{1} << 40)) return {errc::out_of_range, "more than 2^40 papers in total"};
        for (auto id : ballots.ranking(i)) {
            if (id >= candidates.size())
                return {errc::out_of_range, "ballot " + std::to_string(i + 1) + " names candidate " +
                                                std::to_string(id + 1) + " of " + std::to_string(candidates.size())};
            if (seen[id] == i)
                return {errc::bad_input,
                        "ballot " + std::to_string(i + 1) + " ranks candidate " + std::to_string(id + 1) + " twice"};
            seen[id] = i;
        }
    }
    return {};
}

result<contest> make_contest(std::vector<candidate> candidates, int seats, std::span<const weighted_ranking> ballots,
                             std::string title) {
    contest c;
    c.title = std::move(title);
    c.candidates = std::move(candidates);
    c.seats = seats;
    std::size_t total = 0;
    for (const auto& b : ballots) total += b.ranking.size();
    c.ballots.reserve(ballots.size(), total);
    for (const auto& b : ballots) c.ballots.add(b.ranking, b.weight);
    if (auto s = c.validate(); !s) return s.err();
    c.ballots.aggregate();
    return c;
}

// ------------------------------------------------------------------ presets

rules scottish_stv() {
    rules r;
    r.name = "scottish-stv";
    r.kind = algorithm::gregory;
    r.decimals = 5;
    r.quota = quota_rule::droop_whole;
    r.surplus = surplus_papers::inclusive_weighted;
    r.transfer_rounding = rounding::down;
    r.ties = tie_history::backward;
    r.final_tie = final_tiebreak::lot;
    return r;
}

rules wigm() {
    rules r = scottish_stv();
    r.name = "wigm";
    r.decimals = 4;
    r.quota = quota_rule::droop_plus_unit;
    return r;
}

rules ers97() {
    rules r;
    r.name = "ers97";
    r.kind = algorithm::gregory;
    r.decimals = 2;
    r.quota = quota_rule::droop_ers97;
    r.surplus = surplus_papers::last_parcel;
    r.transfer_rounding = rounding::down;
    r.defer_surpluses = true;
    r.bulk_exclusion = true;
    r.exclude_by_value_batches = true;
    r.quota_shrinks_before_first_election = true;
    r.elect_on_active_vote = true;
    r.tied_wait_for_places = true;
    r.ties = tie_history::forward;
    r.final_tie = final_tiebreak::lot;
    return r;
}

rules meek_nz() {
    rules r;
    r.name = "meek";
    r.kind = algorithm::meek;
    r.decimals = 9;
    r.quota = quota_rule::droop_plus_unit;
    r.transfer_rounding = rounding::up;
    r.meek_omega = 100000;  // 0.0001
    r.meek_stop_when_stalled = true;
    r.meek_surplus_ties = false;
    r.meek_bulk_exclude_zero = false;
    r.ties = tie_history::forward;
    r.final_tie = final_tiebreak::lot;
    return r;
}

rules meek_prf() {
    rules r = meek_nz();
    r.name = "meek-prf";
    r.meek_omega = 1000;  // 10^-6
    r.meek_surplus_ties = true;
    r.ties = tie_history::none;
    r.final_tie = final_tiebreak::candidate_order;
    return r;
}

rules irv() {
    rules r;
    r.name = "irv";
    r.kind = algorithm::irv;
    r.decimals = 0;
    r.quota = quota_rule::majority;
    r.ties = tie_history::backward;
    r.final_tie = final_tiebreak::lot;
    return r;
}

std::optional<rules> preset(std::string_view name) {
    if (name == "scottish-stv") return scottish_stv();
    if (name == "ers97") return ers97();
    if (name == "meek") return meek_nz();
    if (name == "meek-prf") return meek_prf();
    if (name == "wigm") return wigm();
    if (name == "irv") return irv();
    return std::nullopt;
}

std::vector<std::string> preset_names() { return {"scottish-stv", "ers97", "meek", "meek-prf", "wigm", "irv"}; }

// ------------------------------------------------------------------ the lot draw
//
// block(j) = SHA-256( "scrutineer/count/lot/v1" (23 bytes, no terminator)
//                     || u64be(len(seed)) || seed
//                     || u64be(draw_index) || u32be(k) || u32be(id_1) ... u32be(id_k)
//                     || u32be(j) )
// x_j = the first 8 bytes of block(j) read big-endian; accept the first x_j
// below 2^64 - (2^64 mod k) and return x_j mod k (rejection sampling, so the
// draw is exactly uniform). ids are 0-based, sorted ascending.
std::uint32_t lot_draw(std::span<const std::uint8_t> seed, std::uint64_t draw_index,
                       std::span<const candidate_id> tied_sorted) {
    const std::uint64_t k = tied_sorted.size();
    if (k <= 1) return 0;
    auto put64 = [](std::vector<std::uint8_t>& b, std::uint64_t v) {
        for (int i = 7; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    auto put32 = [](std::vector<std::uint8_t>& b, std::uint32_t v) {
        for (int i = 3; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    static constexpr char label[] = "scrutineer/count/lot/v1";
    std::vector<std::uint8_t> msg(label, label + sizeof(label) - 1);
    put64(msg, seed.size());
    msg.insert(msg.end(), seed.begin(), seed.end());
    put64(msg, draw_index);
    put32(msg, static_cast<std::uint32_t>(k));
    for (auto id : tied_sorted) put32(msg, id);
    const std::size_t fixed_len = msg.size();
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % k + 1) % k;  // accept x <= limit
    for (std::uint32_t j = 0;; ++j) {
        msg.resize(fixed_len);
        put32(msg, j);
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, msg.data(), msg.size());
        std::uint64_t x = 0;
        for (int i = 0; i < 8; ++i) x = (x << 8) | h[i];
        if (x <= limit) return static_cast<std::uint32_t>(x % k);
    }
}

}  // namespace scrutineer::count
