// scrutineer — group: modp groups on GMP (see include/scrutineer/group/modp.hpp).
//
// Constant-time paths use GMP's mpn_sec_* and mpn_cnd_* functions (documented
// by GMP as side-channel silent) and, for Montgomery reduction (redc),
// mpn_addmul_1, the building block of those functions; variable-time paths use
// mpz functions.
#include "scrutineer/group/modp.hpp"

#include <gmp.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "scrutineer/core/cpu.hpp"
#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/group/multi_exp.hpp"

namespace scrutineer {

static_assert(sizeof(mp_limb_t) == 8 && GMP_NUMB_BITS == 64, "modp storage assumes 64-bit GMP limbs without nails");

namespace {

// ElectionGuard 2.0 standard baseline parameters, §3.1.1.
constexpr const char* kEgP =
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFB17217F7D1CF79ABC9E3B39803F2F6AF40F343267298B62D8A0D175B8BAAFA2B"
    "E7B876206DEBAC98559552FB4AFA1B10ED2EAE35C138214427573B291169B8253E96CA16224AE8C51ACBDA11317C387EB9EA9BC3B136603B256FA0EC7657F74B"
    "72CE87B19D6548CAF5DFA6BD38303248655FA1872F20E3A2DA2D97C50F3FD5C607F4CA11FB5BFB90610D30F88FE551A2EE569D6DFC1EFA157D2E23DE1400B396"
    "17460775DB8990E5C943E732B479CD33CCCC4E659393514C4C1A1E0BD1D6095D25669B333564A3376A9C7F8A5E148E82074DB6015CFE7AA30C480A5417350D2C"
    "955D5179B1E17B9DAE313CDB6C606CB1078F735D1B2DB31B5F50B5185064C18B4D162DB3B365853D7598A1951AE273EE5570B6C68F96983496D4E6D330AF889B"
    "44A02554731CDC8EA17293D1228A4EF98D6F5177FBCF0755268A5C1F9538B98261AFFD446B1CA3CF5E9222B88C66D3C5422183EDC99421090BBB16FAF3D949F2"
    "36E02B20CEE886B905C128D53D0BD2F9621363196AF503020060E49908391A0C57339BA2BEBA7D052AC5B61CC4E9207CEF2F0CE2D7373958D762265890445744"
    "FB5F2DA4B751005892D356890DEFE9CAD9B9D4B713E06162A2D8FDD0DF2FD608FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
constexpr const char* kEgQ = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF43";
constexpr const char* kEgG =
    "36036FED214F3B50DC566D3A312FE4131FEE1C2BCE6D02EA39B477AC05F7F885F38CFE77A7E45ACF4029114C4D7A9BFE058BF2F995D2479D3DDA618FFD910D3C"
    "4236AB2CFDD783A5016F7465CF59BBF45D24A22F130F2D04FE93B2D58BB9C1D1D27FC9A17D2AF49A779F3FFBDCA22900C14202EE6C99616034BE35CBCDD3E7BB"
    "7996ADFE534B63CCA41E21FF5DC778EBB1B86C53BFBE99987D7AEA0756237FB40922139F90A62F2AA8D9AD34DFF799E33C857A6468D001ACF3B681DB87DC4242"
    "755E2AC5A5027DB81984F033C4D178371F273DBB4FCEA1E628C23E52759BC7765728035CEA26B44C49A65666889820A45C33DD37EA4A1D00CB62305CD541BE1E"
    "8A92685A07012B1A20A746C3591A2DB3815000D2AACCFE43DC49E828C1ED7387466AFD8E4BF1935593B2A442EEC271C50AD39F733797A1EA11802A2557916534"
    "662A6B7E9A9E449A24C8CFF809E79A4D806EB681119330E6C57985E39B200B4893639FDFDEA49F76AD1ACD997EBA13657541E79EC57437E504EDA9DD01106151"
    "6C643FB30D6D58AFCCD28B73FEDA29EC12B01A5EB86399A593A9D5F450DE39CB92962C5EC6925348DB54D128FD99C14B457F883EC20112A75A6A0581D3D80A3B"
    "4EF09EC86F9552FFDA1653F133AA2534983A6F31B0EE4697935A6B1EA2F75B85E7EBA151BA486094D68722B054633FEC51CA3F29B31E77E317B178B6B9D8AE0F";

/// RAII mpz.
struct Z {
    mpz_t v;
    Z() { mpz_init(v); }
    explicit Z(const char* hex) { mpz_init_set_str(v, hex, 16); }
    ~Z() { mpz_clear(v); }
    Z(const Z&) = delete;
    Z& operator=(const Z&) = delete;
    operator mpz_ptr() { return v; }               // NOLINT
    operator mpz_srcptr() const { return v; }      // NOLINT
};

template <std::size_t N>
void limbs_from_mpz(std::array<std::uint64_t, N>& out, mpz_srcptr z) {
    out.fill(0);
    const std::size_t n = mpz_size(z);
    if (n > N) throw std::logic_error("modp: value wider than its storage");
    const mp_limb_t* l = mpz_limbs_read(z);
    for (std::size_t i = 0; i < n; ++i) out[i] = l[i];
}

/// A read-only mpz view of limbs (no allocation).
template <std::size_t N>
mpz_srcptr view(mpz_t tmp, const std::array<std::uint64_t, N>& l) {
    return mpz_roinit_n(tmp, reinterpret_cast<const mp_limb_t*>(l.data()), static_cast<mp_size_t>(N));
}

bytes be_bytes(mpz_srcptr z, std::size_t width) {
    bytes out(width, 0);
    std::size_t count = 0;
    const std::size_t need = (mpz_sizeinbase(z, 2) + 7) / 8;
    if (mpz_sgn(z) != 0 && need <= width) mpz_export(out.data() + (width - need), &count, 1, 1, 1, 0, z);
    return out;
}

void import_be(mpz_ptr z, byte_span b) {
    if (b.empty())
        mpz_set_ui(z, 0);
    else
        mpz_import(z, b.size(), 1, 1, 1, 0, b.data());
}

/// Per-parameter-set constants, built once.
struct ctx_t {
    std::size_t n = 0;   // limbs of p
    std::size_t qn = 0;  // limbs of q
    std::vector<mp_limb_t> p, q;
    std::vector<mp_limb_t> q_plus;  // q with one extra zero limb (for s + q)
    mp_bitcnt_t enb = 0;            // bit length of 2q - 1 (exponent width for s + q)
    Z P, Q, R, G;
    bytes p_b, q_b, r_b, g_b;
    std::size_t scratch = 0;  // limbs of scratch enough for every mpn_sec_* call
    mp_limb_t minv = 0;       // −p⁻¹ mod 2^64 (Montgomery reduction, redc)
    std::vector<mp_limb_t> r2;  // R² mod p, R = 2^(64n) (into Montgomery form)
    // q = 2^q_bits − d: with d < 2^(q_bits−1) (q_gap_ok), x^q = 1 iff
    // x^(2^q_bits) = x^d, read off a chain of squarings (pow_many_vartime)
    std::size_t q_bits = 0;
    bool q_gap_ok = false;
    std::vector<std::size_t> q_gap_bits;  // the set bits of d

