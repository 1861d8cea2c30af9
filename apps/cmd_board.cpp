// `scrutineer board ACTION DIR --key FILE …`: the board operator's side of an
// election after the close, one step a process (election/operator.hpp,
// docs/operator.md). Every action resumes the operator from the record
// (board_operator::resume: the board's chain and signatures are checked, the
// board is locked against other writers, its entries replayed, cancellations
// a crash left unposted are posted), does its one step and exits:
//
//   status                  where the election stands and what it waits for
//   tally                   aggregate the counted ballots and post the tally
//   post-share FILE         a trustee's decryption shares of the tally
//   post-mix-input          a ranked contest's mix-input (--contest)
//   post-mix FILE           a mixer's submission (`scrutineer mix --out`)
//   post-ranked-share FILE  a trustee's decryption shares of a ranked contest
//   publish-ranked-result   decrypt, decode and count a ranked contest (--contest)
//   publish-result          decrypt the tally and post the result
//
// A submission is verified before it is posted (signature, proof, round,
// trustee) exactly as board_operator::post_* does in process.
//
// Exit: 0 done, 1 a submission or the record does not verify, 2 bad usage or
// input (a step out of turn, a malformed submission, the wrong key), 3 I/O
// (unreadable record or file, the board locked by another process).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "command.hpp"
#include "key_file.hpp"
#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/election/operator.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::election;

struct options {
    std::string dir, key, contest, file;
    bool json = false, truncate = false;
    std::size_t threads = 0;
};

int code_of(const error& e) {
    switch (e.code) {
        case errc::verify_failed: return cli::check_failed;
        case errc::io: return cli::io_error;
        default: return cli::bad_input;
    }
}

int fail(const error& e) {
    std::cerr << "scrutineer board: " << e.describe() << "\n";
    return code_of(e);
}

void print_state(const board_operator::summary& s, bool as_json) {
    if (as_json) {
        std::cout << s.to_json().dump(2) << "\n";
        return;
    }
    std::printf("entries %llu; cast %llu, challenged %llu, revoked %llu, counted %llu\n",
                static_cast<unsigned long long>(s.entries), static_cast<unsigned long long>(s.cast),
                static_cast<unsigned long long>(s.challenged), static_cast<unsigned long long>(s.revoked),
                static_cast<unsigned long long>(s.counted));
    std::printf("closed: %s; tally: %s; tally decryption shares: %zu; result: %s\n", s.closed ? "yes" : "no",
                s.tallied ? "posted" : "not yet", s.shares, s.result ? "posted" : "not yet");
    for (const auto& r : s.contests) {
        std::string mixers;
        for (auto m : r.mixers) {
            if (!mixers.empty()) mixers += ',';
            mixers += std::to_string(m);
        }
        std::printf("ranked contest \"%s\": mix-input %s, %llu papers, %u mixes (trustees %s), %zu share sets, ranked-result %s\n",
                    r.contest.c_str(), r.input ? "posted" : "not yet", static_cast<unsigned long long>(r.papers),
                    r.rounds, mixers.empty() ? "none" : mixers.c_str(), r.shares, r.result ? "posted" : "not yet");
    }
    std::printf("next: %s\n", s.next.c_str());
}

/// The homomorphic contests' ciphertexts in a tally: one per option.
std::size_t tally_width(const manifest& m) {
    std::size_t n = 0;
    for (const auto& c : m.contests)
        if (c.homomorphic()) n += c.options.size();
    return n;
}

