// scrutineer CLI — `scrutineer trustee ...`: the key ceremony and threshold
// decryption, with trustees as separate processes that exchange messages only
// through files in a board directory (docs/ceremony.md, "Command line").
//
//   trustee setup    --board B --trustees n --threshold k (--election ID | --manifest FILE)
//   trustee keygen   --board B --index i --state FILE [--name N] [--wait SECONDS]
//   trustee verify   --board B
//   trustee encrypt  --board B --values 1,0,3 --out FILE
//   trustee decrypt  --board B --state FILE --input FILE [--label L]
//   trustee combine  --board B --input FILE [--label L] [--max M]
//   trustee transcript --board B --out FILE   (an election record's ceremony.json)
//   trustee share    DIR --state FILE (--tally | --contest ID) --out FILE [--no-check]
//                    this trustee's decryption shares of an election record's
//                    tally or of a ranked contest's last mix, for the operator
//                    (`scrutineer board post-share / post-ranked-share`)
//   trustee simulate --trustees n --threshold k [--seed S] [--bad-share D:R] [--silent D]
//
// Exit statuses: 0 success (or, without --wait, "waiting for other trustees"),
// 1 a check failed (disqualification, invalid shares, fewer than k),
// 2 bad usage or malformed input (the message names the file and the problem),
// 3 an I/O error.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "command.hpp"
#include "cosign_file.hpp"
#include "key_file.hpp"
#include "record_gate.hpp"
#include "scrutineer/election/mix.hpp"
#include "scrutineer/election/operator.hpp"
#include "scrutineer/election/record.hpp"
#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/ceremony/dkg.hpp"
#include "scrutineer/ceremony/simulation.hpp"
#include "scrutineer/scrutineer.hpp"
#include "scrutineer/core/json_depth.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::ceremony;
namespace fs = std::filesystem;
using G = ristretto255;

/// A failure carried to the subcommand's exit status.
struct failure {
    int code;
    std::string message;
};
[[noreturn]] void fail(int code, std::string msg) { throw failure{code, std::move(msg)}; }
[[noreturn]] void fail_input(const fs::path& file, const error& e) {
    fail(e.code == errc::io ? cli::io_error : cli::bad_input, file.string() + ": " + e.message);
}
template <class T>
T need(result<T> r, const fs::path& file) {
    if (!r) fail_input(file, r.err());
    return std::move(r).value();
}

// --------------------------------------------------------------- files