    ctx_t(const char* ph, const char* qh, const char* gh, std::size_t width) : P(ph), Q(qh), G(gh) {
        mpz_sub_ui(R, P, 1);
        if (!mpz_divisible_p(R, Q)) throw std::logic_error("modp: q does not divide p - 1");
        mpz_divexact(R, R, Q);
        n = mpz_size(P.v);
        qn = mpz_size(Q.v);
        p.assign(mpz_limbs_read(P), mpz_limbs_read(P) + n);
        q.assign(mpz_limbs_read(Q), mpz_limbs_read(Q) + qn);
        q_plus = q;
        q_plus.push_back(0);
        // Newton's iteration for p⁻¹ mod 2^64 (each step doubles the correct bits;
        // p is odd, so x = 1 is right mod 2)
        mp_limb_t inv = 1;
        for (int i = 0; i < 6; ++i) inv *= 2 - p[0] * inv;
        if (inv * p[0] != 1) throw std::logic_error("modp: p is even");
        minv = -inv;
        {
            Z r2z;
            mpz_setbit(r2z, 128 * n);
            mpz_mod(r2z, r2z, P);
            r2.assign(n, 0);
            std::copy(mpz_limbs_read(r2z), mpz_limbs_read(r2z) + mpz_size(r2z.v), r2.begin());
        }
        q_bits = mpz_sizeinbase(Q, 2);
        {
            Z d;
            mpz_setbit(d, q_bits);
            mpz_sub(d, d, Q);
            q_gap_ok = mpz_sizeinbase(d, 2) < q_bits - 1;
            for (std::size_t b = 0; b < q_bits; ++b)
                if (mpz_tstbit(d, b)) q_gap_bits.push_back(b);
        }
        enb = mpz_sizeinbase(Q, 2) + 1;
        p_b = be_bytes(P, width);
        q_b = be_bytes(Q, 32);
        r_b = be_bytes(R, width);
        g_b = be_bytes(G, width);
        const auto N = static_cast<mp_size_t>(n), QN = static_cast<mp_size_t>(qn);
        std::size_t s = 0;
        auto up = [&](mp_size_t x) { s = std::max(s, static_cast<std::size_t>(x)); };
        up(mpn_sec_mul_itch(N, N));
        up(mpn_sec_sqr_itch(N));
        up(mpn_sec_div_r_itch(2 * N, N));
        up(mpn_sec_powm_itch(N, enb, N));
        up(mpn_sec_invert_itch(N));
        up(mpn_sec_mul_itch(QN, QN));
        up(mpn_sec_div_r_itch(2 * QN, QN));
        up(mpn_sec_div_r_itch(std::max<mp_size_t>(8, QN), QN));
        up(mpn_sec_invert_itch(QN));
        scratch = s + 8;
    }
};

template <class P>
const ctx_t& ctx();

template <>
const ctx_t& ctx<modp4096_params>() {
    static const ctx_t c(kEgP, kEgQ, kEgG, 512);
    return c;
}
template <>
const ctx_t& ctx<modp_tiny_params>() {
    static const ctx_t c("7F7", "3FB", "4", 2);  // 2039, 1019, 4
    return c;
}

/// Thread-local scratch for mpn_sec_* calls; wiped after each use by the
/// callers that handle secrets.
struct scratch_t {
    std::vector<mp_limb_t> t, w;
    mp_limb_t* get(std::size_t n) {
        if (t.size() < n) t.assign(n, 0);
        return t.data();
    }
    mp_limb_t* wide(std::size_t n) {
        if (w.size() < n) w.assign(n, 0);
        return w.data();
    }
    void wipe() {
        if (!t.empty()) secure_wipe(t.data(), t.size() * sizeof(mp_limb_t));
        if (!w.empty()) secure_wipe(w.data(), w.size() * sizeof(mp_limb_t));
    }
};
scratch_t& scratch() {
    thread_local scratch_t s;
    return s;
}

template <std::size_t N>
mp_limb_t* L(std::array<std::uint64_t, N>& a) {
    return reinterpret_cast<mp_limb_t*>(a.data());
}
template <std::size_t N>
const mp_limb_t* L(const std::array<std::uint64_t, N>& a) {
    return reinterpret_cast<const mp_limb_t*>(a.data());
}

/// a·b (2n limbs, in the thread's scratch), constant time; mpn_sec_sqr when
/// a and b are the same array.
template <class P>
mp_limb_t* product_ct(const typename modp_element<P>::limbs_t& a, const typename modp_element<P>::limbs_t& b) {
    const auto& c = ctx<P>();
    const auto n = static_cast<mp_size_t>(c.n);
    auto& s = scratch();
    mp_limb_t* prod = s.wide(2 * c.n);
    mp_limb_t* tp = s.get(c.scratch);
    if (a.data() == b.data())
        mpn_sec_sqr(prod, L(a), n, tp);
    else
        mpn_sec_mul(prod, L(a), n, L(b), n, tp);
    return prod;
}

/// r = a·b mod p, constant time.
template <class P>
void mulmod_ct(typename modp_element<P>::limbs_t& r, const typename modp_element<P>::limbs_t& a,
               const typename modp_element<P>::limbs_t& b) {
    const auto& c = ctx<P>();
    const auto n = static_cast<mp_size_t>(c.n);
    mp_limb_t* prod = product_ct<P>(a, b);
    mpn_sec_div_r(prod, 2 * n, c.p.data(), n, scratch().get(c.scratch));
    std::copy(prod, prod + c.n, L(r));
}

/// Montgomery reduction (R = 2^(64n), n the limbs of p): r = t·R⁻¹ mod p,
/// fully reduced, for t < p·R given as 2n limbs (destroyed). Constant time:
/// the same calls on the same sizes whatever t holds. Each step adds q·p at
/// limb j with q = t[j]·(−p⁻¹) mod 2^64 so that limb j becomes zero
/// (mpn_addmul_1, GMP's own building block of mpn_sec_mul and of the
/// reduction inside mpn_sec_powm); its carry out of limb j + n is kept in the
/// freed limb j and the carries are added to the upper half in one pass
/// (mpn_cnd_add_n). The result is below 2p; one subtraction of p is kept or
/// not by mpn_cnd_swap.
template <class P>
void redc(mp_limb_t* r, mp_limb_t* t) {
    const auto& c = ctx<P>();
    const auto n = static_cast<mp_size_t>(c.n);
    for (mp_size_t j = 0; j < n; ++j) {
        const mp_limb_t q = t[j] * c.minv;
        t[j] = mpn_addmul_1(t + j, c.p.data(), n, q);
    }
    const mp_limb_t over = mpn_cnd_add_n(1, r, t + n, t, n);
    mp_limb_t* minus = t + n;  // the upper half is free now
    const mp_limb_t borrow = mpn_cnd_sub_n(1, minus, r, c.p.data(), n);
    mpn_cnd_swap((over | (borrow ^ 1)) & 1, r, minus, n);
}

/// r = a·b·R⁻¹ mod p (Montgomery product) for a, b < p, constant time.
template <class P>
void montmul_ct(typename modp_element<P>::limbs_t& r, const typename modp_element<P>::limbs_t& a,
                const typename modp_element<P>::limbs_t& b) {
    redc<P>(L(r), product_ct<P>(a, b));
}

/// prod = a·b (2n limbs), variable time; mpn_sqr when a and b are the same array.
template <class P>
void product_vt(mp_limb_t* prod, const typename modp_element<P>::limbs_t& a,
                const typename modp_element<P>::limbs_t& b) {
    const auto n = static_cast<mp_size_t>(P::limbs);
    if (a.data() == b.data())
        mpn_sqr(prod, L(a), n);
    else
        mpn_mul_n(prod, L(a), L(b), n);
}

/// r = a·b mod p, variable time.
template <class P>
void mulmod_vt(typename modp_element<P>::limbs_t& r, const typename modp_element<P>::limbs_t& a,
               const typename modp_element<P>::limbs_t& b) {
    const auto& c = ctx<P>();
    const auto n = static_cast<mp_size_t>(c.n);
    mp_limb_t prod[2 * P::limbs];
    mp_limb_t quot[P::limbs + 1];
    product_vt<P>(prod, a, b);
    mpn_tdiv_qr(quot, L(r), 0, prod, 2 * n, c.p.data(), n);
}

/// Variable-time Montgomery arithmetic (public data only): x̃ = x·R mod p.
/// A product is mpn_mul_n or mpn_sqr and the reduction above (redc), about
/// 10–15 % cheaper than mpn_tdiv_qr's division (docs/design/speed.md); the
/// chains, Straus tables and variable-time comb below work in this form and
/// convert once at each end.
template <class P>
void montmul_vt(typename modp_element<P>::limbs_t& r, const typename modp_element<P>::limbs_t& a,
                const typename modp_element<P>::limbs_t& b) {
    mp_limb_t prod[2 * P::limbs];
    product_vt<P>(prod, a, b);
    redc<P>(L(r), prod);
}

/// x·R mod p (into Montgomery form), variable time.
template <class P>
typename modp_element<P>::limbs_t to_mont_vt(const typename modp_element<P>::limbs_t& x) {
    typename modp_element<P>::limbs_t r2{}, out{};
    const auto& c = ctx<P>();
    std::copy(c.r2.begin(), c.r2.end(), r2.begin());
    montmul_vt<P>(out, x, r2);
    return out;
}

/// x̃·R⁻¹ mod p (out of Montgomery form).
template <class P>
typename modp_element<P>::limbs_t from_mont(const typename modp_element<P>::limbs_t& xm) {
    mp_limb_t t[2 * P::limbs] = {};
    std::copy(xm.begin(), xm.end(), t);
    typename modp_element<P>::limbs_t out{};
    redc<P>(L(out), t);
    return out;
}

}  // namespace

// ====================================================================== scalars

template <class P>
modp_scalar<P> modp_scalar<P>::from_u64(std::uint64_t v) {
    std::array<byte, 8> b{};
    for (int i = 0; i < 8; ++i) b[static_cast<std::size_t>(7 - i)] = static_cast<byte>(v >> (8 * i));
    return from_wide(b);
}

template <class P>
modp_scalar<P> modp_scalar<P>::random(rng& r) {
    std::array<byte, 64> wide{};
    r.fill(wide);
    auto s = from_wide(wide);
    secure_wipe(wide.data(), wide.size());
    return s;
}

template <class P>
modp_scalar<P> modp_scalar<P>::random_nonzero(rng& r) {
    for (;;) {
        auto s = random(r);
        if (!s.is_zero()) return s;
    }
}

template <class P>
modp_scalar<P> modp_scalar<P>::from_wide(byte_span b) {
    if (b.size() > 64) throw std::invalid_argument("modp_scalar::from_wide takes at most 64 bytes");
    const auto& c = ctx<P>();
    // Big-endian bytes into little-endian limbs: at least qn limbs.
    const std::size_t nl = std::max<std::size_t>((b.size() + 7) / 8, c.qn);
    std::array<mp_limb_t, 9> x{};
    for (std::size_t i = 0; i < b.size(); ++i) {
        const std::size_t bit = 8 * (b.size() - 1 - i);
        x[bit / 64] |= static_cast<mp_limb_t>(b[i]) << (bit % 64);
    }
    auto& s = scratch();
    mpn_sec_div_r(x.data(), static_cast<mp_size_t>(nl), c.q.data(), static_cast<mp_size_t>(c.qn), s.get(c.scratch));
    modp_scalar out;
    for (std::size_t i = 0; i < c.qn; ++i) out.l_[i] = x[i];
    secure_wipe(x.data(), sizeof(x));
    s.wipe();
    return out;
}

template <class P>
result<modp_scalar<P>> modp_scalar<P>::decode(byte_span b) {
    if (b.size() != 32) return error{errc::bad_length, "scalar must be 32 bytes, got " + std::to_string(b.size())};
    const auto& c = ctx<P>();
    limbs_t l{};
    for (std::size_t i = 0; i < 32; ++i) {
        const std::size_t bit = 8 * (31 - i);
        l[bit / 64] |= static_cast<std::uint64_t>(b[i]) << (bit % 64);
    }
    // l < q ? (q has qn limbs; higher limbs of l must be zero)
    bool high = false;
    for (std::size_t i = c.qn; i < 4; ++i) high |= l[i] != 0;
    if (high || mpn_cmp(L(l), c.q.data(), static_cast<mp_size_t>(c.qn)) >= 0)
        return error{errc::non_canonical, "scalar is not reduced modulo q"};
    return from_limbs_unchecked(l);
}

template <class P>
std::array<byte, 32> modp_scalar<P>::encode() const {
    std::array<byte, 32> out{};
    for (std::size_t i = 0; i < 32; ++i) {
        const std::size_t bit = 8 * (31 - i);
        out[i] = static_cast<byte>(l_[bit / 64] >> (bit % 64));
    }
    return out;
}

template <class P>
std::array<byte, 32> modp_scalar<P>::le_bytes() const {
    std::array<byte, 32> out{};
    for (std::size_t i = 0; i < 32; ++i) out[i] = static_cast<byte>(l_[i / 8] >> (8 * (i % 8)));
    return out;
}

template <class P>
modp_scalar<P> modp_scalar<P>::operator+(const modp_scalar& o) const {
    const auto& c = ctx<P>();
    const auto qn = static_cast<mp_size_t>(c.qn);
    modp_scalar r, d;
    const mp_limb_t carry = mpn_add_n(L(r.l_), L(l_), L(o.l_), qn);
    const mp_limb_t borrow = mpn_sub_n(L(d.l_), L(r.l_), c.q.data(), qn);
    // take d when the sum overflowed or is >= q
    const ct::mask m = ct::eq(carry | (borrow ^ 1), 1);
    ct::select(&r.l_, &d.l_, &r.l_, sizeof(r.l_), m);
    return r;
}

template <class P>
modp_scalar<P> modp_scalar<P>::operator-(const modp_scalar& o) const {
    const auto& c = ctx<P>();
    const auto qn = static_cast<mp_size_t>(c.qn);
    modp_scalar r;
    const mp_limb_t borrow = mpn_sub_n(L(r.l_), L(l_), L(o.l_), qn);
    mpn_cnd_add_n(borrow, L(r.l_), L(r.l_), c.q.data(), qn);
    return r;
}

template <class P>
modp_scalar<P> modp_scalar<P>::operator-() const {
    return zero() - *this;
}

template <class P>
modp_scalar<P> modp_scalar<P>::operator*(const modp_scalar& o) const {
    const auto& c = ctx<P>();
    const auto qn = static_cast<mp_size_t>(c.qn);
    std::array<mp_limb_t, 8> prod{};
    auto& s = scratch();
    mp_limb_t* tp = s.get(c.scratch);
    mpn_sec_mul(prod.data(), L(l_), qn, L(o.l_), qn, tp);
    mpn_sec_div_r(prod.data(), 2 * qn, c.q.data(), qn, tp);
    modp_scalar r;
    for (std::size_t i = 0; i < c.qn; ++i) r.l_[i] = prod[i];
    secure_wipe(prod.data(), sizeof(prod));
    s.wipe();
    return r;
}

template <class P>
modp_scalar<P> modp_scalar<P>::invert() const {
    const auto& c = ctx<P>();
    const auto qn = static_cast<mp_size_t>(c.qn);
    limbs_t a = l_, r{};
    auto& s = scratch();
    const int ok = mpn_sec_invert(L(r), L(a), c.q.data(), qn, static_cast<mp_bitcnt_t>(2 * qn * 64), s.get(c.scratch));
    const limbs_t z{};
    ct::select(&r, &r, &z, sizeof(r), ct::eq(static_cast<std::uint64_t>(ok), 1));
    secure_wipe(a.data(), sizeof(a));
    s.wipe();
    return from_limbs_unchecked(r);
}

template <class P>
bool modp_scalar<P>::is_zero() const {
    std::uint64_t acc = 0;
    for (auto x : l_) acc |= x;
    return ct::eq(acc, 0) != 0;
}

template <class P>
bool modp_scalar<P>::ct_eq(const modp_scalar& o) const {
    std::uint64_t acc = 0;
    for (std::size_t i = 0; i < 4; ++i) acc |= l_[i] ^ o.l_[i];
    return ct::eq(acc, 0) != 0;
}

// ===================================================================== elements

template <class P>
modp_element<P> modp_element<P>::operator+(const modp_element& o) const {
    modp_element r;
    mulmod_ct<P>(r.l_, l_, o.l_);
    scratch().wipe();
    return r;
}

template <class P>
modp_element<P> modp_element<P>::operator-() const {
    const auto& c = ctx<P>();
    limbs_t a = l_;
    modp_element r;
    auto& s = scratch();
    // Elements are in [1, p) and p is prime, so the inverse exists.
    (void)mpn_sec_invert(L(r.l_), L(a), c.p.data(), static_cast<mp_size_t>(c.n),
                         static_cast<mp_bitcnt_t>(2 * c.n * 64), s.get(c.scratch));
    secure_wipe(a.data(), sizeof(a));
    s.wipe();
    return r;
}

template <class P>
modp_element<P> modp_element<P>::operator*(const modp_scalar<P>& sc) const {
    const auto& c = ctx<P>();
    // e = s + q: never zero, and e^(s+q) = e^s on the order-q subgroup.
    std::array<mp_limb_t, 5> e{};
    std::copy(sc.limbs().begin(), sc.limbs().begin() + static_cast<std::ptrdiff_t>(c.qn), e.begin());
    e[c.qn] = mpn_add_n(e.data(), e.data(), c.q.data(), static_cast<mp_size_t>(c.qn));
    modp_element r;
    auto& s = scratch();
    mpn_sec_powm(L(r.l_), L(l_), static_cast<mp_size_t>(c.n), e.data(), c.enb, c.p.data(),
                 static_cast<mp_size_t>(c.n), s.get(c.scratch));
    secure_wipe(e.data(), sizeof(e));
    s.wipe();
    return r;
}

template <class P>
modp_element<P> modp_element<P>::mul_vartime(const modp_element& o) const {
    modp_element r;
    mulmod_vt<P>(r.l_, l_, o.l_);
    return r;
}

template <class P>
modp_element<P> modp_element<P>::pow_vartime(const modp_scalar<P>& s) const {
    const auto& c = ctx<P>();
    mpz_t bv, ev;
    Z r;
    mpz_powm(r, view(bv, l_), view(ev, s.limbs()), c.P);
    modp_element out;
    limbs_from_mpz(out.l_, r);
    return out;
}

template <class P>
modp_element<P> modp_element<P>::pow_bytes_vartime(byte_span e_be) const {
    const auto& c = ctx<P>();
    mpz_t bv;
    Z e, r;
    import_be(e, e_be);
    mpz_powm(r, view(bv, l_), e, c.P);
    modp_element out;
    limbs_from_mpz(out.l_, r);
    return out;
}

template <class P>
modp_element<P> modp_element<P>::invert_vartime() const {
    const auto& c = ctx<P>();
    mpz_t bv;
    Z r;
    if (mpz_invert(r, view(bv, l_), c.P) == 0) throw std::logic_error("modp: element not invertible");
    modp_element out;
    limbs_from_mpz(out.l_, r);
    return out;
}

template <class P>
bool modp_element<P>::ct_eq(const modp_element& o) const {
    std::uint64_t acc = 0;
    for (std::size_t i = 0; i < P::limbs; ++i) acc |= l_[i] ^ o.l_[i];
    return ct::eq(acc, 0) != 0;
}

// ================================================================ comb tables

namespace {
constexpr std::size_t kWindows = 32;  // variable time: 8-bit digits, 32 bytes of exponent
constexpr std::size_t kEntries = 256;
// Constant time: kCtW-bit digits. Each row costs a scan of 2^kCtW entries
// (≈ 0.56 µs at 64 with AVX2) and one product (≈ 4.15 µs with Montgomery
// reduction) on modp4096. Measured (eg.fixed_base_4096, three alternating
// runs): w = 6: 198–248 µs, 7: 181–187 µs, 8: 193–232 µs (and prefetching
// the next row during the product gained nothing); 7 takes 2.4 MiB a base.
constexpr std::size_t kCtW = 7;
constexpr std::size_t kCtRows = (256 + kCtW - 1) / kCtW;  // 37
constexpr std::size_t kCtEntries = std::size_t{1} << kCtW;
/// Width of row i of the constant-time comb (the last row takes the remainder).
constexpr std::size_t ct_row_width(std::size_t i) { return std::min(kCtW, 256 - i * kCtW); }

/// Bits [pos, pos + w) of a 256-bit little-endian exponent (fixed positions:
/// the access pattern does not depend on the value).
std::uint64_t digit_at(const std::array<byte, 32>& le, std::size_t pos, std::size_t w) {
    std::uint64_t v = 0;
    for (std::size_t b = 0; b < w; ++b) {
        const std::size_t i = pos + b;
        const std::uint64_t bit = i < 256 ? (le[i / 8] >> (i % 8)) & 1u : 0u;
        v |= bit << b;
    }
    return v;
}
}  // namespace

namespace {
/// Row scan of the constant-time comb: out = row[k] (entries of n limbs).
/// Every entry is read and masked whatever k is; nothing branches on k or
/// indexes memory with it. GMP's mpn_sec_tabselect does this one limb at a
/// time; with AVX2 (chosen once at run time from the CPU's features, never
/// from data) four limbs go per instruction, about half the time of a
/// 64 × 64-limb row (0.56 against 1.1–1.2 µs).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SCRUTINEER_MODP_AVX2 1
template <std::size_t N>
__attribute__((target("avx2"))) void tabselect_avx2(std::uint64_t* out, const std::uint64_t* row, std::size_t entries,
                                                   std::uint64_t k) {
    static_assert(N % 4 == 0);
    __m256i acc[N / 4];
    for (auto& a : acc) a = _mm256_setzero_si256();
    const __m256i want = _mm256_set1_epi64x(static_cast<long long>(k));
    const __m256i one = _mm256_set1_epi64x(1);
    __m256i idx = _mm256_setzero_si256();
    for (std::size_t i = 0; i < entries; ++i) {
        const __m256i m = _mm256_cmpeq_epi64(idx, want);
        const auto* e = reinterpret_cast<const __m256i*>(row + i * N);
        for (std::size_t j = 0; j < N / 4; ++j) acc[j] = _mm256_or_si256(acc[j], _mm256_and_si256(m, _mm256_loadu_si256(e + j)));
        idx = _mm256_add_epi64(idx, one);
    }
    for (std::size_t j = 0; j < N / 4; ++j) _mm256_storeu_si256(reinterpret_cast<__m256i*>(out) + j, acc[j]);
}
#endif

template <std::size_t N>
void tabselect(std::uint64_t* out, const std::uint64_t* row, std::size_t entries, std::uint64_t k) {
#ifdef SCRUTINEER_MODP_AVX2
    if constexpr (N % 4 == 0) {
        if (cpu::avx2_scans()) {
            tabselect_avx2<N>(out, row, entries, k);
            return;
        }
    }
#endif
    mpn_sec_tabselect(reinterpret_cast<mp_limb_t*>(out), reinterpret_cast<const mp_limb_t*>(row),
                      static_cast<mp_size_t>(N), static_cast<mp_size_t>(entries), static_cast<mp_size_t>(k));
}
/// A table of powers, variable time (the base is public): entry (i, j) =
/// base^(j·E^i) for i < rows, j < E = `entries`, at out[(i·E + j)·n], in
/// Montgomery form (times R mod p), except row 0 in normal form when
/// `row0_normal`. One Montgomery product an entry (≈ 4.5 µs at 4096 bits;
/// the constant-time comb was built with a product, a division and a
/// conversion an entry before, ≈ 40 ms a base instead of ≈ 25).
template <class P>
void power_rows_vt(std::vector<std::uint64_t>& out, const modp_element<P>& base, std::size_t rows, std::size_t entries,
                   bool row0_normal) {
    constexpr std::size_t n = P::limbs;
    using limbs_t = typename modp_element<P>::limbs_t;
    out.assign(rows * entries * n, 0);
    limbs_t one{};
    one[0] = 1;
    const limbs_t one_m = to_mont_vt<P>(one);
    limbs_t step = to_mont_vt<P>(base.limbs());  // base^(E^i)
    for (std::size_t i = 0; i < rows; ++i) {
        limbs_t cur = one_m;
        for (std::size_t j = 0; j < entries; ++j) {
            const limbs_t e = i == 0 && row0_normal ? from_mont<P>(cur) : cur;
            std::copy(e.begin(), e.end(), out.data() + (i * entries + j) * n);
            limbs_t nx{};
            montmul_vt<P>(nx, cur, step);
            cur = nx;
        }
        step = cur;  // base^(E^(i+1))
    }
}

}  // namespace

template <class P>
fixed_base_table<P>::fixed_base_table(const modp_element<P>& base) : base_(base) {}

template <class P>
const std::vector<std::uint64_t>& fixed_base_table<P>::vt_table() const {
    // every entry in Montgomery form (times R mod p); mul_vartime converts
    // its result back once
    std::call_once(vt_once_, [this] { power_rows_vt<P>(t_, base_, kWindows, kEntries, false); });
    return t_;
}

template <class P>
const std::vector<std::uint64_t>& fixed_base_table<P>::ct_table() const {
    // Entry (i, j) = base^(j · 2^(kCtW·i)): row 0 in normal form, the other
    // rows in Montgomery form (times R = 2^(64n) mod p), so that each
    // Montgomery product in mul() keeps the accumulator in normal form.
    // Built with variable-time arithmetic: the base is public.
    std::call_once(ct_once_, [this] { power_rows_vt<P>(ct_, base_, kCtRows, kCtEntries, true); });
    return ct_;
}

template <class P>
modp_element<P> fixed_base_table<P>::mul(const modp_scalar<P>& s) const {
    // Fixed-base comb with one table row per kCtW-bit digit of s (no
    // squarings): base^s = Π_i T[i][dᵢ] with T[i][j] = base^(j·2^(kCtW·i)).
    // Each row is read in full (tabselect) and the selections are
    // multiplied with mpn_sec_mul and Montgomery reduction (montmul_ct; rows
    // after the first are stored times R, so acc·(yR)·R⁻¹ = acc·y stays in
    // normal form): neither the memory access pattern nor the instruction
    // sequence depends on s.
    constexpr std::size_t n = P::limbs;
    using limbs_t = typename modp_element<P>::limbs_t;
    const auto& t = ct_table();
    auto le = s.le_bytes();
    limbs_t acc{}, sel{};
    for (std::size_t i = 0; i < kCtRows; ++i) {
        const std::size_t w = ct_row_width(i);
        const auto digit = static_cast<mp_size_t>(digit_at(le, i * kCtW, w));
        tabselect<n>((i == 0 ? acc : sel).data(), t.data() + i * kCtEntries * n, std::size_t{1} << w,
                     static_cast<std::uint64_t>(digit));
        if (i != 0) montmul_ct<P>(acc, acc, sel);
    }
    modp_element<P> out;
    out.limbs_mut() = acc;
    secure_wipe(sel.data(), sizeof(sel));
    secure_wipe(acc.data(), sizeof(acc));
    secure_wipe(le.data(), le.size());
    scratch().wipe();
    return out;
}

template <class P>
modp_element<P> fixed_base_table<P>::mul_vartime(const modp_scalar<P>& s) const {
    constexpr std::size_t n = P::limbs;
    const auto& t = vt_table();
    const auto le = s.le_bytes();
    modp_element<P> acc;
    bool first = true;
    typename modp_element<P>::limbs_t e{}, am{};
    for (std::size_t i = 0; i < kWindows; ++i) {
        if (le[i] == 0) continue;
        const std::uint64_t* src = t.data() + (i * kEntries + le[i]) * n;
        std::copy(src, src + n, e.begin());
        if (first) {
            am = e;
            first = false;
        } else {
            typename modp_element<P>::limbs_t nx{};
            montmul_vt<P>(nx, am, e);
            am = nx;
        }
    }
    if (!first) acc.limbs_mut() = from_mont<P>(am);  // the table is in Montgomery form
    return acc;
}

// ======================================================================= group

namespace {
template <class P>
const fixed_base_table<P>& generator_table() {
    static const fixed_base_table<P> t(modp_group<P>::generator());
    return t;
}
}  // namespace

template <class P>
typename modp_group<P>::element modp_group<P>::generator() {
    static const element g = [] {
        element e;
        limbs_from_mpz(e.limbs_mut(), ctx<P>().G);
        return e;
    }();
    return g;
}

template <class P>
bool modp_group<P>::is_identity(const element& e) {
    return e == identity();
}

template <class P>
const bytes& modp_group<P>::p_bytes() {
    return ctx<P>().p_b;
}
template <class P>
const bytes& modp_group<P>::q_bytes() {
    return ctx<P>().q_b;
}
template <class P>
const bytes& modp_group<P>::cofactor_bytes() {
    return ctx<P>().r_b;
}
template <class P>
const bytes& modp_group<P>::g_bytes() {
    return ctx<P>().g_b;
}

template <class P>
typename modp_group<P>::encoded_element modp_group<P>::encode(const element& e) {
    encoded_element out;
    const auto& l = e.limbs();
    for (std::size_t i = 0; i < P::element_size; ++i) {
        const std::size_t bit = 8 * (P::element_size - 1 - i);
        out.bytes[i] = static_cast<byte>(l[bit / 64] >> (bit % 64));
    }
    return out;
}

template <class P>
result<typename modp_group<P>::element> modp_group<P>::decode_range_only(byte_span b) {
    if (b.size() != P::element_size)
        return error{errc::bad_length, std::string(P::name) + " element must be " + std::to_string(P::element_size) +
                                           " bytes, got " + std::to_string(b.size())};
    const auto& c = ctx<P>();
    element e;
    auto& l = e.limbs_mut();
    l.fill(0);
    for (std::size_t i = 0; i < b.size(); ++i) {
        const std::size_t bit = 8 * (b.size() - 1 - i);
        l[bit / 64] |= static_cast<std::uint64_t>(b[i]) << (bit % 64);
    }
    bool zero = true;
    for (auto x : l) zero &= x == 0;
    if (zero) return error{errc::out_of_range, "group element is 0 (must satisfy 0 < x < p)"};
    if (mpn_cmp(L(l), c.p.data(), static_cast<mp_size_t>(c.n)) >= 0)
        return error{errc::out_of_range, "group element is not less than p"};
    return e;
}

template <class P>
bool modp_group<P>::in_subgroup_vartime(const element& e) {
    const auto& c = ctx<P>();
    mpz_t bv;
    Z r;
    mpz_powm(r, view(bv, e.limbs()), c.Q, c.P);
    return mpz_cmp_ui(r.v, 1) == 0;
}

template <class P>
result<typename modp_group<P>::element> modp_group<P>::decode(byte_span b) {
    auto e = decode_range_only(b);
    if (!e) return e;
    if (!in_subgroup_vartime(*e)) return error{errc::not_in_group, "value is not in the order-q subgroup (x^q != 1 mod p)"};
    return e;
}

namespace {
template <class P>
modp_element<P> straus_vt(const std::vector<const std::uint64_t*>& ex, std::size_t nw,
                          std::span<const modp_element<P>> p);
template <class P>
std::optional<modp_element<P>> bos_coster_vt(std::span<const std::array<byte, 32>> k,
                                             std::span<const modp_element<P>> p);
// From this many bases on, multi-exponentiations take Bos–Coster instead of
// Straus (measured on modp4096: docs/design/speed.md).
constexpr std::size_t modp_bos_coster_min_points = 8;
}  // namespace

template <class P>
bool modp_group<P>::batch_in_subgroup_vartime(std::span<const element> xs, rng& r) {
    static_assert(P::cofactor_two_times_prime, "batched membership needs r = 2·prime");
    if (xs.empty()) return true;
    if (xs.size() == 1) return in_subgroup_vartime(xs[0]);
    const auto& c = ctx<P>();
    for (const auto& x : xs) {
        mpz_t bv;
        if (mpz_jacobi(view(bv, x.limbs()), c.P) != 1) return false;
    }
    // (Π xᵢ^wᵢ)^q with 128-bit weights: two 64-bit halves, w = hi·2^64 + lo.
    std::vector<std::uint64_t> lo(xs.size()), hi(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        std::array<byte, 16> w{};
        r.fill(w);
        std::uint64_t a = 0, b = 0;
        for (int k = 0; k < 8; ++k) {
            a |= static_cast<std::uint64_t>(w[static_cast<std::size_t>(k)]) << (8 * k);
            b |= static_cast<std::uint64_t>(w[static_cast<std::size_t>(8 + k)]) << (8 * k);
        }
        lo[i] = a;
        hi[i] = b;
    }
    // Π xᵢ^wᵢ: Bos–Coster over the 128-bit weights, Straus (shared squarings)
    // for a few elements or if its step budget runs out
    if (xs.size() >= modp_bos_coster_min_points) {
        std::vector<std::array<byte, 32>> k(xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i)
            for (std::size_t j = 0; j < 8; ++j) {
                k[i][j] = static_cast<byte>(lo[i] >> (8 * j));
                k[i][8 + j] = static_cast<byte>(hi[i] >> (8 * j));
            }
        if (auto y = bos_coster_vt<P>(k, xs)) return in_subgroup_vartime(*y);
    }
    std::vector<std::array<std::uint64_t, 2>> w(xs.size());
    std::vector<const std::uint64_t*> ex(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        w[i] = {lo[i], hi[i]};
        ex[i] = w[i].data();
    }
    const element y = straus_vt<P>(ex, 2, xs);
    return in_subgroup_vartime(y);
}

template <class P>
typename modp_group<P>::element modp_group<P>::from_uniform_bytes(byte_span b) {
    const auto& c = ctx<P>();
    Z x, y;
    import_be(x, b);
    mpz_mod(x, x, c.P);
    for (;;) {
        mpz_powm(y, x, c.R, c.P);
        if (mpz_cmp_ui(y.v, 1) != 0 && mpz_sgn(y.v) != 0) break;
        mpz_add_ui(x, x, 1);
        mpz_mod(x, x, c.P);
    }
    element e;
    limbs_from_mpz(e.limbs_mut(), y);
    return e;
}

template <class P>
typename modp_group<P>::element modp_group<P>::mul_base(const scalar& s) {
    return generator_table<P>().mul(s);
}

template <class P>
typename modp_group<P>::element modp_group<P>::mul_base_vartime(const scalar& s) {
    return generator_table<P>().mul_vartime(s);
}

template <class P>
typename modp_group<P>::element modp_group<P>::double_base_vartime(const scalar& a, const scalar& b, const element& p) {
    return mul_base_vartime(a).mul_vartime(p.pow_vartime(b));
}

namespace {

/// Π pᵢ^eᵢ by Straus' method with 4-bit windows; exponents given as
/// little-endian 64-bit words (nw words each). Variable time.
template <class P>
modp_element<P> straus_vt(const std::vector<const std::uint64_t*>& ex, std::size_t nw,
                          std::span<const modp_element<P>> p) {
    using limbs_t = typename modp_element<P>::limbs_t;
    const std::size_t n = p.size();
    if (n == 0) return {};
    // top nibble over all exponents
    int top = -1;
    for (std::size_t i = 0; i < n; ++i)
        for (int w = static_cast<int>(nw) - 1; w >= 0; --w)
            if (ex[i][w] != 0) {
                const int bit = 63 - __builtin_clzll(ex[i][w]) + 64 * w;
                top = std::max(top, bit / 4);
                break;
            }
    if (top < 0) return {};
    // tables: p^1 .. p^15
    // (in Montgomery form; the result is converted back once)
    std::vector<limbs_t> tab(n * 16);
    for (std::size_t i = 0; i < n; ++i) {
        tab[i * 16 + 1] = to_mont_vt<P>(p[i].limbs());
        for (std::size_t k = 2; k < 16; ++k) montmul_vt<P>(tab[i * 16 + k], tab[i * 16 + k - 1], tab[i * 16 + 1]);
    }
    limbs_t acc{};
    acc[0] = 1;
    bool started = false;
    limbs_t tmp{};
    for (int d = top; d >= 0; --d) {
        if (started)
            for (int k = 0; k < 4; ++k) {
                montmul_vt<P>(tmp, acc, acc);
                acc = tmp;
            }
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t bit = static_cast<std::size_t>(d) * 4;
            const unsigned nib = static_cast<unsigned>((ex[i][bit / 64] >> (bit % 64)) & 15);
            if (nib == 0) continue;
            if (!started) {
                acc = tab[i * 16 + nib];
                started = true;
            } else {
                montmul_vt<P>(tmp, acc, tab[i * 16 + nib]);
                acc = tmp;
            }
        }
    }
    modp_element<P> out;
    if (started) out.limbs_mut() = from_mont<P>(acc);
    return out;
}

/// x̃^k in Montgomery form for a non-zero exponent k (32 little-endian
/// bytes), left to right, one bit at a time. Variable time.
template <class P>
typename modp_element<P>::limbs_t mont_pow_vt(const typename modp_element<P>::limbs_t& x,
                                              const std::array<byte, 32>& k) {
    const auto bit = [&](int i) { return (k[static_cast<std::size_t>(i / 8)] >> (i % 8)) & 1; };
    int top = 255;
    while (top > 0 && bit(top) == 0) --top;
    typename modp_element<P>::limbs_t acc = x, tmp{};
    for (int i = top - 1; i >= 0; --i) {
        montmul_vt<P>(tmp, acc, acc);
        acc = tmp;
        if (bit(i)) {
            montmul_vt<P>(tmp, acc, x);
            acc = tmp;
        }
    }
    return acc;
}

/// Π pᵢ^kᵢ by Bos–Coster (the schedule of group/multi_exp.hpp's
/// plan_bos_coster, run on Montgomery forms: one conversion in a point, one
/// out), or nullopt when the schedule exceeds its step budget. About 31
/// products a point for 1,000 random 256-bit exponents and 16 for 128-bit
/// ones, against Straus' 78 (4-bit windows: 64 + 14 for the table).
/// Variable time.
template <class P>
std::optional<modp_element<P>> bos_coster_vt(std::span<const std::array<byte, 32>> k,
                                             std::span<const modp_element<P>> p) {
    using limbs_t = typename modp_element<P>::limbs_t;
    const auto plan = detail::plan_bos_coster(k, detail::bos_coster_budget(k.size()));
    if (!plan.complete) return std::nullopt;
    if (std::all_of(plan.last_scalar.begin(), plan.last_scalar.end(), [](byte b) { return b == 0; }))
        return modp_element<P>{};  // every exponent zero
    std::vector<limbs_t> w(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) w[i] = to_mont_vt<P>(p[i].limbs());
    limbs_t tmp{};
    for (const auto& op : plan.ops) {
        if (op.q == detail::bos_coster_plan::unit) {
            montmul_vt<P>(tmp, w[op.b], w[op.a]);
        } else {
            const limbs_t t = mont_pow_vt<P>(w[op.a], plan.quotients[op.q]);
            montmul_vt<P>(tmp, w[op.b], t);
        }
        w[op.b] = tmp;
    }
    modp_element<P> out;
    out.limbs_mut() = from_mont<P>(mont_pow_vt<P>(w[plan.last], plan.last_scalar));
    return out;
}

}  // namespace

