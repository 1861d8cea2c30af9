// scrutineer tests — the ElectionGuard 2.0 record verifier on the Kotlin
// reference record (allAvailableJson), and tampered copies of it, each of
// which must fail under the right Verification step (spec §6.2).
#include "eg_support.hpp"

#include <algorithm>
#include <cctype>
#include <atomic>
#include <functional>

#include <unistd.h>

using namespace scrutineer;
using namespace egtest;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kBallot1 = fs::path("encrypted_ballots") / "runWorkflowAllAvailableJson" / "eballot-id-1.json";
const fs::path kBallot2 = fs::path("encrypted_ballots") / "runWorkflowAllAvailableJson" / "eballot-id-2.json";


std::string failures_of(const eg::step_report& s) {
    std::string all;
    for (const auto& f : s.failures) all += f + "\n";
    return all;
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
        c.slim({kBallot1});
        c.edit(kBallot1, [](json& j) {
            auto& r = j["contests"][0]["selections"][0]["proof"]["proofs"][0]["response"];
            r = flip_hex(r.get<std::string>(), 10);
        });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(5).outcome == eg::step_outcome::failed);
        CHECK(r.step(6).outcome == eg::step_outcome::ok);
        CHECK(r.step(7).outcome == eg::step_outcome::ok);
    }
    SECTION("an alpha or a beta replaced by a value outside the subgroup -> Verification 5 (5.A)") {
        // p − 1 (order 2) and p − α (= −α): in range, x^q ≠ 1
        bytes pm1 = eg::group::p_bytes();
        pm1.back() = static_cast<byte>(pm1.back() - 1);
        const auto minus_one = eg::group::decode_range_only(pm1).value();
        for (const char* which : {"pad", "data"}) {
            for (int variant = 0; variant < 2; ++variant) {
                record_copy c(src);
                c.slim({kBallot2});
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
        c.slim({kBallot1, kBallot2});
        for (const auto& file : {kBallot1, kBallot2})
            c.edit(file, [&](json& j) { j["contests"][0]["selections"][0]["encrypted_vote"]["pad"] = hx(minus_one); });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(5).outcome == eg::step_outcome::failed);
        for (const auto& f : r.step(7).failures) CHECK(f.find("duplicate confirmation code") == std::string::npos);
    }
    SECTION("a contest-limit proof that does not parse -> Verification 6, not 5") {
        record_copy c(src);
        c.slim({kBallot1});
        c.edit(kBallot1, [](json& j) { j["contests"][0]["proof"]["proofs"][0]["response"] = "zz"; });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(6).outcome == eg::step_outcome::failed);
        CHECK(r.step(5).outcome == eg::step_outcome::ok);
    }
    SECTION("a ballot's contest index, selections or contests not the manifest's -> Verifications 5 and 6") {
        {  // the contest index claimed by the ballot (it enters the contest hash, 7.A)
            record_copy c(src);
            c.slim({kBallot1});
            c.edit(kBallot1, [](json& j) {
                auto& q = j["contests"][0]["sequence_order"];
                q = q.get<std::int64_t>() + 7;
            });
            auto r = verify_ok_format(c.dir);
            CHECK(r.step(6).outcome == eg::step_outcome::failed);
        }
        {  // a selection dropped from a contest
            record_copy c(src);
            c.slim({kBallot1});
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
            c.slim({kBallot1});
            c.edit(kBallot1, [](json& j) {
                auto& sel = j["contests"][0]["selections"];
                sel[1]["selection_id"] = sel[0]["selection_id"];
            });
            auto r = verify_ok_format(c.dir);
            CHECK(r.step(5).outcome == eg::step_outcome::failed);
        }
        {  // a contest given twice
            record_copy c(src);
            c.slim({kBallot1});
            c.edit(kBallot1, [](json& j) { j["contests"].push_back(j["contests"][0]); });
            auto r = verify_ok_format(c.dir);
            CHECK(r.step(6).outcome == eg::step_outcome::failed);
        }
        {  // a contest the manifest does not have
            record_copy c(src);
            c.slim({kBallot1});
            c.edit(kBallot1, [](json& j) { j["contests"][0]["contest_id"] = "contest-from-elsewhere"; });
            auto r = verify_ok_format(c.dir);
            CHECK(r.step(6).outcome == eg::step_outcome::failed);
            CHECK_THAT(failures_of(r.step(6)), Catch::Contains("contest-from-elsewhere: contest not in the manifest"));
        }
        {  // a contest's votes_allowed raised above the manifest's (its proofs unchanged)
            record_copy c(src);
            c.slim({kBallot1});
            c.edit(kBallot1, [](json& j) {
                auto& v = j["contests"][0]["votes_allowed"];
                v = v.get<std::int64_t>() + 1;
            });
            auto r = verify_ok_format(c.dir);
            CHECK(r.step(6).outcome == eg::step_outcome::failed);
            CHECK_THAT(failures_of(r.step(6)), Catch::Contains("differs from the manifest's"));
        }
    }
    SECTION("a contest-limit challenge altered -> Verification 6") {
        record_copy c(src);
        c.slim({kBallot1});
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
    SECTION("the decrypted tally's (A, B) not the encrypted tally's -> Verification 9") {
        record_copy c(src);
        c.edit("tally.json", [](json& j) {
            auto& s = j["contests"][0]["selections"];
            s[0]["encrypted_vote"] = s[1]["encrypted_vote"];
        });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(9).outcome == eg::step_outcome::failed);
        CHECK_THAT(failures_of(r.step(9)), Catch::Contains("(A, B) differs from the encrypted tally"));
        CHECK(r.step(8).outcome == eg::step_outcome::ok);
    }
    SECTION("a guardian key changed -> Verification 2") {
        record_copy c(src);
        c.slim();
        c.edit("election_initialized.json", [](json& j) {
            j["guardians"][1]["coefficient_proofs"][1]["public_key"] = eg::upper_hex(eg::group::g_bytes());
        });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(2).outcome == eg::step_outcome::failed);
        CHECK(r.step(3).outcome == eg::step_outcome::ok);  // K_{i,0} unchanged
    }
    SECTION("a guardian's own key K_i = K_{i,0} changed -> Verifications 2 and 3") {
        record_copy c(src);
        c.slim();
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
        c.drop_tallies();
        c.edit("election_config.json", [](json& j) { j["chain_confirmation_codes"] = true; });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(7).outcome == eg::step_outcome::failed);
        CHECK(fails7(r).find("(7.D)") != std::string::npos);
        CHECK(r.step(5).outcome == eg::step_outcome::ok);
    }
    SECTION("chaining claimed without a readable B_aux,0: a format error naming baux0") {
        for (int which = 0; which < 4; ++which) {
            record_copy c(src);
            c.drop_tallies();
            c.edit("election_config.json", [&](json& j) {
                j["chain_confirmation_codes"] = true;
                if (which == 0) j.erase("baux0");
                if (which == 1) j["baux0"] = "dev-1";
                if (which == 2) j["baux0"] = json::array({1, 2, 256});
                if (which == 3) j["baux0"] = json::array({1, "2"});
            });
            auto r = eg::verify_record(c.dir);
            INFO("case " << which);
            REQUIRE_FALSE(r.ok());
            CHECK(r.err().code == errc::bad_input);
            CHECK_THAT(r.err().message, Catch::Contains("baux0"));
        }
    }
    SECTION("the first ballot does not start from H_0 -> 7.D") {
        record_copy c(src);
        c.drop_tallies();
        make_chained(c, [](int j) { return j == 0 ? -2 : j - 1; });
        auto r = verify_ok_format(c.dir);
        CHECK(r.step(7).outcome == eg::step_outcome::failed);
        CHECK(fails7(r).find("(7.D)") != std::string::npos);
    }
    SECTION("a ballot chained from the wrong predecessor (a fork) -> 7.E") {
        record_copy c(src);
        c.drop_tallies();
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

// ---------------------------------------------------------------------------
// Challenged ballots (Verifications 12–14). The reference record has none, so
// the test makes one the way an election would: a ballot of the record under
// a new id and B_aux (so a new confirmation code), state SPOILED, decrypted
// by the three guardians with their key shares from private_data (threshold
// decryption with proofs, §3.6.2–3.6.3) into challenged_ballots/ in the
// layout of tally.json, each contest's contest data decrypted with its proof
// (§3.6.4, with the joint secret; C1 hashed as the Kotlin reference does).

namespace {

struct challenged_files {
    json ballot, decryption;
    eg::hash32 he{};
};

/// Keeps the first `n` contests of ballot `b` (0: all) and recomputes its
/// confirmation code (B_aux appended raw, as the reference record does).
void trim_ballot(json& b, std::size_t n, const eg::hash32& he) {
    if (n && b["contests"].size() > n) b["contests"].erase(b["contests"].begin() + static_cast<std::ptrdiff_t>(n), b["contests"].end());
    std::vector<eg::hash32> chis;
    for (const auto& c : b["contests"]) chis.push_back(Hh(c["contest_hash"]));
    const bytes baux = eg::hex_fixed(b["code_baux"].get<std::string>(), b["code_baux"].get<std::string>().size() / 2).value();
    b["confirmation_code"] = hx(eg::confirmation_code(he, chis, baux, eg::baux_encoding::raw));
}

json hashed_json(const eg::hashed_ciphertext& ct, const json& like) {
    json j = like;
    j["c0"] = hx(ct.c0);
    j["c1"] = eg::upper_hex(ct.c1);
    j["c2"] = hx(ct.c2);
    return j;
}

/// The challenged ballot made from `from` (a ballot file of `src`), and its decryption.
challenged_files make_challenged(const fs::path& src, const fs::path& from, const std::string& id, std::size_t contests,
                                 eg::c1_encoding enc = eg::c1_encoding::kotlin_hex) {
    json init;
    {
        std::ifstream in(src / "election_initialized.json");
        init = json::parse(in);
    }
    const eg::element K = E(init["joint_public_key"]);
    const eg::hash32 he = Hh(init["extended_base_hash"]);
    const eg::election_public pub(K, he);
    // the guardians' key shares P(i), and the joint secret Σ w_i·P(i) for the contest data
    std::vector<std::uint32_t> xs;
    std::vector<eg::scalar> shares;
    for (const auto& e : fs::directory_iterator(src / "private_data" / "trustees")) {
        std::ifstream in(e.path());
        const json t = json::parse(in);
        xs.push_back(t["x_coordinate"].get<std::uint32_t>());
        shares.push_back(Q(t["key_share"]));
    }
    REQUIRE(xs.size() == 3);
    eg::scalar s = eg::scalar::zero();
    std::vector<eg::element> pubshares;
    for (std::size_t k = 0; k < xs.size(); ++k) {
        s = s + eg::lagrange_coefficient(xs[k], xs) * shares[k];
        pubshares.push_back(eg::group::mul_base(shares[k]));
    }
    REQUIRE(eg::group::mul_base(s) == K);

    challenged_files out;
    out.he = he;
    {
        std::ifstream in(src / from);
        out.ballot = json::parse(in);
    }
    auto& b = out.ballot;
    b["ballot_id"] = id;
    b["state"] = "SPOILED";
    const std::string aux = "challenged " + id;
    b["code_baux"] = eg::upper_hex(bytes(aux.begin(), aux.end()));
    trim_ballot(b, contests, he);

    seeded_rng r(1212);
    json& d = out.decryption;
    d = json{{"id", id}, {"contests", json::array()}, {"election_id", init["extended_base_hash"]}};
    for (const auto& c : b["contests"]) {
        json dc{{"contest_id", c["contest_id"]}, {"selections", json::array()}};
        for (const auto& sel : c["selections"]) {
            const eg::ciphertext AB{E(sel["encrypted_vote"]["pad"]), E(sel["encrypted_vote"]["data"])};
            const guardians_decrypting g(AB, xs, shares, r);
            auto ch = eg::combine_partial_decryptions(pub, AB, g.parts);
            REQUIRE(ch.ok());
            auto done = eg::finish_decryption(AB, *ch, g.parts, pubshares, g.respond(*ch));
            REQUIRE(done.ok());
            const auto sigma = eg::dlog_K_vartime(pub, done->T, 1);
            REQUIRE(sigma.ok());
            dc["selections"].push_back(json{{"selection_id", sel["selection_id"]},
                                            {"tally", *sigma},
                                            {"b_over_m", hx(done->T)},
                                            {"encrypted_vote", sel["encrypted_vote"]},
                                            {"proof", {{"challenge", hx(done->proof.c)}, {"response", hx(done->proof.v)}}}});
        }
        if (c.contains("encrypted_contest_data")) {
            const auto& ecd = c["encrypted_contest_data"];
            const eg::hashed_ciphertext ct{E(ecd["c0"]), eg::hex_fixed(ecd["c1"].get<std::string>(),
                                                                       ecd["c1"].get<std::string>().size() / 2)
                                                             .value(),
                                           Hh(ecd["c2"])};
            const eg::element beta = ct.c0 * s;
            const auto p = eg::prove_contest_data_decryption_with(pub, ct, secret<eg::scalar>(s), eg::scalar::random(r), enc);
            REQUIRE(eg::verify_contest_data_decryption(pub, ct, beta, p, enc).ok());
            dc["decrypted_contest_data"] =
                json{{"contest_data", {{"over_votes", json::array()}, {"write_ins", json::array()}, {"status", "normal"}}},
                     {"encrypted_contest_data", hashed_json(ct, ecd)},
                     {"proof", {{"challenge", hx(p.c)}, {"response", hx(p.v)}}},
                     {"beta", hx(beta)}};
        }
        d["contests"].push_back(std::move(dc));
    }
    return out;
}

const fs::path kChallengedBallot = fs::path("encrypted_ballots") / "runWorkflowAllAvailableJson" / "eballot-id-challenged.json";
const fs::path kDecryption = fs::path("challenged_ballots") / "dballot-id-challenged.json";

void write_json(const fs::path& p, const json& j) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::trunc) << j.dump(2);
}

