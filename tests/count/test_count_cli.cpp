// `scrutineer count` end to end: exit statuses and the CSV it writes.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

int run(const std::string& cmd) {
    int rc = std::system((cmd + " >/dev/null 2>&1").c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("cli: scrutineer count writes the official stage sheet and reports bad input", "[count][cli]") {
    const fs::path exe = fs::path(SCRUTINEER_BINARY_DIR) / "bin" / "scrutineer";
    const fs::path ward = "../shared/stv-data/glasgow-2022/ward-02-newlands-auldburn";
    if (!fs::exists(exe)) {
        WARN("SKIPPED: " << exe.string() << " not built");
        return;
    }
    if (!fs::exists(ward)) {
        WARN("SKIPPED: ../shared/stv-data not found");
        return;
    }
    fs::path blt;
    for (const auto& e : fs::directory_iterator(ward))
        if (e.path().extension() == ".blt") blt = e.path();
    const fs::path tmp = fs::temp_directory_path() / ("scrutineer-count-cli-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    const std::string q = "'";
    CHECK(run(q + exe.string() + "' count --method scottish-stv '" + blt.string() + "' --stages-csv '" +
              (tmp / "s.csv").string() + "' --json '" + (tmp / "s.json").string() + "'") == 0);
    CHECK(slurp(tmp / "s.csv") == slurp(ward / "official-stages.csv"));
    CHECK(slurp(tmp / "s.json").find("\"method\": \"scottish-stv\"") != std::string::npos);
    {
        std::ofstream bad(tmp / "bad.blt");
        bad << "3 1\n1 1 5 0\n0\n";
    }
    CHECK(run(q + exe.string() + "' count '" + (tmp / "bad.blt").string() + "'") == 2);
    CHECK(run(q + exe.string() + "' count --method nonsense '" + blt.string() + "'") == 2);
    CHECK(run(q + exe.string() + "' count --seed zz '" + blt.string() + "'") == 2);
    CHECK(run(q + exe.string() + "' count '" + (tmp / "missing.blt").string() + "'") == 3);
    CHECK(run(q + exe.string() + "' count --help") == 0);
    fs::remove_all(tmp);
}
