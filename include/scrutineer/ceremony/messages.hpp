// scrutineer — ceremony: the public messages of the key ceremony and their
// JSON encoding.
//
// Every message a trustee publishes is a plain struct here, serialised to JSON
// (nlohmann-json, keys sorted) with group elements and scalars as lowercase
// hex. docs/ceremony.md lists every field and every hash input byte for byte.
// Decoding validates fully (hex, lengths, canonical scalars, group membership,
// no identity where it is not allowed) and names the field that is wrong.
//
// The protocol is Pedersen's distributed key generation with Feldman
// commitments (Pedersen, EUROCRYPT 1991 §4; Feldman, FOCS 1987), in the form
// of ElectionGuard 2.0 §3.2.2 (coefficient commitments K_{i,j} eq. (10) with
// Schnorr proofs eq. (11)–(13), share check eq. (21), key shares eq. (22)).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scrutineer/ceremony/comm.hpp"
#include "scrutineer/core/error.hpp"
#include "scrutineer/core/hex.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/primitives/hash.hpp"
#include "scrutineer/primitives/transcript.hpp"
#include "scrutineer/protocols/schnorr.hpp"

namespace scrutineer::ceremony {

using json = nlohmann::json;

/// Version label of the ceremony protocol, absorbed into every context and hash.
inline constexpr std::string_view ceremony_label = "scrutineer/ceremony/v1";
/// Upper bound on n, so that untrusted parameters cannot make us allocate without limit.
inline constexpr std::uint32_t max_trustees = 1024;

/// Little-endian 4-byte encoding of a trustee or coefficient index.
inline std::array<byte, 4> u32le(std::uint32_t v) {
    return {static_cast<byte>(v), static_cast<byte>(v >> 8), static_cast<byte>(v >> 16), static_cast<byte>(v >> 24)};
}

/// The public parameters of one ceremony: n trustees (indices 1..n), threshold
/// k (any k decrypt; k−1 learn nothing), and the election they serve.
struct parameters {
    std::uint32_t n = 0;  ///< number of trustees
    std::uint32_t k = 0;  ///< threshold
    bytes election;       ///< election identifier or hash (the root context's input)
    std::uint32_t attempt = 1;  ///< restart counter: a restart is a new ceremony (docs/ceremony.md)

    /// Checks 1 <= k <= n <= max_trustees and attempt >= 1 (bad_input otherwise).
    [[nodiscard]] status validate() const {
        if (n == 0 || n > max_trustees)
            return status(errc::bad_input, "ceremony: number of trustees " + std::to_string(n) + " is not in 1.." +
                                               std::to_string(max_trustees));
        if (k == 0 || k > n)
            return status(errc::bad_input,
                          "ceremony: threshold " + std::to_string(k) + " is not in 1.." + std::to_string(n));
        if (attempt == 0) return status(errc::bad_input, "ceremony: attempt must be at least 1");
        return {};
    }
    /// The ceremony context: for_election(election).derive("scrutineer/ceremony/v1",
    /// u32le(n) ‖ u32le(k) ‖ u32le(attempt)). Every proof and hash of the ceremony is bound to it.
    proof_context context() const {
        bytes d;
        for (auto v : {n, k, attempt}) append(d, u32le(v));
        return proof_context::for_election(byte_span(election)).derive(ceremony_label, byte_span(d));
    }
    /// Context of the Schnorr proof for coefficient j of trustee i:
    /// context().derive("trustee", u32le(i)).derive("coefficient", u32le(j)).
    proof_context coefficient_context(std::uint32_t i, std::uint32_t j) const {
        return context().derive("trustee", u32le(i)).derive("coefficient", u32le(j));
    }
    friend bool operator==(const parameters&, const parameters&) = default;
};

/// Phase 1 message: a trustee announces its communication key and the hash of
/// the coefficient commitments it will publish in phase 2 (so that no trustee
/// can choose its polynomial after seeing the others').
struct announcement {
    std::uint32_t trustee = 0;          ///< index i in 1..n
    std::string name;                   ///< human-readable name (not hashed; informative)
    comm_public_key comm_key{};         ///< X25519 key for receiving shares
    std::array<byte, 64> commitment_hash{};  ///< commitment_digest() of the phase-2 message
    friend bool operator==(const announcement&, const announcement&) = default;
};

/// Phase 2 message: the commitments K_{i,j} = g^{a_{i,j}}, j = 0..k−1, to the
/// coefficients of trustee i's secret polynomial P_i (ElectionGuard 2.0 eq. (10)),
/// each with a Schnorr proof of knowledge of a_{i,j} under
/// parameters::coefficient_context(i, j) (eq. (11)–(13), with our transcript).
template <prime_order_group G>
struct commitment_message {
    std::uint32_t trustee = 0;
    std::vector<typename G::element> coefficients;   ///< K_{i,0..k−1}; K_{i,0} is trustee i's public key
    std::vector<proofs::schnorr_proof<G>> proofs;    ///< one per coefficient

