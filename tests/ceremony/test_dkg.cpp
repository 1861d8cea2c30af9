// Key ceremony: completeness, complaints, the disqualification rule, misbound
// and replayed proofs, the typestate, persistence and JSON.
#include <catch2/catch.hpp>

#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/ceremony/dkg.hpp"
#include "scrutineer/ceremony/simulation.hpp"
#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;
using namespace scrutineer::ceremony;

namespace {

parameters params(std::uint32_t n, std::uint32_t k, std::string_view election = "test-election-2026") {
    parameters p;
    p.n = n;
    p.k = k;
    p.election = bytes(as_bytes(election).begin(), as_bytes(election).end());
    return p;
}

template <class G>
bool names(const outcome<G>& o, std::uint32_t trustee, std::string_view what) {
    for (const auto& d : o.disqualified)
        if (d.trustee == trustee && d.reason.find(what) != std::string::npos) return true;
    return false;
}

// --- the typestate, checked at compile time -------------------------------
using G0 = ristretto255;
using ann_span = std::span<const announcement>;
using com_span = std::span<const commitment_message<G0>>;
using box_span = std::span<const encrypted_share>;
using rep_span = std::span<const share_report>;
using answer_span = std::span<const complaint_answer<G0>>;
// (concepts keep the expressions dependent, so "does not compile" is a false
// requirement rather than a hard error; S is the state type, a reference type
// for an lvalue)
template <class S>
concept can_publish = requires(S&& s, ann_span a, rng& r) { std::forward<S>(s).publish(a, r); };
template <class S>
concept can_receive = requires(S&& s, com_span c, box_span b) { std::forward<S>(s).receive(c, b); };
template <class S>
concept can_answer = requires(S&& s, rep_span x) { std::forward<S>(s).answer(x); };
template <class S>
concept can_finish = requires(S&& s, answer_span x) { std::forward<S>(s).finish(x); };
// each step exists on its own state, called on an rvalue
static_assert(can_publish<trustee_announced<G0>>);
static_assert(can_receive<trustee_dealt<G0>>);
static_assert(can_answer<trustee_checked<G0>>);
static_assert(can_finish<trustee_answered<G0>>);
// ...and nowhere else: no skipping, no going back, no repeating
static_assert(!can_receive<trustee_announced<G0>> && !can_answer<trustee_announced<G0>> &&
              !can_finish<trustee_announced<G0>>);
static_assert(!can_publish<trustee_dealt<G0>> && !can_answer<trustee_dealt<G0>> && !can_finish<trustee_dealt<G0>>);
static_assert(!can_publish<trustee_checked<G0>> && !can_receive<trustee_checked<G0>> &&
              !can_finish<trustee_checked<G0>>);
static_assert(!can_publish<trustee_answered<G0>> && !can_receive<trustee_answered<G0>> &&
              !can_answer<trustee_answered<G0>>);
static_assert(!can_publish<trustee_key<G0>> && !can_finish<trustee_key<G0>>);
// a step consumes its state: it cannot be called on an lvalue or a const state
static_assert(!can_publish<trustee_announced<G0>&> && !can_publish<const trustee_announced<G0>&>);
static_assert(!can_receive<trustee_dealt<G0>&> && !can_answer<trustee_checked<G0>&> &&
              !can_finish<trustee_answered<G0>&>);
// states cannot be made up or copied, only reached
static_assert(!std::is_default_constructible_v<trustee_dealt<G0>>);
static_assert(!std::is_copy_constructible_v<trustee_announced<G0>>);
static_assert(!std::is_copy_constructible_v<trustee_key<G0>>);
static_assert(!std::is_constructible_v<trustee_key<G0>, std::uint32_t, secret<G0::scalar>, election_key<G0>>);

}  // namespace

TEMPLATE_TEST_CASE("ceremony: 3 of 5 completes, the key shares interpolate to the joint key", "[ceremony][dkg]",
                   ristretto255, ristretto255_ref) {
    using G = TestType;
    using S = typename G::scalar;
    seeded_rng r(21);
    const auto p = params(5, 3);
    auto sim = simulate_ceremony<G>(p, r);
    REQUIRE(sim.ok());
    REQUIRE(sim->result.complete());
    CHECK(sim->result.disqualified.empty());
    REQUIRE(sim->keys.size() == 5);
    const auto& key = *sim->result.key;
    // the joint key is the sum of the dealers' K_{i,0}
    auto K = G::identity();
    for (const auto& c : sim->record.commitments) K += c.coefficients[0];
    CHECK(key.joint_key == K);
    for (std::uint32_t i = 1; i <= 5; ++i) {
        CHECK(sim->keys[i - 1].index() == i);
        CHECK(G::mul_base(sim->keys[i - 1].share().expose()) == key.verification_key(i));
        CHECK(sim->keys[i - 1].election().joint_key == key.joint_key);
    }
    // any 3 shares interpolate to s with g^s = K (never done in the protocol; a test of the algebra)
    std::vector<std::uint32_t> u{2, 4, 5};
    auto w = poly::lagrange_coefficients<G>(u);
    REQUIRE(w.ok());
    S s = S::zero();
    for (std::size_t i = 0; i < 3; ++i) s += (*w)[i] * sim->keys[u[i] - 1].share().expose();
    CHECK(G::mul_base(s) == key.joint_key);
    // the transcript verifies on its own and yields the same key
    auto again = verify_transcript<G>(sim->record, r);
    REQUIRE(again.ok());
    REQUIRE(again->complete());
    CHECK(again->key->joint_key == key.joint_key);
}

