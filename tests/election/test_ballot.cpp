#include <catch2/catch.hpp>

#include <regex>

#include "../spec_bytes.hpp"
#include "scrutineer/election/ballot.hpp"
#include "scrutineer/group/ristretto255.hpp"

using namespace scrutineer;
using namespace scrutineer::test;
using namespace scrutineer::election;
using G = ristretto255;
using nlohmann::json;

namespace {
manifest sample_manifest() {
    return *manifest::from_json(json::parse(R"({
      "format": "scrutineer/manifest/v1", "election_id": "ballot-test", "title": "", "group": "ristretto255",
      "trustees": {"n": 1, "k": 1},
      "contests": [
        {"id": "chair", "kind": "plurality", "options": [{"id": "a"}, {"id": "b"}, {"id": "c"}]},
        {"id": "board", "kind": "k-of-n", "max_marks": 2, "options": [{"id": "x"}, {"id": "y"}, {"id": "z"}]},
        {"id": "budget", "kind": "score", "max_score": 3, "max_total": 4, "options": [{"id": "p1"}, {"id": "p2"}]},
        {"id": "ideas", "kind": "approval", "options": [{"id": "i1"}, {"id": "i2"}]}
      ],
      "policy": {"revoting": "last", "roll_frozen_at": "2026-10-01", "cancel_reasons": []}
    })"));
}
choices sample_choices() { return {{"chair", {0, 1, 0}}, {"board", {1, 0, 1}}, {"budget", {3, 1}}, {"ideas", {1, 1}}}; }

struct fixture {
    seeded_rng r{40};
    manifest m = sample_manifest();
    elgamal::key_pair<G> keys = elgamal::key_pair<G>::generate(r);
    signing_key voter = signing_key::generate(r);
    signing_key other = signing_key::generate(r);
    encrypted_ballot<G> eb = *encrypt_ballot<G>(m, keys.pk, voter, sample_choices(), r);
    status verify(const ballot<G>& b) { return verify_ballot<G>(m, keys.pk.element(), b); }
};
}  // namespace

TEST_CASE("ballot: encrypt, verify, decrypt, JSON round trip, tracking code", "[election][ballot]") {
    fixture f;
    const auto& b = f.eb.value;
    REQUIRE(f.verify(b).ok());
    CHECK(b.contests.size() == 4);
    CHECK(f.eb.nonces.size() == 10);
    // the limit proofs: present where the limit is below options·max_score, absent for approval
    for (std::size_t i = 0; i < 3; ++i) CHECK(b.contests[i].limit_proof.branches.size() == f.m.contests[i].max_total + 1);
    CHECK(b.contests[3].limit_proof.branches.empty());
    CHECK_FALSE(b.to_json()["contests"][3].contains("limit_proof"));
    CHECK(b.to_json()["contests"][0].contains("limit_proof"));
    // the selections decrypt to the choices
    const std::vector<std::uint64_t> flat = {0, 1, 0, 1, 0, 1, 3, 1, 1, 1};
    auto all = b.all_selections();
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(*elgamal::decrypt_exp<G>(f.keys.sk, all[i], 3) == flat[i]);
    auto back = ballot<G>::from_json(json::parse(b.to_json().dump()), f.m);
    REQUIRE(back.ok());
    CHECK(back->hash() == b.hash());
    CHECK(f.verify(*back).ok());
    CHECK(std::regex_match(b.tracking_code(), std::regex("^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$")));
}

