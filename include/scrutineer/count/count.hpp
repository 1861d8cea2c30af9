// scrutineer — count: counting engine for ranked contests (STV and IRV).
//
// `run_count` is a pure function of (contest, rules, seed): the same inputs
// always give the same transcript, byte for byte, so anyone can re-run a
// published count. The transcript lists every stage with its action, the
// amounts moved to each candidate, running totals, the non-transferable votes
// and the rounding loss, who was elected or excluded, and every tie-break
// (with the draw used, if it went to lot).
//
// Nothing here depends on the cryptography; the "by lot" draw uses SHA-256
// (libsodium, inside src/count/) over a caller-supplied seed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/count/election.hpp"
#include "scrutineer/count/fixed.hpp"
#include "scrutineer/count/rules.hpp"

namespace scrutineer::count {

/// A candidate's state after a stage.
enum class cand_state : std::uint8_t { hopeful, elected, excluded, withdrawn };

/// What a stage did.
enum class stage_action : std::uint8_t {
    first,      ///< first preferences
    surplus,    ///< transfer of one candidate's surplus
    exclusion,  ///< exclusion of one or more candidates and transfer of their papers
    iteration,  ///< Meek: keep factors converged and someone was elected
};

/// One tie that had to be broken.
struct tie_record {
    std::string purpose;                  ///< "exclusion", "surplus order", "election order"
    std::vector<candidate_id> tied;       ///< the candidates that were tied
    candidate_id chosen = 0;              ///< the one the rule picked
    std::string how;                      ///< "backward to stage 3", "forward to stage 1", "lot", "candidate order"
    std::int64_t draw = -1;               ///< lot: index of the draw (0-based), else -1
    std::vector<candidate_id> lot_among;  ///< lot: the candidates still tied after history (sorted)
};

/// One stage of the count. All amounts are in units of 10^-decimals.
struct stage {
    int number = 1;
    stage_action action = stage_action::first;
    std::vector<candidate_id> subjects;   ///< whose surplus, or who was excluded
    amount subject_amount = 0;            ///< size of the surplus, or votes of the excluded
    std::vector<amount> transferred;      ///< per candidate: change in this stage
    std::vector<amount> votes;            ///< per candidate: total after this stage
    std::vector<cand_state> state;        ///< per candidate: state after this stage
    amount nontransferable_transferred = 0;  ///< papers exhausted in this stage
    amount nontransferable_total = 0;        ///< cumulative exhausted, excluding rounding
    amount rounding = 0;                  ///< truncation loss in this stage only
    amount rounding_total = 0;            ///< cumulative truncation loss
    amount quota = 0;                     ///< quota in force after this stage
    std::vector<candidate_id> elected;    ///< newly elected at this stage, in order of election
    std::vector<tie_record> ties;
    std::vector<amount> keep_factors;     ///< Meek only: per candidate, units of 10^-decimals
    int iterations = 0;                   ///< Meek only
    std::string note;                     ///< e.g. "last vacancies filled (rule 53)"
};

/// The outcome and full transcript of a count.
struct count_result {
    std::string method;                     ///< the rules' name
    int decimals = 0;
    int seats = 0;
    std::string title;
    std::vector<candidate> candidates;
    std::uint64_t valid_votes = 0;           ///< papers with at least one valid preference
    std::uint64_t invalid_papers = 0;        ///< papers naming only withdrawn candidates
    amount quota = 0;                        ///< quota at stage 1 (IRV and Meek: recomputed; see stages)
    std::vector<stage> stages;
    std::vector<candidate_id> elected;       ///< in order of election
    int lots_drawn = 0;
};

/// Counts `c` under `r`. `seed` feeds the "by lot" draw (it is used only if a
/// tie survives the rule's history test). Errors: bad_input if the contest
/// fails validation or the rules do not fit it (e.g. IRV with more than one
/// seat); out_of_range if an amount would overflow 64 bits.
result<count_result> run_count(const contest& c, const rules& r, std::span<const std::uint8_t> seed = {});

/// The "by lot" draw, exposed for tests and independent verifiers: picks one
/// of `k` >= 1 candidates for the `draw_index`-th lot of a count. See
/// docs/count.md for the exact bytes hashed.
std::uint32_t lot_draw(std::span<const std::uint8_t> seed, std::uint64_t draw_index,
                       std::span<const candidate_id> tied_sorted);

}  // namespace scrutineer::count
