// Tamper tests through the CLI (issue 6, Deliver 10): starting from a valid
// simulated record, each tampering is rejected by `scrutineer verify` with
// exit status 1 and the expected check id, while the untouched record passes.
// Plus the property test: changing any single hex character of any group
// element, scalar, hash or signature anywhere in the record makes it fail.
//
// Each tampering also lists the other checks it may fail (`also`), so that a
// report that blames the wrong check, or more checks than the tampering
// explains, fails the test. Most tamperings before the close list K1: they
// change the head that the trustees co-signed at the close, and here the
// trustees are not asked to co-sign again (test_verify_gaps.cpp does that,
// to isolate each check). Run with SCRUTINEER_TAMPER_PRINT=FILE to append
// each tampering's failed checks to FILE.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>

#include "record_fixture.hpp"

using namespace scrutineer;
using namespace scrutineer::election;
using namespace scrutineer::test;

namespace {

struct tampering {
    std::string name;
    std::string expect;  ///< the check id that must fail
    std::function<void(const election_fixture&, const fs::path&)> apply;
    std::set<std::string> also = {};  ///< the other checks it may fail too (its consequences); no others
};

std::string flip_hex(std::string s, std::size_t pos) {
    s[pos] = s[pos] == '0' ? '1' : '0';
    return s;
}

/// A fresh valid ballot for credential `k` (the joint key of the fixture).
ballot<RG> fresh_ballot(const election_fixture& f, const signing_key& k) {
    seeded_rng r(99);
    choices c;
    for (const auto& mc : f.sim.m.contests)
        c[mc.id] = mc.homomorphic() ? std::vector<std::uint64_t>(mc.options.size(), 0) : std::vector<std::uint64_t>{0, 1};
    c["chair"][0] = 1;
    auto b = encrypt_ballot<RG>(f.sim.m, elgamal::public_key<RG>(f.joint_key()), k, c, r);
    if (!b) throw std::runtime_error(b.err().message);
    return b->value;
}

signing_key stranger() {
    seeded_rng r(4242);
    return signing_key::generate(r);
}

void run_all(const std::vector<tampering>& ts) {
    SCRUTINEER_CLI_OR_SKIP(cli);
    election_fixture f;
    {
        auto v = cli_verify(cli, f.dir);
        INFO(v.describe());
        REQUIRE(v.exit_status == 0);
        REQUIRE(v.failed.empty());
    }
    scratch_dir work("tamper");
    int n = 0;
    for (const auto& t : ts) {
        const auto dir = work.path / ("t" + std::to_string(++n));
        copy_record(f.dir, dir);
        t.apply(f, dir);
        auto v = cli_verify(cli, dir);
        INFO("tampering: " << t.name << " -> " << v.describe());
        CHECK(v.exit_status == 1);
        CHECK(v.failed.count(t.expect) == 1);
        if (const char* out = std::getenv("SCRUTINEER_TAMPER_PRINT")) {  // lists what each tampering fails
            std::ofstream o(out, std::ios::app);
            o << t.name << "|";
            for (const auto& id : v.failed) o << " " << id;
            o << "\n";
        }
        for (const auto& id : v.failed) {
            INFO("check " << id << " fails too, which this tampering should not cause");
            CHECK((id == t.expect || t.also.count(id) == 1));
        }
    }
}

const signing_key& op(const election_fixture& f) { return f.sim.operator_key; }

/// A cast entry with `payload` inserted right after the first cast, the board
/// renumbered and re-signed by the operator.
void add_cast_after_first(const election_fixture& f, const fs::path& d, json payload) {
    auto b = board_doc::load(d);
    const auto i = b.find("cast");
    board_entry e = b.entries[i];
    e.payload = std::move(payload);
    b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(i) + 1, e);
    b.renumber();
    b.write_resigned(d, op(f));
}

}  // namespace

