// Negative tests of the record verifier (docs/verify.md), filling the gaps
// left by test_tamper.cpp: for each numbered check, tamperings that a board
// operator, a mixer, a trustee or a colluding voter could carry out, each
// asserting that the check of that id fails and that no check outside a
// short, explained list of consequences fails with it.
//
// The attacker model (record_fixture.hpp): the operator edits, inserts,
// drops and reorders entries and re-signs and re-links the chain with its own
// key; it holds no voter's, trustee's or the authority's key. Entries posted
// before the close are posted before the trustees co-sign it: the honest
// trustees co-sign the head they are shown (recosign_close below), so a bad
// entry slipped in before the close is covered by a valid close. A colluding
// voter re-signs its own ballot; a mixer signs its own mix.
//
// Everything runs in-process (verify_record) on two small records, each
// built once (six voters; 25 voters for the weight tests).
//
// A cancellation posted before the cast that justifies it (a superseded
// ballot cancelled before its voter's revote is posted) fails P3: spec §8.8
// requires each cancellation to follow its cause.
#include <catch2/catch.hpp>

#include "record_fixture.hpp"
#include "scrutineer/election/mix.hpp"

using namespace scrutineer;
using namespace scrutineer::election;
using namespace scrutineer::test;

namespace {

/// One small record (six voters: every role of simulate.cpp once, plus one),
/// built on first use and shared by every test of this file.
const election_fixture& gaps() {
    static const election_fixture f(6, 9091);
    return f;
}

const signing_key& op(const election_fixture& f) { return f.sim.operator_key; }

signing_key outsider(std::uint64_t seed = 31337) {
    seeded_rng r(seed);
    return signing_key::generate(r);
}

/// Choices for every contest (a vote for the first chair candidate, a short ranking).
choices some_choices(const election_fixture& f) {
    choices c;
    for (const auto& mc : f.sim.m.contests)
        c[mc.id] = mc.homomorphic() ? std::vector<std::uint64_t>(mc.options.size(), 0) : std::vector<std::uint64_t>{2, 0, 1};
    c["chair"][0] = 1;
    return c;
}

/// A valid ballot of credential `k` for manifest `m` under the fixture's key.
encrypted_ballot<RG> make_ballot(const election_fixture& f, const manifest& m, const signing_key& k, std::uint64_t seed = 5) {
    seeded_rng r(seed);
    auto b = encrypt_ballot<RG>(m, elgamal::public_key<RG>(f.joint_key()), k, some_choices(f), r);
    if (!b) throw std::runtime_error(b.err().message);
    return std::move(*b);
}

board_entry entry_of(std::string kind, json payload) {
    board_entry e;
    e.kind = std::move(kind);
    e.payload = std::move(payload);
    return e;
}

std::ptrdiff_t at(std::size_t i) { return static_cast<std::ptrdiff_t>(i); }

/// Renumbers, re-links and re-signs every entry as the operator; the close is
/// rebuilt over the head just before it and co-signed again by the trustees
/// that co-signed it (they sign the head they are shown at closing time).
void recosign_close(board_doc& b, const election_fixture& f, const signing_key* signer = nullptr) {
    const signing_key& k = signer ? *signer : op(f);
    b.renumber();
    const auto mh = f.sim.m.hash();
    hash64 prev{};
    for (auto& e : b.entries) {
        e.prev = prev;
        if (e.kind == "close") {
            auto c = record::close_payload::from_json(e.payload).value();
            c.entries = e.index;
            c.head = prev;
            for (auto& cs : c.cosignatures) cs.sig = f.sim.trustee_signing_keys.at(cs.trustee - 1).sign(c.statement(mh));
            e.payload = c.to_json();
        }
        e.signer = k.public_key();
        e.sig = k.sign(e.hash());
        prev = e.hash();
    }
}

void finish(board_doc& b, const election_fixture& f, const fs::path& d) {
    recosign_close(b, f);
    b.write_raw(d);
}

/// Erases entry i, and has the operator fix the cancellations that name a
/// later entry (they shift down by one).
void erase_entry(board_doc& b, std::size_t i) {
    b.entries.erase(b.entries.begin() + at(i));
    for (auto& e : b.entries)
        if (e.kind == "cancel" && e.payload.at("entry").get<std::uint64_t>() > i)
            e.payload["entry"] = e.payload.at("entry").get<std::uint64_t>() - 1;
}

/// Copies the shared record, applies `tamper` to the copy and verifies it.
record_report verify_tampered(const std::function<void(const election_fixture&, const fs::path&)>& tamper) {
    static scratch_dir work("gaps");
    static int n = 0;
    const auto dir = work.path / ("g" + std::to_string(++n));
    copy_record(gaps().dir, dir);
    tamper(gaps(), dir);
    auto rep = verify_record(dir, {1, {}});
    fs::remove_all(dir);
    if (!rep) FAIL("the tampered record cannot be read at all: " << rep.err().describe());
    return std::move(*rep);
}

/// `id` fails; every other check passes unless listed in `also` (the
/// consequences the test explains). "*" in `also` lets anything else fail.
void expect_fails(const record_report& rep, std::string_view id, const std::set<std::string>& also = {}) {
    INFO(rep.text());
    const auto* c = rep.find(id);
    REQUIRE(c != nullptr);
    CHECK(c->failed());
    if (also.count("*")) return;
    for (const auto& other : rep.failed_ids()) {
        INFO("check " << other << " did not pass as well");
        CHECK((other == id || also.count(other) == 1));
    }
}

/// The index of the cast (or challenge) of voter i's credential (n-th, 0-based).
std::size_t cast_of(const board_doc& b, const election_fixture& f, std::size_t voter, int nth = 0, std::string_view kind = "cast") {
    const auto k = f.voter(voter).key.public_key();
    return b.find(kind, [&](const board_entry& e) { return board_doc::by(e, k); }, nth);
}

}  // namespace

