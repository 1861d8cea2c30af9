// scrutineer — protocols: verifiable re-encryption shuffle (proof of shuffle).
//
// The Terelius–Wikström proof of a shuffle (Terelius, Wikström, "Proofs of
// restricted shuffles", AFRICACRYPT 2010; Wikström, "A commitment-consistent
// proof of a shuffle", ACISP 2009) in the form given step by step by Haenni,
// Locher, Koenig, Dubuis, "Pseudo-code algorithms for verifiable re-encryption
// mix-nets", FC 2017 Workshops (Voting'17), cited below as [HLKD]: algorithms
// GenShuffle, GenPermutation, GenPermutationCommitment, GenCommitmentChain,
// GenProof and CheckProof; and with Wikström, "How to implement a stand-alone
// verifier for the Verificatum mix-net" [VMN] for ciphertexts in a product group
// (width w) and for batching the verifier's equations. docs/mixnet.md explains
// the protocol; docs/spec.md §9 gives every hash input byte for byte.
//
// API (a mixer, then anyone):
//
//   auto r = mixnet::shuffle<G>(ctx, pk, input, rng);        // → output list + proof
//   status s = mixnet::verify_shuffle<G>(ctx, pk, input, r->output, r->proof);
//
// Ciphertexts are vectors of width w >= 1 of ElGamal ciphertexts under key K
// (elements of the product group, primitives/elgamal.hpp); re-encryption draws
// one fresh nonce PER COMPONENT (a single nonce shared by the components would
// leave α_j − α_k unchanged and link input to output). The context `ctx` binds
// the proof (e.g. derive(election, "mix", mixer index)) and determines the
// generators h, h_1 … h_N (mixnet/generators.hpp).
//
// Constant time: the prover's secrets (the permutation, every nonce and mask)
// only meet constant-time code: the permutation is applied by an oblivious
// sorting network (mixnet/oblivious.hpp), scalar multiplications use the
// constant-time fixed-base tables (group/fixed_base.hpp) for G, K and h, and
// the secret-scalar multi-exponentiations use mixnet/ct_multi_exp.hpp. The
// verifier handles public data only and is variable time (batched MSM).
//
// Memory: lists and the proof stay encoded; both sides decode and derive
// generators in chunks (at most 2^19 decoded points at a time), so 10^6
// ciphertexts shuffle and verify in well under 2 GB (docs/mixnet.md).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/hex.hpp"
#include "scrutineer/core/rng.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/group/fixed_base.hpp"
#include "scrutineer/mixnet/ciphertext_list.hpp"
#include "scrutineer/mixnet/ct_multi_exp.hpp"
#include "scrutineer/mixnet/generators.hpp"
#include "scrutineer/mixnet/oblivious.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/primitives/elgamal.hpp"
#include "scrutineer/primitives/hash.hpp"
#include "scrutineer/primitives/transcript.hpp"

namespace scrutineer::mixnet {

/// Protocol label of the transcript (docs/spec.md §9).
inline constexpr std::string_view shuffle_protocol_label = "scrutineer/proof/shuffle/v1";
/// Domain of the challenge vector u_1 … u_N (docs/spec.md §9.3).
inline constexpr std::string_view shuffle_challenge_vector_domain = "scrutineer/shuffle/challenge-vector/v1";

/// A proof of shuffle for n ciphertexts of width w, held encoded (docs/spec.md
/// §9.5 gives the byte layout). Elements are the published commitments; their
/// validity (canonical, in the group, not the identity) is checked by
/// verify_shuffle, which decodes them; `decode` checks lengths and that every
/// scalar is canonical.
template <prime_order_group G>
struct shuffle_proof {
    using scalar = typename G::scalar;
    static constexpr std::size_t es = G::element_size;
    static constexpr std::size_t ss = G::scalar_size;

    std::size_t n = 0;  ///< number of ciphertexts
    std::size_t w = 0;  ///< width
    bytes c;            ///< permutation commitment c_1 … c_N (32·n bytes, input order)
    bytes c_hat;        ///< commitment chain ĉ_1 … ĉ_N (32·n)
    bytes t_hat;        ///< chain commitments t̂_1 … t̂_N (32·n)
    bytes t1, t2, t3;   ///< one element each
    bytes t4_alpha;     ///< t4 per component, α side (32·w)
    bytes t4_beta;      ///< t4 per component, β side (32·w)
    scalar s1, s2, s3;
    std::vector<scalar> s4;       ///< w responses (one per component nonce)
    std::vector<scalar> s_hat;    ///< ŝ_1 … ŝ_N
    std::vector<scalar> s_prime;  ///< s'_1 … s'_N

    /// Encoded size for n ciphertexts of width w: (5n + 6 + 3w)·32 bytes.
    static std::size_t encoded_size(std::size_t n, std::size_t w) { return es * (3 * n + 3 + 2 * w) + ss * (2 * n + 3 + w); }

