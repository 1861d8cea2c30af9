// Unit tests for the counting engine: readers, arithmetic, tie-breaks, IRV,
// Meek, ERS97 and the invariants every transcript must satisfy.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "scrutineer/count/io.hpp"

using namespace scrutineer;
using namespace scrutineer::count;

namespace {

contest blt(const std::string& text) {
    auto c = parse_blt(text, "t.blt");
    INFO(text);
    if (!c) FAIL(c.err().message);
    return *c;
}

/// Every stage: the candidates' votes, the exhausted papers and the rounding
/// losses add up to the valid votes, exactly.
void check_conservation(const count_result& r) {
    const amount total = static_cast<amount>(r.valid_votes) * pow10(r.decimals);
    for (const auto& s : r.stages) {
        amount sum = s.nontransferable_total + s.rounding_total;
        for (auto v : s.votes) sum += v;
        INFO("stage " << s.number);
        CHECK(sum == total);
    }
}

}  // namespace

// ------------------------------------------------------------------ readers

TEST_CASE("blt: Glasgow-style file with CRLF, party strings, comments and withdrawn line", "[count]") {
    auto c = blt("# a comment\r\n4 2\r\n-3\r\n2 1 2 0\r\n1 4 3 0  # trailing comment\r\n3 2 0\r\n0\r\n"
                 "\"Le\xC3\x83\xC2\xB3" "dhas\" \"Party, One\"\r\n\"B\" \"\"\r\n\"C\"\r\nUnquoted   Name  \r\n\"Title\"\r\n");
    REQUIRE(c.candidates.size() == 4);
    CHECK(c.seats == 2);
    CHECK(c.candidates[0].name == "Le\xC3\x83\xC2\xB3" "dhas");
    CHECK(c.candidates[0].party == "Party, One");
    CHECK(c.candidates[1].party.empty());
    CHECK(c.candidates[2].withdrawn);
    CHECK(c.candidates[3].name == "Unquoted   Name");
    CHECK(c.title == "Title");
    CHECK(c.ballots.total_weight() == 6);
}

TEST_CASE("blt: McCune-style doubled quotes, BOM, nicknames and (withdrawn)", "[count]") {
    auto c = blt("\xEF\xBB\xBF" "2 1\n[nick a b]\n[withdrawn b]\n3 a b 0\n0\n\"Stephen CURRAN \"\"Glasgow Labour\"\"\"\n\"B\"\n\"T\"\n");
    CHECK(c.candidates[0].name == "Stephen CURRAN \"Glasgow Labour\"");
    CHECK(c.candidates[1].withdrawn);
}

TEST_CASE("blt: malformed input names file, line and problem", "[count]") {
    struct bad {
        const char* text;
        const char* message;
    };
    const bad cases[] = {
        {"", "t.blt:1: empty file"},
        {"x 2\n", "t.blt:1: expected the number of candidates"},
        {"3\n", "t.blt:1: expected the number of seats"},
        {"3 4\n", "t.blt:1: expected the number of seats (1..3)"},
        {"3 1 7\n", "t.blt:1: unexpected '7' after the header"},
        {"3 1\n1 1 2\n0\n", "t.blt:2: ballot line does not end with '0'"},
        {"3 1\n1 1 4 0\n0\n", "t.blt:2: preference '4' is not a candidate number 1..3"},
        {"3 1\n1 1 0 0\n0\n", "t.blt:2: unexpected '0' after the ballot's terminating 0"},
        {"3 1\n1 1 2 1 0\n0\n", "t.blt:2: candidate '1' appears twice"},
        {"3 1\n-1 1 0\n0\n", "t.blt:2: withdrawn candidate '1' out of range"},
        {"3 1\n1 1 0\n-2 1 0\n0\n", "t.blt:3: ballot weight must be positive, got '-2'"},
        {"3 1\n-2 x\n0\n", "t.blt:2: expected a negative candidate number, got 'x'"},
        {"3 1\n2 1 0\n1 2=3 0\n0\n", "t.blt:3: equal rankings"},
        {"3 1\n2 1 - 2 0\n0\n", "t.blt:2: skipped rank"},
        {"3 1\n2 1 0\n", "t.blt:3: end of file before the '0' that ends the ballots"},
        {"3 1\n2 1 0\n0\n\"A\"\n\"B\"\n", "t.blt:6: end of file after 2 of 3 candidate names"},
        {"3 1\n2 1 0\n0\n\"A\"\n\"B\n\"C\"\n", "t.blt:5: unterminated quoted string"},
        {"3 1\n2 1 0\n0\n\"A\" \"P\" \"X\"\n", "t.blt:4: more than two quoted strings"},
        {"2 1\n2 1 0\n0\n\"A\"\n\"B\"\n\"T\"\nextra\n", "t.blt:7: unexpected 'extra' after the title"},
        {"2 1\n99999999999999 1 0\n0\n\"A\"\n\"B\"\n", "t.blt:2: ballot weight '99999999999999' is too large"},
        {"2 1\n1 1 0\n0\n\"\"\n\"B\"\n", "t.blt:4: empty candidate name"},
        {"2 1\n[bogus]\n1 1 0\n0\n", "t.blt:2: unknown option"},
        {"2 1\n0\n\"A\"\n\"B\"\n", "t.blt:2: the file has no ballots"},
    };
    for (const auto& b : cases) {
        INFO(b.text);
        auto r = parse_blt(b.text, "t.blt");
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::bad_input);
        CHECK_THAT(r.err().message, Catch::Matchers::StartsWith(b.message));
    }
}

