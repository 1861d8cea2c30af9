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

}  // namespace scrutineer::election::detail
