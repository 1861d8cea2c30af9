// Test support: a small simulated election record, and tools to tamper with
// copies of it the way a dishonest board operator could (edit, insert, drop,
// reorder entries, then re-link and re-sign the chain with the operator's key;
// the operator does not hold the trustees', the authority's or the voters' keys).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scrutineer/ceremony/simulation.hpp"
#include "scrutineer/election/simulate.hpp"
#include "scrutineer/election/verify.hpp"

namespace scrutineer::test {

namespace fs = std::filesystem;
using election::board_entry;
using json = nlohmann::json;
using RG = election::record::G;

#ifndef SCRUTINEER_CLI_PATH
#define SCRUTINEER_CLI_PATH ""
#endif
/// The scrutineer CLI built next to the tests (tests/CMakeLists.txt), or an
/// empty path when it was not built (see SCRUTINEER_CLI_OR_SKIP).
inline fs::path cli_binary() {
    const fs::path p = SCRUTINEER_CLI_PATH;
    std::error_code ec;
    return p.empty() || !fs::exists(p, ec) ? fs::path() : p;
}
/// Declares `var` as the CLI's path, or skips the test case with a warning.
#define SCRUTINEER_CLI_OR_SKIP(var)                                             \
    const ::std::filesystem::path var = ::scrutineer::test::cli_binary();      \
    if (var.empty()) {                                                          \
        WARN("SKIPPED: the scrutineer CLI was not built next to the tests");    \
        return;                                                                 \
    }

struct scratch_dir {
    fs::path path;
    explicit scratch_dir(const std::string& tag) {
        static int counter = 0;
        path = fs::temp_directory_path() /
               ("scrutineer-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~scratch_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
};

/// A deterministic record of a small election with every role (challenge,
/// revote, revoked before and after voting, abstention: voters 0..4).
struct election_fixture {
    scratch_dir tmp{"record"};
    fs::path dir;
    election::simulated_election sim;

    explicit election_fixture(std::size_t voters = 10, std::uint64_t seed = 2026,
                              election::revoting_rule revoting = election::revoting_rule::last)
        : dir(tmp.path / "rec"), sim(make(dir, voters, seed, revoting)) {}

    static election::simulated_election make(const fs::path& dir, std::size_t voters, std::uint64_t seed,
                                             election::revoting_rule revoting) {
        election::simulation_options o;
        o.voters = voters;
        o.seed = seed;
        o.revoting = revoting;
        o.board_durability = election::durability::deferred;
        auto s = election::simulate_election(dir, o);
        if (!s) throw std::runtime_error("simulate_election: " + s.err().describe());
        return std::move(*s);
    }
    /// Roles (simulate.cpp): 0 challenges then casts, 1 revotes, 2 is revoked
    /// before voting, 3 is revoked after voting, 4 abstains.
    const election::issued_credential& voter(std::size_t i) const { return sim.credentials.at(i); }
    const RG::element& joint_key() const { return sim.trustee_keys.at(0).election().joint_key; }
};

/// A 3-trustee, 2-of-3 election ready to open, made by hand: the demo manifest
/// (with its ranked contest if `ranked`), credentials, a ceremony bound to the
/// manifest, co-signing keys, the setup and the operator's key with the open
/// statement. Everything is drawn from `r`, which the test goes on using.
struct small_election {
    seeded_rng r;
    election::manifest m;
    election::hash64 mh;
    election::signing_key authority;
    election::issuance iss;
    ceremony::simulation<RG> cer;
    std::vector<election::signing_key> trustees;
    election::election_setup setup;
    election::signing_key opk;
    election::hash64 stmt;

    small_election(std::uint64_t seed, std::size_t voters, bool ranked = false)
        : r(seed), m(election::demo_manifest(3, 2, ranked)), mh(m.hash()), authority(election::signing_key::generate(r)),
          iss(election::issue_credentials(voters, "v", r).value()),
          cer(ceremony::simulate_ceremony<RG>(ceremony::parameters{3, 2, bytes(mh.begin(), mh.end()), 1}, r).value()),
          trustees(make_trustees(r)),
          setup{m, iss.roll, ceremony::to_json<RG>(cer.record), *cer.result.key, authority.public_key(), {}, {}},
          opk(sign_setup(setup, trustees, authority, r)), stmt(setup.open_payload().statement(opk.public_key())) {}

    /// The operator's key again (board_operator::open takes its own).
    election::signing_key opk_copy() const { return election::signing_key::from_seed(opk.seed().span()).value(); }
    /// The board opened in `dir` with trustees 1 and 2's co-signatures.
    result<election::board_operator> open(const fs::path& dir) const {
        return election::board_operator::open(dir, setup, opk_copy(), {{1, trustees[0].sign(stmt)}, {2, trustees[1].sign(stmt)}},
                                              election::durability::deferred);
    }

    static std::vector<election::signing_key> make_trustees(rng& r) {
        std::vector<election::signing_key> t;
        for (int i = 0; i < 3; ++i) t.push_back(election::signing_key::generate(r));
        return t;
    }
    /// Fills in the trustees' keys and the roll signature, then draws the operator's key.
    static election::signing_key sign_setup(election::election_setup& s, const std::vector<election::signing_key>& trustees,
                                            const election::signing_key& authority, rng& r) {
        for (const auto& k : trustees) s.trustees.push_back(k.public_key());
        s.roll_signature = authority.sign(s.open_payload().roll_statement());
        return election::signing_key::generate(r);
    }
};

/// The board as a list of entries, edited and written back.
struct board_doc {
    std::vector<board_entry> entries;

    static board_doc load(const fs::path& dir) {
        board_doc d;
        std::ifstream in(dir / "board.jsonl");
        for (std::string l; std::getline(in, l);) {
            auto e = board_entry::from_line(l);
            if (!e) throw std::runtime_error("board_doc: " + e.err().message);
            d.entries.push_back(std::move(*e));
        }
        return d;
    }
    /// Index of the n-th entry (0-based) of `kind` satisfying `pred`.
    std::size_t find(std::string_view kind, const std::function<bool(const board_entry&)>& pred = {}, int nth = 0) const {
        for (std::size_t i = 0; i < entries.size(); ++i)
            if (entries[i].kind == kind && (!pred || pred(entries[i])) && nth-- == 0) return i;
        throw std::runtime_error("board_doc: no such entry of kind " + std::string(kind));
    }
    /// The cast (or challenge) entry carrying a ballot of this credential.
    static bool by(const board_entry& e, const election::verify_key& k) {
        const auto& b = e.kind == "challenge" ? e.payload.at("ballot") : e.payload;
        return b.contains("credential") && b.at("credential") == k.hex();
    }
    void renumber() {
        for (std::size_t i = 0; i < entries.size(); ++i) entries[i].index = i;
    }
    /// Re-links (prev) and re-signs every entry with `op` (a dishonest operator
    /// repairing the chain after an edit), then writes the board.
    void write_resigned(const fs::path& dir, const election::signing_key& op) {
        election::hash64 prev{};
        for (auto& e : entries) {
            e.prev = prev;
            e.signer = op.public_key();
            e.sig = op.sign(e.hash());
            prev = e.hash();
        }
        write_raw(dir);
    }
    /// Writes the entries exactly as they are.
    void write_raw(const fs::path& dir) const {
        std::ofstream out(dir / "board.jsonl", std::ios::trunc | std::ios::binary);
        for (const auto& e : entries) out << e.to_line() << "\n";
    }
};

/// A copy of a record directory.
inline void copy_record(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (const auto& f : fs::directory_iterator(from)) fs::copy_file(f.path(), to / f.path().filename());
}

/// The lines of a record's board file.
inline std::vector<std::string> board_lines(const fs::path& dir) {
    std::ifstream in(dir / "board.jsonl", std::ios::binary);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

inline std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
inline void write_text(const fs::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::trunc | std::ios::binary);
    out << s;
}

/// Runs `scrutineer verify DIR --json FILE` through the CLI; returns the exit
/// status and the ids of the failed checks from the JSON report.
struct cli_verdict {
    int exit_status = -1;
    std::set<std::string> failed;
    std::string describe() const {
        std::string s = "exit " + std::to_string(exit_status) + ", failed:";
        for (const auto& f : failed) s += " " + f;
        return s;
    }
};

inline cli_verdict cli_verify(const fs::path& cli, const fs::path& dir) {
    const auto report = dir.string() + ".report.json";
    std::string cmd;  // appended piece by piece (GCC 12 warns falsely on a chain of + here)
    for (const std::string& part : {std::string("'"), cli.string(), std::string("' verify '"), dir.string(),
                                    std::string("' --threads 1 --json '"), report, std::string("' >/dev/null 2>&1")})
        cmd.append(part);
    const int rc = std::system(cmd.c_str());
    cli_verdict v;
    v.exit_status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    if (fs::exists(report)) {
        auto j = json::parse(read_text(report), nullptr, false);
        if (!j.is_discarded())
            for (const auto& f : j.at("failed")) v.failed.insert(f.get<std::string>());
        fs::remove(report);
    }
    return v;
}

}  // namespace scrutineer::test
