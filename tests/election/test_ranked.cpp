// Ranked contests in the election layer (issue 7): ranked parts of ballots,
// their Benaloh openings, the board payloads of the mix chain, and a mix chain
// run through `scrutineer mix`, one process per mixer, ending in a record that
// verifies and a count equal to the count of what the voters cast.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

#include "../spec_bytes.hpp"
#include "record_fixture.hpp"
#include "scrutineer/ceremony/simulation.hpp"
#include "scrutineer/count/rules.hpp"
#include "scrutineer/election/mix.hpp"
#include "scrutineer/election/simulate.hpp"

using namespace scrutineer;
using namespace scrutineer::election;
using namespace scrutineer::test;

namespace {
choices sample_choices(std::vector<std::uint64_t> ranking) {
    choices c{{"executive", std::vector<std::uint64_t>(10, 0)}, {"chair", {0, 1, 0, 0}}, {"nec", std::move(ranking)}};
    c["executive"][2] = 1;
    return c;
}
}  // namespace

TEST_CASE("ranked ballots: rankings encrypt, verify, open and refuse what is not a ranking", "[election][ranked]") {
    seeded_rng r(31);
    const auto m = demo_manifest(1, 1, true);
    const auto kp = elgamal::key_pair<RG>::generate(r);
    const auto K = kp.pk.element();
    const auto cred = signing_key::generate(r);
    const auto c = sample_choices({4, 0, 19, 7});
    auto eb = encrypt_ballot<RG>(m, kp.pk, cred, c, r);
    REQUIRE(eb);
    const auto& b = eb->value;
    REQUIRE(b.ranked.size() == 1);
    CHECK(b.ranked[0].id == "nec");
    CHECK(b.ranked[0].ciphertexts.size() == mixnet::ranking_width(20));
    CHECK(verify_ballot<RG>(m, K, b));
    CHECK(b.all_selections().size() == 14 + b.ranked[0].ciphertexts.size());

    // JSON round trip, and the ranked part is required exactly as the manifest says
    auto back = ballot<RG>::from_json(b.to_json(), m);
    REQUIRE(back);
    CHECK(back->hash() == b.hash());
    CHECK(verify_ballot<RG>(m, K, *back));
    auto no_ranked = b.to_json();
    no_ranked.erase("ranked");
    CHECK_FALSE(ballot<RG>::from_json(no_ranked, m));
    CHECK_FALSE(ballot<RG>::from_json(b.to_json(), demo_manifest(1, 1, false)));
    auto wide = b.to_json();
    wide["ranked"][0]["ciphertexts"].push_back(wide["ranked"][0]["ciphertexts"][0]);
    CHECK_FALSE(ballot<RG>::from_json(wide, m));
    auto renamed = b.to_json();
    renamed["ranked"][0]["id"] = "other";
    CHECK_FALSE(ballot<RG>::from_json(renamed, m));

    // the ranked ciphertext is bound: changed, or copied from another voter's ballot, the ballot fails
    {
        auto x = b;
        x.ranked[0].ciphertexts[0] = x.ranked[0].ciphertexts[0] + elgamal::ciphertext<RG>{RG::generator(), RG::generator()};
        CHECK(x.hash() != b.hash());
        x.signature = cred.sign(x.hash());
        CHECK_FALSE(verify_ballot<RG>(m, K, x));
        auto other = encrypt_ballot<RG>(m, kp.pk, signing_key::generate(r), sample_choices({1}), r).value().value;
        auto y = b;
        y.ranked[0] = other.ranked[0];
        y.signature = cred.sign(y.hash());
        auto s = verify_ballot<RG>(m, K, y);
        REQUIRE_FALSE(s);
        CHECK(s.err().message.find("randomness") != std::string::npos);
    }

    // Benaloh: the opening reveals the ranking; another ranking or nonce is caught
    auto o = open_ballot<RG>(*eb, c);
    CHECK(verify_opening_vartime<RG>(m, K, b, o));
    auto oj = ballot_opening<RG>::from_json(o.to_json(), m);
    REQUIRE(oj);
    CHECK(verify_opening_vartime<RG>(m, K, b, *oj));
    auto other_rank = o;
    other_rank.choices["nec"] = {4, 0, 7, 19};
    CHECK_FALSE(verify_opening_vartime<RG>(m, K, b, other_rank));
    auto shorter = o;
    shorter.choices["nec"] = {4, 0, 19};
    CHECK_FALSE(verify_opening_vartime<RG>(m, K, b, shorter));
    auto other_nonce = o;
    other_nonce.nonces.back() = other_nonce.nonces.back() + RG::scalar::one();
    CHECK_FALSE(verify_opening_vartime<RG>(m, K, b, other_nonce));
    for (auto bad : {nlohmann::json::array({4, 4}), nlohmann::json::array({20}), nlohmann::json::array({-1}), nlohmann::json("x")}) {
        auto j = o.to_json();
        j["choices"]["nec"] = bad;
        CHECK_FALSE(ballot_opening<RG>::from_json(j, m));
    }

    // choices that are not rankings are refused when encrypting
    for (auto bad : std::vector<std::vector<std::uint64_t>>{{1, 1}, {20}, {std::uint64_t{1} << 40}, std::vector<std::uint64_t>(21, 0)}) {
        auto e = encrypt_ballot<RG>(m, kp.pk, cred, sample_choices(bad), r);
        CHECK_FALSE(e);
    }
    auto missing = sample_choices({1});
    missing.erase("nec");
    CHECK_FALSE(encrypt_ballot<RG>(m, kp.pk, cred, missing, r));
    // a blank paper (the empty ranking) is a valid choice
    CHECK(encrypt_ballot<RG>(m, kp.pk, cred, sample_choices({}), r));
}

