// Threshold decryption: every k-subset decrypts, no (k−1)-subset can, wrong
// shares are named and left out, misbound or replayed proofs are rejected.
#include <catch2/catch.hpp>

#include "../protocols/proof_fixtures.hpp"
#include "scrutineer/ceremony/decryption.hpp"
#include "scrutineer/ceremony/simulation.hpp"

using namespace scrutineer;
using namespace scrutineer::ceremony;

namespace {

parameters params(std::uint32_t n, std::uint32_t k) {
    parameters p;
    p.n = n;
    p.k = k;
    const auto e = as_bytes("decryption-test");
    p.election = bytes(e.begin(), e.end());
    return p;
}

// all subsets of {1..n} of size m
std::vector<std::vector<std::uint32_t>> subsets(std::uint32_t n, std::uint32_t m) {
    std::vector<std::vector<std::uint32_t>> out;
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
        if (static_cast<std::uint32_t>(__builtin_popcount(mask)) != m) continue;
        std::vector<std::uint32_t> s;
        for (std::uint32_t i = 0; i < n; ++i)
            if (mask & (1u << i)) s.push_back(i + 1);
        out.push_back(s);
    }
    return out;
}

template <class G>
struct fixture {
    simulation<G> sim;
    std::vector<elgamal::ciphertext<G>> cts;
    std::vector<std::uint64_t> votes;
    std::vector<decryption_share<G>> shares;  // [i−1]
    proof_context ctx;
};

template <class G>
fixture<G> make(std::uint32_t n, std::uint32_t k, rng& r, std::size_t count = 3) {
    auto sim = simulate_ceremony<G>(params(n, k), r);
    REQUIRE(sim.ok());
    REQUIRE(sim->result.complete());
    fixture<G> f{std::move(*sim), {}, {}, {}, params(n, k).context().derive("tally", "contest-1")};
    elgamal::public_key<G> pk(f.sim.result.key->joint_key);
    for (std::size_t j = 0; j < count; ++j) {
        f.votes.push_back(7 * j + 1);
        f.cts.push_back(elgamal::encrypt_exp<G>(pk, f.votes.back(), r).ct);
    }
    for (const auto& key : f.sim.keys) f.shares.push_back(prove_decryption_share<G>(key, f.ctx, f.cts, r));
    return f;
}

template <class G>
bool decrypts_to(const decryption_result<G>& d, const std::vector<std::uint64_t>& votes) {
    for (std::size_t j = 0; j < votes.size(); ++j)
        if (!(d.plaintexts[j] == G::mul_base(G::scalar::from_u64(votes[j])))) return false;
    return true;
}

}  // namespace

TEST_CASE("threshold decryption: for n <= 5 every k-subset decrypts, no (k-1)-subset can", "[ceremony][decrypt]") {
    using G = ristretto255;
    using S = G::scalar;
    seeded_rng r(31);
    for (std::uint32_t n = 1; n <= 5; ++n)
        for (std::uint32_t k = 1; k <= n; ++k) {
            INFO(k << " of " << n);
            auto f = make<G>(n, k, r, 2);
            const auto& key = *f.sim.result.key;
            for (const auto& u : subsets(n, k)) {
                std::vector<decryption_share<G>> sub;
                for (auto i : u) sub.push_back(f.shares[i - 1]);
                auto d = combine_vartime<G>(key, f.ctx, f.cts, sub, r);
                REQUIRE(d.ok());
                CHECK(d->used == u);
                CHECK(decrypts_to(*d, f.votes));
            }
            if (k == 1) continue;
            for (const auto& u : subsets(n, k - 1)) {
                std::vector<decryption_share<G>> sub;
                for (auto i : u) sub.push_back(f.shares[i - 1]);
                auto d = combine_vartime<G>(key, f.ctx, f.cts, sub, r);
                REQUIRE_FALSE(d.ok());
                CHECK(d.err().code == errc::verify_failed);
                CHECK(d.err().message.find("threshold is " + std::to_string(k)) != std::string::npos);
                // and interpolating k−1 shares anyway gives garbage, not the plaintext
                auto w = poly::lagrange_coefficients<G>(u);
                REQUIRE(w.ok());
                auto M = G::identity();
                for (std::size_t i = 0; i < u.size(); ++i) M += f.shares[u[i] - 1].shares[0] * (*w)[i];
                CHECK_FALSE(f.cts[0].beta - M == G::mul_base(S::from_u64(f.votes[0])));
            }
        }
}

