// `scrutineer ballot DIR --credentials FILE [--voter ID] --vote CONTEST=CHOICE …
// --out FILE [--opening-out FILE]`: a voter's device (election/ballot.hpp).
// Reads the open record DIR (manifest.json and the board's open entry, whose
// joint key it uses only if at least k trustees co-signed the open, so an
// operator cannot make voters encrypt under a key of its own), encrypts the
// choices with every proof, signs with the voter's credential and writes the
// ballot (one line of canonical JSON: ballots are cast with `scrutineer board
// cast`, which reads JSON Lines). Prints the tracking code.
//
// --vote, one per contest (contests not named are left blank):
//   plurality, k-of-n, approval   CONTEST=OPTION,OPTION…   the options marked
//   score                         CONTEST=OPTION:N,…       the scores given
//   ranked                        CONTEST=OPTION,OPTION…   most preferred first
//
// --opening-out writes the ballot's opening (its choices and nonces, mode
// 0600): for a Benaloh challenge (`scrutineer board challenge`) instead of
// casting; a challenged ballot never counts, and the device encrypts afresh.
//
// Exit: 0 written, 1 the record's open does not verify, 2 bad usage or input, 3 I/O error.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "command.hpp"
#include "key_file.hpp"
#include "scrutineer/election/operator.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::election;
namespace fs = std::filesystem;
using G = record::G;

struct options {
    std::string dir, credentials, voter, out, opening_out;
    std::vector<std::string> votes;
};

int fail(const error& e) {
    std::cerr << "scrutineer ballot: " << e.describe() << "\n";
    return e.code == errc::io ? cli::io_error : e.code == errc::verify_failed ? cli::check_failed : cli::bad_input;
}

/// The voter's choices from the --vote arguments; blank for contests not named.
result<choices> parse_votes(const manifest& m, const std::vector<std::string>& votes) {
    choices c;
    for (const auto& mc : m.contests) c[mc.id] = mc.homomorphic() ? std::vector<std::uint64_t>(mc.options.size(), 0) : std::vector<std::uint64_t>{};
    std::set<std::string> named;
    for (const auto& v : votes) {
        const auto eq = v.find('=');
        if (eq == std::string::npos) return error{errc::bad_input, "--vote " + v + ": expected CONTEST=CHOICES"};
        const std::string id = v.substr(0, eq);
        const auto it = std::find_if(m.contests.begin(), m.contests.end(), [&](const contest& x) { return x.id == id; });
        if (it == m.contests.end()) return error{errc::bad_input, "--vote " + v + ": no contest \"" + id + "\" in the manifest"};
        if (!named.insert(id).second) return error{errc::bad_input, "--vote: contest \"" + id + "\" given twice"};
        auto& out = c[id];
        std::string rest = v.substr(eq + 1);
        std::size_t pos = 0;
        while (pos < rest.size()) {
            std::size_t comma = rest.find(',', pos);
            if (comma == std::string::npos) comma = rest.size();
            std::string item = rest.substr(pos, comma - pos);
            pos = comma + 1;
            std::uint64_t value = 1;
            if (it->kind == contest_kind::score) {
                const auto colon = item.find(':');
                if (colon == std::string::npos)
                    return error{errc::bad_input, "--vote " + v + ": a score contest takes OPTION:N items"};
                const std::string n = item.substr(colon + 1);
                if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos)
                    return error{errc::bad_input, "--vote " + v + ": \"" + n + "\" is not a score"};
                value = std::stoull(n);
                item.resize(colon);
            }
            const auto o = std::find_if(it->options.begin(), it->options.end(), [&](const option& x) { return x.id == item; });
            if (o == it->options.end())
                return error{errc::bad_input, "--vote " + v + ": no option \"" + item + "\" in contest \"" + id + "\""};
            const auto index = static_cast<std::uint64_t>(o - it->options.begin());
            if (it->homomorphic()) {
                if (out[index] != 0) return error{errc::bad_input, "--vote " + v + ": option \"" + item + "\" given twice"};
                out[index] = value;
            } else {
                out.push_back(index);  // encrypt_ballot refuses repeats
            }
        }
    }
    return c;
}

