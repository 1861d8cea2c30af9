// scrutineer tests — the ElectionGuard 2.0 record verifier on the Kotlin
// reference record (allAvailableJson), and tampered copies of it, each of
// which must fail under the right Verification step (spec §6.2).
#include "eg_support.hpp"

#include <atomic>
#include <functional>

#include <unistd.h>

using namespace scrutineer;
using namespace egtest;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path record_dir() {
    const auto d = data_dir();
    if (d.empty() || !fs::exists(d / "allAvailableJson")) return {};
    return d / "allAvailableJson";
}

/// A temporary copy of the record (without private_data), removed at scope exit.
struct record_copy {
    fs::path dir;
    explicit record_copy(const fs::path& src) {
        static std::atomic<int> counter{0};
        dir = fs::temp_directory_path() /
              ("scrutineer-eg-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(dir);
        for (const auto& e : fs::directory_iterator(src)) {
            if (e.path().filename() == "private_data") continue;
            fs::copy(e.path(), dir / e.path().filename(), fs::copy_options::recursive);
        }
        for (const auto& e : fs::recursive_directory_iterator(dir))
            fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    }
    ~record_copy() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    void edit(const fs::path& rel, const std::function<void(json&)>& f) const {
        json j;
        {
            std::ifstream in(dir / rel);
            j = json::parse(in);
        }
        f(j);
        std::ofstream out(dir / rel, std::ios::trunc);
        out << j.dump(2);
    }
};

const fs::path kBallot1 = fs::path("encrypted_ballots") / "runWorkflowAllAvailableJson" / "eballot-id-1.json";
const fs::path kBallot2 = fs::path("encrypted_ballots") / "runWorkflowAllAvailableJson" / "eballot-id-2.json";

std::string flip_hex(std::string s, std::size_t pos) {
    s[pos] = s[pos] == '0' ? '1' : '0';
    return s;
}

eg::record_report verify_ok_format(const fs::path& dir) {
    auto r = eg::verify_record(dir);
    INFO((r ? std::string() : r.err().describe()));
    REQUIRE(r.ok());
    INFO(eg::format_report(*r));
    return *r;
}

}  // namespace

TEST_CASE("EG record: allAvailableJson verifies, every step reported", "[electionguard][record]") {
    const auto src = record_dir();
    if (src.empty()) {
        WARN("SKIPPED: ElectionGuard record allAvailableJson not found");
        return;
    }
    auto r = verify_ok_format(src);
    INFO(eg::format_report(r));
    REQUIRE(r.steps.size() == 18);
    CHECK_FALSE(r.any_failed());
    for (int n = 1; n <= 10; ++n) CHECK(r.step(n).outcome == eg::step_outcome::ok);
    // nothing in this record for these: reported, never as passed
    for (int n = 11; n <= 18; ++n) CHECK(r.step(n).outcome == eg::step_outcome::not_checked);
    const auto text = eg::format_report(r);
    CHECK(text.find("Verification 5 (Well-formedness of selection encryptions): ok") != std::string::npos);
    CHECK(text.find("Verification 15") != std::string::npos);
}

TEST_CASE("EG record: tampered copies fail under the right step", "[electionguard][record][negative]") {
    const auto src = record_dir();
    if (src.empty()) {
        WARN("SKIPPED: ElectionGuard record allAvailableJson not found");
        return;
    }
    SECTION("a proof response altered -> Verification 5") {
        record_copy c(src);
        c.edit(kBallot1, [](json& j) {
            auto& r = j["contests"][0]["selections"][0]["proof"]["proofs"][0]["response"];
            r = flip_hex(r.get<std::string>(), 10);
        });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(5).outcome == eg::step_outcome::failed);
        CHECK(r.step(6).outcome == eg::step_outcome::ok);
        CHECK(r.step(9).outcome == eg::step_outcome::ok);
    }
    SECTION("a contest-limit challenge altered -> Verification 6") {
        record_copy c(src);
        c.edit(kBallot1, [](json& j) {
            auto& ch = j["contests"][3]["proof"]["proofs"][1]["challenge"];
            ch = flip_hex(ch.get<std::string>(), 5);
        });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(6).outcome == eg::step_outcome::failed);
        CHECK(r.step(5).outcome == eg::step_outcome::ok);
    }
    SECTION("a ballot changed (two selections swapped, proofs intact) -> Verifications 7 and 8") {
        record_copy c(src);
        c.edit(kBallot2, [](json& j) {
            auto& s = j["contests"][0]["selections"];
            std::swap(s[0]["encrypted_vote"], s[1]["encrypted_vote"]);
            std::swap(s[0]["proof"], s[1]["proof"]);
        });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(5).outcome == eg::step_outcome::ok);  // each proof still matches its ciphertext
        CHECK(r.step(6).outcome == eg::step_outcome::ok);  // the product is unchanged
        CHECK(r.step(7).outcome == eg::step_outcome::failed);
        CHECK(r.step(8).outcome == eg::step_outcome::failed);
    }
    SECTION("a tally changed -> Verification 10") {
        record_copy c(src);
        c.edit("tally.json", [](json& j) {
            auto& t = j["contests"][0]["selections"][0]["tally"];
            t = t.get<int>() + 1;
        });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(10).outcome == eg::step_outcome::failed);
        CHECK(r.step(9).outcome == eg::step_outcome::ok);
        CHECK(r.step(8).outcome == eg::step_outcome::ok);
    }
    SECTION("a guardian key changed -> Verification 2") {
        record_copy c(src);
        c.edit("election_initialized.json", [](json& j) {
            j["guardians"][1]["coefficient_proofs"][1]["public_key"] = eg::upper_hex(eg::group::g_bytes());
        });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(2).outcome == eg::step_outcome::failed);
        CHECK(r.step(3).outcome == eg::step_outcome::ok);  // K_{i,0} unchanged
    }
}

TEST_CASE("EG record: malformed input is a format error, not a crash", "[electionguard][record][negative]") {
    const auto src = record_dir();
    if (src.empty()) {
        WARN("SKIPPED: ElectionGuard record allAvailableJson not found");
        return;
    }
    CHECK(eg::verify_record("/nonexistent/record").err().code == errc::io);
    {
        record_copy c(src);
        fs::remove(c.dir / "election_initialized.json");
        CHECK(eg::verify_record(c.dir).err().code == errc::bad_input);
    }
    {
        record_copy c(src);
        std::ofstream(c.dir / "tally.json", std::ios::trunc) << "{ not json";
        CHECK(eg::verify_record(c.dir).err().code == errc::bad_input);
    }
    {
        record_copy c(src);
        c.edit("election_config.json", [](json& j) { j.erase("quorum"); });
        auto r = eg::verify_record(c.dir);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().message.find("quorum") != std::string::npos);
    }
}