TEST_CASE("ballot: invalid choices are refused before encryption", "[election][ballot][negative]") {
    fixture f;
    auto bad = [&](choices c, const std::string& needle) {
        auto e = encrypt_ballot<G>(f.m, f.keys.pk, f.voter, c, f.r);
        INFO(needle);
        REQUIRE_FALSE(e.ok());
        CHECK_THAT(e.err().message, Catch::Contains(needle));
    };
    auto c = sample_choices();
    c["chair"] = {1, 1, 0};
    bad(c, "chair");  // two marks in a plurality contest
    c = sample_choices();
    c["board"] = {1, 1, 1};
    bad(c, "board");
    c = sample_choices();
    c["budget"] = {4, 0};
    bad(c, "budget");  // above max_score
    c = sample_choices();
    c["budget"] = {3, 2};
    bad(c, "budget");  // above max_total
    c = sample_choices();
    c.erase("chair");
    bad(c, "missing contest");
    c = sample_choices();
    c["chair"] = {1, 0};
    bad(c, "expected 3 values");
    c = sample_choices();
    c["nope"] = {1};
    bad(c, "not in the manifest");
}

TEST_CASE("ballot: tampering is rejected", "[election][ballot][negative]") {
    fixture f;
    const auto& b = f.eb.value;
    SECTION("a ciphertext replaced by a fresh valid encryption") {
        auto t = b;
        t.contests[0].selections[1] = elgamal::encrypt_exp<G>(f.keys.pk, 1, f.r).ct;
        t.signature = f.voter.sign(t.hash());  // even re-signed by the voter
        CHECK(f.verify(t).err().code == errc::verify_failed);
    }
    SECTION("selections swapped within a contest, re-signed") {
        auto t = b;
        std::swap(t.contests[1].selections[0], t.contests[1].selections[1]);
        t.signature = f.voter.sign(t.hash());
        CHECK_FALSE(f.verify(t).ok());
    }
    SECTION("the whole ballot replayed under another credential (copying a voter's vote)") {
        auto t = b;
        t.credential = f.other.public_key();
        t.signature = f.other.sign(t.hash());
        auto s = f.verify(t);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::verify_failed);
    }
    SECTION("unsigned changes break the signature") {
        auto t = b;
        t.contests[2].limit_proof = f.eb.value.contests[2].limit_proof;
        t.randomness_proof.z[0] = t.randomness_proof.z[0] + G::scalar::one();
        CHECK_THAT(f.verify(t).err().message, Catch::Contains("signature"));
        t = b;
        t.signature.bytes[3] ^= 1;
        CHECK_THAT(f.verify(t).err().message, Catch::Contains("signature"));
    }
    SECTION("a ballot for another election") {
        auto t = b;
        t.election[0] ^= 1;
        t.signature = f.voter.sign(t.hash());
        CHECK_THAT(f.verify(t).err().message, Catch::Contains("another election"));
    }
    SECTION("proofs moved between options, re-signed") {
        auto t = b;
        std::swap(t.contests[0].range_proofs[0], t.contests[0].range_proofs[1]);
        t.signature = f.voter.sign(t.hash());
        CHECK_FALSE(f.verify(t).ok());
    }
    SECTION("JSON: every malformed field is named") {
        auto j = b.to_json();
        auto check = [&](json t, const std::string& needle) {
            auto r = ballot<G>::from_json(t, f.m);
            INFO(needle);
            REQUIRE_FALSE(r.ok());
            CHECK_THAT(r.err().message, Catch::Contains(needle));
        };
        auto t = j;
        t["contests"][1]["selections"][2] = std::string(128, 'f');
        check(t, "ballot.contests[1].selections[2]");
        t = j;
        t["contests"][2]["range_proofs"][0] = "00";
        check(t, "ballot.contests[2].range_proofs[0]");
        t = j;
        t["contests"].erase(1);
        check(t, "expected an array of 4 contests");
        t = j;
        t["credential"] = "xyz";
        check(t, "ballot.credential");
        t = j;
        t["extra"] = 1;
        check(t, "unknown field 'extra'");
        t = j;
        t.erase("signature");
        check(t, "missing field 'signature'");
        t = j;
        t["contests"][0]["id"] = "board";
        check(t, "expected \"chair\"");
    }
}

