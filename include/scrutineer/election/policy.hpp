// scrutineer — election: the counting policy, as one deterministic replay of
// the board (docs/spec.md §8.8).
//
// Both the board operator (to post cancellations) and the verifier (to derive
// the counted set itself) feed the same events, in board order, to this engine:
//
//   revoke(v)          voter v is revoked from this position on
//   cast(p, v)         a ballot by voter v at board index p; returns the
//                      ballots this cast excludes, each with its reason:
//     - v revoked before p                 → p excluded, "revoked"
//     - revoting "last", v has a counted   → that earlier ballot excluded,
//       ballot q                               "superseded"; p is counted
//     - revoting "first" or "none", v has  → p excluded, "repeat"
//       a counted ballot
//     - otherwise                          → p is counted
//
// A ballot cast before its voter's revocation keeps counting (a revocation
// looks forward only). A revoked voter's later ballot supersedes nothing.
// The counted set is read after the close: one ballot per voter at most.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scrutineer/election/manifest.hpp"

namespace scrutineer::election {

class policy_engine {
public:
    struct exclusion {
        std::uint64_t entry;      ///< board index of the excluded cast
        std::string_view reason;  ///< one of record::reasons
    };

    explicit policy_engine(revoting_rule rule) : rule_(rule) {}

    /// Voter `voter` is revoked from now on. Returns false if already revoked.
    bool revoke(const std::string& voter);
    bool revoked(const std::string& voter) const { return revoked_.count(voter) != 0; }
    /// Voters revoked so far.
    std::size_t revoked_count() const noexcept { return revoked_.size(); }

    /// A cast at board index `entry` by `voter`; returns what it excludes.
    std::vector<exclusion> cast(std::uint64_t entry, const std::string& voter);

    /// The counted ballots: voter → board index of the cast entry.
    const std::unordered_map<std::string, std::uint64_t>& counted() const noexcept { return counted_; }

private:
    revoting_rule rule_;
    std::unordered_map<std::string, std::uint64_t> counted_;
    std::unordered_map<std::string, bool> revoked_;
};

}  // namespace scrutineer::election
