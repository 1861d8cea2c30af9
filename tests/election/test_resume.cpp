// The board operator resumed from its record (board_operator::resume): after
// a crash at any point of an election, from any prefix of a whole record; a
// resumed operator (a new one for every step, as separate processes would
// be) finishing an election whose record then verifies; and what resume
// refuses.
#include <catch2/catch.hpp>

#include "record_fixture.hpp"
#include "scrutineer/election/mix.hpp"

using namespace scrutineer;
using namespace scrutineer::election;
using namespace scrutineer::test;

namespace {

/// A copy of the record at `from` whose board holds only its first `k` lines.
void copy_prefix(const fs::path& from, const fs::path& to, const std::vector<std::string>& lines, std::size_t k) {
    fs::create_directories(to);
    for (auto f : {"manifest.json", "roll.jsonl", "ceremony.json"}) fs::copy_file(from / f, to / f);
    std::ofstream out(to / "board.jsonl", std::ios::binary);
    for (std::size_t i = 0; i < k; ++i) out << lines[i] << "\n";
}

signing_key same_key(const signing_key& k) { return signing_key::from_seed(k.seed().span()).value(); }

result<board_operator> reopen(const fs::path& dir, const simulated_election& sim) {
    return board_operator::resume(dir, same_key(sim.operator_key));
}

result<board_operator> read_only(const fs::path& dir, const simulated_election& sim) {
    return board_operator::resume(dir, same_key(sim.operator_key), torn_tail::refuse, durability::each,
                                  board_access::read_only);
}

choices some_choices(std::vector<std::uint64_t> ranking) {
    choices c{{"executive", std::vector<std::uint64_t>(10, 0)}, {"chair", {0, 0, 1, 0}}, {"nec", std::move(ranking)}};
    c["executive"][4] = 1;
    return c;
}

}  // namespace

TEST_CASE("operator resume: from every prefix of a whole record, and a crash between a cast and its cancellations loses nothing",
          "[election][resume]") {
    election_fixture f(10, 4242);
    const auto lines = board_lines(f.dir);
    const auto doc = board_doc::load(f.dir);
    REQUIRE(lines.size() == doc.entries.size());
    std::size_t with_cancels = 0;
    bool closed = false, tallied = false;
    for (std::size_t k = 1; k <= lines.size(); ++k) {
        const auto& last = doc.entries[k - 1];
        closed = closed || last.kind == "close";
        tallied = tallied || last.kind == "tally";
        CAPTURE(k, last.kind);
        scratch_dir t("resume-prefix");
        const auto dir = t.path / "rec";
        copy_prefix(f.dir, dir, lines, k);
        std::size_t c = 0;  // the cancellations a cast requires and the prefix lacks
        if (last.kind == "cast")
            while (k + c < lines.size() && doc.entries[k + c].kind == "cancel") ++c;
        {  // read-only: the same replay; the missing cancellations counted, not posted
            auto ro = read_only(dir, f.sim);
            REQUIRE(ro);
            CHECK(ro->pending_cancellations() == c);
            CHECK(ro->resumed_cancellations() == 0);
            CHECK_FALSE(ro->incomplete_tail());
            CHECK(ro->state().entries == k);
            CHECK(board_lines(dir).size() == k);
        }
        auto op = reopen(dir, f.sim);
        REQUIRE(op);
        // posted again byte for byte (Ed25519 signatures are deterministic)
        CHECK(op->resumed_cancellations() == c);
        CHECK(op->pending_cancellations() == 0);
        with_cancels += c > 0;
        const auto s = op->state();
        CHECK(s.entries == k + c);
        CHECK(s.closed == closed);
        CHECK(s.tallied == tallied);
        CHECK(s.result == (k == lines.size()));
        CHECK_FALSE(s.next.empty());
        REQUIRE(op->sync());
        auto now = board_lines(dir);
        REQUIRE(now.size() == k + c);
        CHECK(std::equal(now.begin(), now.end(), lines.begin()));
    }
    CHECK(with_cancels >= 2);  // voter 1's revote (superseded) and voter 2's ballot after revocation

    SECTION("the state of the whole record") {
        auto op = reopen(f.dir, f.sim);
        REQUIRE(op);
        const auto s = op->state();
        CHECK(s.result);
        CHECK(s.next.find("nothing") != std::string::npos);
        CHECK(s.cast == f.sim.cast);
        CHECK(s.challenged == f.sim.challenged);
        CHECK(s.revoked == f.sim.revoked_before + f.sim.revoked_after);
        REQUIRE(s.contests.size() == 1);
        CHECK(s.contests[0].contest == "nec");
        CHECK(s.contests[0].rounds == f.sim.m.trustees_n);
        CHECK(s.contests[0].mixers.size() == f.sim.m.trustees_n);
        CHECK(s.contests[0].shares == f.sim.m.trustees_k);
        CHECK(s.contests[0].result);
        CHECK(s.to_json()["ranked"][0]["rounds"] == f.sim.m.trustees_n);
        // nothing more can be posted
        CHECK_FALSE(op->publish_result());
        CHECK_FALSE(op->post_mix_input("nec"));
        CHECK(board_lines(f.dir).size() == lines.size());
    }
}

