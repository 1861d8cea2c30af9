// [speed] batch verification: valid batches of every proof type pass; a batch
// with one altered proof at any position fails and names exactly that proof
// (bisection), with the failing equation; structural failures are reported
// without entering the combination; shared-base merging never merges
// different points.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "../protocols/proof_fixtures.hpp"
#include "scrutineer/group/modp.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/protocols/batch.hpp"
#include "scrutineer/protocols/dleq.hpp"
#include "scrutineer/protocols/randomness.hpp"
#include "scrutineer/protocols/range.hpp"
#include "scrutineer/protocols/schnorr.hpp"

using namespace scrutineer;
using namespace scrutineer::proofs;
using testutil::test_ctx;

namespace {

using G = ristretto255;
using S = G::scalar;

// A mixed set of proofs of every type: index i has type i % 5.
struct mixed_batch {
    std::vector<schnorr_statement<G>> sch_st;
    std::vector<schnorr_proof<G>> sch;
    std::vector<dleq_statement<G>> dl_st;
    std::vector<dleq_proof<G>> dl;
    std::vector<range_statement<G>> rg_st;
    std::vector<range_proof<G>> rg;
    std::vector<contest_limit_statement<G>> cl_st;
    std::vector<range_proof<G>> cl;
    std::vector<randomness_statement<G>> rn_st;
    std::vector<randomness_proof<G>> rn;
    std::size_t n = 0;

    mixed_batch(std::size_t count, rng& r) : n(count) {
        const auto ctx = test_ctx();
        auto kp = elgamal::key_pair<G>::generate(r);
        for (std::size_t i = 0; i < count; ++i) {
            switch (i % 5) {
                case 0: {
                    auto x = secret<S>(S::random_nonzero(r));
                    // the same base g for every Schnorr proof: merged across the batch
                    schnorr_statement<G> st{G::generator(), G::mul_base(x.expose())};
                    sch.push_back(prove_schnorr<G>(ctx, st, x, r));
                    sch_st.push_back(st);
                    break;
                }
                case 1: {
                    auto x = secret<S>(S::random_nonzero(r));
                    const auto h = G::mul_base(S::random_nonzero(r));
                    dleq_statement<G> st{G::generator(), G::mul_base(x.expose()), h, h * x.expose()};
                    dl.push_back(prove_dleq<G>(ctx, st, x, r));
                    dl_st.push_back(st);
                    break;
                }
                case 2: {
                    const std::uint64_t v = (i / 5) & 1;
                    auto e = elgamal::encrypt_exp<G>(kp.pk, v, r);
                    rg.push_back(prove_range<G>(ctx, kp.pk, e.ct, 1, v, e.randomness, r));
                    rg_st.push_back({kp.pk.element(), e.ct, 1});
                    break;
                }
                case 3: {
                    std::vector<elgamal::ciphertext<G>> sel;
                    std::vector<secret<S>> nonces;
                    std::uint64_t total = 0;
                    for (std::uint64_t k = 0; k < 3; ++k) {
                        const std::uint64_t v = (k == i % 3) ? 1 : 0;
                        total += v;
                        auto e = elgamal::encrypt_exp<G>(kp.pk, v, r);
                        sel.push_back(e.ct);
                        nonces.push_back(std::move(e.randomness));
                    }
                    cl.push_back(prove_contest_limit<G>(ctx, kp.pk, sel, 2, total, nonces, r));
                    cl_st.push_back({kp.pk.element(), sel, 2});
                    break;
                }
                default: {
                    std::vector<elgamal::ciphertext<G>> cts;
                    std::vector<secret<S>> nonces;
                    for (int k = 0; k < 2; ++k) {
                        auto e = elgamal::encrypt_exp<G>(kp.pk, 1, r);
                        cts.push_back(e.ct);
                        nonces.push_back(std::move(e.randomness));
                    }
                    randomness_statement<G> st{kp.pk.element(), cts};
                    rn.push_back(prove_randomness<G>(ctx, st, nonces, r));
                    rn_st.push_back(st);
                    break;
                }
            }
        }
    }

    void fill(batch_verifier<G>& b, const proof_context& ctx) const {
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t k = i / 5;
            const std::string label = "item " + std::to_string(i);
            switch (i % 5) {
                case 0:
                    b.add(label, [this, k, &ctx](equation_set<G>& e) { return schnorr_equations<G>(ctx, sch_st[k], sch[k], e); });
                    break;
                case 1:
                    b.add(label, [this, k, &ctx](equation_set<G>& e) { return dleq_equations<G>(ctx, dl_st[k], dl[k], e); });
                    break;
                case 2:
                    b.add(label, [this, k, &ctx](equation_set<G>& e) { return range_equations<G>(ctx, rg_st[k], rg[k], e); });
                    break;
                case 3:
                    b.add(label, [this, k, &ctx](equation_set<G>& e) {
                        return contest_limit_equations<G>(ctx, cl_st[k], cl[k], e);
                    });
                    break;
                default:
                    b.add(label, [this, k, &ctx](equation_set<G>& e) {
                        return randomness_equations<G>(ctx, rn_st[k], rn[k], e);
                    });
                    break;
            }
        }
    }