/// A copy of the record with the challenged ballot and its decryption. Unless
/// `whole`, without the tallies and with one cast ballot, id-2 cut to two
/// contests like the challenged ballot, so that a run is short.
void add_challenged(const record_copy& c, const challenged_files& f, bool whole) {
    if (!whole) {
        fs::remove(c.dir / "tally.json");
        fs::remove(c.dir / "encrypted_tally.json");
        json b2;
        {
            std::ifstream in(c.dir / kBallot2);
            b2 = json::parse(in);
        }
        for (const auto& e : fs::directory_iterator(c.dir / kBallot1.parent_path())) fs::remove(e.path());
        trim_ballot(b2, 2, f.he);
        write_json(c.dir / kBallot2, b2);
    }
    write_json(c.dir / kChallengedBallot, f.ballot);
    write_json(c.dir / kDecryption, f.decryption);
}

}  // namespace

TEST_CASE("EG record: challenged ballots, Verifications 12–14", "[electionguard][record]") {
    const auto src = record_dir();
    if (src.empty() || !fs::exists(src / "private_data" / "trustees")) {
        WARN("SKIPPED: ElectionGuard record allAvailableJson (with private_data) not found");
        return;
    }
    static const challenged_files files = make_challenged(src, kBallot1, "id-challenged", 2);
    SECTION("the whole record with a challenged ballot: every applicable step passes") {
        record_copy c(src);
        add_challenged(c, files, true);
        auto r = verify_ok_format(c.dir);
        INFO(eg::format_report(r));
        CHECK_FALSE(r.any_failed());
        for (int n : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14}) CHECK(r.step(n).outcome == eg::step_outcome::ok);
        CHECK(r.step(8).detail.find("over 11 cast ballots") != std::string::npos);  // the challenged one is not counted
        CHECK(r.step(12).detail.find("1 challenged ballots, 1 decryptions") != std::string::npos);
        CHECK(r.step(14).detail.find("Kotlin") != std::string::npos);
    }
    SECTION("C1 hashed as the spec's table writes it (§5.5.4)") {
        record_copy c(src);
        add_challenged(c, make_challenged(src, kBallot1, "id-challenged", 2, eg::c1_encoding::padded_512), false);
        auto r = verify_ok_format(c.dir);
        INFO(eg::format_report(r));
        CHECK_FALSE(r.any_failed());
        CHECK(r.step(14).outcome == eg::step_outcome::ok);
        CHECK(r.step(14).detail.find("Kotlin") == std::string::npos);
    }
    SECTION("the state CHALLENGED is a challenged ballot too") {
        record_copy c(src);
        add_challenged(c, files, false);
        c.edit(kChallengedBallot, [](json& j) { j["state"] = "CHALLENGED"; });
        auto r = verify_ok_format(c.dir);
        CHECK_FALSE(r.any_failed());
        CHECK(r.step(12).outcome == eg::step_outcome::ok);
    }

    // tamperings, each caught under its step
    struct tamper {
        const char* what;
        int step;
        const char* message;
        std::function<void(const record_copy&)> edit;
    };
    auto sel0 = [](json& j) -> json& { return j["contests"][0]["selections"][0]; };
    const std::vector<tamper> cases = {
        {"a decryption proof's response altered", 12, "(12.B)",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { auto& v = sel0(j)["proof"]["response"]; v = flip_hex(v.get<std::string>(), 7); }); }},
        {"a decryption proof's challenge altered", 12, "(12.B)",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { auto& v = sel0(j)["proof"]["challenge"]; v = flip_hex(v.get<std::string>(), 3); }); }},
        {"S (b_over_m) replaced by K^σ of the other vote", 13, "(13.A)",
         [&](const record_copy& c) {
             c.edit(kDecryption, [&](json& j) {
                 json& s = sel0(j);
                 const int sigma = s["tally"].get<int>();
                 json init;
                 std::ifstream in(c.dir / "election_initialized.json");
                 init = json::parse(in);
                 const eg::element K = E(init["joint_public_key"]);
                 s["b_over_m"] = hx(sigma == 0 ? K : eg::group::identity());
             });
         }},
        {"the published selection changed", 13, "(13.A)",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { auto& t = sel0(j)["tally"]; t = 1 - t.get<int>(); }); }},
        {"a selection of 2", 13, "(13.B)", [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { sel0(j)["tally"] = 2; }); }},
        {"more options selected than the contest allows (L = 1)", 13, "(13.C)",
         [&](const record_copy& c) {
             c.edit(kDecryption, [&](json& j) {
                 for (auto& x : j["contests"][0]["selections"]) x["tally"] = 1;
             });
         }},
        {"a decryption response not below q", 12, "(12.A)",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { sel0(j)["proof"]["response"] = std::string(64, 'F'); }); }},
        {"a manifest option missing from a decrypted contest", 13, "(13.F)",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { j["contests"][0]["selections"].erase(0); }); }},
        {"a contest decrypted twice", 13, "the contest appears twice",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { j["contests"].push_back(j["contests"][0]); }); }},
        {"an encryption other than the ballot's (another ballot's alpha, beta)", 12, "not the challenged ballot's encryption",
         [&](const record_copy& c) {
             json other;
             {
                 std::ifstream in(c.dir / kBallot2);
                 other = json::parse(in);
             }
             c.edit(kDecryption, [&](json& j) { sel0(j)["encrypted_vote"] = other["contests"][0]["selections"][0]["encrypted_vote"]; });
         }},
        {"a selection left out", 12, "is not decrypted",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { j["contests"][0]["selections"].erase(0); }); }},
        {"a selection not in the manifest", 13, "(13.E)",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { sel0(j)["selection_id"] = "write-in-x"; }); }},
        {"a contest not in the manifest", 13, "(13.D)",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { j["contests"][0]["contest_id"] = "contest-x"; }); }},
        {"no decryption of the challenged ballot", 12, "has no decryption",
         [&](const record_copy& c) { fs::remove(c.dir / kDecryption); }},
        {"a decryption of a cast ballot (a vote revealed)", 12, "not challenged",
         [&](const record_copy& c) {
             c.edit(kDecryption, [&](json& j) { j["id"] = "id-2"; });
         }},
        {"a decryption of no ballot of the record", 12, "no encrypted ballot of the record has this id",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { j["id"] = "id-nobody"; }); }},
        {"two decryptions of one ballot", 12, "decrypted twice",
         [&](const record_copy& c) {
             fs::copy_file(c.dir / kDecryption, c.dir / "challenged_ballots" / "dballot-again.json");
         }},
        {"the election id of the decryption", 12, "election_id is not H_E",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { j["election_id"] = flip_hex(j["election_id"].get<std::string>(), 0); }); }},
        {"contest data: beta altered", 14, "(14.B)",
         [&](const record_copy& c) {
             c.edit(kDecryption, [&](json& j) {
                 auto& b = j["contests"][0]["decrypted_contest_data"]["beta"];
                 b = hx(E(b) + E(b));
             });
         }},
        {"contest data: the response altered", 14, "(14.B)",
         [&](const record_copy& c) {
             c.edit(kDecryption, [&](json& j) {
                 auto& v = j["contests"][0]["decrypted_contest_data"]["proof"]["response"];
                 v = flip_hex(v.get<std::string>(), 5);
             });
         }},
        {"contest data: a ciphertext other than the ballot's", 14, "not the challenged ballot's",
         [&](const record_copy& c) {
             c.edit(kDecryption, [&](json& j) {
                 auto& c2 = j["contests"][0]["decrypted_contest_data"]["encrypted_contest_data"]["c2"];
                 c2 = flip_hex(c2.get<std::string>(), 1);
             });
         }},
        {"contest data: a response not below q", 14, "(14.A)",
         [&](const record_copy& c) {
             c.edit(kDecryption, [&](json& j) {
                 j["contests"][0]["decrypted_contest_data"]["proof"]["response"] = std::string(64, 'F');
             });
         }},
        {"contest data: not decrypted", 14, "contest data is not decrypted",
         [&](const record_copy& c) { c.edit(kDecryption, [&](json& j) { j["contests"][0].erase("decrypted_contest_data"); }); }},
        {"a second encrypted ballot with the challenged ballot's id", 12, "several encrypted ballots have this id",
         [&](const record_copy& c) {
             fs::copy_file(c.dir / kChallengedBallot, c.dir / kChallengedBallot.parent_path() / "eballot-id-challenged-again.json");
         }},
        {"a challenged ballot whose encryption does not decode", 12, "its encryption does not decode",
         [&](const record_copy& c) {
             c.edit(kChallengedBallot, [&](json& j) { sel0(j)["encrypted_vote"]["pad"] = "00"; });
         }},
        {"a ballot neither cast nor challenged", 8, "neither cast nor challenged",
         [&](const record_copy& c) { c.edit(kBallot2, [&](json& j) { j["state"] = "UNKNOWN"; }); }},
    };
    for (const auto& t : cases) {
        DYNAMIC_SECTION(t.what) {
            record_copy c(src);
            add_challenged(c, files, false);
            t.edit(c);
            auto r = verify_ok_format(c.dir);
            INFO(eg::format_report(r));
            CHECK(r.step(t.step).outcome == eg::step_outcome::failed);
            CHECK_THAT(failures_of(r.step(t.step)), Catch::Contains(t.message));
            for (int n : {1, 2, 3, 4}) CHECK(r.step(n).outcome == eg::step_outcome::ok);
        }
    }
    SECTION("a malformed decryption file is a format error") {
        record_copy c(src);
        add_challenged(c, files, false);
        std::ofstream(c.dir / kDecryption, std::ios::trunc) << "{\"id\": ";
        CHECK(eg::verify_record(c.dir).err().code == errc::bad_input);
        std::ofstream(c.dir / kDecryption, std::ios::trunc) << "{\"contests\": []}";
        auto r = eg::verify_record(c.dir);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.err().message, Catch::Contains("\"id\""));
    }
}

