// scrutineer tests — ElectionGuard 2.0 pre-encrypted ballots (spec §4): the
// library's pre-encryption of a contest and short codes (§4.6), and the record
// verifier's Verifications 15–18 on ballots made here as the encrypting and
// recording tools make them (§4.2–4.3): the reference record has none. Also
// challenged ordinary ballots opened by their published primary nonce
// (§3.6.5), which the reference record has none of either.
#include "eg_support.hpp"

#include <map>
#include <set>

using namespace scrutineer;
using namespace egtest;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

eg::hash32 psi_with(std::uint8_t first, std::uint8_t last) {
    eg::hash32 h{};
    for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint8_t>(0x11 * (i % 16));
    h[0] = first;
    h[31] = last;
    return h;
}

}  // namespace

TEST_CASE("EG short codes: the hash-trimming functions of §4.6", "[electionguard][preencrypted]") {
    using F = eg::short_code_format;
    const auto lo = psi_with(0xAB, 0x00), hi = psi_with(0xAB, 0xFF), mid = psi_with(0x01, 0x7C);
    CHECK(eg::short_code(F::omega1, lo) == "00");
    CHECK(eg::short_code(F::omega1, hi) == "FF");
    CHECK(eg::short_code(F::omega2, hi) == eg::upper_hex(byte_span(hi).subspan(30, 2)));
    CHECK(eg::short_code(F::omega3, lo) == "A0");
    CHECK(eg::short_code(F::omega3, hi) == "Z5");
    CHECK(eg::short_code(F::omega3, mid) == "M4");  // 124 = 12·10 + 4
    CHECK(eg::short_code(F::omega4, lo) == "0A");
    CHECK(eg::short_code(F::omega4, hi) == "9V");
    CHECK(eg::short_code(F::omega4, mid) == "4U");  // 124 = 4·26 + 20
    CHECK(eg::short_code(F::omega5, hi) == "255");
    CHECK(eg::short_code(F::omega6, hi) == "256");
    CHECK(eg::short_code(F::omega7, lo) == "100");
    CHECK(eg::short_code(F::omega7, hi) == "355");
    CHECK(eg::short_code(F::omega8, lo) == "101");
    CHECK(eg::short_code(F::omega8, hi) == "356");
    CHECK(eg::short_code(F::hex5, mid) == "01112");
    // hex digits in either case; other forms exactly
    CHECK(eg::short_code_matches(F::omega1, hi, "ff"));
    CHECK(eg::short_code_matches(F::hex5, mid, "01112"));
    CHECK_FALSE(eg::short_code_matches(F::hex5, mid, "0111"));
    CHECK_FALSE(eg::short_code_matches(F::omega3, hi, "z5"));
    CHECK_FALSE(eg::short_code_matches(F::omega5, hi, "0255"));
    CHECK_FALSE(eg::short_code_matches(F::omega1, hi, "FE"));
    // names
    REQUIRE(eg::short_code_formats().size() == 9);
    for (const auto f : eg::short_code_formats()) CHECK(eg::parse_short_code_format(eg::short_code_name(f)) == f);
    CHECK(eg::parse_short_code_format("OMEGA3") == F::omega3);
    CHECK_FALSE(eg::parse_short_code_format("omega9").has_value());
    CHECK_FALSE(eg::parse_short_code_format("").has_value());
}

