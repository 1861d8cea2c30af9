// scrutineer — ElectionGuard 2.0 record verifier (spec §6.2).
#include "scrutineer/electionguard/verify.hpp"

#include <algorithm>
#include <cctype>
#include <atomic>
#include <fstream>
#include <map>
#include <optional>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "scrutineer/electionguard/ballot.hpp"
#include "scrutineer/electionguard/hashed.hpp"
#include "scrutineer/core/json_depth.hpp"

namespace scrutineer::eg {

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

/// Largest contest selection limit accepted in a manifest (a sanity bound:
/// the limit's range proof has votes_allowed + 1 branches).
constexpr std::int64_t kMaxVotesAllowed = 1 << 20;

/// A malformed record: becomes a format error of verify_record.
struct malformed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

json load(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    if (!f) throw malformed("cannot read " + p.string());
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string text = ss.str();
    if (auto d = check_json_depth(text); !d) throw malformed(p.string() + ": " + d.err().message);
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw malformed(p.string() + ": not valid JSON: " + e.what());
    }
}

bytes read_file(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    if (!f) throw malformed("cannot read " + p.string());
    return bytes(std::istreambuf_iterator<char>(f), {});
}

const json& field(const json& j, const char* key, const std::string& where) {
    if (!j.is_object() || !j.contains(key)) throw malformed(where + ": missing field \"" + key + "\"");
    return j[key];
}
std::string str(const json& j, const char* key, const std::string& where) {
    const auto& v = field(j, key, where);
    if (!v.is_string()) throw malformed(where + ": field \"" + key + "\" is not a string");
    return v.get<std::string>();
}
std::int64_t num(const json& j, const char* key, const std::string& where) {
    const auto& v = field(j, key, where);
    if (!v.is_number_integer()) throw malformed(where + ": field \"" + key + "\" is not an integer");
    return v.get<std::int64_t>();
}
const json& arr(const json& j, const char* key, const std::string& where) {
    const auto& v = field(j, key, where);
    if (!v.is_array()) throw malformed(where + ": field \"" + key + "\" is not an array");
    return v;
}
std::string str_item(const json& v, const std::string& where) {
    if (!v.is_string()) throw malformed(where + ": an item is not a string");
    return v.get<std::string>();
}

/// A value-level problem (bad hex, out of range): fails the step that uses it.
struct bad_value : std::runtime_error {
    using std::runtime_error::runtime_error;
};
template <class T>
T must(result<T> r, const std::string& where) {
    if (!r) throw bad_value(where + ": " + r.err().message);
    return std::move(*r);
}

struct step_acc {
    std::mutex m;
    std::vector<std::string> fails;
    std::size_t total_fails = 0;
    void fail(std::string s) {
        std::lock_guard<std::mutex> l(m);
        ++total_fails;
        if (fails.size() < 20) fails.push_back(std::move(s));
    }
};

struct enc_selection {
    std::string id;
    std::uint32_t seq = 0;
    ciphertext ct;
    range_proof proof;
    bool ok = true;  // decoded
    status proof_status;  // verify_range's result (Verification 5), valid when both elements are members
};
/// A selected pre-encryption vector of a pre-encrypted ballot's contest (§4.4).
struct pre_vector {
    hash32 hash{};            ///< ψ as recorded
    std::string code;         ///< its short code as recorded
    std::vector<ciphertext> enc;  ///< Ψ, elements range-checked only
};
/// A pre-encrypted ballot's contest: its `pre_encryption` (the Kotlin layout).
struct pre_contest {
    hash32 chi{};                   ///< preencryption_hash (eq. 94)
    std::vector<hash32> all;        ///< all_selection_hashes, m + L of them, sorted
    std::vector<pre_vector> selected;  ///< selected_vectors, L of them
};
struct enc_contest {
    std::string id;
    std::uint32_t seq = 0;
    std::int64_t votes_allowed = 0;
    hash32 contest_hash{};
    std::vector<enc_selection> sel;
    range_proof proof;
    std::optional<pre_contest> pre;  ///< pre-encrypted ballots only, if it parsed
};

/// A contest of the manifest.
struct manifest_contest {
    std::int64_t seq = 0, votes_allowed = 0;
    std::set<std::string> selections;
    /// (option index, id), by index: the positions of a pre-encryption vector (§4.1)
    std::vector<std::pair<std::int64_t, std::string>> options;
};

/// The accumulators of the steps a ballot contributes to: 5–7 for an
/// ordinary ballot; for a pre-encrypted one 15 and 16 (the same proofs as 5
/// and 6), 7.A (its contest hashes, §4.4: every step of an ordinary ballot
/// applies except the confirmation code) and 17–18.
struct ballot_accs {
    step_acc a5, a6, a7, a15, a16, a17, a18;
};

/// Largest number of encryptions regenerated for one contest of an uncast
/// pre-encrypted ballot from its published primary nonce ((m + L)·m).
constexpr std::size_t kMaxRegenerated = 1 << 16;

/// A challenged ballot's state: SPOILED in the Kotlin reference's records,
/// CHALLENGED in the spec's words.
bool is_challenged(const std::string& state) { return state == "SPOILED" || state == "CHALLENGED"; }

range_proof parse_proof(const json& j, const std::string& where) {
    range_proof p;
    for (const auto& x : arr(field(j, "proof", where), "proofs", where + " proof")) {
        p.c.push_back(must(challenge_from_hex(str(x, "challenge", where)), where + " challenge"));
        p.v.push_back(must(scalar_from_hex(str(x, "response", where)), where + " response (5.C/6.C)"));
    }
    return p;
}

const char* kTitles[19] = {"",
                           "Parameter validation",
                           "Guardian public-key validation",
                           "Election public-key validation",
                           "Extended base hash validation",
                           "Well-formedness of selection encryptions",
                           "Adherence to vote limits",
                           "Validation of confirmation codes",
                           "Correctness of ballot aggregation",
                           "Correctness of tally decryptions",
                           "Validation of correct decryption of tallies",
                           "Correctness of decryptions of contest data",
                           "Correctness of decryptions for challenged ballots",
                           "Validation of correct decryption of challenged ballots",
                           "Correctness of contest data decryptions for challenged ballots",
                           "Well-formedness of selection encryptions in pre-encrypted ballots",
                           "Adherence to vote limits in pre-encrypted ballots",
                           "Validation of confirmation codes in pre-encrypted ballots",
                           "Validation of short codes in pre-encrypted ballots"};

class verifier {
public:
    verifier(fs::path dir, verify_options o) : dir_(std::move(dir)), opt_(std::move(o)) {
        if (!opt_.short_codes.empty()) {
            short_format_ = parse_short_code_format(opt_.short_codes);
            if (!short_format_)
                throw malformed("unknown short-code function \"" + opt_.short_codes +
                                "\" (omega1 … omega8 as in §4.6, or hex5)");
        }
        rep_.steps.resize(18);
        for (int i = 1; i <= 18; ++i) {
            rep_.steps[static_cast<std::size_t>(i - 1)].number = i;
            rep_.steps[static_cast<std::size_t>(i - 1)].title = kTitles[i];
        }
    }

    record_report run() {
        load_all();
        step1();
        step2_3_4();
        ballots_steps();
        tally_steps();
        challenged_steps();
        not_applicable_steps();
        return std::move(rep_);
    }

