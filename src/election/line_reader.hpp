// scrutineer — election (internal): a JSON Lines file read line by line in
// large buffered reads, for the board passes of the verifier and of the board
// writer's open (src/election/verify.cpp, src/election/board.cpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scrutineer/election/board.hpp"

namespace scrutineer::election::detail {

/// Reads a JSON Lines file line by line, reporting a torn tail. A line longer
/// than `keep_limit` bytes is not read into memory: next() reports only its
/// length, and the caller reads it from the file (board_entry::from_file_range).
class line_reader {
public:
    line_reader(const std::filesystem::path& p, std::uint64_t keep_limit)
        : in_(p, std::ios::binary), limit_(keep_limit), buf_(std::size_t{1} << 20) {}
    bool good() const { return static_cast<bool>(in_); }
    /// false at the end. Otherwise the next line (without its newline) in
    /// `line`, or, when it is longer than the limit, `line` empty and
    /// `in_file` set; `length` is its length either way; `torn` when the
    /// last line has no newline.
    bool next(std::string& line, bool& torn, bool& in_file, std::uint64_t& length) {
        line.clear();
        torn = in_file = false;
        length = 0;
        bool any = false;
        for (;;) {
            if (pos_ == end_ && !refill()) {
                if (!any) return false;
                torn = true;  // the file ends inside this line
                break;
            }
            any = true;
            const char* from = buf_.data() + pos_;
            const void* nl = std::memchr(from, '\n', end_ - pos_);
            const std::size_t seg = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - from) : end_ - pos_;
            if (!in_file && length + seg > limit_) {
                in_file = true;
                std::string().swap(line);
            }
            if (!in_file) line.append(from, seg);
            length += seg;
            pos_ += seg;
            if (nl) {
                ++pos_;  // the newline
                break;
            }
        }
        ++number_;
        bytes_ += length + (torn ? 0 : 1);
        return true;
    }
    std::uint64_t number() const { return number_; }
    std::uint64_t bytes() const { return bytes_; }

private:
    bool refill() {
        if (!in_) return false;
        in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        pos_ = 0;
        end_ = static_cast<std::size_t>(in_.gcount());
        return end_ > 0;
    }
    std::ifstream in_;
    std::uint64_t limit_;
    std::vector<char> buf_;
    std::size_t pos_ = 0, end_ = 0;
    std::uint64_t number_ = 0;
    std::uint64_t bytes_ = 0;
};

/// One line of a block (read_block).
struct raw_line {
    std::string text;  ///< empty when the line is longer than the reader's limit (in_file)
    std::uint64_t number = 0, offset = 0, length = 0;
    bool torn = false, in_file = false;
};

/// The next block of lines: at most `max_lines` and about `max_bytes` of text
/// (a longer line alone); empty at the end of the file.
inline std::vector<raw_line> read_block(line_reader& lr, std::size_t max_lines, std::uint64_t max_bytes) {
    std::vector<raw_line> out;
    raw_line l;
    for (std::uint64_t start = lr.bytes(), at = start; out.size() < max_lines && at - start < max_bytes; at = lr.bytes()) {
        if (!lr.next(l.text, l.torn, l.in_file, l.length)) break;
        l.number = lr.number();
        l.offset = at;
        out.push_back(std::move(l));
        l = raw_line{};
    }
    return out;
}

/// A board line of `path` parsed, its hash `h` taken from its own canonical
/// text; a line longer than the reader's limit is read from the file in
/// pieces rather than held next to its payload. Frees the line's text.
inline result<board_entry> parse_board_line(const std::filesystem::path& path, raw_line& l, hash64& h) {
    auto e = l.in_file ? board_entry::from_file_range(path, l.offset, l.length, &h) : board_entry::from_line(l.text, &h);
    std::string().swap(l.text);
    return e;
}

}  // namespace scrutineer::election::detail