TEST_CASE("operator resume, read-only: beside the process that holds the board, an append in progress, never a write",
          "[election][resume]") {
    election_fixture f(8, 4245);
    const auto lines = board_lines(f.dir);
    const auto doc = board_doc::load(f.dir);
    const auto tally_at = doc.find("tally");
    scratch_dir t("resume-read-only");
    const auto dir = t.path / "rec";
    copy_prefix(f.dir, dir, lines, tally_at);  // closed, not tallied yet
    const auto size_before = fs::file_size(dir / "board.jsonl");

    auto writer = std::make_unique<result<board_operator>>(reopen(dir, f.sim));
    REQUIRE(*writer);
    // a second writer is refused while the first holds the lock; a reader is not
    auto second = reopen(dir, f.sim);
    REQUIRE_FALSE(second);
    CHECK(second.err().code == errc::io);
    CHECK_THAT(second.err().message, Catch::Contains("holds its lock"));
    auto ro = read_only(dir, f.sim);
    REQUIRE(ro);
    const auto s = ro->state();
    const auto w = (*writer)->state();
    CHECK(s.entries == tally_at);
    CHECK(s.entries == w.entries);
    CHECK(s.cast == w.cast);
    CHECK(s.counted == w.counted);
    CHECK(s.closed);
    CHECK_FALSE(s.tallied);
    CHECK(s.next == w.next);

    // a read-only operator posts nothing
    auto tally = ro->tally();
    REQUIRE_FALSE(tally);
    CHECK_THAT(tally.err().message, Catch::Contains("read-only"));
    CHECK(fs::file_size(dir / "board.jsonl") == size_before);

    // what the writer posts, a later reader sees
    REQUIRE((*writer)->tally());
    REQUIRE((*writer)->sync());
    auto ro2 = read_only(dir, f.sim);
    REQUIRE(ro2);
    CHECK(ro2->state().tallied);
    CHECK(ro2->state().entries == tally_at + 1);

    // an append in progress (a line without its newline yet): read up to it and named
    const auto full = fs::file_size(dir / "board.jsonl");
    {
        std::ofstream out(dir / "board.jsonl", std::ios::app | std::ios::binary);
        out << lines[tally_at + 1].substr(0, lines[tally_at + 1].size() / 2);
    }
    auto ro3 = read_only(dir, f.sim);
    REQUIRE(ro3);
    REQUIRE(ro3->incomplete_tail());
    CHECK(*ro3->incomplete_tail() == full);
    CHECK(ro3->state().entries == tally_at + 1);
    writer.reset();                   // the writer's process ends
    auto after = reopen(dir, f.sim);  // with no writer, the torn tail is refused as before
    REQUIRE_FALSE(after);
    CHECK_THAT(after.err().message, Catch::Contains("torn tail"));

    // a read-only open still checks the chain: an entry altered is refused
    auto edited = lines;
    edited[2][edited[2].size() - 5] ^= 1;
    scratch_dir t2("resume-read-only-bad");
    copy_prefix(f.dir, t2.path / "rec", edited, tally_at);
    CHECK_FALSE(read_only(t2.path / "rec", f.sim));
    // and a board that does not exist is an I/O error, not an empty board
    fs::remove(t2.path / "rec" / "board.jsonl");
    auto none = read_only(t2.path / "rec", f.sim);
    REQUIRE_FALSE(none);
}

