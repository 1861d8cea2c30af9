// Droop v0.14 reference transcripts (../shared/stv-data/droop-tests), for the
// Droop rules that correspond to a preset:
//   scotland (fixed, 5 places)  <-> scottish-stv with zero_surplus_stage = true
//                                   (Droop records a stage for a zero surplus)
//   meek-prf (fixed 9, omega 6) <-> meek-prf
// Compared: the vote of every candidate after every stage (scotland) or at
// the end (meek-prf), the non-transferable total, and the sequence of
// elections and defeats. Files with equal rankings or Droop-only options that
// change the count ([tie]) are listed in docs/count.md as not reproduced.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "scrutineer/count/io.hpp"

namespace fs = std::filesystem;
using namespace scrutineer::count;

namespace {

fs::path droop_dir() {
    for (fs::path p : {fs::path("../shared/stv-data/droop-tests"),
                       fs::path(SCRUTINEER_SOURCE_DIR) / ".." / "shared" / "stv-data" / "droop-tests"})
        if (fs::exists(p / "ref" / "dump")) return p;
    return {};
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r') {
            cur.push_back(c);
        }
    }
    out.push_back(cur);
    return out;
}

struct droop_row {
    std::string action;
    std::vector<std::string> fixed;  // quota, non-transferable (and Meek columns)
    std::vector<std::string> state, vote;
};

struct droop_dump {
    std::vector<droop_row> rows;
    std::size_t ncand = 0;
};

droop_dump read_dump(const fs::path& p, std::size_t per_cand) {
    droop_dump d;
    std::ifstream f(p);
    std::string line;
    std::size_t nfixed = 0;
    while (std::getline(f, line)) {
        auto t = split(line, '\t');
        if (t.size() < 2) continue;
        if (t[0] == "R") {
            std::size_t k = 2;
            while (k < t.size() && t[k].find(".name") == std::string::npos) ++k;
            nfixed = k - 2;
            d.ncand = (t.size() - k) / per_cand;
            continue;
        }
        if (t[1] == "log" || t[1] == "round" || t.size() < 2 + nfixed + d.ncand * per_cand) continue;
        droop_row r;
        r.action = t[1];
        r.fixed.assign(t.begin() + 2, t.begin() + 2 + static_cast<std::ptrdiff_t>(nfixed));
        for (std::size_t c = 0; c < d.ncand; ++c) {
            r.state.push_back(t[2 + nfixed + c * per_cand + 1]);
            r.vote.push_back(t[2 + nfixed + c * per_cand + 2]);
        }
        d.rows.push_back(r);
    }
    return d;
}

/// "E3 D5 ..." : elections (as sorted runs) and defeats, in order.
std::vector<std::string> droop_events(const droop_dump& d, const std::vector<std::size_t>& ids, int seats) {
    std::vector<std::string> ev;
    int elected = 0;
    std::vector<std::string> prev(d.ncand, "H");
    for (const auto& r : d.rows) {
        for (std::size_t c = 0; c < d.ncand; ++c) {
            std::string s = r.state[c] == "e" ? "E" : r.state[c];
            // Droop defeats the leftover hopefuls once every seat is filled; the
            // engine here stops counting instead
            if (s != prev[c] && (s == "E" || (s == "D" && elected < seats))) ev.push_back(s + std::to_string(ids[c] + 1));
            if (s != prev[c] && s == "E") ++elected;
            prev[c] = s;
        }
    }
    return ev;
}

std::vector<std::string> my_events(const count_result& r) {
    std::vector<std::string> ev;
    for (const auto& s : r.stages) {
        if (s.action == stage_action::exclusion)
            for (auto x : s.subjects) ev.push_back("D" + std::to_string(x + 1));
        for (auto e : s.elected) ev.push_back("E" + std::to_string(e + 1));
    }
    return ev;
}

/// Sorts each run of consecutive elections, since Droop and this engine may
/// list simultaneous elections in different orders.
std::vector<std::string> canonical(std::vector<std::string> ev) {
    for (std::size_t i = 0; i < ev.size();) {
        std::size_t j = i;
        while (j < ev.size() && ev[j][0] == ev[i][0]) ++j;
        if (ev[i][0] == 'E') std::sort(ev.begin() + static_cast<std::ptrdiff_t>(i), ev.begin() + static_cast<std::ptrdiff_t>(j));
        i = j;
    }
    return ev;
}

fs::path blt_for(const fs::path& root, const fs::path& dump, const std::string& suffix) {
    std::string stem = dump.filename().string();
    stem = stem.substr(0, stem.size() - suffix.size());
    fs::path sub = dump.parent_path().filename() == "dump" ? fs::path() : dump.parent_path().filename();
    return root / "blt" / sub / (stem + ".blt");
}

std::vector<fs::path> dumps(const fs::path& root, const std::string& suffix) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(root / "ref" / "dump")) {
        auto n = e.path().filename().string();
        if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Files whose Droop counts this engine does not claim to reproduce (see docs/count.md).
bool skipped(const std::string& stem) {
    return stem == "42t" ||  // [tie 3 2 1]: Droop's tie order replaces the lot
           stem == "eq1" || stem == "eq2";  // equal rankings
}

/// Droop leaves withdrawn candidates out of its dumps: the ids it shows.
std::vector<std::size_t> standing(const contest& c) {
    std::vector<std::size_t> ids;
    for (std::size_t i = 0; i < c.candidates.size(); ++i)
        if (!c.candidates[i].withdrawn) ids.push_back(i);
    return ids;
}

}  // namespace

