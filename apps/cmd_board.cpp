// `scrutineer board ACTION DIR --key FILE …`: the board operator's side of an
// election, one step a process (election/operator.hpp, docs/operator.md).
//
// Before the open (docs/operator.md §1):
//   prepare                 check the setup and write the record directory
//                           waiting for its open entry (open-request.json)
//   open --cosignature F…   post the open entry with k trustees' co-signatures
// Every other action resumes the operator from the record
// (board_operator::resume: the board's chain and signatures are checked, the
// board is locked against other writers, its entries replayed, cancellations
// a crash left unposted are posted), does its one step and exits:
//
//   status                  where the election stands and what it waits for;
//                           read-only (no lock, nothing written), so it runs
//                           beside a process that holds the board
//   cast FILE               ballots (JSON Lines), each verified and cast; also
//                           {"challenge": …} and {"revoke": …} lines; FILE "-":
//                           standard input, posted and acknowledged as they arrive
//                           (SIGINT/SIGTERM: the batch in hand finished, then stop)
//   challenge --ballot --opening   a challenged ballot and its opening
//   revoke FILE             a revocation signed by the credential authority
//   close --cosignature F…  the close, co-signed by k trustees over the head
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
// Exit: 0 done, 1 a submission or the record does not verify (for cast: a
// ballot was refused; the others were cast), 2 bad usage or input (a step out
// of turn, a malformed submission, the wrong key), 3 I/O (unreadable record or
// file, the board locked by another process).
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "cosign_file.hpp"
#include "line_feed.hpp"
#include "key_file.hpp"
#include "progress.hpp"
#include "scrutineer/core/json_depth.hpp"
#include "setup_files.hpp"
#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/election/operator.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::election;
using G = record::G;

