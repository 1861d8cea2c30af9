// scrutineer — count: counting rules as explicit parameters, and named presets.
//
// A `rules` value states every choice a count depends on: the algorithm family,
// the number of decimal places and the rounding direction of transfer values,
// the quota, which papers a surplus re-examines, whether surpluses may be
// deferred, how candidates are excluded, and how ties are broken. The presets
// are the supported, documented combinations (docs/count.md cites the legal
// source of each); other combinations are accepted but carry no claim of
// matching any statute.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scrutineer/count/fixed.hpp"

namespace scrutineer::count {

/// The counting algorithm family.
enum class algorithm {
    gregory,  ///< papers move in parcels with transfer values (Scottish, WIGM, ERS97)
    meek,     ///< iterative keep factors (Hill, Wichmann and Woodall 1987; NZ Schedule 1A)
    irv,      ///< single seat, majority of continuing votes, whole votes
};

/// How the quota is computed from V (total valid votes) and S (seats).
enum class quota_rule {
    droop_whole,     ///< floor(V/(S+1)) + 1 vote (Scotland, Ireland)
    droop_ers97,     ///< V/(S+1) to d places; if inexact, truncate and add one unit (ERS97 5.1.6)
    droop_plus_unit, ///< V/(S+1) truncated to d places, plus one unit (Droop PRF WIGM; Meek)
    majority,        ///< more than half of the continuing votes, recomputed each stage (IRV)
};

/// Which papers a surplus transfer re-examines.
enum class surplus_papers {
    inclusive_weighted,  ///< all papers; new value = surplus x value / total (WIGM, Scotland)
    last_parcel,         ///< ERS97 5.3: the last parcel received; TV = surplus / transferable papers
};

/// Rounding direction for transfer values.
enum class rounding {
    down,  ///< truncate (Scotland, ERS97, WIGM)
    up,    ///< round up (Meek kept votes and keep factors)
};

/// Which earlier stage settles a tie before resorting to lot.
enum class tie_history {
    backward,  ///< the most recent stage at which the tied candidates differed (Scotland)
    forward,   ///< the first stage at which they differed (ERS97 5.6, NZ "ahead at first difference")
    none,      ///< go straight to the final tie-break
};

/// The final tie-break when history does not separate the candidates.
enum class final_tiebreak {
    lot,              ///< a seeded, reproducible draw (docs/count.md, "the draw")
    candidate_order,  ///< the candidate earlier in the file counts as lower (Droop PRF "predefined order")
};

/// Every parameter of a count. Amounts are in units of 10^-decimals.
struct rules {
    std::string name;                      ///< preset name, recorded in the transcript
    algorithm kind = algorithm::gregory;
    int decimals = 5;                      ///< places kept for values and totals
    quota_rule quota = quota_rule::droop_whole;
    surplus_papers surplus = surplus_papers::inclusive_weighted;
    rounding transfer_rounding = rounding::down;
    /// ERS97 5.2.2: defer surpluses that cannot change the order at the bottom.
    bool defer_surpluses = false;
    /// ERS97 5.2.5: exclude several low candidates at once when safe.
    bool bulk_exclusion = false;
    /// ERS97 5.4.4: excluded papers move in batches by value, highest first,
    /// each batch a sub-stage; a candidate reaching quota takes no more papers.
    bool exclude_by_value_batches = false;
    /// ERS97 5.4.8: papers exhausted before anyone is elected reduce the quota.
    bool quota_shrinks_before_first_election = false;
    /// ERS97 5.1.7(b), 5.3.13(b), 5.4.9(b): a candidate is also deemed elected
    /// on reaching the total active vote divided by one more than the places
    /// not yet filled (taken to the count's places as the quota is: exact, or
    /// truncated plus one unit), when that is below the quota.
    bool elect_on_active_vote = false;
    /// ERS97 5.6.2: when candidates due to be deemed elected have equal votes
    /// and there are not places for all of them, the forward history selects;
    /// if they were equal at every stage, none of them (and nobody with fewer
    /// votes) is deemed elected at that stage, instead of a lot. They stay
    /// continuing and the count goes on.
    bool tied_wait_for_places = false;
    /// Record a stage for a surplus of zero (a candidate exactly at quota).
    /// Scottish e-count sheets do not; Droop does. Off in every preset.
    bool zero_surplus_stage = false;
    tie_history ties = tie_history::backward;
    final_tiebreak final_tie = final_tiebreak::lot;
    // ---- Meek only
    /// Convergence tolerance: iterate until the total surplus is below this
    /// many units (or stops shrinking).
    amount meek_omega = 0;
    /// Also leave the iteration when the total surplus stops shrinking (PRF B.2.e).
    bool meek_stop_when_stalled = true;
    /// When excluding, treat as tied every hopeful within the total surplus of
    /// the lowest (PRF B.3).
    bool meek_surplus_ties = false;
    /// Exclude every hopeful with zero votes at once (the NZ calculator).
    bool meek_bulk_exclude_zero = false;
};

/// Scottish Local Government Elections Order 2011 (SSI 2011/399) sch. 1 rr. 46-53,
/// as the 2022 Idox e-count applies them: integer Droop quota, weighted
/// inclusive Gregory with transfer values truncated to 5 decimal places per
/// paper value, largest surplus first, one exclusion per stage, ties backward
/// then by lot, no stage for a zero surplus.
rules scottish_stv();
/// Weighted inclusive Gregory in the PR Foundation form that Droop calls
/// `wigm-prf`: quota V/(S+1) truncated to 4 places plus 0.0001, TV truncated
/// to 4 places, ties backward then lot.
rules wigm();
/// ERS model rules, 3rd ed. 1997 (sections 5.1-5.6): 2 places, last-parcel
/// surpluses, deferral, bulk exclusion, batches by value, election below the
/// quota on the active vote, ties forward then lot (for election order: forward,
/// and candidates equal at every stage wait, 5.6.2).
rules ers97();
/// Meek STV as in New Zealand (Local Electoral Regulations 2001, sch. 1A):
/// 9 places rounded up, quota from the non-exhausted votes plus 10^-9,
/// tolerance 0.0001, ties "ahead at first difference" then lot.
rules meek_nz();
/// Meek as in the PR Foundation reference (Droop `meek-prf`): omega 10^-6,
/// ties within the surplus broken by candidate order.
rules meek_prf();
/// Instant-runoff voting for one seat: majority of continuing votes, lowest
/// excluded each round, ties backward then lot.
rules irv();

/// Looks up a preset by name: "scottish-stv", "ers97", "meek", "meek-prf",
/// "wigm", "irv". std::nullopt if unknown.
std::optional<rules> preset(std::string_view name);
/// The names `preset` accepts, in documentation order.
std::vector<std::string> preset_names();

}  // namespace scrutineer::count