TEST_CASE("ranked parts: kept per cast entry, erased, replaced, and found whatever the entries' order", "[election][ranked]") {
    seeded_rng r(37);
    const auto m = demo_manifest(1, 1, true);
    const auto kp = elgamal::key_pair<RG>::generate(r);
    const auto cred = signing_key::generate(r);
    std::vector<ballot<RG>> bs;
    for (std::uint32_t i = 0; i < 4; ++i) bs.push_back(encrypt_ballot<RG>(m, kp.pk, cred, sample_choices({i, 7}), r)->value);
    const auto enc = [&](std::size_t i) { return record::encode_ranked_parts(bs[i]).at(0); };
    const auto same = [](std::optional<byte_span> got, const bytes& want) {
        return got && bytes(got->begin(), got->end()) == want;
    };
    // a contest's counted ballots feed derive_mix_input
    const auto& nec = m.contests.at(2);
    REQUIRE(nec.id == "nec");

    SECTION("entries in increasing order, as along a well-formed board") {
        record::ranked_parts p;
        p.add(3, bs[0]);
        p.add(10, bs[1]);
        p.add(11, bs[2]);
        CHECK(p.size() == 3);
        CHECK(same(p.part(3, 0), enc(0)));
        CHECK(same(p.part(10, 0), enc(1)));
        CHECK(same(p.part(11, 0), enc(2)));
        CHECK_FALSE(p.part(11, 1));  // one ranked contest only
        CHECK_FALSE(p.part(4, 0));
        CHECK_FALSE(p.part(12, 0));
        CHECK_FALSE(p.part(0, 0));
        p.erase(10);
        p.erase(10);  // twice: no effect
        p.erase(5);   // never added: no effect
        CHECK(p.size() == 2);
        CHECK_FALSE(p.part(10, 0));
        CHECK(same(p.part(11, 0), enc(2)));
        // the mix-input of the counted entries, each paper repeated by its weight
        auto in = record::derive_mix_input(m, nec, {{3, 2}, {11, 1}}, p);
        REQUIRE(in);
        CHECK(in->ballots == 2);
        CHECK(in->ciphertexts.hex() == to_hex(enc(0)) + to_hex(enc(0)) + to_hex(enc(2)));
        auto missing = record::derive_mix_input(m, nec, {{3, 1}, {10, 1}}, p);
        REQUIRE_FALSE(missing);
        CHECK(missing.err().message.find("entry 10") != std::string::npos);
    }
    SECTION("entries out of order or repeated (a board that fails B1) are still found, the last added winning") {
        record::ranked_parts p;
        p.add(5, bs[0]);
        p.add(9, bs[1]);
        p.add(7, bs[2]);  // out of order
        p.add(5, bs[3]);  // repeated: replaces
        CHECK(p.size() == 3);
        CHECK(same(p.part(5, 0), enc(3)));
        CHECK(same(p.part(7, 0), enc(2)));
        CHECK(same(p.part(9, 0), enc(1)));
        p.erase(7);
        CHECK_FALSE(p.part(7, 0));
        CHECK(p.size() == 2);
        p.add(7, bs[0]);
        CHECK(same(p.part(7, 0), enc(0)));
        CHECK(p.size() == 3);
    }
    SECTION("an increasing run that re-adds an entry") {
        record::ranked_parts p;
        p.add(1, bs[0]);
        p.add(2, bs[1]);
        p.add(2, bs[2]);
        CHECK(p.size() == 2);
        CHECK(same(p.part(2, 0), enc(2)));
        CHECK(same(p.part(1, 0), enc(0)));
    }
}

