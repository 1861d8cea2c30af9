// scrutineer — election: the record verifier and receipts (verify.hpp).
#include "scrutineer/election/verify.hpp"

#include "scrutineer/election/mix.hpp"
#include "scrutineer/mixnet/ranking.hpp"
#include "scrutineer/protocols/shuffle.hpp"

#include <algorithm>
#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "scrutineer/ceremony/messages.hpp"
#include "scrutineer/election/operator.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/protocols/batch.hpp"
#include "line_reader.hpp"

namespace scrutineer::election {

namespace fs = std::filesystem;
using G = record::G;
using record::json;

const std::vector<check_info>& record_checks() {
    static const std::vector<check_info> c{
        {"M1", "manifest.json is the canonical form of a valid manifest", "§8.1"},
        {"C1", "the key ceremony transcript verifies, for this election, n and k", "§8.6, docs/ceremony.md"},
        {"O1", "entry 0 opens the board with this manifest, ceremony and joint key", "§8.5"},
        {"O2", "roll.jsonl is canonical, matches the opened roll commitment and the authority signed it", "§8.2, §8.5"},
        {"O3", "the open is co-signed by at least k trustees", "§8.5"},
        {"B1", "board chain: canonical lines, consecutive indices, hash links, no torn tail", "§8.4"},
        {"B2", "every entry is signed by the board operator", "§8.4"},
        {"B3", "every entry has a known kind and a well-formed payload", "§8.4, docs/format/board.md"},
        {"V1", "cast ballots are well formed and for this election", "§8.3"},
        {"V2", "cast ballots carry a credential on the roll", "§8.2, §8.3"},
        {"V3", "cast ballots are signed by their credential", "§8.3"},
        {"V4", "cast ballots' proofs hold: range per option, contest limit, encryption randomness", "§6.3–§6.5, §8.3"},
        {"V5", "no ballot is cast twice", "§8.3"},
        {"H1", "challenged ballots are signed by a credential on the roll and decrypt to their opening", "§8.7"},
        {"H2", "no challenged ballot is cast", "§8.7"},
        {"P1", "revocations are signed by the credential authority, for voters on the roll, once", "§8.8"},
        {"P2", "cancellations name an earlier cast ballot, once, with a reason the manifest allows", "§8.8"},
        {"P3", "every cancellation is justified by the policy, and posted after its cause", "§8.8"},
        {"P4", "every ballot the policy excludes is cancelled", "§8.8"},
        {"K1", "the board is closed exactly once, over its head", "§8.9"},
        {"K2", "the close is co-signed by at least k trustees", "§8.9"},
        {"K3", "after the close: only the tally, decryption shares, the ranked contests' mix chains and the result, in that order", "§8.9, §8.11"},
        {"T1", "the tally is the weighted sum of exactly the counted ballots", "§8.10"},
        {"T2", "every decryption share is proven correct (Chaum–Pedersen)", "§8.10, docs/ceremony.md (Threshold decryption)"},
        {"T3", "at least k trustees' valid shares decrypt the tally", "§8.10"},
        {"T4", "the published result is the decrypted tally, for every contest and option", "§8.10"},
        {"R1", "each ranked contest's mix-input is exactly the counted ballots' ranked ciphertexts, weighted, in board order", "§8.11"},
        {"R2", "every proof of shuffle in each mix chain holds, each round taking the previous output", "§8.11, §9"},
        {"R3", "each mix is signed by its mixer; at least k distinct trustees mixed", "§8.11"},
        {"R4", "every decryption share of the mixed ciphertexts is proven, and k trustees' shares decrypt them", "§8.11"},
        {"R5", "the published rankings are the decrypted ones, decoded; the invalid ones are listed with their reasons", "§8.11, §9.7"},
        {"R6", "the count re-run from the decrypted rankings gives the published stage sheet and winners", "§8.11, docs/count.md"},
    };
    return c;
}

bool record_report::ok() const noexcept {
    return std::all_of(checks.begin(), checks.end(), [](const check_outcome& c) { return c.ok(); });
}

std::vector<std::string> record_report::failed_ids() const {
    std::vector<std::string> out;
    for (const auto& c : checks)
        if (!c.ok()) out.emplace_back(c.info.id);
    return out;
}

const check_outcome* record_report::find(std::string_view id) const {
    for (const auto& c : checks)
        if (c.info.id == id) return &c;
    return nullptr;
}

json record_report::to_json() const {
    json cs = json::array();
    for (const auto& c : checks) {
        json j{{"id", c.info.id},
               {"title", c.info.title},
               {"spec", c.info.spec},
               {"status", c.failed() ? "fail" : (c.skipped.empty() ? "pass" : "skipped")},
               {"items", c.items},
               {"failure_count", c.failure_count},
               {"failures", c.failures}};
        if (!c.skipped.empty()) j["skipped"] = c.skipped;
        cs.push_back(std::move(j));
    }
    json cancels = json::array();
    for (const auto& x : cancellations)
        cancels.push_back({{"entry", x.entry}, {"tracking_code", x.tracking_code}, {"voter", x.voter}, {"reason", x.reason}});
    json out{{"format", "scrutineer/verify-report/v1"},
             {"record", dir.string()},
             {"election_id", election_id},
             {"ok", ok()},
             {"failed", failed_ids()},
             {"checks", cs},
             {"summary",
              {{"entries", entries},
               {"cast", cast},
               {"challenged", challenged},
               {"revoked", revoked},
               {"cancelled", cancellations.size()},
               {"counted", counted},
               {"counted_weight", counted_weight}}},
             {"cancellations", cancels}};
    out["result"] = result ? result->to_json() : json(nullptr);
    json rk = json::array();
    for (const auto& r : ranked)
        rk.push_back({{"contest", r.contest}, {"papers", r.ballots.size()}, {"invalid", r.invalid.size()}, {"elected", r.elected}});
    out["ranked"] = rk;
    return out;
}

std::string record_report::text() const {
    std::ostringstream o;
    o << "Record " << dir.string() << " (election \"" << election_id << "\", " << entries << " board entries)\n\n";
    for (const auto& c : checks) {
        const char* st = c.failed() ? "FAIL" : (c.skipped.empty() ? "ok  " : "skip");
        o << "  " << st << "  " << c.info.id << "  " << c.info.title << "  [" << c.info.spec << "]";
        if (c.items) o << "  (" << c.items << ")";
        o << "\n";
        if (!c.skipped.empty()) o << "          not run: " << c.skipped << "\n";
        for (const auto& f : c.failures) o << "          - " << f << "\n";
        if (c.failure_count > c.failures.size())
            o << "          … and " << (c.failure_count - c.failures.size()) << " more\n";
    }
    o << "\nBallots: " << cast << " cast, " << challenged << " challenged, " << revoked << " voters revoked, "
      << cancellations.size() << " cancelled, " << counted << " counted (total weight " << counted_weight << ")\n";
    if (!cancellations.empty()) {
        o << "Cancellations (derived from the policy):\n";
        std::size_t shown = 0;
        for (const auto& x : cancellations) {
            if (shown++ == 50) {
                o << "  … " << (cancellations.size() - 50) << " more (all in the JSON report)\n";
                break;
            }
            o << "  entry " << x.entry << "  " << x.tracking_code << "  voter " << x.voter << "  " << x.reason << "\n";
        }
    }
    if (result) {
        o << "Result (decrypted by trustees";
        for (auto t : result->trustees) o << " " << t;
        o << "):\n";
        for (const auto& c : result->contests) {
            o << "  " << c.id << ":\n";
            for (const auto& [id, v] : c.options) o << "    " << id << "  " << v << "\n";
        }
    }
    for (const auto& r : ranked) {
        o << "Ranked contest " << r.contest << ": " << r.ballots.size() << " papers decrypted after the mix, " << r.invalid.size()
          << " invalid; elected in order:";
        for (const auto& e : r.elected) o << " " << e;
        o << "\n";
    }
    o << "\n";
    if (ok())
        o << "RESULT: all " << checks.size() << " checks passed\n";
    else
        o << "RESULT: verification FAILED (" << failed_ids().size() << " of " << checks.size() << " checks)\n";
    return o.str();
}

namespace {

using detail::line_reader;

/// One board line after the parallel stage.
/// Every cast of the board pass, in board order: entry index, line offset,
/// ballot hash and, for an eligible cast, the voter's roll position and
/// whether the policy counts it at present. About 120 bytes a cast (the row
/// and its slot in the hash set), where node-based maps of hashes, entries and
/// voter ids took about 400. Looked up by entry through record::entry_index,
/// by ballot hash through a set of row positions.
class cast_table {
public:
    static constexpr std::uint32_t ineligible = 0xffffffffu;
    struct row {
        std::uint64_t entry = 0;
        std::uint64_t offset = 0;  ///< of the cast's line in the board file
        hash64 hash{};
        std::uint32_t voter = ineligible;  ///< position in the roll
        bool counted = false;
    };