TEST_CASE("threshold decryption: the reference backend agrees", "[ceremony][decrypt]") {
    using G = ristretto255_ref;
    seeded_rng r(32);
    auto f = make<G>(3, 2, r, 2);
    std::vector<decryption_share<G>> sub{f.shares[2], f.shares[0]};
    auto d = combine_vartime<G>(*f.sim.result.key, f.ctx, f.cts, sub, r);
    REQUIRE(d.ok());
    CHECK(decrypts_to(*d, f.votes));
}

TEST_CASE("threshold decryption: a wrong share is named, left out, and k others still decrypt",
          "[ceremony][decrypt][negative]") {
    using G = ristretto255;
    seeded_rng r(33);
    auto f = make<G>(5, 3, r);
    const auto& key = *f.sim.result.key;
    auto bad = f.shares[1];  // trustee 2 publishes a wrong share with a proof for it
    bad.shares[1] = bad.shares[1] + G::generator();
    std::vector<decryption_share<G>> all{f.shares[0], bad, f.shares[2], f.shares[3]};
    auto d = combine_vartime<G>(key, f.ctx, f.cts, all, r);
    REQUIRE(d.ok());
    CHECK(decrypts_to(*d, f.votes));
    CHECK(d->used == std::vector<std::uint32_t>{1, 3, 4});
    REQUIRE(d->rejected.size() == 1);
    CHECK(d->rejected[0].trustee == 2);
    CHECK(d->rejected[0].reason.find("decryption share of trustee 2, ciphertext[1]") != std::string::npos);
    // with only two honest trustees left, it is an error naming trustee 2
    std::vector<decryption_share<G>> few{f.shares[0], bad, f.shares[2]};
    auto e = combine_vartime<G>(key, f.ctx, f.cts, few, r);
    REQUIRE_FALSE(e.ok());
    CHECK(e.err().message.find("only 2 valid") != std::string::npos);
    CHECK(e.err().message.find("trustee 2 rejected") != std::string::npos);
    // a duplicate set from one trustee counts once
    std::vector<decryption_share<G>> dup{f.shares[0], f.shares[0], f.shares[2]};
    auto e2 = combine_vartime<G>(key, f.ctx, f.cts, dup, r);
    REQUIRE_FALSE(e2.ok());
    CHECK(e2.err().message.find("second share set") != std::string::npos);
}