TEST_CASE("tamper: ballots added, altered, replayed or dropped are caught", "[election][tamper][cli]") {
    std::vector<tampering> ts{
        {"a ballot with no valid credential signature", "V3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("cast");
             auto& sig = b.entries[i].payload["signature"];
             sig = flip_hex(sig.get<std::string>(), 10);
             b.write_resigned(d, op(f));
         },
         {"K1", "R1", "T1"}},
        {"a ballot added with no credential and no signature at all", "V1",
         [](const election_fixture& f, const fs::path& d) {
             auto p = fresh_ballot(f, stranger()).to_json();
             p.erase("credential");
             p.erase("signature");
             add_cast_after_first(f, d, std::move(p));
         },
         {"K1", "P2", "P4"}},  // (the insertion moves the entries that later cancellations name)
        {"a ballot by a credential not on the roll", "V2",
         [](const election_fixture& f, const fs::path& d) { add_cast_after_first(f, d, fresh_ballot(f, stranger()).to_json()); },
         {"K1", "P2", "P4"}},
        {"a ballot added after the close", "K3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("close");
             board_entry e = b.entries[b.find("cast")];
             e.payload = fresh_ballot(f, f.voter(4).key).to_json();  // the abstainer's own, valid ballot
             b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(i) + 1, e);
             b.renumber();
             b.write_resigned(d, op(f));
         }},
        {"another voter's ciphertexts replayed under a new credential", "V4",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("cast");
             auto copied = ballot<RG>::from_json(b.entries[i].payload, f.sim.m).value();
             copied.credential = f.voter(4).key.public_key();  // the abstainer, on the roll
             copied.signature = f.voter(4).key.sign(copied.hash());
             board_entry e = b.entries[i];
             e.payload = copied.to_json();
             auto c = b.find("close");
             b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(c), e);
             b.renumber();
             b.write_resigned(d, op(f));
         },
         {"K1", "R1", "T1"}},
        {"a cast ballot dropped before the close", "K1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries.erase(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find("cast", {}, 3)));
             b.renumber();
             b.write_resigned(d, op(f));
         },
         {"P2", "P4"}},
        {"a cast ballot dropped after the close (chain cut)", "B1",
         [](const election_fixture&, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries.erase(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find("cast", {}, 3)));
             b.write_raw(d);
         },
         {"P2"}},
        {"a selection ciphertext altered", "V3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("cast");
             auto other = b.entries[b.find("cast", {}, 1)].payload["contests"][0]["selections"][0];
             b.entries[i].payload["contests"][0]["selections"][0] = other;
             b.write_resigned(d, op(f));
         },
         {"K1", "R1", "T1", "V4"}},
        {"a selection swapped and re-signed by a colluding voter", "V4",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("cast", [&](const board_entry& e) { return board_doc::by(e, f.voter(5).key.public_key()); });
             auto bal = ballot<RG>::from_json(b.entries[i].payload, f.sim.m).value();
             std::swap(bal.contests[0].selections[0], bal.contests[0].selections[1]);
             bal.signature = f.voter(5).key.sign(bal.hash());
             b.entries[i].payload = bal.to_json();
             b.write_resigned(d, op(f));
         },
         {"K1", "T1"}},
        {"a range proof altered and re-signed by a colluding voter", "V4",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("cast", [&](const board_entry& e) { return board_doc::by(e, f.voter(6).key.public_key()); });
             auto& p = b.entries[i].payload["contests"][0]["range_proofs"][2];
             p = flip_hex(p.get<std::string>(), p.get<std::string>().size() - 4);
             auto bal = ballot<RG>::from_json(b.entries[i].payload, f.sim.m);
             if (bal) {
                 bal->signature = f.voter(6).key.sign(bal->hash());
                 b.entries[i].payload = bal->to_json();
             }
             b.write_resigned(d, op(f));
         },
         {"K1"}},
        {"the same ballot cast twice", "V5",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("cast", {}, 4);
             b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find("close")), b.entries[i]);
             b.renumber();
             b.write_resigned(d, op(f));
         },
         {"K1", "P4", "R1"}},
        {"a challenged ballot cast (and counted)", "H2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("challenge");
             board_entry e = b.entries[i];
             e.kind = "cast";
             e.payload = b.entries[i].payload["ballot"];
             b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(i) + 1, e);
             b.renumber();
             b.write_resigned(d, op(f));
         },
         {"K1", "P2", "P4"}},
        {"a challenge whose opening shows other choices", "H1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("challenge");
             auto& v = b.entries[i].payload["opening"]["choices"]["executive"][0];
             v = v.get<std::uint64_t>() == 0 ? 1 : 0;
             b.write_resigned(d, op(f));
         },
         {"K1"}},
    };
    run_all(ts);
}