    cast_table() : hashes_(16, by_hash{&rows_}, same_hash{&rows_}) {}
    cast_table(const cast_table&) = delete;
    cast_table& operator=(const cast_table&) = delete;

    /// Appends a cast; false if a cast of the same ballot was added before.
    bool add(std::uint64_t entry, std::uint64_t offset, const hash64& h) {
        if (rows_.size() >= ineligible) throw std::length_error("more casts than the verifier can index");
        rows_.push_back({entry, offset, h, ineligible, false});
        index_.appended(rows_);
        return hashes_.insert(static_cast<std::uint32_t>(rows_.size() - 1)).second;
    }
    row& back() { return rows_.back(); }
    /// The (last) cast with this entry index, or nullptr.
    row* at_entry(std::uint64_t entry) {
        const auto i = index_.find(rows_, entry);
        return i < rows_.size() ? &rows_[i] : nullptr;
    }
    const std::vector<row>& rows() const noexcept { return rows_; }

private:
    struct by_hash {
        const std::vector<row>* rows;
        std::size_t operator()(std::uint32_t i) const noexcept { return hash64_hasher{}((*rows)[i].hash); }
    };
    struct same_hash {
        const std::vector<row>* rows;
        bool operator()(std::uint32_t a, std::uint32_t b) const noexcept { return (*rows)[a].hash == (*rows)[b].hash; }
    };
    std::vector<row> rows_;
    std::unordered_set<std::uint32_t, by_hash, same_hash> hashes_;
    record::entry_index index_;
};

/// Hands the pages of freed heap memory back to the operating system (glibc
/// keeps them otherwise, in each thread's arena, up to the largest transient
/// use seen): called before the largest working sets of the pass, a mix's
/// proof check, so that the process's resident size follows what is in use.
void release_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

struct parsed_entry {
    std::uint64_t line = 0;
    std::uint64_t offset = 0;  ///< byte offset of the line in board.jsonl
    bool torn = false;
    std::optional<board_entry> e;
    std::string line_error;
    hash64 h{};
    bool sig_ok = false;
    // cast
    std::optional<ballot<G>> b;
    std::string ballot_error;
    hash64 bh{};
    bool cred_sig_ok = false;
    // challenge
    std::optional<ballot_opening<G>> opening;
};

struct state {
    const manifest& m;
    const hash64& mh;
    const roll& rl;
    record_report& rep;
    std::vector<check_outcome*> by_id;
    std::map<std::string_view, check_outcome*> idx;

