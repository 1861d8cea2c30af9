// Fuzz targets (see targets.hpp and docs/fuzzing.md).
#include "targets.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/ceremony/messages.hpp"
#include "scrutineer/core/json_depth.hpp"
#include "scrutineer/count/count.hpp"
#include "scrutineer/count/io.hpp"
#include "scrutineer/count/rules.hpp"
#include "scrutineer/election/ballot.hpp"
#include "scrutineer/election/challenge.hpp"
#include "scrutineer/election/mix.hpp"
#include "scrutineer/election/simulate.hpp"
#include "scrutineer/election/verify.hpp"
#include "scrutineer/electionguard/hash.hpp"
#include "scrutineer/electionguard/verify.hpp"
#include "scrutineer/group/modp.hpp"
#include "scrutineer/group/ristretto255.hpp"
#include "scrutineer/mixnet/ranking.hpp"

#include "../election/record_fixture.hpp"

// The CLI's own file readers (header-only, apps/).
#include "../../apps/cosign_file.hpp"
#include "../../apps/key_file.hpp"
#include "../../apps/setup_files.hpp"

namespace scrutineer::fuzz {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using G = election::record::G;
using namespace election;

void require(bool ok, const std::string& what) {
    if (!ok) throw broken_property(what);
}

std::string_view text_of(input in) { return {reinterpret_cast<const char*>(in.data()), in.size()}; }

/// JSON from untrusted text as the library's readers take it: the nesting
/// bounded first (core/json_depth.hpp), then parsed without exceptions.
std::optional<json> parse_json(std::string_view text) {
    if (!check_json_depth(text)) return std::nullopt;
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

using test::read_text;

void write_text(const fs::path& p, std::string_view s) { test::write_text(p, std::string(s)); }

/// A private scratch directory, removed at exit.
const fs::path& scratch_dir() {
    static const test::scratch_dir s("fuzz");
    return s.path;
}

// ------------------------------------------------------------------ fixtures

/// A small election's record (6 voters, every role, a ranked contest), made
/// once per process with fixed randomness; its board lines and the number of
/// ciphertexts its share sets decrypt.
struct record_fixture {
    test::election_fixture rec{6, 20261124};
    const fs::path& dir = rec.dir;
    const manifest& m = rec.sim.m;
    std::vector<std::string> lines = test::board_lines(dir);
    share_counts counts = find_share_counts(lines, m);
};

const record_fixture& small_record() {
    static const record_fixture f;
    return f;
}

/// The key and two valid ballots of the demo manifest (one trustee).
struct ballot_fixture {
    manifest m;
    elgamal::key_pair<G> keys;
    std::vector<std::string> ballots, openings;
};

const ballot_fixture& ballots() {
    static const ballot_fixture f = [] {
        seeded_rng r(7);
        ballot_fixture b{demo_manifest(1, 1, true), elgamal::key_pair<G>::generate(r), {}, {}};
        for (int v = 0; v < 2; ++v) {
            choices c;
            for (const auto& ct : b.m.contests) {
                std::vector<std::uint64_t> x;
                if (ct.homomorphic()) {
                    x.assign(ct.options.size(), 0);
                    x[static_cast<std::size_t>(v) % x.size()] = 1;
                } else {
                    for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(3 * v); ++i) x.push_back((i * 7) % ct.options.size());
                }
                c[ct.id] = x;
            }
            auto e = encrypt_ballot<G>(b.m, b.keys.pk, signing_key::generate(r), c, r);
            if (!e) throw std::runtime_error("fuzz fixture: " + e.err().message);
            b.ballots.push_back(e->value.to_json().dump());
            ballot_opening<G> o{c, {}};
            for (const auto& n : e->nonces) o.nonces.push_back(n.expose());
            b.openings.push_back(o.to_json().dump());
        }
        return b;
    }();
    return f;
}

// ------------------------------------------------------------------ targets

// board_line: board_entry::from_line and from_file_range agree (accepted or
// not, same error code, same hash); an accepted line is its own canonical
// form; its payload goes through the codec of its kind.
bool run_board_line(input in) {
    const auto& f = small_record();
    const std::string_view line = text_of(in);
    hash64 h{}, hd{};
    const auto mem = board_entry::from_line(line, &h);
    const fs::path file = scratch_dir() / "line";
    write_text(file, line);
    const auto disk = board_entry::from_file_range(file, 0, line.size(), &hd);
    require(mem.ok() == disk.ok(), "from_line and from_file_range disagree on acceptance");
    if (!mem) {
        require(mem.err().code == disk.err().code, "from_line and from_file_range give different error codes");
        return false;
    }
    require(mem->to_line() == line, "an accepted line is not its canonical form");
    require(mem->is_line(line), "is_line refuses the line that was read");
    require(h == mem->hash() && hd == h, "the hash from the line differs from hash()");
    decode_payload(*mem, f.m, f.counts);
    return true;
}
std::vector<std::string> seeds_board_line() { return small_record().lines; }

// ballot: ballot::from_json, ballot_hash_from_json (equal to hash() whenever
// the ballot decodes), the JSON round trip, and verify_ballot.
bool run_ballot(input in) {
    const auto& f = ballots();
    const auto j = parse_json(text_of(in));
    if (!j) return false;
    const auto h = ballot_hash_from_json(*j);
    const auto b = ballot<G>::from_json(*j, f.m);
    if (!b) return false;
    require(h.ok(), "ballot_hash_from_json refuses a ballot from_json accepts");
    require(*h == b->hash(), "ballot_hash_from_json differs from hash()");
    const auto again = ballot<G>::from_json(b->to_json(), f.m);
    require(again.ok() && again->hash() == b->hash(), "a decoded ballot does not survive to_json/from_json");
    (void)verify_ballot<G>(f.m, f.keys.pk.element(), *b);
    return true;
}
std::vector<std::string> seeds_ballot() { return ballots().ballots; }

// opening: ballot_opening::from_json and its round trip.
bool run_opening(input in) {
    const auto& f = ballots();
    const auto j = parse_json(text_of(in));
    if (!j) return false;
    const auto o = ballot_opening<G>::from_json(*j, f.m);
    if (!o) return false;
    const auto again = ballot_opening<G>::from_json(o->to_json(), f.m);
    require(again.ok() && again->to_json() == o->to_json(), "a decoded opening does not survive its round trip");
    return true;
}
std::vector<std::string> seeds_opening() { return ballots().openings; }

// manifest: manifest::from_json; an accepted manifest's to_json reads back to
// the same manifest (same JSON, same hash).
bool run_manifest(input in) {
    const auto j = parse_json(text_of(in));
    if (!j) return false;
    const auto m = manifest::from_json(*j);
    if (!m) return false;
    const auto again = manifest::from_json(m->to_json());
    require(again.ok(), "to_json of an accepted manifest is refused");
    require(again->to_json() == m->to_json() && again->hash() == m->hash(), "a manifest does not survive its round trip");
    return true;
}
std::vector<std::string> seeds_manifest() {
    return {demo_manifest().to_json().dump(), demo_manifest(3, 2, false, revoting_rule::first).to_json().dump(),
            read_text(small_record().dir / record::files::manifest)};
}

// roll: roll::load of a JSON Lines file; an accepted roll saves and loads
// back to the same entries.
bool run_roll(input in) {
    const fs::path file = scratch_dir() / "roll.jsonl";
    write_text(file, text_of(in));
    const auto r = roll::load(file);
    if (!r) return false;
    const fs::path again_file = scratch_dir() / "roll-again.jsonl";
    require(r->save(again_file).ok(), "an accepted roll cannot be saved");
    const auto again = roll::load(again_file);
    require(again.ok() && again->entries().size() == r->entries().size() && again->commitment() == r->commitment(),
            "a roll does not survive save/load");
    return true;
}
std::vector<std::string> seeds_roll() { return {read_text(small_record().dir / record::files::roll)}; }

// ceremony: ceremony::transcript_from_json and, for small ceremonies,
// verify_transcript.
bool run_ceremony(input in) {
    const auto j = parse_json(text_of(in));
    if (!j) return false;
    const auto t = ceremony::transcript_from_json<G>(*j);
    if (!t) return false;
    const auto again = ceremony::transcript_from_json<G>(ceremony::to_json(*t));
    require(again.ok() && ceremony::to_json(*again) == ceremony::to_json(*t), "a transcript does not survive its round trip");
    if (t->params.n <= 8) (void)ceremony::verify_transcript<G>(*t);
    return true;
}
std::vector<std::string> seeds_ceremony() { return {read_text(small_record().dir / record::files::ceremony)}; }

/// Counts a parsed contest when it is small enough for a fuzzer's pace.
void count_small(const count::contest& c) {
    if (!c.validate()) return;
    if (c.ballots.size() > 64 || c.candidates.size() > 16) return;
    // every preset (irv only counts one seat); a crash or sanitizer report is the failure
    for (const auto& name : count::preset_names()) {
        const auto r = count::preset(name);
        if (r->kind == count::algorithm::irv && c.seats != 1) continue;
        (void)count::run_count(c, *r);
    }
}

// blt: count::parse_blt, and the count of what it accepts.
bool run_blt(input in) {
    const auto c = count::parse_blt(text_of(in));
    if (c) count_small(*c);
    return c.ok();
}
std::vector<std::string> seeds_blt() {
    return {"4 2\n# a comment\n-4\n3 1 2 0\n2 2 1 3 0\n1 3 0\n2 4 1 0\n0\n\"Ann\"\n\"Bob\" \"Red\"\n\"Cy\"\n\"Di\"\n\"A title\"\n",
            "3 1\n1 1 2 3 0\n1 2 3 1 0\n1 3 1 2 0\n0\nA\nB\nC\n",
            // three candidates exactly at an exact ERS97 quota for two seats: a tie for
            // election order at stage 1 (once read the stage's votes before they were set)
            "3 2\n10 1 0\n10 2 0\n10 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n"};
}

// preflib: count::parse_preflib (first byte: seats), and the count.
bool run_preflib(input in) {
    if (in.empty()) return false;
    const auto c = count::parse_preflib(text_of(in.subspan(1)), in[0] % 5);
    if (c) count_small(*c);
    return c.ok();
}
std::vector<std::string> seeds_preflib() {
    return {std::string("\x02") +
                "# FILE NAME: x.soi\n# DATA TYPE: soi\n# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 1: A\n"
                "# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\n3: 1,2,3\n2: 2,3\n1: 3\n",
            std::string("\x01") + "# DATA TYPE: toi\n# NUMBER ALTERNATIVES: 4\n2: 1,{2,3},4\n1: {1,2}\n4: 4,3\n"};
}

// element: group decoders on arbitrary bytes. ristretto255: the libdecaf
// engine and the libsodium reference agree, and an accepted encoding is
// canonical; scalars likewise; the 4096-bit and tiny modp groups and the
// ElectionGuard hex readers: an accepted value re-encodes to its input.
bool run_element(input in) {
    if (in.empty()) return false;
    const input b = in.subspan(1);
    switch (in[0] % 5) {
        case 0: {
            const auto fast = ristretto255::decode(b);
            const auto ref = ristretto255_ref::decode(b);
            require(fast.ok() == ref.ok(), "the ristretto255 engines disagree on a decoding");
            if (!fast) return false;
            require(std::equal(b.begin(), b.end(), ristretto255::encode(*fast).bytes.begin()), "a decoded point is not canonical");
            require(ristretto255::encode(*fast) == ristretto255_ref::encode(*ref), "the engines decode to different points");
            return true;
        }
        case 1: {
            const auto s = r255_scalar::decode(b);
            if (!s) return false;
            require(std::equal(b.begin(), b.end(), s->encode().begin()), "a decoded scalar is not canonical");
            return true;
        }
        case 2: {
            const auto e = modp4096::decode(b);
            if (!e) return false;
            require(std::equal(b.begin(), b.end(), modp4096::encode(*e).bytes.begin()), "a 4096-bit element is not canonical");
            require(modp4096::in_subgroup_vartime(*e), "a decoded 4096-bit element is outside the subgroup");
            return true;
        }
        case 3: {
            (void)modp_tiny::scalar::decode(b);
            const auto e = modp_tiny::decode(b);
            if (!e) return false;
            require(std::equal(b.begin(), b.end(), modp_tiny::encode(*e).bytes.begin()), "a tiny-group element is not canonical");
            return true;
        }
        default: {
            const std::string_view hex = text_of(b);
            (void)eg::hash_from_hex(hex);
            (void)eg::scalar_from_hex(hex);
            const auto e = eg::element_from_hex(hex);
            if (!e) return false;
            require(eg::element_from_hex_range_only(hex).ok(), "range-only refuses what the full check accepts");
            return true;
        }
    }
}
std::vector<std::string> seeds_element() {
    seeded_rng r(3);
    std::vector<std::string> out;
    const auto with = [&](char k, byte_span b) { out.push_back(std::string(1, k) + std::string(reinterpret_cast<const char*>(b.data()), b.size())); };
    const auto p = ristretto255::mul_base(r255_scalar::random(r));
    with(0, ristretto255::encode(p).span());
    const auto s = r255_scalar::random(r).encode();
    with(1, byte_span(s.data(), s.size()));
    with(2, modp4096::encode(modp4096::generator()).span());
    with(3, modp_tiny::encode(modp_tiny::generator()).span());
    const std::string hex = modp4096::encode(modp4096::generator()).hex();
    out.push_back(std::string(1, 4) + hex);
    return out;
}

// ranking: decode_ranking_vartime on arbitrary points (first byte: the
// number of candidates); a valid ranking re-encodes to exactly those points.
bool run_ranking(input in) {
    if (in.empty()) return false;
    const std::size_t candidates = in[0];
    std::vector<ristretto255::element> pts;
    for (std::size_t at = 1; at + 32 <= in.size(); at += 32) {
        auto e = ristretto255::decode(in.subspan(at, 32));
        if (!e) return false;
        pts.push_back(*e);
    }
    const auto d = mixnet::decode_ranking_vartime(pts, candidates);
    if (!d.valid) {
        require(!d.problem.empty(), "an invalid ranking without a reason");
        return false;
    }
    const auto again = mixnet::encode_ranking(d.ranking, candidates);
    require(again.ok() && again->size() == pts.size(), "a valid ranking does not encode again");
    for (std::size_t i = 0; i < pts.size(); ++i)
        require(ristretto255::encode((*again)[i]) == ristretto255::encode(pts[i]), "a decoded ranking re-encodes differently");
    return true;
}
std::vector<std::string> seeds_ranking() {
    std::vector<std::string> out;
    for (const auto& [n, ranking] : std::vector<std::pair<std::size_t, std::vector<std::uint32_t>>>{
             {5, {2, 0, 4}}, {20, {19, 3, 7, 1, 0, 12}}, {1, {}}, {40, {39, 38}}}) {
        std::string s(1, static_cast<char>(n));
        const auto points = mixnet::encode_ranking(ranking, n);
        if (!points) throw std::runtime_error("fuzz seeds: " + points.err().message);
        for (const auto& p : *points) {
            const auto e = ristretto255::encode(p);
            s.append(reinterpret_cast<const char*>(e.bytes.data()), e.bytes.size());
        }
        out.push_back(s);
    }
    return out;
}

// record: the small record with one of its files replaced (first byte:
// which file; the rest: its new contents) is verified; the verifier never
// throws, and a record whose file changed never passes.
bool run_record(input in) {
    const auto& f = small_record();
    if (in.empty()) return false;
    static const std::vector<std::string_view> names = {record::files::manifest, record::files::roll,
                                                        record::files::ceremony, record::files::board};
    const auto name = names[in[0] % names.size()];
    const std::string_view contents = text_of(in.subspan(1));
    static const fs::path copy = [&] {
        const fs::path d = scratch_dir() / "record-copy";
        test::copy_record(f.dir, d);
        return d;
    }();
    const std::string original = read_text(f.dir / name);
    write_text(copy / name, contents);
    verify_options o;
    o.threads = 1;
    const auto r = verify_record(copy, o);
    write_text(copy / name, original);
    if (r && contents != original) require(!r->ok(), "a record with a changed file verifies");
    return r.ok();
}
std::vector<std::string> seeds_record() {
    const auto& f = small_record();
    std::vector<std::string> out;
    for (char i = 0; i < 4; ++i) {
        static const std::vector<std::string_view> names = {record::files::manifest, record::files::roll,
                                                            record::files::ceremony, record::files::board};
        out.push_back(std::string(1, i) + read_text(f.dir / names[static_cast<std::size_t>(i)]));
    }
    return out;
}

// files: the files parties hand each other through the CLI (first byte:
// which): a co-signature, the roll signature, the trustee keys list, a
// secret key file, a credentials file. The two JSON files, once read, write
// back and read again to the same values.
bool run_files(input in) {
    if (in.empty()) return false;
    const fs::path file = scratch_dir() / "file";
    write_text(file, text_of(in.subspan(1)));
    const fs::path again = scratch_dir() / "file-again";
    switch (in[0] % 5) {
        case 0: {
            const auto c = cli::read_cosign_file(file.string());
            if (!c) return false;
            write_text(again, c->to_json().dump());
            const auto d = cli::read_cosign_file(again.string());
            require(d.ok() && d->to_json() == c->to_json(), "a co-signature file does not survive its round trip");
            return true;
        }
        case 1: {
            const auto r = cli::read_roll_signature_file(file.string());
            if (!r) return false;
            write_text(again, r->to_json().dump());
            const auto d = cli::read_roll_signature_file(again.string());
            require(d.ok() && d->to_json() == r->to_json(), "a roll-signature file does not survive its round trip");
            return true;
        }
        case 2: return cli::read_trustee_keys(file.string()).ok();
        case 3: return cli::read_key_file(file.string()).ok();
        default: return load_credentials(file).ok();
    }
}
std::vector<std::string> seeds_files() {
    seeded_rng r(5);
    const auto key = signing_key::generate(r);
    cli::cosign_file c;
    c.kind = "close";
    c.entries = 42;
    c.cosig.trustee = 2;
    c.cosig.sig = key.sign(byte_span(c.statement.data(), c.statement.size()));
    cli::roll_signature_file rs;
    rs.size = 6;
    rs.authority = key.public_key();
    rs.sig = c.cosig.sig;
    const fs::path key_file = scratch_dir() / "seed-key";
    std::error_code ec;
    fs::remove(key_file, ec);
    if (!cli::write_key_file(key_file.string(), key)) throw std::runtime_error("fuzz seeds: cannot write a key file");
    const fs::path creds = scratch_dir() / "seed-credentials";
    auto issued = issue_credentials(3, "voter-", r);
    fs::remove(creds, ec);
    if (!issued || !save_credentials(creds, issued->secrets)) throw std::runtime_error("fuzz seeds: cannot write credentials");
    return {std::string(1, 0) + c.to_json().dump(), std::string(1, 1) + rs.to_json().dump(),
            std::string(1, 2) + "# trustees\n" + key.public_key().hex() + "\n" + key.public_key().hex() + "\n",
            std::string(1, 3) + read_text(key_file), std::string(1, 4) + read_text(creds)};
}

// eg_record: an ElectionGuard 2.0 record made of allAvailableJson's election
// files (constants, configuration, manifest, initialization; no ballots, so
// a run is fast) with one file replaced or added (first byte: which, among
// those four, a ballot, the encrypted tally, the tally and a challenged
// ballot's decryption; the rest: its contents; seeds make the ballot a
// pre-encrypted one, or one opened by a published primary nonce) is verified
// by eg::verify_record on one thread. It never throws; each step's outcome
// agrees with its list of failures; and a changed
// manifest, which the record's hashes cover byte for byte (H_M), never passes.
// No seeds where the shared data is absent.
const std::vector<std::string>& eg_files() {
    static const std::vector<std::string> names = {"constants.json",        "election_config.json",
                                                   "manifest.json",         "election_initialized.json",
                                                   "encrypted_ballots/b.json", "encrypted_tally.json",
                                                   "tally.json",            "challenged_ballots/d.json"};
    return names;
}
constexpr std::size_t eg_base_files = 4;  // the first four: always in the record

/// allAvailableJson, or empty: $SCRUTINEER_EG_DATA/allAvailableJson, else
/// ../shared/vectors/electionguard-2.0/allAvailableJson from the working
/// directory or the source tree.
fs::path eg_source() {
    std::vector<fs::path> c;
    if (const char* e = std::getenv("SCRUTINEER_EG_DATA")) c.emplace_back(e);
    c.emplace_back("../shared/vectors/electionguard-2.0");
#ifdef SCRUTINEER_SOURCE_DIR
    c.emplace_back(fs::path(SCRUTINEER_SOURCE_DIR) / "../shared/vectors/electionguard-2.0");
#endif
    for (const auto& d : c)
        if (std::error_code ec; fs::exists(d / "allAvailableJson" / "manifest.json", ec)) return d / "allAvailableJson";
    return {};
}

/// The original contents of eg_files()[i] (the ballot: the record's first;
/// a challenged ballot's decryption: the tally, whose layout it shares).
std::string eg_original(std::size_t i) {
    const fs::path src = eg_source();
    if (i == 4) return read_text(src / "encrypted_ballots" / "runWorkflowAllAvailableJson" / "eballot-id-1.json");
    if (i == 7) return read_text(src / "tally.json");
    return read_text(src / eg_files()[i]);
}

bool run_eg_record(input in) {
    static const fs::path copy = [] {
        if (eg_source().empty()) return fs::path();
        const fs::path d = scratch_dir() / "eg-record";
        fs::create_directories(d / "encrypted_ballots");
        fs::create_directories(d / "challenged_ballots");
        for (std::size_t i = 0; i < eg_base_files; ++i) write_text(d / eg_files()[i], eg_original(i));
        return d;
    }();
    if (copy.empty() || in.empty()) return false;
    const std::size_t which = in[0] % eg_files().size();
    const fs::path file = copy / eg_files()[which];
    const std::string_view contents = text_of(in.subspan(1));
    write_text(file, contents);
    eg::verify_options o;
    o.threads = 1;
    const auto r = eg::verify_record(copy, o);
    if (which < eg_base_files)
        write_text(file, eg_original(which));
    else
        fs::remove(file);
    if (!r) return false;
    require(r->steps.size() == 18, "an ElectionGuard report without its 18 steps");
    for (const auto& st : r->steps) {
        require(st.number == static_cast<int>(&st - r->steps.data()) + 1, "ElectionGuard steps out of order");
        require((st.outcome == eg::step_outcome::failed) == !st.failures.empty(),
                "ElectionGuard step " + std::to_string(st.number) + ": outcome and failures disagree");
    }
    if (which == 2 && contents != eg_original(2)) require(r->any_failed(), "an ElectionGuard record with a changed manifest passes");
    return true;
}
/// The record's first ballot in the pre-encrypted layout (§4.4), so that
/// mutations reach Verifications 15–18: each contest's selections as its one
/// selected vector (so the product condition holds; the hashes do not).
std::string eg_pre_ballot() {
    json b = json::parse(eg_original(4));
    b["is_preencrypt"] = true;
    for (auto& c : b["contests"]) {
        json enc = json::array();
        for (const auto& sel : c["selections"]) enc.push_back(sel["encrypted_vote"]);
        const std::string h = c["contest_hash"].get<std::string>();
        c["pre_encryption"] = {
            {"preencryption_hash", h},
            {"all_selection_hashes", json::array({h})},
            {"selected_vectors", json::array({json{{"selection_hash", h}, {"short_code", h.substr(0, 5)}, {"encryptions", enc}}})}};
    }
    return b.dump();
}
std::vector<std::string> seeds_eg_record() {
    if (eg_source().empty()) return {};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < eg_files().size(); ++i) out.push_back(std::string(1, static_cast<char>(i)) + eg_original(i));
    out.push_back(std::string(1, '\x04') + eg_pre_ballot());
    // a challenged ballot that publishes a primary nonce (§3.6.5: opened by it)
    json b = json::parse(eg_original(4));
    b["state"] = "SPOILED";
    b["primary_nonce"] = std::string(64, '7');
    out.push_back(std::string(1, '\x04') + b.dump());
    return out;
}

}  // namespace