    // Alters proof i so that its structure is fine but an equation fails.
    void corrupt(std::size_t i) {
        const std::size_t k = i / 5;
        switch (i % 5) {
            case 0: sch[k].z += S::one(); break;
            case 1: dl[k].B = dl[k].B + G::generator(); break;
            case 2: rg[k].branches[1].v += S::one(); break;
            case 3: cl[k].branches[0].v += S::one(); break;
            default: rn[k].z[0] += S::one(); break;
        }
    }
};

}  // namespace

TEST_CASE("batch: valid batches of every proof type pass, on 1 and 2 threads", "[speed][batch]") {
    seeded_rng r(5001);
    const auto ctx = test_ctx();
    mixed_batch mb(20, r);
    for (std::size_t t : {1, 2}) {
        parallel::thread_scope ts(t);
        batch_verifier<G> b;
        mb.fill(b, ctx);
        CHECK(b.size() == 20);
        auto res = b.verify_vartime();
        CHECK(res.ok());
        CHECK(res.items == 20);
        CHECK(res.first_error().ok());
        // a second run re-checks with new weights
        CHECK(b.verify_vartime().ok());
        // one altered proof is found and named on this thread count too
        mixed_batch bad = mb;
        bad.corrupt(7);
        batch_verifier<G> bb;
        bad.fill(bb, ctx);
        auto bres = bb.verify_vartime();
        CHECK_FALSE(bres.ok());
        REQUIRE(bres.failures.size() == 1);
        CHECK(bres.failures[0].index == 7);
    }
    batch_verifier<G> empty;
    CHECK(empty.verify_vartime().ok());
}

TEST_CASE("batch: one altered proof at any position is named", "[speed][batch][negative]") {
    seeded_rng r(5002);
    const auto ctx = test_ctx();
    const mixed_batch good(15, r);
    for (std::size_t bad = 0; bad < good.n; ++bad) {
        INFO("altered item " << bad);
        mixed_batch mb = good;
        mb.corrupt(bad);
        batch_verifier<G> b;
        mb.fill(b, ctx);
        auto res = b.verify_vartime();
        REQUIRE(res.failures.size() == 1);
        CHECK(res.failures[0].index == bad);
        CHECK(res.failures[0].label == "item " + std::to_string(bad));
        CHECK(res.failures[0].err.code == errc::verify_failed);
        CHECK(res.failures[0].err.message.find("does not hold") != std::string::npos);
        CHECK(res.first_error().err().message.rfind("item " + std::to_string(bad) + ": ", 0) == 0);
    }
}

TEST_CASE("batch: several failures, structural failures and throwing builders", "[speed][batch][negative]") {
    seeded_rng r(5003);
    const auto ctx = test_ctx();
    mixed_batch mb(30, r);
    mb.corrupt(0);
    mb.corrupt(17);
    mb.corrupt(29);
    mb.sch[2].A = G::identity();  // item 10: structural (identity commitment)
    batch_verifier<G> b;
    mb.fill(b, ctx);
    b.add("thrower", [](equation_set<G>&) -> status { throw std::runtime_error("boom"); });
    b.add("no equations", [](equation_set<G>&) { return status{}; });
    auto res = b.verify_vartime();
    REQUIRE(res.failures.size() == 5);
    CHECK(res.failures[0].index == 0);
    CHECK(res.failures[1].index == 10);
    CHECK(res.failures[1].err.code == errc::identity);
    CHECK(res.failures[2].index == 17);
    CHECK(res.failures[3].index == 29);
    CHECK(res.failures[4].index == 30);
    CHECK(res.failures[4].label == "thrower");
    CHECK(res.failures[4].err.code == errc::internal);
    for (std::size_t k : {0, 2, 3}) CHECK(res.failures[k].err.code == errc::verify_failed);
}

TEST_CASE("batch: the same key on different points is never merged", "[speed][batch][negative]") {
    // Schnorr proofs over different bases g share the key "g": merging them
    // without the equality test would make a forged proof pass.
    seeded_rng r(5004);
    const auto ctx = test_ctx();
    std::vector<schnorr_statement<G>> st;
    std::vector<schnorr_proof<G>> pr;
    for (int i = 0; i < 6; ++i) {
        auto x = secret<S>(S::random_nonzero(r));
        const auto g = (i % 2) ? G::generator() : G::mul_base(S::random_nonzero(r));
        st.push_back({g, g * x.expose()});
        pr.push_back(prove_schnorr<G>(ctx, st.back(), x, r));
    }
    auto verify_all = [&] {
        batch_verifier<G> b;
        for (std::size_t i = 0; i < st.size(); ++i)
            b.add("schnorr " + std::to_string(i),
                  [&, i](equation_set<G>& e) { return schnorr_equations<G>(ctx, st[i], pr[i], e); });
        return b.verify_vartime();
    };
    CHECK(verify_all().ok());
    st[4].g = st[3].g;  // statement changed: the proof no longer matches
    auto res = verify_all();
    REQUIRE(res.failures.size() == 1);
    CHECK(res.failures[0].index == 4);
    // equation_set on its own (the single-proof path) still names the equation
    equation_set<G> eqs;
    REQUIRE(schnorr_equations<G>(ctx, st[4], pr[4], eqs).ok());
    CHECK(eqs.check_vartime().err().code == errc::verify_failed);
}