TEST_CASE("blt: truncated and corrupted inputs never crash", "[count]") {
    const std::string good = "4 2\r\n-3\r\n2 1 2 0\r\n1 4 3 0\r\n3 2 0\r\n0\r\n\"A\" \"P\"\r\n\"B\"\r\n\"C\"\r\n\"D\"\r\n\"T\"\r\n";
    for (std::size_t n = 0; n <= good.size(); ++n) (void)parse_blt(good.substr(0, n), "t.blt");
    for (std::size_t i = 0; i < good.size(); ++i)
        for (char ch : {'"', '0', '-', '9', '#', '\n', 'x', '\0'}) {
            std::string s = good;
            s[i] = ch;
            auto r = parse_blt(s, "t.blt");
            if (r.ok()) {
                auto k = run_count(*r, scottish_stv());
                CHECK((k.ok() || k.err().code != errc::internal));
            }
        }
}

TEST_CASE("preflib: soi and toi", "[count]") {
    const char* soi =
        "# FILE NAME: x.soi\n# TITLE: Test\n# DATA TYPE: soi\n# NUMBER ALTERNATIVES: 3\n"
        "# ALTERNATIVE NAME 1: Ann\n# ALTERNATIVE NAME 2: Bob\n# ALTERNATIVE NAME 3: Cy\n"
        "# NUMBER VOTERS: 9\n# NUMBER UNIQUE ORDERS: 3\n4: 1, 2\n3: 2\n2: 3, {1, 2}\n";
    auto c = parse_preflib(soi, 1, "x.soi");
    REQUIRE(c.ok());
    CHECK(c->title == "Test");
    CHECK(c->candidates[1].name == "Bob");
    CHECK(c->ballots.total_weight() == 9);
    auto r = run_count(*c, irv());
    REQUIRE(r.ok());
    REQUIRE(r->elected.size() == 1);
    CHECK(r->elected[0] == 0);  // Cy out, its papers stop at the tie class; Ann 4 vs Bob 3

    auto bad = parse_preflib("# NUMBER ALTERNATIVES: 2\n3: 1, 5\n", 1, "y.toi");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.err().message, Catch::Matchers::StartsWith("y.toi:2: alternative '5'"));
    auto bad2 = parse_preflib("1: 1\n", 1, "z.soi");
    REQUIRE_FALSE(bad2.ok());
    CHECK_THAT(bad2.err().message, Catch::Matchers::StartsWith("z.soi:1: data line before"));
    auto bad3 = parse_preflib("# NUMBER ALTERNATIVES: 2\n3: {1, 2\n", 1, "w.soi");
    REQUIRE_FALSE(bad3.ok());
    CHECK_THAT(bad3.err().message, Catch::Matchers::StartsWith("w.soi:2: '{' without"));
}

TEST_CASE("in-memory API: decrypted rankings with weights", "[count]") {
    std::vector<weighted_ranking> b{{{0, 1}, 4}, {{1}, 3}, {{2, 1}, 2}};
    auto c = make_contest({{"A", "", false}, {"B", "", false}, {"C", "", false}}, 1, b, "memo");
    REQUIRE(c.ok());
    auto r = run_count(*c, irv());
    REQUIRE(r.ok());
    CHECK(r->elected == std::vector<candidate_id>{1});  // B 3 + 2 from C beats A 4
    std::vector<weighted_ranking> dup{{{0, 0}, 1}};
    auto bad = make_contest({{"A", "", false}}, 1, dup);
    REQUIRE_FALSE(bad.ok());
    std::vector<weighted_ranking> oob{{{7}, 1}};
    CHECK_FALSE(make_contest({{"A", "", false}}, 1, oob).ok());
}

// ------------------------------------------------------------------ arithmetic

TEST_CASE("fixed: exact multiply-divide, rounding directions and overflow", "[count]") {
    CHECK(mul_div_floor(18200000, 100000, 207400000) == 8775);
    CHECK(mul_div_ceil(1, 1, 3) == 1);
    CHECK(mul_div_floor(1, 1, 3) == 0);
    CHECK(mul_div_ceil(6, 1, 3) == 2);
    const amount big = 4'000'000'000'000'000'000;  // 4e18: the product needs 125 bits
    CHECK(mul_div_floor(big, big, big) == big);
    CHECK(mul_div_floor(big, 3, 4) == 3'000'000'000'000'000'000);
    CHECK_THROWS_AS(mul_div_floor(big, 3, 1), arithmetic_overflow);
    CHECK_THROWS_AS(mul_div_floor(1, 1, 0), arithmetic_overflow);
    CHECK_THROWS_AS(checked_add(INT64_MAX, 1), arithmetic_overflow);
    CHECK(format_fixed(12345, 2) == "123.45");
    CHECK(format_fixed(-5, 3) == "-0.005");
    CHECK(format_fixed(7, 0) == "7");
    CHECK(format_fixed(0, 5) == "0.00000");
    CHECK(format_fixed(INT64_MIN, 0) == "-9223372036854775808");
    CHECK_THROWS_AS(pow10(19), arithmetic_overflow);
}