    check_outcome& c(std::string_view id) { return *idx.at(id); }
    void fail(std::string_view id, std::string msg) {
        auto& x = c(id);
        ++x.failure_count;
        if (x.failures.size() < check_outcome::max_messages) x.failures.push_back(std::move(msg));
    }
    void item(std::string_view id, std::uint64_t n = 1) { c(id).items += n; }
};

std::string entry_name(std::uint64_t i) { return "entry " + std::to_string(i); }

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Σ_w w·S_w minus the later-excluded ballots (read again at their offsets).
result<record::tally_payload> derived_tally(const fs::path& board, const manifest& m, std::size_t width,
                                            const std::map<std::uint64_t, std::vector<elgamal::ciphertext<G>>>& sums,
                                            const std::vector<std::pair<std::uint64_t, std::uint64_t>>& subtract,
                                            std::uint64_t ballots, std::uint64_t weight) {
    std::map<std::uint64_t, std::vector<elgamal::ciphertext<G>>> by_weight = sums;
    std::ifstream in(board, std::ios::binary);
    for (const auto& [offset, w] : subtract) {
        in.clear();
        in.seekg(static_cast<std::streamoff>(offset));
        std::string line;
        if (!std::getline(in, line)) return error{errc::io, "cannot re-read the board at byte " + std::to_string(offset)};
        auto e = board_entry::from_line(line);
        if (!e) return e.err();
        auto b = ballot<G>::from_json(e->payload, m);
        if (!b) return b.err();
        auto& acc = by_weight[w];
        if (acc.empty()) acc.assign(width, elgamal::ciphertext<G>::zero());
        std::size_t j = 0;
        for (const auto& c : b->contests)
            for (const auto& x : c.selections) {
                acc[j] = acc[j] - x;
                ++j;
            }
    }
    std::vector<elgamal::ciphertext<G>> total(width, elgamal::ciphertext<G>::zero());
    for (const auto& [w, acc] : by_weight) {
        const auto ws = G::scalar::from_u64(w);
        for (std::size_t j = 0; j < width; ++j) total[j] += w == 1 ? acc[j] : acc[j] * ws;
    }
    return record::tally_payload::from_sums(m, total, ballots, weight);
}

}  // namespace

result<record_report> verify_record(const fs::path& dir, const verify_options& o) {
    parallel::thread_scope threads(o.threads);
    auto progress = [&](std::string_view stage, double f) {
        if (o.progress) o.progress(stage, f);
    };
    if (auto s = record::check_record_files(dir); !s) return s.err();

    record_report rep;
    rep.dir = dir;
    for (const auto& ci : record_checks()) rep.checks.push_back(check_outcome{ci, 0, 0, {}, {}});

    // --- manifest (M1) -----------------------------------------------------
    auto man = record::read_manifest(dir);
    if (!man) return man.err();
    const manifest m = std::move(*man);
    const hash64 mh = m.hash();
    rep.election_id = m.election_id;

    // --- roll ----------------------------------------------------------------
    auto rl = roll::load(dir / record::files::roll);
    if (!rl) return with_context(std::string(record::files::roll), rl.err());

    state s{m, mh, *rl, rep, {}, {}};
    for (auto& x : rep.checks) s.idx[x.info.id] = &x;

    s.item("M1");
    if (slurp(dir / record::files::manifest) != m.to_json().dump() + "\n")
        s.fail("M1", "manifest.json is not byte-for-byte the canonical form of the manifest it holds");
    if (m.group != "ristretto255") s.fail("M1", "group \"" + m.group + "\" is not supported by the native record");

    s.item("O2");
    {
        const auto tmp = dir / record::files::roll;
        std::string canon;
        for (const auto& e : rl->entries())
            canon += json{{"voter", e.voter}, {"credential", e.credential.hex()}, {"weight", e.weight}}.dump() + "\n";
        if (slurp(tmp) != canon) s.fail("O2", "roll.jsonl is not in canonical form (sorted by voter, canonical lines)");
    }

    // --- ceremony (C1) ---------------------------------------------------------
    std::optional<ceremony::election_key<G>> ekey;
    std::optional<hash64> ceremony_h;
    s.item("C1");
    {
        auto cj = record::read_json_file(dir / record::files::ceremony);
        if (!cj) {
            s.fail("C1", cj.err().message);
        } else {
            ceremony_h = record::ceremony_hash(*cj);
            auto t = ceremony::transcript_from_json<G>(*cj);
            if (!t) {
                s.fail("C1", "ceremony.json: " + t.err().message);
            } else {
                if (t->params.n != m.trustees_n || t->params.k != m.trustees_k)
                    s.fail("C1", "the ceremony has n=" + std::to_string(t->params.n) + ", k=" + std::to_string(t->params.k) +
                                     ", the manifest n=" + std::to_string(m.trustees_n) + ", k=" + std::to_string(m.trustees_k));
                if (t->params.election != bytes(mh.begin(), mh.end()))
                    s.fail("C1", "the ceremony is not bound to this manifest's hash");
                auto out = ceremony::verify_transcript<G>(*t);
                if (!out)
                    s.fail("C1", out.err().message);
                else if (!out->complete())
                    s.fail("C1", out->describe());
                else
                    ekey = *out->key;
            }
        }
    }

    // --- the board, pass 1 -------------------------------------------------------
    const auto board_path = dir / record::files::board;
    const auto board_size = fs::file_size(board_path);
    line_reader lr(board_path, o.line_keep_limit);
    if (!lr.good()) return error{errc::io, board_path.string() + ": cannot be read"};

    std::optional<record::open_payload> open;
    verify_key operator_key;
    bool have_operator = false;
    std::uint64_t expect_index = 0;
    hash64 head{};
    std::optional<std::uint64_t> close_at;
    bool seen_tally = false, seen_result = false;
    std::uint64_t after_result = 0;
    std::optional<record::tally_payload> tally;
    std::vector<std::pair<std::uint64_t, json>> share_payloads;
    std::optional<record::result_payload> published;
    // A ranked contest's chain, checked as its entries arrive (R1's input kept
    // for the comparison after the pass; each mix checked against the chain's
    // head and then dropped; each share checked against the last output and
    // kept without its proofs), so that one mix's payload at a time is in
    // memory rather than the whole chain's.
    struct ranked_state {
        const contest* mc = nullptr;        ///< null: not a ranked contest of the manifest (B3)
        std::vector<std::uint64_t> entries;  ///< every entry naming the contest
        std::size_t inputs = 0, mixes = 0;
        std::optional<record::mix_input_payload> input;  ///< the first mix-input, decoded
        std::optional<mixnet::ciphertext_list<G>> chain;  ///< the chain's head: the input, then each output
        std::set<std::uint32_t> mixers;
        std::uint32_t expect_round = 1;
        bool decrypting = false;  ///< a share or result seen: the chain is final
        bool final_ok = false;  ///< decryption began and the chain's head (the final list) decodes
        std::string cts_error;
        std::vector<record::encoded_share_set> valid;  ///< verified shares, encoded (proofs dropped)
        std::set<std::uint32_t> share_trustees;
        std::vector<std::pair<std::uint64_t, json>> results;
    };
    std::map<std::string, ranked_state> ranked_seen;
    record::ranked_parts ranked_at;  // counted cast entry → its ranked parts, encoded
    policy_engine policy(m.policy.revoting);
    cast_table casts;
    std::unordered_set<hash64, hash64_hasher> challenged_hashes;
    struct expected_exclusion {
        std::string reason;
        std::uint64_t cause = 0;  ///< the cast that excludes it (a cancellation must come after)
    };
    std::map<std::uint64_t, expected_exclusion> expected_cancel;  // entry → the policy's exclusion of it
    std::map<std::uint64_t, std::pair<std::string, std::uint64_t>> posted_cancel;  // entry → (reason, cancel index)
    const std::set<std::string> allowed_reasons(m.policy.cancel_reasons.begin(), m.policy.cancel_reasons.end());
    const auto K = ekey ? ekey->joint_key : G::identity();
    // The tally as the verifier derives it: a running sum per voter weight of
    // the ballots the policy counts so far; a ballot the policy excludes later
    // (superseded) is subtracted after the pass, read again at its offset.
    const std::size_t width = record::tally_width(m);
    std::map<std::uint64_t, std::vector<elgamal::ciphertext<G>>> sum_by_weight;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> to_subtract;                       // (offset, weight)
    auto add_to = [&](std::uint64_t w, const ballot<G>& b) {
        auto& acc = sum_by_weight[w];
        if (acc.empty()) acc.assign(width, elgamal::ciphertext<G>::zero());
        std::size_t j = 0;
        for (const auto& c : b.contests)
            for (const auto& x : c.selections) acc[j++] += x;
    };

    // R1–R4 as a ranked contest's entries arrive (see ranked_state); what
    // needs the whole board (R1's comparison, R3's count of mixers, R4's
    // combination, R5, R6) follows the pass.
    auto freeze = [&](ranked_state& rs) {  // decryption begins: the chain is final
        rs.decrypting = true;
        if (!rs.chain) {
            rs.cts_error = "no valid mixed list to decrypt";
        } else if (rs.chain->size() == 0) {
            rs.final_ok = true;
        } else if (!ekey) {
            rs.cts_error = "no election key (C1 failed)";
        } else if (auto c = check_decodes(*rs.chain); !c) {
            rs.cts_error = "the last mix's output: " + c.err().message;
        } else {
            rs.final_ok = true;  // its points are decoded again a piece at a time (R4)
        }
    };
    auto ranked_entry = [&](ranked_state& rs, board_entry& e, const std::string& en) {  // may release e.payload
        const auto& mc = *rs.mc;
        if (e.kind == kinds::mix_input) {
            s.item("R1");
            if (rs.inputs++) return;  // after the pass, R1 fails on the count
            auto in = record::mix_input_payload::from_json(e.payload, m);
            json().swap(e.payload);  // decoded: the hex text is not needed again
            if (!in) {
                s.fail("R1", "contest \"" + mc.id + "\", " + en + ": " + in.err().message);
                return;
            }
            rs.chain = in->ciphertexts;
            rs.input = std::move(*in);
        } else if (e.kind == kinds::mix) {
            ++rs.mixes;
            s.item("R2");
            s.item("R3");
            if (rs.decrypting) {
                s.fail("R2", en + ": a mix after decryption began is not part of the chain");
                return;
            }
            auto p = record::mix_payload::from_json(e.payload, m);
            json().swap(e.payload);  // decoded: free its hex (hundreds of MB for 10^6 papers) before the check
            if (!p) {
                s.fail("R2", en + ": " + p.err().message);
                rs.chain.reset();
                return;
            }
            if (p->round != rs.expect_round)
                s.fail("R2", en + ": round " + std::to_string(p->round) + " where " + std::to_string(rs.expect_round) +
                                 " was expected");
            ++rs.expect_round;
            if (!rs.mixers.insert(p->mixer).second)
                s.fail("R3", en + ": trustee " + std::to_string(p->mixer) + " mixes a second time");
            if (!rs.chain) {
                s.fail("R2", en + ": no valid input to check this mix against");
            } else {
                progress("mix chain " + mc.id + ", round " + std::to_string(p->round), 0.0);
                static const std::vector<verify_key> no_keys;
                if (!mix_signed_by_mixer(mh, open ? open->trustees : no_keys, *rs.chain, *p))
                    s.fail("R3", en + ": the mixer's signature does not verify under trustee " + std::to_string(p->mixer) +
                                     "'s key");
                if (!ekey)
                    s.fail("R2", en + ": no election key to check the proof (C1 failed)");
                else {
                    release_free_memory();
                    if (auto v = check_mix_proof_releasing(m, ekey->joint_key, *rs.chain, *p); !v) s.fail("R2", en + ": " + v.err().message);
                }
            }
            rs.chain = std::move(p->output);
        } else if (e.kind == kinds::ranked_share) {
            s.item("R4");
            if (!rs.decrypting) freeze(rs);
            if (!rs.final_ok) return;  // after the pass, R4 fails on rs.cts_error
            if (rs.chain->size() == 0) {
                s.fail("R4", en + ": a share of an empty list");
                return;
            }
            // read, decoded and verified in pieces; kept encoded, without proofs
            progress("decryption shares " + mc.id, 0.0);
            // a set naming a trustee is that trustee's one set, valid or not
            const json tj = e.payload.is_object() ? e.payload.value("trustee", json()) : json();
            if (tj.is_number_unsigned() && tj.get<std::uint64_t>() <= m.trustees_n &&
                !rs.share_trustees.insert(tj.get<std::uint32_t>()).second) {
                s.fail("R4", en + ": a second share set from trustee " + std::to_string(tj.get<std::uint64_t>()));
                return;
            }
            auto sh = record::verify_ranked_share(e.payload, m, *ekey, *rs.chain);
            if (!sh) {
                s.fail("R4", en + ": " + sh.err().message);
                return;
            }
            rs.valid.push_back(std::move(sh->second));
        } else {
            if (!rs.decrypting) freeze(rs);
            rs.results.emplace_back(e.index, std::move(e.payload));
        }
    };

    const detail::ballot_rules rules(m);
    constexpr std::size_t block = 1024;                  // entries per block at most,
    constexpr std::uint64_t block_bytes = 16ull << 20;  // and about this much text (one large line alone)
    std::vector<parsed_entry> blk;
    for (;;) {
        auto raw = detail::read_block(lr, block, block_bytes);
        if (raw.empty()) break;
        blk.clear();
        blk.resize(raw.size());
        // parallel: parse, hash, check signatures, decode ballots
        parallel::for_each(raw.size(), [&](std::size_t i) {
            auto& p = blk[i];
            p.line = raw[i].number;
            p.offset = raw[i].offset;
            p.torn = raw[i].torn;
            if (p.torn) return;
            auto e = detail::parse_board_line(board_path, raw[i], p.h);
            if (!e) {
                p.line_error = e.err().message;
                return;
            }
            p.sig_ok = verify_signature(e->signer, p.h, e->sig);
            if (e->kind == kinds::cast || e->kind == kinds::challenge) {
                const json& bj = e->kind == kinds::cast ? e->payload : (e->payload.contains("ballot") ? e->payload["ballot"] : json());
                auto b = ballot<G>::from_json(bj, m);
                if (!b) {
                    p.ballot_error = b.err().message;
                } else {
                    p.bh = b->hash();
                    p.cred_sig_ok = verify_signature(b->credential, p.bh, b->signature);
                    p.b = std::move(*b);
                }
                if (e->kind == kinds::challenge && e->payload.contains("opening")) {
                    auto op = ballot_opening<G>::from_json(e->payload["opening"], m);
                    if (!op)
                        p.ballot_error = p.ballot_error.empty() ? op.err().message : p.ballot_error;
                    else
                        p.opening = std::move(*op);
                }
            }
            p.e = std::move(*e);
        });
        // sequential: chain, kinds, policy
        batch_verifier<G> proofs;
        std::vector<std::uint64_t> proof_entries;
        for (auto& p : blk) {
            if (p.torn) {
                s.fail("B1", "line " + std::to_string(p.line) + ": torn tail (an incomplete last line, never acknowledged)");
                continue;
            }
            if (!p.e) {
                s.fail("B1", "line " + std::to_string(p.line) + ": " + p.line_error);
                continue;
            }
            auto& e = *p.e;
            s.item("B1");
            s.item("B2");
            ++rep.entries;
            const std::string en = entry_name(e.index);
            if (e.index != expect_index)
                s.fail("B1", "line " + std::to_string(p.line) + ": index " + std::to_string(e.index) + " where " +
                                 std::to_string(expect_index) + " was expected");
            if (e.prev != head) s.fail("B1", en + ": prev is not the hash of the entry before it");
            expect_index = e.index + 1;
            head = p.h;
            if (!p.sig_ok) s.fail("B2", en + ": the signature does not verify under its signer");
            if (!have_operator && e.index == 0) {
                operator_key = e.signer;
                have_operator = true;
            } else if (have_operator && !(e.signer == operator_key)) {
                s.fail("B2", en + ": signed by " + e.signer.hex().substr(0, 16) + "…, not by the board operator");
            }
            const bool closed = close_at.has_value();
            s.item("B3");
            if (e.kind == kinds::open) {
                if (e.index != 0 || open) {
                    s.fail("B3", en + ": a second open");
                    continue;
                }
                auto op = record::open_payload::from_json(e.payload);
                if (!op) {
                    s.fail("O1", en + ": " + op.err().message);
                    continue;
                }
                open = *op;
            } else if (e.index == 0) {
                s.fail("O1", "entry 0 is \"" + e.kind + "\", not the open");
            }
            if (e.kind == kinds::open) continue;
            if (e.kind == kinds::cast) {
                ++rep.cast;
                s.item("V1");
                if (closed) s.fail("K3", en + ": a ballot cast after the close (entry " + std::to_string(*close_at) + ")");
                if (!p.b) {
                    s.fail("V1", en + ": " + p.ballot_error);
                    continue;
                }
                const auto& b = *p.b;
                if (b.election != mh) {
                    s.fail("V1", en + ": the ballot is for another election");
                    continue;
                }
                s.item("V5");
                if (!casts.add(e.index, p.offset, p.bh))
                    s.fail("V5", en + ": ballot " + tracking_code_of(p.bh) + " was already cast");
                s.item("V2");
                const auto* re = rl->find(b.credential);
                if (!re) s.fail("V2", en + ": credential " + b.credential.hex().substr(0, 16) + "… is not on the roll");
                s.item("V3");
                if (!p.cred_sig_ok) s.fail("V3", en + ": the ballot's signature does not verify under its credential");
                if (ekey) {
                    s.item("V4");
                    const auto* bp = &b;
                    proofs.add(en + " (" + tracking_code_of(p.bh) + ")", [&rules, &K, bp](equation_set<G>& eqs) {
                        return detail::ballot_equations_with<G>(rules, K, *bp, eqs, false);  // V3 checked the signature
                    });
                    proof_entries.push_back(e.index);
                }
                if (!re || closed || !p.cred_sig_ok) continue;  // not an eligible cast: the policy ignores it
                auto& row = casts.back();
                row.voter = static_cast<std::uint32_t>(re - rl->entries().data());
                bool self_excluded = false;
                for (const auto& x : policy.cast(e.index, re->voter)) {
                    expected_cancel[x.entry] = {std::string(x.reason), e.index};
                    if (x.entry == e.index) {
                        self_excluded = true;
                    } else if (auto* earlier = casts.at_entry(x.entry); earlier && earlier->counted) {
                        to_subtract.emplace_back(earlier->offset, rl->entries()[earlier->voter].weight);
                        earlier->counted = false;
                        ranked_at.erase(x.entry);
                    }
                }
                if (!self_excluded) {
                    add_to(re->weight, b);
                    casts.back().counted = true;
                    if (!b.ranked.empty()) ranked_at.add(e.index, b);
                }
            } else if (e.kind == kinds::challenge) {
                ++rep.challenged;
                s.item("H1");
                if (closed) s.fail("K3", en + ": a challenge after the close");
                if (!p.b || !p.opening) {
                    s.fail("H1", en + ": " + (p.ballot_error.empty() ? "payload must be {ballot, opening}" : p.ballot_error));
                    continue;
                }
                if (e.payload.size() != 2) s.fail("B3", en + ": challenge payload has fields other than ballot and opening");
                const auto& b = *p.b;
                if (b.election != mh) s.fail("H1", en + ": the challenged ballot is for another election");
                if (!rl->find(b.credential)) s.fail("H1", en + ": the challenged ballot's credential is not on the roll");
                if (!p.cred_sig_ok) s.fail("H1", en + ": the challenged ballot's signature does not verify");
                if (ekey)
                    if (auto v = verify_opening_vartime<G>(m, K, b, *p.opening); !v) s.fail("H1", en + ": " + v.err().message);
                challenged_hashes.insert(p.bh);
            } else if (e.kind == kinds::revoke) {
                s.item("P1");
                if (closed) s.fail("K3", en + ": a revocation after the close");
                auto r = record::revoke_payload::from_json(e.payload);
                if (!r) {
                    s.fail("B3", en + ": " + r.err().message);
                    continue;
                }
                if (!rl->find_voter(r->voter)) {
                    s.fail("P1", en + ": voter \"" + r->voter + "\" is not on the roll");
                    continue;
                }
                if (!open || !verify_signature(open->authority, r->statement(mh), r->authority_signature)) {
                    s.fail("P1", en + ": the revocation of \"" + r->voter + "\" is not signed by the credential authority");
                    continue;
                }
                if (closed) continue;
                if (policy.revoke(r->voter))
                    ++rep.revoked;
                else
                    s.fail("P1", en + ": voter \"" + r->voter + "\" was already revoked");
            } else if (e.kind == kinds::cancel) {
                s.item("P2");
                if (closed) s.fail("K3", en + ": a cancellation after the close");
                auto c = record::cancel_payload::from_json(e.payload);
                if (!c) {
                    s.fail("B3", en + ": " + c.err().message);
                    continue;
                }
                const auto* cast = casts.at_entry(c->entry);
                if (c->entry >= e.index || !cast || cast->voter == cast_table::ineligible) {
                    s.fail("P2", en + ": cancels entry " + std::to_string(c->entry) + ", which is not an earlier eligible cast");
                    continue;
                }
                if (cast->hash != c->ballot) {
                    s.fail("P2", en + ": the ballot hash does not match the cast at entry " + std::to_string(c->entry));
                    continue;
                }
                if (!allowed_reasons.count(c->reason)) {
                    s.fail("P2", en + ": reason \"" + c->reason + "\" is not among the manifest's cancel_reasons");
                    continue;
                }
                if (!posted_cancel.emplace(c->entry, std::make_pair(c->reason, e.index)).second)
                    s.fail("P2", en + ": entry " + std::to_string(c->entry) + " was already cancelled");
            } else if (e.kind == kinds::close) {
                s.item("K1");
                if (closed) {
                    s.fail("K1", en + ": a second close");
                    continue;
                }
                auto c = record::close_payload::from_json(e.payload);
                if (!c) {
                    s.fail("B3", en + ": " + c.err().message);
                    continue;
                }
                if (c->entries != e.index || c->head != e.prev)
                    s.fail("K1", en + ": the close does not name the board head just before it");
                close_at = e.index;
                s.item("K2");
                if (open) {
                    std::vector<std::string> problems;
                    const auto n = count_cosignatures(c->statement(mh), open->trustees, c->cosignatures, problems);
                    for (auto& pr : problems) s.fail("K2", en + ": " + pr);
                    if (n < m.trustees_k)
                        s.fail("K2", en + ": " + std::to_string(n) + " valid trustee co-signatures, " +
                                         std::to_string(m.trustees_k) + " needed");
                } else {
                    s.fail("K2", en + ": no valid open entry to take the trustees' keys from");
                }
            } else if (e.kind == kinds::tally) {
                s.item("K3");
                if (!closed || seen_tally || seen_result)
                    s.fail("K3", en + ": the tally must come once, right after the close");
                seen_tally = true;
                auto tp = record::tally_payload::from_json(e.payload, m);
                if (!tp)
                    s.fail("T1", en + ": " + tp.err().message);
                else if (!tally)
                    tally = std::move(*tp);
            } else if (e.kind == kinds::decryption_share) {
                s.item("K3");
                if (!closed || !seen_tally || seen_result)
                    s.fail("K3", en + ": decryption shares belong between the tally and the result");
                if (!e.payload.is_object() || e.payload.size() != 3 || !e.payload.contains("trustee") ||
                    !e.payload.contains("shares") || !e.payload.contains("proofs"))
                    s.fail("B3", en + ": a decryption-share payload is exactly {trustee, shares, proofs}");
                share_payloads.emplace_back(e.index, e.payload);
            } else if (e.kind == kinds::mix_input || e.kind == kinds::mix || e.kind == kinds::ranked_share ||
                       e.kind == kinds::ranked_result) {
                s.item("K3");
                if (!closed || !seen_tally || seen_result)
                    s.fail("K3", en + ": the ranked contests' entries belong between the tally and the result");
                const std::string cid = e.payload.is_object() && e.payload.contains("contest") && e.payload["contest"].is_string()
                                            ? e.payload["contest"].get<std::string>()
                                            : std::string();
                auto& rs = ranked_seen[cid];
                rs.entries.push_back(e.index);
                if (e.kind == kinds::mix_input) {
                    if (rs.mixes || rs.decrypting) s.fail("K3", en + ": a mix-input after the chain started");
                } else if (e.kind == kinds::mix) {
                    if (!rs.inputs || rs.decrypting) s.fail("K3", en + ": a mix before the mix-input or after decryption began");
                } else if (e.kind == kinds::ranked_share) {
                    if (!rs.inputs || !rs.results.empty()) s.fail("K3", en + ": a ranked-share out of order");
                } else {
                    if (!rs.inputs) s.fail("K3", en + ": a ranked-result before the mix-input");
                }
                if (rs.entries.size() == 1)
                    for (const auto& c : m.contests)
                        if (!c.homomorphic() && c.id == cid) rs.mc = &c;
                if (rs.mc) ranked_entry(rs, e, en);
                e.payload = json();  // a mix's payload can be hundreds of megabytes: not kept
            } else if (e.kind == kinds::result) {
                s.item("K3");
                if (!closed || !seen_tally || seen_result) s.fail("K3", en + ": the result must come once, after the shares");
                seen_result = true;
                auto r = record::result_payload::from_json(e.payload);
                if (!r)
                    s.fail("T4", en + ": " + r.err().message);
                else
                    published = std::move(*r);
                continue;
            } else {
                s.fail("B3", en + ": unknown kind \"" + e.kind + "\"");
            }
            if (seen_result) ++after_result;
        }
        if (proofs.size() > 0) {
            auto br = proofs.verify_vartime();
            for (const auto& f : br.failures) s.fail("V4", f.label + ": " + f.err.message);
        }
        progress("board", board_size ? static_cast<double>(lr.bytes()) / static_cast<double>(board_size) : 1.0);
    }
    if (after_result) s.fail("K3", std::to_string(after_result) + " entries after the result");

    // --- open (O1–O3) ------------------------------------------------------------
    s.item("O1");
    s.item("O3");
    if (!open) {
        s.fail("O1", "the board has no valid open entry");
        s.c("O3").skipped = "no open entry";
    } else {
        if (open->manifest_hash != mh) s.fail("O1", "the open names another manifest hash");
        if (ceremony_h && open->ceremony_hash != *ceremony_h) s.fail("O1", "the open names another ceremony transcript hash");
        if (ekey && !(open->joint_key == ekey->joint_key)) s.fail("O1", "the open's joint key is not the ceremony's");
        {
            std::set<verify_key> keys{operator_key, open->authority};
            keys.insert(open->trustees.begin(), open->trustees.end());
            if (keys.size() != open->trustees.size() + 2)
                s.fail("O1", "the operator, the credential authority and the trustees do not have distinct keys");
        }
        if (open->trustees.size() != m.trustees_n)
            s.fail("O1", "the open lists " + std::to_string(open->trustees.size()) + " trustee keys, the manifest has n=" +
                             std::to_string(m.trustees_n));
        if (open->roll_commitment != rl->commitment() || open->roll_size != rl->size())
            s.fail("O2", "roll.jsonl does not match the roll committed in the open (entries added, removed or changed)");
        if (!verify_signature(open->authority, open->roll_statement(), open->roll_signature))
            s.fail("O2", "the credential authority's signature on the roll does not verify");
        std::vector<std::string> problems;
        const auto n = count_cosignatures(open->statement(operator_key), open->trustees, open->cosignatures, problems);
        for (auto& pr : problems) s.fail("O3", pr);
        if (n < m.trustees_k)
            s.fail("O3", std::to_string(n) + " valid trustee co-signatures on the open, " + std::to_string(m.trustees_k) + " needed");
    }
    if (!ekey) s.c("V4").skipped = "no election key (C1 failed)";

    // --- challenges vs casts (H2) -------------------------------------------------
    {
        std::unordered_set<hash64, hash64_hasher> also_cast;
        if (!challenged_hashes.empty())
            for (const auto& r : casts.rows())
                if (challenged_hashes.count(r.hash)) also_cast.insert(r.hash);
        for (const auto& h : challenged_hashes) {
            s.item("H2");
            if (also_cast.count(h)) s.fail("H2", "challenged ballot " + tracking_code_of(h) + " is also cast");
        }
    }

    // --- cancellations (P3, P4) ------------------------------------------------------
    for (const auto& [entry, rc] : posted_cancel) {
        s.item("P3");
        auto it = expected_cancel.find(entry);
        if (it == expected_cancel.end())
            s.fail("P3", entry_name(rc.second) + ": cancels the ballot at entry " + std::to_string(entry) + " (\"" + rc.first +
                             "\"), but the policy counts that ballot");
        else if (it->second.reason != rc.first)
            s.fail("P3", entry_name(rc.second) + ": cancels entry " + std::to_string(entry) + " as \"" + rc.first +
                             "\", the policy's reason is \"" + it->second.reason + "\"");
        else if (rc.second < it->second.cause)
            s.fail("P3", entry_name(rc.second) + ": cancels entry " + std::to_string(entry) + " (\"" + rc.first +
                             "\") before its cause, the cast at entry " + std::to_string(it->second.cause));
    }
    for (const auto& [entry, ex] : expected_cancel) {
        const auto& reason = ex.reason;
        s.item("P4");
        if (!posted_cancel.count(entry))
            s.fail("P4", "the ballot at entry " + std::to_string(entry) + " is excluded by the policy (\"" + reason +
                             "\") but never cancelled");
        // the policy excludes only eligible casts; on a board whose indices
        // repeat (B1 fails), a later cast may have taken the entry's index
        const auto* ca = casts.at_entry(entry);
        if (ca && ca->voter != cast_table::ineligible)
            rep.cancellations.push_back({entry, tracking_code_of(ca->hash), rl->entries()[ca->voter].voter, reason});
    }

    // --- close (K1) -------------------------------------------------------------------
    if (!close_at) s.fail("K1", "the board has no close");

    // --- tally (T1) -------------------------------------------------------------------
    std::unordered_map<std::uint64_t, std::uint64_t> counted;
    for (const auto& [voter, entry] : policy.counted()) {
        // the policy counts only ballots whose credential is on the roll
        const auto weight = rl->find_voter(voter)->weight;
        counted[entry] = weight;
        rep.counted_weight += weight;
    }
    rep.counted = counted.size();
    s.item("T1");
    if (!tally) {
        s.fail("T1", "the board has no (well-formed) tally");
    } else {
        progress("tally", 0.0);
        auto mine = derived_tally(board_path, m, width, sum_by_weight, to_subtract, counted.size(), rep.counted_weight);
        if (!mine) {
            s.fail("T1", "cannot derive the tally of the counted ballots: " + mine.err().message);
        } else {
            if (mine->ballots != tally->ballots)
                s.fail("T1", "the tally says " + std::to_string(tally->ballots) + " ballots, the policy counts " +
                                 std::to_string(mine->ballots));
            if (mine->weight != tally->weight)
                s.fail("T1", "the tally says weight " + std::to_string(tally->weight) + ", the counted ballots weigh " +
                                 std::to_string(mine->weight));
            for (std::size_t ci = 0; ci < mine->contests.size(); ++ci)
                for (std::size_t i = 0; i < mine->contests[ci].selections.size(); ++i)
                    if (!(mine->contests[ci].selections[i] == tally->contests[ci].selections[i]))
                        s.fail("T1", "contest \"" + mine->contests[ci].id + "\" option " + std::to_string(i) +
                                         ": the tally's ciphertext is not the sum of the counted ballots");
        }
        progress("tally", 1.0);
    }

    // --- decryption (T2, T3, T4) ---------------------------------------------------------
    std::optional<ceremony::decryption_result<G>> dec;
    const bool nothing_counted = tally && tally->ballots == 0 && counted.empty();
    if (nothing_counted) {
        // nothing to decrypt (§8.10): the tally is all identity (T1 compared it), no share is
        // posted, and every count is 0
        s.item("T2");
        s.item("T3");
        for (const auto& [idx, pj] : share_payloads) s.fail("T2", entry_name(idx) + ": a decryption share of an empty tally");
        dec = ceremony::decryption_result<G>{};
        for (const auto& x : tally->all()) dec->plaintexts.push_back(x.beta);
    } else if (!tally || !ekey) {
        for (auto id : {"T2", "T3", "T4"}) s.c(id).skipped = !ekey ? "no election key (C1 failed)" : "no tally";
    } else {
        const auto cts = tally->all();
        std::vector<ceremony::decryption_share<G>> valid;
        std::set<std::uint32_t> seen;
        for (const auto& [idx, pj] : share_payloads) {
            s.item("T2");
            auto sh = ceremony::decryption_share_from_json<G>(pj, m.trustees_n, cts.size());
            if (!sh) {
                s.fail("T2", entry_name(idx) + ": " + sh.err().message);
                continue;
            }
            if (!seen.insert(sh->trustee).second) {
                s.fail("T2", entry_name(idx) + ": a second share set from trustee " + std::to_string(sh->trustee));
                continue;
            }
            if (auto v = ceremony::verify_decryption_share<G>(*ekey, record::tally_context(m), cts, *sh); !v) {
                s.fail("T2", entry_name(idx) + ": " + v.err().message);
                continue;
            }
            valid.push_back(std::move(*sh));
        }
        s.item("T3");
        auto d = ceremony::combine_verified_vartime<G>(*ekey, cts, valid);
        if (!d) {
            s.fail("T3", d.err().message);
            s.c("T4").skipped = "the tally could not be decrypted";
        } else {
            dec = std::move(*d);
        }
    }
    rep.result = published;
    if (dec) {
        s.item("T4");
        if (!published) {
            s.fail("T4", "the board has no (well-formed) result");
        } else {
            if (published->trustees != dec->used) {
                std::string used;
                for (auto t : dec->used) used += " " + std::to_string(t);
                s.fail("T4", "the result names other trustees than the first k with valid shares (" +
                                 (used.empty() ? std::string(" none") : used) + ")");
            }
            std::size_t j = 0, ci = 0;
            for (const auto& mc : m.contests) {
                if (!mc.homomorphic()) continue;
                if (ci >= published->contests.size() || published->contests[ci].id != mc.id) {
                    s.fail("T4", "the result has no contest \"" + mc.id + "\" in place");
                    j += mc.options.size();
                    ++ci;
                    continue;
                }
                const auto& rc = published->contests[ci++];
                if (rc.options.size() != mc.options.size()) {
                    s.fail("T4", "contest \"" + mc.id + "\": the result has " + std::to_string(rc.options.size()) + " options");
                    j += mc.options.size();
                    continue;
                }
                for (std::size_t i = 0; i < mc.options.size(); ++i, ++j) {
                    const auto& [oid, votes] = rc.options[i];
                    if (oid != mc.options[i].id)
                        s.fail("T4", "contest \"" + mc.id + "\" option " + std::to_string(i) + ": id \"" + oid + "\", the manifest has \"" +
                                         mc.options[i].id + "\"");
                    if (!(G::mul_base(G::scalar::from_u64(votes)) == dec->plaintexts[j]))
                        s.fail("T4", "contest \"" + mc.id + "\" option \"" + mc.options[i].id + "\": the result says " +
                                         std::to_string(votes) + ", which is not the decrypted tally");
                }
            }
            if (ci != published->contests.size()) s.fail("T4", "the result has contests the manifest does not");
        }
    }
    // --- ranked contests (R1–R6, §8.11) ---------------------------------------------------
    {
        std::set<std::string> ranked_ids;
        for (const auto& mc : m.contests) {
            if (mc.homomorphic()) continue;
            ranked_ids.insert(mc.id);
            progress("ranked contest " + mc.id, 0.0);
            const std::string cw = "contest \"" + mc.id + "\"";
            auto& rs = ranked_seen[mc.id];
            // R1: the input, derived here from the counted set
            s.item("R1");
            const auto mine = record::derive_mix_input(m, mc, counted, ranked_at);
            if (!mine) s.fail("R1", cw + ": a counted ballot has no ranked part (V1 reports it)");
            if (rs.inputs != 1)
                s.fail("R1", cw + ": " + std::to_string(rs.inputs) + " mix-input entries, exactly one expected");
            if (rs.input) {
                const std::string where = cw + ", the mix-input";
                if (rs.input->ballots != counted.size())
                    s.fail("R1", where + " says " + std::to_string(rs.input->ballots) + " counted ballots, the policy counts " +
                                     std::to_string(counted.size()));
                if (mine && !(rs.input->ciphertexts == mine->ciphertexts))
                    s.fail("R1", where + " (" + std::to_string(rs.input->ciphertexts.size()) +
                                     " papers) is not the counted ballots' ranked ciphertexts (" +
                                     std::to_string(mine->ciphertexts.size()) + " papers, weighted, in board order)");
                rs.input.reset();
            }
            // R2, R3: each mix was checked as it came; the chain as a whole
            const bool empty = rs.chain && rs.chain->size() == 0;
            s.item("R3");
            if (empty && rs.mixes) s.fail("R3", cw + ": mixes of an empty input");
            if (!empty && rs.mixers.size() < m.trustees_k)
                s.fail("R3", cw + ": mixed by " + std::to_string(rs.mixers.size()) + " distinct trustees, at least k = " +
                                 std::to_string(m.trustees_k) + " needed");
            // R4: each share was checked as it came; k of them combine
            s.item("R4");
            if (!rs.decrypting) freeze(rs);
            std::optional<record::ranked_result_payload> outcome;
            std::string mine_error;  // the count itself failed (R6)
            if (!rs.final_ok) {
                s.fail("R4", cw + ": " + rs.cts_error);
            } else {  // (an empty list: nothing to combine, an empty outcome)
                progress("ranked contest " + mc.id + ": combining the shares", 0.0);
                auto oc = record::ranked_outcome_from_shares(m, mc, *ekey, *rs.chain, rs.valid);
                if (!oc && oc.err().code == errc::verify_failed)
                    s.fail("R4", cw + ": " + oc.err().message);  // fewer than k valid share sets
                else if (!oc)
                    mine_error = oc.err().message;
                else
                    outcome = std::move(*oc);
            }
            rs.chain.reset();
            rs.valid.clear();
            // R5, R6: the published outcome against the recomputed one
            s.item("R5");
            s.item("R6");
            if (rs.results.size() != 1) {
                s.fail("R5", cw + ": " + std::to_string(rs.results.size()) + " ranked-result entries, exactly one expected");
                if (rs.results.empty()) continue;
            }
            const auto& [ridx, rj] = rs.results.front();
            auto pub = record::ranked_result_payload::from_json(rj);
            if (!pub) {
                s.fail("R5", entry_name(ridx) + ": " + pub.err().message);
                continue;
            }
            rep.ranked.push_back(*pub);
            if (!outcome && mine_error.empty()) {
                s.c("R5").skipped = s.c("R5").skipped.empty() ? "the mixed papers could not be decrypted" : s.c("R5").skipped;
                s.c("R6").skipped = s.c("R5").skipped;
                continue;
            }
            if (!outcome) {
                s.fail("R6", cw + ": " + mine_error);
                continue;
            }
            if (pub->trustees != outcome->trustees) s.fail("R5", entry_name(ridx) + ": names other trustees than the first k with valid shares");
            if (pub->ballots.size() != outcome->ballots.size()) {
                s.fail("R5", entry_name(ridx) + ": " + std::to_string(pub->ballots.size()) + " papers, " +
                                 std::to_string(outcome->ballots.size()) + " were decrypted");
            } else {
                std::uint64_t differ = 0;
                for (std::size_t i = 0; i < pub->ballots.size(); ++i)
                    if (pub->ballots[i] != outcome->ballots[i] && differ++ < 20)
                        s.fail("R5", entry_name(ridx) + ": paper " + std::to_string(i) + " is not what its ciphertext decrypts to");
            }
            if (pub->invalid != outcome->invalid) s.fail("R5", entry_name(ridx) + ": the list of invalid papers and reasons differs");
            if (pub->elected != outcome->elected) s.fail("R6", entry_name(ridx) + ": the elected candidates differ from the recount's");
            if (pub->stages != outcome->stages) {
                // name the first stage that differs, when both are stage sheets
                std::string where;
                const auto& a = pub->stages;
                const auto& b = outcome->stages;
                if (a.is_object() && b.is_object() && a.contains("stages") && b.contains("stages") && a["stages"].is_array() &&
                    b["stages"].is_array()) {
                    for (std::size_t i = 0; i < std::max(a["stages"].size(), b["stages"].size()); ++i)
                        if (i >= a["stages"].size() || i >= b["stages"].size() || a["stages"][i] != b["stages"][i]) {
                            where = " from stage " + std::to_string(i + 1);
                            break;
                        }
                    if (where.empty()) where = " outside the stages (header, candidates or totals)";
                }
                s.fail("R6", entry_name(ridx) + ": the stage sheet differs from the recount's" + where);
            }
        }
        for (const auto& [cid, rs] : ranked_seen)
            if (!ranked_ids.count(cid))
                for (const auto idx : rs.entries)
                    s.fail("B3", entry_name(idx) + ": names no ranked contest of the manifest (\"" + cid + "\")");
    }
    progress("done", 1.0);
    return rep;
}

// ---------------------------------------------------------------------------
// receipts

std::string receipt::text() const {
    std::ostringstream o;
    if (!chain_ok) o << "WARNING: the board does not verify (" << chain_problem << "); run scrutineer verify.\n";
    if (!found) {
        o << "This tracking code is not on the board.\n";
        return o.str();
    }
    if (kind == "challenge") {
        o << "Your ballot was challenged (board entry " << entry << "): it was opened for checking and never counts.\n";
        return o.str();
    }
    o << "Your ballot is on the board at entry " << entry << " (voter " << (voter.empty() ? "unknown" : voter) << ").\n";
    if (!closed) {
        o << "The board is not closed yet.";
        if (why_not.empty())
            o << " As of now it counts.\n";
        else
            o << " As of now it does not count: " << why_not << ".\n";
        return o.str();
    }
    o << "The board was closed at entry " << *close_entry << ".\n";
    if (counted)
        o << "It counted.\n";
    else
        o << "It did not count: " << why_not << (cancelled_by ? " (cancellation at entry " + std::to_string(*cancelled_by) + ")" : "")
          << ".\n";
    return o.str();
}

result<receipt> lookup_receipt(const fs::path& dir, std::string_view code) {
    std::string want;
    for (char ch : code) {
        if (ch == '-' || ch == ' ') continue;
        char u = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (u == 'O') u = '0';
        if (u == 'I' || u == 'L') u = '1';
        if (static_cast<unsigned char>(ch) >= 0x80)
            return error{errc::bad_input, "tracking code: a non-ASCII character is not a Crockford base32 character"};
        if (!std::isalnum(static_cast<unsigned char>(u)) || u == 'U')
            return error{errc::bad_input, "tracking code: '" + std::string(1, ch) + "' is not a Crockford base32 character"};
        want.push_back(u);
    }
    if (want.size() < 8 || want.size() > 32)
        return error{errc::bad_input, "tracking code: give at least 8 of its 32 characters"};
    auto m = record::read_manifest(dir);
    if (!m) return m.err();
    auto rl = roll::load(dir / record::files::roll);
    if (!rl) return with_context(std::string(record::files::roll), rl.err());
    auto rd = board_reader::open(dir / record::files::board);
    if (!rd) return rd.err();

    receipt out;
    const auto mh = m->hash();
    std::optional<record::open_payload> open;
    std::string ineligible;
    board_chain chain;
    policy_engine policy(m->policy.revoting);
    std::map<std::uint64_t, std::string> excluded;
    std::map<std::uint64_t, std::uint64_t> cancel_entry;
    std::size_t matches = 0;
    auto strip = [](const std::string& c) {
        std::string s;
        for (char ch : c)
            if (ch != '-') s.push_back(ch);
        return s;
    };
    for (;;) {
        auto e = rd->next();
        if (!e) {
            if (e.err().code == errc::io) return e.err();  // the file cannot be read on: stop, never spin
            out.chain_ok = false;
            out.chain_problem = e.err().message;
            if (e.err().message.rfind("torn tail", 0) == 0) break;
            continue;
        }
        if (!e->has_value()) break;
        const auto& en = **e;
        if (out.chain_ok)
            if (auto s = chain.append(en); !s) {
                out.chain_ok = false;
                out.chain_problem = s.err().message;
            }
        if (en.kind == kinds::open && en.index == 0) {
            if (auto o = record::open_payload::from_json(en.payload)) open = *o;
        }
        if (en.kind == kinds::close && !out.closed) {
            out.closed = true;
            out.close_entry = en.index;
        }
        // the same eligibility rules as the verifier (P1, V2, V3): a revocation
        // counts only when the authority signed it for a voter on the roll; a
        // cast only when its ballot decodes and its credential signed it
        if (en.kind == kinds::revoke && !out.closed) {
            auto r = record::revoke_payload::from_json(en.payload);
            if (r && open && rl->find_voter(r->voter) &&
                verify_signature(open->authority, r->statement(mh), r->authority_signature))
                policy.revoke(r->voter);
        } else if (en.kind == kinds::cancel && !out.closed) {
            auto c = record::cancel_payload::from_json(en.payload);
            if (c) cancel_entry[c->entry] = en.index;
        } else if (en.kind == kinds::cast || en.kind == kinds::challenge) {
            const json& bj = en.kind == kinds::cast ? en.payload : en.payload.value("ballot", json());
            auto b = ballot<G>::from_json(bj, *m);
            if (!b) continue;
            const auto h = b->hash();
            const roll_entry* re = rl->find(b->credential);
            const bool signed_ok = verify_signature(b->credential, h, b->signature);
            const bool eligible = re && signed_ok && b->election == mh;
            if (en.kind == kinds::cast && eligible && !out.closed)
                for (const auto& x : policy.cast(en.index, re->voter)) excluded[x.entry] = std::string(x.reason);
            const auto tc = strip(tracking_code_of(h));
            if (tc.compare(0, want.size(), want) != 0) continue;
            ++matches;
            out.found = true;
            out.kind = std::string(en.kind);
            out.entry = en.index;
            out.voter = re ? re->voter : "";
            if (en.kind != kinds::cast) continue;
            if (!re)
                ineligible = "its credential is not on the roll";
            else if (!signed_ok)
                ineligible = "its signature does not verify under its credential";
            else if (b->election != mh)
                ineligible = "it is for another election";
            else if (out.closed)
                ineligible = "it was put on the board after the close";
            else
                ineligible.clear();
        }
    }
    if (matches > 1) return error{errc::bad_input, "tracking code prefix matches " + std::to_string(matches) + " ballots; give more of it"};
    if (out.found && out.kind == "cast") {
        auto it = excluded.find(out.entry);
        const bool eligible = ineligible.empty();
        out.counted = eligible && it == excluded.end();
        if (!eligible)
            out.why_not = ineligible;
        else if (it != excluded.end())
            out.why_not = it->second == record::reasons::superseded ? "superseded by a later ballot of the same voter"
                          : it->second == record::reasons::revoked  ? "cast after the voter's credential was revoked"
                                                                    : "a later ballot of a voter whose first ballot counts";
        if (auto c = cancel_entry.find(out.entry); c != cancel_entry.end()) out.cancelled_by = c->second;
    }
    return out;
}

}  // namespace scrutineer::election