const std::vector<target>& targets() {
    static const std::vector<target> all = {
        {"board_line", "board_entry::from_line = from_file_range; accepted lines canonical; every payload codec", run_board_line,
         seeds_board_line},
        {"ballot", "ballot::from_json, ballot_hash_from_json = hash(), round trip, verify_ballot", run_ballot, seeds_ballot},
        {"opening", "ballot_opening::from_json and its round trip", run_opening, seeds_opening},
        {"manifest", "manifest::from_json and its round trip", run_manifest, seeds_manifest},
        {"roll", "roll::load, save and load again", run_roll, seeds_roll},
        {"ceremony", "ceremony::transcript_from_json, round trip, verify_transcript", run_ceremony, seeds_ceremony},
        {"blt", "count::parse_blt and the count", run_blt, seeds_blt},
        {"preflib", "count::parse_preflib and the count", run_preflib, seeds_preflib},
        {"element", "group decoders: ristretto255 engines agree, canonical encodings; modp; ElectionGuard hex", run_element,
         seeds_element},
        {"ranking", "mixnet::decode_ranking_vartime; a valid ranking re-encodes to its points", run_ranking, seeds_ranking},
        {"record", "verify_record with one file replaced: never throws, never passes", run_record, seeds_record},
        {"files", "the CLI's files: co-signature, roll signature, trustee keys, key file, credentials", run_files, seeds_files},
        {"eg_record", "eg::verify_record with one file replaced or added: never throws, steps consistent, a changed manifest fails",
         run_eg_record, seeds_eg_record},
    };
    return all;
}