TEST_CASE("EG pre-encryption of a contest (§4.1–4.2, eqs. 91–96)", "[electionguard][preencrypted]") {
    rng& r = default_rng();
    const eg::scalar s = eg::scalar::random(r);
    const eg::election_public pub(eg::group::mul_base(s), eg::hash32{7});
    const eg::hash32 xi{1, 2, 3};
    const std::vector<std::uint32_t> js{1, 2, 3};
    const auto pc = eg::preencrypt_contest(pub, xi, 4, js, 2);
    REQUIRE(pc.j == std::vector<std::uint32_t>{1, 2, 3, 4, 5});
    REQUIRE(pc.vectors.size() == 5);
    REQUIRE(pc.hashes.size() == 5);
    for (std::size_t v = 0; v < 5; ++v) {
        // the same as the one-vector function for options 1..m
        CHECK(pc.vectors[v] == eg::selection_vector(pub, xi, 4, pc.j[v], 3));
        CHECK(pc.hashes[v] == eg::selection_hash(pub.he(), pub.K(), pc.vectors[v]));
        for (std::size_t k = 0; k < 3; ++k) {
            // β·α^{-s} = K^σ: σ = 1 at the vector's own position, 0 elsewhere and in the null vectors
            const auto& ct = pc.vectors[v][k];
            const eg::element m = ct.beta + (-(ct.alpha * s));
            CHECK(m == (v == k ? pub.K() : eg::group::identity()));
            CHECK(ct.alpha == eg::group::mul_base(eg::preencryption_nonce(pub.he(), xi, 4, pc.j[v], js[k])));
        }
    }
    CHECK(pc.chi == eg::preencryption_contest_hash(pub.he(), 4, pub.K(), pc.hashes));
    // option indices as the manifest gives them: the null ones follow the largest
    const std::vector<std::uint32_t> sparse{2, 7};
    const auto ps = eg::preencrypt_contest(pub, xi, 4, sparse, 1);
    CHECK(ps.j == std::vector<std::uint32_t>{2, 7, 8});
    CHECK(ps.vectors[1][1].alpha == eg::group::mul_base(eg::preencryption_nonce(pub.he(), xi, 4, 7, 7)));
    CHECK_FALSE(ps.hashes == eg::preencrypt_contest(pub, eg::hash32{9}, 4, sparse, 1).hashes);
    CHECK_THROWS_AS(eg::preencrypt_contest(pub, xi, 4, std::vector<std::uint32_t>{}, 1), std::invalid_argument);
    CHECK_THROWS_AS(eg::preencrypt_contest(pub, xi, 4, std::vector<std::uint32_t>{2, 2}, 1), std::invalid_argument);
    CHECK_THROWS_AS(eg::preencrypt_contest(pub, xi, 4, std::vector<std::uint32_t>{3, 1}, 1), std::invalid_argument);
}

namespace {

std::string hex_of(const std::string& s) { return eg::upper_hex(byte_span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())); }

json ct_json(const eg::ciphertext& c) { return {{"pad", hx(c.alpha)}, {"data", hx(c.beta)}}; }

json proof_json(const eg::range_proof& p) {
    json a = json::array();
    for (std::size_t j = 0; j < p.c.size(); ++j) a.push_back({{"challenge", hx(p.c[j])}, {"response", hx(p.v[j])}});
    return {{"proofs", a}};
}

/// A copy of the reference record turned into an election with pre-encrypted
/// ballots: contest2 allows two selections (so that selections are products
/// of several vectors), the manifest, base and extended base hashes
/// recomputed for it (K and the guardians' proofs stay valid: they depend on
/// H_P only), and the reference's own ballots and tallies removed (their
/// proofs are bound to the old H_E).
struct pre_election {
    record_copy rec;
    std::unique_ptr<eg::election_public> pub;
    json manifest;

    explicit pre_election(const fs::path& src) : rec(src) {
        rec.slim();
        manifest = set_manifest(rec, [](json& m) {
            for (auto& c : m["contests"])
                if (c["object_id"] == "contest2") c["votes_allowed"] = 2;
        });
        const json init = json::parse(std::ifstream(rec.dir / "election_initialized.json"));
        pub = std::make_unique<eg::election_public>(E(init["joint_public_key"]), Hh(init["extended_base_hash"]));
    }

    /// Edits the manifest of the record `r` and recomputes H_M, H_B and H_E
    /// for it; returns the new manifest.
    static json set_manifest(const record_copy& r, const std::function<void(json&)>& f) {
        r.edit("manifest.json", f);
        std::ifstream mf(r.dir / "manifest.json", std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(mf)), {});
        const auto hp = eg::parameter_base_hash();
        const auto hm = eg::manifest_hash(hp, byte_span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
        eg::hash32 hb{};
        r.edit("election_config.json", [&](json& c) {
            c["manifest_hash"] = hx(hm);
            hb = eg::election_base_hash(hp, hm, c["number_of_guardians"].get<std::uint32_t>(), c["quorum"].get<std::uint32_t>());
            c["election_base_hash"] = hx(hb);
        });
        r.edit("election_initialized.json",
               [&](json& i) { i["extended_base_hash"] = hx(eg::extended_base_hash(hb, E(i["joint_public_key"]))); });
        return json::parse(text);
    }

    const json& contest(const std::string& cid) const {
        for (const auto& c : manifest["contests"])
            if (c["object_id"] == cid) return c;
        throw std::logic_error("no contest " + cid);
    }

    /// A pre-encrypted ballot of contests 1 and 2 with primary nonce xi, as
    /// the recording tool writes it (§4.3): per contest the voter's marks
    /// (option ids; null vectors fill up to L), the selections the products
    /// of the marked vectors with summed nonces and fresh proofs, the
    /// ordinary contest hash (eq. 57), all selection hashes sorted, the
    /// selected vectors with their hex5 short codes; the confirmation code of
    /// eq. 95. `nonce`: publish ξ (an uncast ballot).
    static constexpr const char* kBaux = "pre-encrypted device";