TEST_CASE("ceremony: edge sizes 1 of 1, 1 of 3, 3 of 3", "[ceremony][dkg]") {
    using G = ristretto255;
    seeded_rng r(22);
    for (auto [n, k] : {std::pair{1u, 1u}, {3u, 1u}, {3u, 3u}}) {
        auto sim = simulate_ceremony<G>(params(n, k), r);
        REQUIRE(sim.ok());
        CHECK(sim->result.complete());
        CHECK(sim->keys.size() == n);
    }
    parameters bad = params(3, 4);
    CHECK(simulate_ceremony<G>(bad, r).err().code == errc::bad_input);
    bad = params(0, 0);
    CHECK_FALSE(bad.validate().ok());
    bad = params(3, 0);
    CHECK_FALSE(bad.validate().ok());
    bad = params(3, 2);
    bad.attempt = 0;
    CHECK_FALSE(bad.validate().ok());
}

TEST_CASE("ceremony: a dealer sending a bad share is exposed and must answer", "[ceremony][dkg][negative]") {
    using G = ristretto255;
    seeded_rng r(23);
    const auto p = params(5, 3);

    SECTION("the dealer answers with the right share: the complaint is resolved and the ceremony completes") {
        simulation_faults f;
        f.bad_shares = {{2, 4}};
        auto sim = simulate_ceremony<G>(p, r, f);
        REQUIRE(sim.ok());
        const auto& rep4 = sim->record.reports[3];
        REQUIRE(rep4.complaints.size() == 1);
        CHECK(rep4.complaints[0].dealer == 2);
        CHECK(rep4.complaints[0].reason.find("share fails the check") != std::string::npos);
        REQUIRE(sim->record.answers.size() == 1);
        CHECK(sim->record.answers[0].dealer == 2);
        CHECK(sim->record.answers[0].recipient == 4);
        REQUIRE(sim->result.complete());
        // trustee 4 took the public answer and its key is right
        CHECK(G::mul_base(sim->keys[3].share().expose()) == sim->result.key->verification_key(4));
    }
    SECTION("the dealer stays silent: it is disqualified, and a restart without it is possible") {
        simulation_faults f;
        f.bad_shares = {{2, 4}};
        f.silent_dealers = {2};
        auto sim = simulate_ceremony<G>(p, r, f);
        REQUIRE(sim.ok());
        CHECK_FALSE(sim->result.complete());
        REQUIRE(sim->result.disqualified.size() == 1);
        CHECK(names(sim->result, 2, "did not answer the complaint of trustee 4"));
        CHECK(sim->result.remaining == std::vector<std::uint32_t>{1, 3, 4, 5});
        CHECK(sim->result.restart_possible());
        CHECK(sim->result.describe().find("restart with the 4 remaining trustees") != std::string::npos);
        CHECK(sim->keys.empty());
    }
    SECTION("the dealer answers with a wrong share: disqualified") {
        simulation_faults f;
        f.bad_shares = {{3, 1}, {3, 5}};
        f.wrong_answers = {3};
        auto sim = simulate_ceremony<G>(p, r, f);
        REQUIRE(sim.ok());
        CHECK_FALSE(sim->result.complete());
        CHECK(names(sim->result, 3, "answer to trustee 1 fails the share check"));
        CHECK(names(sim->result, 3, "answer to trustee 5 fails the share check"));
    }
    SECTION("too few trustees remain: abort") {
        simulation_faults f;
        f.bad_shares = {{1, 2}};
        f.silent_dealers = {1};
        auto sim = simulate_ceremony<G>(params(3, 3), r, f);
        REQUIRE(sim.ok());
        CHECK_FALSE(sim->result.restart_possible());
        CHECK(sim->result.describe().find("abort") != std::string::npos);
    }
    SECTION("a restart is a different ceremony") {
        auto p2 = p;
        p2.attempt = 2;
        CHECK_FALSE(p2.context() == p.context());
        p2 = params(4, 3);
        CHECK_FALSE(p2.context() == p.context());
    }
}

