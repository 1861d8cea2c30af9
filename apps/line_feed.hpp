// Lines from a file or a stream (standard input, a pipe), read as they come:
// `scrutineer board cast` reads ballots with it, so that a ballot provider can
// keep one operator process running for the whole voting period and pipe
// ballots into it, each acknowledged once it is durable (docs/operator.md §4).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <algorithm>
#include <cstring>
#include <string>

#include "scrutineer/core/error.hpp"

namespace scrutineer::cli {

class line_feed {
public:
    enum class got {
        line,      ///< a complete line (without its newline), or the unterminated last one
        too_long,  ///< a line longer than the limit: skipped up to its newline
        idle,      ///< nothing arrived within the timeout
        end,       ///< end of input
    };

    /// Reads `path`, or standard input when `path` is "-".
    static result<line_feed> open(const std::string& path, std::size_t max_line) {
        if (path == "-") return line_feed(0, false, max_line);
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return error{errc::io, path + ": cannot be read (" + std::strerror(errno) + ")"};
        return line_feed(fd, true, max_line);
    }
    line_feed(line_feed&& o) noexcept
        : fd_(o.fd_), owned_(o.owned_), max_(o.max_), buf_(std::move(o.buf_)), at_(o.at_), scanned_(o.scanned_), eof_(o.eof_),
          skipping_(o.skipping_), consumed_(o.consumed_), stop_(o.stop_) {
        o.owned_ = false;
    }
    line_feed(const line_feed&) = delete;
    line_feed& operator=(const line_feed&) = delete;
    line_feed& operator=(line_feed&&) = delete;
    ~line_feed() {
        if (owned_) ::close(fd_);
    }

    /// The next line, waiting at most `timeout_ms` for input (−1: as long as
    /// it takes). io error if reading fails.
    result<got> next(std::string& line, int timeout_ms) {
        for (;;) {
            if (stop_ && *stop_) return got::end;
            const std::size_t nl = buf_.find('\n', std::max(at_, scanned_));
            if (nl == std::string::npos) scanned_ = buf_.size();  // (a long line is not rescanned from its start)
            if (nl != std::string::npos) {
                // over the limit whether it came in pieces (skipping_) or in one read
                const bool skipped = skipping_ || nl - at_ > max_;
                if (!skipped) line.assign(buf_, at_, nl - at_);
                consumed_ += nl + 1 - at_;
                at_ = nl + 1;
                skipping_ = false;
                compact();
                if (skipped) return got::too_long;
                return got::line;
            }
            if (buf_.size() - at_ > max_) {  // no newline within the limit: drop what is held, skip to the next one
                consumed_ += buf_.size() - at_;
                buf_.clear();
                at_ = scanned_ = 0;
                skipping_ = true;
            }
            if (eof_) {
                if (skipping_) {
                    skipping_ = false;
                    return got::too_long;
                }
                if (at_ == buf_.size()) return got::end;
                const bool over = buf_.size() - at_ > max_;
                if (!over) line.assign(buf_, at_, std::string::npos);
                consumed_ += buf_.size() - at_;
                buf_.clear();
                at_ = scanned_ = 0;
                return over ? got::too_long : got::line;
            }
            pollfd p{fd_, POLLIN, 0};
            // with a stop flag, an endless wait is cut in slices (the signal
            // that sets the flag may be delivered to another thread)
            const bool sliced = stop_ && timeout_ms < 0;
            const int r = ::poll(&p, 1, sliced ? 250 : timeout_ms);
            if (r < 0) {
                if (errno == EINTR) continue;
                return error{errc::io, std::string("waiting for input: ") + std::strerror(errno)};
            }
            if (r == 0) {
                if (sliced) continue;
                return got::idle;
            }
            char chunk[1 << 16];
            const ssize_t n = ::read(fd_, chunk, sizeof chunk);
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN) continue;
                return error{errc::io, std::string("read error: ") + std::strerror(errno)};
            }
            if (n == 0)
                eof_ = true;
            else
                buf_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    /// Report the end of input once `*flag` is set (e.g. by a signal
    /// handler): at the next call to next(), or within 250 ms of a wait
    /// without timeout (a wait with one ends at its timeout).
    void stop_when(const volatile std::sig_atomic_t* flag) noexcept { stop_ = flag; }

    /// Bytes consumed so far (complete lines and skipped text).
    std::uint64_t consumed() const noexcept { return consumed_; }

private:
    line_feed(int fd, bool owned, std::size_t max_line) : fd_(fd), owned_(owned), max_(max_line) {}
    void compact() {
        if (at_ == buf_.size()) {
            buf_.clear();
            at_ = scanned_ = 0;
        } else if (at_ > (std::size_t{1} << 20) && at_ * 2 > buf_.size()) {
            buf_.erase(0, at_);
            scanned_ = scanned_ > at_ ? scanned_ - at_ : 0;
            at_ = 0;
        }
    }
    int fd_;
    bool owned_;
    std::size_t max_;
    std::string buf_;
    std::size_t at_ = 0, scanned_ = 0;
    bool eof_ = false;
    bool skipping_ = false;
    std::uint64_t consumed_ = 0;
    const volatile std::sig_atomic_t* stop_ = nullptr;
};

}  // namespace scrutineer::cli