TEST_CASE("verify gaps: the untouched shared record verifies", "[election][verify]") {
    auto rep = verify_tampered([](const election_fixture&, const fs::path&) {});
    INFO(rep.text());
    CHECK(rep.ok());
    CHECK(rep.cancellations.size() == 2);
}

TEST_CASE("verify gaps: manifest, ceremony and open (M1 C1 O1 O2 O3)", "[election][verify]") {
    SECTION("M1: manifest.json without its final newline (same content, same hash)") {
        auto rep = verify_tampered([](const election_fixture&, const fs::path& d) {
            auto s = read_text(d / "manifest.json");
            write_text(d / "manifest.json", s.substr(0, s.size() - 1));  // the final newline dropped
        });
        expect_fails(rep, "M1");
    }
    SECTION("C1: a ceremony run by the operator for this election with k = 1 replaces the transcript") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            seeded_rng r(17);
            const auto mh = f.sim.m.hash();
            auto cer = ceremony::simulate_ceremony<RG>(ceremony::parameters{static_cast<std::uint32_t>(f.sim.m.trustees_n), 1, bytes(mh.begin(), mh.end()), 1}, r).value();
            REQUIRE(record::write_json_file(d / "ceremony.json", ceremony::to_json<RG>(cer.record)));
        });
        expect_fails(rep, "C1", {"*"});
        CHECK(rep.find("O1")->failed());  // and the open names another transcript and key
    }
    SECTION("C1: a valid 3-of-5 ceremony bound to another election") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            seeded_rng r(18);
            auto cer = ceremony::simulate_ceremony<RG>(
                           ceremony::parameters{static_cast<std::uint32_t>(f.sim.m.trustees_n), static_cast<std::uint32_t>(f.sim.m.trustees_k), bytes(64, byte{7}), 1}, r)
                           .value();
            REQUIRE(record::write_json_file(d / "ceremony.json", ceremony::to_json<RG>(cer.record)));
        });
        expect_fails(rep, "C1", {"*"});
        bool bound = false;
        for (const auto& m : rep.find("C1")->failures) bound = bound || m.find("not bound to this manifest") != std::string::npos;
        CHECK(bound);
    }
    SECTION("O1: the board does not start with an open (entry 0 dropped, chain rebuilt)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.erase(b.entries.begin());
            b.renumber();
            b.write_resigned(d, op(f));
        });
        expect_fails(rep, "O1", {"*"});
        CHECK(!rep.find("O3")->skipped.empty());
    }
    SECTION("O1: the open lists one trustee key fewer than the manifest's n") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[0].payload["trustees"].erase(4);
            b.entries[0].payload["cosignatures"].erase(4);
            finish(b, f, d);
        });
        expect_fails(rep, "O1", {"O3", "R3"});  // the open's statement changed; trustee 5's mix has no key to check
    }
    SECTION("O1: the operator lists its own key as trustee 5 and co-signs the open for it") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto o = record::open_payload::from_json(b.entries[0].payload).value();
            o.trustees[4] = op(f).public_key();
            const auto st = o.statement(op(f).public_key());
            for (auto& cs : o.cosignatures)
                cs.sig = cs.trustee == 5 ? op(f).sign(st) : cs.sig;  // the others' co-signatures are now stale
            b.entries[0].payload = o.to_json();
            finish(b, f, d);
        });
        expect_fails(rep, "O1", {"O3", "R3"});  // the other co-signatures are stale; trustee 5's mix is checked against the operator's key
        bool distinct = false;
        for (const auto& m : rep.find("O1")->failures) distinct = distinct || m.find("distinct keys") != std::string::npos;
        CHECK(distinct);
    }
    SECTION("O2: roll.jsonl with two lines swapped (same voters, not canonical)") {
        auto rep = verify_tampered([](const election_fixture&, const fs::path& d) {
            std::istringstream in(read_text(d / "roll.jsonl"));
            std::vector<std::string> lines;
            for (std::string l; std::getline(in, l);) lines.push_back(l);
            REQUIRE(lines.size() >= 2);
            std::swap(lines[0], lines[1]);
            std::string s;
            for (const auto& l : lines) s += l + "\n";
            write_text(d / "roll.jsonl", s);
        });
        expect_fails(rep, "O2");
    }
    SECTION("O2: a voter's credential on the roll replaced by the operator's (commitment and roll size unchanged in the open)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto s = read_text(d / "roll.jsonl");
            const auto old = f.voter(4).key.public_key().hex();
            auto p = s.find(old);
            REQUIRE(p != std::string::npos);
            s.replace(p, old.size(), outsider().public_key().hex());
            write_text(d / "roll.jsonl", s);
        });
        expect_fails(rep, "O2");
    }
    SECTION("O3: the whole board run by another operator (consistent signer, not the one the trustees approved)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto impostor = outsider(99);
            recosign_close(b, f, &impostor);  // the trustees co-sign the close they are shown
            b.write_raw(d);
        });
        expect_fails(rep, "O3");
        CHECK(rep.find("B2")->ok());
    }
    SECTION("O3: one trustee's open co-signature repeated in place of the others'") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& cs = b.entries[0].payload["cosignatures"];
            for (std::size_t i = 2; i < cs.size(); ++i) cs[i] = cs[0];
            finish(b, f, d);
        });
        expect_fails(rep, "O3");
    }
    SECTION("O3: a trustee's open co-signature made by the operator in its name") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto o = record::open_payload::from_json(b.entries[0].payload).value();
            const auto st = o.statement(op(f).public_key());
            o.cosignatures.resize(3);
            o.cosignatures[2].sig = op(f).sign(st);
            b.entries[0].payload = o.to_json();
            finish(b, f, d);
        });
        expect_fails(rep, "O3");
    }
}

