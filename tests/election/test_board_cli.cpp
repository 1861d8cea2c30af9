// `scrutineer board`: the operator's steps after the close, each its own
// process. A record cut just after the tally (a crash, or simply the end of
// the operator's server run) is finished through the CLI alone for the
// operator and the mixers: the trustees' shares are produced with the library
// and handed over as files. The record then verifies; forged submissions,
// steps out of turn, the wrong key and a locked board are refused with the
// documented exit statuses.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "record_fixture.hpp"
#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/election/mix.hpp"

using namespace scrutineer;
using namespace scrutineer::election;
using namespace scrutineer::test;

namespace {

struct run_result {
    int status = -1;
    std::string out;
};

run_result run_cli(const fs::path& cli, const std::string& args, const fs::path& scratch) {
    const auto out = scratch / "cli.out";
    std::string cmd;
    for (const std::string& part : {std::string("'"), cli.string(), std::string("' "), args, std::string(" > '"), out.string(),
                                    std::string("' 2>&1")})
        cmd.append(part);
    const int rc = std::system(cmd.c_str());
    return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, read_text(out)};
}

std::string q(const fs::path& p) {
    std::string s(1, '\'');
    s.append(p.string());
    s.push_back('\'');
    return s;
}

/// A key file NAME.key in `dir`, in the form `scrutineer` reads.
fs::path write_key(const fs::path& dir, const std::string& name, const signing_key& k) {
    const auto p = dir / (name + ".key");
    write_text(p, to_hex(k.seed().span()) + "\n");
    return p;
}

/// `scrutineer board ACTION DIR --key KEY --threads 1 REST`.
struct operator_cli {
    fs::path cli, dir, key, scratch;
    run_result operator()(const std::string& action, const std::string& rest = "") const {
        return run_cli(cli, "board " + action + " " + q(dir) + " --key " + q(key) + " --threads 1 " + rest, scratch);
    }
};

}  // namespace

