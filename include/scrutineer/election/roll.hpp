// scrutineer — election: the electoral roll and voter credentials.
//
// A credential authority (a party other than the board operator) issues each
// eligible voter an Ed25519 signing key. The public roll lists, per voter, a
// pseudonymous voter id, the credential's public key and a weight (default 1).
// Its commitment is posted on the board before voting opens, so any later
// change to the roll is visible.
//
// Roll commitment (docs/spec.md §8.2), entries sorted by voter id:
//   H( T("scrutineer/roll/v1", "") ‖ N("count", n)
//      ‖ for each entry: T("voter", id) ‖ frame("credential", pk) ‖ N("weight", w) )
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/election/signature.hpp"

namespace scrutineer::election {

inline constexpr std::uint64_t max_weight = 1'000'000;

struct roll_entry {
    std::string voter;        ///< pseudonymous voter id (an identifier)
    verify_key credential;    ///< the voter's credential public key
    std::uint64_t weight = 1; ///< 1..max_weight
};

/// The roll: validated (unique voter ids, unique credentials, weights in range),
/// kept sorted by voter id, with lookup by credential.
class roll {
public:
    /// Validates and sorts. Errors name the offending entry.
    static result<roll> from_entries(std::vector<roll_entry> entries);
    /// Reads JSON Lines, one {"voter","credential","weight"} object a line.
    static result<roll> load(const std::filesystem::path& p);
    /// Writes canonical JSON Lines.
    status save(const std::filesystem::path& p) const;

    const std::vector<roll_entry>& entries() const noexcept { return entries_; }
    std::size_t size() const noexcept { return entries_.size(); }
    /// The entry holding this credential, or nullptr.
    const roll_entry* find(const verify_key& credential) const;
    /// The entry of this voter id, or nullptr (binary search: entries are sorted by voter id).
    const roll_entry* find_voter(std::string_view voter) const;
    /// The commitment posted on the board (see the file comment).
    std::array<byte, 64> commitment() const;

private:
    std::vector<roll_entry> entries_;
    std::map<verify_key, std::size_t> by_credential_;
};

/// A voter's secret credential, for delivery to that voter only.
struct issued_credential {
    std::string voter;
    signing_key key;
};

/// Issues `count` credentials with voter ids `prefix` + zero-padded number.
/// Returns the public roll and the secrets (to be delivered, then destroyed).
struct issuance {
    election::roll roll;
    std::vector<issued_credential> secrets;
};
result<issuance> issue_credentials(std::size_t count, std::string_view prefix, rng& r);

/// Writes the secret credentials as JSON Lines {"voter","seed"} with mode 0600.
status save_credentials(const std::filesystem::path& p, const std::vector<issued_credential>& secrets);
/// Reads them back (for a voter's client or the demo).
result<std::vector<issued_credential>> load_credentials(const std::filesystem::path& p);

}  // namespace scrutineer::election