TEST_CASE("verify gaps: the chain and the kinds (B1 B2 B3)", "[election][verify]") {
    SECTION("B1: a line written back non-canonically (same content, other spacing)") {
        auto rep = verify_tampered([](const election_fixture&, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = b.find("challenge");
            std::ostringstream out;
            for (std::size_t k = 0; k < b.entries.size(); ++k)
                out << (k == i ? json::parse(b.entries[k].to_line()).dump(1) : b.entries[k].to_line()) << "\n";
            write_text(d / "board.jsonl", out.str());
        });
        expect_fails(rep, "B1");
    }
    SECTION("B1: an index skipped after the close (re-linked and re-signed)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto t = b.find("tally");
            for (std::size_t k = t; k < b.entries.size(); ++k) ++b.entries[k].index;
            b.write_resigned(d, op(f));
        });
        expect_fails(rep, "B1");
    }
    SECTION("B2: the last entry's signature is the operator's, over something else") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.back().sig = op(f).sign(std::array<byte, 3>{1, 2, 3});
            b.write_raw(d);
        });
        expect_fails(rep, "B2");
    }
    SECTION("B3: a second open posted before the close") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.insert(b.entries.begin() + at(b.find("close")), b.entries[0]);
            finish(b, f, d);
        });
        expect_fails(rep, "B3");
    }
    SECTION("B3: a revocation with an extra field") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto voter = f.voter(3).voter;  // revoked after voting: the policy is not affected
            b.entries[b.find("revoke", [&](const board_entry& e) { return e.payload.at("voter") == voter; })].payload["note"] = "x";
            finish(b, f, d);
        });
        expect_fails(rep, "B3");
    }
    SECTION("B3: a cancellation with an extra field") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("cancel")].payload["note"] = "x";
            finish(b, f, d);
        });
        expect_fails(rep, "B3", {"P4"});  // the exclusion is then never cancelled
    }
    SECTION("B3: a close with an extra field") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("close")].payload["note"] = "x";
            b.write_resigned(d, op(f));
        });
        expect_fails(rep, "B3", {"K1", "K3"});  // no (valid) close at all, so the tally is not after a close
    }
    SECTION("B3: a challenge with a field other than ballot and opening") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("challenge")].payload["note"] = "x";
            finish(b, f, d);
        });
        expect_fails(rep, "B3");
    }
    SECTION("B3: a decryption-share with an extra field") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("decryption-share")].payload["note"] = "x";
            finish(b, f, d);
        });
        expect_fails(rep, "B3");
    }
    SECTION("B3: a mix-input naming a contest that is not a ranked contest of the manifest") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = b.find("mix-input");
            auto e = b.entries[i];
            e.payload["contest"] = "chair";
            b.entries.insert(b.entries.begin() + at(i) + 1, e);
            b.renumber();
            finish(b, f, d);
        });
        expect_fails(rep, "B3");
    }
}

TEST_CASE("verify gaps: cast ballots (V1 V4)", "[election][verify]") {
    SECTION("V1: a ballot the voter cast in another election replayed here (signature valid)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto other = f.sim.m;
            other.election_id = other.election_id + "-other";
            REQUIRE(other.hash() != f.sim.m.hash());
            auto bal = make_ballot(f, other, f.voter(4).key).value;  // the abstainer's credential
            auto b = board_doc::load(d);
            b.entries.insert(b.entries.begin() + at(b.find("close")), entry_of("cast", bal.to_json()));
            finish(b, f, d);
        });
        expect_fails(rep, "V1");
    }
    SECTION("V1: the operator strips the ranked part off a counted ballot") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[cast_of(b, f, 0)].payload.erase("ranked");
            finish(b, f, d);
        });
        // the ballot no longer counts: the tally and the mix-input posted include it
        expect_fails(rep, "V1", {"T1", "R1"});
        CHECK(rep.find("V3")->ok());
    }
    SECTION("V1: a selection that is not a group element") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& sel = b.entries[cast_of(b, f, 5)].payload["contests"][0]["selections"][0];
            sel = std::string(sel.get<std::string>().size(), 'f');
            finish(b, f, d);
        });
        expect_fails(rep, "V1", {"T1", "R1"});
    }
    SECTION("V4: a colluding voter copies another voter's ranked paper into its own ballot and signs it") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto victim = ballot<RG>::from_json(b.entries[cast_of(b, f, 5)].payload, f.sim.m).value();
            auto bal = make_ballot(f, f.sim.m, f.voter(4).key).value;
            bal.ranked = victim.ranked;
            bal.signature = f.voter(4).key.sign(bal.hash());
            b.entries.insert(b.entries.begin() + at(b.find("close")), entry_of("cast", bal.to_json()));
            finish(b, f, d);
        });
        // the replayed ballot is eligible, so the policy counts it: the posted tally and mix-input leave it out
        expect_fails(rep, "V4", {"T1", "R1"});
        CHECK(rep.find("V3")->ok());
    }
}