TEST_CASE("tamper: revocations, cancellations and the roll", "[election][tamper][cli]") {
    std::vector<tampering> ts{
        {"a ballot cast before its voter's revocation cancelled", "P3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("cast", [&](const board_entry& e) { return board_doc::by(e, f.voter(3).key.public_key()); });
             auto bal = ballot<RG>::from_json(b.entries[i].payload, f.sim.m).value();
             board_entry e = b.entries[i];
             e.kind = "cancel";
             e.payload = record::cancel_payload{b.entries[i].index, bal.hash(), "revoked"}.to_json();
             b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find("close")), e);
             b.renumber();
             b.write_resigned(d, op(f));
         },
         {"K1"}},
        {"a cancellation with a reason the manifest does not allow", "P2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries[b.find("cancel")].payload["reason"] = "duplicate";
             b.write_resigned(d, op(f));
         },
         {"K1", "P4"}},
        {"a required cancellation left out", "P4",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries.erase(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find("cancel")));
             b.renumber();
             b.write_resigned(d, op(f));
         },
         {"K1", "P2"}},
        {"a cancellation naming an entry that is not a cast", "P2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries[b.find("cancel")].payload["entry"] = 0;
             b.write_resigned(d, op(f));
         },
         {"K1", "P4"}},
        {"a cancellation with the wrong ballot hash", "P2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& h = b.entries[b.find("cancel")].payload["ballot"];
             h = flip_hex(h.get<std::string>(), 0);
             b.write_resigned(d, op(f));
         },
         {"K1", "P4"}},
        {"a revocation not signed by the credential authority", "P1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("revoke");
             auto r = record::revoke_payload::from_json(b.entries[i].payload).value();
             r.authority_signature = op(f).sign(r.statement(f.sim.m.hash()));  // the operator's own
             b.entries[i].payload = r.to_json();
             b.write_resigned(d, op(f));
         },
         {"K1", "P3", "R1", "T1"}},
        {"a revocation of a voter not on the roll", "P1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries[b.find("revoke")].payload["voter"] = "nobody";
             b.write_resigned(d, op(f));
         },
         {"K1", "P3", "R1", "T1"}},
        {"a roll entry added after the open", "O2",
         [](const election_fixture&, const fs::path& d) {
             auto s = read_text(d / "roll.jsonl");
             s += json{{"voter", "zz-extra"}, {"credential", stranger().public_key().hex()}, {"weight", 1}}.dump() + "\n";
             write_text(d / "roll.jsonl", s);
         }},
        {"a roll entry's weight changed", "O2",
         [](const election_fixture&, const fs::path& d) {
             auto s = read_text(d / "roll.jsonl");
             auto p = s.find("\"weight\":1}");
             s.replace(p, 11, "\"weight\":9}");
             write_text(d / "roll.jsonl", s);
         },
         {"R1", "T1"}},
        {"a roll entry removed", "O2",
         [](const election_fixture&, const fs::path& d) {
             auto s = read_text(d / "roll.jsonl");
             s.erase(0, s.find('\n') + 1);
             write_text(d / "roll.jsonl", s);
         },
         {"H1", "R1", "T1", "V2"}},
        {"the authority's roll signature replaced", "O2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto o = record::open_payload::from_json(b.entries[0].payload).value();
             o.roll_signature = op(f).sign(o.roll_statement());
             b.entries[0].payload = o.to_json();
             b.write_resigned(d, op(f));
         },
         {"K1", "O3"}},
    };
    run_all(ts);
}