TEST_CASE("operator resume: a new operator process for every step finishes the election and the record verifies",
          "[election][resume]") {
    election_fixture f(10, 4243);
    const auto& sim = f.sim;
    const auto& m = sim.m;
    const auto mh = m.hash();
    const auto lines = board_lines(f.dir);
    const auto doc = board_doc::load(f.dir);
    const auto close_at = doc.find("close");
    scratch_dir t("resume-finish");
    const auto dir = t.path / "rec";
    copy_prefix(f.dir, dir, lines, close_at);  // crashed just before the close
    seeded_rng r(99);
    const elgamal::public_key<RG> pk(f.joint_key());

    {  // voting goes on: the rebuilt state refuses what it must and applies the policy
        auto op = reopen(dir, sim);
        REQUIRE(op);
        CHECK(op->state().next.find("voting") == 0);
        auto first_cast = ballot<RG>::from_json(doc.entries[doc.find("cast")].payload, m);
        REQUIRE(first_cast);
        auto again = op->cast(*first_cast);
        REQUIRE_FALSE(again);
        CHECK(again.err().message.find("already been cast") != std::string::npos);
        auto challenged = ballot<RG>::from_json(doc.entries[doc.find("challenge")].payload["ballot"], m);
        REQUIRE(challenged);
        auto spent = op->cast(*challenged);
        REQUIRE_FALSE(spent);
        CHECK(spent.err().message.find("challenged") != std::string::npos);
        // voter 4 abstained so far and casts now; voter 1 revotes once more (supersedes)
        auto b4 = encrypt_ballot<RG>(m, pk, f.voter(4).key, some_choices({3, 1}), r);
        REQUIRE(b4);
        auto rc4 = op->cast(b4->value);
        REQUIRE(rc4);
        CHECK(rc4->cancelled.empty());
        auto b1 = encrypt_ballot<RG>(m, pk, f.voter(1).key, some_choices({0}), r);
        REQUIRE(b1);
        auto rc1 = op->cast(b1->value);
        REQUIRE(rc1);
        REQUIRE(rc1->cancelled.size() == 1);
        CHECK(rc1->cancelled[0].reason == "superseded");
        // voter 2 was revoked before voting: a ballot now is cancelled at once
        auto b2 = encrypt_ballot<RG>(m, pk, f.voter(2).key, some_choices({}), r);
        REQUIRE(b2);
        auto rc2 = op->cast(b2->value);
        REQUIRE(rc2);
        REQUIRE(rc2->cancelled.size() == 1);
        CHECK(rc2->cancelled[0].reason == "revoked");
    }
    {  // a second operator process while the first still holds the board: refused
        auto op = reopen(dir, sim);
        REQUIRE(op);
        auto second = reopen(dir, sim);
        REQUIRE_FALSE(second);
        CHECK(second.err().message.find("open for writing elsewhere") != std::string::npos);
    }
    {
        auto op = reopen(dir, sim);
        REQUIRE(op);
        auto cs = op->close_statement();
        REQUIRE(op->close({{2, sim.trustee_signing_keys[1].sign(cs.statement(mh))},
                           {4, sim.trustee_signing_keys[3].sign(cs.statement(mh))},
                           {5, sim.trustee_signing_keys[4].sign(cs.statement(mh))}}));
    }
    {
        auto op = reopen(dir, sim);
        REQUIRE(op);
        CHECK(op->state().closed);
        CHECK_FALSE(op->cast(encrypt_ballot<RG>(m, pk, f.voter(5).key, some_choices({1}), r)->value));
        REQUIRE(op->tally());
    }
    for (std::uint32_t i : {1u, 3u, 5u}) {
        auto op = reopen(dir, sim);
        REQUIRE(op);
        CHECK(op->state().next.find("decryption shares of the tally") != std::string::npos);
        const auto d = board_doc::load(dir);
        auto tally = record::tally_payload::from_json(d.entries[d.find("tally")].payload, m);
        REQUIRE(tally);
        auto sh = ceremony::prove_decryption_share<RG>(sim.trustee_keys[i - 1], record::tally_context(m), tally->all(), r);
        REQUIRE(op->post_share(sh));
        CHECK_FALSE(op->post_share(sh));  // once per trustee, also across restarts
    }
    {
        auto op = reopen(dir, sim);
        REQUIRE(op);
        CHECK(op->state().next.find("mix-input") != std::string::npos);
        REQUIRE(op->post_mix_input("nec"));
    }
    for (std::uint32_t i : {4u, 2u, 5u}) {
        auto op = reopen(dir, sim);
        REQUIRE(op);
        auto head = op->mix_head("nec");
        REQUIRE(head);
        auto p = mix_turn(m, f.joint_key(), "nec", op->next_round("nec"), i, sim.trustee_signing_keys[i - 1], *head, r);
        REQUIRE(p);
        REQUIRE(op->post_mix(*p));
        CHECK_FALSE(op->post_mix(*p));
    }
    {
        auto op = reopen(dir, sim);
        REQUIRE(op);
        const auto s = op->state();
        REQUIRE(s.contests.size() == 1);
        CHECK(s.contests[0].rounds == 3);
        CHECK(s.contests[0].mixers == std::vector<std::uint32_t>{2, 4, 5});
        CHECK(s.next.find("decryption shares") != std::string::npos);
        auto p = mix_turn(m, f.joint_key(), "nec", 4, 2, sim.trustee_signing_keys[1], *op->mix_head("nec"), r);
        REQUIRE(p);
        CHECK_FALSE(op->post_mix(*p));  // trustee 2 mixed before the restart
    }
    for (std::uint32_t i : {2u, 3u, 4u}) {
        auto op = reopen(dir, sim);
        REQUIRE(op);
        auto cts = op->ranked_ciphertexts("nec");
        REQUIRE(cts);
        auto sh = ceremony::prove_decryption_share<RG>(sim.trustee_keys[i - 1], record::ranked_context(m, "nec"), *cts, r);
        REQUIRE(op->post_ranked_share("nec", sh));
        CHECK_FALSE(op->post_ranked_share("nec", sh));
    }
    {
        auto op = reopen(dir, sim);
        REQUIRE(op);
        REQUIRE(op->publish_ranked_result("nec"));
    }
    {
        auto op = reopen(dir, sim);
        REQUIRE(op);
        auto res = op->publish_result();
        REQUIRE(res);
        CHECK(op->state().next.find("nothing") != std::string::npos);
    }
    auto rep = verify_record(dir, {1, {}});
    REQUIRE(rep);
    for (const auto& c : rep->checks)
        for (const auto& x : c.failures) FAIL_CHECK(c.info.id << ": " << x);
    CHECK(rep->ok());
}