TEST_CASE("verify gaps: challenges (H1 H2)", "[election][verify]") {
    SECTION("H1: a challenge fabricated by the operator (its own credential, an honest opening)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            const auto k = outsider();
            auto eb = make_ballot(f, f.sim.m, k);
            auto b = board_doc::load(d);
            b.entries.insert(b.entries.begin() + at(b.find("close")),
                             entry_of("challenge", {{"ballot", eb.value.to_json()}, {"opening", open_ballot<RG>(eb, some_choices(f)).to_json()}}));
            finish(b, f, d);
        });
        expect_fails(rep, "H1");
    }
    SECTION("H1: a challenged ballot altered (a selection swapped, the voter's signature kept)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& sels = b.entries[b.find("challenge")].payload["ballot"]["contests"][1]["selections"];
            std::swap(sels[0], sels[1]);
            finish(b, f, d);
        });
        expect_fails(rep, "H1");
    }
    SECTION("H2: a ballot cast, then challenged by its device (the reverse order)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto eb = make_ballot(f, f.sim.m, f.voter(4).key);
            auto b = board_doc::load(d);
            const auto c = b.find("close");
            b.entries.insert(b.entries.begin() + at(c), entry_of("cast", eb.value.to_json()));
            b.entries.insert(b.entries.begin() + at(c) + 1,
                             entry_of("challenge", {{"ballot", eb.value.to_json()}, {"opening", open_ballot<RG>(eb, some_choices(f)).to_json()}}));
            finish(b, f, d);
        });
        expect_fails(rep, "H2", {"T1", "R1"});  // the cast counts, and the posted tally and mix-input leave it out
        CHECK(rep.find("H1")->ok());
    }
}

TEST_CASE("verify gaps: revocations and cancellations (P1 P2 P3 P4)", "[election][verify]") {
    SECTION("P1: the authority's revocation replayed a second time") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.insert(b.entries.begin() + at(b.find("close")), b.entries[b.find("revoke")]);
            finish(b, f, d);
        });
        expect_fails(rep, "P1");
    }
    SECTION("P2: a ballot cancelled twice") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.insert(b.entries.begin() + at(b.find("close")), b.entries[b.find("cancel")]);
            finish(b, f, d);
        });
        expect_fails(rep, "P2");
    }
    SECTION("P2: a cancellation naming a later entry") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = b.find("cancel");
            std::size_t later = i + 1;
            while (b.entries[later].kind != "cast") ++later;
            const auto bal = ballot<RG>::from_json(b.entries[later].payload, f.sim.m).value();
            b.entries[i].payload = record::cancel_payload{later, bal.hash(), "superseded"}.to_json();
            finish(b, f, d);
        });
        expect_fails(rep, "P2", {"P4"});  // the exclusion it stood for is then never cancelled
    }
    SECTION("P3: a superseded ballot cancelled with the other allowed reason") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& r = b.entries[b.find("cancel", [](const board_entry& e) { return e.payload.at("reason") == "superseded"; })].payload["reason"];
            r = "revoked";
            finish(b, f, d);
        });
        expect_fails(rep, "P3");
    }
    SECTION("P3: the counted ballot of a voter who did not revote cancelled as superseded") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = cast_of(b, f, 0);
            const auto bal = ballot<RG>::from_json(b.entries[i].payload, f.sim.m).value();
            b.entries.insert(b.entries.begin() + at(b.find("close")),
                             entry_of("cancel", record::cancel_payload{i, bal.hash(), "superseded"}.to_json()));
            finish(b, f, d);
        });
        expect_fails(rep, "P3");
    }
    SECTION("P3: a superseded ballot cancelled before the revote that supersedes it") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = b.find("cancel", [](const board_entry& e) { return e.payload.at("reason") == "superseded"; });
            const auto early = b.entries[i].payload.at("entry").get<std::size_t>() + 1;  // right after the superseded cast
            REQUIRE(early < i);
            const board_entry c = b.entries[i];
            b.entries.erase(b.entries.begin() + at(i));
            b.entries.insert(b.entries.begin() + at(early), c);
            for (std::size_t k = early + 1; k < b.entries.size(); ++k)  // entries that moved up by one
                if (auto& e = b.entries[k]; e.kind == "cancel") {
                    const auto t = e.payload.at("entry").get<std::size_t>();
                    if (t >= early && t < i) e.payload["entry"] = t + 1;
                }
            finish(b, f, d);
        });
        expect_fails(rep, "P3");
        INFO(rep.text());
        CHECK(rep.text().find("before its cause") != std::string::npos);
    }
    SECTION("P4: the revoked voter's cancellation left out") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            erase_entry(b, b.find("cancel", [](const board_entry& e) { return e.payload.at("reason") == "revoked"; }));
            finish(b, f, d);
        });
        expect_fails(rep, "P4");
    }
}