    /// c ‖ ĉ ‖ t̂ ‖ t1 ‖ t2 ‖ t3 ‖ t4α_1…w ‖ t4β_1…w ‖ s1 ‖ s2 ‖ s3 ‖ s4_1…w ‖ ŝ_1…N ‖ s'_1…N
    bytes encode() const {
        bytes out;
        out.reserve(encoded_size(n, w));
        for (const bytes* b : {&c, &c_hat, &t_hat, &t1, &t2, &t3, &t4_alpha, &t4_beta}) append(out, *b);
        auto put = [&](const scalar& s) {
            const auto e = s.encode();
            out.insert(out.end(), e.begin(), e.end());
        };
        put(s1);
        put(s2);
        put(s3);
        for (const auto& s : s4) put(s);
        for (const auto& s : s_hat) put(s);
        for (const auto& s : s_prime) put(s);
        return out;
    }
    std::string hex() const { return to_hex(encode()); }

    /// Parses untrusted bytes for a shuffle of n ciphertexts of width w.
    /// Errors: bad_input (n = 0 or w = 0), bad_length, non_canonical (a scalar
    /// >= q, the message naming the field and index).
    static result<shuffle_proof> decode(byte_span b, std::size_t n, std::size_t w) {
        if (n == 0 || w == 0) return error{errc::bad_input, "shuffle proof: n and w must be at least 1"};
        if (n > (std::size_t{1} << 40) || w > 4096)
            return error{errc::out_of_range, "shuffle proof: n or w too large"};
        const std::size_t need = encoded_size(n, w);
        if (b.size() != need)
            return error{errc::bad_length, "shuffle proof for n = " + std::to_string(n) + ", w = " + std::to_string(w) +
                                               " must be " + std::to_string(need) + " bytes, got " +
                                               std::to_string(b.size())};
        shuffle_proof p;
        p.n = n;
        p.w = w;
        std::size_t off = 0;
        auto take = [&](bytes& dst, std::size_t len) {
            dst.assign(b.begin() + static_cast<std::ptrdiff_t>(off), b.begin() + static_cast<std::ptrdiff_t>(off + len));
            off += len;
        };
        take(p.c, es * n);
        take(p.c_hat, es * n);
        take(p.t_hat, es * n);
        take(p.t1, es);
        take(p.t2, es);
        take(p.t3, es);
        take(p.t4_alpha, es * w);
        take(p.t4_beta, es * w);
        std::optional<error> err;
        auto scal = [&](const char* field, std::size_t idx, bool indexed) -> scalar {
            auto s = G::scalar::decode(b.subspan(off, ss));
            off += ss;
            if (!s) {
                if (!err)
                    err = with_context("shuffle proof field " + std::string(field) +
                                           (indexed ? "[" + std::to_string(idx) + "]" : std::string()),
                                       s.err());
                return scalar::zero();
            }
            return *s;
        };
        p.s1 = scal("s1", 0, false);
        p.s2 = scal("s2", 0, false);
        p.s3 = scal("s3", 0, false);
        p.s4.reserve(w);
        for (std::size_t j = 0; j < w; ++j) p.s4.push_back(scal("s4", j, true));
        p.s_hat.reserve(n);
        for (std::size_t i = 0; i < n; ++i) p.s_hat.push_back(scal("s_hat", i, true));
        p.s_prime.reserve(n);
        for (std::size_t i = 0; i < n; ++i) p.s_prime.push_back(scal("s_prime", i, true));
        if (err) return *err;
        return p;
    }
    static result<shuffle_proof> from_hex(std::string_view hex, std::size_t n, std::size_t w) {
        auto b = scrutineer::from_hex(hex);
        if (!b) return with_context("shuffle proof", b.err());
        return decode(*b, n, w);
    }
};

/// A mixer's result: the re-encrypted, permuted list and its proof.
template <prime_order_group G>
struct shuffle_output {
    ciphertext_list<G> output;
    shuffle_proof<G> proof;
};

namespace detail {

/// Wipes a vector of secret scalars when it dies.
template <class T>
struct wiped_vector {
    std::vector<T> v;
    explicit wiped_vector(std::size_t n = 0) : v(n) {}
    wiped_vector(const wiped_vector&) = delete;
    wiped_vector& operator=(const wiped_vector&) = delete;
    ~wiped_vector() {
        if (!v.empty()) secure_wipe(v.data(), v.size() * sizeof(T));
    }
    T& operator[](std::size_t i) { return v[i]; }
    const T& operator[](std::size_t i) const { return v[i]; }
};

/// Decoded ciphertexts, alternately α and β (components in order), per chunk.
inline constexpr std::size_t max_points_per_chunk = std::size_t{1} << 19;

/// Absorbs the statement (docs/spec.md §9.3).
template <prime_order_group G>
struct shuffle_statement {
    const typename G::element& key;
    std::size_t n, w;
    byte_span input, output;
    void absorb(transcript_writer<G>& t) const {
        t.element("g", G::generator());
        t.element("K", key);
        t.u64("n", n);
        t.u64("w", w);
        t.raw("generators", as_bytes(shuffle_generators_label));
        t.raw("input", input);
        t.raw("output", output);
    }
};
template <prime_order_group G>
struct shuffle_permutation_commitment {
    byte_span c;
    void absorb(transcript_writer<G>& t) const { t.raw("c", c); }
};
template <prime_order_group G>
struct shuffle_chain_commitments {
    const shuffle_proof<G>& p;
    void absorb(transcript_writer<G>& t) const {
        t.raw("c-hat", p.c_hat);
        t.raw("t1", p.t1);
        t.raw("t2", p.t2);
        t.raw("t3", p.t3);
        t.raw("t4-alpha", p.t4_alpha);
        t.raw("t4-beta", p.t4_beta);
        t.raw("t-hat", p.t_hat);
    }
};

/// u_i = from_wide(H(T("domain", D) ‖ S("seed", seed) ‖ N("index", i))), D = the
/// challenge-vector domain, i = 0 … n−1 (docs/spec.md §9.3). In parallel.
template <prime_order_group G>
std::vector<typename G::scalar> challenge_vector(const typename G::scalar& seed, std::size_t n) {
    std::vector<typename G::scalar> u(n);
    sha512 base;
    frame(base, "domain", as_bytes(shuffle_challenge_vector_domain));
    const auto sb = seed.encode();
    frame(base, "seed", sb);
    parallel::for_chunks(n, 1024, [&](std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i) {
            sha512 h = base;
            frame_u64(h, "index", i);
            u[i] = G::scalar::from_wide(h.digest());
        }
    });
    return u;
}

/// The two transcript challenges of a shuffle proof: the seed of u (after the
/// permutation commitment) and c (after the chain commitments).
template <prime_order_group G>
struct shuffle_challenges {
    std::vector<typename G::scalar> u;
    typename G::scalar c;
};

template <prime_order_group G>
fs_ready<G> shuffle_transcript_to_u(const proof_context& ctx, const typename G::element& key,
                                    const ciphertext_list<G>& in, const ciphertext_list<G>& out, byte_span c) {
    return fiat_shamir<G>::begin(shuffle_protocol_label, ctx)
        .statement(shuffle_statement<G>{key, in.size(), in.width(), in.bytes_view(), out.bytes_view()})
        .commitments(shuffle_permutation_commitment<G>{c});
}

/// Decodes `count` elements from `b` into out[0..count) in parallel, rejecting
/// the identity. On failure returns the error of the lowest failing index k,
/// named by name(k).
template <prime_order_group G, class Name>
status decode_elements(byte_span b, std::size_t count, typename G::element* out, const Name& name) {
    constexpr std::size_t es = G::element_size;
    std::mutex m;
    std::size_t bad = count;
    std::optional<error> err;
    std::atomic<std::size_t> first_bad{count};
    parallel::for_chunks(count, 256, [&](std::size_t lo, std::size_t hi) {
        for (std::size_t k = lo; k < hi; ++k) {
            if (k > first_bad.load(std::memory_order_relaxed)) return;
            auto r = decode_nonidentity<G>(b.subspan(k * es, es));
            if (r) {
                out[k] = *r;
                continue;
            }
            std::lock_guard<std::mutex> g(m);
            if (k < bad) {
                bad = k;
                err = r.err();
                first_bad.store(k, std::memory_order_relaxed);
            }
            return;
        }
    });
    if (err) return with_context(name(bad), *err);
    return {};
}

inline std::string ciphertext_element_name(const char* list, std::size_t first, std::size_t w, std::size_t k) {
    const std::size_t i = first + k / (2 * w), j = (k / 2) % w;
    return std::string(list) + " ciphertext " + std::to_string(i) + " component " + std::to_string(j) +
           (k % 2 == 0 ? " alpha" : " beta");
}

/// A random 128-bit weight (the verifier's own randomness, docs/spec.md §6).
template <prime_order_group G>
typename G::scalar weight128(rng& r) {
    std::array<byte, 64> wide{};
    r.fill(mutable_byte_span(wide.data(), 16));
    return G::scalar::from_wide(wide);  // < 2^128, no reduction happens
}

/// Checks the CheckProof equations [HLKD] for given challenges, batched with
/// random weights into multi-scalar multiplications over chunks (docs/mixnet.md
/// "Verifier"). Lengths must already match.
template <prime_order_group G>
status check_shuffle_equations(const typename G::element& key, const ciphertext_list<G>& in,
                               const ciphertext_list<G>& out, const shuffle_proof<G>& p,
                               const shuffle_generators<G>& gens, const shuffle_challenges<G>& ch, rng& r) {
    using scalar = typename G::scalar;
    using element = typename G::element;
    const std::size_t n = p.n, w = p.w;
    const scalar& c = ch.c;
    const auto& u = ch.u;

    // the single elements
    auto one = [&](const bytes& b, std::size_t off, const std::string& name) -> result<element> {
        auto e = decode_nonidentity<G>(byte_span(b).subspan(off, G::element_size));
        if (!e) return with_context("shuffle proof field " + name, e.err());
        return e;
    };
    auto t1 = one(p.t1, 0, "t1");
    if (!t1) return t1.err();
    auto t2 = one(p.t2, 0, "t2");
    if (!t2) return t2.err();
    auto t3 = one(p.t3, 0, "t3");
    if (!t3) return t3.err();
    std::vector<element> t4a, t4b;
    for (std::size_t j = 0; j < w; ++j) {
        auto a = one(p.t4_alpha, j * G::element_size, "t4_alpha[" + std::to_string(j) + "]");
        if (!a) return a.err();
        t4a.push_back(*a);
    }
    for (std::size_t j = 0; j < w; ++j) {
        auto b = one(p.t4_beta, j * G::element_size, "t4_beta[" + std::to_string(j) + "]");
        if (!b) return b.err();
        t4b.push_back(*b);
    }

    // the verifier's weights: full-size for the few single equations, 128-bit
    // γ_i for the N chain equations
    const scalar a1 = scalar::random(r), a2 = scalar::random(r), a3 = scalar::random(r);
    std::vector<scalar> beta(w), delta(w);
    for (auto& x : beta) x = scalar::random(r);
    for (auto& x : delta) x = scalar::random(r);
    std::vector<scalar> gamma(n);
    for (auto& x : gamma) x = weight128<G>(r);

    const scalar a1c = a1 * c;
    std::vector<scalar> bc(w), dc(w);
    for (std::size_t j = 0; j < w; ++j) {
        bc[j] = beta[j] * c;
        dc[j] = delta[j] * c;
    }

    // chunks of B ciphertexts: points [in 2wB | out 2wB | c B | ĉ B | t̂ B | h B]
    const std::size_t per = 4 * w + 4;
    const std::size_t B = std::max<std::size_t>(1, std::min(n, max_points_per_chunk / per));
    std::vector<element> pts(per * B);
    std::vector<scalar> sc(per * B);
    element total = G::identity();
    scalar g_coeff = scalar::zero();  // Σ over chunks of −γ_i·ŝ_i
    const std::size_t ce = 2 * w;     // elements per ciphertext
    for (std::size_t lo = 0; lo < n; lo += B) {
        const std::size_t m = std::min(B, n - lo);
        element* P_in = pts.data();
        element* P_out = P_in + ce * m;
        element* P_c = P_out + ce * m;
        element* P_ch = P_c + m;
        element* P_th = P_ch + m;
        element* P_h = P_th + m;
        const std::size_t es = G::element_size;
        status s = decode_elements<G>(in.bytes_view().subspan(lo * in.stride(), m * in.stride()), ce * m, P_in,
                                      [&](std::size_t k) { return ciphertext_element_name("input", lo, w, k); });
        if (!s) return s;
        s = decode_elements<G>(out.bytes_view().subspan(lo * out.stride(), m * out.stride()), ce * m, P_out,
                               [&](std::size_t k) { return ciphertext_element_name("output", lo, w, k); });
        if (!s) return s;
        auto field = [&](const char* f) {
            return [f, lo](std::size_t k) { return "shuffle proof field " + std::string(f) + "[" + std::to_string(lo + k) + "]"; };
        };
        s = decode_elements<G>(byte_span(p.c).subspan(lo * es, m * es), m, P_c, field("c"));
        if (!s) return s;
        s = decode_elements<G>(byte_span(p.c_hat).subspan(lo * es, m * es), m, P_ch, field("c_hat"));
        if (!s) return s;
        s = decode_elements<G>(byte_span(p.t_hat).subspan(lo * es, m * es), m, P_th, field("t_hat"));
        if (!s) return s;
        gens.fill(lo + 1, std::span<element>(P_h, m));

        scalar* S_in = sc.data();
        scalar* S_out = S_in + ce * m;
        scalar* S_c = S_out + ce * m;
        scalar* S_ch = S_c + m;
        scalar* S_th = S_ch + m;
        scalar* S_h = S_th + m;
        std::mutex gm;
        parallel::for_chunks(m, 512, [&](std::size_t a, std::size_t b) {
            scalar gsum = scalar::zero();
            for (std::size_t k = a; k < b; ++k) {
                const std::size_t i = lo + k;
                const scalar cu = c * u[i];
                const scalar& sp = p.s_prime[i];
                for (std::size_t j = 0; j < w; ++j) {
                    S_in[ce * k + 2 * j] = bc[j] * u[i];       // a_ij: β_j·c·u_i
                    S_in[ce * k + 2 * j + 1] = dc[j] * u[i];   // b_ij: δ_j·c·u_i
                    S_out[ce * k + 2 * j] = -(beta[j] * sp);   // ã_ij: −β_j·s'_i
                    S_out[ce * k + 2 * j + 1] = -(delta[j] * sp);
                }
                S_c[k] = a1c + a3 * cu;                         // c_i: c·(α1 + α3·u_i)
                S_ch[k] = (i + 1 < n) ? gamma[i] * c - gamma[i + 1] * p.s_prime[i + 1]  // ĉ_i
                                      : gamma[i] * c + a2 * c;
                S_th[k] = gamma[i];                             // t̂_i
                S_h[k] = -(a1c + a3 * sp);                      // h_i: −(α1·c + α3·s'_i)
                gsum = gsum - gamma[i] * p.s_hat[i];
            }
            std::lock_guard<std::mutex> g(gm);
            g_coeff = g_coeff + gsum;
        });
        total = total + G::multi_exp_vartime(std::span<const scalar>(sc.data(), per * m),
                                             std::span<const element>(pts.data(), per * m));
    }

    // the remaining terms: G, K, h, t1, t2, t3, t4
    scalar U = scalar::one();
    for (const auto& x : u) U = U * x;
    std::vector<scalar> fs;
    std::vector<element> fp;
    scalar gc = g_coeff - a1 * p.s1 - a2 * p.s2 - a3 * p.s3;
    scalar kc = scalar::zero();
    for (std::size_t j = 0; j < w; ++j) {
        gc = gc + beta[j] * p.s4[j];
        kc = kc + delta[j] * p.s4[j];
    }
    fs.push_back(gc);
    fp.push_back(G::generator());
    fs.push_back(kc);
    fp.push_back(key);
    fs.push_back(-(gamma[0] * p.s_prime[0]) - a2 * c * U);  // h = ĉ_0, and the ĉ = ĉ_N − U·h term
    fp.push_back(gens.at(0));
    fs.push_back(a1);
    fp.push_back(*t1);
    fs.push_back(a2);
    fp.push_back(*t2);
    fs.push_back(a3);
    fp.push_back(*t3);
    for (std::size_t j = 0; j < w; ++j) {
        fs.push_back(beta[j]);
        fp.push_back(t4a[j]);
        fs.push_back(delta[j]);
        fp.push_back(t4b[j]);
    }
    total = total + G::multi_exp_vartime(std::span<const scalar>(fs), std::span<const element>(fp));
    if (!G::is_identity(total))
        return error{errc::verify_failed, "shuffle proof: the verification equations of CheckProof do not hold"};
    return {};
}

template <prime_order_group G>
status verify_shuffle_impl(const proof_context& ctx, const elgamal::public_key<G>& pk, const ciphertext_list<G>& in,
                           const ciphertext_list<G>& out, const shuffle_proof<G>& p, const shuffle_generators<G>& gens,
                           rng& r) {
    const std::size_t n = in.size(), w = in.width();
    if (n == 0) return error{errc::bad_input, "shuffle: the input list is empty"};
    if (out.size() != n || out.width() != w)
        return error{errc::bad_length, "shuffle: output has " + std::to_string(out.size()) + " ciphertexts of width " +
                                           std::to_string(out.width()) + ", input " + std::to_string(n) + " of width " +
                                           std::to_string(w)};
    const std::size_t es = G::element_size;
    if (p.n != n || p.w != w || p.c.size() != es * n || p.c_hat.size() != es * n || p.t_hat.size() != es * n ||
        p.t1.size() != es || p.t2.size() != es || p.t3.size() != es || p.t4_alpha.size() != es * w ||
        p.t4_beta.size() != es * w || p.s4.size() != w || p.s_hat.size() != n || p.s_prime.size() != n)
        return error{errc::bad_length, "shuffle proof: field sizes do not match n = " + std::to_string(n) +
                                           ", w = " + std::to_string(w)};
    // Fiat–Shamir (docs/spec.md §9.3): u from the statement and c, then the challenge c
    auto t = shuffle_transcript_to_u<G>(ctx, pk.element(), in, out, p.c);
    shuffle_challenges<G> ch;
    ch.u = challenge_vector<G>(t.challenge(), n);
    t.message(shuffle_chain_commitments<G>{p});
    ch.c = t.challenge();
    return check_shuffle_equations<G>(pk.element(), in, out, p, gens, ch, r);
}

template <prime_order_group G>
result<shuffle_output<G>> shuffle_impl(const proof_context& ctx, const elgamal::public_key<G>& pk,
                                       const ciphertext_list<G>& in, rng& rand, const shuffle_generators<G>& gens);

}  // namespace detail

