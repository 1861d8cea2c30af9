#include <catch2/catch.hpp>

#include <regex>

#include "scrutineer/election/ballot.hpp"
#include "scrutineer/group/ristretto255.hpp"

using namespace scrutineer;
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
        {"id": "budget", "kind": "score", "max_score": 3, "max_total": 4, "options": [{"id": "p1"}, {"id": "p2"}]}
      ],
      "policy": {"revoting": "last", "roll_frozen_at": "2026-10-01", "cancel_reasons": []}
    })"));
}
choices sample_choices() { return {{"chair", {0, 1, 0}}, {"board", {1, 0, 1}}, {"budget", {3, 1}}}; }

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
    CHECK(b.contests.size() == 3);
    CHECK(f.eb.nonces.size() == 8);
    // the selections decrypt to the choices
    const std::vector<std::uint64_t> flat = {0, 1, 0, 1, 0, 1, 3, 1};
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
        check(t, "expected an array of 3 contests");
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