TEST_CASE("ceremony transcript: negative tests", "[ceremony][dkg][negative]") {
    using G = ristretto255;
    seeded_rng r(24);
    const auto p = params(4, 2);
    auto sim = simulate_ceremony<G>(p, r);
    REQUIRE(sim.ok());
    REQUIRE(sim->result.complete());
    const auto good = sim->record;
    auto check = [&](const transcript<G>& t, std::uint32_t who, std::string_view what) {
        auto o = verify_transcript<G>(t, r);
        REQUIRE(o.ok());
        CHECK_FALSE(o->complete());
        INFO(o->describe());
        CHECK(names(*o, who, what));
    };

    SECTION("a commitment altered after the announcement") {
        auto t = good;
        t.commitments[1].coefficients[1] = t.commitments[1].coefficients[1] + G::generator();
        check(t, 2, "do not match the hash announced");
    }
    SECTION("a proof altered (with a matching announcement hash)") {
        auto t = good;
        t.commitments[2].proofs[0].z = t.commitments[2].proofs[0].z + G::scalar::one();
        t.announcements[2].commitment_hash = t.commitments[2].digest(p);
        check(t, 3, "proof for coefficient 0 does not verify");
    }
    SECTION("a commitment proof replayed under another trustee index (misbound)") {
        auto t = good;
        t.commitments[1] = t.commitments[0];
        t.commitments[1].trustee = 2;
        t.announcements[1].commitment_hash = t.commitments[1].digest(p);
        check(t, 2, "does not verify");
    }
    SECTION("coefficient proofs swapped between positions (misbound coefficient index)") {
        auto t = good;
        std::swap(t.commitments[0].proofs[0], t.commitments[0].proofs[1]);
        std::swap(t.commitments[0].coefficients[0], t.commitments[0].coefficients[1]);
        t.announcements[0].commitment_hash = t.commitments[0].digest(p);
        check(t, 1, "does not verify");
    }
    SECTION("a whole commitment message replayed from another ceremony") {
        seeded_rng r2(99);
        auto other = simulate_ceremony<G>(params(4, 2, "another-election"), r2);
        REQUIRE(other.ok());
        auto t = good;
        t.commitments[3] = other->record.commitments[3];
        t.announcements[3].commitment_hash = t.commitments[3].digest(p);
        check(t, 4, "does not verify");
        // and the whole transcript of the other ceremony does not verify as this one
        auto t2 = other->record;
        t2.params = p;
        auto o = verify_transcript<G>(t2, r);
        REQUIRE(o.ok());
        CHECK(o->disqualified.size() == 4);
    }
    SECTION("missing messages and duplicates") {
        auto t = good;
        t.reports.erase(t.reports.begin() + 2);
        check(t, 3, "no share report");
        t = good;
        t.commitments.pop_back();
        check(t, 4, "no commitment message");
        t = good;
        t.announcements.erase(t.announcements.begin());
        check(t, 1, "no announcement");
        t = good;
        t.announcements.push_back(t.announcements[0]);
        t.announcements.back().name = "someone else";
        check(t, 1, "two different announcements");
        t = good;
        t.reports[0].complaints.push_back({1, "self"});
        check(t, 1, "complains about its own share");
    }
    SECTION("a complaint nobody answers; an answer that fails") {
        auto t = good;
        t.reports[0].complaints.push_back({2, "no share received"});
        check(t, 2, "did not answer the complaint of trustee 1");
        t.answers.push_back({2, 1, G::scalar::from_u64(5)});
        check(t, 2, "fails the share check");
    }
    SECTION("a commitment message with a coefficient or a proof too few or too many (announced)") {
        for (int which = 0; which < 3; ++which) {
            auto t = good;
            auto& c = t.commitments[1];
            if (which == 0) c.coefficients.pop_back();
            if (which == 1) c.proofs.pop_back();
            if (which == 2) c.coefficients.push_back(c.coefficients[0]), c.proofs.push_back(c.proofs[0]);
            t.announcements[1].commitment_hash = c.digest(p);
            check(t, 2, "commitment message does not hold 2 coefficients and proofs");
        }
    }
    SECTION("a dealer that answers one complaint with two different shares is disqualified, even if one is right") {
        simulation_faults f;
        f.bad_shares = {{2, 4}};
        seeded_rng r3(31);
        auto answered = simulate_ceremony<G>(p, r3, f);
        REQUIRE(answered.ok());
        REQUIRE(answered->result.complete());  // dealer 2's answer to trustee 4 is right
        REQUIRE(answered->record.answers.size() == 1);
        auto t = answered->record;
        t.answers.push_back(t.answers[0]);  // the same answer twice: still fine
        auto o = verify_transcript<G>(t, r);
        REQUIRE(o.ok());
        CHECK(o->complete());
        t.answers.back().share = t.answers.back().share + G::scalar::one();
        check(t, 2, "answered the complaint of trustee 4 with two different shares");
    }
    SECTION("identity commitments are rejected") {
        auto t = good;
        t.commitments[0].coefficients[1] = G::identity();
        t.announcements[0].commitment_hash = t.commitments[0].digest(p);
        check(t, 1, "identity");
    }
    SECTION("indices outside 1..n are errors, not disqualifications") {
        auto t = good;
        t.reports[0].complaints.push_back({9, "?"});
        CHECK(verify_transcript<G>(t, r).err().code == errc::out_of_range);
        t = good;
        t.commitments[0].trustee = 0;
        CHECK(verify_transcript<G>(t, r).err().code == errc::out_of_range);
        t = good;
        t.params.k = 7;
        CHECK(verify_transcript<G>(t, r).err().code == errc::bad_input);
    }
    SECTION("JSON round trip, and every altered hex digit of a commitment is caught") {
        auto j = to_json<G>(good);
        auto back = transcript_from_json<G>(json::parse(j.dump()));
        REQUIRE(back.ok());
        auto o = verify_transcript<G>(*back, r);
        REQUIRE(o.ok());
        REQUIRE(o->complete());
        CHECK(o->key->joint_key == sim->result.key->joint_key);
        // flip every byte of trustee 2's first proof and coefficient
        for (const char* field : {"proofs", "coefficients"}) {
            const std::string hex = j["commitments"][1][field][0].get<std::string>();
            for (std::size_t i = 0; i < hex.size(); ++i) {
                auto jj = j;
                std::string h = hex;
                h[i] = h[i] == '0' ? '1' : '0';
                jj["commitments"][1][field][0] = h;
                auto t = transcript_from_json<G>(jj);
                INFO(field << " hex digit " << i);
                if (!t.ok()) continue;  // malformed: rejected at decoding
                auto oo = verify_transcript<G>(*t, r);
                REQUIRE(oo.ok());
                CHECK_FALSE(oo->complete());
            }
        }
        // malformed JSON is named
        auto jj = j;
        jj["answers"] = 5;
        CHECK(transcript_from_json<G>(jj).err().message.find("answers") != std::string::npos);
        jj = j;
        jj["reports"][0]["trustee"] = 17;
        CHECK(transcript_from_json<G>(jj).err().code == errc::out_of_range);
        jj = j;
        jj["parameters"]["group"] = "modp4096";
        CHECK_FALSE(transcript_from_json<G>(jj).ok());
    }
}