    /// A ballot's fields besides its contests and confirmation code.
    json header(const std::string& id, const eg::hash32& xi, const std::string& state, bool pre, bool nonce) const {
        json b{{"ballot_id", id},
               {"ballot_style_id", "ballotStyle"},
               {"encrypting_device", kBaux},
               {"timestamp", 1700000000},
               {"code_baux", hex_of(kBaux)},
               {"election_id", hx(pub->he())},
               {"state", state},
               {"is_preencrypt", pre},
               {"contests", json::array()}};
        if (nonce) b["primary_nonce"] = hx(xi);
        return b;
    }

    /// The options of a contest of the manifest: (index, id), by index.
    std::vector<std::pair<std::uint32_t, std::string>> options(const json& mc) const {
        std::vector<std::pair<std::uint32_t, std::string>> opts;
        for (const auto& s : mc["ballot_selections"])
            opts.emplace_back(s["sequence_order"].get<std::uint32_t>(), s["object_id"].get<std::string>());
        std::sort(opts.begin(), opts.end());
        return opts;
    }

    /// An ordinary ballot of contests 1 and 2 (§3.3) under primary nonce xi:
    /// σ of an option is the number of times `marks` lists it (2 makes a
    /// ballot no 0/1 proof can cover; its proof then has R = 2), nonces
    /// ξ_{i,j} (eq. 25), fresh proofs (a contest whose Σσ exceeds L gets a
    /// proof for R = Σσ), contest hashes (eq. 57), confirmation code (eq. 58).
    json ordinary(const std::string& id, const eg::hash32& xi, const std::map<std::string, std::vector<std::string>>& marks,
                  const std::string& state = "CAST", bool nonce = false) const {
        rng& r = default_rng();
        json b = header(id, xi, state, false, nonce);
        std::vector<eg::hash32> chis;
        for (const std::string cid : {"contest1", "contest2"}) {
            const auto& mc = contest(cid);
            const auto seq = mc["sequence_order"].get<std::uint32_t>();
            const auto L = mc["votes_allowed"].get<std::uint64_t>();
            const auto& mk = marks.at(cid);
            json sels = json::array();
            std::vector<eg::ciphertext> cts;
            eg::scalar total = eg::scalar::from_u64(0);
            std::uint64_t ell = 0;
            for (const auto& [oseq, oid] : options(mc)) {
                const auto sigma = static_cast<std::uint64_t>(std::count(mk.begin(), mk.end(), oid));
                const auto x = eg::selection_nonce(pub->he(), xi, seq, oseq);
                const auto ct = eg::encrypt(*pub, sigma, x);
                sels.push_back({{"selection_id", oid},
                                {"sequence_order", oseq},
                                {"encrypted_vote", ct_json(ct)},
                                {"proof", proof_json(eg::prove_range(*pub, ct, std::max<std::uint64_t>(1, sigma), sigma, x, r))}});
                cts.push_back(ct);
                total = total + x;
                ell += sigma;
            }
            eg::ciphertext sum = cts[0];
            for (std::size_t k = 1; k < cts.size(); ++k) sum = sum + cts[k];
            const auto chi = eg::contest_hash(pub->he(), seq, pub->K(), cts);
            b["contests"].push_back({{"contest_id", cid},
                                     {"sequence_order", seq},
                                     {"votes_allowed", L},
                                     {"contest_hash", hx(chi)},
                                     {"selections", sels},
                                     {"proof", proof_json(eg::prove_range(*pub, sum, std::max(L, ell), ell, total, r))}});
            chis.push_back(chi);
        }
        const std::string baux = kBaux;
        b["confirmation_code"] = hx(eg::confirmation_code(pub->he(), chis, bytes(baux.begin(), baux.end())));
        return b;
    }