TEST_CASE("EG record: progress and the JSON report", "[electionguard][record]") {
    const auto src = record_dir();
    if (src.empty()) {
        WARN("SKIPPED: ElectionGuard record allAvailableJson not found");
        return;
    }
    record_copy c(src);
    c.slim({kBallot1, kBallot2});
    std::vector<std::pair<std::string, double>> seen;
    eg::verify_options o;
    o.threads = 2;
    o.progress = [&](std::string_view stage, double f) { seen.emplace_back(std::string(stage), f); };  // one call at a time
    auto r = eg::verify_record(c.dir, o);
    REQUIRE(r.ok());
    REQUIRE(seen.size() == 2);  // one call per ballot
    CHECK(seen[0] == std::pair<std::string, double>("ballots", 0.5));
    CHECK(seen[1] == std::pair<std::string, double>("ballots", 1.0));
    auto outcome = [](eg::step_outcome x) {
        return x == eg::step_outcome::ok ? "ok" : x == eg::step_outcome::failed ? "failed" : "not checked";
    };
    auto same = [&](const eg::record_report& rep) {
        const json j = eg::report_json(rep);
        CHECK(j["format"] == "electionguard-2.0");
        CHECK(j["passed"] == !rep.any_failed());
        REQUIRE(j["steps"].size() == 18);
        for (std::size_t i = 0; i < 18; ++i) {
            const auto& s = rep.steps[i];
            CHECK(j["steps"][i]["number"] == s.number);
            CHECK(j["steps"][i]["title"] == s.title);
            CHECK(j["steps"][i]["detail"] == s.detail);
            CHECK(j["steps"][i]["outcome"] == outcome(s.outcome));
            CHECK(j["steps"][i]["failures"] == json(s.failures));
        }
        return j;
    };
    CHECK(same(*r)["passed"] == true);
    // a failed step: its outcome and failures
    c.edit("election_initialized.json", [](json& j) {
        j["guardians"][1]["coefficient_proofs"][1]["public_key"] = eg::upper_hex(eg::group::g_bytes());
    });
    auto bad = eg::verify_record(c.dir);
    REQUIRE(bad.ok());
    const json jb = same(*bad);
    CHECK(jb["passed"] == false);
    CHECK(jb["steps"][1]["outcome"] == "failed");
    CHECK_FALSE(jb["steps"][1]["failures"].empty());
}