TEST_CASE("ceremony: steps reject bad input and leave the state usable", "[ceremony][dkg][negative]") {
    using G = ristretto255;
    seeded_rng r(25);
    const auto p = params(3, 2);
    std::vector<trustee_announced<G>> s1;
    std::vector<announcement> anns;
    for (std::uint32_t i = 1; i <= 3; ++i) {
        auto x = begin<G>(p, i, "t" + std::to_string(i), comm_key_pair::generate(r), r);
        REQUIRE(x.ok());
        anns.push_back(x->message);
        s1.push_back(std::move(x->state));
    }
    CHECK(begin<G>(p, 4, "x", comm_key_pair::generate(r), r).err().code == errc::bad_input);
    CHECK(begin<G>(p, 0, "x", comm_key_pair::generate(r), r).err().code == errc::bad_input);
    auto missing = std::vector<announcement>(anns.begin(), anns.end() - 1);
    auto e = std::move(s1[0]).publish(missing, r);
    REQUIRE_FALSE(e.ok());
    CHECK(e.err().message.find("no announcement from trustee 3") != std::string::npos);
    auto altered = anns;
    altered[0].comm_key[0] ^= 1;
    CHECK(std::move(s1[0]).publish(altered, r).err().message.find("differs from ours") != std::string::npos);
    auto dup = anns;
    dup.push_back(anns[1]);
    CHECK(std::move(s1[0]).publish(dup, r).err().message.find("two announcements") != std::string::npos);
    // still usable after failures
    auto ok = std::move(s1[0]).publish(anns, r);
    REQUIRE(ok.ok());
    CHECK(ok->message.shares.size() == 2);
    // but not after success
    CHECK(std::move(s1[0]).publish(anns, r).err().message.find("already been used") != std::string::npos);
}