    json ballot(const std::string& id, const eg::hash32& xi, const std::map<std::string, std::vector<std::string>>& marks,
                const std::string& state = "CAST", bool nonce = false) const {
        rng& r = default_rng();
        const std::string baux = kBaux;
        json b = header(id, xi, state, true, nonce);
        std::vector<eg::hash32> chis;
        for (const std::string cid : {"contest1", "contest2"}) {
            const auto& mc = contest(cid);
            const auto seq = mc["sequence_order"].get<std::uint32_t>();
            const auto L = mc["votes_allowed"].get<std::uint32_t>();
            const auto opts = options(mc);
            std::vector<std::uint32_t> js;
            for (const auto& o : opts) js.push_back(o.first);
            const auto pc = eg::preencrypt_contest(*pub, xi, seq, js, L);
            // the chosen vectors: the marked options', then null ones up to L
            std::vector<std::size_t> chosen;
            const auto& mk = marks.at(cid);
            for (const auto& oid : mk)
                for (std::size_t k = 0; k < opts.size(); ++k)
                    if (opts[k].second == oid) chosen.push_back(k);
            REQUIRE(chosen.size() == mk.size());
            for (std::size_t l = 0; chosen.size() < L; ++l) chosen.push_back(opts.size() + l);
            json sels = json::array();
            std::vector<eg::ciphertext> cts;
            eg::scalar total = eg::scalar::from_u64(0);
            for (std::size_t k = 0; k < opts.size(); ++k) {
                eg::ciphertext ct = pc.vectors[chosen[0]][k];
                eg::scalar xi_k = eg::preencryption_nonce(pub->he(), xi, seq, pc.j[chosen[0]], js[k]);
                for (std::size_t v = 1; v < chosen.size(); ++v) {
                    ct = ct + pc.vectors[chosen[v]][k];
                    xi_k = xi_k + eg::preencryption_nonce(pub->he(), xi, seq, pc.j[chosen[v]], js[k]);
                }
                const bool marked = std::find(chosen.begin(), chosen.end(), k) != chosen.end();
                sels.push_back({{"selection_id", opts[k].second},
                                {"sequence_order", opts[k].first},
                                {"encrypted_vote", ct_json(ct)},
                                {"proof", proof_json(eg::prove_range(*pub, ct, 1, marked ? 1 : 0, xi_k, r))}});
                cts.push_back(ct);
                total = total + xi_k;
            }
            eg::ciphertext sum = cts[0];
            for (std::size_t k = 1; k < cts.size(); ++k) sum = sum + cts[k];
            std::vector<std::string> all;
            for (const auto& h : pc.hashes) all.push_back(hx(h));
            std::sort(all.begin(), all.end());
            json svs = json::array();
            for (const auto v : chosen) {
                json enc = json::array();
                for (const auto& ct : pc.vectors[v]) enc.push_back(ct_json(ct));
                svs.push_back({{"selection_hash", hx(pc.hashes[v])},
                               {"short_code", eg::short_code(eg::short_code_format::hex5, pc.hashes[v])},
                               {"encryptions", enc}});
            }
            b["contests"].push_back(
                {{"contest_id", cid},
                 {"sequence_order", seq},
                 {"votes_allowed", L},
                 {"contest_hash", hx(eg::contest_hash(pub->he(), seq, pub->K(), cts))},
                 {"selections", sels},
                 {"proof", proof_json(eg::prove_range(*pub, sum, L, mk.size(), total, r))},
                 {"pre_encryption",
                  {{"preencryption_hash", hx(pc.chi)}, {"all_selection_hashes", all}, {"selected_vectors", svs}}}});
            chis.push_back(pc.chi);
        }
        const bytes bx(baux.begin(), baux.end());
        b["confirmation_code"] = hx(eg::preencryption_confirmation_code(pub->he(), chis, bx));
        return b;
    }

};

/// Writes a ballot into a record; returns its path relative to the record.
fs::path put(const record_copy& rec, const json& b) {
    const fs::path rel = fs::path("encrypted_ballots") / "pre" / ("eballot-" + b["ballot_id"].get<std::string>() + ".json");
    fs::create_directories(rec.dir / rel.parent_path());
    std::ofstream(rec.dir / rel) << b.dump(2);
    return rel;
}

const std::map<std::string, std::vector<std::string>> kMarks{{"contest1", {"selection3"}},
                                                             {"contest2", {"selection6", "selection9"}}};
const std::map<std::string, std::vector<std::string>> kUndervote{{"contest1", {}}, {"contest2", {"selection7"}}};

/// The election and its ballots, made once (each test copies the record and
/// puts in the ballots it needs): a cast ballot, one with undervotes, an
/// uncast one with its primary nonce published, and a ballot with the cast
/// one's primary nonce and another mark in contest1.
struct pre_fixture {
    pre_election e;
    json cast, under, uncast, other;
    json plain, opened;  ///< ordinary ballots: cast; challenged with its primary nonce published
    explicit pre_fixture(const fs::path& src) : e(src) {
        plain = e.ordinary("plain-1", eg::hash32{0x61}, kMarks);
        opened = e.ordinary("opened-1", eg::hash32{0x62}, kMarks, "CHALLENGED", true);
        cast = e.ballot("pre-1", eg::hash32{0x51}, kMarks);
        under = e.ballot("pre-2", eg::hash32{0x52}, kUndervote);
        uncast = e.ballot("pre-3", eg::hash32{0x53}, kMarks, "SPOILED", true);
        other = e.ballot("x", eg::hash32{0x51}, {{"contest1", {"selection5"}}, {"contest2", {"selection6", "selection9"}}});
    }
};
/// The shared fixture (built once), or nullptr, with the skip message, where
/// the reference record is absent.
const pre_fixture* fixture() {
    const auto src = record_dir();
    if (src.empty()) {
        WARN("SKIPPED: ElectionGuard record allAvailableJson not found");
        return nullptr;
    }
    static const pre_fixture f(src);
    return &f;
}

