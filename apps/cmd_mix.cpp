// `scrutineer mix DIR --contest ID --mixer I --key FILE --out FILE`: one
// mixer's turn in a ranked contest's mix chain (election/mix.hpp,
// docs/mixnet.md "The mix chain"), run by the mixer (a trustee) as its own
// process on its own copy of the record.
//
// Unless --no-check, it first verifies the record so far as `scrutineer verify`
// does and refuses to mix if anything a mixer depends on fails: every check
// of the board up to the tally (M1 … T2), and R1 for this contest (the
// mix-input is exactly the counted ballots' papers, so an operator cannot pad
// it around one voter's paper to trace it). The checks that need the finished
// record (T3, T4, R3–R6) and R1 of other contests are not required.
// It reads the chain's head from the board (the contest's mix-input, then every
// mix after it), verifies each earlier mix (signature and proof of shuffle)
// unless --no-check, shuffles the head with a fresh secret permutation and
// fresh nonces, proves the shuffle, signs the statement with the trustee's
// co-signing key and writes the mix entry's payload (canonical JSON) to --out,
// for the board operator to verify and post (board_operator::post_mix).
//
// The key file holds the trustee's Ed25519 co-signing key: its 32-byte seed as
// 64 hex digits (a trailing newline allowed). It must match the key the open
// entry lists for trustee I.
//
// Exit: 0 the submission is written, 1 the record or an earlier mix does not verify,
// 2 bad options or input (no mix-input yet, wrong key, already mixed),
// 3 I/O errors (unreadable record or key, --out exists or cannot be written).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include "command.hpp"
#include "key_file.hpp"
#include "record_gate.hpp"
#include "scrutineer/election/mix.hpp"
#include "scrutineer/election/verify.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::election;
namespace fs = std::filesystem;

struct options {
    std::string dir, contest, key, out;
    std::uint32_t mixer = 0;
    bool no_check = false;
    std::size_t threads = 0;
};

int fail(int code, const std::string& msg) {
    std::cerr << "scrutineer mix: " << msg << "\n";
    return code;
}

int run(const options& o) {
    parallel::set_threads(o.threads);
    if (fs::exists(o.out)) return fail(cli::io_error, o.out + " exists; a submission is never overwritten");
    auto key = cli::read_key_file(o.key);
    if (!key) return fail(key.err().code == errc::io ? cli::io_error : cli::bad_input, key.err().message);

    const auto t0 = std::chrono::steady_clock::now();
    // The earlier mixes' proofs are checked once: by the record check (R2)
    // when it finds them all sound, else again by read_chain_head, which
    // names the failure in this contest's chain.
    bool proofs_checked = false;
    if (!o.no_check) {
        auto g = cli::check_record_so_far("scrutineer mix", o.dir, o.threads, {"T3", "T4", "R2", "R3", "R4", "R5", "R6"},
                                          o.contest, "mix");
        if (g.exit != cli::ok) return g.exit;
        proofs_checked = g.r2_sound;
    }
    auto head = read_chain_head(o.dir, o.contest, !o.no_check && !proofs_checked);
    if (!head) {
        const auto c = head.err().code;
        return fail(c == errc::io ? cli::io_error : c == errc::verify_failed ? cli::check_failed : cli::bad_input,
                    head.err().describe());
    }
    // the mixer's key must be trustee I's co-signing key in the open entry
    if (o.mixer == 0 || o.mixer > head->trustees.size())
        return fail(cli::bad_input, "--mixer " + std::to_string(o.mixer) + ": the election has trustees 1.." +
                                        std::to_string(head->trustees.size()));
    if (!(head->trustees[o.mixer - 1] == key->public_key()))
        return fail(cli::bad_input, o.key + " is not trustee " + std::to_string(o.mixer) + "'s co-signing key");
    for (auto m : head->mixers)
        if (m == o.mixer) return fail(cli::bad_input, "trustee " + std::to_string(o.mixer) + " has already mixed this contest");
    if (head->list.size() == 0) return fail(cli::bad_input, "nothing to mix: no ballot counted in this contest");
    std::cerr << "scrutineer mix: contest \"" << o.contest << "\", round " << head->rounds + 1 << ", " << head->list.size()
              << " papers of width " << head->list.width() << (o.no_check ? "" : "; the earlier mixes verified") << "\n";

    auto p = mix_turn(head->m, head->joint_key, o.contest, head->rounds + 1, o.mixer, *key, head->list);
    if (!p) return fail(cli::bad_input, p.err().describe());
    auto s = record::write_json_file(o.out, p->to_json(), /*exclusive=*/true);
    if (!s) return fail(cli::io_error, s.err().describe());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("mixed %zu papers (round %u, trustee %u) in %.2f s; submission written to %s\n", head->list.size(),
                p->round, o.mixer, secs, o.out.c_str());
    return cli::ok;
}

cli::command reg("mix", "Take one mixer's turn in a ranked contest's mix chain (shuffle, prove, sign)",
                 [](CLI::App& sub) -> cli::runner {
                     auto o = std::make_shared<options>();
                     sub.add_option("dir", o->dir, "the record directory (its manifest.json and board.jsonl are read)")->required();
                     sub.add_option("--contest", o->contest, "the ranked contest's id")->required();
                     sub.add_option("--mixer", o->mixer, "this trustee's index (1..n)")->required();
                     sub.add_option("--key", o->key, "file with the trustee's co-signing key seed (64 hex digits)")->required();
                     sub.add_option("--out", o->out, "file to write the mix submission to (JSON; never overwritten)")->required();
                     sub.add_flag("--no-check", o->no_check, "do not verify the earlier mixes first");
                     sub.add_option("--threads", o->threads, "worker threads (0: all cores)")->default_val(0);
                     return [o] { return run(*o); };
                 });

}  // namespace