TEST_CASE("ceremony: states saved and loaded at every phase give the same result", "[ceremony][dkg]") {
    using G = ristretto255;
    seeded_rng r(26);
    const auto p = params(3, 2);
    auto roundtrip = [](auto&& st) {
        using T = std::decay_t<decltype(st)>;
        auto saved = st.save();
        auto loaded = T::load(saved.span());
        REQUIRE(loaded.ok());
        return std::move(*loaded);
    };
    std::vector<trustee_announced<G>> s1;
    std::vector<announcement> anns;
    for (std::uint32_t i = 1; i <= 3; ++i) {
        auto x = begin<G>(p, i, "t", comm_key_pair::generate(r), r);
        REQUIRE(x.ok());
        anns.push_back(x->message);
        s1.push_back(roundtrip(x->state));
        CHECK(s1.back().own_announcement() == x->message);
    }
    // a state file of another phase is refused, naming the phase
    {
        auto saved = s1[0].save();
        auto wrong = trustee_dealt<G>::load(saved.span());
        REQUIRE_FALSE(wrong.ok());
        CHECK(wrong.err().message.find("\"announced\"") != std::string::npos);
        std::string text(reinterpret_cast<const char*>(saved.data()), saved.size());
        auto pos = text.find("\"comm_secret_key\": \"") + 20;
        text[pos] = text[pos] == 'a' ? 'b' : 'a';
        CHECK_FALSE(trustee_announced<G>::load(as_bytes(text)).ok());
        CHECK_FALSE(trustee_announced<G>::load(as_bytes("{not json")).ok());
    }
    std::vector<commitment_message<G>> coms;
    std::vector<encrypted_share> boxes;
    std::vector<trustee_dealt<G>> s2;
    for (auto& st : s1) {
        auto x = std::move(st).publish(anns, r);
        REQUIRE(x.ok());
        coms.push_back(x->message.commitments);
        boxes.insert(boxes.end(), x->message.shares.begin(), x->message.shares.end());
        s2.push_back(roundtrip(x->state));
    }
    std::vector<share_report> reps;
    std::vector<trustee_checked<G>> s3;
    for (auto& st : s2) {
        auto x = std::move(st).receive(coms, boxes);
        REQUIRE(x.ok());
        CHECK(x->message.complaints.empty());
        reps.push_back(x->message);
        s3.push_back(roundtrip(x->state));
    }
    std::vector<trustee_answered<G>> s4;
    for (auto& st : s3) {
        auto x = std::move(st).answer(reps);
        REQUIRE(x.ok());
        CHECK(x->message.empty());
        s4.push_back(roundtrip(x->state));
    }
    std::vector<trustee_key<G>> keys;
    for (auto& st : s4) {
        auto k = std::move(st).finish(std::span<const complaint_answer<G>>());
        REQUIRE(k.ok());
        keys.push_back(roundtrip(*k));
    }
    for (const auto& k : keys) CHECK(k.election().joint_key == keys[0].election().joint_key);
    // a key file whose share does not match its verification key is refused
    auto saved = keys[0].save();
    std::string text(reinterpret_cast<const char*>(saved.data()), saved.size());
    auto pos = text.find("\"share\": \"") + 10;
    text[pos] = text[pos] == '1' ? '2' : '1';
    CHECK_FALSE(trustee_key<G>::load(as_bytes(text)).ok());
}

TEST_CASE("ceremony: a receiver complains about missing, misdirected and undecryptable shares",
          "[ceremony][dkg][negative]") {
    using G = ristretto255;
    seeded_rng r(27);
    const auto p = params(3, 2);
    std::vector<trustee_announced<G>> s1;
    std::vector<announcement> anns;
    for (std::uint32_t i = 1; i <= 3; ++i) {
        auto x = begin<G>(p, i, "t", comm_key_pair::generate(r), r);
        REQUIRE(x.ok());
        anns.push_back(x->message);
        s1.push_back(std::move(x->state));
    }
    std::vector<commitment_message<G>> coms;
    std::vector<encrypted_share> boxes;
    std::vector<trustee_dealt<G>> s2;
    for (auto& st : s1) {
        auto x = std::move(st).publish(anns, r);
        REQUIRE(x.ok());
        coms.push_back(x->message.commitments);
        boxes.insert(boxes.end(), x->message.shares.begin(), x->message.shares.end());
        s2.push_back(std::move(x->state));
    }
    // for trustee 1: the share from 2 is dropped, the one from 3 is altered
    std::vector<encrypted_share> mine;
    for (const auto& b : boxes) {
        if (b.recipient != 1 || b.dealer == 2) continue;
        mine.push_back(b);
        mine.back().box[30] ^= 1;
    }
    auto coms_bad = coms;
    coms_bad[1].proofs[0].z = coms_bad[1].proofs[0].z + G::scalar::one();
    auto x = std::move(s2[0]).receive(coms_bad, mine);
    REQUIRE(x.ok());
    REQUIRE(x->message.complaints.size() == 2);
    CHECK(x->message.complaints[0].dealer == 2);
    CHECK(x->message.complaints[0].reason == "commitments do not match the announced hash");
    CHECK(x->message.complaints[1].dealer == 3);
    CHECK(x->message.complaints[1].reason == "share does not decrypt");
    auto y = std::move(s2[1]).receive(coms, boxes);
    REQUIRE(y.ok());
    CHECK(y->message.complaints.empty());
    auto z = std::move(s2[2]).receive(coms, boxes);
    REQUIRE(z.ok());
    CHECK(z->message.complaints.empty());
}

