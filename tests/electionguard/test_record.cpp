// scrutineer tests — the ElectionGuard 2.0 record verifier on the Kotlin
// reference record (allAvailableJson), and tampered copies of it, each of
// which must fail under the right Verification step (spec §6.2).
#include "eg_support.hpp"

#include <algorithm>
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
    SECTION("an alpha or a beta replaced by a value outside the subgroup -> Verification 5 (5.A)") {
        // p − 1 (order 2) and p − α (= −α): in range, x^q ≠ 1
        bytes pm1 = eg::group::p_bytes();
        pm1.back() = static_cast<byte>(pm1.back() - 1);
        const auto minus_one = eg::group::decode_range_only(pm1).value();
        for (const char* which : {"pad", "data"}) {
            for (int variant = 0; variant < 2; ++variant) {
                record_copy c(src);
                c.edit(kBallot2, [&](json& j) {
                    auto& v = j["contests"][1]["selections"][0]["encrypted_vote"][which];
                    const auto x = eg::element_from_hex(v.get<std::string>()).value();
                    v = hx(variant == 0 ? minus_one : x + minus_one);
                });
                auto r = verify_ok_format(c.dir);
                CHECK(r.step(5).outcome == eg::step_outcome::failed);
                std::string all;
                for (const auto& f : r.step(5).failures) all += f + "\n";
                INFO(all);
                CHECK(all.find(std::string(which[0] == 'p' ? "alpha" : "beta") + " not in Z_p^r (5.A)") != std::string::npos);
            }
        }
    }
    SECTION("the same non-member alpha on two ballots: 5.A for each, no false duplicate code (7.C)") {
        bytes pm1 = eg::group::p_bytes();
        pm1.back() = static_cast<byte>(pm1.back() - 1);
        const auto minus_one = eg::group::decode_range_only(pm1).value();
        record_copy c(src);
        for (const auto& file : {kBallot1, kBallot2})
            c.edit(file, [&](json& j) { j["contests"][0]["selections"][0]["encrypted_vote"]["pad"] = hx(minus_one); });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(5).outcome == eg::step_outcome::failed);
        for (const auto& f : r.step(7).failures) CHECK(f.find("duplicate confirmation code") == std::string::npos);
    }
    SECTION("a contest-limit proof that does not parse -> Verification 6, not 5") {
        record_copy c(src);
        c.edit(kBallot1, [](json& j) { j["contests"][0]["proof"]["proofs"][0]["response"] = "zz"; });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(6).outcome == eg::step_outcome::failed);
        CHECK(r.step(5).outcome == eg::step_outcome::ok);
    }
    SECTION("a ballot's contest index, selections or contests not the manifest's -> Verifications 5 and 6") {
        {  // the contest index claimed by the ballot (it enters the contest hash, 7.A)
            record_copy c(src);
            c.edit(kBallot1, [](json& j) {
                auto& q = j["contests"][0]["sequence_order"];
                q = q.get<std::int64_t>() + 7;
            });
            auto r = verify_ok_format(c.dir);
            CHECK(r.step(6).outcome == eg::step_outcome::failed);
        }
        {  // a selection dropped from a contest
            record_copy c(src);
            c.edit(kBallot1, [](json& j) { j["contests"][0]["selections"].erase(0); });
            auto r = verify_ok_format(c.dir);
            CHECK(r.step(6).outcome == eg::step_outcome::failed);
            std::string all;
            for (const auto& f : r.step(6).failures) all += f + "\n";
            INFO(all);
            CHECK(all.find("is missing from the contest") != std::string::npos);
        }
        {  // a selection given twice
            record_copy c(src);
            c.edit(kBallot1, [](json& j) {
                auto& sel = j["contests"][0]["selections"];
                sel[1]["selection_id"] = sel[0]["selection_id"];
            });
            auto r = verify_ok_format(c.dir);
            CHECK(r.step(5).outcome == eg::step_outcome::failed);
        }
        {  // a contest given twice
            record_copy c(src);
            c.edit(kBallot1, [](json& j) { j["contests"].push_back(j["contests"][0]); });
            auto r = verify_ok_format(c.dir);
            CHECK(r.step(6).outcome == eg::step_outcome::failed);
        }
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
    SECTION("a guardian's own key K_i = K_{i,0} changed -> Verifications 2 and 3") {
        record_copy c(src);
        c.edit("election_initialized.json", [](json& j) {
            j["guardians"][1]["coefficient_proofs"][0]["public_key"] = eg::upper_hex(eg::group::g_bytes());
        });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(2).outcome == eg::step_outcome::failed);  // its proof no longer holds
        CHECK(r.step(3).outcome == eg::step_outcome::failed);  // K is not the product of the K_i
    }
}

