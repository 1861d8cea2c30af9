// The election record: policy engine, board operator refusals, the verifier's
// report, receipts, Benaloh openings and the record payload codecs.
#include <catch2/catch.hpp>

#include "record_fixture.hpp"
#include "scrutineer/election/mix.hpp"
#include "scrutineer/election/policy.hpp"
#include "scrutineer/parallel/pool.hpp"

using namespace scrutineer;
using namespace scrutineer::election;
using namespace scrutineer::test;

TEST_CASE("policy: revoting last, revocations look forward only", "[election][policy]") {
    policy_engine p(revoting_rule::last);
    CHECK(p.cast(1, "a").empty());
    CHECK(p.cast(2, "b").empty());
    auto x = p.cast(3, "a");  // a revotes: 1 superseded
    REQUIRE(x.size() == 1);
    CHECK(x[0].entry == 1);
    CHECK(x[0].reason == record::reasons::superseded);
    CHECK(p.revoke("b"));
    CHECK_FALSE(p.revoke("b"));
    auto y = p.cast(5, "b");  // b's later ballot: revoked; its earlier one still counts
    REQUIRE(y.size() == 1);
    CHECK(y[0].entry == 5);
    CHECK(y[0].reason == record::reasons::revoked);
    CHECK(p.counted().at("a") == 3);
    CHECK(p.counted().at("b") == 2);
    CHECK(p.revoke("c"));
    auto z = p.cast(7, "c");
    REQUIRE(z.size() == 1);
    CHECK(z[0].reason == record::reasons::revoked);
    CHECK(p.counted().count("c") == 0);
}

TEST_CASE("policy: revoting first and none keep the first ballot", "[election][policy]") {
    for (auto rule : {revoting_rule::first, revoting_rule::none}) {
        policy_engine p(rule);
        CHECK(p.cast(1, "a").empty());
        auto x = p.cast(2, "a");
        REQUIRE(x.size() == 1);
        CHECK(x[0].entry == 2);
        CHECK(x[0].reason == record::reasons::repeat);
        CHECK(p.counted().at("a") == 1);
    }
}

TEST_CASE("record: a simulated election verifies, with its report", "[election][record]") {
    election_fixture f;
    auto rep = verify_record(f.dir, {2, {}});
    REQUIRE(rep);
    INFO(rep->text());
    CHECK(rep->ok());
    CHECK(rep->checks.size() == record_checks().size());
    for (const auto& c : rep->checks) CHECK(c.items > 0);
    CHECK(rep->challenged >= 1);
    CHECK(rep->revoked >= 2);
    // the published result is what the voters chose
    REQUIRE(rep->result);
    for (const auto& c : rep->result->contests)
        for (std::size_t i = 0; i < c.options.size(); ++i) CHECK(c.options[i].second == f.sim.expected.at(c.id).at(i));
    // cancellations: the revote's first ballot and the revoked voter's ballot
    std::set<std::string> reasons;
    for (const auto& c : rep->cancellations) reasons.insert(c.reason);
    CHECK(reasons.count("superseded") == 1);
    CHECK(reasons.count("revoked") == 1);
    // the JSON report
    auto j = rep->to_json();
    CHECK(j["ok"] == true);
    CHECK(j["checks"].size() == record_checks().size());
    CHECK(j["summary"]["counted"] == rep->counted);
    // a bad record reports every failing check and not just the first
    scratch_dir t("rep");
    copy_record(f.dir, t.path / "r");
    auto b = board_doc::load(t.path / "r");
    b.entries[b.find("result")].payload["contests"][0]["options"][0]["votes"] = 999;
    b.entries[b.find("cancel")].payload["reason"] = "whim";
    b.write_resigned(t.path / "r", f.sim.operator_key);
    auto bad = verify_record(t.path / "r", {1, {}});
    REQUIRE(bad);
    CHECK_FALSE(bad->ok());
    auto ids = bad->failed_ids();
    CHECK(std::find(ids.begin(), ids.end(), "T4") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "P2") != ids.end());
    CHECK(bad->text().find("RESULT: verification FAILED") != std::string::npos);
    // every line read from the file in pieces (as a mix of 10^6 papers is): the same reports
    verify_options from_file{1, {}};
    from_file.line_keep_limit = 0;
    auto rep0 = verify_record(f.dir, from_file);
    REQUIRE(rep0);
    CHECK(rep0->to_json() == verify_record(f.dir, {1, {}})->to_json());
    auto bad0 = verify_record(t.path / "r", from_file);
    REQUIRE(bad0);
    CHECK(bad0->failed_ids() == ids);
}

