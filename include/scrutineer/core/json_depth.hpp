// scrutineer — core: a guard against deeply nested JSON in untrusted input.
//
// nlohmann::json parses nesting of any depth without recursion, but copying
// and serialising a value recurse once per level, so a record line of 100,000
// '[' would exhaust the stack when it is hashed. Every reader of untrusted
// JSON (board lines, manifest, roll, ceremony, trustee files, ElectionGuard
// records) checks the depth of the text before parsing it. No format of
// scrutineer or ElectionGuard nests deeper than about ten levels.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/error.hpp"

namespace scrutineer {

inline constexpr std::size_t max_json_depth = 64;

/// The deepest nesting of arrays and objects in `text`, not looking inside
/// strings (escapes honoured). Counting stops once `limit` is exceeded, so the
/// result is at most limit + 1. Malformed text is measured as far as it goes;
/// the parser reports it.
inline std::size_t json_depth(std::string_view text, std::size_t limit = max_json_depth) {
    std::size_t depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest && (deepest = depth) > limit) return deepest;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

/// bad_input naming the limit when `text` nests deeper than `limit`.
inline status check_json_depth(std::string_view text, std::size_t limit = max_json_depth) {
    if (json_depth(text, limit) > limit)
        return status(errc::bad_input, "JSON nested deeper than " + std::to_string(limit) + " levels");
    return {};
}
/// The same for JSON text held as bytes (secret files, raw file contents).
inline status check_json_depth(byte_span text, std::size_t limit = max_json_depth) {
    return check_json_depth(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()), limit);
}

}  // namespace scrutineer