TEST_CASE("verify gaps: the close and what follows it (K1 K2 K3)", "[election][verify]") {
    SECTION("K1: a ballot slipped in after the trustees co-signed the close") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.insert(b.entries.begin() + at(b.find("close")), entry_of("cast", make_ballot(f, f.sim.m, f.voter(4).key).value.to_json()));
            b.renumber();
            b.write_resigned(d, op(f));  // the close keeps the head the trustees signed
        });
        expect_fails(rep, "K1", {"T1", "R1"});  // the ballot counts (it is before the close)
        CHECK(rep.find("K2")->ok());
    }
    SECTION("K2: the close re-pointed by the operator at the head after dropping a cast") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.erase(b.entries.begin() + at(cast_of(b, f, 5)));
            b.renumber();
            hash64 prev{};
            for (auto& e : b.entries) {
                e.prev = prev;
                if (e.kind == "close") {
                    e.payload["entries"] = e.index;
                    e.payload["head"] = to_hex(prev);
                }
                e.signer = op(f).public_key();
                e.sig = op(f).sign(e.hash());
                prev = e.hash();
            }
            b.write_raw(d);
        });
        expect_fails(rep, "K2", {"T1", "R1"});  // the dropped ballot counted: the posted tally and mix-input include it
        CHECK(rep.find("K1")->ok());
    }
    SECTION("K2: a trustee's close co-signature made by the operator in its name") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& e = b.entries[b.find("close")];
            auto c = record::close_payload::from_json(e.payload).value();
            c.cosignatures.back().sig = op(f).sign(c.statement(f.sim.m.hash()));
            e.payload = c.to_json();
            b.write_resigned(d, op(f));
        });
        expect_fails(rep, "K2");
    }
    SECTION("K3: the authority's revocation replayed after the close") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.insert(b.entries.begin() + at(b.find("close")) + 1, b.entries[b.find("revoke")]);
            finish(b, f, d);
        });
        expect_fails(rep, "K3");
    }
    SECTION("K3: a cancellation posted after the close") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = cast_of(b, f, 0);
            const auto bal = ballot<RG>::from_json(b.entries[i].payload, f.sim.m).value();
            b.entries.insert(b.entries.begin() + at(b.find("close")) + 1,
                             entry_of("cancel", record::cancel_payload{i, bal.hash(), "superseded"}.to_json()));
            finish(b, f, d);
        });
        expect_fails(rep, "K3", {"P3"});  // and the policy counts that ballot
    }
    SECTION("K3: a challenge posted after the close") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.insert(b.entries.begin() + at(b.find("close")) + 1, b.entries[b.find("challenge")]);
            finish(b, f, d);
        });
        expect_fails(rep, "K3");
    }
    SECTION("K3: a second tally") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto t = b.find("tally");
            b.entries.insert(b.entries.begin() + at(t) + 1, b.entries[t]);
            finish(b, f, d);
        });
        expect_fails(rep, "K3");
    }
    SECTION("K3: the result published before the decryption shares") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto res = b.entries[b.find("result")];
            b.entries.erase(b.entries.begin() + at(b.find("result")));
            b.entries.insert(b.entries.begin() + at(b.find("tally")) + 1, res);
            finish(b, f, d);
        });
        expect_fails(rep, "K3");
    }
    SECTION("K3: the mix-input posted between the close and the tally") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto mi = b.entries[b.find("mix-input")];
            b.entries.erase(b.entries.begin() + at(b.find("mix-input")));
            b.entries.insert(b.entries.begin() + at(b.find("tally")), mi);
            finish(b, f, d);
        });
        expect_fails(rep, "K3");
    }
    SECTION("K3: the last mix posted after a ranked share") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto last = b.find("mix", {}, static_cast<int>(f.sim.m.trustees_n) - 1);
            auto mx = b.entries[last];
            b.entries.erase(b.entries.begin() + at(last));
            b.entries.insert(b.entries.begin() + at(b.find("ranked-share")) + 1, mx);
            finish(b, f, d);
        });
        // The verifier may also leave the late mix out of the chain (R2): the
        // shares, made of its output, then match no chain (R4), and nothing is
        // decrypted (R5, R6 skipped).
        expect_fails(rep, "K3", {"R2", "R4", "R5", "R6"});
    }
}

