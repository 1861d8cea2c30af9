// The CLI's line reader (apps/line_feed.hpp), which `scrutineer board cast`
// uses for files and for ballots piped in over the whole voting period: an
// unterminated last line, lines over the limit (also at the end of input),
// streams longer than its compaction threshold, waits with and without
// input, the stop flag, and an unreadable path.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "../../apps/line_feed.hpp"

using scrutineer::cli::line_feed;
using got = line_feed::got;

namespace {

struct temp_file {
    std::filesystem::path path;
    explicit temp_file(const std::string& content) {
        static int n = 0;
        path = std::filesystem::temp_directory_path() / ("scrutineer-lf-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
        std::ofstream(path, std::ios::binary) << content;
    }
    ~temp_file() { std::filesystem::remove(path); }
};

/// Every event of a whole file, "L:<line>" or "T" (too long), up to the end.
std::vector<std::string> events(const std::string& content, std::size_t max_line, std::uint64_t* consumed = nullptr) {
    temp_file f(content);
    auto lf = line_feed::open(f.path.string(), max_line);
    REQUIRE(lf);
    std::vector<std::string> out;
    std::string line;
    for (;;) {
        auto g = lf->next(line, -1);
        REQUIRE(g);
        if (*g == got::end) break;
        REQUIRE(*g != got::idle);
        out.push_back(*g == got::line ? "L:" + line : "T");
    }
    if (consumed) *consumed = lf->consumed();
    return out;
}

}  // namespace

TEST_CASE("line_feed: lines, an unterminated last line, lines over the limit", "[cli][line_feed]") {
    using V = std::vector<std::string>;
    CHECK(events("", 16).empty());
    CHECK(events("a\nb\n", 16) == V{"L:a", "L:b"});
    CHECK(events("a\nb\nlast", 16) == V{"L:a", "L:b", "L:last"});  // piped without a final newline
    CHECK(events("\n\n", 16) == V{"L:", "L:"});
    CHECK(events("a\r\n", 16) == V{"L:a\r"});  // the caller decides about carriage returns
    const std::string x20(20, 'x');
    CHECK(events("short\n" + x20 + "\nok\n", 8) == V{"L:short", "T", "L:ok"});
    CHECK(events("ok\n" + x20, 8) == V{"L:ok", "T"});  // too long and unterminated at the end
    CHECK(events(std::string(8, 'y') + "\n" + std::string(9, 'z') + "\n", 8) == V{"L:yyyyyyyy", "T"});  // the limit itself
    // a stream longer than the 1 MiB compaction threshold, lines of every length up to 100
    std::string big;
    std::vector<std::string> want;
    for (std::size_t i = 0; big.size() < (std::size_t{3} << 20); ++i) {
        std::string l(i % 101, static_cast<char>('a' + i % 26));
        want.push_back("L:" + l);
        big += l + "\n";
    }
    std::uint64_t consumed = 0;
    CHECK(events(big, 128, &consumed) == want);
    CHECK(consumed == big.size());
}

TEST_CASE("line_feed: a pipe: idle without input, lines as they come, the end, the stop flag", "[cli][line_feed]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    // line_feed reads "-" as standard input only; a pipe is read through /dev/fd
    auto lf = line_feed::open("/dev/fd/" + std::to_string(fds[0]), 64);
    REQUIRE(lf);
    std::string line;
    auto g = lf->next(line, 20);
    REQUIRE(g);
    CHECK(*g == got::idle);
    REQUIRE(::write(fds[1], "one\ntw", 6) == 6);
    g = lf->next(line, 1000);
    REQUIRE(g);
    CHECK(*g == got::line);
    CHECK(line == "one");
    g = lf->next(line, 20);  // half a line: still waiting
    REQUIRE(g);
    CHECK(*g == got::idle);
    REQUIRE(::write(fds[1], "o\n", 2) == 2);
    g = lf->next(line, 1000);
    REQUIRE(g);
    CHECK(*g == got::line);
    CHECK(line == "two");
    volatile std::sig_atomic_t stop = 0;
    lf->stop_when(&stop);
    stop = 1;
    g = lf->next(line, -1);  // would wait for ever without the flag
    REQUIRE(g);
    CHECK(*g == got::end);
    stop = 0;
    ::close(fds[1]);
    g = lf->next(line, -1);
    REQUIRE(g);
    CHECK(*g == got::end);
    ::close(fds[0]);
}

TEST_CASE("line_feed: an unreadable path is an I/O error naming it", "[cli][line_feed][negative]") {
    auto lf = line_feed::open("/nonexistent/ballots.jsonl", 64);
    REQUIRE_FALSE(lf);
    CHECK(lf.err().code == scrutineer::errc::io);
    CHECK(lf.err().message.find("/nonexistent/ballots.jsonl: cannot be read") != std::string::npos);
}
