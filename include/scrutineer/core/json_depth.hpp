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

/// The nesting depth of JSON text fed in pieces (json_depth in steps), for
/// text too large to hold at once.
class json_depth_counter {
public:
    explicit json_depth_counter(std::size_t limit = max_json_depth) : limit_(limit) {}
    /// Feeds the next piece; false once the depth has exceeded the limit.
    bool feed(std::string_view text) {
        for (const char c : text) {
            if (deepest_ > limit_) return false;
            if (in_string_) {
                if (escaped_)
                    escaped_ = false;
                else if (c == '\\')
                    escaped_ = true;
                else if (c == '"')
                    in_string_ = false;
                continue;
            }
            if (c == '"') {
                in_string_ = true;
            } else if (c == '[' || c == '{') {
                if (++depth_ > deepest_) deepest_ = depth_;
            } else if ((c == ']' || c == '}') && depth_ > 0) {
                --depth_;
            }
        }
        return deepest_ <= limit_;
    }
    /// The deepest nesting so far (at most limit + 1).
    std::size_t deepest() const noexcept { return deepest_; }

private:
    std::size_t limit_, depth_ = 0, deepest_ = 0;
    bool in_string_ = false, escaped_ = false;
};

/// The deepest nesting of arrays and objects in `text`, not looking inside
/// strings (escapes honoured). Counting stops once `limit` is exceeded, so the
/// result is at most limit + 1. Malformed text is measured as far as it goes;
/// the parser reports it.
inline std::size_t json_depth(std::string_view text, std::size_t limit = max_json_depth) {
    json_depth_counter d(limit);
    d.feed(text);
    return d.deepest();
}

/// The bad_input error of text nesting deeper than `limit`.
inline error json_too_deep(std::size_t limit = max_json_depth) {
    return error{errc::bad_input, "JSON nested deeper than " + std::to_string(limit) + " levels"};
}

/// bad_input naming the limit when `text` nests deeper than `limit`.
inline status check_json_depth(std::string_view text, std::size_t limit = max_json_depth) {
    if (json_depth(text, limit) > limit) return json_too_deep(limit);
    return {};
}
/// The same for JSON text held as bytes (secret files, raw file contents).
inline status check_json_depth(byte_span text, std::size_t limit = max_json_depth) {
    return check_json_depth(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()), limit);
}

}  // namespace scrutineer