TEST_CASE("ballot: which contests need a limit proof", "[election][ballot]") {
    fixture f;
    CHECK(limit_proof_required(f.m.contests[0]));        // plurality of 3: limit 1 < 3
    CHECK(limit_proof_required(f.m.contests[1]));        // 2 of 3
    CHECK(limit_proof_required(f.m.contests[2]));        // score 0..3, total 4 < 6
    CHECK_FALSE(limit_proof_required(f.m.contests[3]));  // approval: limit = options
    contest c = f.m.contests[2];
    c.max_total = 6;  // = options·max_score: implied
    CHECK_FALSE(limit_proof_required(c));
    c.max_total = 5;
    CHECK(limit_proof_required(c));
}

TEST_CASE("ballot: a limit proof must be present exactly when the manifest requires it", "[election][ballot][negative]") {
    fixture f;
    const auto& b = f.eb.value;
    SECTION("a required limit proof removed, re-signed") {
        auto t = b;
        t.contests[1].limit_proof.branches.clear();
        t.signature = f.voter.sign(t.hash());
        auto s = f.verify(t);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::bad_input);
        CHECK_THAT(s.err().message, Catch::Contains("contest \"board\" limit") && Catch::Contains("missing"));
    }
    SECTION("a limit proof added to an approval contest, even a valid one, re-signed") {
        auto t = b;
        // a genuine proof that the approval contest's sum is in [0, 2]
        const auto ctx = ballot_context(f.m, t.credential);
        std::vector<secret<G::scalar>> nonces;
        nonces.push_back(f.eb.nonces[8].clone());
        nonces.push_back(f.eb.nonces[9].clone());
        t.contests[3].limit_proof = proofs::prove_contest_limit<G>(ctx, f.keys.pk, t.contests[3].selections, 2, 2, nonces, f.r);
        REQUIRE(proofs::verify_contest_limit<G>(ctx, {f.keys.pk.element(), t.contests[3].selections, 2}, t.contests[3].limit_proof).ok());
        t.signature = f.voter.sign(t.hash());
        auto s = f.verify(t);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::bad_input);
        CHECK_THAT(s.err().message, Catch::Contains("contest \"ideas\" limit") && Catch::Contains("present"));
    }
    SECTION("JSON: limit_proof missing where required, present where not") {
        auto j = b.to_json();
        auto t = j;
        t["contests"][1].erase("limit_proof");
        auto r = ballot<G>::from_json(t, f.m);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.err().message, Catch::Contains("ballot.contests[1].limit_proof: missing"));
        t = j;
        t["contests"][3]["limit_proof"] = j["contests"][0]["limit_proof"];
        r = ballot<G>::from_json(t, f.m);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.err().message, Catch::Contains("ballot.contests[3].limit_proof: must be absent"));
        t = j;
        t["contests"][3]["extra"] = 1;
        r = ballot<G>::from_json(t, f.m);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.err().message, Catch::Contains("ballot.contests[3]"));
    }
    SECTION("a limit exceeded: three marks in a 2-of-3 contest cannot carry a valid limit proof") {
        // encrypt 1,1,1 by hand with valid range proofs; the limit proof for L = 2
        // can only be faked, and fails
        auto t = b;
        const auto ctx = ballot_context(f.m, t.credential);
        std::vector<secret<G::scalar>> all;
        for (std::size_t i = 0; i < 3; ++i) {
            auto e = proofs::encrypt_bounded<G>(f.keys.pk, 1, 1, f.r);
            t.contests[1].selections[i] = e.ct;
            t.contests[1].range_proofs[i] = proofs::prove_range<G>(ctx, f.keys.pk, e.ct, 1, 1, e.randomness, f.r);
            all.push_back(std::move(e.randomness));
        }
        // the honest prover refuses; a forger reuses a proof for a sum of 2
        CHECK_THROWS_AS(proofs::prove_contest_limit<G>(ctx, f.keys.pk, t.contests[1].selections, 2, 3, all, f.r),
                        std::invalid_argument);
        std::vector<secret<G::scalar>> nonces;
        for (std::size_t i = 0; i < f.eb.nonces.size(); ++i) nonces.push_back(f.eb.nonces[i].clone());
        for (std::size_t i = 0; i < 3; ++i) nonces[3 + i] = all[i].clone();
        t.randomness_proof = proofs::prove_randomness<G>(ctx, {f.keys.pk.element(), t.all_selections()}, nonces, f.r);
        t.signature = f.voter.sign(t.hash());
        auto s = f.verify(t);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::verify_failed);
    }
}

