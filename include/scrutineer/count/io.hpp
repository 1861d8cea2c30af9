// scrutineer — count: reading ballot files and writing transcripts.
//
// Readers never crash or hang on malformed input: every failure is an
// `errc::bad_input` error whose message starts "FILE:LINE: " and names the
// problem. Writers produce the official Scottish stage-sheet CSV, a JSON
// transcript (every stage and transfer) and a plain-text table.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "scrutineer/core/error.hpp"
#include "scrutineer/count/count.hpp"
#include "scrutineer/count/election.hpp"

namespace scrutineer::count {

/// Parses BLT text. Accepts: any whitespace (including CR) as a separator;
/// `#` comments to end of line; an optional withdrawn line of negative ids;
/// ballot lines `w r1 r2 ... 0`; the `0` end marker; one line per candidate
/// holding one or two quoted strings (name, then party as in the Glasgow
/// 2022 files) or an unquoted name; then a quoted title (optional). Names are
/// kept byte for byte. Rejects: bad headers, out-of-range or repeated ids,
/// zero or negative weights, a missing `0` terminator, too few names,
/// unterminated quotes, trailing garbage. `filename` is used in messages only.
result<contest> parse_blt(std::string_view text, std::string_view filename = "<blt>");

/// Parses PrefLib `.soi` / `.toi` (current format, `# KEY: value` headers and
/// `count: a, b, c` lines). `{...}` indifference classes are not rankings STV
/// can count: a ballot's ranking stops before its first class of two or more
/// candidates (a singleton class is a plain preference). PrefLib files have
/// no seat count; `seats` supplies it.
result<contest> parse_preflib(std::string_view text, int seats, std::string_view filename = "<preflib>");

/// Reads a file and parses it by extension: `.soi`, `.toi`, `.soc`, `.toc` as
/// PrefLib (needs `seats` > 0), anything else as BLT. Errors: io if it cannot
/// be read.
result<contest> read_contest_file(const std::string& path, int preflib_seats = 0);

/// The stage sheet in the columns of `official-stages.csv`:
/// `stage,action,subject,subject_amount,candidate,name,transferred,votes,status`.
/// Stage 1 shows whole-number totals and an empty `transferred`; later stages
/// show `decimals` places; the `nontransferable` row is cumulative and the
/// `rounding` row holds this stage's truncation loss (Idox 2022 convention).
std::string stages_csv(const count_result& r);

/// The whole transcript as JSON text (pretty-printed, stable key order).
std::string transcript_json(const count_result& r);

/// A readable table: one column per stage, one row per candidate.
std::string stages_table(const count_result& r);

}  // namespace scrutineer::count