struct options {
    std::string dir, key, contest, file;
    bool json = false, truncate = false;
    std::size_t threads = 0;
    // prepare
    std::string manifest, roll, roll_signature, ceremony, trustee_keys;
    // open, close
    std::vector<std::string> cosignatures;
    // challenge
    std::string ballot, opening;
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

/// `board status`: the summary, and what a read beside a writer found in
/// flight (cancellations not posted yet, an incomplete last line).
void print_state(const board_operator::summary& s, std::size_t pending, std::optional<std::uint64_t> incomplete,
                 bool as_json) {
    if (as_json) {
        auto j = s.to_json();
        j["pending_cancellations"] = pending;
        j["incomplete_tail"] = incomplete ? record::json(*incomplete) : record::json(nullptr);
        std::cout << j.dump(2) << "\n";
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
    if (pending)
        std::printf("not on the board yet: %zu cancellation(s) the policy calls for (the process holding the board "
                    "posts them; if none is running, the next writing command does)\n",
                    pending);
    if (incomplete)
        std::printf("the board's last line, at byte offset %llu, is incomplete: an append in progress, or, if no "
                    "operator process is running, a torn tail (the next writing command refuses it; "
                    "--truncate-torn-tail cuts it off)\n",
                    static_cast<unsigned long long>(*incomplete));
}

/// The co-signatures in `files`, each of `kind` and on `statement`.
result<std::vector<record::cosignature>> read_cosignatures(const std::vector<std::string>& files, const std::string& kind,
                                                           const hash64& statement, std::uint64_t entries) {
    std::vector<record::cosignature> out;
    for (const auto& f : files) {
        auto c = cli::read_cosign_file(f);
        if (!c) return c.err();
        if (c->kind != kind) return error{errc::bad_input, f + ": a co-signature of the " + c->kind + ", not of the " + kind};
        if (c->statement != statement) {
            if (kind == "close" && c->entries != entries)
                return error{errc::verify_failed, f + ": trustee " + std::to_string(c->cosig.trustee) +
                                                      " co-signed the board at " + std::to_string(c->entries) +
                                                      " entries; it has " + std::to_string(entries) +
                                                      " now: every trustee co-signs the head again"};
            return error{errc::verify_failed, f + ": trustee " + std::to_string(c->cosig.trustee) +
                                                  " co-signed another statement than this " + kind + "'s"};
        }
        out.push_back(c->cosig);
    }
    return out;
}

int run_prepare(const options& o, const signing_key& key) {
    auto setup = read_setup_files(o.manifest, o.roll, o.ceremony);
    if (!setup) return fail(setup.err());
    auto rs = cli::read_roll_signature_file(o.roll_signature);
    if (!rs) return fail(rs.err());
    if (rs->election != setup->m.hash())
        return fail(error{errc::bad_input, o.roll_signature + ": signed for another manifest than " + o.manifest});
    if (rs->roll != setup->roll.commitment() || rs->size != setup->roll.size())
        return fail(error{errc::bad_input, o.roll_signature + ": signed for another roll than " + o.roll});
    auto tk = cli::read_trustee_keys(o.trustee_keys);
    if (!tk) return fail(tk.err());
    setup->authority = rs->authority;
    setup->roll_signature = rs->sig;
    setup->trustees = std::move(*tk);
    if (auto s = board_operator::stage(o.dir, *setup, key.public_key()); !s) return fail(s.err());
    const auto statement = setup->open_payload().statement(key.public_key());
    std::printf("prepared %s for election \"%s\": %zu voters, %llu of %llu trustees to co-sign\n", o.dir.c_str(),
                setup->m.election_id.c_str(), setup->roll.size(), static_cast<unsigned long long>(setup->m.trustees_k),
                static_cast<unsigned long long>(setup->m.trustees_n));
    std::printf("open statement: %s\n", to_hex(statement).c_str());
    std::printf("next: each trustee runs `scrutineer trustee cosign %s --key FILE --index I --out FILE`, then\n"
                "      `scrutineer board open %s --key ... --cosignature FILE ...`\n",
                o.dir.c_str(), o.dir.c_str());
    return cli::ok;
}

int run_open(const options& o, signing_key key) {
    auto st = board_operator::read_staged(o.dir);
    if (!st) return fail(st.err());
    auto cs = read_cosignatures(o.cosignatures, "open", st->statement, 0);
    if (!cs) return fail(cs.err());
    auto op = board_operator::open_staged(o.dir, std::move(key), std::move(*cs));
    if (!op) return fail(op.err());
    if (auto s = op->sync(); !s) return fail(s.err());
    std::printf("the board is open: entry 0 posted with %zu co-signatures; ballots may be cast\n", o.cosignatures.size());
    return cli::ok;
}

/// Every line of `file` (JSON Lines; blank lines skipped; "-": standard
/// input) posted in order: a ballot is cast; {"challenge": {"ballot": …,
/// "opening": …}} posts a Benaloh challenge and {"revoke": …} a revocation
/// (the payloads `board challenge` and `board revoke` take from files). Read
/// in batches whose ballots are parsed and checked on all cores
/// (board_operator::check_batch), then posted one by one; the board is synced
/// once a batch, and a batch's lines are reported only after that. A batch
/// ends at 1,024 lines or when no more input has arrived for `linger_ms`, so
/// that submissions piped in one at a time are posted and acknowledged as
/// they come, by one process that stays up until its input ends
/// (docs/operator.md §4).
int run_cast(board_operator& op, const std::string& file) {
    if (op.state().closed) return fail(error{errc::bad_input, "the board is closed: no more ballots"});
    constexpr std::size_t max_line = std::size_t{16} << 20;  // a ballot line is tens of KB
    constexpr int linger_ms = 20;
    constexpr std::size_t batch_limit = 1024;
    auto feed = cli::line_feed::open(file, max_line);
    if (!feed) return fail(feed.err());
    // SIGINT or SIGTERM: the batch in hand is finished (posted, synced,
    // acknowledged), nothing more is read, and the summary is printed
    static volatile std::sig_atomic_t stop_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = [](int sig) { stop_signal = sig; };
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a wait for input returns at once
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    feed->stop_when(&stop_signal);
    const std::string label = file == "-" ? "stdin" : file;
    std::error_code ec;
    const auto file_size = file == "-" ? 0 : std::filesystem::file_size(file, ec);
    cli::progress_line progress;
    auto show = progress.callback();
    if (file == "-") show = nullptr;  // no size to measure progress against
    /// A line, as parsed: a ballot to cast, a challenge, or a revocation.
    struct item {
        std::size_t line = 0;
        std::string text;
        std::optional<result<board_operator::checked_ballot>> checked;  ///< a ballot, once checked
        std::optional<std::pair<ballot<G>, ballot_opening<G>>> challenge;
        std::optional<record::revoke_payload> revoke;
    };
    std::vector<item> batch;
    std::size_t cast = 0, refused = 0, other = 0;
    std::string report;  // a batch's lines, printed once the batch is on disk: a ballot is cast when it is durable
    auto refuse = [&](std::size_t line, const error& e) {
        report.append(label).append(":").append(std::to_string(line)).append(": refused: ");
        report.append(e.describe()).append("\n");
        ++refused;
    };
    const auto& m = op.election_manifest();
    /// A challenge or a revocation line into `it`; an error for a malformed one.
    auto parse_other = [&](item& it, const record::json& j) -> status {
        const std::string kind = j.begin().key();
        const auto& v = j.begin().value();
        if (kind == "revoke") {
            auto r = record::revoke_payload::from_json(v);
            if (!r) return with_context("revoke", r.err());
            it.revoke = std::move(*r);
            return {};
        }
        if (!v.is_object() || v.size() != 2 || !v.contains("ballot") || !v.contains("opening"))
            return status(errc::bad_input, "challenge: an object of two fields, \"ballot\" and \"opening\"");
        auto b = ballot<G>::from_json(v["ballot"], m);
        if (!b) return with_context("challenge.ballot", b.err());
        auto o = ballot_opening<G>::from_json(v["opening"], m);
        if (!o) return with_context("challenge.opening", o.err());
        it.challenge.emplace(std::move(*b), std::move(*o));
        return {};
    };
    auto flush = [&]() -> std::optional<error> {
        std::vector<std::optional<result<ballot<G>>>> parsed(batch.size());
        parallel::for_chunks(batch.size(), 4, [&](std::size_t lo, std::size_t hi) {
            for (std::size_t k = lo; k < hi; ++k) {
                if (auto d = check_json_depth(batch[k].text); !d) {  // untrusted: nesting bounded before parsing
                    parsed[k].emplace(d.err());
                    continue;
                }
                auto j = record::json::parse(batch[k].text, nullptr, false);
                if (j.is_discarded()) {
                    parsed[k].emplace(error{errc::bad_input, "not JSON"});
                } else if (j.is_object() && j.size() == 1 && (j.contains("challenge") || j.contains("revoke"))) {
                    if (auto st = parse_other(batch[k], j); !st) parsed[k].emplace(st.err());
                } else {
                    parsed[k].emplace(ballot<G>::from_json(j, m));
                }
                std::string().swap(batch[k].text);
            }
        });
        // the ballots that parsed, checked together (one batch of proofs)
        std::vector<ballot<G>> well_formed;
        std::vector<std::size_t> where;
        for (std::size_t k = 0; k < batch.size(); ++k) {
            if (!parsed[k]) continue;  // a challenge or a revocation
            if (*parsed[k]) {
                well_formed.push_back(std::move(**parsed[k]));
                where.push_back(k);
            } else {
                batch[k].checked.emplace(parsed[k]->err());
            }
        }
        auto checked = op.check_batch(std::move(well_formed));
        for (std::size_t i = 0; i < where.size(); ++i) batch[where[i]].checked.emplace(std::move(checked[i]));
        for (auto& it : batch) {
            if (it.challenge || it.revoke) {  // posted in its place, between the casts around it
                auto e = it.revoke ? op.revoke(*it.revoke) : op.challenge(it.challenge->first, it.challenge->second);
                if (!e) {
                    if (e.err().code == errc::io) return e.err();
                    refuse(it.line, e.err());
                    continue;
                }
                ++other;
                report.append(label).append(":").append(std::to_string(it.line));
                if (it.revoke)
                    report.append(": revocation of ").append(it.revoke->voter).append(" posted as entry ");
                else
                    report.append(": challenge of ballot ").append(it.challenge->first.tracking_code()).append(" posted as entry ");
                report.append(std::to_string(*e)).append("\n");
                continue;
            }
            if (!*it.checked) {
                refuse(it.line, it.checked->err());
                continue;
            }
            auto r = op.cast(std::move(**it.checked));
            if (!r) {
                if (r.err().code == errc::io) return r.err();
                refuse(it.line, r.err());
                continue;
            }
            ++cast;
            report.append(label).append(":").append(std::to_string(it.line)).append(": cast as entry ");
            report.append(std::to_string(r->entry)).append(", tracking code ").append(r->tracking_code);
            for (const auto& c : r->cancelled) {
                report.append(" (cancels entry ").append(std::to_string(c.entry)).append(": ");
                report.append(c.reason).append(")");
            }
            report.append("\n");
        }
        if (auto s = op.sync(); !s) return s.err();
        std::fputs(report.c_str(), stdout);
        std::fflush(stdout);  // a provider reading the acknowledgements through a pipe sees them now
        report.clear();
        batch.clear();
        if (show && file_size > 0) show("cast", std::min(1.0, static_cast<double>(feed->consumed()) / static_cast<double>(file_size)));
        return std::nullopt;
    };
    std::string line;
    std::size_t no = 0;
    for (;;) {
        auto g = feed->next(line, batch.empty() ? -1 : linger_ms);
        if (!g) return fail(with_context(label, g.err()));
        if (*g == cli::line_feed::got::end) break;
        if (*g == cli::line_feed::got::idle) {
            if (auto e = flush()) return fail(*e);
            continue;
        }
        ++no;
        if (*g == cli::line_feed::got::too_long) {
            refuse(no, error{errc::bad_length, "a line longer than " + std::to_string(max_line >> 20) + " MiB"});
            continue;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        item it;
        it.line = no;
        it.text = std::move(line);
        batch.push_back(std::move(it));
        if (batch.size() >= batch_limit)
            if (auto e = flush()) return fail(*e);
    }
    if (auto e = flush()) return fail(*e);
    progress.done();
    if (stop_signal)
        std::fprintf(stderr, "scrutineer board cast: stopped by %s; the input was not read further\n",
                     stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
    std::printf("%zu ballots cast, %zu challenges and revocations posted, %zu refused (board now %llu entries)\n", cast,
                other, refused, static_cast<unsigned long long>(op.size()));
    return refused ? cli::check_failed : cli::ok;
}

int run(const std::string& action, const options& o) {
    parallel::set_threads(o.threads);
    auto key = cli::read_key_file(o.key);
    if (!key) return fail(key.err());
    if (action == "prepare") return run_prepare(o, *key);
    if (action == "open") return run_open(o, std::move(*key));
    if (action == "status") {  // a directory prepared for its open: nothing to resume yet
        std::error_code ec;
        const auto board_file = std::filesystem::path(o.dir) / record::files::board;
        if (std::filesystem::exists(std::filesystem::path(o.dir) / record::files::open_request, ec) &&
            !(std::filesystem::exists(board_file, ec) && std::filesystem::file_size(board_file, ec) > 0)) {
            auto st = board_operator::read_staged(o.dir);
            if (!st) return fail(st.err());
            const std::string next = "the trustees co-sign the open (" + std::to_string(st->setup.m.trustees_k) + " of " +
                                     std::to_string(st->setup.m.trustees_n) +
                                     ": scrutineer trustee cosign), then the operator opens (scrutineer board open)";
            if (o.json)
                std::cout << record::json{{"prepared", true}, {"entries", 0}, {"next", next}}.dump(2) << "\n";
            else
                std::printf("prepared for election \"%s\", not open yet (%zu voters on the roll)\nnext: %s\n",
                            st->setup.m.election_id.c_str(), st->setup.roll.size(), next.c_str());
            return cli::ok;
        }
    }
    const auto t0 = std::chrono::steady_clock::now();
    // cast appends a batch of ballots, then syncs once and only then reports
    // them cast; status only reads (beside a streaming cast, say)
    auto op = board_operator::resume(o.dir, std::move(*key), o.truncate ? torn_tail::truncate : torn_tail::refuse,
                                     action == "cast" ? durability::deferred : durability::each,
                                     action == "status" ? board_access::read_only : board_access::write);
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
        print_state(op->state(), op->pending_cancellations(), op->incomplete_tail(), o.json);
        return cli::ok;
    }
    if (action == "cast") return run_cast(*op, o.file);
    if (action == "challenge") {
        auto bj = record::read_json_file(o.ballot);
        if (!bj) return fail(bj.err());
        auto b = ballot<G>::from_json(*bj, m);
        if (!b) return fail(with_context(o.ballot, b.err()));
        auto oj = record::read_json_file(o.opening);
        if (!oj) return fail(oj.err());
        auto op_ = ballot_opening<G>::from_json(*oj, m);
        if (!op_) return fail(with_context(o.opening, op_.err()));
        auto e = op->challenge(*b, *op_);
        if (!e) return fail(e.err());
        return done("challenge of ballot " + b->tracking_code() + " verified and posted as entry " + std::to_string(*e));
    }
    if (action == "revoke") {
        auto j = submission();
        if (!j) return fail(j.err());
        auto r = record::revoke_payload::from_json(*j);
        if (!r) return fail(with_context(o.file, r.err()));
        auto e = op->revoke(*r);
        if (!e) return fail(e.err());
        return done("revocation of " + r->voter + " posted as entry " + std::to_string(*e) +
                    " (ballots cast before it still count)");
    }
    if (action == "close") {
        const auto c = op->close_statement();
        auto cs = read_cosignatures(o.cosignatures, "close", c.statement(op->manifest_hash()), c.entries);
        if (!cs) return fail(cs.err());
        if (auto s = op->close(std::move(*cs)); !s) return fail(s.err());
        return done("the board is closed after entry " + std::to_string(c.entries - 1));
    }
    if (action == "tally") {
        auto t = op->tally();
        if (!t) return fail(t.err());
        return done("tally posted: " + std::to_string(t->ballots) + " ballots counted (weight " + std::to_string(t->weight) + ")");
    }
    if (action == "post-share") {
        auto j = submission();
        if (!j) return fail(j.err());
        auto sh = ceremony::decryption_share_from_json<record::G>(*j, m.trustees_n, record::tally_width(m));
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
    "board", "The board operator's steps, one a process (open, cast, close, tally, shares, mix chain, results)",
    [](CLI::App& sub) -> cli::runner {
        auto o = std::make_shared<options>();
        auto action = std::make_shared<std::string>();
        sub.require_subcommand(1);
        sub.footer("Each action after the open reopens the record as the board operator (chain and signatures\n"
                   "checked, the board locked against other writers), does one step and exits. See docs/operator.md.\n"
                   "Exit: 0 done, 1 a submission or the record does not verify, 2 bad input or a step out of turn,\n"
                   "3 I/O error or the board locked by another process.");
        struct spec {
            const char* name;
            const char* help;
            bool contest, file;
        };
        static const spec specs[] = {
            {"prepare", "Check an election's setup and write the record directory waiting for its open", false, false},
            {"open", "Post the open entry, co-signed by k trustees (scrutineer trustee cosign)", false, false},
            {"status", "Where the election stands and what it waits for (read-only: runs beside a streaming cast)", false, false},
            {"cast", "Verify and cast ballots (JSON Lines, one ballot a line; scrutineer ballot)", false, true},
            {"challenge", "Verify and post a challenged ballot with its opening (Benaloh)", false, false},
            {"revoke", "Post a revocation signed by the credential authority (scrutineer credentials revoke)", false, true},
            {"close", "Post the close, co-signed by k trustees over the board's head (scrutineer trustee cosign)", false, false},
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
            const std::string name = sp.name;
            a->add_option("dir", o->dir, "the record directory")->required();
            a->add_option("--key", o->key, "file with the board operator's Ed25519 key seed (64 hex digits)")->required();
            if (sp.contest) a->add_option("--contest", o->contest, "the ranked contest's id")->required();
            if (sp.file)
                a->add_option("submission", o->file,
                              name == "cast" ? "the ballots (JSON Lines, one ballot a line; also {\"challenge\": "
                                               "{\"ballot\", \"opening\"}} and {\"revoke\": …} lines); - for standard "
                                               "input, each batch posted and acknowledged as it arrives"
                                             : "the submission (JSON, as the board entry's payload)")
                    ->required();
            if (name == "status") a->add_flag("--json", o->json, "print the state as JSON");
            if (name == "prepare") {
                a->add_option("--manifest", o->manifest, "the election's manifest (JSON)")->required();
                a->add_option("--roll", o->roll, "the public roll (scrutineer credentials issue)")->required();
                a->add_option("--roll-signature", o->roll_signature, "the authority's signature (scrutineer credentials sign-roll)")
                    ->required();
                a->add_option("--ceremony", o->ceremony, "the key ceremony's transcript (scrutineer trustee transcript)")
                    ->required();
                a->add_option("--trustee-keys", o->trustee_keys,
                              "text file: trustee i's public co-signing key (64 hex digits) on line i")
                    ->required();
            }
            if (name == "open" || name == "close")
                a->add_option("--cosignature", o->cosignatures, "a trustee's co-signature file (repeat; k needed)")
                    ->required();
            if (name == "challenge") {
                a->add_option("--ballot", o->ballot, "the ballot (JSON, scrutineer ballot --out)")->required();
                a->add_option("--opening", o->opening, "its opening (JSON, scrutineer ballot --opening-out)")->required();
            }
            if (name != "prepare" && name != "open" && name != "status")  // status writes nothing
                a->add_flag("--truncate-torn-tail", o->truncate,
                        "cut off an incomplete last line (a crash mid-append; never acknowledged) instead of refusing");
            a->add_option("--threads", o->threads, "worker threads (0: all cores)")->default_val(0);
            a->callback([action, a] { *action = a->get_name(); });
        }
        return [o, action] { return run(*action, *o); };
    });

}  // namespace