int run(const std::string& action, const options& o) {
    parallel::set_threads(o.threads);
    auto key = cli::read_key_file(o.key);
    if (!key) return fail(key.err());
    const auto t0 = std::chrono::steady_clock::now();
    auto op = board_operator::resume(o.dir, std::move(*key), o.truncate ? torn_tail::truncate : torn_tail::refuse);
    if (!op) return fail(op.err());
    if (op->resumed_cancellations() > 0)
        std::cerr << "scrutineer board: posted " << op->resumed_cancellations()
                  << " cancellation(s) that a cast on the board required and a crash had left unposted\n";
    const auto& m = op->election_manifest();
    auto done = [&](const std::string& what) -> int {
        const status synced = op->sync();
        if (!synced) return fail(synced.err());
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("%s (board now %llu entries) in %.2f s\n", what.c_str(), static_cast<unsigned long long>(op->size()), secs);
        return cli::ok;
    };
    auto submission = [&]() -> result<record::json> {
        auto j = record::read_json_file(o.file);
        if (!j) return j.err();
        if (!j->is_object()) return error{errc::bad_input, o.file + ": not a JSON object"};
        return j;
    };

    if (action == "status") {
        print_state(op->state(), o.json);
        return cli::ok;
    }
    if (action == "tally") {
        auto t = op->tally();
        if (!t) return fail(t.err());
        return done("tally posted: " + std::to_string(t->ballots) + " ballots counted (weight " + std::to_string(t->weight) + ")");
    }
    if (action == "post-share") {
        auto j = submission();
        if (!j) return fail(j.err());
        auto sh = ceremony::decryption_share_from_json<record::G>(*j, m.trustees_n, tally_width(m));
        if (!sh) return fail(with_context(o.file, sh.err()));
        if (auto s = op->post_share(*sh); !s) return fail(s.err());
        return done("decryption shares of trustee " + std::to_string(sh->trustee) + " verified and posted");
    }
    if (action == "post-mix-input") {
        auto p = op->post_mix_input(o.contest);
        if (!p) return fail(p.err());
        return done("mix-input of \"" + o.contest + "\" posted: " + std::to_string(p->ciphertexts.size()) + " papers from " +
                    std::to_string(p->ballots) + " counted ballots");
    }
    if (action == "post-mix") {
        auto j = submission();
        if (!j) return fail(j.err());
        auto p = record::mix_payload::from_json(*j, m);
        if (!p) return fail(with_context(o.file, p.err()));
        auto e = op->post_mix(*p);
        if (!e) return fail(e.err());
        return done("mix of \"" + p->contest + "\" round " + std::to_string(p->round) + " by trustee " +
                    std::to_string(p->mixer) + " verified and posted as entry " + std::to_string(*e));
    }
    if (action == "post-ranked-share") {
        auto j = submission();
        if (!j) return fail(j.err());
        const std::string cid = j->contains("contest") && (*j)["contest"].is_string() ? (*j)["contest"].get<std::string>() : "";
        auto head = op->mix_head(cid);
        if (!head) return fail(head.err());
        auto p = record::ranked_share_payload::from_json(*j, m, head->size() * head->width());
        if (!p) return fail(with_context(o.file, p.err()));
        if (auto s = op->post_ranked_share(p->contest, p->share); !s) return fail(s.err());
        return done("decryption shares of trustee " + std::to_string(p->share.trustee) + " for \"" + p->contest +
                    "\" verified and posted");
    }
    if (action == "publish-ranked-result") {
        auto r = op->publish_ranked_result(o.contest);
        if (!r) return fail(r.err());
        std::string elected;
        for (const auto& x : r->elected) {
            if (!elected.empty()) elected += ", ";
            elected += x;
        }
        return done("ranked-result of \"" + o.contest + "\" posted: " + std::to_string(r->ballots.size()) + " papers (" +
                    std::to_string(r->invalid.size()) + " invalid); elected: " + (elected.empty() ? "none" : elected));
    }
    if (action == "publish-result") {
        auto r = op->publish_result();
        if (!r) return fail(r.err());
        for (const auto& c : r->contests) {
            std::printf("%s:", c.id.c_str());
            for (const auto& [id, v] : c.options) std::printf(" %s %llu", id.c_str(), static_cast<unsigned long long>(v));
            std::printf("\n");
        }
        return done("result posted");
    }
    return fail(error{errc::internal, "unknown action " + action});
}

cli::command reg(
    "board", "The board operator's steps after the close, one a process (status, tally, shares, mix chain, results)",
    [](CLI::App& sub) -> cli::runner {
        auto o = std::make_shared<options>();
        auto action = std::make_shared<std::string>();
        sub.require_subcommand(1);
        sub.footer("Each action reopens the record as the board operator (chain and signatures checked, the board\n"
                   "locked against other writers), does one step and exits. See docs/operator.md.\n"
                   "Exit: 0 done, 1 a submission or the record does not verify, 2 bad input or a step out of turn,\n"
                   "3 I/O error or the board locked by another process.");
        struct spec {
            const char* name;
            const char* help;
            bool contest, file;
        };
        static const spec specs[] = {
            {"status", "Where the election stands and what it waits for", false, false},
            {"tally", "Aggregate the counted ballots and post the encrypted tally", false, false},
            {"post-share", "Verify and post a trustee's decryption shares of the tally", false, true},
            {"post-mix-input", "Post a ranked contest's mix-input (the counted ballots' papers)", true, false},
            {"post-mix", "Verify and post a mixer's submission (written by scrutineer mix --out)", false, true},
            {"post-ranked-share", "Verify and post a trustee's decryption shares of a ranked contest's last mix", false, true},
            {"publish-ranked-result", "Combine the shares, decode and count a ranked contest, post its ranked-result", true, false},
            {"publish-result", "Combine the tally's shares and post the result (after every ranked-result)", false, false},
        };
        for (const auto& sp : specs) {
            auto* a = sub.add_subcommand(sp.name, sp.help);
            a->add_option("dir", o->dir, "the record directory")->required();
            a->add_option("--key", o->key, "file with the board operator's Ed25519 key seed (64 hex digits)")->required();
            if (sp.contest) a->add_option("--contest", o->contest, "the ranked contest's id")->required();
            if (sp.file) a->add_option("submission", o->file, "the submission (JSON, as the board entry's payload)")->required();
            if (std::string(sp.name) == "status") a->add_flag("--json", o->json, "print the state as JSON");
            a->add_flag("--truncate-torn-tail", o->truncate,
                        "cut off an incomplete last line (a crash mid-append; never acknowledged) instead of refusing");
            a->add_option("--threads", o->threads, "worker threads (0: all cores)")->default_val(0);
            a->callback([action, a] { *action = a->get_name(); });
        }
        return [o, action] { return run(*action, *o); };
    });

}  // namespace
