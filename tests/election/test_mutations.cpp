// Untrusted input, randomly malformed: every line of a small record's board,
// changed many times at random (bytes replaced by JSON's significant
// characters or others, runs deleted, repeated or cut short, digits and
// quotes inserted), is read as a board entry, in memory and from the file,
// and its payload decoded by the codec of its kind. None of it may throw or
// crash (the sanitizer build of `make test` runs this), and a line that still
// reads must read the same both ways. Then whole records, each with one line
// changed, are verified: each fails (a check fails, or the record cannot be
// read), none passes and none throws. The seed is fixed, so a failure repeats.
#include <catch2/catch.hpp>

#include <map>

#include "../fuzz/targets.hpp"
#include "record_fixture.hpp"

using namespace scrutineer;
using namespace scrutineer::election;
using namespace scrutineer::test;


TEST_CASE("untrusted board lines, changed at random, are errors or entries, never crashes", "[election][record][negative]") {
    election_fixture f(8, 11);
    const auto lines = board_lines(f.dir);
    REQUIRE(lines.size() > 20);
    std::set<std::string> kinds_seen;
    std::uint64_t g = 20261123;
    scratch_dir t("mutations");
    const auto file = t.path / "line";
    for (const auto& line : lines) REQUIRE(board_entry::from_line(line));
    const auto counts = fuzz::find_share_counts(lines, f.sim.m);
    REQUIRE(counts.tally > 0);
    REQUIRE(counts.ranked > 0);
    std::size_t tried = 0, read = 0;
    for (const auto& line : lines) {
        const auto e = board_entry::from_line(line);
        REQUIRE(e);
        kinds_seen.insert(e->kind);
        // long lines (mixes, shares) are slow to mutate under the sanitizers: fewer rounds
        const int rounds = line.size() > 20000 ? 10 : 60;
        for (int k = 0; k < rounds; ++k) {
            std::string bad = fuzz::mutate(line, g);
            if (k % 4 == 0) bad = fuzz::mutate(bad, g);  // sometimes two changes
            if (bad == line) continue;
            ++tried;
            INFO("entry " << e->index << " (" << e->kind << "), round " << k);
            result<board_entry> mem = error{errc::internal, "not read"};
            REQUIRE_NOTHROW(mem = board_entry::from_line(bad));
            {
                std::ofstream o(file, std::ios::binary | std::ios::trunc);
                o << bad;
            }
            result<board_entry> disk = error{errc::internal, "not read"};
            REQUIRE_NOTHROW(disk = board_entry::from_file_range(file, 0, bad.size()));
            REQUIRE(mem.ok() == disk.ok());
            if (!mem) {
                CHECK(mem.err().code == disk.err().code);
                continue;
            }
            ++read;
            CHECK(mem->to_line() == bad);  // a line that reads is canonical
            CHECK(mem->hash() == disk->hash());
            REQUIRE_NOTHROW(fuzz::decode_payload(*mem, f.sim.m, counts));
        }
    }
    // the record has every kind of entry, so every codec was fed
    for (auto k : {kinds::open, kinds::cast, kinds::challenge, kinds::revoke, kinds::cancel, kinds::close, kinds::tally,
                   kinds::decryption_share, kinds::result, kinds::mix_input, kinds::mix, kinds::ranked_share,
                   kinds::ranked_result})
        CHECK(kinds_seen.count(std::string(k)) == 1);
    CHECK(tried > 1000);
    CHECK(read > 0);  // some changes (inside hex, inside strings) still read as entries
}

TEST_CASE("records with one board line changed at random never verify", "[election][record][negative]") {
    election_fixture f(8, 11);
    const auto lines = board_lines(f.dir);
    std::uint64_t g = 112026;
    scratch_dir t("mutated-records");
    // one line of each kind, and the last line
    std::map<std::string, std::size_t> pick;
    for (std::size_t i = 0; i < lines.size(); ++i) pick.emplace(board_entry::from_line(lines[i])->kind, i);
    pick.emplace("(last)", lines.size() - 1);
    int n = 0;
    for (const auto& [kind, i] : pick) {
        for (int k = 0; k < 2; ++k) {
            std::string bad;
            do bad = fuzz::mutate(lines[i], g);
            while (bad == lines[i]);
            std::string name = "r";
            name += std::to_string(++n);  // (GCC 12 warns falsely on "r" + std::to_string here)
            const auto d = t.path / name;
            copy_record(f.dir, d);
            {
                std::ofstream o(d / "board.jsonl", std::ios::binary | std::ios::trunc);
                for (std::size_t j = 0; j < lines.size(); ++j) o << (j == i ? bad : lines[j]) << '\n';
            }
            INFO("line " << i << " (" << kind << ") changed to a line of " << bad.size() << " bytes");
            result<record_report> r = error{errc::internal, "not run"};
            REQUIRE_NOTHROW(r = verify_record(d));
            if (r) {
                CHECK_FALSE(r->ok());
                CHECK_FALSE(r->failed_ids().empty());
            }
        }
    }
}