TEST_CASE("operator resume: refused records and keys", "[election][resume][negative]") {
    election_fixture f(8, 4244);
    const auto& sim = f.sim;
    const auto lines = board_lines(f.dir);
    const auto doc = board_doc::load(f.dir);
    auto fresh = [&](const std::string& tag) {
        auto t = std::make_unique<scratch_dir>("resume-neg-" + tag);
        copy_record(f.dir, t->path / "rec");
        return t;
    };
    auto refused = [&](const fs::path& dir, const std::string& what, const signing_key* key = nullptr) {
        auto op = board_operator::resume(dir, same_key(key ? *key : sim.operator_key));
        REQUIRE_FALSE(op);
        CHECK_THAT(op.err().message, Catch::Contains(what));
    };

    SECTION("another key than the operator's") {
        auto t = fresh("key");
        refused(t->path / "rec", "operator key", &sim.authority_key);
    }
    SECTION("a file missing, or not a regular file") {
        auto t = fresh("missing");
        fs::remove(t->path / "rec" / "ceremony.json");
        refused(t->path / "rec", "missing from the record");
        fs::create_directory(t->path / "rec" / "ceremony.json");
        refused(t->path / "rec", "not a regular file");
    }
    SECTION("a manifest, roll or ceremony other than the open entry names") {
        auto t = fresh("files");
        const auto dir = t->path / "rec";
        auto m2 = sim.m;
        m2.election_id += "-other";
        write_text(dir / "manifest.json", m2.to_json().dump() + "\n");
        refused(dir, "manifest.json is not the manifest");
        fs::copy_file(f.dir / "manifest.json", dir / "manifest.json", fs::copy_options::overwrite_existing);
        auto roll = read_text(dir / "roll.jsonl");
        write_text(dir / "roll.jsonl", roll.substr(roll.find('\n') + 1));  // a voter removed
        refused(dir, "roll.jsonl is not the roll");
        fs::copy_file(f.dir / "roll.jsonl", dir / "roll.jsonl", fs::copy_options::overwrite_existing);
        auto cj = record::read_json_file(dir / "ceremony.json").value();
        cj["extra"] = 1;
        write_text(dir / "ceremony.json", cj.dump() + "\n");
        auto op = board_operator::resume(dir, same_key(sim.operator_key));
        REQUIRE_FALSE(op);  // either unreadable as a transcript or not the one named
        CHECK_THAT(op.err().message, Catch::Contains("ceremony.json"));
    }
    SECTION("a torn tail: refused, or truncated on request") {
        auto t = fresh("torn");
        const auto dir = t->path / "rec";
        {
            std::ofstream out(dir / "board.jsonl", std::ios::app | std::ios::binary);
            out << R"({"index":)";
        }
        refused(dir, "torn tail");
        auto op = board_operator::resume(dir, same_key(sim.operator_key), torn_tail::truncate);
        REQUIRE(op);
        CHECK(op->state().entries == lines.size());
    }
    SECTION("an empty board") {
        auto t = fresh("empty");
        write_text(t->path / "rec" / "board.jsonl", "");
        refused(t->path / "rec", "no open entry");
    }
    // boards re-signed by the operator's key after an edit: a chain that holds,
    // but entries the operator would never have posted
    auto edited = [&](const std::string& tag, const std::function<void(board_doc&)>& edit, const std::string& what) {
        auto t = fresh(tag);
        auto d = doc;
        edit(d);
        d.renumber();
        d.write_resigned(t->path / "rec", sim.operator_key);
        refused(t->path / "rec", what);
    };
    SECTION("rules the operator follows") {
        const auto first_cast = doc.find("cast");
        const auto first_cancel = doc.find("cancel");
        const auto close_at = doc.find("close");
        edited("dup", [&](board_doc& d) { d.entries.insert(d.entries.begin() + 1, d.entries[first_cast]); },
               "already cast");
        edited("late", [&](board_doc& d) { d.entries.insert(d.entries.begin() + close_at + 1, d.entries[first_cast]); },
               "after the close");
        edited("nocancel",
               [&](board_doc& d) { d.entries.erase(d.entries.begin() + first_cancel); }, "requires the cancellation");
        edited("extracancel",
               [&](board_doc& d) { d.entries.insert(d.entries.begin() + first_cancel, d.entries[first_cancel]); },
               "does not call for");
        edited("twoclose", [&](board_doc& d) { d.entries.insert(d.entries.begin() + close_at, d.entries[close_at]); },
               "a second close");
        edited("kind", [&](board_doc& d) { d.entries[first_cast].kind = "vote"; }, "unknown kind");
        edited("order", [&](board_doc& d) { std::swap(d.entries[close_at], d.entries[close_at + 1]); }, "before the close");
        edited("afterresult", [&](board_doc& d) { d.entries.push_back(d.entries[close_at]); }, "after the result");
        edited("mixround",
               [&](board_doc& d) {
                   auto i = d.find("mix");
                   d.entries[i].payload["round"] = 2;
               },
               "round 2 where 1 was due");
    }
    SECTION("an entry signed by another key") {
        auto t = fresh("signer");
        auto d = doc;
        // re-sign entry 3 (and re-link the rest) with an intruder's key
        auto intruder = signing_key::from_seed(sim.authority_key.seed().span()).value();
        hash64 prev{};
        for (auto& e : d.entries) {
            e.prev = prev;
            const auto& k = e.index == 3 ? intruder : sim.operator_key;
            e.signer = k.public_key();
            e.sig = k.sign(e.hash());
            prev = e.hash();
        }
        d.write_raw(t->path / "rec");
        refused(t->path / "rec", "board entry 3 is not signed by the operator");
    }
}