    /// The hash announced in phase 1: SHA-512 over
    ///   frame("domain", "scrutineer/ceremony/v1/commitments") ‖ frame("group", name)
    ///   ‖ frame("context", context()) ‖ frame("trustee", u32le(i)) ‖ frame("count", u32le(len))
    ///   ‖ for each j: frame("K", encode(K_{i,j})) ‖ frame("proof", proof_j.encode())
    /// Precondition: proofs.size() == coefficients.size() (else the extra are ignored).
    std::array<byte, 64> digest(const parameters& p) const {
        sha512 h;
        frame(h, "domain", as_bytes("scrutineer/ceremony/v1/commitments"));
        frame(h, "group", as_bytes(G::name));
        frame(h, "context", p.context().bytes());
        frame(h, "trustee", u32le(trustee));
        frame(h, "count", u32le(static_cast<std::uint32_t>(coefficients.size())));
        for (std::size_t j = 0; j < coefficients.size() && j < proofs.size(); ++j) {
            frame(h, "K", G::encode(coefficients[j]).span());
            frame(h, "proof", proofs[j].encode());
        }
        return h.digest();
    }
};

/// Phase 2 message: a share P_i(ℓ) sent from dealer i to recipient ℓ, as
/// seal(u32le(i) ‖ u32le(ℓ) ‖ context() ‖ encode(P_i(ℓ))) with the dealer's
/// communication secret key and the recipient's public one.
struct encrypted_share {
    std::uint32_t dealer = 0;
    std::uint32_t recipient = 0;
    bytes box;  ///< nonce(24) ‖ crypto_box_easy ciphertext
    friend bool operator==(const encrypted_share&, const encrypted_share&) = default;
};

/// A recipient's complaint against a dealer whose share was missing or bad.
struct complaint {
    std::uint32_t dealer = 0;
    std::string reason;  ///< what the recipient found (informative; not judged)
    friend bool operator==(const complaint&, const complaint&) = default;
};

/// Phase 3 message: every trustee publishes its report, empty if every share
/// it received checked out.
struct share_report {
    std::uint32_t trustee = 0;
    std::vector<complaint> complaints;
    friend bool operator==(const share_report&, const share_report&) = default;
};

/// Phase 4 message: the dealer's public answer to a complaint: the share P_i(ℓ)
/// itself, which anyone checks against the dealer's commitments (eq. (21)).
template <prime_order_group G>
struct complaint_answer {
    std::uint32_t dealer = 0;
    std::uint32_t recipient = 0;
    typename G::scalar share{};  ///< P_dealer(recipient), now public
};

/// Everything the ceremony publishes; verify_transcript() checks it without secrets.
template <prime_order_group G>
struct transcript {
    parameters params;
    std::vector<announcement> announcements;
    std::vector<commitment_message<G>> commitments;
    std::vector<share_report> reports;
    std::vector<complaint_answer<G>> answers;
};

// ---------------------------------------------------------------------------
// JSON

namespace detail {

/// Reads fields of an untrusted JSON object, naming the object and field in errors.
class json_reader {
public:
    json_reader(const json& j, std::string what) : j_(j), what_(std::move(what)) {}
    status object() const {
        if (!j_.is_object()) return status(errc::bad_input, what_ + ": not a JSON object");
        return {};
    }
    result<const json*> field(const char* key) const {
        if (!j_.is_object()) return error{errc::bad_input, what_ + ": not a JSON object"};
        auto it = j_.find(key);
        if (it == j_.end()) return error{errc::bad_input, what_ + ": missing field \"" + key + "\""};
        return &*it;
    }
    result<std::uint32_t> u32(const char* key) const {
        auto f = field(key);
        if (!f) return f.err();
        const json& v = **f;
        const bool fits = v.is_number_unsigned() ? v.get<std::uint64_t>() <= 0xffffffffu
                                                 : v.is_number_integer() && v.get<std::int64_t>() >= 0 &&
                                                       v.get<std::int64_t>() <= 0xffffffff;
        if (!fits) return error{errc::bad_input, what_ + ": field \"" + key + "\" must be an unsigned 32-bit integer"};
        return static_cast<std::uint32_t>(v.get<std::uint64_t>());
    }
    result<std::string> str(const char* key) const {
        auto f = field(key);
        if (!f) return f.err();
        if (!(*f)->is_string()) return error{errc::bad_input, what_ + ": field \"" + key + "\" must be a string"};
        return (*f)->get<std::string>();
    }
    result<bytes> hex(const char* key, std::size_t expected = 0) const {
        auto s = str(key);
        if (!s) return s.err();
        auto b = from_hex(*s, expected);
        if (!b) return with_context(what_ + " field \"" + key + "\"", b.err());
        return b;
    }
    result<const json*> array(const char* key) const {
        auto f = field(key);
        if (!f) return f.err();
        if (!(*f)->is_array()) return error{errc::bad_input, what_ + ": field \"" + key + "\" must be an array"};
        return *f;
    }
    template <prime_order_group G>
    result<typename G::element> element(const char* key) const {
        auto b = hex(key, G::element_size);
        if (!b) return b.err();
        auto e = decode_nonidentity<G>(*b);
        if (!e) return with_context(what_ + " field \"" + key + "\"", e.err());
        return e;
    }
    template <prime_order_group G>
    result<typename G::scalar> scalar(const char* key) const {
        auto b = hex(key, G::scalar_size);
        if (!b) return b.err();
        auto s = G::scalar::decode(*b);
        if (!s) return with_context(what_ + " field \"" + key + "\"", s.err());
        return s;
    }
    const std::string& what() const { return what_; }

private:
    const json& j_;
    std::string what_;
};

template <std::size_t N>
result<std::array<byte, N>> to_array(const bytes& b) {
    if (b.size() != N) return error{errc::bad_length, "expected " + std::to_string(N) + " bytes"};
    std::array<byte, N> a{};
    std::copy(b.begin(), b.end(), a.begin());
    return a;
}

}  // namespace detail

/// Decodes an index field that must lie in 1..n.
inline result<std::uint32_t> index_in_range(const detail::json_reader& r, const char* key, std::uint32_t n) {
    auto v = r.u32(key);
    if (!v) return v;
    if (*v == 0 || *v > n)
        return error{errc::out_of_range, r.what() + ": field \"" + key + "\" = " + std::to_string(*v) +
                                             " is not a trustee index in 1.." + std::to_string(n)};
    return v;
}

/// {"trustees": n, "threshold": k, "election": hex, "attempt": a, "group": name}
template <prime_order_group G>
json to_json(const parameters& p) {
    return json{{"group", std::string(G::name)},
                {"trustees", p.n},
                {"threshold", p.k},
                {"election", to_hex(p.election)},
                {"attempt", p.attempt}};
}
template <prime_order_group G>
result<parameters> parameters_from_json(const json& j) {
    detail::json_reader r(j, "ceremony parameters");
    auto g = r.str("group");
    if (!g) return g.err();
    if (*g != G::name) return error{errc::bad_input, "ceremony parameters: group \"" + *g + "\" is not " + std::string(G::name)};
    parameters p;
    auto n = r.u32("trustees");
    if (!n) return n.err();
    auto k = r.u32("threshold");
    if (!k) return k.err();
    auto a = r.u32("attempt");
    if (!a) return a.err();
    auto e = r.hex("election");
    if (!e) return e.err();
    p.n = *n;
    p.k = *k;
    p.attempt = *a;
    p.election = *e;
    if (auto s = p.validate(); !s) return s.err();
    return p;
}

inline json to_json(const announcement& a) {
    return json{{"trustee", a.trustee},
                {"name", a.name},
                {"comm_key", to_hex(a.comm_key)},
                {"commitment_hash", to_hex(a.commitment_hash)}};
}
inline result<announcement> announcement_from_json(const json& j, std::uint32_t n) {
    detail::json_reader r(j, "announcement");
    announcement a;
    auto t = index_in_range(r, "trustee", n);
    if (!t) return t.err();
    auto name = r.str("name");
    if (!name) return name.err();
    auto ck = r.hex("comm_key", 32);
    if (!ck) return ck.err();
    auto h = r.hex("commitment_hash", 64);
    if (!h) return h.err();
    a.trustee = *t;
    a.name = *name;
    a.comm_key = *detail::to_array<32>(*ck);
    a.commitment_hash = *detail::to_array<64>(*h);
    return a;
}

template <prime_order_group G>
json to_json(const commitment_message<G>& m) {
    json ks = json::array(), ps = json::array();
    for (const auto& k : m.coefficients) ks.push_back(G::encode(k).hex());
    for (const auto& p : m.proofs) ps.push_back(to_hex(p.encode()));
    return json{{"trustee", m.trustee}, {"coefficients", ks}, {"proofs", ps}};
}
/// Decodes a commitment message; it must hold exactly k coefficients and k proofs.
template <prime_order_group G>
result<commitment_message<G>> commitment_from_json(const json& j, const parameters& p) {
    detail::json_reader r(j, "commitment message");
    commitment_message<G> m;
    auto t = index_in_range(r, "trustee", p.n);
    if (!t) return t.err();
    m.trustee = *t;
    auto ks = r.array("coefficients");
    if (!ks) return ks.err();
    auto ps = r.array("proofs");
    if (!ps) return ps.err();
    if ((*ks)->size() != p.k || (*ps)->size() != p.k)
        return error{errc::bad_length, "commitment message of trustee " + std::to_string(*t) + ": expected " +
                                           std::to_string(p.k) + " coefficients and proofs"};
    for (std::size_t i = 0; i < p.k; ++i) {
        const std::string where = "commitment message of trustee " + std::to_string(*t) + " " + indexed("coefficients", i);
        if (!(*ks)->at(i).is_string()) return error{errc::bad_input, where + ": not a string"};
        auto e = element_from_hex<G>((*ks)->at(i).template get<std::string>());
        if (!e) return with_context(where, e.err());
        if (G::is_identity(*e)) return error{errc::identity, where + ": the identity is not allowed"};
        m.coefficients.push_back(*e);
        const std::string pwhere = "commitment message of trustee " + std::to_string(*t) + " " + indexed("proofs", i);
        if (!(*ps)->at(i).is_string()) return error{errc::bad_input, pwhere + ": not a string"};
        auto b = from_hex((*ps)->at(i).template get<std::string>(), proofs::schnorr_proof<G>::encoded_size);
        if (!b) return with_context(pwhere, b.err());
        auto pr = proofs::schnorr_proof<G>::decode(*b);
        if (!pr) return with_context(pwhere, pr.err());
        m.proofs.push_back(*pr);
    }
    return m;
}

inline json to_json(const encrypted_share& s) {
    return json{{"dealer", s.dealer}, {"recipient", s.recipient}, {"box", to_hex(s.box)}};
}
inline result<encrypted_share> encrypted_share_from_json(const json& j, std::uint32_t n) {
    detail::json_reader r(j, "encrypted share");
    encrypted_share s;
    auto d = index_in_range(r, "dealer", n);
    if (!d) return d.err();
    auto rc = index_in_range(r, "recipient", n);
    if (!rc) return rc.err();
    auto b = r.hex("box");
    if (!b) return b.err();
    s.dealer = *d;
    s.recipient = *rc;
    s.box = *b;
    return s;
}

inline json to_json(const share_report& rep) {
    json cs = json::array();
    for (const auto& c : rep.complaints) cs.push_back(json{{"dealer", c.dealer}, {"reason", c.reason}});
    return json{{"trustee", rep.trustee}, {"complaints", cs}};
}
inline result<share_report> share_report_from_json(const json& j, std::uint32_t n) {
    detail::json_reader r(j, "share report");
    share_report rep;
    auto t = index_in_range(r, "trustee", n);
    if (!t) return t.err();
    rep.trustee = *t;
    auto cs = r.array("complaints");
    if (!cs) return cs.err();
    if ((*cs)->size() > n) return error{errc::bad_length, "share report: more complaints than trustees"};
    for (std::size_t i = 0; i < (*cs)->size(); ++i) {
        detail::json_reader cr((*cs)->at(i), "share report of trustee " + std::to_string(*t) + " " + indexed("complaints", i));
        auto d = index_in_range(cr, "dealer", n);
        if (!d) return d.err();
        auto reason = cr.str("reason");
        if (!reason) return reason.err();
        rep.complaints.push_back({*d, *reason});
    }
    return rep;
}

template <prime_order_group G>
json to_json(const complaint_answer<G>& a) {
    return json{{"dealer", a.dealer}, {"recipient", a.recipient}, {"share", to_hex(a.share.encode())}};
}
template <prime_order_group G>
result<complaint_answer<G>> complaint_answer_from_json(const json& j, std::uint32_t n) {
    detail::json_reader r(j, "complaint answer");
    complaint_answer<G> a;
    auto d = index_in_range(r, "dealer", n);
    if (!d) return d.err();
    auto rc = index_in_range(r, "recipient", n);
    if (!rc) return rc.err();
    auto s = r.scalar<G>("share");
    if (!s) return s.err();
    a.dealer = *d;
    a.recipient = *rc;
    a.share = *s;
    return a;
}

/// The whole public transcript as one JSON object.
template <prime_order_group G>
json to_json(const transcript<G>& t) {
    json j;
    j["parameters"] = to_json<G>(t.params);
    j["announcements"] = json::array();
    for (const auto& a : t.announcements) j["announcements"].push_back(to_json(a));
    j["commitments"] = json::array();
    for (const auto& c : t.commitments) j["commitments"].push_back(to_json<G>(c));
    j["reports"] = json::array();
    for (const auto& r : t.reports) j["reports"].push_back(to_json(r));
    j["answers"] = json::array();
    for (const auto& a : t.answers) j["answers"].push_back(to_json<G>(a));
    return j;
}
template <prime_order_group G>
result<transcript<G>> transcript_from_json(const json& j) {
    detail::json_reader r(j, "ceremony transcript");
    auto pj = r.field("parameters");
    if (!pj) return pj.err();
    auto p = parameters_from_json<G>(**pj);
    if (!p) return p.err();
    transcript<G> t;
    t.params = *p;
    auto each = [&](const char* key, auto&& decode_one) -> status {
        auto a = r.array(key);
        if (!a) return a.err();
        if ((*a)->size() > std::size_t{4} * p->n * p->n + 4)
            return status(errc::bad_length, std::string("ceremony transcript: too many ") + key);
        for (std::size_t i = 0; i < (*a)->size(); ++i)
            if (auto s = decode_one((*a)->at(i)); !s) return with_context(indexed(key, i), s);
        return {};
    };
    auto ann = each("announcements", [&](const json& x) -> status {
        auto v = announcement_from_json(x, p->n);
        if (!v) return v.err();
        t.announcements.push_back(*v);
        return {};
    });
    if (!ann) return ann.err();
    auto com = each("commitments", [&](const json& x) -> status {
        auto v = commitment_from_json<G>(x, *p);
        if (!v) return v.err();
        t.commitments.push_back(*v);
        return {};
    });
    if (!com) return com.err();
    auto rep = each("reports", [&](const json& x) -> status {
        auto v = share_report_from_json(x, p->n);
        if (!v) return v.err();
        t.reports.push_back(*v);
        return {};
    });
    if (!rep) return rep.err();
    auto ans = each("answers", [&](const json& x) -> status {
        auto v = complaint_answer_from_json<G>(x, p->n);
        if (!v) return v.err();
        t.answers.push_back(*v);
        return {};
    });
    if (!ans) return ans.err();
    return t;
}

}  // namespace scrutineer::ceremony