TEST_CASE("ballot: batch verification names every bad ballot", "[election][ballot][batch]") {
    fixture f;
    std::vector<ballot<G>> bs;
    for (int i = 0; i < 6; ++i) bs.push_back(encrypt_ballot<G>(f.m, f.keys.pk, i % 2 ? f.voter : f.other, sample_choices(), f.r)->value);
    auto ok = verify_ballots_batch<G>(f.m, f.keys.pk.element(), std::span<const ballot<G>>(bs));
    CHECK(ok.ok());
    CHECK(ok.items == 6);
    // ballot 1: a proof equation fails (re-signed); ballot 4: bad signature
    bs[1].contests[3].range_proofs[0].branches[1].v += G::scalar::one();
    bs[1].signature = f.voter.sign(bs[1].hash());
    bs[4].signature.bytes[0] ^= 1;
    auto res = verify_ballots_batch<G>(f.m, f.keys.pk.element(), std::span<const ballot<G>>(bs));
    REQUIRE(res.failures.size() == 2);
    CHECK(res.failures[0].index == 1);
    CHECK(res.failures[0].label == "ballot 1");
    CHECK(res.failures[0].err.code == errc::verify_failed);
    CHECK_THAT(res.failures[0].err.message, Catch::Contains("range branch 1"));
    CHECK(res.failures[1].index == 4);
    CHECK_THAT(res.failures[1].err.message, Catch::Contains("signature"));
    // each agrees with verify_ballot
    for (std::size_t i = 0; i < bs.size(); ++i) CHECK(f.verify(bs[i]).ok() == (i != 1 && i != 4));
    // the randomness proof is checked in the batch too
    bs[1] = bs[0];
    bs[4] = bs[0];
    bs[2].randomness_proof.z[0] += G::scalar::one();
    bs[2].signature = f.other.sign(bs[2].hash());
    res = verify_ballots_batch<G>(f.m, f.keys.pk.element(), std::span<const ballot<G>>(bs));
    REQUIRE(res.failures.size() == 1);
    CHECK(res.failures[0].index == 2);
    CHECK_THAT(res.failures[0].err.message, Catch::Contains("randomness"));
}

TEST_CASE("ballot: the hash matches docs/spec.md section 8.3", "[election][ballot][spec]") {
    // Rebuild ballot_hash from the specification's frames.
    fixture f;
    const auto& b = f.eb.value;
    bytes in;
    const auto mh = f.m.hash();
    spec_frame(in, "scrutineer/ballot/v1", {});
    spec_frame(in, "election", mh);
    spec_frame(in, "credential", b.credential.bytes);
    spec_frame(in, "contests", le_bytes(4, 8));
    for (std::size_t ci = 0; ci < 4; ++ci) {
        const auto& c = b.contests[ci];
        spec_frame(in, "contest", as_bytes(f.m.contests[ci].id));
        spec_frame(in, "options", le_bytes(c.selections.size(), 8));
        for (const auto& s : c.selections) spec_frame(in, "selection", s.encode());
        for (const auto& p : c.range_proofs) {
            CHECK(p.encode().size() == 128 * (f.m.contests[ci].max_score + 1));
            spec_frame(in, "range-proof", p.encode());
        }
        if (limit_proof_required(f.m.contests[ci])) spec_frame(in, "limit-proof", c.limit_proof.encode());  // none for "ideas"
    }
    CHECK(b.randomness_proof.encode().size() == 64);
    spec_frame(in, "randomness-proof", b.randomness_proof.encode());
    CHECK(b.hash() == sha512::hash(in));
    // every proof uses derive(context, "credential", pk)
    CHECK(ballot_context(f.m, b.credential) == f.m.context().derive("credential", b.credential.bytes));
}