namespace {
/// Turns the copy into a chained record (§3.4.3): chain_confirmation_codes
/// true, and the ballots (in file-name order) rewritten with B_aux,1 =
/// H_0 ‖ B_aux,0, B_aux,j = H(B_{j−1}) ‖ B_aux,0 and their confirmation codes
/// recomputed (eq. 58, B_aux length-prefixed). `link(j)` names the ballot
/// whose code ballot j chains from (j − 1 normally; −1: from H_0; −2: B_aux,0
/// alone, which starts no chain).
void make_chained(const record_copy& c, const std::function<int(int)>& link) {
    c.edit("election_config.json", [](json& j) { j["chain_confirmation_codes"] = true; });
    json cfg;
    {
        std::ifstream in(c.dir / "election_config.json");
        cfg = json::parse(in);
    }
    bytes baux0;
    for (const auto& x : cfg["baux0"]) baux0.push_back(static_cast<byte>(x.get<int>()));
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(c.dir / "encrypted_ballots"))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<eg::hash32> codes;
    for (std::size_t j = 0; j < files.size(); ++j) {
        const auto rel = fs::relative(files[j], c.dir);
        c.edit(rel, [&](json& b) {
            const auto he = Hh(b["election_id"]);
            const int from = link(static_cast<int>(j));
            bytes baux;
            if (from == -1) {
                const auto h0 = eg::chain_initial(he, baux0);
                baux.assign(h0.begin(), h0.end());
                append(baux, baux0);
            } else if (from == -2) {
                baux = baux0;
            } else {
                baux = eg::chain_baux(codes.at(static_cast<std::size_t>(from)), baux0);
            }
            std::vector<eg::hash32> chis;
            for (const auto& ct : b["contests"]) chis.push_back(Hh(ct["contest_hash"]));
            const auto code = eg::confirmation_code(he, chis, baux);
            b["code_baux"] = eg::upper_hex(baux);
            b["confirmation_code"] = eg::upper_hex(code);
            codes.push_back(code);
        });
    }
}
std::string fails7(const eg::record_report& r) {
    std::string all;
    for (const auto& f : r.step(7).failures) all += f + "\n";
    return all;
}
}  // namespace

TEST_CASE("EG record: ballot chaining, Verification 7.D–7.E", "[electionguard][record][negative]") {
    const auto src = record_dir();
    if (src.empty()) {
        WARN("SKIPPED: ElectionGuard record allAvailableJson not found");
        return;
    }
    SECTION("a correctly chained copy verifies, 7.F–7.G reported as not checked") {
        record_copy c(src);
        make_chained(c, [](int j) { return j == 0 ? -1 : j - 1; });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(7).outcome == eg::step_outcome::ok);
        CHECK(r.step(7).detail.find("7.D–7.E: 11 ballots on 1 device chain(s)") != std::string::npos);
        CHECK(r.step(7).detail.find("7.F–7.G not checked") != std::string::npos);
        CHECK_FALSE(r.any_failed());
    }
    SECTION("the record claims chaining but the ballots are not chained -> 7.D") {
        record_copy c(src);
        c.edit("election_config.json", [](json& j) { j["chain_confirmation_codes"] = true; });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(7).outcome == eg::step_outcome::failed);
        CHECK(fails7(r).find("(7.D)") != std::string::npos);
        CHECK(r.step(5).outcome == eg::step_outcome::ok);
    }
    SECTION("the first ballot does not start from H_0 -> 7.D") {
        record_copy c(src);
        make_chained(c, [](int j) { return j == 0 ? -2 : j - 1; });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(7).outcome == eg::step_outcome::failed);
        CHECK(fails7(r).find("(7.D)") != std::string::npos);
    }
    SECTION("a ballot chained from the wrong predecessor (a fork) -> 7.E") {
        record_copy c(src);
        make_chained(c, [](int j) { return j == 0 ? -1 : j == 6 ? 4 : j - 1; });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(7).outcome == eg::step_outcome::failed);
        CHECK(fails7(r).find("(7.E)") != std::string::npos);
        CHECK(fails7(r).find("(7.D)") == std::string::npos);
        CHECK(fails7(r).find("(7.B)") == std::string::npos);  // every code itself is right
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
    // a contest limit that is negative, zero or absurd (−1 once made the limit
    // proof's expected length wrap to 0 and the check read past the proof)
    for (const std::int64_t bad : {std::int64_t{-1}, std::int64_t{0}, std::int64_t{1} << 21}) {
        record_copy c(src);
        c.edit("manifest.json", [&](json& j) { j["contests"][0]["votes_allowed"] = bad; });
        INFO("votes_allowed " << bad);
        auto r = eg::verify_record(c.dir);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::bad_input);
        CHECK(r.err().message.find("votes_allowed") != std::string::npos);
    }
}