namespace {

// Three trustees (k = 2) through phase 2, with every communication key kept so
// that a test can seal shares of its own from dealer 2 to trustee 1. `tamper`
// may change dealer 2's commitment message before trustee 1 publishes; the
// hash trustee 1 holds for dealer 2 is then that of the changed message (a
// dealer announcing a bad message from the start).
struct dealt_three {
    parameters p;
    std::vector<comm_key_pair> keys;
    std::vector<commitment_message<ristretto255>> coms;
    std::vector<encrypted_share> boxes;
    std::vector<trustee_dealt<ristretto255>> states;
};

template <class Tamper>
dealt_three deal_three(seeded_rng& r, Tamper tamper) {
    using G = ristretto255;
    dealt_three t;
    t.p = params(3, 2);
    std::vector<trustee_announced<G>> s1;
    std::vector<announcement> anns;
    for (std::uint32_t i = 1; i <= 3; ++i) {
        t.keys.push_back(comm_key_pair::generate(r));
        auto x = begin<G>(t.p, i, "t", comm_key_pair::from_secret(t.keys.back().sk), r);
        REQUIRE(x.ok());
        anns.push_back(x->message);
        s1.push_back(std::move(x->state));
    }
    t.coms.resize(3);
    std::vector<std::optional<trustee_dealt<G>>> s2(3);
    for (std::size_t i : {1u, 2u, 0u}) {
        auto a = anns;
        if (i == 0) {
            tamper(t.coms[1]);
            a[1].commitment_hash = t.coms[1].digest(t.p);
        }
        auto x = std::move(s1[i]).publish(a, r);
        REQUIRE(x.ok());
        t.coms[i] = x->message.commitments;
        t.boxes.insert(t.boxes.end(), x->message.shares.begin(), x->message.shares.end());
        s2[i].emplace(std::move(x->state));
    }
    for (auto& s : s2) t.states.push_back(std::move(*s));
    return t;
}

dealt_three deal_three(seeded_rng& r) {
    return deal_three(r, [](commitment_message<ristretto255>&) {});
}

// Trustee 1's share from dealer 2, replaced by a box dealer 2 sealed with its
// own key around `pt` (so it opens, and only its content is wrong).
std::vector<encrypted_share> with_share_from_2(dealt_three& t, const bytes& pt, seeded_rng& r) {
    std::vector<encrypted_share> out;
    for (const auto& b : t.boxes)
        if (!(b.dealer == 2 && b.recipient == 1)) out.push_back(b);
    out.push_back({2, 1, ceremony::seal(byte_span(pt), t.keys[0].pk, t.keys[1].sk, r)});
    return out;
}

// The plaintext dealer 2 would send trustee 1 (u32le dealer ‖ u32le recipient ‖
// context ‖ scalar), with the given fields.
bytes share_plaintext(const parameters& p, std::uint32_t dealer, std::uint32_t recipient, const bytes& scalar) {
    const auto ctx = p.context();
    REQUIRE(ctx.bytes().size() == 32);
    bytes pt(8 + 32 + scalar.size());
    const auto a = u32le(dealer), b = u32le(recipient);
    std::copy(a.begin(), a.end(), pt.begin());
    std::copy(b.begin(), b.end(), pt.begin() + 4);
    std::copy(ctx.bytes().begin(), ctx.bytes().end(), pt.begin() + 8);
    std::copy(scalar.begin(), scalar.end(), pt.begin() + 40);
    return pt;
}

std::vector<complaint> complaints_of_1(dealt_three& t, std::span<const commitment_message<ristretto255>> coms,
                                       std::span<const encrypted_share> boxes) {
    auto x = std::move(t.states[0]).receive(coms, boxes);
    REQUIRE(x.ok());
    return x->message.complaints;
}

}  // namespace

