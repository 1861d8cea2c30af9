// Acceptance: the scottish-stv stage sheet equals the official Glasgow 2022
// stage sheets cell for cell, and the elected candidates match summary.csv.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "scrutineer/count/io.hpp"

namespace fs = std::filesystem;
using namespace scrutineer::count;

namespace {

fs::path shared_data() {
    for (fs::path p : {fs::path("../shared/stv-data"), fs::path(SCRUTINEER_SOURCE_DIR) / ".." / "shared" / "stv-data"})
        if (fs::exists(p / "glasgow-2022")) return p;
    return {};
}

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) {
        if (!l.empty() && l.back() == '\r') l.pop_back();
        out.push_back(l);
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    out.push_back(cur);
    return out;
}

}  // namespace

TEST_CASE("glasgow 2022: scottish-stv reproduces every official stage sheet", "[count][acceptance]") {
    auto root = shared_data();
    if (root.empty()) {
        WARN("SKIPPED: ../shared/stv-data not found");
        return;
    }
    auto dir = root / "glasgow-2022";
    std::map<std::string, std::vector<std::string>> summary;
    for (const auto& l : lines(slurp(dir / "summary.csv"))) {
        auto f = split(l, ',');
        if (f.size() >= 8 && f[0] != "dir") summary[f[0]] = split(f[7], ';');
    }
    int wards = 0;
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_directory()) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& d : dirs) {
        fs::path blt;
        for (const auto& e : fs::directory_iterator(d))
            if (e.path().extension() == ".blt") blt = e.path();
        REQUIRE(!blt.empty());
        INFO("ward " << d.filename().string());
        auto c = read_contest_file(blt.string());
        REQUIRE(c.ok());
        auto r = run_count(*c, scottish_stv());
        REQUIRE(r.ok());
        auto mine = lines(stages_csv(*r));
        auto official = lines(slurp(d / "official-stages.csv"));
        REQUIRE(mine.size() == official.size());
        for (std::size_t i = 0; i < mine.size(); ++i) {
            INFO("line " << i + 1);
            REQUIRE(mine[i] == official[i]);
        }
        std::vector<std::string> elected;
        for (auto e : r->elected) elected.push_back(r->candidates[e].name);
        CHECK(elected == summary[d.filename().string()]);
        ++wards;
    }
    CHECK(wards == 16);
}