eg::record_report verify_dir(const fs::path& dir, const eg::verify_options& o = {}) {
    auto r = eg::verify_record(dir, o);
    INFO((r ? std::string() : r.err().describe()));
    REQUIRE(r.ok());
    return *r;
}

std::string failures_of(const eg::record_report& r, int n) {
    std::string s = r.step(n).detail;
    for (const auto& f : r.step(n).failures) s += "\n  " + f;
    return s;
}

/// Only the steps in `want` failed.
void expect_failed(const eg::record_report& r, std::set<int> want) {
    INFO(eg::format_report(r));
    for (int n = 1; n <= 18; ++n) CHECK((r.step(n).outcome == eg::step_outcome::failed) == (want.count(n) > 0));
}

/// Verifies `dir`: only the steps in `want` fail, and step n's failures say `text`.
void expect_named(const fs::path& dir, std::set<int> want, int n, const std::string& text) {
    const auto r = verify_dir(dir);
    expect_failed(r, std::move(want));
    CHECK(failures_of(r, n).find(text) != std::string::npos);
}

}  // namespace

TEST_CASE("EG record: pre-encrypted ballots verify, and each tampering fails its step (15–18)",
          "[electionguard][record][preencrypted]") {
    const auto* fxp = fixture();
    if (!fxp) return;
    const auto& fx = *fxp;
    record_copy rec(fx.e.rec.dir);
    // most checks need the cast ballot alone (a quicker record under the sanitizers)
    const auto f_cast = fs::path("encrypted_ballots") / "pre" / "eballot-pre-1.json";
    const auto f_uncast = fs::path("encrypted_ballots") / "pre" / "eballot-pre-3.json";

    put(rec, fx.cast);

    SECTION("the whole record passes every applicable step") {
        put(rec, fx.under);
        put(rec, fx.uncast);
        const auto r = verify_dir(rec.dir);
        INFO(eg::format_report(r));
        CHECK_FALSE(r.any_failed());
        for (int n : {1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 16, 17, 18}) CHECK(r.step(n).outcome == eg::step_outcome::ok);
        CHECK(r.step(8).outcome == eg::step_outcome::not_checked);  // no tally in this copy
        CHECK(r.step(15).detail.find("3 pre-encrypted ballots") != std::string::npos);
        CHECK(r.step(17).detail.find("1 uncast ballot(s) opened") != std::string::npos);
        CHECK(r.step(18).detail.find("Ω = hex5") != std::string::npos);
        CHECK(r.step(12).detail.find("opened by their published primary nonce") != std::string::npos);
    }
    SECTION("Ω given") {
        // Ω given: the right one passes, another fails every code, an unknown name is refused
        eg::verify_options o;
        o.short_codes = "HEX5";
        CHECK(verify_dir(rec.dir, o).step(18).outcome == eg::step_outcome::ok);
        o.short_codes = "omega1";
        const auto r1 = verify_dir(rec.dir, o);
        expect_failed(r1, {18});
        CHECK(failures_of(r1, 18).find("is not Ω(ψ)") != std::string::npos);
        o.short_codes = "omega9";
        const auto bad = eg::verify_record(rec.dir, o);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.err().code == errc::bad_input);
        CHECK(bad.err().message.find("omega9") != std::string::npos);
    }
    SECTION("the confirmation code with B_aux appended raw (the Kotlin reference's way) passes 17.C too") {
        std::vector<eg::hash32> chis;
        for (const auto& c : fx.cast["contests"]) chis.push_back(Hh(c["pre_encryption"]["preencryption_hash"]));
        const std::string dev = "pre-encrypted device";
        const bytes bx(dev.begin(), dev.end());
        const auto raw = eg::preencryption_confirmation_code(fx.e.pub->he(), chis, bx, eg::baux_encoding::raw);
        REQUIRE(eg::upper_hex(raw) != fx.cast["confirmation_code"].get<std::string>());  // the two encodings differ
        rec.edit(f_cast, [&](json& b) { b["confirmation_code"] = eg::upper_hex(raw); });
        const auto r = verify_dir(rec.dir);
        INFO(eg::format_report(r));
        CHECK(r.step(17).outcome == eg::step_outcome::ok);
        CHECK_FALSE(r.any_failed());
        // a code of neither encoding fails 17.C
        auto other = raw;
        other[0] ^= 1;
        rec.edit(f_cast, [&](json& b) { b["confirmation_code"] = eg::upper_hex(other); });
        const auto r2 = verify_dir(rec.dir);
        CHECK(failures_of(r2, 17).find("(17.C)") != std::string::npos);
    }
    SECTION("a selection's proof response altered -> 15") {
        rec.edit(f_cast, [](json& b) {
            auto& v = b["contests"][0]["selections"][1]["proof"]["proofs"][0]["response"];
            v = flip_hex(v.get<std::string>(), 10);
        });
        expect_failed(verify_dir(rec.dir), {15});
    }
    SECTION("a contest-limit proof challenge altered -> 16") {
        rec.edit(f_cast, [](json& b) {
            auto& c = b["contests"][1]["proof"]["proofs"][1]["challenge"];
            c = flip_hex(c.get<std::string>(), 3);
        });
        expect_failed(verify_dir(rec.dir), {16});
    }
    SECTION("a selected vector's encryption altered -> 17.A (and the product, 18)") {
        rec.edit(f_cast, [](json& b) {
            auto& enc = b["contests"][0]["pre_encryption"]["selected_vectors"][0]["encryptions"];
            std::swap(enc[0], enc[1]);
        });
        expect_named(rec.dir, {17, 18}, 17, "(17.A)");
    }
    SECTION("a selection hash altered -> 17.A, 17.B") {
        rec.edit(f_cast, [](json& b) {
            auto& h = b["contests"][1]["pre_encryption"]["selected_vectors"][1]["selection_hash"];
            h = flip_hex(h.get<std::string>(), 40);  // the short code (first five digits) still fits
        });
        const auto r = verify_dir(rec.dir);
        expect_failed(r, {17});
        CHECK(failures_of(r, 17).find("(17.A)") != std::string::npos);
        CHECK(failures_of(r, 17).find("not among the contest's selection hashes") != std::string::npos);
    }
    SECTION("the selection hashes out of order -> 17.B") {
        rec.edit(f_cast, [](json& b) {
            auto& a = b["contests"][0]["pre_encryption"]["all_selection_hashes"];
            std::swap(a[0], a[1]);
        });
        expect_named(rec.dir, {17}, 17, "increasing numerical order (17.B)");
    }
    SECTION("a selection hash missing from the contest's list -> 17.B") {
        rec.edit(f_cast, [](json& b) { b["contests"][0]["pre_encryption"]["all_selection_hashes"].erase(2); });
        expect_named(rec.dir, {17}, 17, "expected m + L = 6 (17.B)");
    }
    SECTION("the pre-encryption hash altered -> 17.B, 17.C") {
        rec.edit(f_cast, [](json& b) {
            auto& h = b["contests"][1]["pre_encryption"]["preencryption_hash"];
            h = flip_hex(h.get<std::string>(), 0);
        });
        const auto r = verify_dir(rec.dir);
        expect_failed(r, {17});
        CHECK(failures_of(r, 17).find("pre-encryption hash is not") != std::string::npos);
        CHECK(failures_of(r, 17).find("(17.C)") != std::string::npos);
    }
    SECTION("the confirmation code altered -> 17.C") {
        rec.edit(f_cast, [](json& b) { b["confirmation_code"] = flip_hex(b["confirmation_code"].get<std::string>(), 63); });
        expect_named(rec.dir, {17}, 17, "(17.C)");
    }
    SECTION("two ballots with the same confirmation code -> 17.D") {
        json twin = fx.cast;
        twin["ballot_id"] = "pre-1-twin";
        put(rec, twin);
        expect_named(rec.dir, {17}, 17, "(17.D)");
    }
    SECTION("a short code altered -> 18.A") {
        rec.edit(f_cast, [](json& b) { b["contests"][0]["pre_encryption"]["selected_vectors"][0]["short_code"] = "00000"; });
        expect_named(rec.dir, {18}, 18, "(18.A)");
    }
    SECTION("another option's vector recorded as marked (selections unchanged) -> 18") {
        // what the voter marked is not what was encrypted: contest1's marked
        // vector (selection3's) replaced by selection5's from the same
        // pre-encrypted ballot (same primary nonce), so that its hash is among
        // the contest's and its short code fits
        rec.edit(f_cast, [&](json& b) {
            b["contests"][0]["pre_encryption"]["selected_vectors"] = fx.other["contests"][0]["pre_encryption"]["selected_vectors"];
        });
        expect_named(rec.dir, {18}, 18, "not the product of the selected pre-encryptions");
    }
    SECTION("the same vector selected twice -> 18") {
        rec.edit(f_cast, [](json& b) {
            auto& sv = b["contests"][1]["pre_encryption"]["selected_vectors"];
            sv[1] = sv[0];
        });
        expect_named(rec.dir, {18}, 18, "selected twice");
    }
    SECTION("fewer selected vectors than L -> 18") {
        rec.edit(f_cast, [](json& b) { b["contests"][1]["pre_encryption"]["selected_vectors"].erase(1); });
        expect_named(rec.dir, {18}, 18, "expected L = 2");
    }
    SECTION("a pre-encryption element outside the subgroup (L = 2) -> 15") {
        rec.edit(f_cast, [](json& b) {
            // p − 1 has order 2
            std::string pm1 = eg::upper_hex(eg::group::p_bytes());
            pm1.back() = static_cast<char>(pm1.back() - 1);
            b["contests"][1]["pre_encryption"]["selected_vectors"][0]["encryptions"][2]["pad"] = pm1;
        });
        expect_named(rec.dir, {15, 17, 18}, 15, "not in Z_p^r (15.A)");
    }
    SECTION("a contest without pre_encryption -> 17") {
        rec.edit(f_cast, [](json& b) { b["contests"][0].erase("pre_encryption"); });
        expect_named(rec.dir, {17}, 17, "without pre_encryption");
    }
    SECTION("a cast ballot that publishes its primary nonce -> 17") {
        rec.edit(f_cast, [](json& b) { b["primary_nonce"] = hx(eg::hash32{0x51}); });
        expect_named(rec.dir, {17}, 17, "reveals its vote");
    }
    SECTION("an uncast ballot whose published primary nonce is not its own -> 17") {
        put(rec, fx.uncast);
        rec.edit(f_uncast, [](json& b) { b["primary_nonce"] = hx(eg::hash32{0x54}); });
        expect_named(rec.dir, {17}, 17, "regenerated from the published primary nonce");
    }
    SECTION("an uncast ballot neither opened nor decrypted -> 12") {
        put(rec, fx.uncast);
        rec.edit(f_uncast, [](json& b) { b.erase("primary_nonce"); });
        expect_named(rec.dir, {12}, 12, "pre-3 has no decryption");
    }
    SECTION("option indices that cannot be regenerated: named, not a crash") {
        put(rec, fx.uncast);
        // the largest index leaves no room for contest2's null options (max + ℓ, 4 bytes)
        pre_election::set_manifest(rec, [](json& m) {
            for (auto& c : m["contests"])
                if (c["object_id"] == "contest2") c["ballot_selections"][4]["sequence_order"] = 4294967295u;
        });
        const auto r = verify_dir(rec.dir);
        CHECK(failures_of(r, 17).find("not distinct positive integers") != std::string::npos);
        // a contest without options
        pre_election::set_manifest(rec, [](json& m) {
            for (auto& c : m["contests"])
                if (c["object_id"] == "contest2") c["ballot_selections"] = json::array();
        });
        CHECK(failures_of(verify_dir(rec.dir), 17).find("no options") != std::string::npos);
    }
    SECTION("a malformed pre_encryption field fails 17, a malformed flag the record") {
        rec.edit(f_cast, [](json& b) { b["contests"][0]["pre_encryption"]["preencryption_hash"] = "XYZ"; });
        expect_failed(verify_dir(rec.dir), {17});
        rec.edit(f_cast, [](json& b) { b["is_preencrypt"] = "yes"; });
        const auto bad = eg::verify_record(rec.dir);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.err().message.find("is_preencrypt") != std::string::npos);
    }
}