TEST_CASE("tamper: the chain, the open, the close and the ceremony", "[election][tamper][cli]") {
    std::vector<tampering> ts{
        {"two entries reordered", "B1",
         [](const election_fixture&, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("cast", {}, 2), j = b.find("cast", {}, 3);
             std::swap(b.entries[i], b.entries[j]);
             b.write_raw(d);
         },
         {"P3", "R1", "T1"}},
        {"a hash link broken", "B1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.write_resigned(d, op(f));
             auto i = b.find("cast", {}, 1);
             b.entries[i].prev[5] ^= 1;
             b.entries[i].sig = op(f).sign(b.entries[i].hash());
             b.write_raw(d);
         }},
        {"an entry signed by someone else", "B2",
         [](const election_fixture&, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("cast", {}, 2);
             auto k = stranger();
             b.entries[i].signer = k.public_key();
             b.entries[i].sig = k.sign(b.entries[i].hash());
             b.write_raw(d);
         },
         {"B1"}},
        {"a torn tail", "B1",
         [](const election_fixture&, const fs::path& d) {
             auto s = read_text(d / "board.jsonl");
             write_text(d / "board.jsonl", s.substr(0, s.size() - 40));
         },
         {"T4"}},
        {"a garbage line", "B1",
         [](const election_fixture&, const fs::path& d) {
             auto s = read_text(d / "board.jsonl");
             auto p = s.find('\n', s.size() / 2);
             s.insert(p + 1, "{\"not\":\"an entry\"}\n");
             write_text(d / "board.jsonl", s);
         }},
        {"an entry of an unknown kind", "B3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             board_entry e = b.entries[1];
             e.kind = "reopen";
             e.payload = json::object();
             b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find("close")) + 1, e);
             b.renumber();
             b.write_resigned(d, op(f));
         }},
        {"the close co-signed by fewer than k trustees", "K2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& cs = b.entries[b.find("close")].payload["cosignatures"];
             cs.erase(cs.size() - 1);
             b.write_resigned(d, op(f));
         }},
        {"the close co-signature of one trustee replaced by a repeat of another", "K2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& cs = b.entries[b.find("close")].payload["cosignatures"];
             cs[1] = cs[0];
             b.write_resigned(d, op(f));
         }},
        {"a second close", "K1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto i = b.find("close");
             b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(i) + 1, b.entries[i]);
             b.renumber();
             b.write_resigned(d, op(f));
         }},
        {"no close at all", "K1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries.erase(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find("close")));
             b.renumber();
             b.write_resigned(d, op(f));
         },
         {"K3"}},
        {"the open's co-signatures removed", "O3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries[0].payload["cosignatures"] = json::array();
             b.write_resigned(d, op(f));
         },
         {"K1"}},
        {"the open's joint key replaced", "O1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries[0].payload["joint_key"] = RG::encode(RG::generator()).hex();
             b.write_resigned(d, op(f));
         },
         {"K1", "O3"}},
        {"the operator's own key listed for three trustees, co-signing the open alone", "O1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto open = record::open_payload::from_json(b.entries[0].payload).value();
             for (std::size_t i = 0; i < 3; ++i) open.trustees[i] = op(f).public_key();
             const auto st = open.statement(op(f).public_key());
             open.cosignatures.clear();
             for (std::uint32_t t = 1; t <= 3; ++t) open.cosignatures.push_back({t, op(f).sign(st)});
             b.entries[0].payload = open.to_json();
             b.write_resigned(d, op(f));
         },
         {"K1", "K2", "R3"}},
        {"the manifest edited (a candidate renamed)", "O1",
         [](const election_fixture&, const fs::path& d) {
             auto m = record::read_json_file(d / "manifest.json").value();
             m["contests"][0]["options"][0]["title"] = "Someone else";
             REQUIRE(record::write_json_file(d / "manifest.json", m));
         },
         {"C1", "H1", "K2", "P1", "P2", "R1", "R2", "R3", "R4", "R5", "R6", "T1", "T2", "T3", "T4", "V1"}},
        {"the manifest not in canonical form", "M1",
         [](const election_fixture&, const fs::path& d) {
             auto m = record::read_json_file(d / "manifest.json").value();
             write_text(d / "manifest.json", m.dump(2) + "\n");
         }},
        {"a ceremony commitment replaced", "C1",
         [](const election_fixture&, const fs::path& d) {
             auto c = record::read_json_file(d / "ceremony.json").value();
             auto& k = c["commitments"][0]["coefficients"][1];
             k = RG::encode(RG::generator()).hex();
             REQUIRE(record::write_json_file(d / "ceremony.json", c));
         },
         {"O1", "R2", "R4", "R5", "R6", "T2", "T3", "T4", "V4"}},
    };
    run_all(ts);
}

