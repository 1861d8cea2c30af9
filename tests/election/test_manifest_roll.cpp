#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "scrutineer/election/manifest.hpp"
#include "scrutineer/election/roll.hpp"

using namespace scrutineer;
using namespace scrutineer::election;
using nlohmann::json;

namespace {
json sample() {
    return json::parse(R"({
      "format": "scrutineer/manifest/v1",
      "election_id": "nec-2026",
      "title": "National executive",
      "group": "ristretto255",
      "trustees": {"n": 5, "k": 3},
      "contests": [
        {"id": "treasurer", "title": "Treasurer", "kind": "plurality",
         "options": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]},
        {"id": "board", "kind": "k-of-n", "max_marks": 2,
         "options": [{"id": "x"}, {"id": "y"}, {"id": "z"}]},
        {"id": "motions", "kind": "approval", "options": [{"id": "m1"}, {"id": "m2"}]},
        {"id": "budget", "kind": "score", "max_score": 5, "options": [{"id": "p1"}, {"id": "p2"}]},
        {"id": "nec", "kind": "ranked", "seats": 2, "method": "scottish-stv",
         "options": [{"id": "c1"}, {"id": "c2"}, {"id": "c3"}]}
      ],
      "policy": {"revoting": "last", "roll_frozen_at": "2026-10-01", "cancel_reasons": ["revoked", "superseded"]}
    })");
}
}  // namespace

TEST_CASE("manifest: parse, derive limits, canonical hash", "[election][manifest]") {
    auto m = manifest::from_json(sample());
    REQUIRE(m.ok());
    REQUIRE(m->contests.size() == 5);
    CHECK(m->contests[0].max_total == 1);
    CHECK(m->contests[1].max_total == 2);
    CHECK(m->contests[2].max_total == 2);
    CHECK(m->contests[3].max_score == 5);
    CHECK(m->contests[3].max_total == 10);
    CHECK_FALSE(m->contests[4].homomorphic());
    CHECK(m->trustees_k == 3);
    // canonical: re-parsing the canonical form gives the same hash; any change alters it
    auto again = manifest::from_json(m->to_json());
    REQUIRE(again.ok());
    CHECK(again->hash() == m->hash());
    auto j = sample();
    j["title"] = "National executive 2";
    CHECK_FALSE(manifest::from_json(j)->hash() == m->hash());
    CHECK_FALSE(m->context() == manifest::from_json(j)->context());
}

TEST_CASE("manifest: every malformed field is named", "[election][manifest][negative]") {
    struct tamper {
        std::function<void(json&)> f;
        std::string needle;
    };
    const std::vector<tamper> cases = {
        {[](json& j) { j["format"] = "v0"; }, "manifest.format"},
        {[](json& j) { j.erase("election_id"); }, "missing field 'election_id'"},
        {[](json& j) { j["election_id"] = "has space"; }, "manifest.election_id"},
        {[](json& j) { j["group"] = "p256"; }, "unsupported group"},
        {[](json& j) { j["trustees"]["k"] = 6; }, "manifest.trustees.k: must be between 1 and 5"},
        {[](json& j) { j["trustees"]["n"] = -1; }, "manifest.trustees.n"},
        {[](json& j) { j["contests"] = json::array(); }, "'contests' must be an array"},
        {[](json& j) { j["contests"][1]["id"] = "treasurer"; }, "duplicate contest id"},
        {[](json& j) { j["contests"][0]["kind"] = "borda"; }, "unknown kind"},
        {[](json& j) { j["contests"][0]["options"][1]["id"] = "a"; }, "contests[0].options[1].id: duplicate option id"},
        {[](json& j) { j["contests"][1]["max_marks"] = 4; }, "contests[1].max_marks"},
        {[](json& j) { j["contests"][0]["max_marks"] = 1; }, "not allowed for kind plurality"},
        {[](json& j) { j["contests"][3].erase("max_score"); }, "missing field 'max_score'"},
        {[](json& j) { j["contests"][4]["seats"] = 9; }, "contests[4].seats"},
        {[](json& j) { j["contests"][4]["method"] = "irv"; }, "contests[4].seats: method \"irv\" elects one candidate"},
        {[](json& j) { j["contests"][4]["method"] = "borda"; }, "contests[4].method: must be a counting preset"},
        {[](json& j) {
             for (int i = 0; i < 256; ++i) j["contests"][4]["options"].push_back({{"id", "x" + std::to_string(i)}, {"title", "x"}});
         },
         "must be an array of 1 to 255 options"},
        {[](json& j) { j["contests"][0]["surprise"] = 1; }, "unknown field 'surprise'"},
        {[](json& j) { j["policy"]["revoting"] = "sometimes"; }, "manifest.policy.revoting"},
        {[](json& j) { j["policy"]["cancel_reasons"] = json::array({"a", "a"}); }, "duplicate reason"},
        {[](json& j) { j = json::array(); }, "must be a JSON object"},
    };
    for (const auto& c : cases) {
        auto j = sample();
        c.f(j);
        auto m = manifest::from_json(j);
        INFO(c.needle);
        REQUIRE_FALSE(m.ok());
        CHECK_THAT(m.err().message, Catch::Contains(c.needle));
    }
}