TEST_CASE("verify gaps: tally, shares and result (T1 T2 T4)", "[election][verify]") {
    SECTION("T1: the tally sums the superseded ballot instead of the revote") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto old_b = ballot<RG>::from_json(b.entries[cast_of(b, f, 1, 0)].payload, f.sim.m).value();
            const auto new_b = ballot<RG>::from_json(b.entries[cast_of(b, f, 1, 1)].payload, f.sim.m).value();
            auto& te = b.entries[b.find("tally")];
            auto t = record::tally_payload::from_json(te.payload, f.sim.m).value();
            std::size_t ci = 0;
            for (auto& c : t.contests) {
                while (old_b.contests[ci].id != c.id) ++ci;
                for (std::size_t i = 0; i < c.selections.size(); ++i)
                    c.selections[i] = c.selections[i] + old_b.contests[ci].selections[i] - new_b.contests[ci].selections[i];
            }
            te.payload = t.to_json();
            finish(b, f, d);
        });
        expect_fails(rep, "T1", {"T2", "T3", "T4"});  // the trustees' shares are of the posted tally
    }
    SECTION("T1: the tally's total weight changed") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& w = b.entries[b.find("tally")].payload["weight"];
            w = w.get<std::uint64_t>() + 1;
            finish(b, f, d);
        });
        expect_fails(rep, "T1");
    }
    SECTION("T2: a trustee's share set posted twice") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = b.find("decryption-share");
            b.entries.insert(b.entries.begin() + at(i) + 1, b.entries[i]);
            finish(b, f, d);
        });
        expect_fails(rep, "T2");
    }
    SECTION("T2: a share set relabelled as another trustee's") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& t = b.entries[b.find("decryption-share")].payload["trustee"];
            t = t.get<std::uint32_t>() == 1 ? 2 : 1;
            finish(b, f, d);
        });
        expect_fails(rep, "T2", {"T3", "T4"});
    }
    SECTION("T4: the result names other trustees than those whose shares were combined") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("result")].payload["trustees"][0] = 1;
            finish(b, f, d);
        });
        expect_fails(rep, "T4");
    }
    SECTION("T4: two options' counts swapped") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            bool swapped = false;
            for (auto& c : b.entries[b.find("result")].payload["contests"]) {
                auto& os = c["options"];
                for (std::size_t i = 1; i < os.size() && !swapped; ++i)
                    if (os[i]["votes"] != os[0]["votes"]) {
                        std::swap(os[i]["votes"], os[0]["votes"]);
                        swapped = true;
                    }
            }
            REQUIRE(swapped);
            finish(b, f, d);
        });
        expect_fails(rep, "T4");
    }
    SECTION("T4: an option's id changed in the result") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("result")].payload["contests"][0]["options"][0]["id"] = "someone-else";
            finish(b, f, d);
        });
        expect_fails(rep, "T4");
        bool named = false;
        for (const auto& m : rep.find("T4")->failures) named = named || m.find("id \"someone-else\"") != std::string::npos;
        CHECK(named);
    }
    SECTION("T4: an option left out of a contest of the result") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& os = b.entries[b.find("result")].payload["contests"][0]["options"];
            os.erase(os.size() - 1);
            finish(b, f, d);
        });
        expect_fails(rep, "T4");
    }
    SECTION("T4: a contest left out of the result") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("result")].payload["contests"].erase(1);
            finish(b, f, d);
        });
        expect_fails(rep, "T4");
    }
}

TEST_CASE("verify gaps: the mix-net and the ranked count (R1 R2 R4 R5 R6)", "[election][verify][mixnet]") {
    SECTION("R1: the mix-input's ballot count changed") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& n = b.entries[b.find("mix-input")].payload["ballots"];
            n = n.get<std::uint64_t>() + 1;
            finish(b, f, d);
        });
        expect_fails(rep, "R1");
    }
    SECTION("R1: a second mix-input") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = b.find("mix-input");
            b.entries.insert(b.entries.begin() + at(i) + 1, b.entries[i]);
            finish(b, f, d);
        });
        expect_fails(rep, "R1");
    }
    SECTION("R1: the superseded ballot's paper put in the mix-input instead of the revote's") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto old_b = ballot<RG>::from_json(b.entries[cast_of(b, f, 1, 0)].payload, f.sim.m).value();
            const auto new_b = ballot<RG>::from_json(b.entries[cast_of(b, f, 1, 1)].payload, f.sim.m).value();
            const auto from = to_hex(record::encode_ranked_parts(new_b).at(0)), to = to_hex(record::encode_ranked_parts(old_b).at(0));
            auto& e = b.entries[b.find("mix-input")];
            auto cts = e.payload["ciphertexts"].get<std::string>();
            const auto p = cts.find(from);
            REQUIRE(p != std::string::npos);
            cts.replace(p, from.size(), to);
            e.payload["ciphertexts"] = cts;
            finish(b, f, d);
        });
        // the first mixer's proof and signature are over the posted input, not this one
        expect_fails(rep, "R1", {"R2", "R3"});
    }
    SECTION("R2: two rounds posted out of sequence") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            std::swap(b.entries[b.find("mix", {}, 1)], b.entries[b.find("mix", {}, 2)]);
            finish(b, f, d);
        });
        expect_fails(rep, "R2", {"R3"});  // each signature is over the input the mixer took
    }
    SECTION("R4: a trustee's ranked share set posted twice") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = b.find("ranked-share");
            b.entries.insert(b.entries.begin() + at(i) + 1, b.entries[i]);
            finish(b, f, d);
        });
        expect_fails(rep, "R4");
    }
    SECTION("R4: a ranked share set left out (fewer than k)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries.erase(b.entries.begin() + at(b.find("ranked-share")));
            finish(b, f, d);
        });
        expect_fails(rep, "R4", {"R5", "R6"});  // skipped: nothing decrypted
    }
    SECTION("R5: the ranked-result names other trustees") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("ranked-result")].payload["trustees"][0] = 1;
            finish(b, f, d);
        });
        expect_fails(rep, "R5");
    }
    SECTION("R5: a second ranked-result") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto i = b.find("ranked-result");
            b.entries.insert(b.entries.begin() + at(i) + 1, b.entries[i]);
            finish(b, f, d);
        });
        expect_fails(rep, "R5");
    }
    SECTION("R5: two different papers swapped in the published rankings") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& papers = b.entries[b.find("ranked-result")].payload["ballots"];
            bool swapped = false;
            for (std::size_t i = 1; i < papers.size() && !swapped; ++i)
                if (papers[i] != papers[0]) {
                    std::swap(papers[i], papers[0]);
                    swapped = true;
                }
            REQUIRE(swapped);
            finish(b, f, d);
        });
        expect_fails(rep, "R5");
    }
    SECTION("R5: a paper dropped from the published rankings") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("ranked-result")].payload["ballots"].erase(0);
            finish(b, f, d);
        });
        expect_fails(rep, "R5");
        bool named = false;
        for (const auto& m : rep.find("R5")->failures) named = named || m.find("were decrypted") != std::string::npos;
        CHECK(named);
    }
    SECTION("R5: a malformed ranked-result (its papers not a list)") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            b.entries[b.find("ranked-result")].payload["ballots"] = 5;
            finish(b, f, d);
        });
        expect_fails(rep, "R5", {"B1", "R6"});
    }
    SECTION("R6: the first two elected swapped in order") {
        auto rep = verify_tampered([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            auto& el = b.entries[b.find("ranked-result")].payload["elected"];
            REQUIRE(el.size() >= 2);
            std::swap(el[0], el[1]);
            finish(b, f, d);
        });
        expect_fails(rep, "R6");
    }
}

