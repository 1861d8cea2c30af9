// scrutineer — count: BLT and PrefLib readers.
//
// Both readers work on a byte cursor that knows its line number, so every
// error can say "FILE:LINE: problem". Loops always consume input, so a reader
// cannot hang; no input can make them read out of bounds.
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "scrutineer/count/io.hpp"

namespace scrutineer::count {
namespace {

constexpr std::uint64_t max_weight = std::uint64_t{1} << 40;

class cursor {
public:
    cursor(std::string_view text, std::string_view file) : t_(text), file_(file) {
        if (t_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // UTF-8 byte-order mark
    }

    error fail(std::string msg, std::size_t line = 0) const {
        return error{errc::bad_input, std::string(file_) + ":" + std::to_string(line ? line : line_) + ": " + msg};
    }
    static bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

    /// Skips whitespace, `#` comments and (optionally) newlines. Returns
    /// false at end of input, or at a newline when `cross_lines` is false.
    bool skip(bool cross_lines = true) {
        while (i_ < t_.size()) {
            char c = t_[i_];
            if (c == '\n') {
                if (!cross_lines) return false;
                ++line_;
                ++i_;
            } else if (space(c)) {
                ++i_;
            } else if (c == '#') {
                while (i_ < t_.size() && t_[i_] != '\n') ++i_;
            } else {
                return true;
            }
        }
        return false;
    }
    bool at_end() { return !skip(true); }
    bool line_has_more() { return skip(false); }
    std::size_t line() const { return line_; }
    char peek() const { return i_ < t_.size() ? t_[i_] : '\0'; }

    /// A bare token: bytes up to whitespace or `#`.
    std::string_view word() {
        std::size_t b = i_;
        while (i_ < t_.size() && !space(t_[i_]) && t_[i_] != '#') ++i_;
        return t_.substr(b, i_ - b);
    }
    /// The rest of the line, trailing whitespace removed.
    std::string_view rest_of_line() {
        std::size_t b = i_;
        while (i_ < t_.size() && t_[i_] != '\n') ++i_;
        std::size_t e = i_;
        while (e > b && space(t_[e - 1])) --e;
        return t_.substr(b, e - b);
    }
    /// A quoted string at the cursor ("..."; a doubled "" inside is a literal
    /// quote, as in the McCune/scot-elex files).
    result<std::string> quoted() {
        const std::size_t start_line = line_;
        ++i_;  // opening quote
        std::string out;
        for (;;) {
            if (i_ >= t_.size()) return fail("unterminated quoted string", start_line);
            char c = t_[i_++];
            if (c == '"') {
                if (i_ < t_.size() && t_[i_] == '"') {  // CSV-style doubled quote
                    out.push_back('"');
                    ++i_;
                    continue;
                }
                return out;
            }
            if (c == '\n' || c == '\r') return fail("unterminated quoted string (no closing '\"' on the line)", start_line);
            out.push_back(c);
        }
    }

private:
    std::string_view t_;
    std::string_view file_;
    std::size_t i_ = 0;
    std::size_t line_ = 1;
};

/// Parses a whole decimal integer token; false on anything else or overflow.
bool to_int(std::string_view s, std::int64_t& v) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size();
}

std::string show(std::string_view tok) {
    std::string s(tok.substr(0, 40));
    return "'" + s + (tok.size() > 40 ? "...'" : "'");
}

}  // namespace

result<contest> parse_blt(std::string_view text, std::string_view filename) {
    cursor cur(text, filename);
    contest c;
    std::int64_t nc = 0, ns = 0;
    // header
    if (cur.at_end()) return cur.fail("empty file: expected '<candidates> <seats>'");
    {
        auto t = cur.word();
        if (!to_int(t, nc) || nc < 1 || nc > 100000)
            return cur.fail("expected the number of candidates (1..100000), got " + show(t));
        if (!cur.line_has_more()) return cur.fail("expected the number of seats after the number of candidates");
        t = cur.word();
        if (!to_int(t, ns) || ns < 1 || ns > nc)
            return cur.fail("expected the number of seats (1.." + std::to_string(nc) + "), got " + show(t));
        if (cur.line_has_more()) return cur.fail("unexpected " + show(cur.word()) + " after the header");
    }
    c.candidates.resize(static_cast<std::size_t>(nc));
    c.seats = static_cast<int>(ns);
    std::map<std::string, candidate_id, std::less<>> nicks;

    auto candidate_ref = [&](std::string_view t, candidate_id& id) -> bool {
        std::int64_t v;
        if (to_int(t, v)) {
            if (v < 1 || v > nc) return false;
            id = static_cast<candidate_id>(v - 1);
            return true;
        }
        auto it = nicks.find(t);
        if (it == nicks.end()) return false;
        id = it->second;
        return true;
    };

    // options, withdrawn line, ballots
    std::vector<candidate_id> ranking;
    std::vector<std::size_t> seen(static_cast<std::size_t>(nc), 0);
    std::size_t ballot_no = 0;
    bool ballots_started = false;
    std::size_t end_line = 0;
    for (;;) {
        if (cur.at_end()) return cur.fail("end of file before the '0' that ends the ballots");
        const std::size_t line = cur.line();
        if (cur.peek() == '[') {
            if (ballots_started) return cur.fail("option line after the first ballot");
            std::string_view body = cur.rest_of_line();
            if (body.back() != ']') return cur.fail("option line does not end with ']'");
            std::istringstream in{std::string(body.substr(1, body.size() - 2))};
            std::string key, v;
            in >> key;
            if (key == "nick") {
                candidate_id k = 0;
                while (in >> v) {
                    if (k >= nc) return cur.fail("[nick] lists more names than candidates", line);
                    nicks.emplace(v, k++);
                }
            } else if (key == "withdrawn") {
                while (in >> v) {
                    candidate_id id;
                    if (!candidate_ref(v, id)) return cur.fail("[withdrawn] names unknown candidate " + show(v), line);
                    c.candidates[id].withdrawn = true;
                }
            } else if (key == "tie" || key == "droop") {
                // Droop's own options (tie order, rule selection): not counting input here
            } else {
                return cur.fail("unknown option " + show(key));
            }
            continue;
        }
        std::string_view t = cur.word();
        if (t.empty()) return cur.fail("unexpected character " + show(cur.rest_of_line()));
        std::int64_t w = 0;
        if (!ballots_started && t.size() > 1 && t[0] == '-' && to_int(t, w)) {
            // withdrawn line: -i -j ...
            for (;;) {
                if (w >= 0 || -w > nc) return cur.fail("withdrawn candidate " + show(t) + " out of range");
                c.candidates[static_cast<std::size_t>(-w - 1)].withdrawn = true;
                if (!cur.line_has_more()) break;
                t = cur.word();
                if (!to_int(t, w)) return cur.fail("expected a negative candidate number, got " + show(t));
            }
            continue;
        }
        ballots_started = true;
        if (t == "0") {
            end_line = line;
            break;
        }
        if (t.front() == '(' && t.back() == ')') {
            w = 1;  // OpenSTV ballot id: weight 1
        } else if (!to_int(t, w)) {
            return cur.fail("expected a ballot weight, got " + show(t));
        } else if (w <= 0) {
            return cur.fail("ballot weight must be positive, got " + show(t));
        } else if (static_cast<std::uint64_t>(w) > max_weight) {
            return cur.fail("ballot weight " + show(t) + " is too large");
        }
        ++ballot_no;
        ranking.clear();
        bool terminated = false;
        while (cur.line_has_more()) {
            t = cur.word();
            if (t == "0") {
                terminated = true;
                break;
            }
            if (t.find('=') != std::string_view::npos)
                return cur.fail("equal rankings (" + show(t) + ") are not supported by these rules");
            if (t == "-") return cur.fail("skipped rank '-' is not supported");
            candidate_id id;
            if (!candidate_ref(t, id))
                return cur.fail("preference " + show(t) + " is not a candidate number 1.." + std::to_string(nc));
            if (seen[id] == ballot_no) return cur.fail("candidate " + show(t) + " appears twice on one ballot");
            seen[id] = ballot_no;
            ranking.push_back(id);
        }
        if (!terminated) return cur.fail("ballot line does not end with '0'", line);
        if (cur.line_has_more()) return cur.fail("unexpected " + show(cur.word()) + " after the ballot's terminating 0");
        // an empty ballot ("w 0") is kept: the count treats it as an invalid paper
        c.ballots.add(ranking, static_cast<std::uint64_t>(w));
    }
    if (cur.line_has_more()) return cur.fail("unexpected " + show(cur.word()) + " after the '0' that ends the ballots");
    // candidate names
    for (std::int64_t k = 0; k < nc; ++k) {
        if (cur.at_end())
            return cur.fail("end of file after " + std::to_string(k) + " of " + std::to_string(nc) + " candidate names");
        auto& cand = c.candidates[static_cast<std::size_t>(k)];
        if (cur.peek() == '"') {
            auto name = cur.quoted();
            if (!name) return name.err();
            cand.name = std::move(*name);
            if (cur.line_has_more()) {
                if (cur.peek() != '"') return cur.fail("unexpected " + show(cur.word()) + " after a candidate name");
                auto party = cur.quoted();
                if (!party) return party.err();
                cand.party = std::move(*party);
                if (cur.line_has_more())
                    return cur.fail("more than two quoted strings on a candidate line (name, party)");
            }
        } else {
            cand.name = std::string(cur.rest_of_line());
        }
        if (cand.name.empty()) return cur.fail("empty candidate name");
    }
    // title, then optional quoted source/comment strings and free notes
    if (!cur.at_end()) {
        if (cur.peek() == '"') {
            auto title = cur.quoted();
            if (!title) return title.err();
            c.title = std::move(*title);
        } else {
            c.title = std::string(cur.rest_of_line());
        }
        bool extra_quoted = false;
        while (!cur.at_end()) {
            if (cur.peek() == '"') {
                auto s = cur.quoted();
                if (!s) return s.err();
                extra_quoted = true;
            } else if (extra_quoted) {
                (void)cur.rest_of_line();  // Wichmann-style free notes after the source/comment strings
            } else {
                return cur.fail("unexpected " + show(cur.word()) + " after the title (more names than candidates?)");
            }
        }
    }
    if (c.ballots.empty()) return cur.fail("the file has no ballots", end_line);
    if (auto s = c.validate(); !s) return error{s.err().code, std::string(filename) + ": " + s.err().message};
    c.ballots.aggregate();
    return c;
}

result<contest> parse_preflib(std::string_view text, int seats, std::string_view filename) {
    contest c;
    c.seats = seats;
    std::int64_t alternatives = -1;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
    auto fail = [&](const std::string& m) { return error{errc::bad_input, std::string(filename) + ":" + std::to_string(line_no) + ": " + m}; };
    auto trim = [](std::string_view s) {
        while (!s.empty() && cursor::space(s.front())) s.remove_prefix(1);
        while (!s.empty() && cursor::space(s.back())) s.remove_suffix(1);
        return s;
    };
    std::vector<std::size_t> seen;
    std::size_t order_no = 0;
    std::vector<candidate_id> ranking;
    while (pos < text.size()) {
        std::size_t e = text.find('\n', pos);
        if (e == std::string_view::npos) e = text.size();
        std::string_view line = trim(text.substr(pos, e - pos));
        pos = e + 1;
        ++line_no;
        if (line.empty()) continue;
        if (line[0] == '#') {
            std::string_view body = trim(line.substr(1));
            auto colon = body.find(':');
            if (colon == std::string_view::npos) continue;
            std::string_view key = trim(body.substr(0, colon)), val = trim(body.substr(colon + 1));
            if (key == "TITLE") c.title = std::string(val);
            if (key == "NUMBER ALTERNATIVES") {
                if (!to_int(val, alternatives) || alternatives < 1 || alternatives > 100000)
                    return fail("NUMBER ALTERNATIVES must be a positive integer, got " + show(val));
                c.candidates.resize(static_cast<std::size_t>(alternatives));
                seen.assign(c.candidates.size(), 0);
            }
            if (key.substr(0, 17) == "ALTERNATIVE NAME ") {
                std::int64_t k;
                if (alternatives < 0) return fail("ALTERNATIVE NAME before NUMBER ALTERNATIVES");
                if (!to_int(trim(key.substr(17)), k) || k < 1 || k > alternatives)
                    return fail("bad alternative number in " + show(key));
                c.candidates[static_cast<std::size_t>(k - 1)].name = std::string(val);
            }
            continue;
        }
        if (alternatives < 0) return fail("data line before the '# NUMBER ALTERNATIVES:' header");
        auto colon = line.find(':');
        if (colon == std::string_view::npos) return fail("expected '<count>: <alternatives>'");
        std::int64_t w;
        if (!to_int(trim(line.substr(0, colon)), w) || w < 1 || static_cast<std::uint64_t>(w) > max_weight)
            return fail("expected a positive count before ':', got " + show(line.substr(0, colon)));
        ++order_no;
        ranking.clear();
        std::string_view rest = line.substr(colon + 1);
        bool stopped = false;
        while (!trim(rest).empty()) {
            rest = trim(rest);
            std::vector<std::string_view> group;
            if (rest[0] == '{') {
                auto close = rest.find('}');
                if (close == std::string_view::npos) return fail("'{' without a closing '}'");
                std::string_view inner = rest.substr(1, close - 1);
                rest = trim(rest.substr(close + 1));
                std::size_t p = 0;
                while (p <= inner.size()) {
                    auto q = inner.find(',', p);
                    if (q == std::string_view::npos) q = inner.size();
                    group.push_back(trim(inner.substr(p, q - p)));
                    p = q + 1;
                }
            } else {
                auto q = rest.find(',');
                if (q == std::string_view::npos) q = rest.size();
                group.push_back(trim(rest.substr(0, q)));
                rest = rest.substr(q);
            }
            if (!rest.empty()) {
                if (rest[0] != ',') return fail("expected ',' between alternatives");
                rest.remove_prefix(1);
                if (trim(rest).empty()) return fail("trailing ','");
            }
            for (auto g : group) {
                std::int64_t a;
                if (!to_int(g, a) || a < 1 || a > alternatives)
                    return fail("alternative " + show(g) + " is not in 1.." + std::to_string(alternatives));
                if (seen[static_cast<std::size_t>(a - 1)] == order_no) return fail("alternative " + show(g) + " appears twice");
                seen[static_cast<std::size_t>(a - 1)] = order_no;
            }
            if (group.size() > 1) stopped = true;  // an indifference class ends the usable ranking
            if (!stopped) {
                std::int64_t a;
                to_int(group[0], a);
                ranking.push_back(static_cast<candidate_id>(a - 1));
            }
        }
        if (!ranking.empty()) c.ballots.add(ranking, static_cast<std::uint64_t>(w));
    }
    line_no = 0;
    if (alternatives < 0) return fail("no '# NUMBER ALTERNATIVES:' header");
    for (std::size_t k = 0; k < c.candidates.size(); ++k)
        if (c.candidates[k].name.empty()) c.candidates[k].name = "Alternative " + std::to_string(k + 1);
    if (c.ballots.empty()) return fail("the file has no rankings");
    if (auto s = c.validate(); !s) return error{s.err().code, std::string(filename) + ": " + s.err().message};
    c.ballots.aggregate();
    return c;
}

result<contest> read_contest_file(const std::string& path, int preflib_seats) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return error{errc::io, path + ": cannot open"};
    std::ostringstream ss;
    ss << f.rdbuf();
    if (f.bad()) return error{errc::io, path + ": read error"};
    std::string text = ss.str();
    auto ext = path.size() >= 4 ? path.substr(path.size() - 4) : std::string();
    if (ext == ".soi" || ext == ".toi" || ext == ".soc" || ext == ".toc") {
        if (preflib_seats <= 0)
            return error{errc::bad_input, path + ": PrefLib files carry no seat count; give --seats"};
        return parse_preflib(text, preflib_seats, path);
    }
    return parse_blt(text, path);
}

}  // namespace scrutineer::count