TEST_CASE("board: a line read from its file in pieces is the line read whole", "[election][board]") {
    election_fixture f;
    const auto board = f.dir / "board.jsonl";
    std::ifstream in(board, std::ios::binary);
    std::uint64_t offset = 0;
    std::size_t n = 0, lists = 0;
    std::optional<mixnet::ciphertext_list<RG>> head;  // the mix chain's head, to check each mix against
    for (std::string l; std::getline(in, l); offset += l.size() + 1, ++n) {
        hash64 h1{}, h2{};
        auto a = board_entry::from_line(l, &h1);
        auto b = board_entry::from_file_range(board, offset, l.size(), &h2);
        REQUIRE(a);
        REQUIRE(b);
        CHECK(b->to_line() == l);
        CHECK(h1 == h2);
        CHECK(h2 == a->hash());
        CHECK(b->is_line(l));
        // read from the file, a mix-input's or a mix's list fields are held
        // decoded (binary), and decode to the same payload as their text
        if (a->kind == kinds::mix_input) {
            ++lists;
            CHECK(b->payload.at("ciphertexts").is_binary());
            CHECK(a->payload.at("ciphertexts").is_string());
            auto pa = record::mix_input_payload::from_json(a->payload, f.sim.m);
            auto pb = record::mix_input_payload::from_json(b->payload, f.sim.m);
            REQUIRE(pa);
            REQUIRE(pb);
            CHECK(pb->to_json() == pa->to_json());
            head = pa->ciphertexts;
        }
        if (a->kind == kinds::mix) {
            ++lists;
            CHECK(b->payload.at("output").is_binary());
            CHECK(b->payload.at("proof").is_binary());
            CHECK(b->payload.at("signature").is_string());  // not a list field
            auto pa = record::mix_payload::from_json(a->payload, f.sim.m);
            auto pb = record::mix_payload::from_json(b->payload, f.sim.m);
            REQUIRE(pa);
            REQUIRE(pb);
            CHECK(pb->to_json() == pa->to_json());
            // a list field of the wrong length fails alike, in terms of its text
            auto ta = a->payload, tb = b->payload;
            ta["proof"] = ta["proof"].get<std::string>().substr(2);
            auto& bin = tb["proof"].get_binary();
            bin.erase(bin.begin());
            auto ea = record::mix_payload::from_json(ta, f.sim.m), eb = record::mix_payload::from_json(tb, f.sim.m);
            REQUIRE_FALSE(ea);
            REQUIRE_FALSE(eb);
            CHECK(ea.err().code == eb.err().code);
            CHECK(ea.err().message == eb.err().message);
            // the verifier's check frees the proof's bytes once decoded, with the same outcome
            REQUIRE(head);
            const auto K = f.joint_key();
            CHECK(check_mix_proof(f.sim.m, K, *head, *pa));
            auto released = *pb;
            CHECK(check_mix_proof_releasing(f.sim.m, K, *head, released));
            CHECK(released.proof.empty());
            for (std::size_t at : {std::size_t{40}, pa->proof.size() - 1}) {
                auto bad = *pa;
                bad.proof[at] ^= 1;
                auto bad2 = bad;
                auto e1 = check_mix_proof(f.sim.m, K, *head, bad);
                auto e2 = check_mix_proof_releasing(f.sim.m, K, *head, bad2);
                REQUIRE_FALSE(e1);
                REQUIRE_FALSE(e2);
                CHECK(e1.err().message == e2.err().message);
                CHECK(bad2.proof.empty());
            }
            head = pa->output;
        }
    }
    CHECK(n > 20);
    CHECK(lists >= 2);
    // what from_line refuses, from_file_range refuses the same way
    scratch_dir t("file-range");
    auto d = board_doc::load(f.dir);
    const std::string good = d.entries[3].to_line();
    std::string spaced = good;
    spaced.insert(good.find("\"payload\":") + 10, " ");
    std::string upper = good;
    const auto sig_at = good.rfind("\"signature\":\"") + 13;  // the entry's own, not the ballot's
    upper[sig_at] = 'A';  // uppercase hex
    const std::vector<std::string> bad{spaced, upper, good + "x", good.substr(0, good.size() - 1), "{}", "not json",
                                       std::string(100, '[') + std::string(100, ']'),
                                       good.substr(0, good.size() - 1) + ",\"extra\":1}"};
    // a mix whose output is uppercase, or of odd length, or not hex: the line
    // reads both ways (its text is canonical JSON), the field stays a string,
    // and the payload fails to decode alike
    {
        const std::string mix = d.entries[d.find("mix")].to_line();
        const auto out_at = mix.find("\"output\":\"") + 10;
        std::string mix_upper = mix, mix_odd = mix, mix_nonhex = mix;
        mix_upper[out_at] = 'A';
        mix_odd.insert(out_at, "0");
        mix_nonhex[out_at] = 'g';
        for (const auto& line : {mix_upper, mix_odd, mix_nonhex}) {
            const auto p = t.path / "mix.jsonl";
            write_text(p, line + "\n");
            auto a = board_entry::from_line(line);
            auto b = board_entry::from_file_range(p, 0, line.size());
            REQUIRE(a);
            REQUIRE(b);
            CHECK(b->payload.at("output").is_string());
            CHECK(b->to_line() == line);
            auto pa = record::mix_payload::from_json(a->payload, f.sim.m);
            auto pb = record::mix_payload::from_json(b->payload, f.sim.m);
            REQUIRE_FALSE(pa);
            REQUIRE_FALSE(pb);
            CHECK(pa.err().message == pb.err().message);
        }
    }
    for (const auto& line : bad) {
        const auto p = t.path / "one.jsonl";
        write_text(p, "padding line\n" + line + "\n");
        auto a = board_entry::from_line(line);
        auto b = board_entry::from_file_range(p, 13, line.size());
        INFO(line.substr(0, 80) << " ... " << line.substr(line.size() > 120 ? line.size() - 120 : 0));
        REQUIRE_FALSE(a);
        REQUIRE_FALSE(b);
        CHECK(a.err().code == b.err().code);
        CHECK(a.err().message == b.err().message);
    }
    // a range past the end of the file: io
    const auto p = t.path / "short.jsonl";
    write_text(p, good + "\n");
    CHECK(board_entry::from_file_range(p, 0, good.size() + 10).err().code == errc::io);
    CHECK(board_entry::from_file_range(t.path / "missing.jsonl", 0, 10).err().code == errc::io);
    CHECK(board_entry::from_file_range(p, 0, good.size()));
}