TEST_CASE("ranked outcome: decoding, invalid papers and the count", "[election][ranked]") {
    const auto m = demo_manifest(1, 1, true);
    const auto& mc = m.contests.at(2);
    REQUIRE(mc.id == "nec");
    std::vector<RG::element> pts;
    for (std::vector<std::uint32_t> rk : {std::vector<std::uint32_t>{0, 1, 2}, {}, {5}}) {
        const auto e = mixnet::encode_ranking(rk, 20).value();
        pts.insert(pts.end(), e.begin(), e.end());
    }
    pts.push_back(RG::generator());  // not an embedding: an invalid paper
    auto out = record::ranked_outcome(m, mc, pts, {1});
    REQUIRE(out);
    REQUIRE(out->ballots.size() == 4);
    CHECK(out->ballots[0] == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(out->ballots[1] == std::vector<std::uint32_t>{});
    CHECK_FALSE(out->ballots[3].has_value());
    for (const auto& [i, why] : out->invalid) UNSCOPED_INFO(i << ": " << why);
    REQUIRE(out->invalid.size() == 1);
    CHECK(out->invalid[0].first == 3);
    CHECK_FALSE(out->invalid[0].second.empty());
    CHECK(out->stages.is_object());
    CHECK(out->elected.size() == 9);  // scottish-stv fills all 9 seats even though only 4 candidates were named
    auto again = record::ranked_result_payload::from_json(out->to_json());
    REQUIRE(again);
    CHECK(again->to_json() == out->to_json());
    // nothing but blanks: no count
    auto blank = record::ranked_outcome(m, mc, std::span<const RG::element>(pts.data() + 1, 1), {});
    REQUIRE(blank);
    CHECK(blank->stages.is_null());
    CHECK(blank->elected.empty());
}

TEST_CASE("mix chain: each trustee mixes as its own process (scrutineer mix) and the record verifies", "[election][ranked][cli]") {
    SCRUTINEER_CLI_OR_SKIP(cli);
    small_election el(2027, 6, true);
    auto& [r, m, mh, authority, iss, cer, trustees, setup, opk, stmt] = el;
    scratch_dir t("mixchain");
    const auto dir = t.path / "rec";
    auto op = el.open(dir);
    REQUIRE(op);
    const elgamal::public_key<RG> pk(cer.result.key->joint_key);
    const std::vector<std::vector<std::uint64_t>> rankings{{0, 1, 2}, {1, 0}, {2}, {}, {0, 2, 1, 3}, {3, 4}};
    std::vector<std::pair<std::vector<std::uint32_t>, std::uint64_t>> papers;
    for (std::size_t i = 0; i < 6; ++i) {
        auto b = encrypt_ballot<RG>(m, pk, iss.secrets[i].key, sample_choices(rankings[i]), r);
        REQUIRE(b);
        if (i == 5) {
            // a malformed paper: the voter's device adds G to the plaintext and proves the
            // nonces again. Nothing proves a ranked plaintext well formed before the mix,
            // so the ballot counts; its paper is decrypted, found invalid and listed.
            b->value.ranked[0].ciphertexts[0].beta = b->value.ranked[0].ciphertexts[0].beta + RG::generator();
            const auto ctx = proof_context::for_election(byte_span(b->value.election)).derive("credential", b->value.credential.bytes);
            b->value.randomness_proof = proofs::prove_randomness<RG>(ctx, {pk.element(), b->value.all_selections()}, b->nonces, r);
            b->value.signature = iss.secrets[i].key.sign(b->value.hash());
        } else {
            papers.emplace_back(std::vector<std::uint32_t>(rankings[i].begin(), rankings[i].end()), 1);
        }
        REQUIRE(op->cast(b->value));
    }
    // not yet: a mix before the mix-input, a mix-input before the tally
    {
        record::mix_payload early;
        early.contest = "nec";
        auto e = op->post_mix(early);
        REQUIRE_FALSE(e);
        CHECK_THAT(e.err().message, Catch::Contains("no mix-input for \"nec\" yet"));
        CHECK(op->ranked_ciphertexts("nec").err().code == errc::not_found);
        CHECK(op->publish_ranked_result("nec").err().code == errc::not_found);
    }
    CHECK_FALSE(op->post_mix_input("nec"));
    auto cs = op->close_statement();
    REQUIRE(op->close({{1, trustees[0].sign(cs.statement(mh))}, {3, trustees[2].sign(cs.statement(mh))}}));
    auto tally = op->tally();
    REQUIRE(tally);
    for (std::uint32_t i : {1u, 2u})
        REQUIRE(op->post_share(ceremony::prove_decryption_share<RG>(cer.keys[i - 1], record::tally_context(m), tally->all(), r)));
    CHECK_FALSE(op->publish_result());  // the ranked contest has no result yet
    CHECK_FALSE(op->post_mix_input("chair"));
    auto in = op->post_mix_input("nec");
    REQUIRE(in);
    CHECK(in->ciphertexts.size() == 6);
    CHECK_FALSE(op->post_mix_input("nec"));
    CHECK_FALSE(op->ranked_ciphertexts("nec"));  // nobody has mixed yet (k = 2 needed)
    REQUIRE(op->sync());

    auto key_file = [&](std::uint32_t i) {
        const auto p = t.path / ("trustee" + std::to_string(i) + ".key");
        write_text(p, to_hex(trustees[i - 1].seed().span()) + "\n");
        return p;
    };
    auto run_mix = [&](std::uint32_t i, const fs::path& key, const fs::path& out) {
        const std::string cmd = "'" + cli.string() + "' mix '" + dir.string() + "' --contest nec --mixer " + std::to_string(i) +
                                " --key '" + key.string() + "' --out '" + out.string() + "' > /dev/null 2>&1";
        const int rc = std::system(cmd.c_str());
        return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    };
    // the wrong key for the index, an unknown contest: refused (exit 2)
    CHECK(run_mix(1, key_file(2), t.path / "x.json") == 2);
    mixnet::ciphertext_list<RG> last;  // the chain's last output
    {
        const std::string cmd = "'" + cli.string() + "' mix '" + dir.string() + "' --contest chair --mixer 1 --key '" +
                                key_file(1).string() + "' --out '" + (t.path / "y.json").string() + "' > /dev/null 2>&1";
        const int rc = std::system(cmd.c_str());
        CHECK(WEXITSTATUS(rc) == 2);
    }
    for (std::uint32_t i : {3u, 1u}) {  // any order of trustees
        const auto sub = t.path / ("mix" + std::to_string(i) + ".json");
        REQUIRE(run_mix(i, key_file(i), sub) == 0);
        CHECK(run_mix(i, key_file(i), sub) == 3);  // never overwrites
        auto p = record::mix_payload::from_json(record::read_json_file(sub).value(), m);
        REQUIRE(p);
        last = p->output;
        // a submission altered on its way to the operator is refused
        auto forged = *p;
        auto bytes_ = forged.output.mutable_bytes();
        std::swap_ranges(bytes_.begin(), bytes_.begin() + 64, bytes_.begin() + 64);
        forged.output = mixnet::ciphertext_list<RG>::from_bytes(bytes_, p->output.size(), p->output.width()).value();
        CHECK_FALSE(op->post_mix(forged));
        REQUIRE(op->post_mix(*p));
        CHECK_FALSE(op->post_mix(*p));  // the same round again
        REQUIRE(op->sync());
        CHECK(run_mix(i, key_file(i), t.path / ("again" + std::to_string(i) + ".json")) == 2);  // already mixed
    }
    auto cts = op->ranked_ciphertexts("nec");
    REQUIRE(cts);
    for (std::uint32_t i : {2u, 3u}) {
        auto sh = ceremony::prove_decryption_share<RG>(cer.keys[i - 1], record::ranked_context(m, "nec"), *cts, r);
        if (i == 2) {
            auto bad = sh;
            bad.shares[0] = bad.shares[0] + RG::generator();
            CHECK_FALSE(op->post_ranked_share("nec", bad));
            // a share set for fewer ciphertexts than the last mix's output
            auto few = ceremony::prove_decryption_share<RG>(cer.keys[i - 1], record::ranked_context(m, "nec"),
                                                            std::span(*cts).first(cts->size() - 1), r);
            auto e = op->post_ranked_share("nec", few);
            REQUIRE_FALSE(e);
            CHECK(e.err().code == errc::bad_length);
        }
        REQUIRE(op->post_ranked_share("nec", sh));
        if (i == 2) {
            // once decryption has begun, no further mix is taken, even a valid one
            auto late = mix_turn(m, cer.result.key->joint_key, "nec", 3, 2, trustees[1], last, r);
            REQUIRE(late);
            auto e = op->post_mix(*late);
            REQUIRE_FALSE(e);
            CHECK_THAT(e.err().message, Catch::Contains("already being decrypted"));
        }
    }
    auto rr = op->publish_ranked_result("nec");
    REQUIRE(rr);
    CHECK(rr->ballots.size() == 6);
    REQUIRE(rr->invalid.size() == 1);
    CHECK_FALSE(rr->ballots[rr->invalid[0].first].has_value());
    auto expected = record::count_rankings(m, m.contests.at(2), papers);
    REQUIRE(expected);
    CHECK(rr->elected == expected->elected);
    CHECK(rr->stages == expected->stages);
    // the decrypted papers are the cast rankings, in another order
    std::multiset<std::vector<std::uint32_t>> cast_set, got;
    for (const auto& [rk, w] : papers) cast_set.insert(rk);
    for (const auto& x : rr->ballots)
        if (x) got.insert(*x);
    CHECK(cast_set == got);
    // The verifier's piecewise reading (pieces of 4 ciphertexts: the 6 papers span two)
    {
        const auto& mc = m.contests.at(2);
        std::vector<record::encoded_share_set> enc;
        for (std::uint32_t i : {3u, 2u}) {
            auto sh = ceremony::prove_decryption_share<RG>(cer.keys[i - 1], record::ranked_context(m, "nec"), *cts, r);
            auto v = record::verify_ranked_share(record::ranked_share_payload{"nec", sh}.to_json(), m, *cer.result.key, last, 4);
            REQUIRE(v);
            CHECK(v->first == "nec");
            CHECK(v->second.trustee == i);
            CHECK(v->second.shares.size() == cts->size() * 32);
            enc.push_back(v->second);
            // a forged share or proof in the second piece is found and named
            auto bad = sh;
            bad.shares[5] = bad.shares[5] + RG::generator();
            auto e = record::verify_ranked_share(record::ranked_share_payload{"nec", bad}.to_json(), m, *cer.result.key, last, 4);
            REQUIRE_FALSE(e);
            CHECK(e.err().message.find("ciphertext[5]") != std::string::npos);
            bad = sh;
            std::swap(bad.proofs[1], bad.proofs[4]);
            CHECK_FALSE(record::verify_ranked_share(record::ranked_share_payload{"nec", bad}.to_json(), m, *cer.result.key, last, 4));
            // a share set for other ciphertexts (the mix-input's), the wrong contest, malformed entries
            CHECK_FALSE(record::verify_ranked_share(record::ranked_share_payload{"nec", sh}.to_json(), m, *cer.result.key,
                                                    in->ciphertexts, 4));
            auto j = record::ranked_share_payload{"nec", sh}.to_json();
            j["contest"] = "chair";
            CHECK_FALSE(record::verify_ranked_share(j, m, *cer.result.key, last, 4));
            j = record::ranked_share_payload{"nec", sh}.to_json();
            j["shares"][5] = 7;
            CHECK(record::verify_ranked_share(j, m, *cer.result.key, last, 4).err().message.find("entry 5") != std::string::npos);
            j = record::ranked_share_payload{"nec", sh}.to_json();
            j["proofs"].erase(j["proofs"].size() - 1);
            CHECK(record::verify_ranked_share(j, m, *cer.result.key, last, 4).err().code == errc::bad_length);
            CHECK_FALSE(record::verify_ranked_share(record::ranked_share_payload{"nec", sh}.to_json(), m, *cer.result.key, last, 0));
            // the same check on decoded shares (what the operator runs on a posted set)
            const auto rctx = record::ranked_context(m, "nec");
            CHECK(record::verify_share_against(*cer.result.key, rctx, last, sh, 4));
            CHECK_FALSE(record::verify_share_against(*cer.result.key, rctx, in->ciphertexts, sh, 4));
            CHECK_FALSE(record::verify_share_against(*cer.result.key, rctx, last, bad, 4));
            const ceremony::decryption_share_view<RG> tail(i, std::span(sh.shares).subspan(4), std::span(sh.proofs).subspan(4), 4);
            CHECK(record::verify_share_against(*cer.result.key, rctx, last, tail, 1));
            const ceremony::decryption_share_view<RG> past(i, std::span(sh.shares).subspan(4), std::span(sh.proofs).subspan(4), 5);
            CHECK(record::verify_share_against(*cer.result.key, rctx, last, past, 4).err().code == errc::bad_length);
            CHECK(record::verify_share_against(*cer.result.key, rctx, last, sh, 0).err().code == errc::bad_input);
        }
        // combined a piece at a time: the published outcome, whatever the piece size
        for (std::size_t piece : {std::size_t{1}, std::size_t{4}, std::size_t{1} << 14}) {
            auto o = record::ranked_outcome_from_shares(m, mc, *cer.result.key, last, enc, piece);
            REQUIRE(o);
            CHECK(o->to_json() == rr->to_json());
        }
        // fewer than k = 2 valid sets, or one set twice: verify_failed
        auto few = record::ranked_outcome_from_shares(m, mc, *cer.result.key, last, std::span(enc).first(1));
        CHECK(few.err().code == errc::verify_failed);
        std::vector<record::encoded_share_set> twice{enc[0], enc[0]};
        CHECK(record::ranked_outcome_from_shares(m, mc, *cer.result.key, last, twice).err().code == errc::verify_failed);
        // a share that does not decode
        auto broken = enc;
        std::fill(broken[0].shares.begin(), broken[0].shares.begin() + 32, byte{0xff});
        CHECK_FALSE(record::ranked_outcome_from_shares(m, mc, *cer.result.key, last, broken));
    }
    REQUIRE(op->publish_result());
    REQUIRE(op->sync());
    auto rep = verify_record(dir, {1, {}});
    REQUIRE(rep);
    INFO(rep->text());
    CHECK(rep->ok());
    CHECK(rep->find("R2")->items == 2);
    auto v = cli_verify(cli, dir);
    INFO(v.describe());
    CHECK(v.exit_status == 0);
}

TEST_CASE("mix chain: statement and contexts match docs/spec.md section 8.11 byte for byte", "[election][ranked][spec]") {
    // Rebuilt from the specification's notation (tests/spec_bytes.hpp), not
    // from the library's frame() or proof_context.
    election_fixture f(8, 811);
    const auto& m = f.sim.m;
    const auto mh = m.hash();
    auto spec_H = [](const bytes& in) { return sha512::hash(in); };
    auto spec_derive = [&](const std::array<byte, 32>& parent, std::string_view label, byte_span d) {
        bytes in(parent.begin(), parent.end());
        spec_frame(in, label, d);
        const auto h = spec_H(in);
        std::array<byte, 32> out{};
        std::copy(h.begin(), h.begin() + 32, out.begin());
        return out;
    };
    // context of §8.1: for_election(manifest hash)
    std::array<byte, 32> context{};
    {
        bytes in;
        spec_frame(in, "scrutineer/context/v1", mh);
        const auto h = spec_H(in);
        std::copy(h.begin(), h.begin() + 32, context.begin());
    }
    const std::string id = "nec";
    for (std::uint32_t round : {1u, 2u, 7u}) {
        const auto want = spec_derive(spec_derive(context, "scrutineer/mix/v1", as_bytes(id)), "round", le_bytes(round, 4));
        CHECK(record::mix_context(m, id, round).bytes() == want);
    }
    CHECK(record::ranked_context(m, id).bytes() == spec_derive(context, "scrutineer/ranked-decryption/v1", as_bytes(id)));
    CHECK_FALSE(record::mix_context(m, id, 1).bytes() == record::mix_context(m, id, 2).bytes());

    // every mix on the board: its statement, and the mixer's signature over it
    auto b = board_doc::load(f.dir);
    const auto in = record::mix_input_payload::from_json(b.entries[b.find("mix-input")].payload, m).value();
    bytes input(in.ciphertexts.bytes_view().begin(), in.ciphertexts.bytes_view().end());
    std::size_t mixes = 0;
    for (std::size_t i = 0; i < b.entries.size(); ++i) {
        if (b.entries[i].kind != "mix") continue;
        const auto p = record::mix_payload::from_json(b.entries[i].payload, m).value();
        bytes st;
        spec_frame(st, "scrutineer/mix/v1", {});
        spec_frame(st, "election", mh);
        spec_frame(st, "contest", as_bytes(p.contest));
        spec_frame(st, "round", le_bytes(p.round, 8));
        spec_frame(st, "mixer", le_bytes(p.mixer, 8));
        spec_frame(st, "n", le_bytes(p.output.size(), 8));
        spec_frame(st, "w", le_bytes(p.output.width(), 8));
        spec_frame(st, "input", input);
        spec_frame(st, "output", p.output.bytes_view());
        spec_frame(st, "proof", p.proof);
        CHECK(p.round == mixes + 1);
        CHECK(input.size() == 64 * p.output.width() * p.output.size());
        CHECK(p.proof.size() == 32 * (5 * p.output.size() + 6 + 3 * p.output.width()));
        const auto h = spec_H(st);
        CHECK(p.statement(mh, input) == h);
        CHECK(verify_signature(f.sim.trustee_signing_keys[p.mixer - 1].public_key(), h, p.sig));
        input.assign(p.output.bytes_view().begin(), p.output.bytes_view().end());  // the next round's input
        ++mixes;
    }
    CHECK(mixes >= m.trustees_k);
}

TEST_CASE("an election in which no ballot counts: empty tallies, an empty mix-input, zero results, and it verifies",
          "[election][ranked]") {
    small_election el(2031, 3, true);
    auto& [r, m, mh, authority, iss, cer, trustees, setup, opk, stmt] = el;
    scratch_dir t("empty");
    const auto dir = t.path / "rec";
    auto op = el.open(dir);
    REQUIRE(op);
    auto cs = op->close_statement();
    REQUIRE(op->close({{1, trustees[0].sign(cs.statement(mh))}, {2, trustees[1].sign(cs.statement(mh))}}));
    auto tally = op->tally();
    REQUIRE(tally);
    CHECK(tally->ballots == 0);
    // nothing to decrypt (docs/spec.md §8.10): no share is posted, for the tally or the ranked contest
    auto ps = op->post_share(ceremony::prove_decryption_share<RG>(cer.keys[0], record::tally_context(m), tally->all(), r));
    CHECK(ps.err().message.find("nothing to decrypt") != std::string::npos);
    auto in = op->post_mix_input("nec");
    REQUIRE(in);
    CHECK(in->ciphertexts.size() == 0);
    // nothing to shuffle: a mixer refuses an empty list, and none is needed
    CHECK(mix_turn(m, cer.result.key->joint_key, "nec", 1, 1, trustees[0], in->ciphertexts, r).err().code == errc::bad_input);
    auto cts = op->ranked_ciphertexts("nec");
    REQUIRE(cts);
    CHECK(cts->empty());
    CHECK(op->post_ranked_share("nec", ceremony::prove_decryption_share<RG>(cer.keys[0], record::ranked_context(m, "nec"), *cts, r))
              .err()
              .message.find("nothing to decrypt") != std::string::npos);
    auto rr = op->publish_ranked_result("nec");
    INFO((rr ? std::string("ranked result") : rr.err().describe()));
    REQUIRE(rr);
    CHECK(rr->ballots.empty());
    CHECK(rr->elected.empty());
    auto res = op->publish_result();
    INFO((res ? std::string("result") : res.err().describe()));
    REQUIRE(res);
    REQUIRE(op->sync());
    auto rep = verify_record(dir, {1, {}});
    REQUIRE(rep);
    INFO(rep->text());
    CHECK(rep->ok());
    CHECK(rep->counted == 0);
    REQUIRE(rep->result);
    for (const auto& c : rep->result->contests)
        for (const auto& [id, votes] : c.options) CHECK(votes == 0);
    CHECK(rep->find("R2")->items == 0);  // no mix, and none needed

    // A dishonest operator's additions to this record (re-signed, after the
    // close, so the co-signed head still holds) are caught.
    const auto tampered = [&](auto&& change) {
        const auto d = t.path / "tampered";
        fs::remove_all(d);
        copy_record(dir, d);
        auto b = board_doc::load(d);
        change(b);
        b.renumber();
        b.write_resigned(d, opk);
        auto v = verify_record(d, {1, {}});
        REQUIRE(v);
        return *v;
    };
    const auto before = [](board_doc& b, std::string_view kind, board_entry e) {
        b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(b.find(kind)), std::move(e));
    };
    {
        INFO("a decryption share of the empty tally");
        board_entry e;
        e.kind = "decryption-share";
        e.payload = ceremony::to_json<RG>(ceremony::prove_decryption_share<RG>(cer.keys[0], record::tally_context(m), tally->all(), r));
        auto v = tampered([&](board_doc& b) { before(b, "result", e); });
        INFO(v.text());
        CHECK(v.find("T2")->failed());
    }
    {
        INFO("a ranked share of the empty mix-input");
        board_entry e;
        e.kind = "ranked-share";
        e.payload = record::ranked_share_payload{"nec", ceremony::prove_decryption_share<RG>(cer.keys[0], record::ranked_context(m, "nec"), *cts, r)}
                        .to_json();
        auto v = tampered([&](board_doc& b) { before(b, "ranked-result", e); });
        INFO(v.text());
        REQUIRE(v.find("R4")->failed());
        bool named = false;
        for (const auto& f : v.find("R4")->failures) named = named || f.find("a share of an empty list") != std::string::npos;
        CHECK(named);
    }
    {
        INFO("a vote in the result of an election with none");
        auto v = tampered([&](board_doc& b) { b.entries[b.find("result")].payload["contests"][0]["options"][1]["votes"] = 1; });
        INFO(v.text());
        CHECK(v.find("T4")->failed());
    }
    {
        INFO("a paper in the ranked-result of an empty mix");
        auto v = tampered([&](board_doc& b) {
            auto& p = b.entries[b.find("ranked-result")].payload;
            p["ballots"].push_back(json::array({0, 1}));
        });
        INFO(v.text());
        CHECK(v.find("R5")->failed());
    }
}