TEST_CASE("ceremony: a receiver names each kind of bad commitment message and share", "[ceremony][dkg][negative]") {
    using G = ristretto255;
    seeded_rng r(29);
    const auto only = [](const std::vector<complaint>& c, std::string_view why) {
        REQUIRE(c.size() == 1);
        CHECK(c[0].dealer == 2);
        CHECK(c[0].reason == why);
    };
    SECTION("the untouched ceremony: no complaint (the helpers themselves are sound)") {
        auto t = deal_three(r);
        auto x = std::move(t.states[1]).receive(t.coms, t.boxes);
        REQUIRE(x.ok());
        CHECK(x->message.complaints.empty());
        // dealer 2's real share to trustee 1, opened and sealed again by the test's helper
        std::optional<bytes> pt;
        for (const auto& b : t.boxes)
            if (b.dealer == 2 && b.recipient == 1) {
                auto o = ceremony::open(byte_span(b.box), t.keys[1].pk, t.keys[0].sk);
                REQUIRE(o.ok());
                pt = bytes(o->span().begin(), o->span().end());
            }
        REQUIRE(pt);
        CHECK(*pt == share_plaintext(t.p, 2, 1, bytes(pt->begin() + 40, pt->end())));
        CHECK(complaints_of_1(t, t.coms, with_share_from_2(t, *pt, r)).empty());
    }
    SECTION("no commitment message from dealer 2") {
        auto t = deal_three(r);
        std::vector<commitment_message<G>> coms{t.coms[0], t.coms[2]};
        only(complaints_of_1(t, coms, t.boxes), "no commitment message");
    }
    SECTION("a coefficient dropped, or a proof dropped") {
        for (int which = 0; which < 2; ++which) {
            auto t = deal_three(r);
            auto coms = t.coms;
            if (which == 0)
                coms[1].coefficients.pop_back();
            else
                coms[1].proofs.pop_back();
            only(complaints_of_1(t, coms, t.boxes), "commitment message has the wrong number of coefficients");
        }
    }
    SECTION("a proof that fails, in a message whose hash dealer 2 announced") {
        auto t = deal_three(r, [](commitment_message<G>& c) { c.proofs[1].z = c.proofs[1].z + G::scalar::one(); });
        only(complaints_of_1(t, t.coms, t.boxes), "coefficient proofs do not verify");
    }
    SECTION("a coefficient proof made for another coefficient index, announced") {
        auto t = deal_three(r, [](commitment_message<G>& c) { std::swap(c.proofs[0], c.proofs[1]); });
        only(complaints_of_1(t, t.coms, t.boxes), "coefficient proofs do not verify");
    }
    SECTION("no share from dealer 2") {
        auto t = deal_three(r);
        std::vector<encrypted_share> boxes;
        for (const auto& b : t.boxes)
            if (b.dealer != 2) boxes.push_back(b);
        only(complaints_of_1(t, t.coms, boxes), "no share received");
    }
    SECTION("a share one byte short, or one byte long") {
        for (int longer = 0; longer < 2; ++longer) {
            auto t = deal_three(r);
            bytes s(G::scalar_size - 1 + 2 * longer, byte{1});
            only(complaints_of_1(t, t.coms, with_share_from_2(t, share_plaintext(t.p, 2, 1, s), r)),
                 "share has the wrong length");
        }
    }
    SECTION("a share bound to another dealer, another recipient or another ceremony") {
        const auto one = G::scalar::one().encode();
        const bytes s(one.begin(), one.end());
        for (int field = 0; field < 3; ++field) {
            auto t = deal_three(r);
            auto pt = share_plaintext(t.p, field == 0 ? 3 : 2, field == 1 ? 3 : 1, s);
            if (field == 2) pt[8 + 5] ^= 1;  // a byte of the ceremony context
            only(complaints_of_1(t, t.coms, with_share_from_2(t, pt, r)),
                 "share is bound to another dealer, recipient or ceremony");
        }
    }
    SECTION("a share that is not a canonical scalar") {
        auto t = deal_three(r);
        only(complaints_of_1(t, t.coms, with_share_from_2(t, share_plaintext(t.p, 2, 1, bytes(G::scalar_size, byte{0xff})), r)),
             "share is not a canonical scalar");
    }
    SECTION("a well-formed share of another value") {
        auto t = deal_three(r);
        const auto one = G::scalar::one().encode();
        only(complaints_of_1(t, t.coms, with_share_from_2(t, share_plaintext(t.p, 2, 1, bytes(one.begin(), one.end())), r)),
             "share fails the check g^P(l) = prod K_j^(l^j)");
    }
    SECTION("errors, state unchanged: a dealer index out of range, two messages, two different shares") {
        auto t = deal_three(r);
        auto coms = t.coms;
        coms[1].trustee = 0;
        auto e = std::move(t.states[0]).receive(coms, t.boxes);
        REQUIRE_FALSE(e.ok());
        CHECK(e.err().message.find("not in 1..3") != std::string::npos);
        coms[1].trustee = 4;
        CHECK(std::move(t.states[0]).receive(coms, t.boxes).err().message.find("not in 1..3") != std::string::npos);
        coms = t.coms;
        coms.push_back(t.coms[2]);
        CHECK(std::move(t.states[0]).receive(coms, t.boxes).err().message.find("two commitment messages from trustee 3") !=
              std::string::npos);
        auto boxes = t.boxes;
        for (const auto& b : t.boxes)
            if (b.dealer == 2 && b.recipient == 1) {
                boxes.push_back(b);
                boxes.back().box[0] ^= 1;
            }
        CHECK(std::move(t.states[0]).receive(t.coms, boxes).err().message.find("two different shares from trustee 2") !=
              std::string::npos);
        // the same share twice, shares addressed to others and shares from
        // dealers out of range are not errors: the first counts, the others are ignored
        boxes = t.boxes;
        for (const auto& b : t.boxes)
            if (b.dealer == 2 && b.recipient == 1) boxes.push_back(b);
        boxes.push_back({7, 1, bytes(60, byte{0})});
        boxes.push_back({0, 1, bytes(60, byte{0})});
        boxes.push_back({2, 9, bytes(60, byte{0})});
        auto ok = std::move(t.states[0]).receive(t.coms, boxes);
        REQUIRE(ok.ok());
        CHECK(ok->message.complaints.empty());
    }
}