int run(const options& o) {
    const fs::path dir = o.dir;
    auto m = record::read_manifest(dir);
    if (!m) return fail(m.err());
    // the joint key, from the open entry, trusted only with k trustees' co-signatures
    auto rd = board_reader::open(dir / record::files::board);
    if (!rd) return fail(rd.err());
    auto first = rd->next();
    if (!first) return fail(first.err());
    if (!first->has_value() || (*first)->kind != kinds::open)
        return fail(error{errc::bad_input, (dir / record::files::board).string() + ": the board is not open"});
    const auto& e0 = **first;
    auto open = record::open_payload::from_json(e0.payload);
    if (!open) return fail(with_context("board entry 0 (open)", open.err()));
    if (open->manifest_hash != m->hash())
        return fail(error{errc::verify_failed, "manifest.json is not the manifest the board was opened for"});
    if (e0.index != 0 || !verify_signature(e0.signer, e0.hash(), e0.sig))
        return fail(error{errc::verify_failed, "the open entry's signature does not verify"});
    std::vector<std::string> problems;
    const auto n = count_cosignatures(open->statement(e0.signer), open->trustees, open->cosignatures, problems);
    if (n < m->trustees_k)
        return fail(error{errc::verify_failed, "the open is co-signed by " + std::to_string(n) + " trustees, " +
                                                   std::to_string(m->trustees_k) + " needed: its key is not the trustees'"});

    auto creds = load_credentials(o.credentials);
    if (!creds) return fail(creds.err());
    const issued_credential* cred = nullptr;
    if (o.voter.empty()) {
        if (creds->size() != 1)
            return fail(error{errc::bad_input, o.credentials + " holds " + std::to_string(creds->size()) +
                                                   " credentials: say whose with --voter"});
        cred = &creds->front();
    } else {
        for (const auto& c : *creds)
            if (c.voter == o.voter) cred = &c;
        if (!cred) return fail(error{errc::bad_input, o.credentials + ": no credential of voter \"" + o.voter + "\""});
    }
    auto c = parse_votes(*m, o.votes);
    if (!c) return fail(c.err());
    auto b = encrypt_ballot<G>(*m, elgamal::public_key<G>(open->joint_key), cred->key, *c, default_rng());
    if (!b) return fail(b.err());
    if (auto s = record::write_json_file(o.out, b->value.to_json(), /*exclusive=*/true); !s) return fail(s.err());
    if (!o.opening_out.empty()) {
        const std::string text = open_ballot<G>(*b, *c).to_json().dump() + "\n";
        if (auto s = cli::write_new_secret_file(o.opening_out, as_bytes(text)); !s) return fail(s.err());
    }
    std::cout << "ballot of " << cred->voter << " written to " << o.out << "\ntracking code " << b->value.tracking_code()
              << "\n";
    if (!o.opening_out.empty())
        std::cout << "opening written to " << o.opening_out
                  << " (secret: reveal it only to challenge this ballot, which then never counts)\n";
    return cli::ok;
}

cli::command reg("ballot", "A voter's device: encrypt and sign a ballot for an open record (cast with scrutineer board cast)",
                 [](CLI::App& sub) -> cli::runner {
                     auto o = std::make_shared<options>();
                     sub.add_option("dir", o->dir, "the election record (its manifest and open entry are read)")->required();
                     sub.add_option("--credentials", o->credentials,
                                    "the voter's secret credential (JSON Lines from scrutineer credentials issue)")
                         ->required();
                     sub.add_option("--voter", o->voter, "whose credential, when the file holds several");
                     sub.add_option("--vote", o->votes,
                                    "CONTEST=OPTION,… (marked options; score: OPTION:N; ranked: most preferred first); "
                                    "repeat per contest, the others are left blank");
                     sub.add_option("--out", o->out, "file to write the ballot to (never overwritten)")->required();
                     sub.add_option("--opening-out", o->opening_out,
                                    "also write the ballot's opening (mode 0600), to challenge it instead of casting");
                     sub.footer("Exit: 0 written, 1 the record's open does not verify, 2 bad input, 3 I/O error.");
                     return [o] { return run(*o); };
                 });

}  // namespace