TEST_CASE("ranked-result payload: a round trip, and each malformed field named", "[election][ranked][negative]") {
    record::ranked_result_payload p;
    p.contest = "nec";
    p.trustees = {1, 3};
    p.ballots = {std::vector<std::uint32_t>{0, 2, 1}, std::nullopt, std::vector<std::uint32_t>{}};
    p.invalid = {{1, "a candidate twice"}};
    p.elected = {"c0"};
    p.stages = json::array();
    const auto j = p.to_json();
    auto back = record::ranked_result_payload::from_json(j);
    REQUIRE(back);
    CHECK(back->to_json() == j);
    const auto bad = [&](auto&& change, std::string_view what) {
        auto x = j;
        change(x);
        auto r = record::ranked_result_payload::from_json(x);
        REQUIRE_FALSE(r);
        INFO(r.err().message);
        CHECK(r.err().code == errc::bad_input);
        CHECK(r.err().message.find(what) != std::string::npos);
    };
    bad([](json& x) { x.erase("stages"); }, "stages");
    bad([](json& x) { x["extra"] = 1; }, "extra");
    bad([](json& x) { x["contest"] = 5; }, "ranked-result.contest: must be a string");
    bad([](json& x) { x["trustees"] = 1; }, "ranked-result.trustees: must be an array");
    for (json t : {json(0), json(1025), json(-1), json("1"), json(1.5)})
        bad([&](json& x) { x["trustees"][1] = t; }, "ranked-result.trustees: not a trustee index");
    bad([](json& x) { x["ballots"] = json::object(); }, "ranked-result.ballots: must be an array");
    bad([](json& x) { x["ballots"][1] = "0,1"; }, "ranked-result.ballots[1]: must be null or an array of candidate indices");
    bad([](json& x) { x["ballots"][2] = json(std::vector<int>(256, 0)); }, "ranked-result.ballots[2]: must be null or an array");
    for (json c : {json(255), json(-1), json("a"), json(nullptr)})
        bad([&](json& x) { x["ballots"][0][1] = c; }, "ranked-result.ballots[0]: not a candidate index");
    bad([](json& x) { x["invalid"] = "none"; }, "ranked-result.invalid: must be an array");
    bad([](json& x) { x["invalid"][0]["index"] = "1"; }, "ranked-result.invalid[0]: index must be an integer and problem a string");
    bad([](json& x) { x["invalid"][0]["problem"] = 3; }, "ranked-result.invalid[0]: index must be an integer and problem a string");
    bad([](json& x) { x["invalid"][0]["why"] = "x"; }, "ranked-result.invalid[0]");
    bad([](json& x) { x["elected"] = "c0"; }, "ranked-result.elected: must be an array");
    bad([](json& x) { x["elected"][0] = 0; }, "ranked-result.elected: must hold option ids");
}

TEST_CASE("demo_manifest: the ranked contest under every counting preset, one seat under irv", "[election][ranked]") {
    for (const auto& name : count::preset_names()) {
        INFO(name);
        const auto m = demo_manifest(3, 2, true, revoting_rule::last, name);
        const auto it = std::find_if(m.contests.begin(), m.contests.end(), [](const auto& c) { return c.id == "nec"; });
        REQUIRE(it != m.contests.end());
        CHECK(it->method == name);
        CHECK(it->seats == (name == "irv" ? std::uint64_t{1} : std::uint64_t{9}));
    }
    CHECK_THROWS_AS(demo_manifest(3, 2, true, revoting_rule::last, "stv"), std::invalid_argument);
    simulation_options o;
    o.voters = 1;
    o.ranked_method = "no-such-rule";
    auto r = simulate_election(std::filesystem::temp_directory_path() / "scrutineer-never-written", o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().message.find("no-such-rule") != std::string::npos);
}