TEST_CASE("ceremony transcript JSON: complaints and answers round trip, malformed ones are named", "[ceremony][dkg][negative]") {
    using G = ristretto255;
    seeded_rng r(31);
    const auto p = params(5, 3);
    // dealer 2's bad share to 4 is answered; dealer 3's to 5 is not; dealer 1 answers wrongly
    simulation_faults f;
    f.bad_shares = {{2, 4}, {3, 5}, {1, 2}};
    f.silent_dealers = {3};
    f.wrong_answers = {1};
    auto sim = simulate_ceremony<G>(p, r, f);
    REQUIRE(sim.ok());
    const auto& t = sim->record;
    REQUIRE(t.answers.size() == 2);  // 2 → 4 and 1 → 2; 3 stays silent
    const auto o = verify_transcript<G>(t, r);
    REQUIRE(o.ok());
    REQUIRE_FALSE(o->complete());
    CHECK(names(*o, 1, ""));
    CHECK(names(*o, 3, ""));
    CHECK_FALSE(names(*o, 2, ""));

    const auto j = to_json<G>(t);
    auto back = transcript_from_json<G>(json::parse(j.dump()));
    REQUIRE(back.ok());
    CHECK(to_json<G>(*back) == j);
    REQUIRE(back->reports.size() == t.reports.size());
    for (std::size_t i = 0; i < t.reports.size(); ++i) CHECK(back->reports[i] == t.reports[i]);
    const auto ob = verify_transcript<G>(*back, r);
    REQUIRE(ob.ok());
    CHECK(ob->describe() == o->describe());

    // the report holding a complaint, and the first answer
    std::size_t ri = 0;
    while (ri < t.reports.size() && t.reports[ri].complaints.empty()) ++ri;
    REQUIRE(ri < t.reports.size());
    const auto bad = [&](auto&& change, std::string_view what, errc code = errc::bad_input) {
        auto jj = j;
        change(jj);
        auto x = transcript_from_json<G>(jj);
        REQUIRE_FALSE(x.ok());
        INFO(x.err().message);
        CHECK(x.err().message.find(what) != std::string::npos);
        if (code != errc::bad_input) CHECK(x.err().code == code);
    };
    bad([&](json& x) { x["reports"][ri]["complaints"] = "none"; }, "complaints");
    bad([&](json& x) { x["reports"][ri]["complaints"][0]["dealer"] = 0; }, "dealer");
    bad([&](json& x) { x["reports"][ri]["complaints"][0]["dealer"] = 6; }, "dealer", errc::out_of_range);
    bad([&](json& x) { x["reports"][ri]["complaints"][0].erase("reason"); }, "reason");
    bad([&](json& x) { x["reports"][ri]["complaints"][0]["reason"] = 7; }, "reason");
    bad([&](json& x) {
            auto& c = x["reports"][ri]["complaints"];
            while (c.size() <= 5) c.push_back(c[0]);
        },
        "more complaints than trustees", errc::bad_length);
    bad([&](json& x) { x["answers"][0]["share"] = std::string(64, 'f'); }, "share");
    bad([&](json& x) { x["answers"][0]["share"] = std::string(62, '0'); }, "share");
    bad([&](json& x) { x["answers"][0]["recipient"] = 9; }, "recipient", errc::out_of_range);
    bad([&](json& x) { x["answers"][0].erase("dealer"); }, "dealer");
    bad([&](json& x) {
            auto& a = x["answers"];
            while (a.size() <= 4 * 5 * 5 + 4) a.push_back(a[0]);
        },
        "too many answers", errc::bad_length);
    // an answer changed to another well-formed share: read, then judged by the rule
    {
        std::size_t ai = 0;
        while (ai < t.answers.size() && t.answers[ai].dealer != 2) ++ai;
        REQUIRE(ai < t.answers.size());
        auto jj = j;
        jj["answers"][ai]["share"] = to_hex(G::scalar::one().encode());
        auto x = transcript_from_json<G>(jj);
        REQUIRE(x.ok());
        auto ox = verify_transcript<G>(*x, r);
        REQUIRE(ox.ok());
        CHECK(names(*ox, 2, ""));  // dealer 2's answer now fails
    }
}