TEST_CASE("scrutineer board: the operator's steps after the close as separate processes, and the record verifies",
          "[election][resume][cli]") {
    SCRUTINEER_CLI_OR_SKIP(cli);
    election_fixture f(10, 4245);
    const auto& sim = f.sim;
    const auto& m = sim.m;
    scratch_dir t("board-cli");
    const auto dir = t.path / "rec";
    {  // the record as it stood right after the tally
        const auto doc = board_doc::load(f.dir);
        fs::create_directories(dir);
        for (auto name : {"manifest.json", "roll.jsonl", "ceremony.json"}) fs::copy_file(f.dir / name, dir / name);
        auto cut = doc;
        cut.entries.resize(doc.find("tally") + 1);
        cut.write_raw(dir);
    }
    auto key_file = [&](const std::string& name, const signing_key& k) { return write_key(t.path, name, k); };
    const auto opkey = key_file("operator", sim.operator_key);
    const operator_cli board{cli, dir, opkey, t.path};
    seeded_rng r(7);

    // status, as JSON
    auto st = board("status", "--json");
    REQUIRE(st.status == 0);
    auto sj = json::parse(st.out);
    CHECK(sj["closed"] == true);
    CHECK(sj["tallied"] == true);
    CHECK(sj["shares"] == 0);
    CHECK(sj["next"].get<std::string>().find("decryption shares of the tally") != std::string::npos);
    CHECK(board("status").out.find("next: ") != std::string::npos);

    // the wrong key; a malformed key file; a step out of turn
    CHECK(run_cli(cli, "board status " + q(dir) + " --key " + q(key_file("authority", sim.authority_key)), t.path).status == 1);
    write_text(t.path / "bad.key", "zz\n");
    CHECK(run_cli(cli, "board status " + q(dir) + " --key " + q(t.path / "bad.key"), t.path).status == 2);
    CHECK(run_cli(cli, "board status " + q(dir) + " --key " + q(t.path / "none.key"), t.path).status == 3);
    CHECK(board("tally").status == 2);  // posted already
    CHECK(board("publish-result").status == 2);  // no shares yet

    // the trustees' shares of the tally, handed over as files
    const auto tally = [&] {
        const auto d = board_doc::load(dir);
        return record::tally_payload::from_json(d.entries[d.find("tally")].payload, m).value();
    }();
    auto share_file = [&](const std::string& name, const json& j) {
        const auto p = t.path / (name + ".json");
        write_text(p, j.dump() + "\n");
        return p;
    };
    {
        auto sh = ceremony::prove_decryption_share<RG>(sim.trustee_keys[0], record::tally_context(m), tally.all(), r);
        auto forged = sh;
        forged.shares[1] = forged.shares[1] + RG::generator();
        CHECK(board("post-share", q(share_file("forged-share", ceremony::to_json<RG>(forged)))).status == 1);
        CHECK(board("post-share", q(t.path / "missing.json")).status == 3);
        write_text(t.path / "garbage.json", "{\"trustee\": 1}\n");
        CHECK(board("post-share", q(t.path / "garbage.json")).status == 2);
    }
    for (std::uint32_t i : {1u, 3u, 5u}) {
        auto sh = ceremony::prove_decryption_share<RG>(sim.trustee_keys[i - 1], record::tally_context(m), tally.all(), r);
        const auto p = share_file("share" + std::to_string(i), ceremony::to_json<RG>(sh));
        auto res = board("post-share", q(p));
        CHECK(res.status == 0);
        CHECK(res.out.find("verified and posted") != std::string::npos);
        CHECK(board("post-share", q(p)).status == 2);  // once per trustee
    }
    CHECK(board("publish-result").status == 2);  // the ranked contest has no result yet

    // the mix chain: the mixers run `scrutineer mix`, the operator `scrutineer board post-mix`
    CHECK(board("post-mix-input", "--contest chair").status == 2);
    REQUIRE(board("post-mix-input", "--contest nec").status == 0);
    CHECK(board("post-mix-input", "--contest nec").status == 2);
    for (std::uint32_t i : {2u, 4u, 1u}) {
        const auto tk = key_file("trustee" + std::to_string(i), sim.trustee_signing_keys[i - 1]);
        const auto sub = t.path / ("mix" + std::to_string(i) + ".json");
        REQUIRE(run_cli(cli, "mix " + q(dir) + " --contest nec --mixer " + std::to_string(i) + " --key " + q(tk) + " --out " +
                                 q(sub) + " --threads 1",
                        t.path)
                    .status == 0);
        {  // altered on its way to the operator: two output papers swapped
            auto p = record::mix_payload::from_json(record::read_json_file(sub).value(), m).value();
            auto b = p.output.mutable_bytes();
            const auto per = b.size() / p.output.size();
            std::swap_ranges(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(per), b.begin() + static_cast<std::ptrdiff_t>(per));
            p.output = mixnet::ciphertext_list<RG>::from_bytes(b, p.output.size(), p.output.width()).value();
            CHECK(board("post-mix", q(share_file("forged-mix", p.to_json()))).status == 1);
        }
        auto res = board("post-mix", q(sub));
        CHECK(res.status == 0);
        CHECK(res.out.find("round") != std::string::npos);
        CHECK(board("post-mix", q(sub)).status == 2);  // that round is taken
    }
    // the trustees' shares of the last mix
    auto head = read_chain_head(dir, "nec", false);
    REQUIRE(head);
    CHECK(head->rounds == 3);
    auto flat = flatten(head->list);
    REQUIRE(flat);
    CHECK(board("publish-ranked-result", "--contest nec").status == 2);  // no shares yet
    for (std::uint32_t i : {2u, 3u, 5u}) {
        auto sh = ceremony::prove_decryption_share<RG>(sim.trustee_keys[i - 1], record::ranked_context(m, "nec"), *flat, r);
        if (i == 2) {
            auto forged = sh;
            forged.shares[0] = forged.shares[0] + RG::generator();
            CHECK(board("post-ranked-share", q(share_file("forged-ranked", record::ranked_share_payload{"nec", forged}.to_json())))
                      .status == 1);
        }
        const auto p = share_file("ranked" + std::to_string(i), record::ranked_share_payload{"nec", sh}.to_json());
        CHECK(board("post-ranked-share", q(p)).status == 0);
        CHECK(board("post-ranked-share", q(p)).status == 2);
    }
    {  // another operator process while this one holds the board: refused (I/O); status only reads
        auto op = board_operator::resume(dir, signing_key::from_seed(sim.operator_key.seed().span()).value());
        REQUIRE(op);
        auto locked = board("publish-ranked-result", "--contest nec");
        CHECK(locked.status == 3);
        CHECK(locked.out.find("open for writing elsewhere") != std::string::npos);
        auto reading = board("status");
        CHECK(reading.status == 0);
        CHECK(reading.out.find("ranked-result not yet") != std::string::npos);
    }
    auto rr = board("publish-ranked-result", "--contest nec");
    CHECK(rr.status == 0);
    CHECK(rr.out.find("elected: ") != std::string::npos);
    auto res = board("publish-result");
    CHECK(res.status == 0);
    CHECK(res.out.find("executive:") != std::string::npos);
    CHECK(json::parse(board("status", "--json").out)["next"].get<std::string>().find("nothing") == 0);
    CHECK(board("publish-result").status == 2);

    const auto v = cli_verify(cli, dir);
    INFO(v.describe());
    CHECK(v.exit_status == 0);
    CHECK(v.failed.empty());
}