/// Shuffles `input` (n >= 1 ciphertexts of width w under `pk`) with a fresh
/// secret permutation and fresh per-component nonces, and proves it
/// ([HLKD] GenShuffle + GenProof). Errors: bad_input for an empty list; the
/// first invalid input element (format error naming it).
template <prime_order_group G>
result<shuffle_output<G>> shuffle(const proof_context& ctx, const elgamal::public_key<G>& pk,
                                  const ciphertext_list<G>& input, rng& rand) {
    return detail::shuffle_impl<G>(ctx, pk, input, rand, shuffle_generators<G>::derived(ctx));
}

/// Verifies that `output` is a re-encryption and permutation of `input` under
/// `pk`, bound to `ctx` ([HLKD] CheckProof, batched). Format errors name the
/// bad element or field; verify_failed if the equations do not hold. `weights`
/// supplies the verifier's private random batching weights.
template <prime_order_group G>
status verify_shuffle(const proof_context& ctx, const elgamal::public_key<G>& pk, const ciphertext_list<G>& input,
                      const ciphertext_list<G>& output, const shuffle_proof<G>& proof, rng& weights = default_rng()) {
    return detail::verify_shuffle_impl<G>(ctx, pk, input, output, proof, shuffle_generators<G>::derived(ctx), weights);
}