const target* find_target(std::string_view name) {
    for (const auto& t : targets())
        if (t.name == name) return &t;
    return nullptr;
}

share_counts find_share_counts(const std::vector<std::string>& lines, const election::manifest& m) {
    using namespace election;
    share_counts n;
    for (const auto& line : lines) {
        const auto e = board_entry::from_line(line);
        if (!e) continue;
        for (std::size_t c = 1; c < 256; ++c) {
            if (e->kind == kinds::decryption_share && !n.tally &&
                ceremony::decryption_share_from_json<G>(e->payload, m.trustees_n, c))
                n.tally = c;
            if (e->kind == kinds::ranked_share && !n.ranked && record::ranked_share_payload::from_json(e->payload, m, c))
                n.ranked = c;
        }
    }
    return n;
}

void decode_payload(const election::board_entry& e, const election::manifest& m, const share_counts& n) {
    using namespace election;
    const auto& p = e.payload;
    if (e.kind == kinds::cast) {
        (void)ballot<G>::from_json(p, m);
        (void)ballot_hash_from_json(p);
    } else if (e.kind == kinds::challenge) {
        if (p.contains("ballot")) (void)ballot<G>::from_json(p["ballot"], m);
        if (p.contains("opening")) (void)ballot_opening<G>::from_json(p["opening"], m);
    } else if (e.kind == kinds::open) {
        (void)record::open_payload::from_json(p);
    } else if (e.kind == kinds::revoke) {
        (void)record::revoke_payload::from_json(p);
    } else if (e.kind == kinds::cancel) {
        (void)record::cancel_payload::from_json(p);
    } else if (e.kind == kinds::close) {
        (void)record::close_payload::from_json(p);
    } else if (e.kind == kinds::tally) {
        (void)record::tally_payload::from_json(p, m);
    } else if (e.kind == kinds::decryption_share) {
        (void)ceremony::decryption_share_from_json<G>(p, m.trustees_n, n.tally);
    } else if (e.kind == kinds::result) {
        (void)record::result_payload::from_json(p);
    } else if (e.kind == kinds::mix_input) {
        (void)record::mix_input_payload::from_json(p, m);
    } else if (e.kind == kinds::mix) {
        (void)record::mix_payload::from_json(p, m);
    } else if (e.kind == kinds::ranked_share) {
        (void)record::ranked_share_payload::from_json(p, m, n.ranked);
    } else if (e.kind == kinds::ranked_result) {
        (void)record::ranked_result_payload::from_json(p);
    }
}

std::string mutate(std::string s, std::uint64_t& r) {
    const auto next = [&r] {  // splitmix64
        std::uint64_t z = (r += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    static const std::string specials = "{}[]\":,\\0123456789abcdefx-+.eE tfn\n\x01\xff";
    const auto pick = [&](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(next() % n); };
    const std::size_t at = pick(s.size());
    const std::size_t len = 1 + pick(std::min<std::size_t>(64, s.size() - at));
    switch (next() % 7) {
        case 0: if (!s.empty()) s[at] = specials[pick(specials.size())]; break;
        case 1: if (!s.empty()) s[at] = static_cast<char>(next() & 0xff); break;
        case 2: s.erase(at, len); break;
        case 3: s.insert(at, s.substr(at, len)); break;
        case 4: s.resize(at); break;
        case 5: s.insert(at, std::string(1 + pick(30), '9')); break;
        default: s.insert(at, 1, specials[pick(specials.size())]); break;
    }
    return s;
}

}  // namespace scrutineer::fuzz
