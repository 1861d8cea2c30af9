#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "scrutineer/election/board.hpp"

using namespace scrutineer;
using namespace scrutineer::election;
namespace fs = std::filesystem;

namespace {
struct temp_dir {
    fs::path path;
    temp_dir() {
        path = fs::temp_directory_path() / ("scrutineer-board-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::vector<std::string> read_lines(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}
void write_lines(const fs::path& p, const std::vector<std::string>& lines) {
    std::ofstream out(p, std::ios::trunc);
    for (const auto& l : lines) out << l << "\n";
}

/// Reads the whole board through the streaming reader and chain checker.
status check_board(const fs::path& p, std::uint64_t* count = nullptr) {
    auto r = board_reader::open(p);
    if (!r) return r.err();
    board_chain chain;
    for (;;) {
        auto e = r->next();
        if (!e) return e.err();
        if (!e->has_value()) break;
        if (auto s = chain.append(**e); !s) return s;
    }
    if (count) *count = chain.size();
    return {};
}
}  // namespace

TEST_CASE("signatures: Ed25519 sign and verify, negative cases", "[election][signature]") {
    seeded_rng r(1);
    auto k = signing_key::generate(r);
    auto other = signing_key::generate(r);
    const auto msg = as_bytes("ballot");
    auto sig = k.sign(msg);
    CHECK(verify_signature(k.public_key(), msg, sig));
    CHECK_FALSE(verify_signature(other.public_key(), msg, sig));
    CHECK_FALSE(verify_signature(k.public_key(), as_bytes("ballos"), sig));
    for (std::size_t i = 0; i < 64; i += 7) {
        auto bad = sig;
        bad.bytes[i] ^= 1;
        CHECK_FALSE(verify_signature(k.public_key(), msg, bad));
    }
    auto again = signing_key::from_seed(k.seed().span());
    REQUIRE(again.ok());
    CHECK(again->public_key() == k.public_key());
    CHECK(signing_key::from_seed(as_bytes("short")).err().code == errc::bad_length);
    CHECK(verify_key::from_hex(std::string(64, 'A')).err().code == errc::bad_hex);
    CHECK(verify_key::from_hex("ab").err().code == errc::bad_length);
    CHECK(signature::from_hex(k.public_key().hex()).err().code == errc::bad_length);
}

TEST_CASE("board: append, reopen, stream and verify the chain", "[election][board]") {
    temp_dir d;
    const auto path = d.path / "board.jsonl";
    seeded_rng r(2);
    auto op = signing_key::generate(r);
    {
        auto w = board_writer::open(path);
        REQUIRE(w.ok());
        REQUIRE(w->append(kinds::open, {{"manifest", "abc"}}, op).ok());
        REQUIRE(w->append(kinds::cast, {{"ballot", 1}}, op).ok());
        CHECK(w->size() == 2);
    }
    {
        auto w = board_writer::open(path);  // reopen: the chain continues
        REQUIRE(w.ok());
        CHECK(w->size() == 2);
        auto e = w->append(kinds::cast, {{"ballot", 2}}, op);
        REQUIRE(e.ok());
        CHECK(e->index == 2);
        CHECK_FALSE(w->append(kinds::cast, nlohmann::json::array(), op).ok());  // payload must be an object
    }
    std::uint64_t n = 0;
    REQUIRE(check_board(path, &n).ok());
    CHECK(n == 3);
    auto lines = read_lines(path);
    REQUIRE(lines.size() == 3);
    auto e0 = board_entry::from_line(lines[0]);
    REQUIRE(e0.ok());
    CHECK(e0->prev == hash64{});
    CHECK(e0->to_line() == lines[0]);
}

TEST_CASE("board: a torn tail is reported, refused, and can be truncated without losing entries",
          "[election][board]") {
    temp_dir d;
    const auto path = d.path / "board.jsonl";
    seeded_rng r(3);
    auto op = signing_key::generate(r);
    {
        auto w = board_writer::open(path);
        REQUIRE(w.ok());
        for (int i = 0; i < 3; ++i) REQUIRE(w->append(kinds::cast, {{"i", i}}, op).ok());
    }
    const auto good_size = fs::file_size(path);
    {
        std::ofstream out(path, std::ios::app);
        out << R"({"index":3,"kind":"cast","pay)";  // a crash mid-append
    }
    auto s = check_board(path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().message.find("torn tail at byte offset " + std::to_string(good_size)) != std::string::npos);
    auto refused = board_writer::open(path);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.err().message.find("torn tail") != std::string::npos);
    auto w = board_writer::open(path, torn_tail::truncate);
    REQUIRE(w.ok());
    CHECK(w->size() == 3);
    CHECK(fs::file_size(path) == good_size);
    REQUIRE(w->append(kinds::cast, {{"i", 3}}, op).ok());
    std::uint64_t n = 0;
    REQUIRE(check_board(path, &n).ok());
    CHECK(n == 4);
}

TEST_CASE("board: tampering is detected", "[election][board][negative]") {
    temp_dir d;
    const auto path = d.path / "board.jsonl";
    seeded_rng r(4);
    auto op = signing_key::generate(r);
    auto intruder = signing_key::generate(r);
    {
        auto w = board_writer::open(path);
        REQUIRE(w.ok());
        for (int i = 0; i < 4; ++i) REQUIRE(w->append(kinds::cast, {{"ballot", i}}, op).ok());
    }
    const auto lines = read_lines(path);
    auto expect_failure = [&](std::vector<std::string> tampered, const std::string& needle) {
        write_lines(path, tampered);
        auto s = check_board(path);
        INFO("expecting: " << needle);
        REQUIRE_FALSE(s.ok());
        CHECK_THAT(s.err().message, Catch::Contains(needle));
    };
    SECTION("payload changed") {
        auto t = lines;
        t[1].replace(t[1].find("\"ballot\":1"), 10, "\"ballot\":7");
        expect_failure(t, "signature does not verify");
    }
    SECTION("entries reordered") {
        auto t = lines;
        std::swap(t[1], t[2]);
        expect_failure(t, "entry index 2 where 1 was expected");
    }
    SECTION("an entry dropped") {
        auto t = lines;
        t.erase(t.begin() + 1);
        expect_failure(t, "where 1 was expected");
    }
    SECTION("an entry re-signed by another key, hash link broken") {
        auto e = board_entry::from_line(lines[2]);
        REQUIRE(e.ok());
        e->payload = {{"ballot", 99}};
        e->prev[0] ^= 1;
        e->signer = intruder.public_key();
        e->sig = intruder.sign(e->hash());
        auto t = lines;
        t[2] = e->to_line();
        expect_failure(t, "prev does not match");
    }
    SECTION("an entry inserted with a valid signature of its own") {
        auto prev = board_entry::from_line(lines[1]);
        REQUIRE(prev.ok());
        board_entry e;
        e.index = 2;
        e.prev = prev->hash();
        e.kind = "cast";
        e.payload = {{"ballot", 100}};
        e.signer = intruder.public_key();
        e.sig = intruder.sign(e.hash());
        auto t = lines;
        t.insert(t.begin() + 2, e.to_line());
        expect_failure(t, "entry index 2 where 3 was expected");  // the displaced entry no longer fits
    }
    SECTION("non-canonical and malformed lines") {
        auto t = lines;
        t[0].insert(1, " ");
        expect_failure(t, "canonical");
        t = lines;
        t[0].insert(t[0].size() - 1, ",\"extra\":1");
        expect_failure(t, "unknown field 'extra'");
        t = lines;
        t[3] = "{not json";
        expect_failure(t, "board line 4: not valid JSON");
        t = lines;
        auto pos = t[0].find("\"prev\":\"") + 8;
        t[0][pos] = 'A';
        expect_failure(t, "field 'prev'");
        t = lines;
        t[0].replace(t[0].find("\"index\":0"), 9, "\"index\":-1");
        expect_failure(t, "field 'index'");
        for (const char* kind : {"\"kind\":\"\"", "\"kind\":7", "\"kind\":null"}) {
            t = lines;
            const auto at = t[1].find("\"kind\":\"cast\"");
            REQUIRE(at != std::string::npos);
            t[1].replace(at, 13, kind);
            expect_failure(t, "field 'kind' missing or not a non-empty string");
        }
    }
}

TEST_CASE("board: a board path that is not a regular file, or missing when only read, is an I/O error", "[election][board][negative]") {
    temp_dir d;
    std::filesystem::create_directories(d.path / "dir.jsonl");
    for (auto access : {board_access::write, board_access::read_only}) {
        auto w = board_writer::open(d.path / "dir.jsonl", torn_tail::refuse, durability::each, {}, access);
        REQUIRE_FALSE(w.ok());
        CHECK(w.err().code == errc::io);
        CHECK_THAT(w.err().message, Catch::Contains("is not a regular file"));
    }
    auto ro = board_writer::open(d.path / "missing.jsonl", torn_tail::refuse, durability::each, {}, board_access::read_only);
    REQUIRE_FALSE(ro.ok());
    CHECK(ro.err().code == errc::io);
    CHECK_THAT(ro.err().message, Catch::Contains("does not exist"));
    CHECK_FALSE(std::filesystem::exists(d.path / "missing.jsonl"));  // a read never creates the board
    CHECK_FALSE(check_board(d.path / "missing.jsonl").ok());
}

TEST_CASE("board: deferred durability writes at once and syncs on request", "[election][board]") {
    temp_dir t;
    const auto path = t.path / "board.jsonl";
    seeded_rng r(9);
    auto op = signing_key::generate(r);
    {
        auto w = board_writer::open(path, torn_tail::refuse, durability::deferred);
        REQUIRE(w);
        for (int i = 0; i < 5; ++i) REQUIRE(w->append("cast", {{"n", i}}, op));
        REQUIRE(w->sync());
        std::uint64_t n = 0;
        REQUIRE(check_board(path, &n));  // already readable before the writer closes
        CHECK(n == 5);
    }
    auto w = board_writer::open(path, torn_tail::refuse, durability::deferred);
    REQUIRE(w);
    CHECK(w->size() == 5);
    REQUIRE(w->append("close", {{"n", 5}}, op));
    CHECK(w->size() == 6);
}

TEST_CASE("board: to_line is the canonical JSON object of the entry's fields", "[election][board]") {
    board_entry e;
    e.index = 18446744073709551615ull;
    e.prev[0] = 0xab;
    e.kind = "we\"ird\\kind \xc3\xa9\x01";  // escaping as nlohmann::json dumps it
    e.payload = {{"z", 1}, {"a", {{"y", "\u00e9"}, {"b", nlohmann::json::array({1, "x", nullptr, 2.5, false})}}}};
    e.signer.bytes[31] = 7;
    e.sig.bytes[0] = 9;
    const nlohmann::json j = {{"index", e.index}, {"prev", to_hex(e.prev)},          {"kind", e.kind},
                              {"payload", e.payload}, {"signer", e.signer.hex()}, {"signature", e.sig.hex()}};
    CHECK(e.to_line() == j.dump());
    auto back = board_entry::from_line(e.to_line());
    REQUIRE(back);
    CHECK(back->to_line() == e.to_line());
    CHECK(back->hash() == e.hash());
    // the hash streams the payload's dump: the same as hashing the dump (docs/spec.md §8.2)
    sha512 h;
    frame(h, "scrutineer/board-entry/v1", {});
    frame_u64(h, "index", e.index);
    frame(h, "prev", e.prev);
    frame(h, "kind", as_bytes(e.kind));
    frame(h, "payload", as_bytes(e.payload.dump()));
    frame(h, "signer", e.signer.bytes);
    CHECK(e.hash() == h.digest());
    // from_line's hash, taken from the line's text, is the same
    hash64 from_text{};
    REQUIRE(board_entry::from_line(e.to_line(), &from_text));
    CHECK(from_text == e.hash());
    // is_line: exactly the canonical line, nothing else
    const std::string line = e.to_line();
    CHECK(e.is_line(line));
    CHECK_FALSE(e.is_line(line + " "));
    CHECK_FALSE(e.is_line(line.substr(0, line.size() - 1)));
    CHECK_FALSE(e.is_line(""));
    for (std::size_t i : {std::size_t{0}, line.find("payload") + 12, line.size() / 2, line.size() - 2}) {
        std::string t = line;
        t[i] = t[i] == 'x' ? 'y' : 'x';
        CHECK_FALSE(e.is_line(t));
    }
    std::string spaced = line;
    spaced.insert(line.find("\"payload\":") + 10, " ");
    CHECK_FALSE(e.is_line(spaced));
    CHECK_FALSE(board_entry::from_line(spaced));
    board_entry other = e;
    other.payload["z"] = 2;
    CHECK_FALSE(other.is_line(line));
    other.payload["z"] = 12;  // one character longer
    CHECK_FALSE(other.is_line(line));
}

TEST_CASE("board: one writer at a time, the open hands over each verified entry, an unopened writer writes nothing",
          "[election][board]") {
    temp_dir d;
    const auto path = d.path / "board.jsonl";
    seeded_rng r(12);
    auto op = signing_key::generate(r);
    {
        auto w = board_writer::open(path);
        REQUIRE(w);
        for (int i = 0; i < 3; ++i) REQUIRE(w->append(kinds::cast, {{"i", i}}, op));
        auto second = board_writer::open(path);  // the same process counts too
        REQUIRE_FALSE(second);
        CHECK(second.err().code == errc::io);
        CHECK(second.err().message.find("open for writing elsewhere") != std::string::npos);
    }
    std::vector<std::uint64_t> seen;
    auto w = board_writer::open(path, torn_tail::refuse, durability::each, [&](board_entry& e) {
        seen.push_back(e.index);
        return status{};
    });
    REQUIRE(w);  // the lock went with the first writer
    CHECK(seen == std::vector<std::uint64_t>{0, 1, 2});
    w = board_writer();  // releases the lock
    auto stopped = board_writer::open(path, torn_tail::refuse, durability::each, [&](board_entry& e) {
        return e.index == 1 ? status(errc::verify_failed, "stop at 1") : status{};
    });
    REQUIRE_FALSE(stopped);
    CHECK(stopped.err().message == "stop at 1");
    board_writer closed;
    CHECK_FALSE(closed.append(kinds::cast, {{"i", 9}}, op));
    CHECK_FALSE(closed.sync());
    std::uint64_t n = 0;
    REQUIRE(check_board(path, &n));
    CHECK(n == 3);
}