TEST_CASE("tamper: tally, decryption and result", "[election][tamper][cli]") {
    std::vector<tampering> ts{
        {"a count in the result changed", "T4",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& v = b.entries[b.find("result")].payload["contests"][0]["options"][0]["votes"];
             v = v.get<std::uint64_t>() + 1;
             b.write_resigned(d, op(f));
         }},
        {"the result missing", "T4",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries.pop_back();
             b.write_resigned(d, op(f));
         }},
        {"a tally ciphertext replaced", "T1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& sel = b.entries[b.find("tally")].payload["contests"][1]["selections"];
             std::swap(sel[0], sel[1]);
             b.write_resigned(d, op(f));
         },
         {"T2", "T3", "T4"}},
        {"the tally's ballot count changed", "T1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& n = b.entries[b.find("tally")].payload["ballots"];
             n = n.get<std::uint64_t>() + 1;
             b.write_resigned(d, op(f));
         }},
        {"a forged decryption share", "T2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries[b.find("decryption-share")].payload["shares"][0] = RG::encode(RG::generator()).hex();
             b.write_resigned(d, op(f));
         },
         {"T3", "T4"}},
        {"a decryption share set left out (fewer than k)", "T3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries.erase(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find("decryption-share")));
             b.renumber();
             b.write_resigned(d, op(f));
         },
         {"T4"}},
        {"an entry after the result", "K3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries.push_back(b.entries[b.find("revoke")]);
             b.renumber();
             b.write_resigned(d, op(f));
         }},
    };
    run_all(ts);
}

namespace {
/// The mix entry of `round` in contest "nec".
std::size_t mix_entry(const board_doc& b, std::uint32_t round) {
    return b.find("mix", [round](const board_entry& e) { return e.payload.at("round") == round; });
}
/// One ciphertext (width 1: 64 bytes) encrypting `ranking` under the fixture's key.
std::string own_paper(const election_fixture& f, std::vector<std::uint32_t> ranking) {
    seeded_rng r(777);
    auto pts = mixnet::encode_ranking(ranking, 20).value();
    auto e = elgamal::encrypt<RG>(elgamal::public_key<RG>(f.joint_key()), pts.at(0), r);
    return to_hex(e.ct.encode());
}
}  // namespace