namespace {
/// A larger record (25 voters) with one voter of weight 2 (simulate.cpp: every
/// 25th roll entry), built on first use.
const election_fixture& weighted() {
    static const election_fixture f(25, 4711);
    return f;
}

/// The weighted voter's counted cast in `b` (its index) and its ballot.
std::pair<std::size_t, ballot<RG>> weighted_cast(const board_doc& b, const election_fixture& f) {
    auto rl = roll::load(f.dir / "roll.jsonl").value();
    for (const auto& re : rl.entries()) {
        if (re.weight != 2) continue;
        std::size_t last = b.entries.size();
        for (std::size_t i = 0; i < b.entries.size(); ++i)
            if (b.entries[i].kind == "cast" && board_doc::by(b.entries[i], re.credential)) last = i;
        if (last == b.entries.size()) throw std::runtime_error("the weighted voter did not cast");
        return {last, ballot<RG>::from_json(b.entries[last].payload, f.sim.m).value()};
    }
    throw std::runtime_error("no voter of weight 2 on the roll");
}

record_report verify_weighted(const std::function<void(const election_fixture&, const fs::path&)>& tamper) {
    static scratch_dir work("gaps-w");
    static int n = 0;
    const auto dir = work.path / ("w" + std::to_string(++n));
    copy_record(weighted().dir, dir);
    tamper(weighted(), dir);
    auto rep = verify_record(dir, {1, {}});
    fs::remove_all(dir);
    if (!rep) FAIL("the tampered record cannot be read at all: " << rep.err().describe());
    return std::move(*rep);
}
}  // namespace

TEST_CASE("verify gaps: a voter's weight not applied (T1 R1)", "[election][verify][mixnet]") {
    {
        auto rep = verify_weighted([](const election_fixture&, const fs::path&) {});
        INFO(rep.text());
        REQUIRE(rep.ok());
        REQUIRE(rep.counted_weight == rep.counted + 1);  // the weighted voter's ballot counts
    }
    SECTION("T1: the weighted voter's ballot summed once into the tally (ballots and weight adjusted)") {
        auto rep = verify_weighted([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto [i, wb] = weighted_cast(b, f);
            auto& te = b.entries[b.find("tally")];
            auto t = record::tally_payload::from_json(te.payload, f.sim.m).value();
            std::size_t ci = 0;
            for (auto& c : t.contests) {
                while (wb.contests[ci].id != c.id) ++ci;
                for (std::size_t k = 0; k < c.selections.size(); ++k) c.selections[k] = c.selections[k] - wb.contests[ci].selections[k];
            }
            t.weight -= 1;
            te.payload = t.to_json();
            b.write_resigned(d, f.sim.operator_key);
        });
        expect_fails(rep, "T1", {"T2", "T3", "T4"});  // the trustees' shares are of the posted tally
    }
    SECTION("R1: the weighted voter's paper put once into the mix-input") {
        auto rep = verify_weighted([](const election_fixture& f, const fs::path& d) {
            auto b = board_doc::load(d);
            const auto [i, wb] = weighted_cast(b, f);
            const auto paper = to_hex(record::encode_ranked_parts(wb).at(0));
            auto& e = b.entries[b.find("mix-input")];
            auto cts = e.payload["ciphertexts"].get<std::string>();
            const auto p = cts.find(paper + paper);
            REQUIRE(p != std::string::npos);
            cts.erase(p, paper.size());
            e.payload["ciphertexts"] = cts;
            e.payload["n"] = e.payload["n"].get<std::uint64_t>() - 1;
            b.write_resigned(d, f.sim.operator_key);
        });
        // the first mixer's proof and signature are over the posted input, with one paper more
        expect_fails(rep, "R1", {"R2", "R3"});
    }
}