TEST_CASE("decryption shares: negative tests", "[ceremony][decrypt][negative]") {
    using G = ristretto255;
    using S = G::scalar;
    seeded_rng r(34);
    auto f = make<G>(3, 2, r);
    const auto& key = *f.sim.result.key;
    const auto& good = f.shares[0];
    REQUIRE(verify_decryption_share<G>(key, f.ctx, f.cts, good, r).ok());

    SECTION("each proof is a Chaum-Pedersen proof that verify_dleq accepts") {
        for (std::size_t j = 0; j < f.cts.size(); ++j) {
            proofs::dleq_statement<G> st{G::generator(), key.verification_key(1), f.cts[j].alpha, good.shares[j]};
            CHECK(proofs::verify_dleq<G>(share_context(f.ctx, 1), st, good.proofs[j]).ok());
        }
    }
    SECTION("every byte of a proof and of a share altered") {
        testutil::every_byte_flip_rejected(good.proofs[1].encode(), [&](const bytes& b) {
            auto q = proofs::dleq_proof<G>::decode(b);
            if (!q) return false;
            auto s = good;
            s.proofs[1] = *q;
            return verify_decryption_share<G>(key, f.ctx, f.cts, s, r).ok();
        });
        const auto enc = G::encode(good.shares[2]);
        testutil::every_byte_flip_rejected(bytes(enc.bytes.begin(), enc.bytes.end()), [&](const bytes& b) {
            auto e = decode_nonidentity<G>(b);
            if (!e) return false;
            auto s = good;
            s.shares[2] = *e;
            return verify_decryption_share<G>(key, f.ctx, f.cts, s, r).ok();
        });
    }
    SECTION("each field altered") {
        auto s = good;
        s.proofs[0].z = s.proofs[0].z + S::one();
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::verify_failed);
        s = good;
        s.proofs[0].A = s.proofs[0].A + G::generator();
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::verify_failed);
        s = good;
        s.proofs[2].B = s.proofs[2].B + G::generator();
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::verify_failed);
    }
    SECTION("wrong statement: other ciphertexts, reordered, another trustee's key") {
        auto cts = f.cts;
        std::swap(cts[0], cts[1]);
        CHECK(verify_decryption_share<G>(key, f.ctx, cts, good, r).err().code == errc::verify_failed);
        cts = f.cts;
        cts[2].alpha = cts[2].alpha + G::generator();
        CHECK(verify_decryption_share<G>(key, f.ctx, cts, good, r).err().code == errc::verify_failed);
        auto s = good;
        s.trustee = 2;  // trustee 1's shares claimed as trustee 2's (misbound)
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::verify_failed);
    }
    SECTION("wrong context: replayed into another decryption") {
        CHECK(verify_decryption_share<G>(key, f.ctx.derive("x", "y"), f.cts, good, r).err().code == errc::verify_failed);
        auto s = prove_decryption_share<G>(f.sim.keys[0], f.ctx.derive("tally", "contest-2"), f.cts, r);
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::verify_failed);
    }
    SECTION("a forged challenge: response for a different challenge") {
        auto s = good;
        const S kk = S::random(r);
        s.proofs[0] = {G::mul_base(kk), f.cts[0].alpha * kk, kk + S::random(r) * f.sim.keys[0].share().expose()};
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::verify_failed);
    }
    SECTION("identity and structural errors") {
        auto s = good;
        s.shares[0] = G::identity();
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::identity);
        s = good;
        s.proofs[1].A = G::identity();
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::identity);
        s = good;
        s.shares.pop_back();
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::bad_length);
        s = good;
        s.trustee = 4;
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, s, r).err().code == errc::out_of_range);
        auto cts = f.cts;
        cts[0].alpha = G::identity();
        CHECK(verify_decryption_share<G>(key, f.ctx, cts, good, r).err().code == errc::identity);
    }
    SECTION("in pieces: every piece is checked, errors name the ciphertext in the whole set") {
        REQUIRE(f.cts.size() >= 3);
        for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, f.cts.size() + 5})
            CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, good, r, chunk).ok());
        for (std::size_t j = 0; j < f.cts.size(); ++j) {
            auto s = good;
            s.shares[j] = s.shares[j] + G::generator();
            auto e = verify_decryption_share<G>(key, f.ctx, f.cts, s, r, 2);
            REQUIRE_FALSE(e);
            CHECK(e.err().code == errc::verify_failed);
            CHECK(e.err().message.find("ciphertext[" + std::to_string(j) + "]") != std::string::npos);
        }
        // a view of the last ciphertexts, numbered from where it starts
        const std::size_t first = f.cts.size() - 2;
        const std::span<const elgamal::ciphertext<G>> tail(f.cts.data() + first, 2);
        decryption_share_view<G> v(1, std::span(good.shares).subspan(first), std::span(good.proofs).subspan(first), first);
        CHECK(verify_decryption_share<G>(key, f.ctx, tail, v, r, 1).ok());
        auto s = good;
        s.proofs[first + 1].z = s.proofs[first + 1].z + S::one();
        v.proofs = std::span(s.proofs).subspan(first);
        auto e = verify_decryption_share<G>(key, f.ctx, tail, v, r, 1);
        REQUIRE_FALSE(e);
        CHECK(e.err().message.find("ciphertext[" + std::to_string(first + 1) + "]") != std::string::npos);
        s = good;
        s.shares[first] = G::identity();
        v.proofs = std::span(good.proofs).subspan(first);
        v.shares = std::span(s.shares).subspan(first);
        e = verify_decryption_share<G>(key, f.ctx, tail, v, r, 1);
        REQUIRE_FALSE(e);
        CHECK(e.err().code == errc::identity);
        CHECK(e.err().message.find("share[" + std::to_string(first) + "]") != std::string::npos);
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, good, r, 0).err().code == errc::bad_input);
    }
    SECTION("JSON round trip and malformed JSON") {
        auto j = to_json<G>(good);
        auto back = decryption_share_from_json<G>(json::parse(j.dump()), 3, f.cts.size());
        REQUIRE(back.ok());
        CHECK(verify_decryption_share<G>(key, f.ctx, f.cts, *back, r).ok());
        CHECK(decryption_share_from_json<G>(j, 3, f.cts.size() + 1).err().code == errc::bad_length);
        auto jj = j;
        jj["shares"][0] = std::string(64, '0');
        CHECK(decryption_share_from_json<G>(jj, 3, f.cts.size()).err().code == errc::identity);
        jj = j;
        jj["proofs"][1] = "zz";
        CHECK_FALSE(decryption_share_from_json<G>(jj, 3, f.cts.size()).ok());
        auto cj = to_json<G>(std::span<const elgamal::ciphertext<G>>(f.cts));
        auto cb = ciphertexts_from_json<G>(cj);
        REQUIRE(cb.ok());
        CHECK(*cb == f.cts);
        cj[1]["beta"] = "00";
        CHECK(ciphertexts_from_json<G>(cj).err().message.find("ciphertext[1]") != std::string::npos);
        // election key JSON round trip, and a tampered verification key is named
        auto ek = to_json<G>(key);
        auto kb = election_key_from_json<G>(json::parse(ek.dump()));
        REQUIRE(kb.ok());
        CHECK(kb->joint_key == key.joint_key);
        ek["verification_keys"][1] = ek["verification_keys"][0];
        CHECK(election_key_from_json<G>(ek).err().message.find("verification_keys[1]") != std::string::npos);
    }
}