TEST_CASE("batch: a larger batch of 0/1 range proofs with one bad proof", "[speed][batch]") {
    seeded_rng r(5005);
    const auto ctx = test_ctx();
    auto kp = elgamal::key_pair<G>::generate(r);
    std::vector<range_statement<G>> st;
    std::vector<range_proof<G>> pr;
    for (std::uint64_t i = 0; i < 200; ++i) {
        auto e = elgamal::encrypt_exp<G>(kp.pk, i & 1, r);
        pr.push_back(prove_range<G>(ctx, kp.pk, e.ct, 1, i & 1, e.randomness, r));
        st.push_back({kp.pk.element(), e.ct, 1});
    }
    pr[137].branches[0].c += S::one();
    pr[137].branches[1].c -= S::one();  // challenges still sum correctly: an equation fails
    batch_verifier<G> b;
    for (std::size_t i = 0; i < st.size(); ++i)
        b.add("ballot " + std::to_string(i), [&, i](equation_set<G>& e) { return range_equations<G>(ctx, st[i], pr[i], e); });
    auto res = b.verify_vartime();
    REQUIRE(res.failures.size() == 1);
    CHECK(res.failures[0].index == 137);
    CHECK(res.failures[0].err.code == errc::verify_failed);
}

TEMPLATE_TEST_CASE("equation_set: commitments are subtracted without negating them, on every group", "[speed][batch]",
                   ristretto255, modp_tiny, modp4096) {
    // commitment(C) stands for the term −C; the checks compare the other
    // terms' sum with the commitments' (in a modp group a negation is an
    // inversion mod p). One, two or no commitments in an equation; the
    // single-equation path, the combined path and the batch verifier's.
    using H = TestType;
    using T = typename H::scalar;
    seeded_rng r(5006);
    const T a = T::random_nonzero(r), b = T::random_nonzero(r), x = T::random_nonzero(r);
    const auto P = H::mul_base(T::random_nonzero(r));
    const auto C = H::mul_base(a);                 // a·G − C = 0
    const auto C1 = H::mul_base(x);                // a·P + b·G − C1 − C2 = 0
    const auto C2 = P * a + H::mul_base(b - x);
    auto one = [&](const typename H::element& c, equation_set<H>& e) {
        e.begin("one commitment");
        e.base_term(a);
        e.commitment(c);
    };
    auto two = [&](const typename H::element& c1, const typename H::element& c2, equation_set<H>& e) {
        e.begin("two commitments");
        e.term(a, P);
        e.base_term(b);
        e.commitment(c1);
        e.commitment(c2);
    };
    auto none = [&](const T& s, equation_set<H>& e) {
        e.begin("no commitment");
        e.term(a, P);
        e.term(-s, P);
    };
    CHECK(sub_vartime<H>(C2, C1) == C2 - C1);
    CHECK(sub_vartime<H>(C1, C1) == H::identity());
    auto check = [&](bool good1, bool good2, bool good3) {
        const auto g = H::generator();
        equation_set<H> e1, e2, e3, all;
        one(good1 ? C : C + g, e1);
        two(C1, good2 ? C2 : C1, e2);
        none(good3 ? a : b, e3);
        one(good1 ? C : C + g, all);
        two(C1, good2 ? C2 : C1, all);
        none(good3 ? a : b, all);
        CHECK(e1.check_vartime(r).ok() == good1);
        CHECK(e2.check_vartime(r).ok() == good2);
        CHECK(e3.check_vartime(r).ok() == good3);
        const auto st = all.check_vartime(r);
        CHECK(st.ok() == (good1 && good2 && good3));
        if (!st.ok()) {
            const char* first = !good1 ? "one commitment" : !good2 ? "two commitments" : "no commitment";
            CHECK(st.err().message.find(std::string("equation ") + first + " does not hold") != std::string::npos);
        }
        batch_verifier<H> bv(r);
        bv.add("one", [&](equation_set<H>& e) { one(good1 ? C : C + g, e); return status{}; });
        bv.add("two", [&](equation_set<H>& e) { two(C1, good2 ? C2 : C1, e); return status{}; });
        bv.add("none", [&](equation_set<H>& e) { none(good3 ? a : b, e); return status{}; });
        const auto res = bv.verify_vartime();
        CHECK(res.failures.size() == static_cast<std::size_t>(!good1) + !good2 + !good3);
    };
    check(true, true, true);
    check(false, true, true);
    check(true, false, true);
    check(true, true, false);
    check(false, false, false);
}