TEST_CASE("a ceremony run by scrutineer trustee, one process per trustee, opens an election whose trustees decrypt with trustee share",
          "[election][resume][cli]") {
    SCRUTINEER_CLI_OR_SKIP(cli);
    scratch_dir t("cli-ceremony");
    seeded_rng r(8);
    const auto m = demo_manifest(3, 2, false);
    const auto mfile = t.path / "manifest.json";
    write_text(mfile, m.to_json().dump() + "\n");
    const auto board_dir = t.path / "ceremony-board";
    REQUIRE(run_cli(cli, "trustee setup --board " + q(board_dir) + " --trustees 3 --threshold 2 --manifest " + q(mfile), t.path)
                .status == 0);
    {  // three trustees, three processes at once
        std::string script;
        for (int i = 1; i <= 3; ++i) {
            script.append("'").append(cli.string()).append("' trustee keygen --board ").append(q(board_dir));
            script.append(" --index ").append(std::to_string(i)).append(" --state ").append(q(t.path / ("t" + std::to_string(i) + ".state")));
            script.append(" --wait 60 > /dev/null 2>&1 & ");
        }
        script.append("wait");
        REQUIRE(std::system(script.c_str()) == 0);
    }
    const auto cfile = t.path / "ceremony.json";
    REQUIRE(run_cli(cli, "trustee transcript --board " + q(board_dir) + " --out " + q(cfile), t.path).status == 0);

    // the provider opens the election with that transcript
    const auto cj = record::read_json_file(cfile).value();
    const auto tr = ceremony::transcript_from_json<RG>(cj).value();
    const auto outcome = ceremony::verify_transcript<RG>(tr).value();
    REQUIRE(outcome.complete());
    auto authority = signing_key::generate(r);
    auto iss = issue_credentials(4, "v", r).value();
    std::vector<signing_key> trustees;
    for (int i = 0; i < 3; ++i) trustees.push_back(signing_key::generate(r));
    election_setup setup{m, iss.roll, cj, *outcome.key, authority.public_key(), {}, {}};
    for (const auto& k : trustees) setup.trustees.push_back(k.public_key());
    setup.roll_signature = authority.sign(setup.open_payload().roll_statement());
    auto opk = signing_key::generate(r);
    const auto stmt = setup.open_payload().statement(opk.public_key());
    const auto dir = t.path / "rec";
    auto op = board_operator::open(dir, setup, std::move(opk), {{1, trustees[0].sign(stmt)}, {3, trustees[2].sign(stmt)}});
    REQUIRE(op);
    const elgamal::public_key<RG> pk(outcome.key->joint_key);
    std::vector<std::uint64_t> chair(4, 0);
    for (std::size_t i = 0; i < 4; ++i) {
        choices c{{"executive", std::vector<std::uint64_t>(10, 0)}, {"chair", std::vector<std::uint64_t>(4, 0)}};
        c["executive"][i] = 1;
        c["chair"][i % 2] = 1;
        ++chair[i % 2];
        auto b = encrypt_ballot<RG>(m, pk, iss.secrets[i].key, c, r);
        REQUIRE(b);
        REQUIRE(op->cast(b->value));
    }
    auto cs = op->close_statement();
    REQUIRE(op->close({{2, trustees[1].sign(cs.statement(m.hash()))}, {3, trustees[2].sign(cs.statement(m.hash()))}}));
    REQUIRE(op->tally());
    REQUIRE(op->sync());

    // trustees 1 and 3 check the record and decrypt the tally with their keygen state files
    for (int i : {1, 3}) {
        const auto out = t.path / ("share" + std::to_string(i) + ".json");
        const auto res = run_cli(cli, "trustee share " + q(dir) + " --state " + q(t.path / ("t" + std::to_string(i) + ".state")) +
                                          " --tally --threads 1 --out " + q(out),
                                 t.path);
        INFO(res.out);
        REQUIRE(res.status == 0);
        auto sh = ceremony::decryption_share_from_json<RG>(record::read_json_file(out).value(), 3, 14);
        REQUIRE(sh);
        CHECK(sh->trustee == static_cast<std::uint32_t>(i));
        REQUIRE(op->post_share(*sh));
    }
    auto res = op->publish_result();
    REQUIRE(res);
    REQUIRE(res->contests.size() == 2);
    for (std::size_t o = 0; o < 4; ++o) CHECK(res->contests[1].options[o].second == chair[o]);
    CHECK(res->contests[0].options[0].second == 1);
    REQUIRE(op->sync());
    const auto v = cli_verify(cli, dir);
    INFO(v.describe());
    CHECK(v.exit_status == 0);
}