TEST_CASE("decryption shares: across chunks, the fast engine's batched encodings give the reference backend's bytes",
          "[ceremony][decrypt]") {
    // 300 ciphertexts span two of the prover's chunks of 256; the reference
    // backend computes every point in full and encodes it alone, the fast
    // engine computes halves and encodes them in batches (publish_points)
    seeded_rng ra(2026), rb(2026);
    auto fast = make<ristretto255>(3, 2, ra, 300);
    auto ref = make<ristretto255_ref>(3, 2, rb, 300);
    REQUIRE(fast.shares.size() == ref.shares.size());
    for (std::size_t i = 0; i < fast.shares.size(); ++i) {
        REQUIRE(fast.shares[i].shares.size() == 300);
        REQUIRE(ref.shares[i].shares.size() == 300);
        for (std::size_t j = 0; j < 300; ++j) {
            INFO("trustee " << i + 1 << " ciphertext " << j);
            CHECK(ristretto255::encode(fast.shares[i].shares[j]) == ristretto255_ref::encode(ref.shares[i].shares[j]));
            CHECK(fast.shares[i].proofs[j].encode() == ref.shares[i].proofs[j].encode());
        }
        CHECK(verify_decryption_share<ristretto255>(*fast.sim.result.key, fast.ctx, fast.cts, fast.shares[i], ra).ok());
    }
}