TEST_CASE("verify gaps: revoting \"first\" and \"none\" on whole records (P2 P3 P4)", "[election][verify]") {
    const auto is_repeat = [](const board_entry& e) { return e.payload.at("reason") == "repeat"; };
    for (const auto rule : {revoting_rule::first, revoting_rule::none}) {
        INFO("revoting " << to_string(rule));
        election_fixture f(8, 4242, rule);
        auto rep = verify_record(f.dir, {1, {}});
        REQUIRE(rep);
        INFO(rep->text());
        CHECK(rep->ok());
        // the revoter's second ballot is the one cancelled, as a repeat; the
        // published result (which the fixture compares with the voters'
        // first choices) verified above
        std::size_t repeats = 0;
        for (const auto& c : rep->cancellations) {
            CHECK(c.reason != "superseded");
            repeats += c.reason == "repeat" ? 1 : 0;
        }
        CHECK(repeats >= 1);
        const auto b0 = board_doc::load(f.dir);
        const auto rc = b0.find("cancel", is_repeat);
        const auto named = b0.entries[rc].payload.at("entry").get<std::uint64_t>();
        CHECK(named == cast_of(b0, f, 1, 1));  // voter 1 revotes: its second cast
        scratch_dir work("revoting");
        {  // the repeat's cancellation dropped: the policy's exclusion is never posted
            const auto d = work.path / "dropped";
            copy_record(f.dir, d);
            auto b = board_doc::load(d);
            erase_entry(b, b.find("cancel", is_repeat));
            finish(b, f, d);
            auto r = verify_record(d, {1, {}});
            REQUIRE(r);
            expect_fails(*r, "P4", {"T1", "R1"});  // the repeat is then counted
        }
        {  // relabelled "superseded", a reason this manifest does not allow
            const auto d = work.path / "relabelled";
            copy_record(f.dir, d);
            auto b = board_doc::load(d);
            b.entries[b.find("cancel", is_repeat)]
                .payload["reason"] = "superseded";
            finish(b, f, d);
            auto r = verify_record(d, {1, {}});
            REQUIRE(r);
            expect_fails(*r, "P2", {"P3", "P4", "T1", "R1"});
        }
        {  // the first ballot cancelled instead of the repeat: unjustified under this rule
            const auto d = work.path / "swapped";
            copy_record(f.dir, d);
            auto b = board_doc::load(d);
            const auto i = b.find("cancel", is_repeat);
            const auto first = cast_of(b, f, 1, 0);
            const auto bal = ballot<RG>::from_json(b.entries[first].payload, f.sim.m).value();
            b.entries[i].payload = record::cancel_payload{first, bal.hash(), "repeat"}.to_json();
            finish(b, f, d);
            auto r = verify_record(d, {1, {}});
            REQUIRE(r);
            expect_fails(*r, "P3", {"P4", "T1", "R1"});
        }
    }
}

TEST_CASE("mix chain head (what a mixer reads before it shuffles): bad rounds and proofs are named", "[election][mixnet][negative]") {
    static scratch_dir work("chainhead");
    const auto& f = gaps();
    const auto copy = [&](const std::string& name) {
        const auto d = work.path / name;
        fs::remove_all(d);
        copy_record(f.dir, d);
        return d;
    };
    {
        const auto d = copy("ok");
        auto h = election::read_chain_head(d, "nec", true);
        REQUIRE(h);
        CHECK(h->rounds >= 2);
        // a homomorphic contest, or one the manifest lacks, is not a ranked contest
        for (const char* c : {"executive", "nobody"}) {
            auto e = election::read_chain_head(d, c, false);
            REQUIRE_FALSE(e);
            CHECK(e.err().code == errc::bad_input);
            CHECK(e.err().message.find("is not a ranked contest of this election") != std::string::npos);
        }
    }
    {  // the ranked contest's mix-input and everything after it gone: nothing to mix yet
        const auto d = copy("noinput");
        auto b = board_doc::load(d);
        std::erase_if(b.entries, [](const board_entry& e) {
            return e.kind == "mix-input" || e.kind == "mix" || e.kind == "ranked-share" || e.kind == "ranked-result" || e.kind == "result";
        });
        b.renumber();
        finish(b, f, d);
        auto h = election::read_chain_head(d, "nec", true);
        REQUIRE_FALSE(h);
        CHECK(h.err().code == errc::not_found);
        CHECK(h.err().message.find("no mix-input for contest \"nec\" yet") != std::string::npos);
    }
    {  // the second mix's round changed (and re-signed by the operator): out of sequence
        const auto d = copy("round");
        auto b = board_doc::load(d);
        auto& p = b.entries[b.find("mix", {}, 1)].payload;
        p["round"] = 3;
        finish(b, f, d);
        for (bool check : {false, true}) {
            auto h = election::read_chain_head(d, "nec", check);
            REQUIRE_FALSE(h);
            CHECK(h.err().code == errc::verify_failed);
            CHECK(h.err().message.find("mix round 3 where 2 was expected") != std::string::npos);
        }
    }
    {  // the first mix's output has two papers swapped: its proof fails (found only when checking)
        const auto d = copy("proof");
        auto b = board_doc::load(d);
        auto& p = b.entries[b.find("mix")].payload;
        auto m = record::mix_payload::from_json(p, f.sim.m);
        REQUIRE(m);
        auto bytes_ = m->output.mutable_bytes();
        const auto per = bytes_.size() / m->output.size();
        std::swap_ranges(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(per), bytes_.begin() + static_cast<std::ptrdiff_t>(per));
        m->output = mixnet::ciphertext_list<RG>::from_bytes(bytes_, m->output.size(), m->output.width()).value();
        p = m->to_json();
        finish(b, f, d);
        CHECK(election::read_chain_head(d, "nec", false));
        auto h = election::read_chain_head(d, "nec", true);
        REQUIRE_FALSE(h);
        CHECK(h.err().code == errc::verify_failed);
    }
}