TEST_CASE("scrutineer ballot, board cast and close, trustee cosign: what each refuses before the close",
          "[election][resume][cli]") {
    SCRUTINEER_CLI_OR_SKIP(cli);
    election_fixture f(10, 4246);
    const auto& sim = f.sim;
    scratch_dir t("cli-voting");
    const auto dir = t.path / "rec";
    const auto doc = board_doc::load(f.dir);
    auto make_record = [&](const fs::path& d, const std::function<void(board_doc&)>& edit) {
        fs::create_directories(d);
        for (auto name : {"manifest.json", "roll.jsonl", "ceremony.json"}) fs::copy_file(f.dir / name, d / name);
        auto cut = doc;
        cut.entries.resize(doc.find("close"));  // the board as it stood before the close
        if (edit) {
            edit(cut);
            cut.write_resigned(d, sim.operator_key);
        } else {
            cut.write_raw(d);
        }
    };
    make_record(dir, {});
    auto key_file = [&](const std::string& name, const signing_key& k) { return write_key(t.path, name, k); };
    const auto opkey = key_file("operator", sim.operator_key);
    const operator_cli board{cli, dir, opkey, t.path};
    // voter 5 (a plain voter in the fixture) gets a credential file of its own
    const auto creds = t.path / "v5.jsonl";
    {
        std::vector<issued_credential> one;
        one.push_back({sim.credentials[5].voter, signing_key::from_seed(sim.credentials[5].key.seed().span()).value()});
        REQUIRE(save_credentials(creds, one));
    }
    auto ballot_cli = [&](const fs::path& d, const std::string& out, const std::string& votes) {
        return run_cli(cli, "ballot " + q(d) + " --credentials " + q(creds) + " --out " + q(t.path / out) + " " + votes, t.path);
    };

    // the device trusts the joint key only with k trustees' co-signatures on the open
    {
        const auto one = t.path / "one-cosig";
        make_record(one, [](board_doc& d) {
            auto& c = d.entries[0].payload["cosignatures"];
            while (c.size() > 2) c.erase(c.size() - 1);
        });
        auto res = ballot_cli(one, "x.json", "--vote chair=kofi");
        CHECK(res.status == 1);
        CHECK(res.out.find("co-signed by 2 trustees, 3 needed") != std::string::npos);
        const auto swapped = t.path / "other-key";
        make_record(swapped, [](board_doc& d) { d.entries[0].payload["joint_key"] = RG::encode(RG::generator()).hex(); });
        res = ballot_cli(swapped, "x.json", "--vote chair=kofi");
        CHECK(res.status == 1);
        CHECK(res.out.find("co-signed by 0 trustees") != std::string::npos);
        const auto other_manifest = t.path / "other-manifest";
        make_record(other_manifest, {});
        auto m2 = sim.m;
        m2.title = "another election";
        write_text(other_manifest / "manifest.json", m2.to_json().dump() + "\n");
        CHECK(ballot_cli(other_manifest, "x.json", "--vote chair=kofi").status == 1);
        CHECK(ballot_cli(dir, "x.json", "--vote chair=kofi,lena").status == 2);  // plurality: one mark
        CHECK(ballot_cli(dir, "x.json", "--vote chair").status == 2);
        CHECK(ballot_cli(dir, "x.json", "--vote nec=abebe,abebe").status == 2);  // a repeat in a ranking
        CHECK_FALSE(fs::exists(t.path / "x.json"));
    }

    // cast: a ballot, then the same again (refused, exit 1), in a JSON Lines file
    auto res = ballot_cli(dir, "b.json", "--vote chair=lena --vote executive=ada,bram");
    REQUIRE(res.status == 0);
    const std::string line = read_text(t.path / "b.json");
    write_text(t.path / "twice.jsonl", line + line);
    res = board("cast", q(t.path / "twice.jsonl"));
    CHECK(res.status == 1);
    CHECK(res.out.find("twice.jsonl:1: cast as entry") != std::string::npos);
    CHECK(res.out.find("twice.jsonl:2: refused") != std::string::npos);
    CHECK(res.out.find("1 ballots cast, 0 challenges and revocations posted, 1 refused") != std::string::npos);
    {  // a ballot for another election's key does not verify
        auto j = json::parse(line);
        j["contests"][0]["selections"][0] = RG::encode(RG::generator()).hex() + RG::encode(RG::generator()).hex();
        write_text(t.path / "bad.jsonl", j.dump() + "\n");
        CHECK(board("cast", q(t.path / "bad.jsonl")).status == 1);
    }
    CHECK(board("cast", q(t.path / "none.jsonl")).status == 3);
    {  // malformed lines are refused one by one, naming the line and the problem; the file goes on
        write_text(t.path / "mixed.jsonl", std::string("not json at all\n") +
                                               "{\"challenge\": {\"ballot\": {}}}\n"
                                               "{\"challenge\": 5}\n"
                                               "{\"revoke\": {\"voter\": 1}}\n"
                                               "[1, 2]\n" +
                                               std::string(300, '[') + "\n");
        auto m = board("cast", q(t.path / "mixed.jsonl"));
        INFO(m.out);
        CHECK(m.status == 1);
        CHECK(m.out.find("mixed.jsonl:1: refused: bad_input: not JSON") != std::string::npos);
        CHECK(m.out.find("mixed.jsonl:2: refused: bad_input: challenge: an object of two fields") != std::string::npos);
        CHECK(m.out.find("mixed.jsonl:3: refused: bad_input: challenge: an object of two fields") != std::string::npos);
        CHECK(m.out.find("mixed.jsonl:4: refused: ") != std::string::npos);
        CHECK(m.out.find("mixed.jsonl:5: refused: ") != std::string::npos);
        CHECK(m.out.find("mixed.jsonl:6: refused: ") != std::string::npos);
        CHECK(m.out.find("0 ballots cast, 0 challenges and revocations posted, 6 refused") != std::string::npos);
    }

    // the close: co-signature files checked for kind, statement, index and signature
    auto cosign = [&](std::uint32_t i, const std::string& out, const std::string& extra = "") {
        return run_cli(cli, "trustee cosign " + q(dir) + " --key " + q(key_file("t" + std::to_string(i), sim.trustee_signing_keys[i - 1])) +
                                " --index " + std::to_string(i) + " --out " + q(t.path / out) + " --threads 1 " + extra,
                       t.path);
    };
    for (std::uint32_t i : {1u, 2u, 4u}) REQUIRE(cosign(i, "close" + std::to_string(i) + ".json").status == 0);
    CHECK(cosign(1, "close1.json").status == 3);                  // never overwritten
    CHECK(cosign(2, "x.json", "--state " + q(t.path / "s")).status == 2);  // --state is for the open
    {
        auto j = json::parse(read_text(t.path / "close4.json"));
        auto sig = j["signature"].get<std::string>();
        sig[0] = sig[0] == '0' ? '1' : '0';
        j["signature"] = sig;
        write_text(t.path / "forged.json", j.dump());
        auto j2 = json::parse(read_text(t.path / "close4.json"));
        j2["trustee"] = 3;  // trustee 4's signature under index 3
        write_text(t.path / "misindexed.json", j2.dump());
        auto j3 = json::parse(read_text(t.path / "close4.json"));
        j3.erase("entries");
        write_text(t.path / "malformed.json", j3.dump());
        auto j4 = json::parse(read_text(t.path / "close4.json"));
        j4["kind"] = "open";
        write_text(t.path / "kind.json", j4.dump());
    }
    const std::string two = q(t.path / "close1.json") + " " + q(t.path / "close2.json");
    CHECK(board("close", "--cosignature " + two + " " + q(t.path / "forged.json")).status == 1);
    CHECK(board("close", "--cosignature " + two + " " + q(t.path / "misindexed.json")).status == 1);
    CHECK(board("close", "--cosignature " + two + " " + q(t.path / "malformed.json")).status == 2);
    CHECK(board("close", "--cosignature " + two + " " + q(t.path / "kind.json")).status == 2);
    CHECK(board("close", "--cosignature " + two).status == 1);  // 2 of k = 3
    CHECK(board("status").out.find("closed: no") != std::string::npos);
    res = board("close", "--cosignature " + two + " " + q(t.path / "close4.json"));
    CHECK(res.status == 0);
    CHECK(board("status").out.find("closed: yes") != std::string::npos);

    // a trustee does not co-sign the close of a board whose ballots do not verify
    {
        const auto bad = t.path / "bad-ballot";
        make_record(bad, [](board_doc& d) {
            auto& e = d.entries[d.find("cast")];
            auto p = e.payload["randomness_proof"].get<std::string>();
            p[0] = p[0] == '0' ? '1' : '0';
            e.payload["randomness_proof"] = p;
        });
        auto r1 = run_cli(cli, "trustee cosign " + q(bad) + " --key " + q(key_file("t1b", sim.trustee_signing_keys[0])) +
                                   " --index 1 --out " + q(t.path / "c-bad.json") + " --threads 1",
                          t.path);
        CHECK(r1.status == 1);
        CHECK(r1.out.find("the record does not verify; refusing to co-sign") != std::string::npos);
        CHECK((r1.out.find("  V1: ") != std::string::npos || r1.out.find("  V4: ") != std::string::npos));
        CHECK_FALSE(fs::exists(t.path / "c-bad.json"));
        // unchecked, it signs (what the operator then does with it is verify's business: V4 fails)
        CHECK(run_cli(cli, "trustee cosign " + q(bad) + " --key " + q(key_file("t1c", sim.trustee_signing_keys[0])) +
                               " --index 1 --out " + q(t.path / "c-bad.json") + " --no-check",
                      t.path)
                  .status == 0);
    }
}