/// FOR TESTS ONLY: prove and verify under explicitly given generators (a proof
/// made under generators other than the derived ones must fail verify_shuffle).
template <prime_order_group G>
result<shuffle_output<G>> shuffle_with_generators_for_testing(const proof_context& ctx,
                                                              const elgamal::public_key<G>& pk,
                                                              const ciphertext_list<G>& input, rng& rand,
                                                              const shuffle_generators<G>& gens) {
    return detail::shuffle_impl<G>(ctx, pk, input, rand, gens);
}
template <prime_order_group G>
status verify_shuffle_with_generators_for_testing(const proof_context& ctx, const elgamal::public_key<G>& pk,
                                                  const ciphertext_list<G>& input, const ciphertext_list<G>& output,
                                                  const shuffle_proof<G>& proof, const shuffle_generators<G>& gens,
                                                  rng& weights = default_rng()) {
    return detail::verify_shuffle_impl<G>(ctx, pk, input, output, proof, gens, weights);
}

// ---------------------------------------------------------------------------
// The prover

namespace detail {

template <prime_order_group G>
result<shuffle_output<G>> shuffle_impl(const proof_context& ctx, const elgamal::public_key<G>& pk,
                                       const ciphertext_list<G>& in, rng& rand, const shuffle_generators<G>& gens) {
    using scalar = typename G::scalar;
    using element = typename G::element;
    const std::size_t n = in.size(), w = in.width();
    if (n == 0) return error{errc::bad_input, "shuffle: the input list is empty"};
    if (n >= (std::size_t{1} << 40)) return error{errc::out_of_range, "shuffle: too many ciphertexts"};
    constexpr std::size_t es = G::element_size;
    const std::size_t stride = in.stride();  // 64·w
    const std::size_t ce = 2 * w;

    // --- randomness, drawn up front (rng need not be thread-safe)
    wiped_vector<std::uint64_t> key_hi(n);  // secret sort keys (key_hi_j, j) of the permutation
    {
        std::vector<byte> kb(8 * n);
        rand.fill(mutable_byte_span(kb.data(), kb.size()));
        for (std::size_t j = 0; j < n; ++j) {
            std::uint64_t v = 0;
            for (int b = 0; b < 8; ++b) v |= static_cast<std::uint64_t>(kb[8 * j + static_cast<std::size_t>(b)]) << (8 * b);
            key_hi[j] = v;
        }
        secure_wipe(kb.data(), kb.size());
    }
    wiped_vector<scalar> rho(n * w), rr(n), omp(n), R(n), A(n);  // in output order i
    for (std::size_t k = 0; k < n * w; ++k) rho[k] = scalar::random(rand);
    for (std::size_t i = 0; i < n; ++i) {
        rr[i] = scalar::random(rand);   // permutation-commitment nonce of output position i
        omp[i] = scalar::random(rand);  // ω'_i
        R[i] = scalar::random(rand);    // R_i (equivalently r̂_i, see below)
        A[i] = scalar::random(rand);    // ω̂_i + ω'_i·R_{i−1} (equivalently ω̂_i)
    }
    wiped_vector<scalar> om(3 + w);  // ω1, ω2, ω3, ω4_1…w
    for (std::size_t k = 0; k < 3 + w; ++k) om[k] = scalar::random(rand);

    // --- GenPermutation + GenShuffle [HLKD]: sort (key_hi_j, j, e_j) by key;
    // position i then holds ψ(i) = j and e_ψ(i)
    const std::size_t rec1 = 16 + stride;  // stride is a multiple of 8 (64·w)
    wiped_vector<std::uint64_t> buf1(n * rec1 / 8);
    for (std::size_t j = 0; j < n; ++j) {
        std::uint64_t* r = &buf1[j * rec1 / 8];
        r[0] = key_hi[j];
        r[1] = j;
        std::memcpy(r + 2, in.encoded(j).data(), stride);
    }
    oblivious_sort(std::span<std::uint64_t>(buf1.v), n, rec1);

    shuffle_output<G> res;
    bytes out_bytes(n * stride);
    shuffle_proof<G>& pr = res.proof;
    pr.n = n;
    pr.w = w;

    // --- per chunk of output positions: re-encrypt (one nonce per component),
    // accumulate t4 = Σ ω'_i·ẽ_i and Σ ω'_i·h_i (constant-time MSM), and the
    // permutation commitment at output positions x_i = rr_i·G + h_i
    // (GenPermutationCommitment: c_ψ(i) = x_i)
    const std::size_t rec2 = 16 + ((es + 7) / 8) * 8;
    wiped_vector<std::uint64_t> buf2(n * rec2 / 8);
    std::vector<element> t4acc(ce, G::identity());
    element t3acc = G::identity();
    const std::size_t B = std::max<std::size_t>(1, std::min(n, max_points_per_chunk / (ce + 1) / 2));
    std::vector<element> pts(ce * B), hs(B);
    std::atomic<bool> bad_input{false};
    for (std::size_t lo = 0; lo < n; lo += B) {
        const std::size_t m = std::min(B, n - lo);
        gens.fill(lo + 1, std::span<element>(hs.data(), m));
        parallel::for_chunks(m, 64, [&](std::size_t a, std::size_t b) {
            for (std::size_t k = a; k < b; ++k) {
                const std::size_t i = lo + k;
                const std::uint64_t* r = &buf1[i * rec1 / 8];
                const byte* src = reinterpret_cast<const byte*>(r + 2);
                byte* dst = out_bytes.data() + i * stride;
                for (std::size_t j = 0; j < w; ++j) {
                    auto al = decode_nonidentity<G>(byte_span(src + 2 * j * es, es));
                    auto be = decode_nonidentity<G>(byte_span(src + (2 * j + 1) * es, es));
                    if (!al || !be) {
                        bad_input.store(true);
                        continue;
                    }
                    element na = *al + G::mul_base(rho[i * w + j]);
                    element nb = *be + pk.mul(rho[i * w + j]);
                    const auto ea = G::encode(na), eb = G::encode(nb);
                    std::memcpy(dst + 2 * j * es, ea.bytes.data(), es);
                    std::memcpy(dst + (2 * j + 1) * es, eb.bytes.data(), es);
                    pts[ce * k + 2 * j] = na;
                    pts[ce * k + 2 * j + 1] = nb;
                }
                const element x = G::mul_base(rr[i]) + hs[k];
                std::uint64_t* q = &buf2[i * rec2 / 8];
                q[0] = r[1];  // ψ(i): sort back to input order
                q[1] = 0;
                const auto ex = G::encode(x);
                std::memcpy(q + 2, ex.bytes.data(), es);
            }
        });
        if (bad_input.load()) break;
        // t4 per component and side, t3: constant-time MSMs with the secret ω'
        std::vector<scalar> ws(m);
        std::vector<element> col(m);
        for (std::size_t e = 0; e < ce; ++e) {
            for (std::size_t k = 0; k < m; ++k) col[k] = pts[ce * k + e];
            t4acc[e] = t4acc[e] + multi_exp_ct<G>(std::span<const scalar>(&omp[lo], m), std::span<const element>(col));
        }
        t3acc = t3acc + multi_exp_ct<G>(std::span<const scalar>(&omp[lo], m), std::span<const element>(hs.data(), m));
    }
    if (bad_input.load()) {
        // name the first bad element (input order; the input is public)
        for (std::size_t j = 0; j < n; ++j) {
            auto c = in.at(j);
            if (!c) return with_context("shuffle input", c.err());
        }
        return error{errc::internal, "shuffle: input decoding failed"};
    }
    auto out_list = ciphertext_list<G>::from_bytes(std::move(out_bytes), n, w);
    if (!out_list) return out_list.err();
    res.output = std::move(*out_list);

    // permutation commitment in input order: c_j = x_{ψ^{-1}(j)}
    oblivious_sort(std::span<std::uint64_t>(buf2.v), n, rec2);
    pr.c.resize(es * n);
    for (std::size_t j = 0; j < n; ++j) std::memcpy(pr.c.data() + j * es, &buf2[j * rec2 / 8 + 2], es);

    // --- challenges u (GetChallenges [HLKD]; docs/spec.md §9.3)
    auto tr = shuffle_transcript_to_u<G>(ctx, pk.element(), in, res.output, pr.c);
    const auto u = challenge_vector<G>(tr.challenge(), n);

    // ũ_i = u_ψ(i): sort (key_hi_j, j, u_j) by the same keys as the shuffle
    const std::size_t rec3 = 16 + ((sizeof(scalar) + 7) / 8) * 8;
    wiped_vector<std::uint64_t> buf3(n * rec3 / 8);
    for (std::size_t j = 0; j < n; ++j) {
        std::uint64_t* r = &buf3[j * rec3 / 8];
        r[0] = key_hi[j];
        r[1] = j;
        std::memcpy(r + 2, &u[j], sizeof(scalar));
    }
    oblivious_sort(std::span<std::uint64_t>(buf3.v), n, rec3);
    wiped_vector<scalar> ut(n);
    for (std::size_t i = 0; i < n; ++i) std::memcpy(static_cast<void*>(&ut[i]), &buf3[i * rec3 / 8 + 2], sizeof(scalar));

    // --- GenCommitmentChain [HLKD] in closed form: with ĉ_0 = h and
    // ĉ_i = r̂_i·g + ũ_i·ĉ_{i−1}, ĉ_i = R_i·g + U_i·h where U_i = ũ_1⋯ũ_i and
    // R_i = r̂_i + ũ_i·R_{i−1} (R_0 = 0). R_i is drawn uniformly (so r̂_i =
    // R_i − ũ_i·R_{i−1} is uniform too): two fixed-base multiplications per i
    // instead of a variable-base one. Likewise t̂_i = ω̂_i·g + ω'_i·ĉ_{i−1} =
    // A_i·g + (ω'_i·U_{i−1})·h with A_i = ω̂_i + ω'_i·R_{i−1} drawn uniformly.
    wiped_vector<scalar> Upre(n + 1);  // U_0 … U_N
    Upre[0] = scalar::one();
    for (std::size_t i = 0; i < n; ++i) Upre[i + 1] = Upre[i] * ut[i];
    const element h = gens.at(0);
    const fixed_base<G> htab(h);
    pr.c_hat.resize(es * n);
    pr.t_hat.resize(es * n);
    // Both terms of ĉ_i and t̂_i are fixed-base products, so they are computed
    // with publish_scalar and encoded a chunk at a time by publish_points.
    parallel::for_chunks(n, 64, [&](std::size_t a, std::size_t b) {
        std::vector<element> pc(2 * (b - a));
        for (std::size_t i = a; i < b; ++i) {
            pc[2 * (i - a)] = G::mul_base(publish_scalar<G>(R[i])) + htab.mul(publish_scalar<G>(Upre[i + 1]));
            pc[2 * (i - a) + 1] = G::mul_base(publish_scalar<G>(A[i])) + htab.mul(publish_scalar<G>(omp[i] * Upre[i]));
        }
        publish_points<G>(pc);
        for (std::size_t i = a; i < b; ++i) {
            const auto e1 = G::encode(pc[2 * (i - a)]), e2 = G::encode(pc[2 * (i - a) + 1]);
            std::memcpy(pr.c_hat.data() + i * es, e1.bytes.data(), es);
            std::memcpy(pr.t_hat.data() + i * es, e2.bytes.data(), es);
        }
    });
    auto enc = [&](const element& e) {
        const auto x = G::encode(e);
        return bytes(x.bytes.begin(), x.bytes.end());
    };
    pr.t1 = enc(G::mul_base(om[0]));
    pr.t2 = enc(G::mul_base(om[1]));
    pr.t3 = enc(G::mul_base(om[2]) + t3acc);
    for (std::size_t j = 0; j < w; ++j) {
        // − ω4_j·G and − ω4_j·K by the negated scalar, not by negating the
        // secret product (in a modp group that is a constant-time inversion)
        const secret<scalar> neg(-om[3 + j]);
        append(pr.t4_alpha, enc(t4acc[2 * j] + G::mul_base(neg.expose())));
        append(pr.t4_beta, enc(t4acc[2 * j + 1] + pk.mul(neg.expose())));
    }

    // --- the challenge c, then the responses (GenProof [HLKD])
    tr.message(shuffle_chain_commitments<G>{pr});
    const scalar c = tr.challenge();
    secret<scalar> rbar, rtil;  // Σ rr_i; Σ ũ_i·rr_i
    wiped_vector<scalar> rhobar(w);
    for (std::size_t i = 0; i < n; ++i) {
        rbar.expose_mut() = rbar.expose() + rr[i];
        rtil.expose_mut() = rtil.expose() + ut[i] * rr[i];
        for (std::size_t j = 0; j < w; ++j) rhobar[j] = rhobar[j] + ut[i] * rho[i * w + j];
    }
    pr.s1 = om[0] + c * rbar.expose();
    pr.s2 = om[1] + c * R[n - 1];
    pr.s3 = om[2] + c * rtil.expose();
    pr.s4.resize(w);
    for (std::size_t j = 0; j < w; ++j) pr.s4[j] = om[3 + j] + c * rhobar[j];
    pr.s_hat.resize(n);
    pr.s_prime.resize(n);
    parallel::for_chunks(n, 1024, [&](std::size_t a, std::size_t b) {
        for (std::size_t i = a; i < b; ++i) {
            const scalar Rprev = i == 0 ? scalar::zero() : R[i - 1];
            const scalar rhat = R[i] - ut[i] * Rprev;
            const scalar what = A[i] - omp[i] * Rprev;
            pr.s_hat[i] = what + c * rhat;
            pr.s_prime[i] = omp[i] + c * ut[i];
        }
    });
    return res;
}

}  // namespace detail

}  // namespace scrutineer::mixnet