TEST_CASE("EG receipt: a pre-encrypted ballot's short codes", "[electionguard][record][preencrypted]") {
    const auto* fxp = fixture();
    if (!fxp) return;
    const auto& fx = *fxp;
    record_copy rec(fx.e.rec.dir);
    const json& cast = fx.cast;
    const json& uncast = fx.uncast;
    put(rec, cast);
    put(rec, uncast);

    const auto rc = eg::lookup_receipt(rec.dir, cast["confirmation_code"].get<std::string>().substr(0, 12));
    REQUIRE(rc.ok());
    INFO(rc->text());
    CHECK(rc->found);
    CHECK(rc->failures.empty());
    CHECK(rc->preencrypted);
    CHECK(rc->short_code_function == "hex5");
    REQUIRE(rc->marked.size() == 3);  // contest1: one mark; contest2: two
    std::multiset<std::string> want, got;
    for (const auto& c : cast["contests"])
        for (const auto& sv : c["pre_encryption"]["selected_vectors"]) want.insert(sv["short_code"].get<std::string>());
    for (const auto& m : rc->marked) got.insert(m.code);
    CHECK(got == want);
    CHECK(rc->printed.empty());
    CHECK(rc->text().find("short codes recorded as marked") != std::string::npos);

    const auto ru = eg::lookup_receipt(rec.dir, uncast["confirmation_code"].get<std::string>());
    REQUIRE(ru.ok());
    INFO(ru->text());
    CHECK(ru->found);
    CHECK(ru->challenged);
    CHECK(ru->failures.empty());
    REQUIRE(ru->printed.size() == 13);  // contest1: 5 options + 1 null; contest2: 5 + 2
    CHECK(ru->printed[5].option == "null1");
    CHECK(ru->printed[12].option == "null2");
    CHECK(ru->text().find("opened by its published primary nonce") != std::string::npos);

    // a tampered short code: named
    rec.edit(fs::path("encrypted_ballots") / "pre" / "eballot-pre-1.json",
               [](json& b) { b["contests"][1]["pre_encryption"]["selected_vectors"][0]["short_code"] = "FFFFF"; });
    const auto rt = eg::lookup_receipt(rec.dir, cast["confirmation_code"].get<std::string>());
    REQUIRE(rt.ok());
    REQUIRE_FALSE(rt->failures.empty());
    CHECK(rt->failures[0].find("Verification 18") != std::string::npos);
}