TEST_CASE("count: totals too large for 64 bits are an error, not a wrap", "[count]") {
    contest c;
    c.candidates = {{"A", "", false}, {"B", "", false}};
    c.seats = 1;
    c.ballots.add({0}, std::uint64_t{1} << 40);
    c.ballots.add({1}, 1);
    rules r = scottish_stv();
    r.decimals = 12;  // 2^40 papers x 10^12 units overflows
    auto k = run_count(c, r);
    REQUIRE_FALSE(k.ok());
    CHECK(k.err().code == errc::out_of_range);
}

TEST_CASE("scottish-stv: transfer values truncate per paper value, rounding loss reported", "[count]") {
    // A has 7 papers, quota 4 (V=10, S=2): surplus 3 moves at 3/7 = 0.42857 each.
    auto c = blt("3 2\n7 1 2 0\n2 2 0\n1 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n");
    auto r = run_count(c, scottish_stv());
    REQUIRE(r.ok());
    const auto& s2 = r->stages.at(1);
    CHECK(s2.action == stage_action::surplus);
    CHECK(s2.transferred[1] == 7 * 42857);
    CHECK(s2.rounding == 300000 - 7 * 42857);
    CHECK(s2.votes[0] == 400000);
    check_conservation(*r);
}

// ------------------------------------------------------------------ ties

TEST_CASE("lot: the draw is reproducible from the seed and uniform", "[count]") {
    const std::vector<std::uint8_t> seed{0xde, 0xad, 0xbe, 0xef};
    const std::vector<candidate_id> ids{2, 5, 9};
    // known answers, cross-checked with an independent Python implementation
    // of the definition in docs/count.md (hashlib.sha256)
    CHECK(lot_draw(seed, 0, ids) == lot_draw(seed, 0, ids));
    const std::uint32_t kat0 = lot_draw(seed, 0, ids), kat1 = lot_draw(seed, 1, ids);
    CHECK(kat0 == 0);
    CHECK(kat1 == 2);
    CHECK(lot_draw({}, 0, std::vector<candidate_id>{4}) == 0);
    int hist[3] = {0, 0, 0};
    for (std::uint64_t i = 0; i < 3000; ++i) ++hist[lot_draw(seed, i, ids)];
    for (int h : hist) CHECK((h > 850 && h < 1150));
}

TEST_CASE("ties: backward history decides before lot (Droop weak-defeat)", "[count]") {
    auto c = blt("5 2\n1 1 2 0\n2 2 0\n3 3 0\n4 4 0\n5 5 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"E\"\n\"t\"\n");
    auto r = run_count(c, scottish_stv());
    REQUIRE(r.ok());
    REQUIRE(r->stages.size() >= 3);
    REQUIRE(r->stages[2].ties.size() == 1);
    CHECK(r->stages[2].ties[0].chosen == 1);  // B had 2 at stage 1, C had 3
    CHECK(r->stages[2].ties[0].how == "backward to stage 1");
    CHECK(r->lots_drawn == 0);
    CHECK(std::set<candidate_id>(r->elected.begin(), r->elected.end()) == std::set<candidate_id>{3, 4});
}

TEST_CASE("ties: a lot is recorded and reproducible from the seed", "[count]") {
    // four candidates level throughout; two seats; everyone else exhausts
    auto c = blt("4 2\n3 1 0\n3 2 0\n3 3 0\n3 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"t\"\n");
    std::set<std::vector<candidate_id>> outcomes;
    for (std::uint8_t s = 0; s < 16; ++s) {
        std::vector<std::uint8_t> seed{s};
        auto r1 = run_count(c, scottish_stv(), seed);
        auto r2 = run_count(c, scottish_stv(), seed);
        REQUIRE(r1.ok());
        REQUIRE(r2.ok());
        CHECK(transcript_json(*r1) == transcript_json(*r2));
        CHECK(r1->lots_drawn >= 1);
        CHECK(r1->stages[1].ties.at(0).draw == 0);
        outcomes.insert(r1->elected);
        check_conservation(*r1);
    }
    CHECK(outcomes.size() > 1);  // the seed really decides
}

// ------------------------------------------------------------------ IRV

TEST_CASE("irv: majority of continuing votes, exhausted papers leave the count", "[count]") {
    // A 8, B 7, C 4 (C -> B 1, rest exhaust), D 2 (D -> C)
    auto c = blt("4 1\n8 1 0\n7 2 0\n1 3 2 0\n3 3 0\n2 4 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"t\"\n");
    auto r = run_count(c, irv());
    REQUIRE(r.ok());
    // D out: C 6; C out: B 8 + 0, 5 exhaust -> A 8, B 8 of 16 continuing: no majority,
    // then the backward tie-break
    REQUIRE(r->elected.size() == 1);
    check_conservation(*r);
    CHECK(r->stages[0].quota == 11);  // 21 votes: majority is 11
    auto two = run_count(c, [] {
        auto x = irv();
        return x;
    }());
    REQUIRE(two.ok());
    CHECK(two->elected == r->elected);
    contest c2 = c;
    c2.seats = 2;
    auto bad = run_count(c2, irv());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().code == errc::bad_input);
}