    /// The receipt for the ballot whose confirmation code starts with `want`
    /// (uppercase hex, at least 8 digits): steps 1–4 (the keys and hashes
    /// every ballot depends on), then that ballot's steps 5–7 and, if it is
    /// challenged, 12–14 for its decryption.
    receipt run_receipt(const std::string& want) {
        load_all();
        step1();
        step2_3_4();
        receipt rc;
        auto collect = [&](int n) {
            for (const auto& f : S(n).failures) rc.failures.push_back("Verification " + std::to_string(n) + ": " + f);
        };
        for (int n : {1, 2, 3, 4}) collect(n);
        // the ballot: files whose text holds the digits, then their recorded code
        std::vector<std::pair<fs::path, std::string>> hits;
        for (const auto& f : ballot_files_) {
            const bytes raw = read_file(f);
            std::string text(raw.begin(), raw.end());
            for (auto& ch : text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            if (text.find(want) == std::string::npos) continue;
            const json b = load(f);
            if (!b.is_object() || !b.contains("confirmation_code") || !b["confirmation_code"].is_string()) continue;
            std::string code = b["confirmation_code"].get<std::string>();
            for (auto& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            if (code.rfind(want, 0) == 0) hits.emplace_back(f, code);
        }
        if (hits.size() > 1)
            throw malformed(want.size() == 64 ? std::to_string(hits.size()) + " ballots have the confirmation code " + want +
                                                    " (Verification 7.C fails)"
                                              : "the code " + want + " begins the confirmation codes of " +
                                                    std::to_string(hits.size()) + " ballots; give more of its digits");
        if (hits.empty()) {
            rc.code = want;
            return rc;
        }
        rc.found = true;
        rc.code = hits[0].second;
        rc.file = fs::relative(hits[0].first, dir_);
        ballot_accs A;
        ballot_result br;
        verify_ballot(hits[0].first, br, A);
        if (br.pre) {
            rc.preencrypted = true;
            finish(7, A.a7, "");  // its contest hashes (7.A)
            finish(15, A.a15, "");
            finish(16, A.a16, "");
            finish(17, A.a17, "");
            finish(18, A.a18, check_short_codes({&br}, A.a18));
            for (int n : {7, 15, 16, 17, 18}) collect(n);
            rc.short_code_function = std::string(short_code_name(*used_format_));
            for (const auto& [cid, psi] : br.selected) rc.marked.push_back({cid, {}, short_code(*used_format_, psi)});
            for (const auto& [cid, oid, psi] : br.option_hashes)
                rc.printed.push_back({cid, oid, short_code(*used_format_, psi)});
        } else {
            finish(5, A.a5, "");
            finish(6, A.a6, "");
            finish(7, A.a7, "");
            for (int n : {5, 6, 7}) collect(n);
        }
        if (!br.decoded && rc.failures.empty()) rc.failures.push_back("the ballot does not decode");
        rc.ballot_id = br.id;
        rc.state = br.state;
        rc.device = br.device;
        if (is_challenged(br.state)) {
            rc.challenged = true;
            rc.opened = br.opened;
            ballot_states_[br.id] = br.state;
            challenged_ballots_[br.id] =
                challenged_ballot{std::move(br.cts), std::move(br.contest_data), br.decoded, br.opened};
            challenged_steps(br.id, &rc);
            // a decryption's selections, if there is one; else what the nonce opened
            if (rc.decryption.empty()) rc.decrypted = br.nonce_values;
            for (int n : {12, 13, 14}) collect(n);
        }
        return rc;
    }

private:
    step_report& S(int n) { return rep_.steps[static_cast<std::size_t>(n - 1)]; }
    void finish(int n, step_acc& a, const std::string& detail) {
        auto& s = S(n);
        s.failures = std::move(a.fails);
        if (a.total_fails > 0) {
            s.outcome = step_outcome::failed;
            s.detail = std::to_string(a.total_fails) + " failure(s); " + detail;
            if (a.total_fails > s.failures.size())
                s.failures.push_back("... and " + std::to_string(a.total_fails - s.failures.size()) + " more");
        } else {
            s.outcome = step_outcome::ok;
            s.detail = detail;
        }
    }
    void not_checked(int n, std::string why) {
        S(n).outcome = step_outcome::not_checked;
        S(n).detail = std::move(why);
    }

    void load_all() {
        constants_ = load(dir_ / "constants.json");
        config_ = load(dir_ / "election_config.json");
        manifest_bytes_ = read_file(dir_ / "manifest.json");
        if (auto d = check_json_depth(manifest_bytes_); !d) throw malformed("manifest.json: " + d.err().message);
        try {
            manifest_ = json::parse(manifest_bytes_.begin(), manifest_bytes_.end());
        } catch (const json::exception& e) {
            throw malformed("manifest.json: not valid JSON: " + std::string(e.what()));
        }
        init_ = load(dir_ / "election_initialized.json");
        const fs::path bd = dir_ / "encrypted_ballots";
        if (fs::exists(bd))
            for (const auto& e : fs::recursive_directory_iterator(bd))
                if (e.is_regular_file() && e.path().extension() == ".json") ballot_files_.push_back(e.path());
        std::sort(ballot_files_.begin(), ballot_files_.end());
        if (fs::exists(dir_ / "encrypted_tally.json")) enc_tally_ = load(dir_ / "encrypted_tally.json");
        if (fs::exists(dir_ / "tally.json")) tally_ = load(dir_ / "tally.json");
        // manifest contests: id -> (seq, votes_allowed, selection ids)
        for (const auto& c : arr(manifest_, "contests", "manifest")) {
            const std::string id = str(c, "object_id", "manifest contest");
            auto& mc = contests_[id];
            mc.seq = num(c, "sequence_order", "manifest contest " + id);
            mc.votes_allowed = num(c, "votes_allowed", "manifest contest " + id);
            // the contest limit L gives range proofs of L + 1 branches; bounded so
            // that L + 1 neither overflows nor asks for absurd proofs
            if (mc.votes_allowed < 1 || mc.votes_allowed > kMaxVotesAllowed)
                throw malformed("manifest contest " + id + ": votes_allowed " + std::to_string(mc.votes_allowed) +
                                " is outside 1.." + std::to_string(kMaxVotesAllowed));
            for (const auto& s : arr(c, "ballot_selections", "manifest contest " + id)) {
                const std::string w = "manifest contest " + id + " selection";
                const std::string oid = str(s, "object_id", w);
                mc.selections.insert(oid);
                mc.options.emplace_back(num(s, "sequence_order", w + " " + oid), oid);
            }
            std::sort(mc.options.begin(), mc.options.end());
        }
    }

    // ------------------------------------------------------------ Verification 1
    void step1() {
        step_acc a;
        const std::string ver = str(config_, "config_version", "election_config.json");
        if (ver != "v2.0.0") a.fail("1.A: record version \"" + ver + "\", this verifier implements v2.0.0");
        auto cmp = [&](const char* key, const bytes& want, const char* what, std::size_t width) {
            auto b = hex_fixed(str(constants_, key, "constants.json"), width);
            if (!b || *b != want) a.fail(std::string(what) + ": constants.json " + key + " is not the standard value (§3.1.1)");
        };
        cmp("large_prime", group::p_bytes(), "1.B", 512);
        cmp("small_prime", group::q_bytes(), "1.C", 32);
        cmp("cofactor", group::cofactor_bytes(), "1.D", 512);
        cmp("generator", group::g_bytes(), "1.E", 512);
        hp_ = parameter_base_hash();
        auto hp = hash_from_hex(str(config_, "parameter_base_hash", "election_config.json"));
        if (!hp || *hp != hp_) a.fail("1.F: parameter base hash H_P is not H(ver; 0x00, p, q, g)");
        const hash32 hm = manifest_hash(hp_, manifest_bytes_);
        auto hmr = hash_from_hex(str(config_, "manifest_hash", "election_config.json"));
        if (!hmr || *hmr != hm) a.fail("1.G: manifest hash H_M is not H(H_P; 0x01, manifest)");
        n_ = static_cast<std::uint32_t>(num(config_, "number_of_guardians", "election_config.json"));
        k_ = static_cast<std::uint32_t>(num(config_, "quorum", "election_config.json"));
        if (k_ < 1 || k_ > n_) a.fail("1.H: quorum k = " + std::to_string(k_) + " not in [1, n = " + std::to_string(n_) + "]");
        hb_ = election_base_hash(hp_, hm, n_, k_);
        auto hbr = hash_from_hex(str(config_, "election_base_hash", "election_config.json"));
        if (!hbr || *hbr != hb_) a.fail("1.H: base hash H_B is not H(H_P; 0x02, H_M, n, k)");
        finish(1, a, "version, p, q, r, g, H_P, H_M, H_B");
    }

    // ------------------------------------------------------ Verifications 2, 3, 4
    void step2_3_4() {
        step_acc a2, a3, a4;
        const auto& gs = arr(init_, "guardians", "election_initialized.json");
        element prod = group::identity();
        std::set<std::int64_t> xs;
        if (gs.size() != n_) a3.fail("3: " + std::to_string(gs.size()) + " guardians in the record, n = " + std::to_string(n_));
        std::size_t proofs = 0;
        for (const auto& g : gs) {
            const std::string gid = str(g, "guardian_id", "guardian");
            const auto i = num(g, "x_coordinate", "guardian " + gid);
            if (i < 1 || !xs.insert(i).second) a2.fail(gid + ": x coordinate " + std::to_string(i) + " is not a fresh positive index");
            const auto& cps = arr(g, "coefficient_proofs", "guardian " + gid);
            if (cps.size() != k_) a2.fail(gid + ": " + std::to_string(cps.size()) + " coefficient proofs, quorum k = " + std::to_string(k_));
            std::uint32_t j = 0;
            for (const auto& cp : cps) {
                const std::string w = gid + " coefficient " + std::to_string(j);
                try {
                    coefficient_proof p{must(element_from_hex(str(cp, "public_key", w)), w + " K_{i,j} (2.A)"),
                                        must(challenge_from_hex(str(cp, "challenge", w)), w + " challenge"),
                                        must(scalar_from_hex(str(cp, "response", w)), w + " v_{i,j} (2.B)")};
                    ++proofs;
                    if (auto s = verify_coefficient(hp_, static_cast<std::uint32_t>(i), j, p); !s) a2.fail(w + ": " + s.err().message);
                    if (j == 0) {
                        if (group::is_identity(p.K)) a3.fail("3.A: " + gid + " public key K_i is 1");
                        prod = prod.mul_vartime(p.K);
                    }
                } catch (const bad_value& e) {
                    a2.fail(e.what());
                    if (j == 0) a3.fail(std::string("3.A: ") + e.what());
                }
                ++j;
            }
        }
        finish(2, a2, std::to_string(proofs) + " coefficient proofs of " + std::to_string(gs.size()) + " guardians");
        try {
            K_ = must(element_from_hex(str(init_, "joint_public_key", "election_initialized.json")), "joint public key K");
            if (group::is_identity(K_)) a3.fail("3.B: K = 1");
            if (!(K_ == prod)) a3.fail("3.B: K is not the product of the guardians' keys K_i");
        } catch (const bad_value& e) {
            a3.fail(std::string("3.B: ") + e.what());
        }
        finish(3, a3, "K = Π K_i");
        he_ = extended_base_hash(hb_, K_);
        auto her = hash_from_hex(str(init_, "extended_base_hash", "election_initialized.json"));
        if (!her || *her != he_) a4.fail("4.A: extended base hash H_E is not H(H_B; 0x12, K)");
        finish(4, a4, "H_E = H(H_B; 0x12, K)");
        pub_ = std::make_unique<election_public>(K_, he_);
    }

    // ------------------------------------------------- Verifications 5, 6, 7, 8
    struct code_use {
        std::string where;  ///< ballot, contest, which vector
        hash32 psi{};
        std::string code;
    };
    struct ballot_result {
        std::string id;
        std::string state;
        hash32 code{};
        bool code_ok = false;
        bool code_read = false;  ///< the recorded confirmation code parsed (7.C)
        std::map<std::pair<std::string, std::string>, ciphertext> cts;  // (contest, selection) -> ct
        std::set<std::string> contests;
        bool decoded = false;
        bool raw_baux = false;
        std::string device;  ///< encrypting_device (the chain is per device, §3.4.3)
        bytes baux;          ///< code_baux as recorded
        /// A challenged ballot's encrypted contest data, per contest, as
        /// recorded (for Verification 14; not kept for cast ballots).
        std::map<std::string, json> contest_data;
        // pre-encrypted ballots (§4)
        bool pre = false;
        bool opened = false;  ///< uncast, its primary nonce published and its pre-encryptions regenerated from it
        std::vector<code_use> short_codes;  ///< the selected vectors' recorded short codes (18.A)
        /// per contest, every selection hash (to check that Ω makes the
        /// contest's short codes distinct, §4.1.4)
        std::vector<std::pair<std::string, std::vector<hash32>>> contest_hashes;
        /// an opened uncast ballot: per contest, option (or "null ℓ") and its ψ
        std::vector<std::tuple<std::string, std::string, hash32>> option_hashes;
        /// the selected vectors' ψ per contest, in record order (a receipt lists their codes)
        std::vector<std::pair<std::string, hash32>> selected;
        /// an ordinary challenged ballot opened by its primary nonce: its selections
        std::vector<receipt::selection> nonce_values;
    };

    static pre_contest parse_pre(const json& c, const std::string& w) {
        const auto& pe = c["pre_encryption"];
        pre_contest p;
        p.chi = must(hash_from_hex(str(pe, "preencryption_hash", w)), w + " preencryption_hash (17.B)");
        for (const auto& h : arr(pe, "all_selection_hashes", w))
            p.all.push_back(must(hash_from_hex(str_item(h, w + " all_selection_hashes")), w + " all_selection_hashes (17.B)"));
        for (const auto& sv : arr(pe, "selected_vectors", w)) {
            pre_vector v;
            v.hash = must(hash_from_hex(str(sv, "selection_hash", w)), w + " selection_hash (17.A)");
            v.code = str(sv, "short_code", w);
            const std::string wv = w + " selected vector " + v.code;
            for (const auto& e : arr(sv, "encryptions", wv))
                v.enc.push_back({must(element_from_hex_range_only(str(e, "pad", wv)), wv + " alpha (15.A)"),
                                 must(element_from_hex_range_only(str(e, "data", wv)), wv + " beta (15.A)")});
            p.selected.push_back(std::move(v));
        }
        return p;
    }

    /// Verifications 17.A–17.B and 18 for one contest of a pre-encrypted
    /// ballot (§4.4–4.5), and for an uncast ballot whose primary nonce is
    /// published, the regeneration of every pre-encryption from it. The
    /// contest's selections (by option id) are those of the ballot; their
    /// proofs are checked under 15 and 16.
    void check_pre_contest(const std::string& w, const enc_contest& c, const manifest_contest& mc, ballot_accs& A,
                           ballot_result& out, const std::optional<hash32>& nonce) {
        const pre_contest& p = *c.pre;
        const std::size_t m = mc.options.size();
        const auto L = static_cast<std::size_t>(mc.votes_allowed);
        out.contest_hashes.emplace_back(c.id, p.all);
        // 17.B: the contest's selection hashes, sorted, and its pre-encryption hash
        if (p.all.size() != m + L)
            A.a17.fail(w + ": " + std::to_string(p.all.size()) + " selection hashes, expected m + L = " +
                       std::to_string(m + L) + " (17.B)");
        for (std::size_t i = 1; i < p.all.size(); ++i)
            if (!(p.all[i - 1] < p.all[i])) {
                A.a17.fail(w + ": the selection hashes are not in strictly increasing numerical order (17.B)");
                break;
            }
        if (preencryption_contest_hash(he_, c.seq, K_, p.all) != p.chi)
            A.a17.fail(w + ": pre-encryption hash is not H(H_E; 0x41, ind_c, K, ψ_σ(1), …) (17.B)");
        const std::set<hash32> all(p.all.begin(), p.all.end());
        // 17.A and 18.A: the selected vectors
        if (p.selected.size() != L)
            A.a18.fail(w + ": " + std::to_string(p.selected.size()) + " selected vectors, expected L = " +
                       std::to_string(L) + " (null vectors fill up to L, §4.4)");
        bool shapes = !p.selected.empty();
        std::set<hash32> chosen;
        for (const auto& sv : p.selected) {
            const std::string ws = w + " selected vector " + sv.code;
            out.selected.emplace_back(c.id, sv.hash);
            if (sv.enc.size() != m) {
                A.a17.fail(ws + ": " + std::to_string(sv.enc.size()) + " encryptions, the contest has m = " +
                           std::to_string(m) + " options (17.A)");
                shapes = false;
                continue;
            }
            if (selection_hash(he_, K_, sv.enc) != sv.hash)
                A.a17.fail(ws + ": selection hash is not H(H_E; 0x40, K, α_1, β_1, …) of its encryptions (17.A)");
            if (!all.count(sv.hash))
                A.a17.fail(ws + ": its selection hash is not among the contest's selection hashes, which the "
                                "confirmation code covers (17.B)");
            if (!chosen.insert(sv.hash).second) A.a18.fail(ws + ": the same vector is selected twice (18)");
            out.short_codes.push_back({ws, sv.hash, sv.code});
        }
        // 15.A for the selected vectors' elements: for L = 1 each equals a
        // selection's, whose membership its proof decides; for L > 1 they are
        // tested in one batch, and one by one only to name a failure
        if (L > 1) {
            std::vector<element> xs;
            for (const auto& sv : p.selected)
                for (const auto& e : sv.enc) {
                    xs.push_back(e.alpha);
                    xs.push_back(e.beta);
                }
            if (!group::batch_in_subgroup_vartime(xs))
                for (const auto& sv : p.selected)
                    for (const auto& e : sv.enc)
                        if (!group::in_subgroup_vartime(e.alpha) || !group::in_subgroup_vartime(e.beta)) {
                            A.a15.fail(w + " selected vector " + sv.code + ": a pre-encryption element is not in Z_p^r (15.A)");
                            break;
                        }
        }
        // 18: each selection is the product of the selected vectors at its position
        if (shapes) {
            std::map<std::string, const enc_selection*> by_id;
            for (const auto& s : c.sel) by_id.emplace(s.id, &s);
            std::size_t pos = 0;
            for (const auto& [seq, oid] : mc.options) {
                const auto it = by_id.find(oid);
                if (it != by_id.end()) {
                    ciphertext prod = p.selected[0].enc[pos];
                    for (std::size_t v = 1; v < p.selected.size(); ++v) prod = prod + p.selected[v].enc[pos];
                    if (!(prod == it->second->ct))
                        A.a18.fail(w + " " + oid +
                                   ": the selection is not the product of the selected pre-encryptions at its "
                                   "position (18)");
                }
                ++pos;
            }
        }
        if (!nonce) return;
        // §4.5, uncast: every pre-encryption regenerated from ξ (eq. 96), so
        // that its plaintext is known; they must hash to the recorded ψ
        if ((m + L) * m > kMaxRegenerated) {
            A.a17.fail(w + ": " + std::to_string((m + L) * m) +
                       " encryptions to regenerate from the primary nonce, more than this verifier does (" +
                       std::to_string(kMaxRegenerated) + ")");
            return;
        }
        if (m == 0) {
            A.a17.fail(w + ": the manifest contest has no options to regenerate");
            return;
        }
        std::vector<std::uint32_t> js;
        for (const auto& [seq, oid] : mc.options) {
            // indices that fit eq. 96's 4 bytes, null ones (max + ℓ) included
            if (seq < 1 || seq > static_cast<std::int64_t>(0xFFFFFFFFu - L) || (!js.empty() && seq == js.back())) {
                A.a17.fail(w + ": the manifest's option indices are not distinct positive integers; the "
                               "pre-encryptions cannot be regenerated (eq. 96)");
                return;
            }
            js.push_back(static_cast<std::uint32_t>(seq));
        }
        const auto pc = preencrypt_contest(*pub_, *nonce, c.seq, js, static_cast<std::uint32_t>(L));
        std::vector<hash32> sorted = pc.hashes;
        std::sort(sorted.begin(), sorted.end());
        if (sorted != p.all)
            A.a17.fail(w + ": the pre-encryptions regenerated from the published primary nonce (eq. 96) do not hash "
                           "to the recorded selection hashes (§4.5)");
        std::size_t k = 0;
        for (const auto& [seq, oid] : mc.options) out.option_hashes.emplace_back(c.id, oid, pc.hashes[k++]);
        for (std::size_t l = 1; l <= L; ++l) out.option_hashes.emplace_back(c.id, "null" + std::to_string(l), pc.hashes[k++]);
        for (const auto& sv : p.selected) {
            const auto it = std::find(pc.hashes.begin(), pc.hashes.end(), sv.hash);
            if (it == pc.hashes.end() || pc.vectors[static_cast<std::size_t>(it - pc.hashes.begin())] != sv.enc)
                A.a17.fail(w + " selected vector " + sv.code +
                           ": not one of the pre-encryptions regenerated from the primary nonce (§4.5)");
        }
    }

    /// §3.6.5, "verifying decryption with nonces": a challenged ballot whose
    /// primary nonce ξ_B is published is opened by encrypting again: each
    /// selection's α must be g^ξ_{i,j} with ξ_{i,j} = H(H_E; 0x20, ξ_B,
    /// ind_c, ind_o) (eq. 25, the manifest's indices), and β must be
    /// K^(σ+ξ_{i,j}) for σ = 0 or 1 (12 if α does not match, 13.B if no σ
    /// fits), with Σσ ≤ L (13.C). The confirmation code, checked in 7 on the
    /// same ciphertexts, then covers what the device showed. The contest
    /// data is not opened (the section regenerates the selections only).
    void open_by_nonce(const std::string& w, const enc_contest& c, const manifest_contest& mc, const hash32& xi,
                       ballot_result& out) {
        std::map<std::string, std::int64_t> index;
        for (const auto& [seq, oid] : mc.options) index.emplace(oid, seq);
        std::int64_t sum = 0;
        for (const auto& s : c.sel) {
            const std::string ws = w + " " + s.id;
            const auto it = index.find(s.id);
            if (it == index.end()) continue;  // not in the manifest contest: failed 5
            if (it->second < 0 || it->second > 0xFFFFFFFF) {
                a12_.fail(ws + ": the manifest's option index does not fit eq. 25's 4 bytes");
                continue;
            }
            const scalar x = selection_nonce(he_, xi, c.seq, static_cast<std::uint32_t>(it->second));
            if (!(group::mul_base_vartime(x) == s.ct.alpha)) {
                a12_.fail(ws + ": alpha is not g^ξ for the published primary nonce (eq. 25, §3.6.5)");
                continue;
            }
            const element Kx = pub_->K_pow_vartime(x);
            std::int64_t sigma = -1;
            if (s.ct.beta == Kx)
                sigma = 0;
            else if (s.ct.beta == Kx.mul_vartime(K_))
                sigma = 1;
            if (sigma < 0) {
                a13_.fail(ws + ": beta is K^(σ+ξ) for no σ in {0, 1} under the published primary nonce (13.B, §3.6.5)");
                continue;
            }
            sum += sigma;
            out.nonce_values.push_back({c.id, s.id, sigma});
        }
        if (sum > mc.votes_allowed)
            a13_.fail(w + ": " + std::to_string(sum) + " options selected, the contest's limit is L = " +
                          std::to_string(mc.votes_allowed) + " (13.C)");
    }

    void verify_ballot(const fs::path& file, ballot_result& out, ballot_accs& A) {
        const json b = load(file);
        const std::string bid = str(b, "ballot_id", file.filename().string());
        out.id = bid;
        out.state = b.contains("state") && b["state"].is_string() ? b["state"].get<std::string>() : "CAST";
        if (b.contains("is_preencrypt") && !b["is_preencrypt"].is_null()) {
            if (!b["is_preencrypt"].is_boolean()) throw malformed(bid + ": field \"is_preencrypt\" is not a boolean");
            out.pre = b["is_preencrypt"].get<bool>();
        }
        // a pre-encrypted ballot's proofs are Verifications 15 and 16, its
        // confirmation code 17 (§4.5)
        step_acc& a5 = out.pre ? A.a15 : A.a5;
        step_acc& a6 = out.pre ? A.a16 : A.a6;
        step_acc& a7 = A.a7;
        step_acc& acode = out.pre ? A.a17 : A.a7;
        // a published primary nonce opens a challenged ballot (§3.6.5,
        // §4.5); on any other ballot it reveals a vote
        std::optional<hash32> nonce;
        if (b.contains("primary_nonce") && !b["primary_nonce"].is_null()) {
            step_acc& an = out.pre ? A.a17 : a12_;
            try {
                nonce = must(hash_from_hex(str(b, "primary_nonce", bid)), bid + " primary_nonce");
            } catch (const bad_value& e) {
                an.fail(e.what());
            }
            if (nonce && !is_challenged(out.state)) {
                an.fail(bid + ": a " + out.state + " ballot publishes its primary nonce, which reveals its vote " +
                        (out.pre ? "(only uncast ballots do, §4.4)" : "(only challenged ballots do, §3.6.5)"));
                nonce.reset();
            }
        }
        out.opened = nonce.has_value();
        std::vector<enc_contest> cs;
        // A field that does not parse fails the step that uses it (contest
        // limit proof: 6, contest hash: 7, the rest: 5); the ballot is then not
        // checked further, but its confirmation code still takes part in 7.C.
        bool parsed = true;
        auto contest_field = [&](step_acc& acc, auto&& f) {
            try {
                f();
            } catch (const bad_value& e) {
                acc.fail(e.what());
                parsed = false;
            }
        };
        try {
            if (auto eid = hash_from_hex(str(b, "election_id", bid)); !eid || *eid != he_)
                acode.fail(bid + ": election_id is not H_E");
            for (const auto& c : arr(b, "contests", bid)) {
                enc_contest ec;
                ec.id = str(c, "contest_id", bid);
                const std::string w = bid + " " + ec.id;
                ec.seq = static_cast<std::uint32_t>(num(c, "sequence_order", w));
                ec.votes_allowed = num(c, "votes_allowed", w);
                contest_field(a7, [&] { ec.contest_hash = must(hash_from_hex(str(c, "contest_hash", w)), w + " contest_hash (7.A)"); });
                for (const auto& s : arr(c, "selections", w)) {
                    enc_selection es;
                    es.id = str(s, "selection_id", w);
                    const std::string ws = w + " " + es.id;
                    es.seq = static_cast<std::uint32_t>(num(s, "sequence_order", ws));
                    const auto& ev = field(s, "encrypted_vote", ws);
                    es.ct.alpha = must(element_from_hex_range_only(str(ev, "pad", ws)), ws + " alpha (5.A)");
                    es.ct.beta = must(element_from_hex_range_only(str(ev, "data", ws)), ws + " beta (5.A)");
                    es.proof = parse_proof(s, ws);
                    ec.sel.push_back(std::move(es));
                }
                contest_field(a6, [&] { ec.proof = parse_proof(c, w + " contest limit proof (6)"); });
                if (is_challenged(out.state) && c.contains("encrypted_contest_data"))
                    out.contest_data[ec.id] = c["encrypted_contest_data"];
                if (out.pre) {
                    // its own failure (17); the ballot's proofs are still checked
                    if (!c.contains("pre_encryption") || c["pre_encryption"].is_null()) {
                        A.a17.fail(w + ": a pre-encrypted ballot's contest without pre_encryption (17)");
                    } else {
                        try {
                            ec.pre = parse_pre(c, w);
                        } catch (const bad_value& e) {
                            A.a17.fail(e.what());
                        }
                    }
                }
                cs.push_back(std::move(ec));
            }
        } catch (const bad_value& e) {
            a5.fail(e.what());
            parsed = false;
        }
        // the recorded confirmation code, for 7.C whatever else holds
        try {
            out.code = must(hash_from_hex(str(b, "confirmation_code", bid)), bid + " confirmation_code");
            out.code_read = true;
        } catch (const bad_value& e) {
            acode.fail(e.what());
        }
        // the ciphertexts as recorded, for the aggregation (Verification 8),
        // whatever their proofs
        for (const auto& c : cs) {
            out.contests.insert(c.id);
            for (const auto& sel : c.sel) out.cts[{c.id, sel.id}] = sel.ct;
        }
        if (!parsed) return;
        out.decoded = true;
        // 5.A / 6.A: subgroup membership of every α, β on the ballot, decided
        // exactly by the squaring chains of their range proofs (Verification 5)
        const std::string n5 = out.pre ? "15.A" : "5.A";
        bool all_members = true;
        for (auto& c : cs)
            for (auto& s : c.sel) {
                ciphertext_membership m;
                s.proof_status = verify_range(*pub_, s.ct, 1, s.proof, &m);
                if (!m.alpha) a5.fail(bid + " " + c.id + " " + s.id + ": alpha not in Z_p^r (" + n5 + ")");
                if (!m.beta) a5.fail(bid + " " + c.id + " " + s.id + ": beta not in Z_p^r (" + n5 + ")");
                all_members = all_members && m.both();
            }
        if (!all_members) return;
        std::vector<hash32> chis, pre_chis;
        std::set<std::string> seen_contests;
        for (const auto& c : cs) {
            const std::string w = bid + " " + c.id;
            if (!seen_contests.insert(c.id).second) a6.fail(w + ": the contest appears twice on the ballot");
            auto mc = contests_.find(c.id);
            if (mc == contests_.end()) {
                a6.fail(w + ": contest not in the manifest");
                continue;
            }
            if (c.votes_allowed != mc->second.votes_allowed)
                a6.fail(w + ": votes_allowed " + std::to_string(c.votes_allowed) + " differs from the manifest's " +
                        std::to_string(mc->second.votes_allowed));
            // the contest index in its hash (7.A) must be the manifest's, not
            // only the ballot's own claim
            if (static_cast<std::int64_t>(c.seq) != mc->second.seq)
                a6.fail(w + ": sequence_order " + std::to_string(c.seq) + " differs from the manifest's " +
                        std::to_string(mc->second.seq));
            ciphertext sum{group::identity(), group::identity()};
            std::vector<ciphertext> cts;
            std::set<std::string> seen;
            for (const auto& s : c.sel) {
                if (!mc->second.selections.count(s.id)) a5.fail(w + " " + s.id + ": selection not in the manifest contest");
                if (!seen.insert(s.id).second) a5.fail(w + " " + s.id + ": the selection appears twice in the contest");
                if (!s.proof_status) a5.fail(w + " " + s.id + ": " + s.proof_status.err().message);
                sum = sum + s.ct;
                cts.push_back(s.ct);
            }
            for (const auto& id : mc->second.selections)
                if (!seen.count(id)) a6.fail(w + ": the manifest's selection " + id + " is missing from the contest");
            if (auto st = verify_range(*pub_, sum, static_cast<std::uint64_t>(mc->second.votes_allowed), c.proof); !st)
                a6.fail(w + ": contest limit proof: " + st.err().message);
            const hash32 chi = contest_hash(he_, c.seq, K_, cts);
            if (chi != c.contest_hash) a7.fail(w + ": contest hash is not H(H_E; 0x23, l, K, α_1, β_1, ...) (7.A)");
            chis.push_back(c.contest_hash);
            if (c.pre) {
                check_pre_contest(w, c, mc->second, A, out, nonce);
                pre_chis.push_back(c.pre->chi);
            } else if (!out.pre && nonce) {
                open_by_nonce(w, c, mc->second, *nonce, out);
            }
        }
        try {
            const bytes baux = hex_fixed_any(str(b, "code_baux", bid));
            out.baux = baux;
            out.device = b.contains("encrypting_device") && b["encrypting_device"].is_string()
                             ? b["encrypting_device"].get<std::string>()
                             : std::string();
            if (!out.code_read) return;  // already reported
            if (out.pre) {
                // 17.C (eq. 95), over the contests' pre-encryption hashes
                if (pre_chis.size() != cs.size()) return;  // a contest without pre_encryption: failed above
                if (preencryption_confirmation_code(he_, pre_chis, baux) == out.code) {
                    out.code_ok = true;
                } else if (preencryption_confirmation_code(he_, pre_chis, baux, baux_encoding::raw) == out.code) {
                    out.code_ok = true;
                    out.raw_baux = true;
                } else {
                    A.a17.fail(bid + ": confirmation code is not H(H_E; 0x42, χ_1, ..., B_aux) (17.C)");
                }
            } else if (confirmation_code(he_, chis, baux) == out.code) {
                out.code_ok = true;
            } else if (confirmation_code(he_, chis, baux, baux_encoding::raw) == out.code) {
                out.code_ok = true;
                out.raw_baux = true;
            } else {
                a7.fail(bid + ": confirmation code is not H(H_E; 0x24, χ_1, ..., B_aux) (7.B)");
            }
        } catch (const bad_value& e) {
            acode.fail(e.what());
        }
    }

    /// 7.D–7.E (§3.4.3, eqs. 59–60): per encrypting device, one ballot starts
    /// the chain at H_0 = H(H_E; 0x24, B_aux,0), every later one has
    /// B_aux,j = H(B_{j−1}) ‖ B_aux,0, and the chain covers all of the
    /// device's ballots. H_0 is accepted with B_aux,0 length-prefixed (the
    /// §5.5.3 table) or raw (the Kotlin reference), and the first B_aux as
    /// H_0 ‖ B_aux,0 (eq. 60 with H(B_0) = H_0) or H_0 alone (the Kotlin
    /// reference). 7.F–7.G need the chain's closing record, which this record
    /// layout does not have. Returns the detail text.
    std::string check_chains(const std::vector<ballot_result>& res, step_acc& a7) {
        bytes baux0;
        if (!config_.contains("baux0") || !config_["baux0"].is_array())
            throw malformed("election_config.json: chain_confirmation_codes is true but baux0 is missing");
        for (const auto& x : config_["baux0"]) {
            if (!x.is_number_integer() || x.get<long long>() < -128 || x.get<long long>() > 255)
                throw malformed("election_config.json: baux0 must be an array of bytes");
            baux0.push_back(static_cast<byte>(x.get<long long>()));
        }
        const hash32 h0p = chain_initial(he_, baux0);
        const hash32 h0r = hash_input().u8(0x24).raw(baux0).hash(he_);
        // keys as strings of bytes (ordered containers of byte vectors trip
        // GCC 12's -Wstringop-overread)
        auto key_of = [](byte_span x) { return std::string(x.begin(), x.end()); };
        std::set<std::string> starts;
        for (const auto& h0 : {h0p, h0r}) {
            bytes a(h0.begin(), h0.end());
            starts.insert(key_of(a));
            append(a, baux0);
            starts.insert(key_of(a));
        }
        std::map<std::string, std::vector<const ballot_result*>> by_device;
        for (const auto& r : res)
            if (r.decoded && !r.pre) by_device[r.device].push_back(&r);
        std::size_t chained = 0;
        for (const auto& [dev, bs] : by_device) {
            const std::string d = "device '" + dev + "'";
            std::map<std::string, std::vector<const ballot_result*>> by_baux;
            std::vector<const ballot_result*> first;
            for (const auto* b : bs) {
                by_baux[key_of(b->baux)].push_back(b);
                if (starts.count(key_of(b->baux))) first.push_back(b);
            }
            if (first.size() != 1) {
                a7.fail(d + ": " + std::to_string(first.size()) +
                        " ballots start the chain with B_aux,1 from H_0 = H(H_E; 0x24, B_aux,0) (7.D), expected 1");
                continue;
            }
            std::set<const ballot_result*> seen{first[0]};
            const ballot_result* cur = first[0];
            for (;;) {
                bytes key(cur->code.begin(), cur->code.end());
                append(key, baux0);
                const auto it = by_baux.find(key_of(key));
                if (it == by_baux.end()) break;
                if (it->second.size() != 1) {
                    a7.fail(d + ": " + std::to_string(it->second.size()) + " ballots continue the chain after " + cur->id +
                            " (7.E)");
                    break;
                }
                if (!seen.insert(it->second[0]).second) {
                    a7.fail(d + ": the chain loops at " + it->second[0]->id + " (7.E)");
                    break;
                }
                cur = it->second[0];
            }
            for (const auto* b : bs)
                if (!seen.count(b))
                    a7.fail(b->id + ": B_aux is not H(B_{j-1}) ‖ B_aux,0 of any ballot on " + d + "'s chain (7.E)");
            chained += seen.size();
        }
        return "7.D–7.E: " + std::to_string(chained) + " ballots on " + std::to_string(by_device.size()) +
               " device chain(s); 7.F–7.G not checked: the record has no chain closing (B_aux with \"CLOSE\" and "
               "the closing hash)";
    }

    static bytes hex_fixed_any(const std::string& s, const std::string& what = "code_baux") {
        if (s.empty()) return {};
        if (s.size() % 2) throw bad_value(what + " has odd length");
        return must(hex_fixed(s, s.size() / 2), what);
    }

    /// 18.A for every recorded short code, and §4.1.4 (a contest's short
    /// codes are distinct) for every pre-encrypted contest, under Ω: the one
    /// given (verify_options::short_codes), or else the first of §4.6's (then
    /// the Kotlin reference's) that fits every recorded code, or failing that
    /// the one that fits most. Returns the detail text.
    std::string check_short_codes(const std::vector<const ballot_result*>& pre, step_acc& a18) {
        std::vector<const code_use*> uses;
        for (const auto* r : pre)
            for (const auto& u : r->short_codes) uses.push_back(&u);
        std::optional<short_code_format> f = short_format_;
        std::string how;
        if (f) {
            how = "Ω = " + std::string(short_code_name(*f)) + " (given)";
        } else {
            std::size_t best = 0;
            std::vector<short_code_format> fit_all;
            for (const auto cand : short_code_formats()) {
                const auto n = static_cast<std::size_t>(std::count_if(uses.begin(), uses.end(), [&](const code_use* u) {
                    return short_code_matches(cand, u->psi, u->code);
                }));
                if (n == uses.size()) fit_all.push_back(cand);
                if (!f || n > best) {
                    best = n;
                    f = cand;
                }
            }
            if (!fit_all.empty()) f = fit_all[0];
            how = "Ω = " + std::string(short_code_name(*f)) +
                  ", found from the record's codes (the manifest does not name it; --short-codes NAME gives it)";
            if (fit_all.size() > 1) {
                how += "; the codes fit";
                for (std::size_t i = 1; i < fit_all.size(); ++i) how += " " + std::string(short_code_name(fit_all[i]));
                how += " as well";
            }
        }
        for (const auto* u : uses)
            if (!short_code_matches(*f, u->psi, u->code))
                a18.fail(u->where + ": short code \"" + u->code + "\" is not Ω(ψ) = \"" + short_code(*f, u->psi) +
                         "\" (18.A)");
        for (const auto* r : pre)
            for (const auto& [cid, hashes] : r->contest_hashes) {
                std::set<std::string> codes;
                for (const auto& h : hashes)
                    if (!codes.insert(short_code(*f, h)).second) {
                        a18.fail(r->id + " " + cid + ": two of its pre-encryptions have the short code " +
                                 short_code(*f, h) + " (they must differ within a contest, §4.1.4)");
                        break;
                    }
            }
        used_format_ = f;
        return how + "; " + std::to_string(uses.size()) + " short codes";
    }

    void ballots_steps() {
        ballot_accs A;
        step_acc& a5 = A.a5;
        step_acc& a6 = A.a6;
        step_acc& a7 = A.a7;
        step_acc a8;
        std::vector<ballot_result> res(ballot_files_.size());
        std::atomic<std::size_t> next{0};
        std::mutex err_m;
        std::string format_error;
        std::size_t done = 0;  // under err_m
        auto work = [&] {
            for (;;) {
                const std::size_t i = next++;
                if (i >= ballot_files_.size()) return;
                try {
                    verify_ballot(ballot_files_[i], res[i], A);
                } catch (const malformed& e) {
                    std::lock_guard<std::mutex> l(err_m);
                    if (format_error.empty()) format_error = e.what();
                }
                if (opt_.progress) {
                    std::lock_guard<std::mutex> l(err_m);
                    opt_.progress("ballots", static_cast<double>(++done) / static_cast<double>(ballot_files_.size()));
                }
            }
        };
        unsigned t = opt_.threads ? opt_.threads : std::max(1u, std::thread::hardware_concurrency());
        t = static_cast<unsigned>(std::min<std::size_t>(t, std::max<std::size_t>(1, ballot_files_.size())));
        std::vector<std::thread> pool;
        for (unsigned k = 1; k < t; ++k) pool.emplace_back(work);
        work();
        for (auto& th : pool) th.join();
        if (!format_error.empty()) throw malformed(format_error);

        // 7.C: no duplicate confirmation codes
        std::set<hash32> codes;
        for (const auto& r : res)
            if (r.code_read && !codes.insert(r.code).second)
                (r.pre ? A.a17 : a7).fail(r.id + ": duplicate confirmation code (" + (r.pre ? "17.D" : "7.C") + ")");
        std::vector<const ballot_result*> pre;
        std::size_t pre_raw = 0, opened = 0;
        for (const auto& r : res)
            if (r.pre) {
                pre.push_back(&r);
                pre_raw += r.raw_baux ? 1 : 0;
                opened += r.opened ? 1 : 0;
            }
        if (pre.empty()) {
            for (int k : {15, 16, 17, 18}) not_checked(k, "the record has no pre-encrypted ballots");
        } else {
            const std::string np = std::to_string(pre.size()) + " pre-encrypted ballots";
            finish(15, A.a15, np + ", every selection's range proof and membership (as in 5)");
            finish(16, A.a16, np + ", every contest's limit proof (as in 6)");
            finish(17, A.a17,
                   np + ", selection hashes, pre-encryption hashes, confirmation codes, uniqueness" +
                       (opened ? "; " + std::to_string(opened) +
                                     " uncast ballot(s) opened: every pre-encryption regenerated from the published "
                                     "primary nonce (eq. 96)"
                               : std::string()) +
                       (pre_raw ? "; " + std::to_string(pre_raw) +
                                      " confirmation code(s) append B_aux without its length prefix (the Kotlin "
                                      "reference's encoding)"
                                : std::string()));
            const std::string how = check_short_codes(pre, A.a18);
            finish(18, A.a18, np + ", " + how + "; selections = products of the selected pre-encryptions");
        }
        std::size_t cast = 0, raw_baux = 0;
        std::vector<std::string> neither;  // ballots neither cast nor challenged
        for (auto& r : res) {
            raw_baux += r.raw_baux && !r.pre ? 1 : 0;
            if (!ballot_states_.emplace(r.id, r.state).second) duplicate_ids_.insert(r.id);
            if (r.state == "CAST") {
                ++cast;
            } else if (is_challenged(r.state)) {
                challenged_ballots_[r.id] =
                    challenged_ballot{std::move(r.cts), std::move(r.contest_data), r.decoded, r.opened};
            } else {
                neither.push_back(r.id + " has state \"" + r.state +
                                  "\": neither cast nor challenged, so neither counted nor decrypted (8)");
            }
        }
        const std::string n = std::to_string(res.size() - pre.size()) + " ballots" +
                              (pre.empty() ? std::string() : " (and " + std::to_string(pre.size()) +
                                                                 " pre-encrypted: Verifications 15–18)");
        finish(5, a5, n + ", every selection's range proof and membership");
        finish(6, a6, n + ", every contest's limit proof");
        const bool chain = config_.contains("chain_confirmation_codes") && config_["chain_confirmation_codes"].is_boolean() &&
                           config_["chain_confirmation_codes"].get<bool>();
        const std::string baux_note =
            raw_baux ? "; " + std::to_string(raw_baux) +
                           " confirmation code(s) append B_aux without its length prefix (the Kotlin reference's "
                           "encoding, not the §5.5.3 table's)"
                     : std::string();
        std::string chain_note = "; 7.D–7.G not applicable: the election does not chain confirmation codes";
        if (chain) chain_note = "; " + check_chains(res, a7);
        if (chain && !pre.empty())
            chain_note += " (pre-encrypted ballots left out: how their B_aux chains, §4.1.3, is not spelled out)";
        finish(7, a7, n + ", contest hashes, confirmation codes, uniqueness" + baux_note + chain_note);

        // Verification 8: aggregation of cast ballots against the encrypted tally
        if (enc_tally_.is_null()) {
            if (neither.empty()) {
                not_checked(8, "the record has no encrypted_tally.json");
            } else {
                for (auto& x : neither) a8.fail(std::move(x));
                finish(8, a8, "the record has no encrypted_tally.json");
            }
            return;
        }
        for (auto& x : neither) a8.fail(std::move(x));
        std::map<std::pair<std::string, std::string>, ciphertext> agg;
        for (const auto& r : res) {
            if (r.state != "CAST") continue;
            for (const auto& [key, ct] : r.cts) {
                auto it = agg.find(key);
                if (it == agg.end()) agg.emplace(key, ct);
                else it->second = it->second + ct;
            }
        }
        std::size_t checked = 0;
        for (const auto& c : arr(enc_tally_, "contests", "encrypted_tally.json")) {
            const std::string cid = str(c, "contest_id", "encrypted tally");
            for (const auto& s : arr(c, "selections", "encrypted tally " + cid)) {
                const std::string sid = str(s, "selection_id", "encrypted tally " + cid);
                const std::string w = "encrypted tally " + cid + " " + sid;
                try {
                    const auto& ev = field(s, "encrypted_vote", w);
                    ciphertext tc{must(element_from_hex(str(ev, "pad", w)), w + " A"),
                                  must(element_from_hex(str(ev, "data", w)), w + " B")};
                    enc_tally_cts_[{cid, sid}] = tc;
                    auto it = agg.find({cid, sid});
                    const ciphertext want = it == agg.end() ? ciphertext{group::identity(), group::identity()} : it->second;
                    if (!(tc.alpha == want.alpha)) a8.fail(w + ": A is not the product of the cast ballots' α (8.A)");
                    if (!(tc.beta == want.beta)) a8.fail(w + ": B is not the product of the cast ballots' β (8.B)");
                    ++checked;
                } catch (const bad_value& e) {
                    a8.fail(e.what());
                }
            }
        }
        for (const auto& [key, ct] : agg)
            if (!enc_tally_cts_.count(key)) a8.fail("encrypted tally lacks " + key.first + " " + key.second + " that cast ballots contain");
        finish(8, a8, std::to_string(checked) + " selections over " + std::to_string(cast) + " cast ballots");
        ballot_contests_.clear();
        for (const auto& r : res) ballot_contests_.insert(r.contests.begin(), r.contests.end());
    }

    // ------------------------------------------------------ Verifications 9, 10
    void tally_steps() {
        if (tally_.is_null()) {
            not_checked(9, "the record has no tally.json");
            not_checked(10, "the record has no tally.json");
            return;
        }
        step_acc a9, a10;
        std::size_t proofs = 0;
        std::set<std::string> tally_contests;
        for (const auto& c : arr(tally_, "contests", "tally.json")) {
            const std::string cid = str(c, "contest_id", "tally");
            tally_contests.insert(cid);
            auto mc = contests_.find(cid);
            if (mc == contests_.end()) a10.fail("tally contest " + cid + " is not in the manifest (10.B)");
            std::set<std::string> seen;
            for (const auto& s : arr(c, "selections", "tally " + cid)) {
                const std::string sid = str(s, "selection_id", "tally " + cid);
                const std::string w = "tally " + cid + " " + sid;
                seen.insert(sid);
                if (mc != contests_.end() && !mc->second.selections.count(sid)) a10.fail(w + ": option not in the manifest contest (10.C)");
                try {
                    const auto& ev = field(s, "encrypted_vote", w);
                    ciphertext AB{must(element_from_hex(str(ev, "pad", w)), w + " A"),
                                  must(element_from_hex(str(ev, "data", w)), w + " B")};
                    if (auto it = enc_tally_cts_.find({cid, sid}); it != enc_tally_cts_.end() && !(it->second == AB))
                        a9.fail(w + ": (A, B) differs from the encrypted tally");
                    const element T = must(element_from_hex(str(s, "b_over_m", w)), w + " T");
                    const auto& pr = field(s, "proof", w);
                    decryption_proof p{must(challenge_from_hex(str(pr, "challenge", w)), w + " challenge"),
                                       must(scalar_from_hex(str(pr, "response", w)), w + " response (9.A)")};
                    ++proofs;
                    if (auto st = verify_decryption(*pub_, AB, T, p); !st) a9.fail(w + ": " + st.err().message);
                    const auto t = num(s, "tally", w);
                    if (t < 0 || !(pub_->K_pow_vartime(scalar::from_u64(static_cast<std::uint64_t>(t))) == T))
                        a10.fail(w + ": T is not K^t for the published tally t = " + std::to_string(t) + " (10.A)");
                } catch (const bad_value& e) {
                    a9.fail(e.what());
                }
            }
            if (mc != contests_.end())
                for (const auto& sid : mc->second.selections)
                    if (!seen.count(sid)) a10.fail("tally contest " + cid + " lacks the manifest option " + sid + " (10.D)");
        }
        for (const auto& cid : ballot_contests_)
            if (!tally_contests.count(cid)) a10.fail("contest " + cid + " occurs on a ballot but not in the tally (10.E)");
        finish(9, a9, std::to_string(proofs) + " decryption proofs");
        finish(10, a10, "T = K^t and labels against the manifest");
    }

    // ------------------------------------------------- Verifications 12, 13, 14
    // Every challenged ballot (state SPOILED, as the Kotlin reference writes,
    // or CHALLENGED) is decrypted in challenged_ballots/ (§3.6.5), each file
    // a decrypted ballot in the layout of tally.json: its selections as
    // Verification 9/10 checks the tally's, with (A, B) the ballot's (α, β),
    // plus each contest's decrypted contest data. Checked besides the spec's
    // conditions: every decryption belongs to a challenged ballot of the
    // record (a decrypted cast ballot would reveal a vote), once, and covers
    // every selection and every contest-data field of its ballot.
    static hashed_ciphertext parse_hashed(const json& j, const std::string& w) {
        hashed_ciphertext ct;
        ct.c0 = must(element_from_hex(str(j, "c0", w)), w + " C0");
        ct.c1 = hex_fixed_any(str(j, "c1", w), w + " C1");
        ct.c2 = must(hash_from_hex(str(j, "c2", w)), w + " C2");
        return ct;
    }

    /// `only`: check the decryption of that ballot alone (a receipt), and
    /// give `rc` its file and its decrypted selections.
    void challenged_steps(const std::string& only = {}, receipt* rc = nullptr) {
        std::vector<fs::path> files;
        const fs::path cd = dir_ / "challenged_ballots";
        if (fs::exists(cd))
            for (const auto& e : fs::recursive_directory_iterator(cd))
                if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        // a12_ and a13_ already hold what opening ballots by their primary
        // nonce found (verify_ballot)
        step_acc& a12 = a12_;
        step_acc& a13 = a13_;
        if (challenged_ballots_.empty() && files.empty() && a12.total_fails == 0 && a13.total_fails == 0) {
            for (int n : {12, 13, 14}) not_checked(n, "the record has no challenged ballots");
            return;
        }
        step_acc a14;
        std::set<std::string> decrypted;
        std::size_t proofs = 0, data_proofs = 0, data_kotlin = 0;
        std::size_t done = 0;
        for (const auto& f : files) {
            if (opt_.progress) opt_.progress("challenged", static_cast<double>(done++) / static_cast<double>(files.size()));
            const json d = load(f);
            const std::string id = str(d, "id", f.filename().string());
            if (!only.empty() && id != only) continue;
            if (rc) rc->decryption = fs::relative(f, dir_);
            const std::string w0 = "challenged ballot " + id;
            const auto state = ballot_states_.find(id);
            if (state == ballot_states_.end()) {
                a12.fail(w0 + " (" + f.filename().string() + "): no encrypted ballot of the record has this id");
                continue;
            }
            if (!is_challenged(state->second)) {
                a12.fail(w0 + ": the encrypted ballot's state is " + state->second +
                         ", not challenged: its decryption reveals a vote");
                continue;
            }
            if (duplicate_ids_.count(id)) {
                a12.fail(w0 + ": several encrypted ballots have this id");
                continue;
            }
            if (!decrypted.insert(id).second) {
                a12.fail(w0 + ": decrypted twice (" + f.filename().string() + ")");
                continue;
            }
            if (d.contains("election_id"))
                if (auto eid = hash_from_hex(str(d, "election_id", w0)); !eid || *eid != he_)
                    a12.fail(w0 + ": election_id is not H_E");
            const auto& cb = challenged_ballots_.at(id);
            if (!cb.decoded) {
                a12.fail(w0 + ": its encryption does not decode (Verification 5), so its decryption cannot be checked");
                continue;
            }
            std::set<std::pair<std::string, std::string>> covered;
            std::set<std::string> contests_seen;
            for (const auto& c : arr(d, "contests", w0)) {
                const std::string cid = str(c, "contest_id", w0);
                const std::string w = w0 + " " + cid;
                if (!contests_seen.insert(cid).second) a13.fail(w + ": the contest appears twice");
                const auto mc = contests_.find(cid);
                if (mc == contests_.end()) a13.fail(w + ": contest not in the manifest (13.D)");
                std::set<std::string> seen;
                std::int64_t sum = 0;
                for (const auto& sel : arr(c, "selections", w)) {
                    const std::string sid = str(sel, "selection_id", w);
                    const std::string ws = w + " " + sid;
                    if (!seen.insert(sid).second) a13.fail(ws + ": the option appears twice");
                    if (mc != contests_.end() && !mc->second.selections.count(sid))
                        a13.fail(ws + ": option not in the manifest contest (13.E)");
                    const auto sigma = num(sel, "tally", ws);
                    if (rc) rc->decrypted.push_back({cid, sid, sigma});
                    // the option limit is 1, as in Verification 5
                    if (sigma < 0 || sigma > 1)
                        a13.fail(ws + ": selection " + std::to_string(sigma) + " is not 0 or 1 (13.B)");
                    else
                        sum += sigma;
                    try {
                        const auto& ev = field(sel, "encrypted_vote", ws);
                        const ciphertext ab{must(element_from_hex(str(ev, "pad", ws)), ws + " alpha"),
                                            must(element_from_hex(str(ev, "data", ws)), ws + " beta")};
                        if (const auto it = cb.cts.find({cid, sid}); it == cb.cts.end())
                            a12.fail(ws + ": the encrypted ballot has no such selection");
                        else if (!(it->second == ab))
                            a12.fail(ws + ": (alpha, beta) is not the challenged ballot's encryption");
                        else
                            covered.insert(it->first);
                        const element S = must(element_from_hex(str(sel, "b_over_m", ws)), ws + " S");
                        const auto& pr = field(sel, "proof", ws);
                        const decryption_proof p{must(challenge_from_hex(str(pr, "challenge", ws)), ws + " challenge"),
                                                 must(scalar_from_hex(str(pr, "response", ws)), ws + " response (12.A)")};
                        ++proofs;
                        if (auto st = verify_decryption(*pub_, ab, S, p); !st)
                            a12.fail(ws + ": " + st.err().message + " (12.B)");
                        if (sigma >= 0 && !(pub_->K_pow_vartime(scalar::from_u64(static_cast<std::uint64_t>(sigma))) == S))
                            a13.fail(ws + ": S is not K^σ for the published selection σ = " + std::to_string(sigma) + " (13.A)");
                    } catch (const bad_value& e) {
                        a12.fail(e.what());
                    }
                }
                if (mc != contests_.end()) {
                    if (sum > mc->second.votes_allowed)
                        a13.fail(w + ": " + std::to_string(sum) + " options selected, the contest's limit is L = " +
                                 std::to_string(mc->second.votes_allowed) + " (13.C)");
                    for (const auto& sid : mc->second.selections)
                        if (!seen.count(sid)) a13.fail(w + ": lacks the manifest option " + sid + " (13.F)");
                }
                // Verification 14: the contest data (C0, C1, C2) with its decryption value β
                const auto rec = cb.contest_data.find(cid);
                const bool has_data = c.contains("decrypted_contest_data") && !c["decrypted_contest_data"].is_null();
                if (!has_data) {
                    if (rec != cb.contest_data.end())
                        a14.fail(w + ": the ballot's contest data is not decrypted (every field of a challenged ballot is, §3.6.5)");
                    continue;
                }
                try {
                    const auto& dc = c["decrypted_contest_data"];
                    const hashed_ciphertext ct = parse_hashed(field(dc, "encrypted_contest_data", w), w + " contest data");
                    if (rec == cb.contest_data.end()) {
                        a14.fail(w + ": the encrypted ballot has no contest data for this contest");
                    } else {
                        const hashed_ciphertext mine = parse_hashed(rec->second, w + " (encrypted ballot) contest data");
                        if (!(mine.c0 == ct.c0) || mine.c1 != ct.c1 || mine.c2 != ct.c2)
                            a14.fail(w + ": the contest data (C0, C1, C2) is not the challenged ballot's");
                    }
                    const element beta = must(element_from_hex(str(dc, "beta", w)), w + " contest data beta");
                    const auto& pr = field(dc, "proof", w);
                    const decryption_proof p{must(challenge_from_hex(str(pr, "challenge", w)), w + " contest data challenge"),
                                             must(scalar_from_hex(str(pr, "response", w)), w + " contest data response (14.A)")};
                    ++data_proofs;
                    // the §5.5.4 encoding of C1, or the Kotlin reference's (as in Verification 7)
                    if (verify_contest_data_decryption(*pub_, ct, beta, p, c1_encoding::padded_512)) {
                    } else if (verify_contest_data_decryption(*pub_, ct, beta, p, c1_encoding::kotlin_hex)) {
                        ++data_kotlin;
                    } else {
                        a14.fail(w + ": contest data decryption: c is not H(H_E; 0x31, K, C0, C1, C2, a, b, β) (14.B)");
                    }
                } catch (const bad_value& e) {
                    a14.fail(e.what());
                }
            }
            for (const auto& [key, ct] : cb.cts)
                if (!covered.count(key)) a12.fail(w0 + ": " + key.first + " " + key.second + " is not decrypted");
        }
        if (opt_.progress) opt_.progress("challenged", 1.0);
        std::size_t opened = 0;
        for (const auto& [id, cb] : challenged_ballots_) {
            opened += cb.opened ? 1 : 0;
            if (!decrypted.count(id) && !cb.opened)
                a12.fail("challenged ballot " + id + " has no decryption in challenged_ballots/");
        }
        const std::string n = std::to_string(challenged_ballots_.size()) + " challenged ballots, " +
                              std::to_string(files.size()) + " decryptions" +
                              (opened ? " (" + std::to_string(opened) +
                                            " ballot(s) opened by their published primary nonce instead, §3.6.5; "
                                            "pre-encrypted ones in 17)"
                                      : std::string());
        finish(12, a12, n + ", " + std::to_string(proofs) + " decryption proofs");
        finish(13, a13, n + ", S = K^σ, σ in {0, 1}, contest limits, labels against the manifest");
        finish(14, a14, std::to_string(data_proofs) + " contest data decryption proofs" +
                            (data_kotlin ? " (" + std::to_string(data_kotlin) +
                                               " with C1 hashed as hex text, the Kotlin reference's encoding, not the "
                                               "§5.5.4 table's)"
                                         : std::string()));
    }

    void not_applicable_steps() {
        bool tally_data = false;  // anything beyond the contest id and selections
        if (tally_.is_object() && tally_.contains("contests") && tally_["contests"].is_array())
            for (const auto& c : tally_["contests"])
                if (c.is_object())
                    for (auto it = c.begin(); it != c.end(); ++it)
                        tally_data = tally_data || (it.key() != "contest_id" && it.key() != "selections");
        not_checked(11, tally_data ? "the tally carries contest data; its decryption proofs are not checked by this "
                                     "verifier"
                                   : "the record's tally has no decrypted contest data");
    }


    fs::path dir_;
    verify_options opt_;
    record_report rep_;
    json constants_, config_, manifest_, init_, enc_tally_, tally_;
    bytes manifest_bytes_;
    std::vector<fs::path> ballot_files_;
    std::map<std::string, manifest_contest> contests_;
    std::map<std::pair<std::string, std::string>, ciphertext> enc_tally_cts_;
    std::set<std::string> ballot_contests_;
    struct challenged_ballot {
        std::map<std::pair<std::string, std::string>, ciphertext> cts;
        std::map<std::string, json> contest_data;
        bool decoded = false;
        bool opened = false;  ///< pre-encrypted, opened by its primary nonce: needs no decryption (§4.5)
    };
    std::map<std::string, challenged_ballot> challenged_ballots_;  ///< by ballot id
    std::map<std::string, std::string> ballot_states_;             ///< every ballot's state, by id
    std::set<std::string> duplicate_ids_;                          ///< ids of several ballots
    hash32 hp_{}, hb_{}, he_{};
    std::uint32_t n_ = 0, k_ = 0;
    element K_;
    std::unique_ptr<election_public> pub_;
    std::optional<short_code_format> short_format_;  ///< Ω given by the caller
    std::optional<short_code_format> used_format_;   ///< Ω as check_short_codes settled it
    /// Verifications 12 and 13: filled first while opening challenged ballots
    /// by their primary nonce (verify_ballot, on the ballot threads), then by
    /// challenged_steps
    step_acc a12_, a13_;
};

}  // namespace

namespace {
/// Runs `f` on a verifier of `dir`; a malformed record becomes bad_input.
template <class F>
auto on_record(const std::filesystem::path& dir, const verify_options& opt, F&& f) -> result<decltype(f(std::declval<verifier&>()))> {
    if (!fs::is_directory(dir)) return error{errc::io, dir.string() + " is not a directory"};
    try {
        verifier v(dir, opt);
        return f(v);
    } catch (const malformed& e) {
        return error{errc::bad_input, e.what()};
    } catch (const bad_value& e) {
        return error{errc::bad_input, e.what()};
    } catch (const json::exception& e) {
        return error{errc::bad_input, std::string("malformed record: ") + e.what()};
    }
}
}  // namespace

result<record_report> verify_record(const std::filesystem::path& dir, const verify_options& opt) {
    return on_record(dir, opt, [](verifier& v) { return v.run(); });
}

result<receipt> lookup_receipt(const std::filesystem::path& dir, std::string_view code, const verify_options& opt) {
    std::string want;
    for (const char ch : code) {
        if (ch == ' ' || ch == '-' || ch == ':') continue;
        if (!std::isxdigit(static_cast<unsigned char>(ch)))
            return error{errc::bad_input, "a confirmation code is hexadecimal; '" + std::string(1, ch) + "' is not a hex digit"};
        want.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
    }
    if (want.size() < 8 || want.size() > 64)
        return error{errc::bad_input, "a confirmation code is 64 hex digits (or a unique prefix of at least 8); got " +
                                          std::to_string(want.size())};
    return on_record(dir, opt, [&](verifier& v) { return v.run_receipt(want); });
}

std::string receipt::text() const {
    std::ostringstream o;
    if (!found) {
        o << "no ballot of the record has a confirmation code beginning " << code << "\n";
        for (const auto& f : failures) o << "    - " << f << "\n";
        return o.str();
    }
    o << "confirmation code " << code << "\n";
    o << "ballot " << ballot_id << " (" << file.string() << ")";
    if (!device.empty()) o << ", encrypting device \"" << device << "\"";
    o << ", state " << state << "\n";
    if (failures.empty()) {
        o << (preencrypted ? "it verifies: its proofs, pre-encryptions, short codes and confirmation code "
                             "(Verifications 7.A and 15-18 for this pre-encrypted ballot)"
                           : "it verifies: its proofs and its confirmation code (Verifications 5-7 for this ballot)");
        o << (challenged && !decryption.empty() ? ", and its decryption (12-14)\n" : "\n");
    } else {
        o << "it does NOT verify:\n";
        for (const auto& f : failures) o << "    - " << f << "\n";
    }
    // items of one contest on one line: "    contest: item item ..."
    auto by_contest = [&](const auto& v, auto&& item) {
        std::string contest;
        for (const auto& c : v) {
            if (c.contest != contest) {
                if (!contest.empty()) o << "\n";
                contest = c.contest;
                o << "    " << contest << ":";
            }
            o << " " << item(c);
        }
        if (!contest.empty()) o << "\n";
    };
    auto codes = [&](const std::vector<short_code>& v, bool with_option) {
        by_contest(v, [&](const short_code& c) { return (with_option ? c.option + " " : std::string()) + c.code; });
    };
    if (preencrypted && !marked.empty()) {
        o << "short codes recorded as marked (Ω = " << short_code_function
          << "; compare with the ballot you marked, a null code for each choice left blank):\n";
        codes(marked, false);
    }
    if (!printed.empty()) {
        o << "every short code of this uncast ballot, regenerated from its published primary nonce (compare with "
             "the printed ballot):\n";
        codes(printed, true);
    }
    if (!challenged) {
        o << (state == "CAST" ? "cast: it counts in the tally if the whole record verifies"
                              : "neither cast nor challenged: it is not counted")
          << " (scrutineer verify --format electionguard-2.0 DIR)\n";
        return o.str();
    }
    o << "challenged: not counted; ";
    if (decryption.empty() && opened) {
        o << "opened by its published primary nonce (no decryption needed)";
        if (decrypted.empty()) {
            o << "\n";
            return o.str();
        }
        o << ", which gives (compare with what the device showed):\n";
        by_contest(decrypted, [](const selection& d) { return d.option + " " + std::to_string(d.value); });
        return o.str();
    }
    if (decryption.empty()) {
        o << "no decryption of it is in challenged_ballots/\n";
        return o.str();
    }
    o << "decrypted in " << decryption.string() << " to (compare with what the device showed):\n";
    by_contest(decrypted, [](const selection& d) { return d.option + " " + std::to_string(d.value); });
    return o.str();
}

nlohmann::json report_json(const record_report& r) {
    json steps = json::array();
    for (const auto& s : r.steps) {
        const char* outcome = s.outcome == step_outcome::ok ? "ok" : s.outcome == step_outcome::failed ? "failed" : "not checked";
        steps.push_back(json{{"number", s.number},
                             {"title", s.title},
                             {"outcome", outcome},
                             {"detail", s.detail},
                             {"failures", s.failures}});
    }
    return json{{"format", "electionguard-2.0"}, {"passed", !r.any_failed()}, {"steps", std::move(steps)}};
}

std::string format_report(const record_report& r) {
    std::ostringstream o;
    for (const auto& s : r.steps) {
        o << "Verification " << s.number << " (" << s.title << "): ";
        switch (s.outcome) {
            case step_outcome::ok: o << "ok"; break;
            case step_outcome::failed: o << "FAILED"; break;
            case step_outcome::not_checked: o << "not checked"; break;
        }
        if (!s.detail.empty()) o << " (" << s.detail << ")";
        o << "\n";
        for (const auto& f : s.failures) o << "    - " << f << "\n";
    }
    return o.str();
}

}  // namespace scrutineer::eg
