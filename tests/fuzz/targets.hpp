// Fuzz targets: every decoder of untrusted input, fed arbitrary bytes.
//
// Each target takes one input, runs the decoders it covers and checks what
// must hold whatever the bytes are: nothing throws or crashes, and the
// properties listed with each target (a value that decodes re-encodes to the
// same bytes, two decoders of one format agree, a changed record never
// verifies…). A broken property throws `broken_property`, so libFuzzer
// reports it as a crash with the input that caused it.
//
// The same targets run in two ways:
//   * `make fuzz` (scripts/fuzz.sh): coverage-guided, under libFuzzer with
//     AddressSanitizer and UndefinedBehaviorSanitizer (clang), one binary
//     `scrutineer_fuzz` that runs the target named by SCRUTINEER_FUZZ_TARGET;
//   * `make test` (tests/fuzz/test_fuzz.cpp): every target on its seeds, on
//     the inputs kept in tests/fuzz/corpus/<target>/ (regressions: inputs
//     that once broke something), and on a fixed number of random mutations.
// See docs/fuzzing.md.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scrutineer/election/board.hpp"
#include "scrutineer/election/manifest.hpp"

namespace scrutineer::fuzz {

using input = std::span<const std::uint8_t>;

/// Thrown when a property a target checks does not hold.
struct broken_property : std::logic_error {
    using std::logic_error::logic_error;
};

struct target {
    std::string_view name;
    std::string_view what;  ///< one line: the decoders and properties covered
    /// Runs one input; true when its main decoder accepted it. Throws only
    /// broken_property (or whatever a defect throws).
    bool (*run)(input);
    /// Valid inputs to start from (deterministic).
    std::vector<std::string> (*seeds)();
};

/// Every target, in a stable order.
const std::vector<target>& targets();
/// The target called `name`, or nullptr.
const target* find_target(std::string_view name);

/// A random change to `s` of the kinds that break parsers: a byte set to a
/// significant character or to any value, a run deleted, repeated or cut
/// short, a long number or a significant character inserted; `r` is the
/// caller's deterministic generator state.
std::string mutate(std::string s, std::uint64_t& r);

/// The number of ciphertexts a record's share sets decrypt: the tally's
/// (decryption-share) and the last mix's (ranked-share), found as the count
/// for which the record's own entries decode (0 when it has none).
struct share_counts {
    std::size_t tally = 0, ranked = 0;
};
share_counts find_share_counts(const std::vector<std::string>& board_lines, const election::manifest& m);

/// Decodes a board entry's payload with the codec of its kind (for the
/// election of `m`, whose share sets decrypt `n` ciphertexts). The verdict
/// is not returned: only that decoding returns matters.
void decode_payload(const election::board_entry& e, const election::manifest& m, const share_counts& n);

}  // namespace scrutineer::fuzz