TEST_CASE("EG record: a challenged ballot opened by its primary nonce (§3.6.5)", "[electionguard][record][challenged]") {
    const auto* fxp = fixture();
    if (!fxp) return;
    const auto& fx = *fxp;
    record_copy rec(fx.e.rec.dir);
    const auto f_plain = put(rec, fx.plain);
    const auto f_opened = put(rec, fx.opened);

    SECTION("it needs no decryption, and its selections are known") {
        const auto r = verify_dir(rec.dir);
        INFO(eg::format_report(r));
        CHECK_FALSE(r.any_failed());
        for (int n : {5, 6, 7, 12, 13, 14}) CHECK(r.step(n).outcome == eg::step_outcome::ok);
        CHECK(r.step(12).detail.find("1 ballot(s) opened by their published primary nonce") != std::string::npos);
        for (int n : {15, 16, 17, 18}) CHECK(r.step(n).outcome == eg::step_outcome::not_checked);
        // the voter's receipt lists what the nonce opens
        const auto rc = eg::lookup_receipt(rec.dir, fx.opened["confirmation_code"].get<std::string>());
        REQUIRE(rc.ok());
        INFO(rc->text());
        CHECK(rc->failures.empty());
        CHECK(rc->opened);
        REQUIRE(rc->decrypted.size() == 10);
        std::set<std::string> ones;
        for (const auto& d : rc->decrypted)
            if (d.value == 1) ones.insert(d.option);
        CHECK(ones == std::set<std::string>{"selection3", "selection6", "selection9"});
        CHECK(rc->text().find("opened by its published primary nonce") != std::string::npos);
    }
    SECTION("a nonce that is not the ballot's -> 12") {
        rec.edit(f_opened, [](json& b) { b["primary_nonce"] = hx(eg::hash32{0x63}); });
        expect_named(rec.dir, {12}, 12, "alpha is not g^ξ for the published primary nonce");
    }
    SECTION("a cast ballot that publishes its nonce -> 12") {
        rec.edit(f_plain, [](json& b) { b["primary_nonce"] = hx(eg::hash32{0x61}); });
        expect_named(rec.dir, {12}, 12, "reveals its vote");
    }
    SECTION("a selection that opens to 2 -> 5 and 13.B") {
        put(rec, fx.e.ordinary("opened-2", eg::hash32{0x64}, {{"contest1", {}}, {"contest2", {"selection8", "selection8"}}},
                               "CHALLENGED", true));
        expect_named(rec.dir, {5, 13}, 13, "(13.B");
    }
    SECTION("more selections than the contest allows -> 6 and 13.C") {
        put(rec, fx.e.ordinary("opened-3", eg::hash32{0x65},
                               {{"contest1", {"selection1", "selection2"}}, {"contest2", {}}}, "CHALLENGED", true));
        expect_named(rec.dir, {6, 13}, 13, "(13.C)");
    }
    SECTION("without its nonce and without a decryption -> 12") {
        rec.edit(f_opened, [](json& b) { b.erase("primary_nonce"); });
        expect_named(rec.dir, {12}, 12, "opened-1 has no decryption");
    }
}