struct gregory_summary {
    int total = 0, reproduced = 0;
};

gregory_summary compare_gregory(const fs::path& root, const std::string& suffix, const rules& rules, int decimals,
                                const std::vector<std::string>& lot_files) {
    gregory_summary out;
    for (const auto& dump : dumps(root, suffix)) {
        auto blt = blt_for(root, dump, suffix);
        if (skipped(blt.stem().string())) continue;
        INFO(dump.filename().string());
        ++out.total;
        auto c = read_contest_file(blt.string());
        REQUIRE(c.ok());
        auto r = run_count(*c, rules);
        REQUIRE(r.ok());
        auto d = read_dump(dump, 3);
        auto ids = standing(*c);
        REQUIRE(d.ncand == ids.size());
        std::vector<const droop_row*> snaps;
        for (const auto& row : d.rows)
            if (row.action == "begin" || row.action == "transfer") snaps.push_back(&row);
        // Where a tie goes to lot, Droop's random draw and the seeded draw
        // here may differ: compare the stages before the first lot only.
        std::size_t upto = r->stages.size();
        for (std::size_t s = 0; s < r->stages.size() && upto == r->stages.size(); ++s)
            for (const auto& t : r->stages[s].ties)
                if (t.draw >= 0) upto = s;
        const std::string stem = blt.stem().string();
        const bool lot_expected = std::find(lot_files.begin(), lot_files.end(), stem) != lot_files.end();
        CHECK((upto < r->stages.size()) == lot_expected);
        if (upto == r->stages.size()) REQUIRE(snaps.size() == r->stages.size());
        REQUIRE(snaps.size() >= upto);
        for (std::size_t s = 0; s < upto; ++s) {
            INFO("stage " << s + 1);
            const auto& st = r->stages[s];
            std::vector<std::string> mine;
            for (auto i : ids) mine.push_back(format_fixed(st.votes[i], decimals));
            CHECK(mine == snaps[s]->vote);
            // Droop's non-transferable column leaves out the rounding residue
            CHECK(format_fixed(st.nontransferable_total, decimals) == snaps[s]->fixed.at(1));
        }
        if (lot_expected) continue;
        CHECK(canonical(my_events(*r)) == canonical(droop_events(d, ids, c->seats)));
        ++out.reproduced;
    }
    return out;
}

TEST_CASE("droop: scotland transcripts reproduced stage by stage", "[count][droop]") {
    auto root = droop_dir();
    if (root.empty()) {
        WARN("SKIPPED: ../shared/stv-data not found");
        return;
    }
    auto rules = scottish_stv();
    rules.zero_surplus_stage = true;
    auto g = compare_gregory(root, "-scotland-fixed-p5-d5.txt", rules, 5,
                             {"SC", "SCw", "SCwopt", "SC-Vm-12", "weak-surplus"});
    CHECK(g.total == 31);
    CHECK(g.reproduced == 26);  // the other 5 reach a tie settled by lot (docs/count.md)
}

TEST_CASE("droop: wigm-prf transcripts reproduced stage by stage", "[count][droop]") {
    auto root = droop_dir();
    if (root.empty()) {
        WARN("SKIPPED: ../shared/stv-data not found");
        return;
    }
    auto rules = wigm();
    rules.zero_surplus_stage = true;
    auto g = compare_gregory(root, "-wigm-prf-fixed-p4-d4.txt", rules, 4, {"SC", "SCw", "SCwopt", "SC-Vm-12"});
    CHECK(g.total == 8);
    CHECK(g.reproduced == 4);
}

TEST_CASE("droop: meek-prf transcripts reproduced", "[count][droop]") {
    auto root = droop_dir();
    if (root.empty()) {
        WARN("SKIPPED: ../shared/stv-data not found");
        return;
    }
    const std::string suffix = "-meek-prf-o6-fixed-p9-d9.txt";
    int total = 0;
    for (const auto& dump : dumps(root, suffix)) {
        auto blt = blt_for(root, dump, suffix);
        if (skipped(blt.stem().string())) continue;
        INFO(dump.filename().string());
        ++total;
        auto c = read_contest_file(blt.string());
        REQUIRE(c.ok());
        auto r = run_count(*c, meek_prf());
        REQUIRE(r.ok());
        auto d = read_dump(dump, 4);
        auto ids = standing(*c);
        REQUIRE(d.ncand == ids.size());
        CHECK(canonical(my_events(*r)) == canonical(droop_events(d, ids, c->seats)));
        const auto& end = d.rows.back();
        REQUIRE(end.action == "end");
        std::vector<std::string> mine;
        // once the seats are filled Droop defeats the leftover hopefuls and shows them at 0
        for (auto i : ids)
            mine.push_back(r->stages.back().state[i] == cand_state::hopeful ? format_fixed(0, 9)
                                                                           : format_fixed(r->stages.back().votes[i], 9));
        CHECK(mine == end.vote);
        // Droop does not recompute the quota after the exclusion that ends the count
        if (r->stages.back().action != stage_action::exclusion)
            CHECK(format_fixed(r->stages.back().quota, 9) == end.fixed.at(0));
    }
    CHECK(total >= 8);
}