TEST_CASE("roll: issue, commit, save and load, invalid rolls rejected", "[election][roll]") {
    seeded_rng r(5);
    auto is = issue_credentials(12, "v", r);
    REQUIRE(is.ok());
    CHECK(is->roll.size() == 12);
    CHECK(is->roll.entries()[0].voter == "v00");
    CHECK(is->roll.find(is->secrets[3].key.public_key())->voter == "v03");
    for (const auto& e : is->roll.entries()) CHECK(is->roll.find_voter(e.voter) == &e);
    for (const char* absent : {"", "v", "v0", "v12", "v030", "w00", "u99"}) CHECK(is->roll.find_voter(absent) == nullptr);
    const auto dir = std::filesystem::temp_directory_path() / ("scrutineer-roll-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    REQUIRE(is->roll.save(dir / "roll.jsonl").ok());
    auto back = roll::load(dir / "roll.jsonl");
    REQUIRE(back.ok());
    CHECK(back->commitment() == is->roll.commitment());
    REQUIRE(save_credentials(dir / "cred.jsonl", is->secrets).ok());
    CHECK((std::filesystem::status(dir / "cred.jsonl").permissions() & std::filesystem::perms::others_read) ==
          std::filesystem::perms::none);
    auto creds = load_credentials(dir / "cred.jsonl");
    REQUIRE(creds.ok());
    CHECK((*creds)[5].key.public_key() == is->secrets[5].key.public_key());

    // any change to the roll changes the commitment
    auto entries = is->roll.entries();
    entries[4].weight = 2;
    CHECK_FALSE(roll::from_entries(entries)->commitment() == is->roll.commitment());
    entries = is->roll.entries();
    entries.pop_back();
    CHECK_FALSE(roll::from_entries(entries)->commitment() == is->roll.commitment());

    // invalid rolls
    entries = is->roll.entries();
    entries[1].voter = entries[0].voter;
    CHECK_THAT(roll::from_entries(entries).err().message, Catch::Contains("duplicate voter id"));
    entries = is->roll.entries();
    entries[1].credential = entries[0].credential;
    CHECK_THAT(roll::from_entries(entries).err().message, Catch::Contains("appears twice"));
    entries = is->roll.entries();
    entries[2].weight = 0;
    CHECK(roll::from_entries(entries).err().code == errc::out_of_range);
    for (const std::string& bad_id : {std::string(), std::string("a b"), std::string(65, 'x'), std::string("v\"1"), std::string("é")}) {
        entries = is->roll.entries();
        entries.back().voter = bad_id;
        auto e = roll::from_entries(entries);
        REQUIRE_FALSE(e);
        CHECK(e.err().code == errc::bad_input);
        CHECK_THAT(e.err().message, Catch::Contains("is not 1-64 characters of [A-Za-z0-9._-]"));
    }
    entries = is->roll.entries();
    entries.back().voter = std::string(64, 'z');  // the longest id allowed
    CHECK(roll::from_entries(entries).ok());
    {
        std::ofstream bad(dir / "bad.jsonl");
        bad << R"({"voter":"a","credential":"zz","weight":1})" << "\n";
    }
    CHECK_THAT(roll::load(dir / "bad.jsonl").err().message, Catch::Contains("line 1"));
    std::filesystem::remove_all(dir);
}