TEST_CASE("record: unreadable records are errors, not crashes", "[election][record]") {
    scratch_dir t("unreadable");
    CHECK_FALSE(verify_record(t.path / "missing"));
    election_fixture f(6, 5);
    for (const auto* file : {"manifest.json", "roll.jsonl", "ceremony.json", "board.jsonl"}) {
        const auto d = t.path / (std::string("no-") + file);
        copy_record(f.dir, d);
        fs::remove(d / file);
        auto r = verify_record(d);
        CHECK_FALSE(r);
    }
    const auto d = t.path / "bad-manifest";
    copy_record(f.dir, d);
    write_text(d / "manifest.json", "{\"format\": 1}\n");
    auto r = verify_record(d);
    REQUIRE_FALSE(r);
    CHECK(r.err().message.find("manifest.json") != std::string::npos);
    // an empty board: every board check fails, nothing crashes
    const auto e = t.path / "empty-board";
    copy_record(f.dir, e);
    write_text(e / "board.jsonl", "");
    auto er = verify_record(e);
    REQUIRE(er);
    CHECK_FALSE(er->ok());
    // a file of the record that is a directory: an io error naming it, from
    // verify and from a receipt look-up alike (the look-up once read on
    // forever from a stream in error)
    for (const auto* file : {"manifest.json", "roll.jsonl", "ceremony.json", "board.jsonl"}) {
        const auto d2 = t.path / (std::string("dir-") + file);
        copy_record(f.dir, d2);
        fs::remove(d2 / file);
        fs::create_directory(d2 / file);
        INFO(file);
        auto r2 = verify_record(d2);
        REQUIRE_FALSE(r2);
        CHECK(r2.err().code == errc::io);
        CHECK(r2.err().message.find(std::string(file) + ": not a regular file") != std::string::npos);
    }
    auto rc = lookup_receipt(t.path / "dir-board.jsonl", "ZZZZ-ZZZZ-ZZZZ");
    REQUIRE_FALSE(rc);
    CHECK(rc.err().code == errc::io);
    CHECK(rc.err().message.find("not a regular file") != std::string::npos);
}