TEST_CASE("EG record: a voter's receipt for a confirmation code", "[electionguard][record]") {
    const auto src = record_dir();
    if (src.empty() || !fs::exists(src / "private_data" / "trustees")) {
        WARN("SKIPPED: ElectionGuard record allAvailableJson (with private_data) not found");
        return;
    }
    auto code_of = [](const fs::path& file) {
        std::ifstream in(file);
        return json::parse(in)["confirmation_code"].get<std::string>();
    };
    const std::string code1 = code_of(src / kBallot1);
    SECTION("a cast ballot: found, it verifies; by a prefix, in lower case, with dashes") {
        record_copy c(src);
        c.slim({kBallot1, kBallot2});
        auto r = eg::lookup_receipt(c.dir, code1);
        REQUIRE(r.ok());
        CHECK(r->found);
        CHECK(r->code == code1);
        CHECK(r->ballot_id == "id-1");
        CHECK(r->state == "CAST");
        CHECK(r->file == kBallot1);
        CHECK_FALSE(r->challenged);
        CHECK(r->failures.empty());
        CHECK_THAT(r->text(), Catch::Contains("it verifies") && Catch::Contains("cast: it counts in the tally"));
        std::string prefix;
        for (std::size_t i = 0; i < 12; ++i) {
            prefix += static_cast<char>(std::tolower(static_cast<unsigned char>(code1[i])));
            if (i % 4 == 3) prefix += '-';
        }
        auto p = eg::lookup_receipt(c.dir, prefix);
        REQUIRE(p.ok());
        CHECK(p->ballot_id == "id-1");
    }
    SECTION("not found, malformed, ambiguous") {
        record_copy c(src);
        c.slim({kBallot1, kBallot2});
        auto none = eg::lookup_receipt(c.dir, std::string(64, '0'));
        REQUIRE(none.ok());
        CHECK_FALSE(none->found);
        CHECK_THAT(none->text(), Catch::Contains("no ballot of the record"));
        CHECK(eg::lookup_receipt(c.dir, "XYZ12345").err().code == errc::bad_input);
        CHECK(eg::lookup_receipt(c.dir, code1.substr(0, 7)).err().code == errc::bad_input);
        CHECK(eg::lookup_receipt(c.dir, code1 + "00").err().code == errc::bad_input);
        CHECK(eg::lookup_receipt(c.dir / "nothing-here", code1).err().code == errc::io);
        c.edit(kBallot2, [&](json& j) { j["confirmation_code"] = code1.substr(0, 10) + j["confirmation_code"].get<std::string>().substr(10); });
        auto amb = eg::lookup_receipt(c.dir, code1.substr(0, 10));
        REQUIRE_FALSE(amb.ok());
        CHECK_THAT(amb.err().message, Catch::Contains("2 ballots"));
        // the full code still names one ballot; ballot 2, whose code no longer matches it, does not verify
        CHECK(eg::lookup_receipt(c.dir, code1)->ballot_id == "id-1");
        auto b2 = eg::lookup_receipt(c.dir, code1.substr(0, 10) + code_of(src / kBallot2).substr(10));
        REQUIRE(b2.ok());
        CHECK(b2->ballot_id == "id-2");
        REQUIRE_FALSE(b2->failures.empty());
        CHECK_THAT(b2->failures[0], Catch::Contains("Verification 7") && Catch::Contains("(7.B)"));
    }
    SECTION("a cast ballot with a proof altered: found, does not verify") {
        record_copy c(src);
        c.slim({kBallot1});
        c.edit(kBallot1, [](json& j) {
            auto& v = j["contests"][0]["selections"][0]["proof"]["proofs"][0]["response"];
            v = flip_hex(v.get<std::string>(), 10);
        });
        auto r = eg::lookup_receipt(c.dir, code1);
        REQUIRE(r.ok());
        CHECK(r->found);
        REQUIRE_FALSE(r->failures.empty());
        CHECK_THAT(r->failures[0], Catch::Contains("Verification 5"));
        CHECK_THAT(r->text(), Catch::Contains("does NOT verify"));
    }
    static const challenged_files files = make_challenged(src, kBallot1, "id-challenged", 2);
    const std::string code_c = files.ballot["confirmation_code"].get<std::string>();
    SECTION("a challenged ballot: its decryption verifies and is listed") {
        record_copy c(src);
        add_challenged(c, files, false);
        auto r = eg::lookup_receipt(c.dir, code_c);
        REQUIRE(r.ok());
        CHECK(r->found);
        CHECK(r->challenged);
        CHECK(r->state == "SPOILED");
        INFO(r->text());
        CHECK(r->failures.empty());
        CHECK(r->decryption == kDecryption);
        REQUIRE(r->decrypted.size() == 10);
        std::size_t k = 0;
        for (const auto& ct : files.decryption["contests"])
            for (const auto& sel : ct["selections"]) {
                CHECK(r->decrypted[k].contest == ct["contest_id"].get<std::string>());
                CHECK(r->decrypted[k].option == sel["selection_id"].get<std::string>());
                CHECK(r->decrypted[k].value == sel["tally"].get<std::int64_t>());
                ++k;
            }
        CHECK_THAT(r->text(), Catch::Contains("challenged: not counted; decrypted in"));
    }
    SECTION("a challenged ballot whose decryption is altered, or missing") {
        record_copy c(src);
        add_challenged(c, files, false);
        c.edit(kDecryption, [](json& j) {
            auto& t = j["contests"][0]["selections"][0]["tally"];
            t = 1 - t.get<int>();
        });
        auto r = eg::lookup_receipt(c.dir, code_c);
        REQUIRE(r.ok());
        REQUIRE_FALSE(r->failures.empty());
        CHECK_THAT(r->failures[0], Catch::Contains("Verification 13") && Catch::Contains("(13.A)"));
        fs::remove(c.dir / kDecryption);
        auto m = eg::lookup_receipt(c.dir, code_c);
        REQUIRE(m.ok());
        REQUIRE(m->failures.size() == 1);
        CHECK_THAT(m->failures[0], Catch::Contains("has no decryption"));
        CHECK_THAT(m->text(), Catch::Contains("no decryption of it"));
    }
}