template <class P>
typename modp_group<P>::element modp_group<P>::multi_exp_vartime(std::span<const scalar> s, std::span<const element> p) {
    if (s.size() != p.size()) throw std::invalid_argument("multi_exp_vartime: scalar and element counts differ");
    if (s.size() == 1) return p[0].pow_vartime(s[0]);
    if (s.size() >= modp_bos_coster_min_points) {
        std::vector<std::array<byte, 32>> k(s.size());
        for (std::size_t i = 0; i < s.size(); ++i) k[i] = s[i].le_bytes();
        if (auto r = bos_coster_vt<P>(k, p)) return *r;
    }
    std::vector<const std::uint64_t*> ex(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) ex[i] = s[i].limbs().data();
    return straus_vt<P>(ex, 4, p);
}

template <class P>
typename modp_group<P>::element modp_group<P>::multi_exp_u64_vartime(std::span<const std::uint64_t> e,
                                                                     std::span<const element> p) {
    if (e.size() != p.size()) throw std::invalid_argument("multi_exp_u64_vartime: exponent and element counts differ");
    std::vector<const std::uint64_t*> ex(e.size());
    for (std::size_t i = 0; i < e.size(); ++i) ex[i] = &e[i];
    return straus_vt<P>(ex, 1, p);
}

template <class P>
std::vector<typename modp_group<P>::element> modp_group<P>::pow_many_vartime(const element& x,
                                                                            std::span<const scalar> e,
                                                                            bool* in_subgroup) {
    using limbs_t = typename modp_element<P>::limbs_t;
    const auto& c = ctx<P>();
    std::vector<element> out(e.size());
    if (in_subgroup == nullptr) {
        if (e.empty()) return out;
        if (e.size() == 1) {
            out[0] = x.pow_vartime(e[0]);
            return out;
        }
    }
    // highest set bit over all exponents
    int top = -1;
    for (const auto& s : e)
        for (int w = 3; w >= 0; --w)
            if (s.limbs()[static_cast<std::size_t>(w)] != 0) {
                top = std::max(top, 63 - __builtin_clzll(s.limbs()[static_cast<std::size_t>(w)]) + 64 * w);
                break;
            }
    // chain: pw[i] = x^(2^i), shared by every exponent (and by the membership test)
    std::size_t len = static_cast<std::size_t>(top + 1);
    if (in_subgroup != nullptr && c.q_gap_ok) len = std::max(len, c.q_bits);
    // (in Montgomery form: x̃ = x·R mod p; each output is converted back once)
    std::vector<limbs_t> pw(len);
    if (len != 0) pw[0] = to_mont_vt<P>(x.limbs());
    for (std::size_t i = 1; i < pw.size(); ++i) montmul_vt<P>(pw[i], pw[i - 1], pw[i - 1]);
    if (in_subgroup != nullptr) {
        if (c.q_gap_ok) {
            // x^q = 1  ⟺  x^(2^q_bits) = x^d, d = 2^q_bits − q (x is invertible);
            // both sides in Montgomery form, which is a bijection, so the
            // comparison holds as well there
            limbs_t lhs{}, rhs{}, t{};
            montmul_vt<P>(lhs, pw[c.q_bits - 1], pw[c.q_bits - 1]);
            bool have = false;
            for (const std::size_t b : c.q_gap_bits) {
                if (!have) {
                    rhs = pw[b];
                    have = true;
                    continue;
                }
                montmul_vt<P>(t, rhs, pw[b]);
                rhs = t;
            }
            if (!have) {
                limbs_t one{};
                one[0] = 1;
                rhs = to_mont_vt<P>(one);
            }
            *in_subgroup = lhs == rhs;
        } else {
            *in_subgroup = in_subgroup_vartime(x);
        }
    }
    if (top < 0) return out;  // all exponents zero: all ones
    auto bit = [](const typename scalar::limbs_t& l, std::size_t i) { return i < 256 ? (l[i / 64] >> (i % 64)) & 1u : 0u; };
    limbs_t t1{};
    std::array<limbs_t, 8> bucket{};  // bucket k collects the windows of value 2k + 1
    std::array<bool, 8> used{};
    for (std::size_t k = 0; k < e.size(); ++k) {
        used.fill(false);
        const auto& l = e[k].limbs();
        // sliding windows of at most 4 bits starting at a set bit: odd values d
        for (std::size_t i = 0; i < pw.size();) {
            if (!bit(l, i)) {
                ++i;
                continue;
            }
            unsigned d = 0;
            for (std::size_t b = 0; b < 4; ++b) d |= static_cast<unsigned>(bit(l, i + b)) << b;
            const std::size_t slot = d >> 1;
            if (!used[slot]) {
                bucket[slot] = pw[i];
                used[slot] = true;
            } else {
                montmul_vt<P>(t1, bucket[slot], pw[i]);
                bucket[slot] = t1;
            }
            i += 4;
        }
        // Π B_(2j+1)^(2j+1) = S² · run_0 with run_k = Π_(j≥k) B_(2j+1) and
        // S = Π_(k≥1) run_k: 8 + 7 + 2 multiplications at most.
        limbs_t run{}, acc{};
        bool have_run = false, have_acc = false;
        for (int j = 7; j >= 0; --j) {
            const auto sj = static_cast<std::size_t>(j);
            if (used[sj]) {
                if (!have_run) {
                    run = bucket[sj];
                    have_run = true;
                } else {
                    montmul_vt<P>(t1, run, bucket[sj]);
                    run = t1;
                }
            }
            if (j == 0 || !have_run) continue;
            if (!have_acc) {
                acc = run;
                have_acc = true;
            } else {
                montmul_vt<P>(t1, acc, run);
                acc = t1;
            }
        }
        if (have_acc) {
            montmul_vt<P>(t1, acc, acc);
            montmul_vt<P>(acc, t1, run);
            out[k].limbs_mut() = from_mont<P>(acc);
        } else if (have_run) {
            out[k].limbs_mut() = from_mont<P>(run);
        }
    }
    return out;
}

template class modp_scalar<modp4096_params>;
template class modp_scalar<modp_tiny_params>;
template class modp_element<modp4096_params>;
template class modp_element<modp_tiny_params>;
template struct modp_group<modp4096_params>;
template struct modp_group<modp_tiny_params>;
template class fixed_base_table<modp4096_params>;
template class fixed_base_table<modp_tiny_params>;

}  // namespace scrutineer