TEST_CASE("tamper: the mix-net and the ranked count", "[election][tamper][cli][mixnet]") {
    std::vector<tampering> ts{
        {"a mixer swaps in its own ballot (output ciphertext replaced, re-signed by the mixer)", "R2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& e = b.entries[mix_entry(b, 2)];
             auto out = e.payload["output"].get<std::string>();
             out.replace(0, 128, own_paper(f, {7, 3, 1}));
             e.payload["output"] = out;
             auto p = record::mix_payload::from_json(e.payload, f.sim.m).value();
             const auto input = record::mix_payload::from_json(b.entries[mix_entry(b, 1)].payload, f.sim.m).value().output;
             e.payload["signature"] = f.sim.trustee_signing_keys[1].sign(p.statement(f.sim.m.hash(), input.bytes_view())).hex();
             b.write_resigned(d, op(f));
         },
         {"R3"}},
        {"a mixer replaces a paper of its input by its own, then shuffles and proves honestly", "R2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto input = record::mix_payload::from_json(b.entries[mix_entry(b, 1)].payload, f.sim.m).value().output;
             auto hex = input.hex();
             hex.replace(0, 128, own_paper(f, {0, 1, 2}));
             auto forged = mixnet::ciphertext_list<RG>::from_hex(hex, input.size(), 1).value();
             auto p = mix_turn(f.sim.m, f.joint_key(), "nec", 2, 2, f.sim.trustee_signing_keys[1], forged).value();
             b.entries[mix_entry(b, 2)].payload = p.to_json();
             b.write_resigned(d, op(f));
         },
         {"R3"}},
        {"a paper dropped from a mix's output", "R2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& e = b.entries[mix_entry(b, 3)];
             e.payload["output"] = e.payload["output"].get<std::string>().substr(128);
             e.payload["n"] = e.payload["n"].get<std::uint64_t>() - 1;
             b.write_resigned(d, op(f));
         }},
        {"a paper duplicated in a mix's output", "R2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& e = b.entries[mix_entry(b, 3)];
             auto out = e.payload["output"].get<std::string>();
             out.replace(128, 128, out.substr(0, 128));
             e.payload["output"] = out;
             b.write_resigned(d, op(f));
         },
         {"R3"}},
        {"a permutation commitment in a proof altered", "R2",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& e = b.entries[mix_entry(b, 1)];
             auto pr = e.payload["proof"].get<std::string>();
             pr.replace(0, 64, RG::encode(RG::generator()).hex());
             e.payload["proof"] = pr;
             b.write_resigned(d, op(f));
         },
         {"R3"}},
        {"a mixer's signature forged", "R3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries[mix_entry(b, 4)].payload["signature"] = stranger().sign(std::array<byte, 1>{1}).hex();
             b.write_resigned(d, op(f));
         }},
        {"the same trustee mixes twice (last mixer's entry relabelled)", "R3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries[mix_entry(b, 5)].payload["mixer"] = 1;
             b.write_resigned(d, op(f));
         }},
        {"mixes left out so that fewer than k trustees mixed", "R3",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             for (std::uint32_t r = 5; r >= 3; --r) b.entries.erase(b.entries.begin() + static_cast<std::ptrdiff_t>(mix_entry(b, r)));
             b.renumber();
             b.write_resigned(d, op(f));
         },
         {"R4", "R5", "R6"}},
        {"a counted ballot's paper left out of the mix-input", "R1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& e = b.entries[b.find("mix-input")];
             e.payload["ciphertexts"] = e.payload["ciphertexts"].get<std::string>().substr(128);
             e.payload["n"] = e.payload["n"].get<std::uint64_t>() - 1;
             b.write_resigned(d, op(f));
         },
         {"R2", "R3"}},
        {"an extra paper in the mix-input", "R1",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& e = b.entries[b.find("mix-input")];
             e.payload["ciphertexts"] = e.payload["ciphertexts"].get<std::string>() + own_paper(f, {4});
             e.payload["n"] = e.payload["n"].get<std::uint64_t>() + 1;
             b.write_resigned(d, op(f));
         },
         {"R2", "R3"}},
        {"a ranked decryption share forged", "R4",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries[b.find("ranked-share")].payload["shares"][0] = RG::encode(RG::generator()).hex();
             b.write_resigned(d, op(f));
         },
         {"R5", "R6"}},
        {"a decrypted paper changed in the published rankings", "R5",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& papers = b.entries[b.find("ranked-result")].payload["ballots"];
             papers[0] = nlohmann::json::array({19, 18, 17});
             b.write_resigned(d, op(f));
         }},
        {"a valid paper listed as invalid", "R5",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& p = b.entries[b.find("ranked-result")].payload;
             p["ballots"][0] = nullptr;
             p["invalid"].push_back({{"index", 0}, {"problem", "spoilt"}});
             b.write_resigned(d, op(f));
         }},
        {"the winners changed", "R6",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& el = b.entries[b.find("ranked-result")].payload["elected"];
             el[0] = "tomas";
             b.write_resigned(d, op(f));
         }},
        {"a stage of the stage sheet changed", "R6",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             auto& st = b.entries[b.find("ranked-result")].payload["stages"];
             st["quota"] = "1.00";
             b.write_resigned(d, op(f));
         }},
        {"the ranked-result missing", "R5",
         [](const election_fixture& f, const fs::path& d) {
             auto b = board_doc::load(d);
             b.entries.erase(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find("ranked-result")));
             b.renumber();
             b.write_resigned(d, op(f));
         }},
    };
    run_all(ts);
}