TEST_CASE("irv: simple runoff", "[count]") {
    auto c = blt("3 1\n4 1 0\n3 2 0\n2 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n");
    auto r = run_count(c, irv());
    REQUIRE(r.ok());
    CHECK(r->elected == std::vector<candidate_id>{1});
    CHECK(r->stages.size() == 2);
    CHECK(r->stages[1].votes[1] == 5);
}

// ------------------------------------------------------------------ Meek

TEST_CASE("meek: small crafted case converges with exact conservation", "[count]") {
    auto c = blt("3 2\n5 1 2 0\n3 2 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n");
    for (const auto& rules : {meek_nz(), meek_prf()}) {
        auto r = run_count(c, rules);
        REQUIRE(r.ok());
        CHECK(r->elected == std::vector<candidate_id>{0, 1});
        CHECK(r->stages[0].quota == 3'333'333'334);  // 10/3 truncated + 10^-9
        for (const auto& s : r->stages) {
            amount sum = s.nontransferable_total;
            for (auto v : s.votes) sum += v;
            CHECK(sum == 10'000'000'000);
        }
        // A keeps about 2/3 of each paper; kept votes are rounded up
        const auto& last = r->stages.back();
        CHECK(last.keep_factors[0] >= 666'666'667);
        CHECK(last.keep_factors[0] < 670'000'000);
    }
}

TEST_CASE("meek: weights whose votes overflow 64 bits are an error, not a crash", "[count][negative]") {
    // Found by the blt fuzz target (tests/fuzz/corpus/blt/meek-weight-overflow):
    // a weight of 3·10^11 times Meek's 10^9 units overflowed the vote totals,
    // which went negative and sent the election of the next candidate past the
    // end of an empty list.
    const std::string big = "4 2\n3 1 2 0\n299999999999 2 1 3 0\n1 3 0\n2 4 1 0\n0\nA\nB\nC\nD\n";
    for (const auto& r : {meek_nz(), meek_prf()}) {
        auto k = run_count(blt(big), r);
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == errc::out_of_range);
        CHECK(k.err().message.find("overflow") != std::string::npos);
    }
    // the same shape with a weight that fits counts
    auto k = run_count(blt("4 2\n3 1 2 0\n2999 2 1 3 0\n1 3 0\n2 4 1 0\n0\nA\nB\nC\nD\n"), meek_nz());
    REQUIRE(k.ok());
    check_conservation(*k);
}

TEST_CASE("meek: invalid papers are left out of the count, not non-transferable", "[count]") {
    // C withdrawn: the 2 papers for C alone are invalid, and the empty paper
    // too. Every stage must satisfy votes + non-transferable = valid votes,
    // as in the parcel engines (the Meek engine once counted invalid papers
    // as non-transferable from stage 1 on).
    auto c = blt("3 1\n-3\n4 1 0\n3 2 0\n2 3 0\n1 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n");
    for (const auto& rules : {meek_nz(), meek_prf()}) {
        auto r = run_count(c, rules);
        REQUIRE(r.ok());
        CHECK(r->invalid_papers == 3);
        CHECK(r->valid_votes == 7);
        CHECK(r->stages[0].nontransferable_total == 0);
        for (const auto& s : r->stages) {
            amount held = 0;
            for (auto v : s.votes) held += v;
            CHECK(held + s.nontransferable_total == 7 * amount{1'000'000'000});
        }
    }
}

TEST_CASE("meek: excluded candidates are skipped as if they never stood", "[count]") {
    // C is excluded; its papers go to B at full value.
    auto c = blt("3 1\n4 1 0\n3 2 0\n2 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n");
    auto r = run_count(c, meek_nz());
    REQUIRE(r.ok());
    CHECK(r->elected == std::vector<candidate_id>{1});
    CHECK(r->stages.back().votes[1] == 5'000'000'000);
}

// ------------------------------------------------------------------ ERS97 and WIGM

TEST_CASE("ers97: quota to 2 places, last-parcel surplus, bulk exclusion", "[count]") {
    // 10 votes, 2 seats: quota 3.34 (10/3 = 3.333.. -> 3.33 + 0.01)
    auto c = blt("5 2\n6 1 2 0\n1 2 0\n1 3 2 0\n1 4 2 0\n1 5 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"E\"\n\"t\"\n");
    auto r = run_count(c, ers97());
    REQUIRE(r.ok());
    CHECK(r->stages[0].quota == 334);
    CHECK(r->elected.size() == 2);
    CHECK(r->elected[0] == 0);
    check_conservation(*r);
    // A's surplus 2.66 over 6 transferable papers: 0.44 each
    bool saw_surplus = false;
    for (const auto& s : r->stages)
        if (s.action == stage_action::surplus) {
            saw_surplus = true;
            CHECK(s.transferred[1] == 6 * 44);
        }
    CHECK(saw_surplus);
}

TEST_CASE("ers97: election on the total active vote / (vacancies + 1) below the quota (5.1.7(b), 5.3.13(b), 5.4.9(b))",
          "[count]") {
    // 132 votes, 3 seats: quota 33.00. A's surplus of 17 has no next
    // preference and becomes non-transferable, so the total active vote falls
    // to 132 - 33 - 17 = 82 and the threshold for 2 places to 82/3 = 27.34:
    // B (28) is deemed elected after stage 2. At stage 3 E is excluded and
    // its papers pass over B to D: D has 29 against 54/2 = 27 and is elected.
    // Without rule (b), E's papers reach B at full value, B's surplus of 9
    // brings D only to 23.96, D is excluded below C (25), and C wins.
    const std::string text = "5 3\n50 1 0\n28 2 0\n25 3 0\n15 4 0\n14 5 2 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"E\"\n\"t\"\n";
    auto r = run_count(blt(text), ers97());
    REQUIRE(r.ok());
    CHECK(r->stages[0].quota == 3300);
    CHECK(r->elected == std::vector<candidate_id>{0, 1, 3});
    REQUIRE(r->stages.size() == 3);
    CHECK(r->stages[0].elected == std::vector<candidate_id>{0});
    CHECK(r->stages[1].action == stage_action::surplus);
    CHECK(r->stages[1].elected == std::vector<candidate_id>{1});
    CHECK(r->stages[1].votes[1] == 2800);
    CHECK(r->stages[1].nontransferable_total == 1700);
    CHECK(r->stages[1].note.find("ERS97 5.1.7(b)") != std::string::npos);
    CHECK(r->stages[2].action == stage_action::exclusion);
    CHECK(r->stages[2].subjects == std::vector<candidate_id>{4});
    CHECK(r->stages[2].votes[3] == 2900);  // E's papers skip the elected B
    CHECK(r->stages[2].elected == std::vector<candidate_id>{3});
    check_conservation(*r);

    rules without = ers97();
    without.elect_on_active_vote = false;
    auto w = run_count(blt(text), without);
    REQUIRE(w.ok());
    CHECK(w->elected == std::vector<candidate_id>{0, 1, 2});
    for (const auto& s : w->stages) CHECK(s.note.find("5.1.7(b)") == std::string::npos);
    check_conservation(*w);

    // The threshold is 28.00 exactly when B has 28 and the rest 56 (2·28 = 56):
    // "equals or exceeds" elects; one vote less for B does not.
    auto exact = run_count(blt("5 3\n50 1 0\n28 2 0\n25 3 0\n16 4 0\n15 5 2 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"E\"\n\"t\"\n"), ers97());
    REQUIRE(exact.ok());
    REQUIRE(exact->stages.size() >= 2);
    CHECK(exact->stages[1].elected == std::vector<candidate_id>{1});
    auto below = run_count(blt("5 3\n50 1 0\n27 2 0\n25 3 0\n16 4 0\n15 5 2 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"E\"\n\"t\"\n"), ers97());
    REQUIRE(below.ok());
    REQUIRE(below->stages.size() >= 2);
    CHECK(below->stages[1].elected.empty());

    // Nobody is elected on the active vote with no votes: A's surplus
    // exhausts, the active vote is 0, and B, C, D (no votes) are left to the
    // exclusions and the last-vacancy rule.
    auto none = run_count(blt("4 2\n10 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"t\"\n"), ers97());
    REQUIRE(none.ok());
    CHECK(none->elected.size() == 2);
    for (const auto& s : none->stages) CHECK(s.note.find("5.1.7(b)") == std::string::npos);
}

TEST_CASE("ers97: more candidates at an exact quota than places, equal at every stage, wait (5.6.2)", "[count]") {
    // 30 votes, 2 seats: quota exactly 10.00, and A, B, C all have it at stage
    // 1. (The tie for election order once read stage 1's votes before they
    // were recorded: out of bounds, a crash on the CLI.) Equal at every stage
    // and not places for all: none is deemed elected at stage 1 (ERS97
    // 5.6.2). Stage 2 excludes one of them (the exclusion tie, forward, then
    // lot); its papers exhaust, the quota falls to 20/3 (5.4.8), and the
    // other two are elected.
    auto c = blt("3 2\n10 1 0\n10 2 0\n10 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n");
    const std::vector<std::uint8_t> seed{7};
    auto r = run_count(c, ers97(), seed);
    REQUIRE(r.ok());
    CHECK(r->stages[0].quota == 1000);
    CHECK(r->stages[0].elected.empty());
    CHECK(r->stages[0].ties.empty());
    CHECK(r->stages[0].note ==
          "equal votes at every stage and not places for all: none of them deemed elected at this stage (ERS97 5.6.2)");
    REQUIRE(r->stages.size() == 2);
    const auto& s2 = r->stages[1];
    CHECK(s2.action == stage_action::exclusion);
    REQUIRE(s2.ties.size() == 1);
    CHECK(s2.ties[0].purpose == "exclusion");
    CHECK(s2.ties[0].tied == std::vector<candidate_id>{0, 1, 2});
    CHECK(s2.ties[0].how == "lot");
    REQUIRE(s2.subjects.size() == 1);
    CHECK(s2.subjects[0] == s2.ties[0].chosen);
    CHECK(s2.quota == 667);
    REQUIRE(r->elected.size() == 2);
    for (auto e : r->elected) CHECK(e != s2.subjects[0]);
    CHECK(s2.elected == r->elected);
    // the same count again gives the same winners (the draw is seeded)
    auto again = run_count(c, ers97(), seed);
    REQUIRE(again.ok());
    CHECK(again->elected == r->elected);
    check_conservation(*r);
    // without 5.6.2 the tie for election order goes to the lot at stage 1
    auto lot_rules = ers97();
    lot_rules.tied_wait_for_places = false;
    auto l = run_count(c, lot_rules, seed);
    REQUIRE(l.ok());
    REQUIRE(l->stages[0].elected.size() == 2);
    CHECK(l->stages[0].ties[0].how == "lot");
}

TEST_CASE("ers97: a 5.6.2 wait below the quota is not noted as an election below the quota", "[count]") {
    // 2 seats, 40 votes, quota 13.34: A 20 (papers "A" only), B 10, C 10. A
    // is elected at stage 1; its surplus (6.66) is all non-transferable, so
    // at stage 2 the active vote is 20.00 and B and C both reach 20.00 / 2
    // (5.3.13(b)) with one place left, equal at every stage: nobody is elected
    // (5.6.2), and the stage must not say that anyone was deemed elected below
    // the quota (found by the independent recount). Stage 3 excludes one of
    // them by lot and the other is elected.
    auto r = run_count(blt("3 2\n20 1 0\n10 2 0\n10 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n"), ers97());
    REQUIRE(r.ok());
    REQUIRE(r->stages.size() == 3);
    const auto& s2 = r->stages[1];
    CHECK(s2.action == stage_action::surplus);
    CHECK(s2.votes[1] == 1000);
    CHECK(s2.votes[2] == 1000);
    CHECK(s2.elected.empty());
    CHECK(s2.note ==
          "equal votes at every stage and not places for all: none of them deemed elected at this stage (ERS97 5.6.2)");
    const auto& s3 = r->stages[2];
    CHECK(s3.action == stage_action::exclusion);
    REQUIRE(s3.ties.size() == 1);
    CHECK(s3.ties[0].how == "lot");
    // the other is elected on the active vote (10.00 / 2), before the
    // last-vacancies test would fill the place
    CHECK(s3.note == "deemed elected on the total active vote / (vacancies + 1), below the quota (ERS97 5.1.7(b))");
    REQUIRE(r->elected.size() == 2);
    CHECK(r->elected[0] == 0);
    check_conservation(*r);
}

TEST_CASE("ers97: equal candidates with places for all are not a tie, history selects before any lot (5.6.2)",
          "[count]") {
    // Three candidates equal now, two places: the forward history leaves two
    // (equal at stage 1, above the third), for whom there are places: both are
    // elected, in candidate order, with no lot (the lot would be drawn without
    // 5.6.2). 3 seats, 81 votes, quota 20.25: A 20, B 20, C 19, E 22 (one
    // paper "E C"). E is elected at stage 1; at stage 2 its surplus (1.75)
    // gives C its paper at 1.00: A, B, C 20.00, non-transferable 0.75, active
    // vote 60.00, and 60.00 / 3 = 20.00 elects (5.3.13(b)).
    {
        const auto c = blt("4 3\n20 1 0\n20 2 0\n19 3 0\n21 4 0\n1 4 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"E\"\n\"t\"\n");
        auto r = run_count(c, ers97());
        REQUIRE(r.ok());
        REQUIRE(r->stages.size() == 2);
        const auto& s2 = r->stages[1];
        CHECK(s2.votes[0] == 2000);
        CHECK(s2.votes[1] == 2000);
        CHECK(s2.votes[2] == 2000);
        CHECK(s2.elected == std::vector<candidate_id>{0, 1});
        REQUIRE(s2.ties.size() == 2);
        CHECK(s2.ties[0].tied == std::vector<candidate_id>{0, 1, 2});
        CHECK(s2.ties[0].how == "forward to stage 1, then candidate order");
        CHECK(s2.ties[0].chosen == 0);
        CHECK(s2.ties[1].tied == std::vector<candidate_id>{1, 2});
        CHECK(s2.ties[1].how == "forward to stage 1");
        CHECK(r->lots_drawn == 0);
        auto lot_rules = ers97();
        lot_rules.tied_wait_for_places = false;
        auto l = run_count(c, lot_rules);
        REQUIRE(l.ok());
        CHECK(l->lots_drawn == 1);
    }
    // One place left for two candidates equal now but not at stage 1: the
    // forward history decides, no lot. 2 seats, 62 votes, quota 20.67: A 25
    // (22 papers "A", 3 "A C"), B 20, C 17. Stage 2 moves A's surplus (4.33;
    // the 3 transferable papers at their value 1.00, 5.3.7): C 20, and with
    // 1.33 non-transferable the active vote is 40.00, so B and C both reach
    // 40.00 / 2 (5.3.13(b)); B had more at stage 1.
    {
        auto r = run_count(blt("3 2\n22 1 0\n3 1 3 0\n20 2 0\n17 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n"),
                           ers97());
        REQUIRE(r.ok());
        REQUIRE(r->stages.size() >= 2);
        const auto& s2 = r->stages[1];
        CHECK(s2.action == stage_action::surplus);
        CHECK(s2.votes[1] == s2.votes[2]);
        REQUIRE(s2.ties.size() == 1);
        CHECK(s2.ties[0].purpose == "election order");
        CHECK(s2.ties[0].how == "forward to stage 1");
        CHECK(s2.ties[0].chosen == 1);  // B had more at stage 1
        CHECK(r->lots_drawn == 0);
        CHECK(r->elected == std::vector<candidate_id>{0, 1});
    }
}

TEST_CASE("ers97: 'does not exceed' in bulk exclusion and deferral (5.2.5(b), 5.2.2(b)), each note once a stage",
          "[count]") {
    // Found by the independent recount (tests/independent/ers97_diff.py):
    // the count required the group to be strictly below the next candidate.
    // Bulk exclusion: C (1) and B (2) total 3, which does not exceed D's 3:
    // both go at stage 2, lowest first, and A is elected on the reduced quota.
    auto bulk = run_count(blt("4 1\n4 1 0\n3 4 0\n2 2 0\n1 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"t\"\n"), ers97());
    REQUIRE(bulk.ok());
    REQUIRE(bulk->stages.size() == 2);
    CHECK(bulk->stages[1].action == stage_action::exclusion);
    CHECK(bulk->stages[1].subjects == std::vector<candidate_id>{2, 1});
    CHECK(bulk->elected == std::vector<candidate_id>{0});
    check_conservation(*bulk);
    // Deferral (b): A's surplus of 1.00 does not exceed D's 3 less B and C's
    // 1 + 1, so it waits, and B and C are excluded at stage 2.
    auto defer = run_count(blt("5 2\n6 1 4 0\n4 5 0\n3 4 0\n1 2 0\n1 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"E\"\n\"t\"\n"),
                           ers97());
    REQUIRE(defer.ok());
    REQUIRE(defer->stages.size() >= 2);
    CHECK(defer->stages[1].action == stage_action::exclusion);
    CHECK(defer->stages[1].subjects == std::vector<candidate_id>{1, 2});
    check_conservation(*defer);
    // Two passes of the active-vote test at one stage give one note.
    auto dup = run_count(blt("5 4\n1 4 0\n1 4 3 1 2 0\n1 5 1 3 4 0\n3 4 1 0\n1 2 1 0\n3 1 3 2 4 0\n0\n"
                             "\"C1\"\n\"C2\"\n\"C3\"\n\"C4\"\n\"C5\"\n\"t\"\n"),
                         ers97(), std::vector<std::uint8_t>{1});
    REQUIRE(dup.ok());
    for (const auto& s : dup->stages) {
        INFO("stage " << s.number << ": " << s.note);
        const auto first = s.note.find("5.1.7(b)");
        CHECK((first == std::string::npos || s.note.find("5.1.7(b)", first + 1) == std::string::npos));
    }
    // The 5.4.4 note is not on the stage that fills the last place.
    auto last = run_count(blt("5 2\n1 3 1 0\n2 4 3 0\n1 5 0\n1 4 1 0\n1 5 4 0\n1 1 4 0\n0\n"
                              "\"C1\"\n\"C2\"\n\"C3\"\n\"C4\"\n\"C5\"\n\"t\"\n"),
                          ers97());
    REQUIRE(last.ok());
    CHECK(last->elected.size() == 2);
    CHECK(last->stages.back().note.find("5.4.4") == std::string::npos);
}

TEST_CASE("every preset conserves votes on a mid-sized random contest", "[count]") {
    std::uint64_t x = 12345;
    auto next = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    contest c;
    for (int i = 0; i < 12; ++i) c.candidates.push_back({"C" + std::to_string(i + 1), "", false});
    c.seats = 3;
    for (int b = 0; b < 3000; ++b) {
        std::vector<candidate_id> rk;
        std::size_t len = 1 + next() % 6;
        while (rk.size() < len) {
            candidate_id id = static_cast<candidate_id>(next() % 12);
            if (std::find(rk.begin(), rk.end(), id) == rk.end()) rk.push_back(id);
        }
        c.ballots.add(rk, 1 + next() % 3);
    }
    for (const auto& name : preset_names()) {
        auto r = preset(name);
        REQUIRE(r);
        contest cc = c;
        if (r->kind == algorithm::irv) cc.seats = 1;
        auto k = run_count(cc, *r);
        INFO(name);
        REQUIRE(k.ok());
        CHECK(k->elected.size() == static_cast<std::size_t>(cc.seats));
        if (r->kind != algorithm::meek) check_conservation(*k);
        CHECK_FALSE(stages_csv(*k).empty());
        CHECK_FALSE(stages_table(*k).empty());
    }
}

// ------------------------------------------------------------------ reports

TEST_CASE("reports: names with commas and quotes are quoted in the CSV sheet, withdrawn and tied candidates are reported",
          "[count]") {
    // candidate 2 withdrawn (the -2 line); names with a comma and with quotes (BLT doubles them)
    auto c = blt("4 2\n-2\n3 1 4 0\n3 2 0\n2 3 0\n2 4 0\n0\n\"Smith, Jo\"\n\"Gone\"\n\"Jo \"\"JJ\"\" Bloggs\"\n\"Plain\"\n\"t\"\n");
    REQUIRE(c.candidates.size() == 4);
    CHECK(c.candidates[0].name == "Smith, Jo");
    CHECK(c.candidates[2].name == "Jo \"JJ\" Bloggs");
    auto r = run_count(c, scottish_stv(), std::vector<std::uint8_t>{1});
    REQUIRE(r.ok());
    const auto csv = stages_csv(*r);
    CHECK(csv.find(",1,\"Smith, Jo\",") != std::string::npos);
    CHECK(csv.find(",3,\"Jo \"\"JJ\"\" Bloggs\",") != std::string::npos);
    CHECK(csv.find(",4,Plain,") != std::string::npos);
    // every CSV row has the header's 9 fields once quoted fields are read as one
    std::istringstream in(csv);
    for (std::string line; std::getline(in, line);) {
        std::size_t fields = 1;
        bool quoted = false;
        for (char ch : line) {
            if (ch == '"') quoted = !quoted;
            if (ch == ',' && !quoted) ++fields;
        }
        INFO(line);
        CHECK(fields == 9);
    }
    const auto j = nlohmann::json::parse(transcript_json(*r));
    bool withdrawn = false;
    for (const auto& s : j["stages"])
        for (const auto& row : s["candidates"])
            if (row["candidate"] == 2) withdrawn = withdrawn || row["state"] == "withdrawn";
    CHECK(withdrawn);
    // a tie settled by lot is printed in the readable table
    auto tied = blt("4 2\n3 1 0\n3 2 0\n3 3 0\n3 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"t\"\n");
    auto rt = run_count(tied, scottish_stv(), std::vector<std::uint8_t>{3});
    REQUIRE(rt.ok());
    const auto table = stages_table(*rt);
    INFO(table);
    CHECK(table.find(": tie for ") != std::string::npos);
    CHECK(table.find(" settled by ") != std::string::npos);
    // and the stage notes, each under its stage number
    std::string noted;
    for (const auto& s : rt->stages)
        if (!s.note.empty()) noted = "stage " + std::to_string(s.number) + ": " + s.note + "\n";
    REQUIRE_FALSE(noted.empty());  // the last vacancies are filled by the rule
    CHECK(table.find(noted) != std::string::npos);
    // a quota row only when the quota changes: IRV's majority of the
    // continuing votes falls as papers exhaust
    CHECK(table.find("\nquota ") == std::string::npos);
    auto irv_count = run_count(blt("3 1\n4 1 0\n3 2 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n"), irv());
    REQUIRE(irv_count.ok());
    REQUIRE(irv_count->stages.size() == 2);
    CHECK(irv_count->stages[0].quota == 5);  // 9 continuing votes
    CHECK(irv_count->stages[1].quota == 4);  // C's 2 papers exhausted: 7
    const auto irv_table = stages_table(*irv_count);
    INFO(irv_table);
    CHECK(irv_table.find("\nquota ") != std::string::npos);
}

TEST_CASE("blt: OpenSTV ballot ids in parentheses count as weight 1, a PrefLib file needs a seat count", "[count]") {
    // "(id) prefs 0": each line one paper whatever its id
    auto c = blt("3 1\n(b1) 1 2 0\n(b2) 1 0\n(b3) 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n");
    auto plain = blt("3 1\n1 1 2 0\n1 1 0\n1 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n");
    auto r = run_count(c, scottish_stv());
    auto rp = run_count(plain, scottish_stv());
    REQUIRE(r.ok());
    REQUIRE(rp.ok());
    CHECK(r->valid_votes == 3);
    CHECK(transcript_json(*r) == transcript_json(*rp));
    // a PrefLib file read without --seats
    const auto dir = std::filesystem::temp_directory_path() / ("scrutineer-preflib-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto f = (dir / "x.soi").string();
    std::ofstream(f) << "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n2: 1,2\n";
    auto none = read_contest_file(f);
    REQUIRE_FALSE(none.ok());
    CHECK(none.err().code == errc::bad_input);
    CHECK_THAT(none.err().message, Catch::Contains("PrefLib files carry no seat count; give --seats"));
    auto one = read_contest_file(f, 1);
    INFO((one ? std::string() : one.err().message));
    CHECK(one.ok());
    std::filesystem::remove_all(dir);
}

TEST_CASE("meek: bulk exclusion of candidates without votes (a rules option) elects the same", "[count]") {
    // D and E have no votes at all: with the option they go in one stage, without it one by one
    // (nobody reaches the quota of 6/3 at first, so exclusions come before any election)
    auto c = blt("5 2\n2 1 0\n2 2 0\n2 3 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"E\"\n\"t\"\n");
    auto one_by_one = meek_nz();
    auto bulk = meek_nz();
    bulk.meek_bulk_exclude_zero = true;
    auto a = run_count(c, one_by_one);
    auto b = run_count(c, bulk);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->elected == b->elected);
    CHECK(b->stages.size() < a->stages.size());
    bool both = false;
    for (const auto& s : b->stages)
        both = both || (s.action == stage_action::exclusion && s.subjects == std::vector<candidate_id>{3, 4});
    CHECK(both);
}
