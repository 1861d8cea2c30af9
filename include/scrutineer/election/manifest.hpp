// scrutineer — election: the manifest (what is being decided and under which rules).
//
// A JSON object (docs/format/manifest.md):
//   format        "scrutineer/manifest/v1"
//   election_id   identifier: 1–64 characters of [A-Za-z0-9._-]
//   title         free text
//   group         "ristretto255"
//   trustees      {"n": 1..100, "k": 1..n}
//   contests      1..100 contests, each {id, title, kind, options[{id,title}], …}
//                 kind "plurality"  at most one mark
//                      "k-of-n"     at most max_marks marks (required, 1..options)
//                      "approval"   any number of marks
//                      "score"      each option 0..max_score (required, 1..100);
//                                   optional max_total (cumulative voting)
//                      "ranked"     seats, method (counted after the mix-net)
//   policy        {revoting: "last"|"first"|"none", roll_frozen_at: text,
//                  cancel_reasons: [identifiers]}
//
// The manifest hash binds everything else: H(frame("scrutineer/manifest/v1",
// canonical JSON)), and the election's proof context is derived from it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/primitives/transcript.hpp"

namespace scrutineer::election {

enum class contest_kind { plurality, k_of_n, approval, score, ranked };
enum class revoting_rule { last, first, none };

std::string_view to_string(contest_kind k) noexcept;
std::string_view to_string(revoting_rule r) noexcept;

struct option {
    std::string id;
    std::string title;
};

struct contest {
    std::string id;
    std::string title;
    contest_kind kind = contest_kind::approval;
    std::vector<option> options;
    std::uint64_t max_marks = 0;  ///< k-of-n: the k; plurality: 1; approval: number of options
    std::uint64_t max_score = 1;  ///< score: R; otherwise 1
    std::uint64_t max_total = 0;  ///< the contest-limit proof's L (derived for every homomorphic kind)
    std::uint64_t seats = 0;      ///< ranked only
    std::string method;           ///< ranked only (a counting preset)

    bool homomorphic() const noexcept { return kind != contest_kind::ranked; }
};

struct policy {
    revoting_rule revoting = revoting_rule::last;
    std::string roll_frozen_at;
    std::vector<std::string> cancel_reasons;
};

struct manifest {
    std::string election_id;
    std::string title;
    std::string group = "ristretto255";
    std::uint64_t trustees_n = 1;
    std::uint64_t trustees_k = 1;
    std::vector<contest> contests;
    election::policy policy;

    /// Parses and validates; every error names the field ("contests[2].options[0].id: …").
    static result<manifest> from_json(const nlohmann::json& j);
    static result<manifest> load(const std::filesystem::path& p);
    /// The canonical JSON form (what is hashed and published).
    nlohmann::json to_json() const;
    /// H(frame("scrutineer/manifest/v1", canonical JSON)).
    std::array<byte, 64> hash() const;
    /// The election's root proof context, from the manifest hash.
    proof_context context() const;
};

/// True for identifiers: 1–64 characters of [A-Za-z0-9._-].
bool valid_identifier(std::string_view s) noexcept;

}  // namespace scrutineer::election