secure_bytes read_secret_file(const fs::path& p) {
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(cli::io_error, p.string() + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < 0 || st.st_size > (64 << 20)) {
        ::close(fd);
        fail(cli::io_error, p.string() + ": cannot read (or larger than 64 MiB)");
    }
    if ((st.st_mode & 077) != 0)
        std::cerr << "warning: " << p.string() << " is readable by others; it should have mode 0600\n";
    secure_bytes b(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < b.size()) {
        auto n = ::read(fd, b.data() + got, b.size() - got);
        if (n <= 0) {
            ::close(fd);
            fail(cli::io_error, p.string() + ": read error");
        }
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return b;
}

/// Writes `data` to `p` atomically (temporary file, then rename) with `mode`.
void write_atomic(const fs::path& p, byte_span data, mode_t mode) {
    const fs::path tmp = p.string() + ".tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) fail(cli::io_error, tmp.string() + ": cannot create: " + std::strerror(errno));
    ::fchmod(fd, mode);
    std::size_t done = 0;
    while (done < data.size()) {
        auto n = ::write(fd, data.data() + done, data.size() - done);
        if (n <= 0) {
            ::close(fd);
            fail(cli::io_error, tmp.string() + ": write error");
        }
        done += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    std::error_code ec;
    fs::rename(tmp, p, ec);
    if (ec) fail(cli::io_error, p.string() + ": cannot rename into place: " + ec.message());
}
void write_public(const fs::path& p, const json& j) {
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    const std::string s = j.dump(2) + "\n";
    write_atomic(p, as_bytes(s), 0644);
}
void write_secret(const fs::path& p, const secure_bytes& b) { write_atomic(p, b.span(), 0600); }

/// The JSON document in file p; errors (io, bad_input) name the file.
result<json> try_read_json(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    if (!f) return error{errc::io, p.string() + ": cannot open"};
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string text = ss.str();
    if (auto d = check_json_depth(text); !d) return error{errc::bad_input, p.string() + ": " + d.err().message};
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return error{errc::bad_input, p.string() + ": not valid JSON"};
    return j;
}

json read_json(const fs::path& p) {
    auto j = try_read_json(p);
    if (!j) fail(j.err().code == errc::io ? cli::io_error : cli::bad_input, j.err().message);
    return std::move(*j);
}

// --------------------------------------------------------------- the board

struct board {
    fs::path dir;
    fs::path params_file() const { return dir / "ceremony.json"; }
    fs::path key_file() const { return dir / "election-key.json"; }
    fs::path keygen(const std::string& kind, std::uint32_t i) const {
        return dir / "keygen" / (kind + "-" + std::to_string(i) + ".json");
    }
    fs::path decrypt_dir(const std::string& label) const { return dir / "decrypt" / label; }

    parameters params() const { return need(parameters_from_json<G>(read_json(params_file())), params_file()); }
    election_key<G> key() const { return need(election_key_from_json<G>(read_json(key_file())), key_file()); }

    /// Which of kind-1..n exist.
    std::vector<std::uint32_t> missing(const std::string& kind, std::uint32_t n) const {
        std::vector<std::uint32_t> m;
        for (std::uint32_t i = 1; i <= n; ++i)
            if (!fs::exists(keygen(kind, i))) m.push_back(i);
        return m;
    }
    /// Waits (polling) until every kind-1..n exists or `seconds` pass; returns what is still missing.
    std::vector<std::uint32_t> wait_for(const std::string& kind, std::uint32_t n, double seconds) const {
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        auto m = missing(kind, n);
        while (!m.empty() && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            m = missing(kind, n);
        }
        return m;
    }

    template <class T, class F>
    std::vector<T> read_all(const std::string& kind, std::uint32_t n, F decode) const {
        std::vector<T> out;
        for (std::uint32_t i = 1; i <= n; ++i) {
            const auto p = keygen(kind, i);
            if (!fs::exists(p)) continue;
            auto v = decode(read_json(p));
            if (!v) fail_input(p, v.err());
            out.push_back(std::move(*v));
        }
        return out;
    }
    /// Checks that a message file claims to come from the trustee its name says.
    static void check_sender(const fs::path& p, std::uint32_t claimed, std::uint32_t expected) {
        if (claimed != expected)
            fail(cli::bad_input, p.string() + ": message from trustee " + std::to_string(claimed) + " in trustee " +
                                     std::to_string(expected) + "'s file");
    }

    std::vector<announcement> announcements(std::uint32_t n) const {
        std::vector<announcement> out;
        for (std::uint32_t i = 1; i <= n; ++i) {
            const auto p = keygen("announce", i);
            if (!fs::exists(p)) continue;
            auto a = need(announcement_from_json(read_json(p), n), p);
            check_sender(p, a.trustee, i);
            out.push_back(a);
        }
        return out;
    }
    std::vector<commitment_message<G>> commitments(const parameters& prm) const {
        std::vector<commitment_message<G>> out;
        for (std::uint32_t i = 1; i <= prm.n; ++i) {
            const auto p = keygen("commit", i);
            if (!fs::exists(p)) continue;
            auto c = need(commitment_from_json<G>(read_json(p), prm), p);
            check_sender(p, c.trustee, i);
            out.push_back(c);
        }
        return out;
    }
    std::vector<encrypted_share> shares(std::uint32_t n) const {
        std::vector<encrypted_share> out;
        for (std::uint32_t i = 1; i <= n; ++i) {
            const auto p = keygen("shares", i);
            if (!fs::exists(p)) continue;
            json j = read_json(p);
            if (!j.is_array() || j.size() > n) fail(cli::bad_input, p.string() + ": not an array of at most n shares");
            for (const auto& x : j) {
                auto s = need(encrypted_share_from_json(x, n), p);
                check_sender(p, s.dealer, i);
                out.push_back(s);
            }
        }
        return out;
    }
    std::vector<share_report> reports(std::uint32_t n) const {
        std::vector<share_report> out;
        for (std::uint32_t i = 1; i <= n; ++i) {
            const auto p = keygen("report", i);
            if (!fs::exists(p)) continue;
            auto r = need(share_report_from_json(read_json(p), n), p);
            check_sender(p, r.trustee, i);
            out.push_back(r);
        }
        return out;
    }
    std::vector<complaint_answer<G>> answers(std::uint32_t n) const {
        std::vector<complaint_answer<G>> out;
        for (std::uint32_t i = 1; i <= n; ++i) {
            const auto p = keygen("answers", i);
            if (!fs::exists(p)) continue;
            json j = read_json(p);
            if (!j.is_array() || j.size() > n) fail(cli::bad_input, p.string() + ": not an array of at most n answers");
            for (const auto& x : j) {
                auto a = need(complaint_answer_from_json<G>(x, n), p);
                check_sender(p, a.dealer, i);
                out.push_back(a);
            }
        }
        return out;
    }
    transcript<G> record() const {
        const auto prm = params();
        return {prm, announcements(prm.n), commitments(prm), reports(prm.n), answers(prm.n)};
    }
};

std::string list(const std::vector<std::uint32_t>& v) {
    std::string s;
    for (auto i : v) s += (s.empty() ? "" : ", ") + std::to_string(i);
    return s;
}

/// The phase recorded in a state file ("announced", ..., or "key").
std::string state_phase(const fs::path& p) {
    auto b = read_secret_file(p);
    if (auto d = check_json_depth(b.span()); !d) fail(cli::bad_input, p.string() + ": not a trustee state file (" + d.err().message + ")");
    json j = json::parse(b.data(), b.data() + b.size(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) fail(cli::bad_input, p.string() + ": not a trustee state file (invalid JSON)");
    std::string phase;
    const std::string kind = j.contains("kind") && j["kind"].is_string() ? j["kind"].get<std::string>() : std::string();
    if (kind == "scrutineer-trustee-key")
        phase = "key";
    else if (kind == "scrutineer-trustee-state" && j.contains("phase") && j["phase"].is_string())
        phase = j["phase"].get<std::string>();
    ceremony::detail::wipe_strings(j);
    if (phase.empty()) fail(cli::bad_input, p.string() + ": not a trustee state file");
    return phase;
}

// --------------------------------------------------------------- subcommands

struct options {
    std::string board_dir, state, name, election, input, out, label = "tally", values;
    std::uint32_t index = 0, n = 0, k = 0, attempt = 1;
    double wait = 0;
    std::uint64_t max = 0, seed = 0;
    bool seeded = false;
    std::vector<std::string> bad_shares;
    std::vector<std::uint32_t> silent;
    // share
    std::string record_dir, contest, manifest_file;
    bool tally = false, no_check = false;
    // cosign
    std::string key_file;
    std::size_t threads = 0;
};

int cmd_setup(const options& o) {
    parameters p;
    p.n = o.n;
    p.k = o.k;
    p.attempt = o.attempt;
    if (o.election.empty() == o.manifest_file.empty()) fail(cli::bad_input, "give exactly one of --election and --manifest");
    if (!o.manifest_file.empty()) {
        // an election's ceremony is bound to its manifest's hash (docs/spec.md §8.6)
        const fs::path mf = o.manifest_file;
        const auto m = need(election::manifest::from_json(need(election::record::read_json_file(mf), mf)), mf);
        if (m.trustees_n != o.n || m.trustees_k != o.k)
            fail(cli::bad_input, o.manifest_file + ": the manifest's trustees are " + std::to_string(m.trustees_k) + "-of-" +
                                     std::to_string(m.trustees_n) + ", not " + std::to_string(o.k) + "-of-" + std::to_string(o.n));
        const auto h = m.hash();
        p.election = bytes(h.begin(), h.end());
    } else {
        p.election = bytes(as_bytes(o.election).begin(), as_bytes(o.election).end());
    }
    if (auto s = p.validate(); !s) fail(cli::bad_input, s.err().message);
    board b{o.board_dir};
    std::error_code ec;
    fs::create_directories(b.dir / "keygen", ec);
    if (ec) fail(cli::io_error, b.dir.string() + ": cannot create: " + ec.message());
    if (fs::exists(b.params_file())) {
        if (b.params() == p) {
            std::cout << "board " << b.dir.string() << " already set up with these parameters\n";
            return cli::ok;
        }
        fail(cli::bad_input, b.params_file().string() + ": exists with different parameters");
    }
    write_public(b.params_file(), to_json<G>(p));
    std::cout << "board " << b.dir.string() << ": ceremony for " << p.n << " trustees, threshold " << p.k
              << ", context " << p.context().hex() << "\n";
    return cli::ok;
}

/// Runs this trustee's ceremony as far as the board allows.
int cmd_keygen(const options& o) {
    board b{o.board_dir};
    const auto p = b.params();
    if (o.index == 0 || o.index > p.n) fail(cli::bad_input, "--index must be in 1.." + std::to_string(p.n));
    const fs::path state = o.state;
    const std::uint32_t i = o.index;
    auto say = [&](const std::string& s) { std::cout << "trustee " << i << ": " << s << "\n" << std::flush; };
    // Missing messages: wait if asked; after the wait, phases past the first go on
    // without them (the missing trustees are then disqualified by the transcript).
    auto gather = [&](const std::string& kind, bool required) -> bool {
        auto m = o.wait > 0 ? b.wait_for(kind, p.n, o.wait) : b.missing(kind, p.n);
        if (m.empty()) return true;
        if (o.wait <= 0) {
            say("waiting for " + kind + " from trustees " + list(m) + "; run again later");
            return false;
        }
        if (required) fail(cli::check_failed, "timed out waiting for " + kind + " from trustees " + list(m));
        say("timed out waiting for " + kind + " from trustees " + list(m) + "; going on without them");
        return true;
    };

    if (!fs::exists(state)) {
        if (fs::exists(b.keygen("announce", i)))
            fail(cli::bad_input, b.keygen("announce", i).string() + ": trustee " + std::to_string(i) +
                                     " has already announced, but the state file " + state.string() + " does not exist");
        auto st = need(begin<G>(p, i, o.name.empty() ? "trustee-" + std::to_string(i) : o.name,
                                comm_key_pair::generate(default_rng()), default_rng()),
                       state);
        write_secret(state, st.state.save());
        write_public(b.keygen("announce", i), to_json(st.message));
        say("announced (state saved to " + state.string() + ")");
    }
    // every phase: the state must be this trustee's, in this board's ceremony
    // (another's would publish its messages under this trustee's name)
    auto mine = [&](std::uint32_t index, const parameters& q) {
        if (index != i || !(q == p))
            fail(cli::bad_input, state.string() + ": state of another trustee or ceremony (trustee " + std::to_string(index) +
                                     (q == p ? "" : ", another ceremony") + "; this is trustee " + std::to_string(i) + ")");
    };
    for (;;) {
        const std::string phase = state_phase(state);
        if (phase == "announced") {
            auto st = need(trustee_announced<G>::load(read_secret_file(state).span()), state);
            mine(st.index(), st.params());
            if (!fs::exists(b.keygen("announce", i)))  // interrupted between saving and publishing
                write_public(b.keygen("announce", i), to_json(st.own_announcement()));
            if (!gather("announce", true)) return cli::ok;
            auto x = std::move(st).publish(b.announcements(p.n), default_rng());
            if (!x) fail(cli::bad_input, "board " + b.dir.string() + ": " + x.err().message);
            json shares = json::array();
            for (const auto& s : x->message.shares) shares.push_back(to_json(s));
            write_public(b.keygen("shares", i), shares);
            write_public(b.keygen("commit", i), to_json<G>(x->message.commitments));
            write_secret(state, x->state.save());
            say("published commitments and encrypted shares");
        } else if (phase == "dealt") {
            auto st = need(trustee_dealt<G>::load(read_secret_file(state).span()), state);
            mine(st.index(), st.params());
            if (!gather("commit", false) || !gather("shares", false)) return cli::ok;
            auto x = std::move(st).receive(b.commitments(p), b.shares(p.n));
            if (!x) fail(cli::bad_input, "board " + b.dir.string() + ": " + x.err().message);
            write_public(b.keygen("report", i), to_json(x->message));
            write_secret(state, x->state.save());
            say(x->message.complaints.empty() ? "all shares checked, no complaints"
                                              : "published " + std::to_string(x->message.complaints.size()) + " complaint(s)");
        } else if (phase == "checked") {
            auto st = need(trustee_checked<G>::load(read_secret_file(state).span()), state);
            mine(st.index(), st.params());
            if (!gather("report", false)) return cli::ok;
            auto x = std::move(st).answer(b.reports(p.n));
            if (!x) fail(cli::bad_input, "board " + b.dir.string() + ": " + x.err().message);
            json answers = json::array();
            for (const auto& a : x->message) answers.push_back(to_json<G>(a));
            write_public(b.keygen("answers", i), answers);
            write_secret(state, x->state.save());
            say("answered " + std::to_string(x->message.size()) + " complaint(s)");
        } else if (phase == "answered") {
            auto st = need(trustee_answered<G>::load(read_secret_file(state).span()), state);
            mine(st.index(), st.params());
            if (!gather("answers", false)) return cli::ok;
            const auto answers = b.answers(p.n);
            auto out = verify_transcript<G>(st.public_transcript(answers));
            if (!out) fail(cli::bad_input, "board " + b.dir.string() + ": " + out.err().message);
            if (!out->complete()) {
                say(out->describe());
                return cli::check_failed;
            }
            auto key = std::move(st).finish(answers);
            if (!key) fail(cli::check_failed, key.err().message);
            write_secret(state, key->save());
            const json ek = to_json<G>(key->election());
            if (fs::exists(b.key_file())) {
                if (read_json(b.key_file()) != ek)
                    fail(cli::check_failed, b.key_file().string() + ": differs from the key this trustee computed");
            } else {
                write_public(b.key_file(), ek);
            }
            say("ceremony complete; joint key " + G::encode(key->election().joint_key).hex());
        } else if (phase == "key") {
            auto key = need(trustee_key<G>::load(read_secret_file(state).span()), state);
            mine(key.index(), key.election().params);
            say("done (the state file holds this trustee's key share)");
            return cli::ok;
        } else {
            fail(cli::bad_input, state.string() + ": unknown phase \"" + phase + "\"");
        }
    }
}

proof_context decryption_context(const parameters& p, const std::string& label) {
    return p.context().derive("decryption", label);
}

void check_label(const std::string& label) {
    if (label.empty() || label.size() > 64 ||
        label.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos || label[0] == '.')
        fail(cli::bad_input, "--label must be 1-64 characters from [a-z0-9-_.], not starting with '.'");
}

std::vector<elgamal::ciphertext<G>> read_ciphertexts(const fs::path& p) {
    json j = read_json(p);
    ceremony::detail::json_reader r(j, "ciphertext file");
    auto a = r.field("ciphertexts");
    if (!a) fail_input(p, a.err());
    return need(ciphertexts_from_json<G>(**a), p);
}

/// The decryption share files share-1.json … share-n.json in `dir`, each for
/// `count` ciphertexts. A file that does not read or parse, or that claims
/// another trustee than its name, is left out and reported to `problem`
/// (anyone can write to the board; the combination then judges the rest).
std::vector<decryption_share<G>> read_share_files(const fs::path& dir, std::uint32_t n, std::size_t count,
                                                  const std::function<void(const std::string&)>& problem) {
    std::vector<decryption_share<G>> shares;
    for (std::uint32_t i = 1; i <= n; ++i) {
        const auto p = dir / ("share-" + std::to_string(i) + ".json");
        if (!fs::exists(p)) continue;
        auto j = try_read_json(p);
        if (!j) {
            problem("share of trustee " + std::to_string(i) + " left out: " + j.err().message);
            continue;
        }
        auto s = decryption_share_from_json<G>(*j, n, count);
        if (!s) {
            problem("share of trustee " + std::to_string(i) + " left out: " + p.string() + ": " + s.err().message);
            continue;
        }
        if (s->trustee != i) {
            problem("share in " + p.string() + " claims trustee " + std::to_string(s->trustee) + "; left out");
            continue;
        }
        shares.push_back(std::move(*s));
    }
    return shares;
}

int cmd_verify(const options& o) {
    board b{o.board_dir};
    auto out = verify_transcript<G>(b.record());
    if (!out) fail(cli::bad_input, "board " + b.dir.string() + ": " + out.err().message);
    std::cout << "ceremony transcript: " << out->describe() << "\n";
    if (!out->complete()) return cli::check_failed;
    if (!fs::exists(b.key_file())) {
        std::cout << "no election-key.json on the board\n";
        return cli::check_failed;
    }
    if (read_json(b.key_file()) != to_json<G>(*out->key)) {
        std::cout << b.key_file().string() << ": does not match the transcript\n";
        return cli::check_failed;
    }
    std::cout << "joint key " << G::encode(out->key->joint_key).hex() << " matches election-key.json\n";
    int status = cli::ok;
    std::error_code ec;
    if (fs::is_directory(b.dir / "decrypt", ec))
        for (const auto& d : fs::directory_iterator(b.dir / "decrypt")) {
            const auto label = d.path().filename().string();
            if (!fs::exists(d.path() / "ciphertexts.json")) continue;
            const auto cts = read_ciphertexts(d.path() / "ciphertexts.json");
            const auto shares = read_share_files(d.path(), out->key->params.n, cts.size(), [&](const std::string& why) {
                std::cout << "decryption " << label << ": " << why << "\n";
                status = cli::check_failed;
            });
            auto res = combine_vartime<G>(*out->key, decryption_context(out->key->params, label), cts, shares);
            if (!res) {
                std::cout << "decryption " << label << ": " << res.err().message << "\n";
                status = cli::check_failed;
                continue;
            }
            for (const auto& x : res->rejected)
                std::cout << "decryption " << label << ": share of trustee " << x.trustee << " rejected: " << x.reason << "\n";
            const auto rp = d.path() / "result.json";
            if (fs::exists(rp)) {
                json rj = read_json(rp);
                json pts = json::array();
                for (const auto& m : res->plaintexts) pts.push_back(G::encode(m).hex());
                if (!rj.is_object() || !rj.contains("plaintexts") || rj["plaintexts"] != pts) {
                    std::cout << "decryption " << label << ": result.json does not match the shares\n";
                    status = cli::check_failed;
                    continue;
                }
            }
            std::cout << "decryption " << label << ": " << cts.size() << " ciphertexts, shares of trustees "
                      << list(res->used) << " verified\n";
        }
    return status;
}

int cmd_encrypt(const options& o) {
    board b{o.board_dir};
    const auto key = b.key();
    elgamal::public_key<G> pk(key.joint_key);
    std::unique_ptr<rng> r = o.seeded ? std::unique_ptr<rng>(new seeded_rng(o.seed)) : std::unique_ptr<rng>(new system_rng());
    std::vector<elgamal::ciphertext<G>> cts;
    std::stringstream ss(o.values);
    std::string item;
    while (std::getline(ss, item, ',')) {
        std::uint64_t v = 0;
        try {
            std::size_t used = 0;
            v = std::stoull(item, &used);
            if (used != item.size()) throw std::invalid_argument("trailing");
        } catch (const std::exception&) {
            fail(cli::bad_input, "--values: \"" + item + "\" is not a non-negative integer");
        }
        cts.push_back(elgamal::encrypt_exp<G>(pk, v, *r).ct);
    }
    if (cts.empty()) fail(cli::bad_input, "--values: no values");
    write_public(o.out, json{{"group", std::string(G::name)}, {"ciphertexts", to_json<G>(std::span<const elgamal::ciphertext<G>>(cts))}});
    std::cout << "encrypted " << cts.size() << " value(s) under the joint key to " << o.out << "\n";
    return cli::ok;
}

int cmd_decrypt(const options& o) {
    check_label(o.label);
    board b{o.board_dir};
    auto key = need(trustee_key<G>::load(read_secret_file(o.state).span()), o.state);
    if (to_json<G>(key.election()) != read_json(b.key_file()))
        fail(cli::bad_input, o.state + ": key of another ceremony than " + b.key_file().string());
    const auto cts = read_ciphertexts(o.input);
    const auto dir = b.decrypt_dir(o.label);
    const auto copy = dir / "ciphertexts.json";
    if (fs::exists(copy)) {
        if (to_json<G>(std::span<const elgamal::ciphertext<G>>(read_ciphertexts(copy))) !=
            to_json<G>(std::span<const elgamal::ciphertext<G>>(cts)))
            fail(cli::bad_input, copy.string() + ": the board holds other ciphertexts under label " + o.label);
    } else {
        write_public(copy, json{{"group", std::string(G::name)}, {"ciphertexts", to_json<G>(std::span<const elgamal::ciphertext<G>>(cts))}});
    }
    auto share = prove_decryption_share<G>(key, decryption_context(key.election().params, o.label), cts, default_rng());
    write_public(dir / ("share-" + std::to_string(key.index()) + ".json"), to_json<G>(share));
    std::cout << "trustee " << key.index() << ": published decryption shares for " << cts.size() << " ciphertext(s) under label "
              << o.label << "\n";
    return cli::ok;
}

int cmd_combine(const options& o) {
    check_label(o.label);
    board b{o.board_dir};
    const auto key = b.key();
    const auto dir = b.decrypt_dir(o.label);
    const fs::path input = o.input.empty() ? dir / "ciphertexts.json" : fs::path(o.input);
    const auto cts = read_ciphertexts(input);
    const auto shares = read_share_files(dir, key.params.n, cts.size(), [](const std::string& why) { std::cout << why << "\n"; });
    auto res = combine_vartime<G>(key, decryption_context(key.params, o.label), cts, shares);
    if (!res) {
        std::cout << "cannot decrypt: " << res.err().message << "\n";
        return cli::check_failed;
    }
    for (const auto& x : res->rejected) std::cout << "share of trustee " << x.trustee << " rejected: " << x.reason << "\n";
    json pts = json::array(), vals = json::array();
    std::unique_ptr<elgamal::dlog_table<G>> table;
    if (o.max > 0) table = std::make_unique<elgamal::dlog_table<G>>(o.max);
    for (std::size_t j = 0; j < res->plaintexts.size(); ++j) {
        pts.push_back(G::encode(res->plaintexts[j]).hex());
        if (table) {
            auto v = table->discrete_log_vartime(res->plaintexts[j]);
            vals.push_back(v ? json(*v) : json(nullptr));
            std::cout << "ciphertext " << j << ": " << (v ? std::to_string(*v) : "not in [0, " + std::to_string(o.max) + "]") << "\n";
        }
    }
    json out{{"label", o.label}, {"used", res->used}, {"plaintexts", pts}};
    if (table) out["values"] = vals;
    write_public(dir / "result.json", out);
    std::cout << "decrypted " << cts.size() << " ciphertext(s) with the shares of trustees " << list(res->used) << "\n";
    return cli::ok;
}

int cmd_simulate(const options& o) {
    parameters p;
    p.n = o.n;
    p.k = o.k;
    const auto e = as_bytes("scrutineer-simulated-ceremony");
    p.election = bytes(e.begin(), e.end());
    if (auto s = p.validate(); !s) fail(cli::bad_input, s.err().message);
    simulation_faults f;
    for (const auto& s : o.bad_shares) {
        unsigned d = 0, r = 0;
        char c = 0;
        std::istringstream in(s);
        if (!(in >> d >> c >> r) || c != ':' || d == 0 || r == 0 || d > p.n || r > p.n || d == r)
            fail(cli::bad_input, "--bad-share \"" + s + "\": expected DEALER:RECIPIENT, two different indices in 1.." + std::to_string(p.n));
        f.bad_shares.push_back({d, r});
    }
    for (auto d : o.silent) {
        if (d == 0 || d > p.n) fail(cli::bad_input, "--silent " + std::to_string(d) + ": not in 1.." + std::to_string(p.n));
        f.silent_dealers.insert(d);
    }
    std::unique_ptr<rng> r = o.seeded ? std::unique_ptr<rng>(new seeded_rng(o.seed)) : std::unique_ptr<rng>(new system_rng());
    const auto t0 = std::chrono::steady_clock::now();
    auto sim = simulate_ceremony<G>(p, *r, f);
    if (!sim) fail(cli::bad_input, sim.err().message);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "simulated key ceremony: " << p.n << " trustees, threshold " << p.k << " (" << ms << " ms)\n";
    for (const auto& rep : sim->record.reports)
        for (const auto& c : rep.complaints)
            std::cout << "  trustee " << rep.trustee << " complains about trustee " << c.dealer << ": " << c.reason << "\n";
    for (const auto& a : sim->record.answers)
        std::cout << "  trustee " << a.dealer << " answers trustee " << a.recipient << " by revealing the share\n";
    std::cout << "  outcome: " << sim->result.describe() << "\n";
    if (!sim->result.complete()) return cli::check_failed;
    const auto& key = *sim->result.key;
    std::cout << "  joint key " << G::encode(key.joint_key).hex() << "\n";
    elgamal::public_key<G> pk(key.joint_key);
    const std::vector<std::uint64_t> votes{3, 1, 4};
    std::vector<elgamal::ciphertext<G>> cts;
    for (auto v : votes) cts.push_back(elgamal::encrypt_exp<G>(pk, v, *r).ct);
    const auto ctx = p.context().derive("decryption", "simulation");
    std::vector<decryption_share<G>> shares;
    for (std::uint32_t i = 1; i <= p.k; ++i) shares.push_back(prove_decryption_share<G>(sim->keys[i - 1], ctx, cts, *r));
    auto res = combine_vartime<G>(key, ctx, cts, shares, *r);
    if (!res) fail(cli::check_failed, res.err().message);
    elgamal::dlog_table<G> table(16);
    bool ok = true;
    for (std::size_t j = 0; j < cts.size(); ++j) {
        auto v = table.discrete_log_vartime(res->plaintexts[j]);
        ok = ok && v && *v == votes[j];
    }
    std::cout << "  threshold decryption of (3, 1, 4) by trustees " << list(res->used) << ": "
              << (ok ? "correct" : "WRONG") << "\n";
    return ok ? cli::ok : cli::check_failed;
}

/// `trustee transcript`: the finished ceremony's public transcript, as an
/// election record's ceremony.json (ceremony::to_json of the transcript).
int cmd_transcript(const options& o) {
    board b{o.board_dir};
    const auto t = b.record();
    auto out = verify_transcript<G>(t);
    if (!out) fail(cli::bad_input, "board " + b.dir.string() + ": " + out.err().message);
    if (!out->complete()) {
        std::cout << "ceremony transcript: " << out->describe() << "\n";
        return cli::check_failed;
    }
    const auto j = to_json<G>(t);
    if (auto s = election::record::write_json_file(o.out, j, /*exclusive=*/true); !s) fail(cli::io_error, s.err().describe());
    std::cout << "ceremony complete; transcript written to " << o.out << "\njoint key "
              << G::encode(out->key->joint_key).hex() << "\nceremony hash " << to_hex(election::record::ceremony_hash(j)) << "\n";
    return cli::ok;
}

// --------------------------------------------------------------- share (election records)

/// `trustee share`: this trustee's decryption shares, with proofs, of a
/// record's tally (--tally) or of a ranked contest's last mix (--contest),
/// written as the board payload the operator posts. A trustee decrypts only
/// what it has checked may be decrypted: unless --no-check, the record must
/// verify as far as it goes (for the tally: everything up to T1, so the
/// tally is the sum of exactly the counted ballots and not, say, one voter's
/// ballot; for a ranked contest, as for a mixer, plus the chain's proofs);
/// and a ranked contest's papers must have been mixed by at least k distinct
/// trustees (so at least one honest mixer hid who cast which paper).
int cmd_share(const options& o) {
    using namespace scrutineer::election;
    parallel::set_threads(o.threads);
    if (o.tally == !o.contest.empty()) fail(cli::bad_input, "give exactly one of --tally and --contest ID");
    if (fs::exists(o.out)) fail(cli::io_error, o.out + " exists; a submission is never overwritten");
    auto key = need(trustee_key<G>::load(read_secret_file(o.state).span()), o.state);
    const fs::path dir = o.record_dir;
    const auto m = need(record::read_manifest(dir), dir);
    const auto mh = m.hash();
    {  // the key share must be of this election's ceremony
        const auto cj = need(record::read_json_file(dir / record::files::ceremony), dir / record::files::ceremony);
        const auto t = need(transcript_from_json<G>(cj), dir / record::files::ceremony);
        const auto out = need(verify_transcript<G>(t), dir / record::files::ceremony);
        if (!out.complete()) fail(cli::check_failed, (dir / record::files::ceremony).string() + ": " + out.describe());
        if (to_json<G>(*out.key) != to_json<G>(key.election()))
            fail(cli::bad_input, o.state + ": the key share of another ceremony than this record's");
        if (key.election().params.election != bytes(mh.begin(), mh.end()))
            fail(cli::bad_input, o.state + ": the key share of another election");
    }
    bool proofs_checked = false;
    if (!o.no_check) {
        const std::set<std::string_view> later =
            o.tally ? std::set<std::string_view>{"T2", "T3", "T4", "R1", "R2", "R3", "R4", "R5", "R6"}
                    : std::set<std::string_view>{"T3", "T4", "R2", "R3", "R4", "R5", "R6"};
        auto g = cli::check_record_so_far("scrutineer trustee share", o.record_dir, o.threads, later, o.contest, "decrypt");
        if (g.exit != cli::ok) return g.exit;
        proofs_checked = g.r2_sound;
    }
    const auto t0 = std::chrono::steady_clock::now();
    json payload;
    std::size_t count = 0;
    if (o.tally) {
        auto rd = need(board_reader::open(dir / record::files::board), dir / record::files::board);
        std::optional<record::tally_payload> tally;
        for (;;) {
            auto e = need(rd.next(), dir / record::files::board);
            if (!e) break;
            if (e->kind == kinds::tally) {
                tally = need(record::tally_payload::from_json(e->payload, m), dir / record::files::board);
                break;
            }
        }
        if (!tally) fail(cli::bad_input, "no tally on the board yet");
        if (tally->ballots == 0) fail(cli::bad_input, "nothing to decrypt: no ballot was counted");
        const auto cts = tally->all();
        count = cts.size();
        payload = to_json<G>(prove_decryption_share<G>(key, record::tally_context(m), cts, default_rng()));
    } else {
        auto head = read_chain_head(dir, o.contest, !o.no_check && !proofs_checked);
        if (!head) {
            const auto c = head.err().code;
            fail(c == errc::io ? cli::io_error : c == errc::verify_failed ? cli::check_failed : cli::bad_input,
                 head.err().describe());
        }
        const std::set<std::uint32_t> mixers(head->mixers.begin(), head->mixers.end());
        if (head->list.size() == 0) fail(cli::bad_input, "nothing to decrypt: no ballot counted in this contest");
        if (mixers.size() < m.trustees_k)
            fail(cli::bad_input, "contest \"" + o.contest + "\" has been mixed by " + std::to_string(mixers.size()) +
                                     " distinct trustees; at least k = " + std::to_string(m.trustees_k) +
                                     " must mix before anyone decrypts");
        auto cts = need(flatten(head->list), dir / record::files::board);
        count = cts.size();
        auto sh = prove_decryption_share<G>(key, record::ranked_context(m, o.contest), cts, default_rng());
        payload = record::ranked_share_payload{o.contest, std::move(sh)}.to_json();
    }
    if (auto s = record::write_json_file(o.out, payload, /*exclusive=*/true); !s) fail(cli::io_error, s.err().describe());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("trustee %u: decryption shares of %zu ciphertexts (%s) with proofs in %.2f s; written to %s\n", key.index(),
                count, o.tally ? "the tally" : ("contest \"" + o.contest + "\"").c_str(), secs, o.out.c_str());
    return cli::ok;
}

// --------------------------------------------------------------- cosign (open and close)

/// `trustee cosign`: this trustee's co-signature of a record's open (while the
/// directory waits for its open entry: `scrutineer board prepare`) or of its
/// close (while the board is open). For the open, the trustee re-derives the
/// statement from the staged files themselves (the ceremony transcript
/// verified, the authority's roll signature checked, its own key at its
/// index); with --state, the ceremony must be the one it took part in. For
/// the close, unless --no-check, the board must verify as far as it goes
/// (every check before the close: the ballots, the policy, the
/// cancellations), since what the trustees co-sign is that nothing may be
/// added after this head.
int cmd_cosign(const options& o) {
    using namespace scrutineer::election;
    parallel::set_threads(o.threads);
    if (fs::exists(o.out)) fail(cli::io_error, o.out + " exists; a co-signature is never overwritten");
    const auto key = need(cli::read_key_file(o.key_file), o.key_file);
    const fs::path dir = o.record_dir;
    const auto board_file = dir / record::files::board;
    std::error_code ec;
    const bool opening = !(fs::exists(board_file, ec) && fs::file_size(board_file, ec) > 0);
    auto mine = [&](const std::vector<verify_key>& trustees) {
        if (o.index == 0 || o.index > trustees.size())
            fail(cli::bad_input, "--index " + std::to_string(o.index) + ": the election has trustees 1.." +
                                     std::to_string(trustees.size()));
        if (!(trustees[o.index - 1] == key.public_key()))
            fail(cli::bad_input, o.key_file + ": not trustee " + std::to_string(o.index) + "'s co-signing key (" +
                                     trustees[o.index - 1].hex().substr(0, 16) + "…)");
    };
    cli::cosign_file c;
    if (opening) {
        auto st = board_operator::read_staged(dir);
        if (!st) fail(st.err().code == errc::verify_failed ? cli::check_failed
                      : st.err().code == errc::io          ? cli::io_error
                                                           : cli::bad_input,
                      dir.string() + ": " + st.err().describe());
        mine(st->setup.trustees);
        const auto& m = st->setup.m;
        if (!o.state.empty()) {  // the ceremony this trustee took part in
            auto share = need(trustee_key<G>::load(read_secret_file(o.state).span()), o.state);
            if (to_json<G>(share.election()) != to_json<G>(st->setup.key) || share.index() != o.index)
                fail(cli::check_failed, o.state + ": the staged ceremony is not the one this trustee's key share is from");
        }
        const auto p = st->setup.open_payload();
        std::printf("election \"%s\" (%s), manifest %s…\n", m.election_id.c_str(), m.title.c_str(),
                    to_hex(p.manifest_hash).substr(0, 16).c_str());
        std::printf("roll: %llu voters, commitment %s…, signed by the authority %s…\n",
                    static_cast<unsigned long long>(p.roll_size), to_hex(p.roll_commitment).substr(0, 16).c_str(),
                    p.authority.hex().substr(0, 16).c_str());
        std::printf("ceremony %s…: %llu-of-%llu, joint key %s…; board operator %s…\n",
                    to_hex(p.ceremony_hash).substr(0, 16).c_str(), static_cast<unsigned long long>(m.trustees_k),
                    static_cast<unsigned long long>(m.trustees_n), G::encode(p.joint_key).hex().substr(0, 16).c_str(),
                    st->board_operator.hex().substr(0, 16).c_str());
        c.kind = "open";
        c.election = p.manifest_hash;
        c.statement = st->statement;
    } else {
        if (auto s = record::check_record_files(dir); !s) fail(cli::io_error, s.err().describe());
        const auto m = need(record::read_manifest(dir), dir);
        if (!o.state.empty()) fail(cli::bad_input, "--state is for the open (the close is signed with the co-signing key only)");
        auto rd = need(board_reader::open(board_file), board_file);
        std::optional<board_entry> last;
        std::uint64_t entries = 0, cast = 0;
        for (;;) {
            auto e = need(rd.next(), board_file);
            if (!e) break;
            if (entries == 0) {
                if (e->kind != kinds::open) fail(cli::check_failed, board_file.string() + ": entry 0 is not the open");
                mine(need(record::open_payload::from_json(e->payload), board_file).trustees);
            }
            if (e->kind == kinds::close) fail(cli::bad_input, "the board is already closed (entry " + std::to_string(e->index) + ")");
            cast += e->kind == kinds::cast;
            ++entries;
            last = std::move(*e);
        }
        if (!o.no_check) {
            const std::set<std::string_view> later{"K1", "K2", "K3", "T1", "T2", "T3", "T4",
                                                   "R1", "R2", "R3", "R4", "R5", "R6"};
            auto g = cli::check_record_so_far("scrutineer trustee cosign", o.record_dir, o.threads, later, "", "co-sign");
            if (g.exit != cli::ok) return g.exit;
        }
        record::close_payload cp;
        cp.entries = entries;
        cp.head = last->hash();
        std::printf("election \"%s\": closing the board after entry %llu (%llu casts), head %s…\n", m.election_id.c_str(),
                    static_cast<unsigned long long>(entries - 1), static_cast<unsigned long long>(cast),
                    to_hex(cp.head).substr(0, 16).c_str());
        c.kind = "close";
        c.election = m.hash();
        c.statement = cp.statement(c.election);
        c.entries = entries;
    }
    c.cosig = record::cosignature{o.index, key.sign(c.statement)};
    if (auto s = record::write_json_file(o.out, c.to_json(), /*exclusive=*/true); !s) fail(cli::io_error, s.err().describe());
    std::printf("trustee %u co-signed the %s: %s\n", o.index, c.kind.c_str(), o.out.c_str());
    return cli::ok;
}

cli::command reg(
    "trustee", "Key ceremony and threshold decryption (trustees exchange files through a board directory)",
    [](CLI::App& sub) -> cli::runner {
        auto o = std::make_shared<options>();
        sub.require_subcommand(1);
        sub.footer("Trustees run as separate processes and exchange messages only through files in the board\n"
                   "directory. Typical use: setup once; every trustee runs keygen (with --wait, or repeatedly)\n"
                   "until it reports 'ceremony complete'; anyone runs verify; k trustees run decrypt; anyone runs\n"
                   "combine. See docs/ceremony.md. Exit: 0 ok, 1 check failed, 2 bad input, 3 I/O error.");
        auto* setup = sub.add_subcommand("setup", "Write the ceremony parameters (board/ceremony.json)");
        setup->add_option("--board", o->board_dir, "board directory")->required();
        setup->add_option("--trustees,-n", o->n, "number of trustees n")->required();
        setup->add_option("--threshold,-k", o->k, "threshold k (any k decrypt)")->required();
        setup->add_option("--election", o->election, "election identifier the ceremony is bound to (its bytes)");
        setup->add_option("--manifest", o->manifest_file,
                          "or: an election manifest; the ceremony is bound to its hash, for that election's record");
        setup->add_option("--attempt", o->attempt, "restart counter (a restart is a new ceremony)")->default_val(1);

        auto* keygen = sub.add_subcommand("keygen", "Run this trustee's part of the key ceremony as far as the board allows");
        keygen->add_option("--board", o->board_dir, "board directory")->required();
        keygen->add_option("--index,-i", o->index, "this trustee's index (1..n)")->required();
        keygen->add_option("--state", o->state, "secret state file (created with mode 0600; at the end holds the key share)")->required();
        keygen->add_option("--name", o->name, "human-readable name published in the announcement");
        keygen->add_option("--wait", o->wait, "wait up to this many seconds for each phase's messages (0: do one pass)")
            ->default_val(0)->check(CLI::Range(0.0, 86400.0));

        auto* verify = sub.add_subcommand("verify", "Verify the ceremony transcript and every decryption on the board (no secrets)");
        verify->add_option("--board", o->board_dir, "board directory")->required();

        auto* encrypt = sub.add_subcommand("encrypt", "Encrypt small integers under the joint key (exponential ElGamal)");
        encrypt->add_option("--board", o->board_dir, "board directory")->required();
        encrypt->add_option("--values", o->values, "comma-separated non-negative integers")->required();
        encrypt->add_option("--out", o->out, "output ciphertext file")->required();
        auto* eseed = encrypt->add_option("--seed", o->seed, "deterministic randomness (tests only)");

        auto* decrypt = sub.add_subcommand("decrypt", "Publish this trustee's decryption shares with proofs");
        decrypt->add_option("--board", o->board_dir, "board directory")->required();
        decrypt->add_option("--state", o->state, "this trustee's key file (the finished keygen state)")->required();
        decrypt->add_option("--input", o->input, "ciphertext file {\"ciphertexts\": [{\"alpha\",\"beta\"}]}")->required();
        decrypt->add_option("--label", o->label, "name of this decryption (board/decrypt/LABEL)")->default_val("tally");

        auto* combine = sub.add_subcommand("combine", "Verify the decryption shares and combine any k valid ones");
        combine->add_option("--board", o->board_dir, "board directory")->required();
        combine->add_option("--input", o->input, "ciphertext file (default: the board's copy)");
        combine->add_option("--label", o->label, "name of this decryption")->default_val("tally");
        combine->add_option("--max", o->max, "recover integer plaintexts in [0, MAX]")->check(CLI::Range(0ull, 1ull << 40));

        auto* transcript = sub.add_subcommand(
            "transcript", "Write the finished ceremony's transcript (an election record's ceremony.json)");
        transcript->add_option("--board", o->board_dir, "board directory")->required();
        transcript->add_option("--out", o->out, "file to write (never overwritten)")->required();

        auto* share = sub.add_subcommand(
            "share", "Decryption shares with proofs of an election record's tally or a ranked contest's last mix");
        share->add_option("dir", o->record_dir, "the election record directory")->required();
        share->add_option("--state", o->state, "this trustee's key share file (a finished keygen state)")->required();
        share->add_flag("--tally", o->tally, "decrypt the tally");
        share->add_option("--contest", o->contest, "decrypt this ranked contest's last mix");
        share->add_option("--out", o->out, "file to write the shares to (the board payload; never overwritten)")->required();
        share->add_flag("--no-check", o->no_check, "do not verify the record first (at least k mixers are still required)");
        share->add_option("--threads", o->threads, "worker threads (0: all cores)")->default_val(0);

        auto* cosign = sub.add_subcommand(
            "cosign", "Co-sign an election record's open (after board prepare) or its close (the board's head)");
        cosign->add_option("dir", o->record_dir, "the election record directory")->required();
        cosign->add_option("--key", o->key_file, "file with this trustee's Ed25519 co-signing key seed (64 hex digits)")
            ->required();
        cosign->add_option("--index,-i", o->index, "this trustee's index (1..n)")->required();
        cosign->add_option("--out", o->out, "file to write the co-signature to (JSON; never overwritten)")->required();
        cosign->add_option("--state", o->state, "open only: this trustee's key share file; the ceremony must be its own");
        cosign->add_flag("--no-check", o->no_check, "close only: do not verify the board first");
        cosign->add_option("--threads", o->threads, "worker threads (0: all cores)")->default_val(0);

        auto* simulate = sub.add_subcommand("simulate", "Run a whole ceremony and a threshold decryption in one process");
        simulate->add_option("--trustees,-n", o->n, "number of trustees")->default_val(5);
        simulate->add_option("--threshold,-k", o->k, "threshold")->default_val(3);
        auto* sseed = simulate->add_option("--seed", o->seed, "deterministic randomness (reproducible runs)");
        simulate->add_option("--bad-share", o->bad_shares, "DEALER:RECIPIENT: the dealer sends a wrong share");
        simulate->add_option("--silent", o->silent, "DEALER: does not answer complaints");

        return [=] {
            try {
                if (setup->parsed()) return cmd_setup(*o);
                if (keygen->parsed()) return cmd_keygen(*o);
                if (verify->parsed()) return cmd_verify(*o);
                if (encrypt->parsed()) {
                    o->seeded = eseed->count() > 0;
                    return cmd_encrypt(*o);
                }
                if (decrypt->parsed()) return cmd_decrypt(*o);
                if (combine->parsed()) return cmd_combine(*o);
                if (share->parsed()) return cmd_share(*o);
                if (cosign->parsed()) return cmd_cosign(*o);
                if (transcript->parsed()) return cmd_transcript(*o);
                if (simulate->parsed()) {
                    o->seeded = sseed->count() > 0;
                    return cmd_simulate(*o);
                }
            } catch (const failure& f) {
                std::cerr << "scrutineer trustee: error: " << f.message << "\n";
                return f.code;
            }
            return static_cast<int>(cli::bad_input);
        };
    });

}  // namespace
