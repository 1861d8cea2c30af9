// Constant-time check of every secret-handling operation (run by
// tests/cli/ctime.sh under valgrind memcheck; not part of the Catch2 binary).
//
// The technique of libsecp256k1's ctime_tests: secrets (the vote, keys, all
// randomness) are marked "undefined" for memcheck; memcheck then reports every
// conditional branch and every memory address computed from them. Results that
// are public by design (proofs, ciphertexts) are declassified before they are
// checked. A report means a secret-dependent branch or table index: a timing leak.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "scrutineer/mixnet/ct_multi_exp.hpp"
#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;
using G = ristretto255;

namespace {

/// An rng whose output memcheck treats as secret.
class secret_rng final : public rng {
public:
    explicit secret_rng(std::uint64_t seed) : inner_(seed) {}
    void fill(mutable_byte_span out) override {
        inner_.fill(out);
        ct::classify(out.data(), out.size());
    }

private:
    seeded_rng inner_;
};

template <class T>
void publish(const T& v) {
    ct::declassify(&v, sizeof v);
}
void publish(const bytes& b) { ct::declassify(b.data(), b.size()); }

int failures = 0;
void expect(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "ctime check: %s failed\n", what);
        ++failures;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "--canary") {
        // Proves the check can fail: a branch on a secret must be reported.
        volatile std::uint64_t v = 1;
        std::uint64_t m = v;
        ct::classify(&m, sizeof m);
        if (m == 1) std::puts("canary: branched on a secret");
        return 0;
    }
    secret_rng r(1);
    const auto ctx = proof_context::for_election(std::string_view("ctime"));

    // key generation
    auto kp = elgamal::key_pair<G>::generate(r);
    auto pk_bytes = G::encode(kp.pk.element());
    publish(pk_bytes);
    auto pk = elgamal::public_key<G>(*G::decode(pk_bytes.span()));

    for (std::uint64_t vote : {0u, 1u}) {
        std::uint64_t m = vote;
        ct::classify(&m, sizeof m);  // the vote is secret

        // encryption and the 0/1 proof
        auto e = elgamal::encrypt_exp<G>(pk, m, r);
        auto p = proofs::prove_range<G>(ctx, pk, e.ct, 1, m, e.randomness, r);
        auto ct_bytes = e.ct.encode();
        auto proof_bytes = p.encode();
        publish(ct_bytes);
        publish(proof_bytes);
        auto c = elgamal::ciphertext<G>::decode(ct_bytes);
        auto q = proofs::range_proof<G>::decode(proof_bytes, 1);
        expect(c.ok() && q.ok() && proofs::verify_range<G>(ctx, {pk.element(), *c, 1}, *q).ok(), "range01");

        // the ballot's encryption (m·G by masked scan), for R = 1 and R = 3
        auto eb = proofs::encrypt_bounded<G>(pk, m, 1, r);
        auto eb3 = proofs::encrypt_bounded<G>(pk, m + 2, 3, r);
        auto ebb = eb.ct.encode();
        auto ebb3 = eb3.ct.encode();
        publish(ebb);
        publish(ebb3);

        // a wider range, the secret in every position
        auto e3 = elgamal::encrypt_exp<G>(pk, m + 1, r);
        auto p3 = proofs::prove_range<G>(ctx, pk, e3.ct, 3, m + 1, e3.randomness, r);
        auto p3b = p3.encode();
        publish(p3b);

        // contest limit and randomness proofs over two selections
        std::uint64_t other = 1 - vote;
        ct::classify(&other, sizeof other);
        auto e2 = elgamal::encrypt_exp<G>(pk, other, r);
        std::vector<elgamal::ciphertext<G>> sel{e.ct, e2.ct};
        std::vector<secret<G::scalar>> nonces;
        nonces.push_back(e.randomness.clone());
        nonces.push_back(e2.randomness.clone());
        auto lp = proofs::prove_contest_limit<G>(ctx, pk, sel, 1, m + other, nonces, r);
        auto rp = proofs::prove_randomness<G>(ctx, {pk.element(), sel}, nonces, r);
        auto lpb = lp.encode();
        auto rpb = rp.encode();
        publish(lpb);
        publish(rpb);

        // decryption (constant time up to the public plaintext)
        auto M = elgamal::decrypt<G>(kp.sk, e.ct);
        auto Mb = G::encode(M);
        publish(Mb);
    }

    // Schnorr and Chaum–Pedersen with a secret witness
    auto x = secret<G::scalar>(G::scalar::random_nonzero(r));
    auto X = G::encode(G::mul_base(x.expose()));
    publish(X);
    auto sp = proofs::prove_schnorr<G>(ctx, {G::generator(), *G::decode(X.span())}, x, r);
    auto spb = sp.encode();
    publish(spb);
    auto h = G::mul_base(G::scalar::from_u64(12345));
    auto Y = G::encode(h * x.expose());
    publish(Y);
    auto dp = proofs::prove_dleq<G>(ctx, {G::generator(), *G::decode(X.span()), h, *G::decode(Y.span())}, x, r);
    auto dpb = dp.encode();
    publish(dpb);

    // fixed-base table of a long-lived base other than the generator (the
    // election key): compact masked scans with a secret scalar
    {
        fixed_base<G> table(pk.element());
        auto k = secret<G::scalar>(G::scalar::random(r));
        auto Kb = G::encode(table.mul(k.expose()));
        auto Kw = G::encode(pk.element() * k.expose());
        publish(Kb);
        publish(Kw);
        expect(Kb == Kw, "fixed_base on a key");
    }

    // a decryption share and its commitment in one joint pass: (s·α, k·α)
    // with s and k secret (ceremony/decryption.hpp), and the generic dual_mul
    {
        auto e = elgamal::encrypt_exp<G>(pk, 1, r);
        auto ab = G::encode(e.ct.alpha);
        publish(ab);
        const auto alpha = *G::decode(ab.span());
        auto s = secret<G::scalar>(G::scalar::random(r));
        auto k = secret<G::scalar>(G::scalar::random(r));
        auto [M, B] = dual_mul<G>(alpha, s.expose(), k.expose());
        auto Mb = G::encode(M), Bb = G::encode(B);
        auto Mw = G::encode(alpha * s.expose()), Bw = G::encode(alpha * k.expose());
        publish(Mb);
        publish(Bb);
        publish(Mw);
        publish(Bw);
        expect(Mb == Mw && Bb == Bw, "dual_mul");
    }

    // the shuffle prover's constant-time multi-scalar multiplication: public
    // points, secret scalars (ω'), over two of the kernel's blocks of 64
    {
        std::vector<G::element> pts;
        std::vector<G::scalar> sc;
        for (int i = 0; i < 70; ++i) {
            auto e = G::encode(G::mul_base(G::scalar::random(r)));
            publish(e);
            pts.push_back(*G::decode(e.span()));
            sc.push_back(G::scalar::random(r));
        }
        auto got = G::encode(G::multi_exp_ct(sc, pts));
        G::element want = G::identity();
        for (std::size_t i = 0; i < pts.size(); ++i) want = want + pts[i] * sc[i];
        auto wb = G::encode(want);
        publish(got);
        publish(wb);
        expect(got == wb, "ristretto255::multi_exp_ct");
        for (auto& x : sc) secure_wipe(&x, sizeof x);
    }

    // the same for a group without its own kernel (mixnet::multi_exp_ct's
    // generic path, which the 4096-bit group takes: tables of ±1·P … ±8·P,
    // masked scans, constant-time products), on the tiny modp group
    {
        using T = modp_tiny;
        std::vector<T::element> pts;
        std::vector<T::scalar> sc;
        for (int i = 0; i < 70; ++i) {
            auto e = T::encode(T::mul_base_vartime(T::scalar::from_u64(static_cast<std::uint64_t>(1000 + 7 * i))));
            pts.push_back(*T::decode(e.span()));
            sc.push_back(T::scalar::random(r));
        }
        auto got = T::encode(mixnet::multi_exp_ct<T>(sc, pts));
        publish(got);
        for (auto& x : sc) {
            auto xb = x.encode();
            publish(xb);
            x = *T::scalar::decode(byte_span(xb.data(), xb.size()));  // the reference runs on published values
        }
        expect(got == T::encode(T::multi_exp_vartime(sc, pts)), "multi_exp_ct (generic path, modp_tiny)");
    }

    // the 4096-bit group's constant-time comb (mpn_sec_tabselect rows,
    // mpn_sec_mul and Montgomery reduction) with a secret exponent, for the
    // generator's table and for a table of another base
    {
        using M = modp4096;
        auto k = secret<M::scalar>(M::scalar::random(r));
        auto gk = M::mul_base(k.expose());
        auto gkb = M::encode(gk);
        publish(gkb);
        const auto base = M::mul_base_vartime(M::scalar::from_u64(987654321));
        fixed_base<M> table(base);
        auto bk = M::encode(table.mul(k.expose()));
        publish(bk);
        // the references (variable time) run on the published values only
        auto kb = k.expose().encode();
        publish(kb);
        const auto kp = *M::scalar::decode(byte_span(kb.data(), kb.size()));
        expect(gkb == M::encode(M::generator().pow_vartime(kp)), "modp4096 mul_base");
        expect(bk == M::encode(base.pow_vartime(kp)), "modp4096 fixed_base");
    }

    if (failures) return 1;
    std::puts("ctime check: done (any memcheck report above is a secret-dependent branch or index)");
    return 0;
}