TEST_CASE("record: receipts say where a ballot is and whether it counted", "[election][record][receipt]") {
    election_fixture f;
    auto b = board_doc::load(f.dir);
    auto code_of = [&](std::size_t voter, int nth, const char* kind = "cast") {
        auto i = b.find(kind, [&](const board_entry& e) { return board_doc::by(e, f.voter(voter).key.public_key()); }, nth);
        const auto& bj = std::string(kind) == "challenge" ? b.entries[i].payload["ballot"] : b.entries[i].payload;
        return ballot<RG>::from_json(bj, f.sim.m).value().tracking_code();
    };
    // a counted ballot (the voter revoked after voting still counts)
    auto r = lookup_receipt(f.dir, code_of(3, 0));
    REQUIRE(r);
    CHECK(r->found);
    CHECK(r->closed);
    CHECK(r->counted);
    CHECK(r->chain_ok);
    // superseded by a revote
    auto s = lookup_receipt(f.dir, code_of(1, 0));
    REQUIRE(s);
    CHECK_FALSE(s->counted);
    CHECK(s->why_not.find("superseded") != std::string::npos);
    CHECK(s->cancelled_by.has_value());
    auto s2 = lookup_receipt(f.dir, code_of(1, 1));
    REQUIRE(s2);
    CHECK(s2->counted);
    // cast after revocation
    auto v = lookup_receipt(f.dir, code_of(2, 0));
    REQUIRE(v);
    CHECK_FALSE(v->counted);
    CHECK(v->why_not.find("revoked") != std::string::npos);
    // challenged
    auto c = lookup_receipt(f.dir, code_of(0, 0, "challenge"));
    REQUIRE(c);
    CHECK(c->kind == "challenge");
    CHECK(c->text().find("never counts") != std::string::npos);
    // prefixes, lower case, no dashes
    auto code = code_of(3, 0);
    std::string lower;
    for (char ch : code.substr(0, 14))
        if (ch != '-') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    auto p = lookup_receipt(f.dir, lower);
    REQUIRE(p);
    CHECK(p->entry == r->entry);
    // unknown and malformed codes
    auto u = lookup_receipt(f.dir, "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    REQUIRE(u);
    CHECK_FALSE(u->found);
    CHECK_FALSE(lookup_receipt(f.dir, "ABC"));
    CHECK_FALSE(lookup_receipt(f.dir, "ABCD-EFGH-!!"));
    // a broken chain is reported with the receipt
    scratch_dir t("receipt");
    copy_record(f.dir, t.path / "r");
    auto bb = board_doc::load(t.path / "r");
    std::swap(bb.entries[3], bb.entries[4]);
    bb.write_raw(t.path / "r");
    auto w = lookup_receipt(t.path / "r", code_of(3, 0));
    REQUIRE(w);
    CHECK_FALSE(w->chain_ok);
    // during voting (the board up to its close): found, not closed, counts or not as of now
    copy_record(f.dir, t.path / "open");
    auto ob = board_doc::load(t.path / "open");
    ob.entries.resize(ob.find("close"));
    ob.write_raw(t.path / "open");
    auto now = lookup_receipt(t.path / "open", code_of(3, 0));
    REQUIRE(now);
    CHECK(now->found);
    CHECK(now->chain_ok);
    CHECK_FALSE(now->closed);
    CHECK_FALSE(now->close_entry.has_value());
    CHECK(now->text().find("The board is not closed yet. As of now it counts.") != std::string::npos);
    for (std::size_t voter : {1u, 2u}) {  // superseded by a revote; cast after the voter's revocation
        auto no = lookup_receipt(t.path / "open", code_of(voter, 0));
        REQUIRE(no);
        CHECK_FALSE(no->closed);
        CHECK(no->text().find("The board is not closed yet. As of now it does not count: ") != std::string::npos);
    }
}


TEST_CASE("operator: refuses what the policy and the protocol forbid", "[election][operator]") {
    small_election e(11, 4);
    auto& [r, m, mh, authority, iss, cer, trustees, setup, opk, stmt] = e;
    scratch_dir t("operator");
    auto seed_copy = [](const signing_key& k) { return signing_key::from_seed(k.seed().span()).value(); };

    // the open needs k valid trustee co-signatures and the authority's roll signature
    {
        auto one = board_operator::open(t.path / "a", setup, seed_copy(opk), {{1, trustees[0].sign(stmt)}}, durability::deferred);
        REQUIRE_FALSE(one);
        CHECK(one.err().message.find("co-signatures") != std::string::npos);
        auto dup = board_operator::open(t.path / "b", setup, seed_copy(opk), {{1, trustees[0].sign(stmt)}, {1, trustees[0].sign(stmt)}},
                                        durability::deferred);
        CHECK_FALSE(dup);
        auto bad = setup;
        bad.roll_signature = opk.sign(bad.open_payload().roll_statement());
        CHECK_FALSE(board_operator::open(t.path / "c", bad, seed_copy(opk), {{1, trustees[0].sign(stmt)}, {2, trustees[1].sign(stmt)}},
                                         durability::deferred));
    }
    auto op = board_operator::open(t.path / "rec", setup, seed_copy(opk), {{1, trustees[0].sign(stmt)}, {3, trustees[2].sign(stmt)}},
                                   durability::deferred);
    REQUIRE(op);
    CHECK_FALSE(board_operator::open(t.path / "rec", setup, seed_copy(opk), {}, durability::deferred));  // never overwrites

    const elgamal::public_key<RG> pk(cer.result.key->joint_key);
    choices c{{"executive", std::vector<std::uint64_t>(10, 1)}, {"chair", {0, 1, 0, 0}}};
    auto b0 = encrypt_ballot<RG>(m, pk, iss.secrets[0].key, c, r).value();
    auto b1 = encrypt_ballot<RG>(m, pk, iss.secrets[1].key, c, r).value();
    // a credential not on the roll
    auto outsider = signing_key::generate(r);
    CHECK_FALSE(op->cast(encrypt_ballot<RG>(m, pk, outsider, c, r)->value));
    // a tampered ballot
    auto bad = b0.value;
    std::swap(bad.contests[1].selections[0], bad.contests[1].selections[1]);
    CHECK_FALSE(op->cast(bad));
    // a challenge of a ballot whose signature does not verify (one byte flipped), or
    // signed by another voter's credential
    for (int which = 0; which < 2; ++which) {
        auto forged = b1.value;
        if (which == 0)
            forged.signature.bytes[5] ^= 1;
        else
            forged.signature = iss.secrets[2].key.sign(forged.hash());
        auto refused = op->challenge(forged, open_ballot<RG>(b1, c));
        REQUIRE_FALSE(refused);
        CHECK(refused.err().code == errc::verify_failed);
        CHECK_THAT(refused.err().message, Catch::Contains("signature does not verify"));
    }
    // a challenge with a wrong opening, then a right one; the challenged ballot can't be cast
    auto wrong = open_ballot<RG>(b1, c);
    wrong.choices["chair"] = {1, 0, 0, 0};
    CHECK_FALSE(op->challenge(b1.value, wrong));
    REQUIRE(op->challenge(b1.value, open_ballot<RG>(b1, c)));
    CHECK_FALSE(op->cast(b1.value));
    // cast once, not twice
    auto rc = op->cast(b0.value);
    REQUIRE(rc);
    CHECK(rc->cancelled.empty());
    CHECK_FALSE(op->cast(b0.value));
    // a revote supersedes
    auto b0b = encrypt_ballot<RG>(m, pk, iss.secrets[0].key, c, r).value();
    auto rc2 = op->cast(b0b.value);
    REQUIRE(rc2);
    REQUIRE(rc2->cancelled.size() == 1);
    CHECK(rc2->cancelled[0].entry == rc->entry);
    // revocations need the authority
    record::revoke_payload rv{iss.secrets[2].voter, "lapsed", {}};
    rv.authority_signature = opk.sign(rv.statement(mh));
    CHECK_FALSE(op->revoke(rv));
    rv.authority_signature = authority.sign(rv.statement(mh));
    REQUIRE(op->revoke(rv));
    CHECK_FALSE(op->revoke(rv));  // once
    record::revoke_payload nobody{"nobody", "x", authority.sign(record::revoke_payload{"nobody", "x", {}}.statement(mh))};
    CHECK_FALSE(op->revoke(nobody));
    // the revoked voter's ballot is posted and cancelled
    auto b2 = encrypt_ballot<RG>(m, pk, iss.secrets[2].key, c, r).value();
    auto rc3 = op->cast(b2.value);
    REQUIRE(rc3);
    REQUIRE(rc3->cancelled.size() == 1);
    CHECK(rc3->cancelled[0].reason == record::reasons::revoked);
    // no tally before the close; the close needs k co-signatures over the head
    CHECK_FALSE(op->tally());
    auto cs = op->close_statement();
    CHECK_FALSE(op->close({{1, trustees[0].sign(cs.statement(mh))}}));
    CHECK_FALSE(op->close({{1, trustees[0].sign(cs.statement(mh))}, {2, trustees[0].sign(cs.statement(mh))}}));
    REQUIRE(op->close({{1, trustees[0].sign(cs.statement(mh))}, {2, trustees[1].sign(cs.statement(mh))}}));
    // nothing after the close
    CHECK_FALSE(op->cast(encrypt_ballot<RG>(m, pk, iss.secrets[3].key, c, r)->value));
    CHECK_FALSE(op->revoke(record::revoke_payload{iss.secrets[3].voter, "late", authority.sign(record::revoke_payload{iss.secrets[3].voter, "late", {}}.statement(mh))}));
    auto tally = op->tally();
    REQUIRE(tally);
    CHECK(tally->ballots == 1);
    CHECK_FALSE(op->tally());
    CHECK_FALSE(op->publish_result());  // no shares yet
    // a forged share is refused; k valid ones decrypt
    auto cts = tally->all();
    auto s1 = ceremony::prove_decryption_share<RG>(cer.keys[0], record::tally_context(m), cts, r);
    auto forged = s1;
    forged.shares[0] = RG::generator();
    CHECK_FALSE(op->post_share(forged));
    REQUIRE(op->post_share(s1));
    CHECK_FALSE(op->post_share(s1));
    REQUIRE(op->post_share(ceremony::prove_decryption_share<RG>(cer.keys[2], record::tally_context(m), cts, r)));
    auto res = op->publish_result();
    REQUIRE(res);
    CHECK(res->contests[0].options[0].second == 1);
    CHECK(res->contests[1].options[1].second == 1);
    CHECK(res->contests[1].options[0].second == 0);
    CHECK_FALSE(op->publish_result());
    REQUIRE(op->sync());
    auto rep = verify_record(t.path / "rec", {1, {}});
    REQUIRE(rep);
    INFO(rep->text());
    CHECK(rep->ok());
}

TEST_CASE("operator: opening in two steps (stage, co-signatures, open_staged)", "[election][operator][stage]") {
    small_election e(13, 3);
    auto& [r, m, mh, authority, iss, cer, trustees, setup, opk, stmt] = e;
    scratch_dir t("stage");
    auto seed_copy = [](const signing_key& k) { return signing_key::from_seed(k.seed().span()).value(); };
    const auto dir = t.path / "rec";
    namespace files = record::files;

    // stage refuses what open refuses, and writes nothing then
    {
        auto bad = setup;
        bad.roll_signature = opk.sign(bad.open_payload().roll_statement());
        auto s = board_operator::stage(t.path / "x", bad, opk.public_key());
        REQUIRE_FALSE(s);
        CHECK(s.err().code == errc::verify_failed);
        CHECK_FALSE(fs::exists(t.path / "x"));
        auto few = setup;
        few.trustees.pop_back();
        CHECK(board_operator::stage(t.path / "x", few, opk.public_key()).err().code == errc::bad_input);
        CHECK(board_operator::stage(t.path / "x", setup, trustees[0].public_key()).err().code == errc::bad_input);  // same key twice
        CHECK_FALSE(fs::exists(t.path / "x"));
        CHECK(board_operator::read_staged(t.path / "x").err().code == errc::io);
    }
    REQUIRE(board_operator::stage(dir, setup, opk.public_key()));
    CHECK_FALSE(board_operator::stage(dir, setup, opk.public_key()));  // never over a directory with files
    for (auto f : {files::manifest, files::roll, files::ceremony, files::open_request}) CHECK(fs::exists(dir / f));
    CHECK_FALSE(fs::exists(dir / files::board));

    // a trustee reads back the same statement as the operator's
    auto st = board_operator::read_staged(dir);
    REQUIRE(st);
    CHECK(st->statement == stmt);
    CHECK(st->board_operator == opk.public_key());
    CHECK(st->setup.trustees == setup.trustees);

    // every staged file is bound to the request
    auto with_edit = [&](std::string_view file, auto edit) {
        const auto p = dir / file;
        const auto saved = read_text(p);
        edit(p, saved);
        auto got = board_operator::read_staged(dir);
        write_text(p, saved);
        REQUIRE_FALSE(got);
        return got.err();
    };
    auto other = small_election(14, 3);  // another election's files
    CHECK(with_edit(files::manifest, [&](const fs::path& p, const std::string&) {
              auto m2 = m;
              m2.title = "another title";
              REQUIRE(record::write_json_file(p, m2.to_json()));
          }).message.find("manifest.json is not the manifest the request names") != std::string::npos);
    CHECK(with_edit(files::roll, [&](const fs::path& p, const std::string&) { REQUIRE(other.iss.roll.save(p)); })
              .message.find("roll.jsonl is not the roll") != std::string::npos);
    {
        const auto err = with_edit(files::ceremony, [&](const fs::path& p, const std::string&) {
            REQUIRE(record::write_json_file(p, other.setup.ceremony));
        });
        CHECK(err.code == errc::verify_failed);
    }
    auto edit_request = [&](auto change) {
        return with_edit(files::open_request, [&](const fs::path& p, const std::string& saved) {
            auto j = json::parse(saved);
            change(j);
            write_text(p, j.dump() + "\n");
        });
    };
    CHECK(edit_request([](json& j) { j["open"]["cosignatures"] = json::array({{{"trustee", 1}, {"signature", std::string(128, '0')}}}); })
              .message.find("must be empty") != std::string::npos);
    CHECK(edit_request([&](json& j) { j["open"]["joint_key"] = RG::encode(RG::generator()).hex(); })
              .message.find("joint key") != std::string::npos);
    CHECK(edit_request([&](json& j) { j["open"]["roll_signature"] = opk.sign(stmt).hex(); }).code == errc::verify_failed);
    CHECK(edit_request([](json& j) { j["format"] = "x"; }).code == errc::bad_input);
    CHECK(edit_request([](json& j) { j.erase("operator"); }).code == errc::bad_input);
    CHECK(edit_request([](json& j) { j["operator"] = "zz"; }).message.find("open-request.json.operator") != std::string::npos);
    CHECK(edit_request([](json& j) { j["extra"] = 1; }).code == errc::bad_input);

    // open_staged: the operator's key, k valid co-signatures on this statement
    const record::cosignature c1{1, trustees[0].sign(stmt)}, c3{3, trustees[2].sign(stmt)};
    CHECK(board_operator::open_staged(dir, seed_copy(trustees[1]), {c1, c3}, durability::deferred).err().code ==
          errc::verify_failed);
    CHECK(board_operator::open_staged(dir, seed_copy(opk), {c1}, durability::deferred).err().code == errc::verify_failed);
    const hash64 other_stmt = setup.open_payload().statement(trustees[1].public_key());
    CHECK(board_operator::open_staged(dir, seed_copy(opk), {c1, {3, trustees[2].sign(other_stmt)}}, durability::deferred)
              .err()
              .code == errc::verify_failed);
    CHECK(board_operator::open_staged(dir, seed_copy(opk), {c1, {2, trustees[2].sign(stmt)}}, durability::deferred)
              .err()
              .code == errc::verify_failed);  // trustee 3's signature under index 2
    CHECK_FALSE((fs::exists(dir / files::board) && fs::file_size(dir / files::board) > 0));
    // a crash after creating the board file and before the open entry: the open still goes ahead
    write_text(dir / files::board, "");
    {
        auto op = board_operator::open_staged(dir, seed_copy(opk), {c1, c3}, durability::deferred);
        REQUIRE(op);
        CHECK(op->size() == 1);
    }
    CHECK_FALSE(fs::exists(dir / files::open_request));
    CHECK(board_operator::read_staged(dir).err().code == errc::bad_input);  // already open
    CHECK_FALSE(board_operator::open_staged(dir, seed_copy(opk), {c1, c3}, durability::deferred));

    // the same record, byte for byte, as open() in one step
    {
        auto op = board_operator::open(t.path / "one", setup, seed_copy(opk), {c1, c3}, durability::deferred);
        REQUIRE(op);
    }
    for (auto f : {files::manifest, files::roll, files::ceremony, files::board})
        CHECK(read_text(dir / f) == read_text(t.path / "one" / f));
    auto resumed = board_operator::resume(dir, seed_copy(opk));
    REQUIRE(resumed);
    CHECK(resumed->state().entries == 1);
}

TEST_CASE("ballot_hash_from_json: the hash of every ballot on a record's board, without decoding", "[election][record]") {
    election_fixture f(12, 4247);
    const auto doc = board_doc::load(f.dir);
    std::size_t n = 0;
    for (const auto& e : doc.entries) {
        if (e.kind != "cast" && e.kind != "challenge") continue;
        const auto& j = e.kind == "cast" ? e.payload : e.payload.at("ballot");
        auto b = ballot<RG>::from_json(j, f.sim.m);
        REQUIRE(b);
        auto h = ballot_hash_from_json(j);
        REQUIRE(h);
        CHECK(*h == b->hash());
        ++n;
        // any change to what the hash covers changes it; a malformed shape is an error
        auto k = j;
        k["randomness_proof"] = std::string(k["randomness_proof"].get<std::string>()).replace(0, 2, "00");
        if (k != j) CHECK(*ballot_hash_from_json(k) != *h);
        auto no_ranked = j;
        no_ranked.erase("ranked");
        CHECK(*ballot_hash_from_json(no_ranked) != *h);
        for (const char* drop : {"election", "credential", "contests", "randomness_proof"}) {
            auto d = j;
            d.erase(drop);
            CHECK_FALSE(ballot_hash_from_json(d));
        }
        auto odd = j;
        odd["contests"][0]["selections"][0] = "abc";
        CHECK_FALSE(ballot_hash_from_json(odd));
        auto short_cred = j;
        short_cred["credential"] = "00";
        CHECK_FALSE(ballot_hash_from_json(short_cred));
    }
    CHECK(n >= 12);
    CHECK_FALSE(ballot_hash_from_json(json::array()));
}

TEST_CASE("challenge: openings parse strictly and check every selection", "[election][challenge]") {
    seeded_rng r(5);
    auto m = demo_manifest(1, 1, false);
    auto kp = elgamal::key_pair<RG>::generate(r);
    auto cred = signing_key::generate(r);
    choices c{{"executive", {1, 0, 1, 0, 0, 0, 0, 0, 0, 1}}, {"chair", {0, 0, 1, 0}}};
    auto b = encrypt_ballot<RG>(m, kp.pk, cred, c, r).value();
    auto o = open_ballot<RG>(b, c);
    CHECK(verify_opening_vartime<RG>(m, kp.pk.element(), b.value, o));
    auto back = ballot_opening<RG>::from_json(o.to_json(), m);
    REQUIRE(back);
    CHECK(verify_opening_vartime<RG>(m, kp.pk.element(), b.value, *back));
    // another value, another nonce, another key: all rejected
    auto v = o;
    v.choices["executive"][1] = 1;
    CHECK_FALSE(verify_opening_vartime<RG>(m, kp.pk.element(), b.value, v));
    auto n = o;
    n.nonces[3] = n.nonces[3] + RG::scalar::one();
    CHECK_FALSE(verify_opening_vartime<RG>(m, kp.pk.element(), b.value, n));
    CHECK_FALSE(verify_opening_vartime<RG>(m, RG::generator(), b.value, o));
    // JSON: missing, extra or out-of-range fields
    auto j = o.to_json();
    auto bad = j;
    bad["choices"]["chair"] = {0, 0, 2, 0};
    CHECK_FALSE(ballot_opening<RG>::from_json(bad, m));
    bad = j;
    bad["choices"]["chair"] = {1, 0, 1, 0};  // plurality: at most one
    CHECK_FALSE(ballot_opening<RG>::from_json(bad, m));
    bad = j;
    bad["nonces"].erase(0);
    CHECK_FALSE(ballot_opening<RG>::from_json(bad, m));
    bad = j;
    bad["extra"] = 1;
    CHECK_FALSE(ballot_opening<RG>::from_json(bad, m));
    bad = j;
    bad["nonces"][0] = std::string(64, 'f');  // not a canonical scalar
    CHECK_FALSE(ballot_opening<RG>::from_json(bad, m));
    bad = j;
    bad["choices"]["other"] = {1};
    CHECK_FALSE(ballot_opening<RG>::from_json(bad, m));
}

TEST_CASE("record payloads: strict codecs", "[election][record]") {
    record::cancel_payload c{7, {}, "superseded"};
    auto j = c.to_json();
    CHECK(record::cancel_payload::from_json(j));
    auto bad = j;
    bad["extra"] = 1;
    CHECK_FALSE(record::cancel_payload::from_json(bad));
    bad = j;
    bad.erase("reason");
    CHECK_FALSE(record::cancel_payload::from_json(bad));
    bad = j;
    bad["entry"] = -1;
    CHECK_FALSE(record::cancel_payload::from_json(bad));
    bad = j;
    bad["ballot"] = "00";
    CHECK_FALSE(record::cancel_payload::from_json(bad));
    record::close_payload cl{3, {}, {{1, {}}}};
    auto cj = cl.to_json();
    CHECK(record::close_payload::from_json(cj));
    cj["cosignatures"][0]["trustee"] = 0;
    CHECK_FALSE(record::close_payload::from_json(cj));
    record::revoke_payload rv{"v1", "reason", {}};
    CHECK(record::revoke_payload::from_json(rv.to_json()));
    auto rj = rv.to_json();
    rj["voter"] = "not an id!";
    CHECK_FALSE(record::revoke_payload::from_json(rj));
    rj = rv.to_json();
    rj["reason"] = "";
    CHECK_FALSE(record::revoke_payload::from_json(rj));
    CHECK_FALSE(record::open_payload::from_json(json::object()));
    CHECK_FALSE(record::result_payload::from_json(json{{"contests", json::array()}, {"trustees", {0}}}));
}

TEST_CASE("operator: an election in which no ballot counts publishes zeros and verifies", "[election][operator]") {
    small_election e(12, 2);
    auto& [r, m, mh, authority, iss, cer, trustees, setup, opk, stmt] = e;
    scratch_dir t("empty");
    // a repeated co-signature is refused even when k valid ones are there
    CHECK_FALSE(board_operator::open(t.path / "x", setup, signing_key::from_seed(opk.seed().span()).value(),
                                     {{1, trustees[0].sign(stmt)}, {2, trustees[1].sign(stmt)}, {2, trustees[1].sign(stmt)}},
                                     durability::deferred));
    // the same key for the operator and a trustee is refused
    {
        auto same = setup;
        same.trustees[2] = opk.public_key();
        CHECK_FALSE(board_operator::open(t.path / "y", same, signing_key::from_seed(opk.seed().span()).value(), {}, durability::deferred));
    }
    auto op = board_operator::open(t.path / "rec", setup, std::move(opk), {{1, trustees[0].sign(stmt)}, {2, trustees[1].sign(stmt)}},
                                   durability::deferred);
    REQUIRE(op);
    record::revoke_payload rv{iss.secrets[0].voter, "lapsed", {}};
    rv.authority_signature = authority.sign(rv.statement(mh));
    REQUIRE(op->revoke(rv));
    const elgamal::public_key<RG> pk(cer.result.key->joint_key);
    choices c{{"executive", std::vector<std::uint64_t>(10, 0)}, {"chair", {1, 0, 0, 0}}};
    REQUIRE(op->cast(encrypt_ballot<RG>(m, pk, iss.secrets[0].key, c, r)->value));  // cast, then cancelled
    auto cs = op->close_statement();
    REQUIRE(op->close({{2, trustees[1].sign(cs.statement(mh))}, {3, trustees[2].sign(cs.statement(mh))}}));
    auto tally = op->tally();
    REQUIRE(tally);
    CHECK(tally->ballots == 0);
    auto cts = tally->all();
    CHECK_FALSE(op->post_share(ceremony::prove_decryption_share<RG>(cer.keys[0], record::tally_context(m), cts, r)));
    auto res = op->publish_result();
    REQUIRE(res);
    for (const auto& rc : res->contests)
        for (const auto& o : rc.options) CHECK(o.second == 0);
    REQUIRE(op->sync());
    auto rep = verify_record(t.path / "rec", {1, {}});
    REQUIRE(rep);
    INFO(rep->text());
    CHECK(rep->ok());
    CHECK(rep->counted == 0);
}

TEST_CASE("operator: ballots checked on all cores, then cast in order", "[election][operator]") {
    small_election e(12, 6);
    auto& [r, m, mh, authority, iss, cer, trustees, setup, opk, stmt] = e;
    scratch_dir t("operator-check");
    auto seed_copy = [](const signing_key& k) { return signing_key::from_seed(k.seed().span()).value(); };
    auto op = board_operator::open(t.path / "rec", setup, seed_copy(opk), {{1, trustees[0].sign(stmt)}, {2, trustees[1].sign(stmt)}},
                                   durability::deferred);
    REQUIRE(op);
    const elgamal::public_key<RG> pk(cer.result.key->joint_key);
    choices c{{"executive", std::vector<std::uint64_t>(10, 0)}, {"chair", {0, 0, 1, 0}}};
    std::vector<ballot<RG>> bs;
    for (std::size_t i = 0; i < 5; ++i) bs.push_back(encrypt_ballot<RG>(m, pk, iss.secrets[i].key, c, r)->value);
    // check() is const and runs on many threads at once
    std::vector<std::optional<board_operator::checked_ballot>> checked(bs.size());
    std::vector<std::string> errors(bs.size());
    parallel::thread_scope ts(2);
    parallel::for_each(bs.size(), [&](std::size_t i) {
        auto k = op->check(bs[i]);
        if (k)
            checked[i] = std::move(*k);
        else
            errors[i] = k.err().message;
    });
    for (std::size_t i = 0; i < bs.size(); ++i) {
        INFO(errors[i]);
        REQUIRE(checked[i]);
        CHECK(checked[i]->hash() == bs[i].hash());
    }
    // check() refuses what cast() refuses for the ballot itself
    auto bad = bs[0];
    std::swap(bad.contests[1].selections[0], bad.contests[1].selections[1]);
    CHECK_FALSE(op->check(bad));
    CHECK_FALSE(op->check(encrypt_ballot<RG>(m, pk, signing_key::generate(r), c, r)->value));  // not on the roll
    {  // check_batch: the same verdicts, ballot by ballot, in order
        auto unsigned_ballot = bs[2];
        unsigned_ballot.signature.bytes[0] ^= 1;
        std::vector<ballot<RG>> batch{bs[1], bad, encrypt_ballot<RG>(m, pk, signing_key::generate(r), c, r)->value, bs[3],
                                      unsigned_ballot, bs[4]};
        auto got = op->check_batch(batch);
        REQUIRE(got.size() == 6);
        for (std::size_t i : {0u, 3u, 5u}) {
            REQUIRE(got[i]);
            CHECK(got[i]->hash() == batch[i].hash());
        }
        CHECK(got[1].err().code == errc::verify_failed);
        CHECK(got[2].err().message.find("not on the roll") != std::string::npos);
        CHECK(got[4].err().message.find("signature") != std::string::npos);
        CHECK(op->check_batch({}).empty());
    }
    // cast in order; a checked ballot is cast once
    auto first = *checked[0];
    REQUIRE(op->cast(std::move(*checked[0])));
    CHECK_FALSE(op->cast(std::move(first)));
    CHECK_FALSE(op->cast(bs[0]));
    // a ballot checked by the operator of another board (same manifest, other roll and key) is refused
    small_election other(13, 6);
    scratch_dir t2("operator-check-other");
    auto op2 = board_operator::open(t2.path / "rec", other.setup, seed_copy(other.opk),
                                    {{1, other.trustees[0].sign(other.stmt)}, {2, other.trustees[1].sign(other.stmt)}},
                                    durability::deferred);
    REQUIRE(op2);
    auto foreign = op2->check(encrypt_ballot<RG>(other.m, elgamal::public_key<RG>(other.cer.result.key->joint_key),
                                                 other.iss.secrets[0].key, c, other.r)
                                  ->value);
    REQUIRE(foreign);
    auto refused = op->cast(std::move(*foreign));
    REQUIRE_FALSE(refused);
    CHECK(refused.err().message.find("another board") != std::string::npos);
    for (std::size_t i = 1; i < bs.size(); ++i) REQUIRE(op->cast(std::move(*checked[i])));
    // nothing after the close, even checked before it
    auto late = op->check(encrypt_ballot<RG>(m, pk, iss.secrets[5].key, c, r)->value);
    REQUIRE(late);
    auto cs = op->close_statement();
    REQUIRE(op->close({{1, trustees[0].sign(cs.statement(mh))}, {2, trustees[1].sign(cs.statement(mh))}}));
    CHECK_FALSE(op->cast(std::move(*late)));
    REQUIRE(op->sync());
}

TEST_CASE("record: elections of one and two voters verify", "[election][record]") {
    for (std::size_t voters : {1u, 2u}) {
        INFO(voters << " voters");
        election_fixture f(voters, 7);
        auto rep = verify_record(f.dir, {2, {}});
        REQUIRE(rep);
        INFO(rep->text());
        CHECK(rep->ok());
        REQUIRE(rep->result);
        for (const auto& c : rep->result->contests)
            for (std::size_t i = 0; i < c.options.size(); ++i) CHECK(c.options[i].second == f.sim.expected.at(c.id).at(i));
    }
}
