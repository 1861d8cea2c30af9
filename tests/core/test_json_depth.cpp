// The nesting guard for untrusted JSON (core/json_depth.hpp), and the readers
// that use it: a record whose board line, manifest or roll nests without end
// is reported, never a stack overflow.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "../election/record_fixture.hpp"
#include "scrutineer/core/json_depth.hpp"
#include "scrutineer/election/mix.hpp"

using namespace scrutineer;

TEST_CASE("json depth: counts arrays and objects, not brackets in strings", "[core][json]") {
    CHECK(json_depth("") == 0);
    CHECK(json_depth("17") == 0);
    CHECK(json_depth("[]") == 1);
    CHECK(json_depth(R"({"a":[1,{"b":[]}],"c":{}})") == 4);
    CHECK(json_depth(R"(["[[[[", "{{{"])") == 1);
    CHECK(json_depth(R"(["\"[[[", "\\", [[]]])") == 3);  // escaped quote and backslash
    CHECK(json_depth("]]]][") == 1);                        // malformed: measured as far as it goes
    const std::string deep(100000, '[');
    CHECK(json_depth(deep) == max_json_depth + 1);  // stops counting past the limit
    CHECK_FALSE(check_json_depth(deep));
    CHECK(check_json_depth(std::string(64, '[') + std::string(64, ']')));
    CHECK_FALSE(check_json_depth(std::string(65, '[') + std::string(65, ']')));
    CHECK(check_json_depth(std::string(65, '[') + std::string(65, ']'), 65));
}

TEST_CASE("json depth: deeply nested record files are errors, not crashes", "[core][json][election]") {
    using namespace scrutineer::test;
    using namespace scrutineer::election;
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    SECTION("a board line") {
        auto e = board_entry::from_line(R"({"index":1,"prev":"00","kind":"cast","payload":)" + deep + "}");
        REQUIRE_FALSE(e);
        CHECK(e.err().message.find("nested deeper") != std::string::npos);
    }
    SECTION("a record's manifest, roll and board") {
        election_fixture f(3, 77);
        scratch_dir work("json-depth");
        for (const char* file : {"manifest.json", "roll.jsonl", "ceremony.json", "board.jsonl"}) {
            const auto dir = work.path / file;
            copy_record(f.dir, dir);
            {
                std::ofstream o(dir / file, std::ios::app);
                o << deep << "\n";
            }
            auto rep = verify_record(dir, {1, {}});
            INFO(file);
            if (rep) {
                CHECK_FALSE(rep->ok());  // read, and a check names the bad line
            } else {
                CHECK(rep.err().message.find("nested deeper") != std::string::npos);
            }
        }
    }
}

TEST_CASE("untrusted JSON: fields of the wrong type are errors, not exceptions", "[core][json][election][mixnet]") {
    using namespace scrutineer::test;
    using namespace scrutineer::election;
    election_fixture f(3, 78);
    scratch_dir work("json-types");
    SECTION("a mix-input whose contest is a number: scrutineer mix finds a mix before the input, without checks too") {
        const auto dir = work.path / "mix";
        copy_record(f.dir, dir);
        auto b = board_doc::load(dir);
        b.entries[b.find("mix-input")].payload["contest"] = 7;
        b.write_resigned(dir, f.sim.operator_key);
        for (const bool check : {false, true}) {
            result<chain_head> h = error{errc::internal, "not run"};
            REQUIRE_NOTHROW(h = read_chain_head(dir, "nec", check));
            REQUIRE_FALSE(h);
            CHECK(h.err().code == errc::verify_failed);
            CHECK(h.err().message.find("a mix before the contest's mix-input") != std::string::npos);
        }
    }
    SECTION("a tracking code with a non-ASCII character is named as such") {
        auto r = lookup_receipt(f.dir, "\xc3\x84" "BCD1234");
        REQUIRE_FALSE(r);
        CHECK(r.err().message.find("non-ASCII") != std::string::npos);
    }
}