TEST_CASE("record property: any single hex character changed anywhere makes verification fail",
          "[election][property]") {
    election_fixture f(8, 77);
    {
        auto rep = verify_record(f.dir, {1, {}});
        REQUIRE(rep);
        REQUIRE(rep->ok());
    }
    // every hex string in the record: (file, line, JSON pointer)
    struct site {
        std::string file;
        std::size_t line;
        json::json_pointer ptr;
        std::size_t len;
    };
    std::vector<site> sites;
    auto is_hex = [](const std::string& s) {
        return s.size() >= 64 && s.size() % 2 == 0 &&
               std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    };
    std::function<void(const json&, const json::json_pointer&, const std::string&, std::size_t)> walk =
        [&](const json& j, const json::json_pointer& p, const std::string& file, std::size_t line) {
            if (j.is_string() && is_hex(j.get<std::string>())) sites.push_back({file, line, p, j.get<std::string>().size()});
            if (j.is_object())
                for (auto it = j.begin(); it != j.end(); ++it) walk(it.value(), p / it.key(), file, line);
            if (j.is_array())
                for (std::size_t i = 0; i < j.size(); ++i) walk(j[i], p / i, file, line);
        };
    for (const auto* file : {"board.jsonl", "roll.jsonl", "ceremony.json"}) {
        std::istringstream in(read_text(f.dir / file));
        std::size_t ln = 0;
        for (std::string l; std::getline(in, l); ++ln) walk(json::parse(l), json::json_pointer(), file, ln);
    }
    REQUIRE(sites.size() > 200);
    // A sample: the first and last site of each file, then 120 sites, every
    // site equally likely.
    std::mt19937_64 gen(12345);
    std::vector<std::size_t> pick;
    for (const auto* file : {"board.jsonl", "roll.jsonl", "ceremony.json"}) {
        std::size_t first = sites.size(), last = sites.size();
        for (std::size_t i = 0; i < sites.size(); ++i)
            if (sites[i].file == file) {
                if (first == sites.size()) first = i;
                last = i;
            }
        REQUIRE(first < sites.size());  // each file has hex fields
        pick.push_back(first);
        pick.push_back(last);
    }
    for (std::size_t s = 0; s < 120; ++s) pick.push_back(gen() % sites.size());
    scratch_dir work("flip");
    std::size_t n = 0;
    for (std::size_t s = 0; s < pick.size(); ++s) {
        const auto& st = sites[pick[s]];
        const std::size_t pos = gen() % st.len;
        const auto dir = work.path / ("f" + std::to_string(++n));
        copy_record(f.dir, dir);
        auto text = read_text(dir / st.file);
        std::istringstream in(text);
        std::string out;
        std::size_t ln = 0;
        for (std::string l; std::getline(in, l); ++ln) {
            if (ln == st.line) {
                auto j = json::parse(l);
                auto v = j[st.ptr].get<std::string>();
                const char c = v[pos];
                v[pos] = c == 'f' ? '0' : static_cast<char>(c == '9' ? 'a' : c + 1);
                j[st.ptr] = v;
                l = j.dump();
            }
            out += l + "\n";
        }
        write_text(dir / st.file, out);
        // every other board edit is covered up by a dishonest operator: the
        // chain re-linked and re-signed (the fields it rewrites are left out)
        const auto top = st.ptr.to_string();
        const bool resign = st.file == std::string("board.jsonl") && s % 2 == 1 && top != "/prev" && top != "/signature" &&
                            top != "/signer";
        if (resign) board_doc::load(dir).write_resigned(dir, f.sim.operator_key);
        auto rep = verify_record(dir, {1, {}});
        INFO(st.file << " line " << st.line << " " << top << " hex digit " << pos << (resign ? " (re-signed)" : ""));
        CHECK((!rep || !rep->ok()));
        fs::remove_all(dir);
    }
}
