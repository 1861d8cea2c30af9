// The fuzz targets (targets.hpp) in `make test`: each on its seeds (which its
// decoder must accept, so that the properties are exercised), on every input
// kept in tests/fuzz/corpus/<target>/ (inputs that once broke something), and
// on a fixed number of random mutations of the seeds (fixed generator state,
// so a failure repeats; with SCRUTINEER_FUZZ_DUMP=FILE each mutation is
// written to FILE before it runs, so after a crash FILE holds its input).
// Coverage-guided runs: `make fuzz` (docs/fuzzing.md).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../election/record_fixture.hpp"
#include "targets.hpp"

using namespace scrutineer::fuzz;

namespace {

input as_input(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

/// Runs `name` on its seeds, its kept corpus and `rounds` mutations. A
/// target whose seeds come from the shared data (`shared`) is skipped, with
/// a message, where that data is absent.
void exercise(std::string_view name, int rounds, bool shared = false) {
    const target* t = find_target(name);
    REQUIRE(t != nullptr);
    const auto seeds = t->seeds();
    if (shared && seeds.empty()) {
        WARN("SKIPPED: fuzz target " << name << ": its seeds (../shared/vectors) are not here");
        return;
    }
    REQUIRE_FALSE(seeds.empty());
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        INFO("seed " << i);
        bool accepted = false;
        REQUIRE_NOTHROW(accepted = t->run(as_input(seeds[i])));
        CHECK(accepted);
    }
    const auto dir = std::filesystem::path(SCRUTINEER_SOURCE_DIR) / "tests/fuzz/corpus" / std::string(name);
    std::size_t kept = 0;
    if (std::filesystem::is_directory(dir))
        for (const auto& f : std::filesystem::directory_iterator(dir)) {
            INFO("kept input " << f.path().filename().string());
            REQUIRE_NOTHROW(t->run(as_input(scrutineer::test::read_text(f.path()))));
            ++kept;
        }
    std::uint64_t state = 0x5eed0000 + name.size();
    int accepted = 0;
    for (int k = 0; k < rounds; ++k) {
        std::string s = seeds[static_cast<std::size_t>(k) % seeds.size()];
        for (int changes = 1 + k % 3; changes > 0; --changes) s = mutate(std::move(s), state);
        INFO("mutation " << k << " of seed " << k % static_cast<int>(seeds.size()) << " (" << s.size() << " bytes)");
        if (const char* dump = std::getenv("SCRUTINEER_FUZZ_DUMP")) {  // after a crash, the input that caused it
            std::ofstream out(dump, std::ios::binary | std::ios::trunc);
            out << s;
        }
        bool ok = false;
        REQUIRE_NOTHROW(ok = t->run(as_input(s)));
        accepted += ok ? 1 : 0;
    }
    if (std::getenv("SCRUTINEER_FUZZ_STATS")) WARN(name << ": " << kept << " kept inputs, " << accepted << " of " << rounds << " mutations accepted");
    SUCCEED();
}

}  // namespace

TEST_CASE("fuzz target board_line: seeds, kept inputs, mutations", "[fuzz][election][negative]") { exercise("board_line", 400); }
TEST_CASE("fuzz target ballot: seeds, kept inputs, mutations", "[fuzz][election][negative]") { exercise("ballot", 300); }
TEST_CASE("fuzz target opening: seeds, kept inputs, mutations", "[fuzz][election][negative]") { exercise("opening", 400); }
TEST_CASE("fuzz target manifest: seeds, kept inputs, mutations", "[fuzz][election][negative]") { exercise("manifest", 600); }
TEST_CASE("fuzz target roll: seeds, kept inputs, mutations", "[fuzz][election][negative]") { exercise("roll", 300); }
TEST_CASE("fuzz target ceremony: seeds, kept inputs, mutations", "[fuzz][ceremony][negative]") { exercise("ceremony", 100); }
TEST_CASE("fuzz target blt: seeds, kept inputs, mutations", "[fuzz][count][negative]") { exercise("blt", 2000); }
TEST_CASE("fuzz target preflib: seeds, kept inputs, mutations", "[fuzz][count][negative]") { exercise("preflib", 2000); }
TEST_CASE("fuzz target element: seeds, kept inputs, mutations", "[fuzz][group][negative]") { exercise("element", 2000); }
TEST_CASE("fuzz target ranking: seeds, kept inputs, mutations", "[fuzz][mixnet][negative]") { exercise("ranking", 300); }
TEST_CASE("fuzz target record: seeds, kept inputs, mutations", "[fuzz][election][negative]") { exercise("record", 8); }
TEST_CASE("fuzz target files: seeds, kept inputs, mutations", "[fuzz][election][negative]") { exercise("files", 1000); }

TEST_CASE("fuzz target eg_record: seeds, kept inputs, mutations", "[fuzz][electionguard][negative]") {
    exercise("eg_record", 24, true);
}

TEST_CASE("fuzz targets: every target has a test case above, and mutate changes its input", "[fuzz]") {
    CHECK(targets().size() == 13);
    std::uint64_t state = 1;
    int changed = 0;
    for (int k = 0; k < 100; ++k) changed += mutate("{\"a\": [1, 2, 3]}", state) != "{\"a\": [1, 2, 3]}" ? 1 : 0;
    CHECK(changed > 90);
}
