// scrutineer — ceremony: distributed key generation for n trustees, threshold k.
//
// Pedersen's DKG with Feldman commitments (T. P. Pedersen, "A threshold
// cryptosystem without a trusted party", EUROCRYPT 1991, §4; P. Feldman, "A
// practical scheme for non-interactive verifiable secret sharing", FOCS 1987),
// following ElectionGuard 2.0 §3.2.2 (eq. (10)–(13), (21), (22)) and Belenios'
// threshold mode, with two changes argued in docs/ceremony.md: a hash
// commitment to each trustee's coefficient commitments is published first
// (phase 1), and a ceremony in which anybody is disqualified ends without a
// key and is restarted without the disqualified trustees (the rule that
// denies a cheater any choice of the final key within one run; Gennaro,
// Jarecki, Krawczyk, Rabin, "Secure distributed key generation for
// discrete-log based cryptosystems", J. Cryptology 20(1), 2007, §3 shows how
// excluding a dealer after seeing the others' commitments biases the key).
//
// Phases (every message is a plain struct of messages.hpp, published on the board):
//   1. begin()    each trustee i draws P_i(x) = Σ_{j<k} a_{i,j} x^j, computes
//                 K_{i,j} = g^{a_{i,j}} with Schnorr proofs, and announces its
//                 communication key and the hash of those commitments.
//   2. publish()  after all announcements: publishes the commitments and the
//                 shares P_i(ℓ), each encrypted to recipient ℓ.
//   3. receive()  after all commitments: checks each share against the dealer's
//                 commitments, g^{P_i(ℓ)} = Π_j K_{i,j}^{ℓ^j} (eq. (21)), and
//                 publishes a report listing complaints (usually none).
//   4. answer()   after all reports: each dealer answers every complaint against
//                 it by publishing the share in clear.
//   5. finish()   after all answers: verify_transcript() decides the outcome;
//                 on success the trustee's key share is s_ℓ = Σ_i P_i(ℓ)
//                 (eq. (22)), its verification key K_ℓ = g^{s_ℓ} = Π_j C_j^{ℓ^j}
//                 with C_j = Π_i K_{i,j}, and the joint key K = C_0.
//
// Typestate: each step is an rvalue-qualified member of the state it needs,
// consumes that state on success and returns the next one with the message to
// publish; a step cannot be called on the wrong state or twice (it does not
// compile; tests/compile_fail). On failure a step returns an error and leaves
// the state as it was, so the trustee can retry with corrected input.
//
// Constant time: everything that touches the polynomial, the shares or the
// communication secret key is constant time; checks on public data are
// variable time (`_vartime` where the name is ours).
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scrutineer/ceremony/comm.hpp"
#include "scrutineer/ceremony/messages.hpp"
#include "scrutineer/core/secure.hpp"
#include "scrutineer/primitives/polynomial.hpp"
#include "scrutineer/protocols/equations.hpp"
#include "scrutineer/protocols/schnorr.hpp"
#include "scrutineer/core/json_depth.hpp"

namespace scrutineer::ceremony {

/// The public result of a successful ceremony.
template <prime_order_group G>
struct election_key {
    parameters params;
    std::vector<typename G::element> commitments;        ///< C_j = Π_i K_{i,j}, j = 0..k−1
    typename G::element joint_key;                       ///< K = C_0 = g^{Σ_i a_{i,0}}
    std::vector<typename G::element> verification_keys;  ///< [ℓ−1]: K_ℓ = Π_j C_j^{ℓ^j} = g^{s_ℓ}

    /// Derives the joint and verification keys from the summed commitments.
    /// Errors: bad_length (not k commitments), identity (the joint key or a
    /// verification key is the identity: a broken ceremony). Variable time (public data).
    static result<election_key> from_commitments(const parameters& p, std::vector<typename G::element> c) {
        if (auto s = p.validate(); !s) return s.err();
        if (c.size() != p.k) return error{errc::bad_length, "election key: expected " + std::to_string(p.k) + " commitments"};
        election_key e{p, std::move(c), G::identity(), {}};
        e.joint_key = e.commitments[0];
        if (G::is_identity(e.joint_key)) return error{errc::identity, "election key: the joint key is the identity"};
        for (std::uint32_t l = 1; l <= p.n; ++l) {
            auto pw = poly::powers<G>(l, p.k);
            auto K = G::multi_exp_vartime(pw, e.commitments);
            if (G::is_identity(K))
                return error{errc::identity, "election key: verification key of trustee " + std::to_string(l) + " is the identity"};
            e.verification_keys.push_back(K);
        }
        return e;
    }
    /// K_i for trustee i in 1..n; throws std::out_of_range otherwise.
    const typename G::element& verification_key(std::uint32_t i) const { return verification_keys.at(i - 1); }
};

/// {"parameters", "commitments": [hex], "joint_key": hex, "verification_keys": [hex]}
template <prime_order_group G>
json to_json(const election_key<G>& e) {
    json c = json::array(), v = json::array();
    for (const auto& x : e.commitments) c.push_back(G::encode(x).hex());
    for (const auto& x : e.verification_keys) v.push_back(G::encode(x).hex());
    return json{{"parameters", to_json<G>(e.params)},
                {"commitments", c},
                {"joint_key", G::encode(e.joint_key).hex()},
                {"verification_keys", v}};
}
/// Decodes an election key and checks that its joint and verification keys
/// follow from its commitments (bad_input naming the first mismatch).
template <prime_order_group G>
result<election_key<G>> election_key_from_json(const json& j) {
    detail::json_reader r(j, "election key");
    auto pj = r.field("parameters");
    if (!pj) return pj.err();
    auto p = parameters_from_json<G>(**pj);
    if (!p) return p.err();
    auto cs = r.array("commitments");
    if (!cs) return cs.err();
    if ((*cs)->size() != p->k) return error{errc::bad_length, "election key: expected " + std::to_string(p->k) + " commitments"};
    std::vector<typename G::element> c;
    for (std::size_t i = 0; i < (*cs)->size(); ++i) {
        if (!(*cs)->at(i).is_string()) return error{errc::bad_input, "election key: " + indexed("commitments", i) + " is not a string"};
        auto e = element_from_hex<G>((*cs)->at(i).template get<std::string>());
        if (!e) return with_context("election key " + indexed("commitments", i), e.err());
        c.push_back(*e);
    }
    auto key = election_key<G>::from_commitments(*p, std::move(c));
    if (!key) return key.err();
    auto jk = r.element<G>("joint_key");
    if (!jk) return jk.err();
    if (!(*jk == key->joint_key)) return error{errc::bad_input, "election key: joint_key does not follow from the commitments"};
    auto vs = r.array("verification_keys");
    if (!vs) return vs.err();
    if ((*vs)->size() != p->n) return error{errc::bad_length, "election key: expected " + std::to_string(p->n) + " verification keys"};
    for (std::size_t i = 0; i < p->n; ++i) {
        if (!(*vs)->at(i).is_string()) return error{errc::bad_input, "election key: " + indexed("verification_keys", i) + " is not a string"};
        auto e = element_from_hex<G>((*vs)->at(i).template get<std::string>());
        if (!e) return with_context("election key " + indexed("verification_keys", i), e.err());
        if (!(*e == key->verification_keys[i]))
            return error{errc::bad_input, "election key: " + indexed("verification_keys", i) + " does not follow from the commitments"};
    }
    return key;
}

/// A trustee named in the record as the cause of a failed ceremony.
struct disqualification {
    std::uint32_t trustee = 0;
    std::string reason;
};

/// The outcome of a ceremony, as anyone computes it from the public transcript.
///
/// The rule (docs/ceremony.md): the ceremony succeeds only if no trustee is
/// disqualified. Otherwise it yields no key; the trustees not disqualified may
/// restart with a fresh ceremony (parameters.attempt + 1, n' = |remaining|,
/// indices 1..n' in the order of their old indices, the same k) if
/// n' >= k; otherwise the election cannot have a key with this threshold and
/// the ceremony is aborted.
template <prime_order_group G>
struct outcome {
    std::optional<election_key<G>> key;          ///< present iff complete()
    std::vector<disqualification> disqualified;  ///< by index, each with every reason found
    std::vector<std::uint32_t> remaining;        ///< trustees not disqualified (old indices)
    std::uint32_t k = 0;

    bool complete() const { return key.has_value(); }
    /// Not complete, and at least k trustees remain for a restart.
    bool restart_possible() const { return !complete() && remaining.size() >= k; }
    /// One line naming every disqualified trustee and the rule's verdict.
    std::string describe() const {
        if (complete()) return "ceremony complete";
        std::string s = "ceremony failed:";
        for (const auto& d : disqualified) s += " trustee " + std::to_string(d.trustee) + " disqualified (" + d.reason + ");";
        s += restart_possible() ? " restart with the " + std::to_string(remaining.size()) + " remaining trustees"
                                : " abort: fewer than " + std::to_string(k) + " trustees remain";
        return s;
    }
};

/// The Feldman check of a share (ElectionGuard 2.0 eq. (21)):
/// Σ_j ℓ^j·K_{i,j} for the dealer's commitments K_{i,·} and recipient ℓ, i.e.
/// the element g^{P_i(ℓ)} must equal. Variable time (public commitments).
template <prime_order_group G>
typename G::element expected_share_image_vartime(std::span<const typename G::element> commitments, std::uint32_t l) {
    auto pw = poly::powers<G>(l, commitments.size());
    return G::multi_exp_vartime(pw, commitments);
}

/// Checks a ceremony transcript without secrets: announcements, the hash of
/// every commitment message, every Schnorr proof (batched in one
/// equation_set), every complaint and its answer. Returns the outcome, which
/// names each disqualified trustee:
///   - no announcement, commitment message or report, or two different ones;
///   - commitments that do not match the announced hash, or a failed proof;
///   - a complaint against it left unanswered, or answered with a share that
///     fails eq. (21);
///   - a complaint by a trustee against itself.
/// Errors (not attributable to a trustee): invalid parameters; a message with
/// an index outside 1..n. Variable time (public data only).
template <prime_order_group G>
[[nodiscard]] result<outcome<G>> verify_transcript(const transcript<G>& t, rng& r = default_rng()) {
    using element = typename G::element;
    const auto& p = t.params;
    if (auto s = p.validate(); !s) return s.err();
    const std::uint32_t n = p.n;
    std::vector<std::string> fault(n + 1);
    auto blame = [&](std::uint32_t i, const std::string& why) {
        if (fault[i].empty())
            fault[i] = why;
        else if (fault[i].find(why) == std::string::npos)
            fault[i] += "; " + why;
    };
    auto in_range = [&](std::uint32_t i, const char* what) -> status {
        if (i == 0 || i > n)
            return status(errc::out_of_range, std::string(what) + ": trustee index " + std::to_string(i) + " is not in 1.." + std::to_string(n));
        return {};
    };
    std::vector<const announcement*> ann(n + 1, nullptr);
    for (const auto& a : t.announcements) {
        if (auto s = in_range(a.trustee, "announcement"); !s) return s.err();
        if (ann[a.trustee] && !(*ann[a.trustee] == a)) blame(a.trustee, "published two different announcements");
        if (!ann[a.trustee]) ann[a.trustee] = &a;
    }
    std::vector<const commitment_message<G>*> com(n + 1, nullptr);
    for (const auto& c : t.commitments) {
        if (auto s = in_range(c.trustee, "commitment message"); !s) return s.err();
        if (com[c.trustee]) blame(c.trustee, "published two commitment messages");
        if (!com[c.trustee]) com[c.trustee] = &c;
    }
    std::vector<const share_report*> rep(n + 1, nullptr);
    for (const auto& x : t.reports) {
        if (auto s = in_range(x.trustee, "share report"); !s) return s.err();
        if (rep[x.trustee] && !(*rep[x.trustee] == x)) blame(x.trustee, "published two different share reports");
        if (!rep[x.trustee]) rep[x.trustee] = &x;
        for (const auto& c : x.complaints)
            if (auto s = in_range(c.dealer, "complaint"); !s) return s.err();
    }
    for (const auto& a : t.answers) {
        if (auto s = in_range(a.dealer, "complaint answer"); !s) return s.err();
        if (auto s = in_range(a.recipient, "complaint answer"); !s) return s.err();
    }

    // Commitments: presence, shape, announced hash, proofs.
    std::vector<bool> commitments_ok(n + 1, false);
    equation_set<G> all;
    for (std::uint32_t i = 1; i <= n; ++i) {
        if (!ann[i]) blame(i, "no announcement");
        if (!com[i]) blame(i, "no commitment message");
        if (!rep[i]) blame(i, "no share report");
        if (!ann[i] || !com[i]) continue;
        if (com[i]->coefficients.size() != p.k || com[i]->proofs.size() != p.k) {
            blame(i, "commitment message does not hold " + std::to_string(p.k) + " coefficients and proofs");
            continue;
        }
        if (com[i]->digest(p) != ann[i]->commitment_hash) {
            blame(i, "commitments do not match the hash announced in phase 1");
            continue;
        }
        bool ok = true;
        for (std::uint32_t j = 0; j < p.k && ok; ++j) {
            auto s = proofs::schnorr_equations<G>(p.coefficient_context(i, j), {G::generator(), com[i]->coefficients[j]},
                                                  com[i]->proofs[j], all);
            if (!s) {
                blame(i, "coefficient " + std::to_string(j) + ": " + s.err().message);
                ok = false;
            }
        }
        commitments_ok[i] = ok;
    }
    if (!all.check_vartime(r)) {
        // Name the dealers whose proofs fail.
        for (std::uint32_t i = 1; i <= n; ++i) {
            if (!commitments_ok[i]) continue;
            for (std::uint32_t j = 0; j < p.k; ++j) {
                equation_set<G> one;
                auto s = proofs::schnorr_equations<G>(p.coefficient_context(i, j),
                                                      {G::generator(), com[i]->coefficients[j]}, com[i]->proofs[j], one);
                if (s) s = one.check_vartime(r);
                if (!s) {
                    blame(i, "proof for coefficient " + std::to_string(j) + " does not verify");
                    commitments_ok[i] = false;
                    break;
                }
            }
        }
    }

    // Complaints and answers.
    for (std::uint32_t l = 1; l <= n; ++l) {
        if (!rep[l]) continue;
        std::set<std::uint32_t> seen;
        for (const auto& c : rep[l]->complaints) {
            if (c.dealer == l) {
                blame(l, "complains about its own share");
                continue;
            }
            if (!seen.insert(c.dealer).second) continue;
            if (!commitments_ok[c.dealer]) continue;  // already disqualified; the share cannot be judged
            const complaint_answer<G>* answer = nullptr;
            bool twice = false;
            for (const auto& a : t.answers)
                if (a.dealer == c.dealer && a.recipient == l) {
                    if (answer && !(answer->share == a.share)) twice = true;
                    if (!answer) answer = &a;
                }
            if (twice) {
                blame(c.dealer, "answered the complaint of trustee " + std::to_string(l) + " with two different shares");
                continue;
            }
            if (!answer) {
                blame(c.dealer, "did not answer the complaint of trustee " + std::to_string(l));
                continue;
            }
            const element expected = expected_share_image_vartime<G>(com[c.dealer]->coefficients, l);
            if (!(G::mul_base(answer->share) == expected))
                blame(c.dealer, "its answer to trustee " + std::to_string(l) + " fails the share check g^P(l) = prod K_j^(l^j)");
        }
    }

    outcome<G> out;
    out.k = p.k;
    for (std::uint32_t i = 1; i <= n; ++i) {
        if (fault[i].empty())
            out.remaining.push_back(i);
        else
            out.disqualified.push_back({i, fault[i]});
    }
    if (!out.disqualified.empty()) return out;
    std::vector<element> c(p.k, G::identity());
    for (std::uint32_t i = 1; i <= n; ++i)
        for (std::uint32_t j = 0; j < p.k; ++j) c[j] += com[i]->coefficients[j];
    auto key = election_key<G>::from_commitments(p, std::move(c));
    if (!key) return key.err();
    out.key = std::move(*key);
    return out;
}

// ---------------------------------------------------------------------------
// The trustee's typestate machine.

template <prime_order_group G>
class trustee_key;
template <prime_order_group G>
class trustee_announced;
template <prime_order_group G>
class trustee_dealt;
template <prime_order_group G>
class trustee_checked;
template <prime_order_group G>
class trustee_answered;

/// A step's result: the next state and the message to publish.
template <class State, class Message>
struct step {
    State state;
    Message message;
};

/// What a trustee publishes in phase 2: its commitments and the encrypted shares.
template <prime_order_group G>
struct dealing {
    commitment_message<G> commitments;
    std::vector<encrypted_share> shares;  ///< one per other trustee, in recipient order
};

namespace detail {

/// Lowercase hex of secret bytes without secret-indexed table lookups.
inline std::string secret_hex(byte_span b) {
    std::string out(b.size() * 2, '0');
    for (std::size_t i = 0; i < b.size(); ++i)
        for (int h = 0; h < 2; ++h) {
            const int v = h == 0 ? b[i] >> 4 : b[i] & 15;
            // '0'+v for v <= 9, 'a'+v−10 otherwise: (9 − v) >> 8 is −1 iff v > 9.
            out[2 * i + static_cast<std::size_t>(h)] = static_cast<char>(v + '0' + (((9 - v) >> 8) & ('a' - '0' - 10)));
        }
    return out;
}
/// Parses lowercase hex of secret bytes without data-dependent branches on the
/// digits (the length is public). Errors: bad_length, bad_hex (position not named).
inline result<secure_bytes> secret_from_hex(std::string_view s, std::size_t expected) {
    if (s.size() != 2 * expected) return error{errc::bad_length, "secret: expected " + std::to_string(2 * expected) + " hex digits"};
    secure_bytes out(expected);
    int bad = 0;
    for (std::size_t i = 0; i < expected; ++i) {
        int v = 0;
        for (int h = 0; h < 2; ++h) {
            const int c = static_cast<unsigned char>(s[2 * i + static_cast<std::size_t>(h)]);
            const int d = c - '0', l = c - 'a';
            const int md = ((d | (9 - d)) >> 8) + 1;  // 1 iff 0 <= d <= 9
            const int ml = ((l | (5 - l)) >> 8) + 1;  // 1 iff 0 <= l <= 5
            bad |= 1 - (md | ml);
            v = (v << 4) | (md * d + ml * (l + 10));
        }
        out.data()[i] = static_cast<byte>(v);
    }
    if (bad) return error{errc::bad_hex, "secret: not lowercase hexadecimal"};
    return out;
}

/// Overwrites every string in a JSON tree (used on trees that held secrets).
inline void wipe_strings(json& j) {
    if (j.is_string()) {
        auto& s = j.get_ref<std::string&>();
        if (!s.empty()) secure_wipe(s.data(), s.size());
    } else if (j.is_structured()) {
        for (auto& x : j) wipe_strings(x);
    }
}
/// Dumps a JSON tree holding secrets into a wiping buffer, then wipes the tree.
inline secure_bytes dump_secret(json& j) {
    std::string s = j.dump(2);
    s.push_back('\n');
    secure_bytes out(as_bytes(s));
    secure_wipe(s.data(), s.size());
    wipe_strings(j);
    return out;
}

template <prime_order_group G>
result<secret<typename G::scalar>> secret_scalar_from_hex(const json& j, const std::string& what) {
    if (!j.is_string()) return error{errc::bad_input, what + ": not a string"};
    auto b = secret_from_hex(j.get_ref<const std::string&>(), G::scalar_size);
    if (!b) return with_context(what, b.err());
    auto s = G::scalar::decode(b->span());
    if (!s) return with_context(what, s.err());
    return secret<typename G::scalar>(*s);
}

/// Everything a trustee holds during the ceremony (secrets wiped on destruction).
template <prime_order_group G>
struct trustee_data {
    using scalar = typename G::scalar;
    parameters params;
    std::uint32_t index = 0;
    std::string name;
    comm_key_pair comm;
    std::vector<secret<scalar>> coefficients;          ///< a_{i,0..k−1}
    commitment_message<G> own;                         ///< K_{i,·} and proofs
    std::vector<announcement> announcements;           ///< phase 1, by index
    std::vector<commitment_message<G>> commitments;    ///< phase 2, by index (as received)
    std::vector<std::optional<secret<scalar>>> received;  ///< [d−1]: P_d(i) once checked
    std::vector<share_report> reports;                 ///< phase 3

    secret<scalar> share_for(std::uint32_t l) const {
        return poly::evaluate<G>(std::span<const secret<scalar>>(coefficients), l);
    }
};

template <prime_order_group G>
secure_bytes save(const trustee_data<G>& d, std::string_view phase) {
    json j;
    j["kind"] = "scrutineer-trustee-state";
    j["phase"] = std::string(phase);
    j["parameters"] = to_json<G>(d.params);
    j["trustee"] = d.index;
    j["name"] = d.name;
    j["comm_public_key"] = to_hex(d.comm.pk);
    json sec;
    sec["comm_secret_key"] = secret_hex(d.comm.sk.expose());
    sec["coefficients"] = json::array();
    for (const auto& a : d.coefficients) sec["coefficients"].push_back(secret_hex(a.expose().encode()));
    sec["received"] = json::array();
    for (const auto& x : d.received) sec["received"].push_back(x ? json(secret_hex(x->expose().encode())) : json(nullptr));
    j["secret"] = std::move(sec);
    j["own_commitments"] = to_json<G>(d.own);
    j["announcements"] = json::array();
    for (const auto& a : d.announcements) j["announcements"].push_back(to_json(a));
    j["commitments"] = json::array();
    for (const auto& c : d.commitments) j["commitments"].push_back(to_json<G>(c));
    j["reports"] = json::array();
    for (const auto& r : d.reports) j["reports"].push_back(to_json(r));
    return dump_secret(j);
}

template <prime_order_group G>
result<trustee_data<G>> load(byte_span text, std::string_view phase) {
    if (auto d = check_json_depth(text); !d) return error{errc::bad_input, "trustee state: " + d.err().message};
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return error{errc::bad_input, "trustee state: not valid JSON"};
    struct wiper {
        json& j;
        ~wiper() { wipe_strings(j); }
    } w{j};
    json_reader r(j, "trustee state");
    auto kind = r.str("kind");
    if (!kind) return kind.err();
    if (*kind != "scrutineer-trustee-state") return error{errc::bad_input, "trustee state: not a trustee state file"};
    auto ph = r.str("phase");
    if (!ph) return ph.err();
    if (*ph != phase)
        return error{errc::bad_input, "trustee state: the state is at phase \"" + *ph + "\", not \"" + std::string(phase) + "\""};
    trustee_data<G> d;
    auto pj = r.field("parameters");
    if (!pj) return pj.err();
    auto p = parameters_from_json<G>(**pj);
    if (!p) return p.err();
    d.params = *p;
    auto idx = index_in_range(r, "trustee", p->n);
    if (!idx) return idx.err();
    d.index = *idx;
    auto name = r.str("name");
    if (!name) return name.err();
    d.name = *name;
    auto sj = r.field("secret");
    if (!sj) return sj.err();
    json_reader sr(**sj, "trustee state secrets");
    auto ck = sr.field("comm_secret_key");
    if (!ck) return ck.err();
    if (!(*ck)->is_string()) return error{errc::bad_input, "trustee state: comm_secret_key is not a string"};
    auto ckb = secret_from_hex((*ck)->get_ref<const std::string&>(), 32);
    if (!ckb) return with_context("trustee state comm_secret_key", ckb.err());
    comm_secret_key csk;
    std::copy(ckb->data(), ckb->data() + 32, csk.expose_mut().begin());
    d.comm = comm_key_pair::from_secret(csk);
    auto cpk = r.hex("comm_public_key", 32);
    if (!cpk) return cpk.err();
    if (!std::equal(cpk->begin(), cpk->end(), d.comm.pk.begin()))
        return error{errc::bad_input, "trustee state: comm_public_key does not match comm_secret_key"};
    auto co = sr.array("coefficients");
    if (!co) return co.err();
    if ((*co)->size() != p->k) return error{errc::bad_length, "trustee state: expected " + std::to_string(p->k) + " coefficients"};
    for (std::size_t i = 0; i < p->k; ++i) {
        auto s = secret_scalar_from_hex<G>((*co)->at(i), "trustee state " + indexed("coefficients", i));
        if (!s) return s.err();
        d.coefficients.push_back(std::move(*s));
    }
    auto rc = sr.array("received");
    if (!rc) return rc.err();
    if (!(*rc)->empty() && (*rc)->size() != p->n)
        return error{errc::bad_length, "trustee state: expected " + std::to_string(p->n) + " received shares"};
    for (std::size_t i = 0; i < (*rc)->size(); ++i) {
        if ((*rc)->at(i).is_null()) {
            d.received.emplace_back();
            continue;
        }
        auto s = secret_scalar_from_hex<G>((*rc)->at(i), "trustee state " + indexed("received", i));
        if (!s) return s.err();
        d.received.emplace_back(std::move(*s));
    }
    auto oj = r.field("own_commitments");
    if (!oj) return oj.err();
    auto own = commitment_from_json<G>(**oj, *p);
    if (!own) return own.err();
    d.own = *own;
    for (std::uint32_t jx = 0; jx < p->k; ++jx)
        if (!(G::mul_base(d.coefficients[jx].expose()) == d.own.coefficients[jx]))
            return error{errc::bad_input, "trustee state: own commitments do not match the coefficients"};
    auto list = [&](const char* key, auto&& one) -> status {
        auto a = r.array(key);
        if (!a) return a.err();
        if ((*a)->size() > p->n) return status(errc::bad_length, std::string("trustee state: too many ") + key);
        for (std::size_t i = 0; i < (*a)->size(); ++i)
            if (auto s = one((*a)->at(i)); !s) return with_context(std::string("trustee state ") + indexed(key, i), s);
        return {};
    };
    if (auto s = list("announcements", [&](const json& x) -> status {
            auto v = announcement_from_json(x, p->n);
            if (!v) return v.err();
            d.announcements.push_back(*v);
            return {};
        });
        !s)
        return s.err();
    if (auto s = list("commitments", [&](const json& x) -> status {
            auto v = commitment_from_json<G>(x, *p);
            if (!v) return v.err();
            d.commitments.push_back(*v);
            return {};
        });
        !s)
        return s.err();
    if (auto s = list("reports", [&](const json& x) -> status {
            auto v = share_report_from_json(x, p->n);
            if (!v) return v.err();
            d.reports.push_back(*v);
            return {};
        });
        !s)
        return s.err();
    return d;
}

/// Common base of the states: owns the data; a moved-from state is empty.
template <prime_order_group G>
class state_base {
protected:
    state_base() = default;
    explicit state_base(std::unique_ptr<trustee_data<G>> d) : d_(std::move(d)) {}
    status usable() const {
        if (!d_) return status(errc::bad_input, "this trustee state has already been used");
        return {};
    }
    std::unique_ptr<trustee_data<G>> d_;

public:
    /// The trustee's index i (1..n). Precondition: the state was not consumed.
    std::uint32_t index() const { return d_->index; }
    const parameters& params() const { return d_->params; }
};

}  // namespace detail

/// Phase 1 done: the trustee has drawn its polynomial and announced itself.
/// Next: publish() once every trustee's announcement is on the board.
template <prime_order_group G>
class trustee_announced : public detail::state_base<G> {
public:
    /// Starts trustee `index` (1..n): draws a_{i,0..k−1} from `r` (a_{i,0} ≠ 0),
    /// computes K_{i,j} = g^{a_{i,j}} with Schnorr proofs under
    /// params.coefficient_context(i, j), and returns the announcement (name,
    /// communication key, commitment hash). Errors: invalid parameters or index
    /// (bad_input). Constant time in the secrets.
    [[nodiscard]] static result<step<trustee_announced, announcement>> begin(const parameters& params, std::uint32_t index,
                                                                            std::string name, comm_key_pair comm, rng& r) {
        using scalar = typename G::scalar;
        if (auto s = params.validate(); !s) return s.err();
        if (index == 0 || index > params.n)
            return error{errc::bad_input, "ceremony: trustee index " + std::to_string(index) + " is not in 1.." + std::to_string(params.n)};
        auto d = std::make_unique<detail::trustee_data<G>>();
        d->params = params;
        d->index = index;
        d->name = std::move(name);
        d->comm = std::move(comm);
        d->own.trustee = index;
        for (std::uint32_t j = 0; j < params.k; ++j) {
            secret<scalar> a(scalar::random(r));
            while (a.expose().is_zero()) a = secret<scalar>(scalar::random(r));
            const auto K = G::mul_base(a.expose());
            d->own.proofs.push_back(proofs::prove_schnorr<G>(params.coefficient_context(index, j), {G::generator(), K}, a, r));
            d->own.coefficients.push_back(K);
            d->coefficients.push_back(std::move(a));
        }
        announcement a{index, d->name, d->comm.pk, d->own.digest(params)};
        return step<trustee_announced, announcement>{trustee_announced(std::move(d)), std::move(a)};
    }

    /// Phase 2: takes every trustee's announcement (n of them, each index once,
    /// this trustee's own unchanged) and returns the commitments and the
    /// encrypted shares P_i(ℓ) for every ℓ ≠ i. Errors (state unchanged):
    /// bad_input naming the missing, duplicate or altered announcement.
    [[nodiscard]] result<step<trustee_dealt<G>, dealing<G>>> publish(std::span<const announcement> all, rng& r) && {
        if (auto s = this->usable(); !s) return s.err();
        auto& d = *this->d_;
        const std::uint32_t n = d.params.n;
        std::vector<announcement> sorted(n);
        std::vector<bool> have(n + 1, false);
        for (const auto& a : all) {
            if (a.trustee == 0 || a.trustee > n)
                return error{errc::bad_input, "announcement from trustee " + std::to_string(a.trustee) + ", not in 1.." + std::to_string(n)};
            if (have[a.trustee]) return error{errc::bad_input, "two announcements from trustee " + std::to_string(a.trustee)};
            have[a.trustee] = true;
            sorted[a.trustee - 1] = a;
        }
        for (std::uint32_t i = 1; i <= n; ++i)
            if (!have[i]) return error{errc::bad_input, "no announcement from trustee " + std::to_string(i)};
        if (!(sorted[d.index - 1] == announcement{d.index, d.name, d.comm.pk, d.own.digest(d.params)}))
            return error{errc::bad_input, "the board's announcement of trustee " + std::to_string(d.index) + " differs from ours"};
        dealing<G> out{d.own, {}};
        const auto ctx = d.params.context();
        for (std::uint32_t l = 1; l <= n; ++l) {
            if (l == d.index) continue;
            auto s = d.share_for(l);
            secure_bytes pt(8 + 32 + G::scalar_size);
            auto a = u32le(d.index), b = u32le(l);
            std::copy(a.begin(), a.end(), pt.data());
            std::copy(b.begin(), b.end(), pt.data() + 4);
            std::copy(ctx.bytes().begin(), ctx.bytes().end(), pt.data() + 8);
            auto enc = s.expose().encode();
            std::copy(enc.begin(), enc.end(), pt.data() + 40);
            secure_wipe(enc.data(), enc.size());
            out.shares.push_back({d.index, l, seal(pt.span(), sorted[l - 1].comm_key, d.comm.sk, r)});
        }
        d.announcements = std::move(sorted);
        d.received.clear();
        d.received.resize(n);
        d.received[d.index - 1] = d.share_for(d.index);
        return step<trustee_dealt<G>, dealing<G>>{trustee_dealt<G>(std::move(this->d_)), std::move(out)};
    }

    /// Saves the state (with its secrets) as JSON; write it with mode 0600.
    secure_bytes save() const { return detail::save(*this->d_, "announced"); }
    /// Loads a state saved at this phase; validates it fully.
    static result<trustee_announced> load(byte_span text) {
        auto d = detail::load<G>(text, "announced");
        if (!d) return d.err();
        return trustee_announced(std::make_unique<detail::trustee_data<G>>(std::move(*d)));
    }
    /// This trustee's announcement (as begin() returned it).
    announcement own_announcement() const {
        const auto& d = *this->d_;
        return {d.index, d.name, d.comm.pk, d.own.digest(d.params)};
    }

private:
    explicit trustee_announced(std::unique_ptr<detail::trustee_data<G>> d) : detail::state_base<G>(std::move(d)) {}
};

/// Phase 2 done: commitments and shares sent. Next: receive() once every
/// commitment message and the shares addressed to this trustee are on the board.
template <prime_order_group G>
class trustee_dealt : public detail::state_base<G> {
public:
    /// Phase 3: checks every other dealer's commitment message (announced hash,
    /// Schnorr proofs) and the share it sent (opens, bound to dealer, recipient
    /// and ceremony, canonical, passes eq. (21)); returns the report with one
    /// complaint per dealer whose message or share is missing or bad. Shares
    /// not addressed to this trustee are ignored. Errors (state unchanged):
    /// bad_input for two different shares from one dealer.
    /// Constant time in the shares; variable time in public data.
    [[nodiscard]] result<step<trustee_checked<G>, share_report>> receive(std::span<const commitment_message<G>> all,
                                                                        std::span<const encrypted_share> shares) && {
        using scalar = typename G::scalar;
        if (auto s = this->usable(); !s) return s.err();
        auto& d = *this->d_;
        const std::uint32_t n = d.params.n;
        std::vector<const commitment_message<G>*> com(n + 1, nullptr);
        for (const auto& c : all) {
            if (c.trustee == 0 || c.trustee > n)
                return error{errc::bad_input, "commitment message from trustee " + std::to_string(c.trustee) + ", not in 1.." + std::to_string(n)};
            if (com[c.trustee]) return error{errc::bad_input, "two commitment messages from trustee " + std::to_string(c.trustee)};
            com[c.trustee] = &c;
        }
        std::vector<const encrypted_share*> box(n + 1, nullptr);
        for (const auto& s : shares) {
            if (s.recipient != d.index || s.dealer == 0 || s.dealer > n) continue;
            if (box[s.dealer] && !(*box[s.dealer] == s))
                return error{errc::bad_input, "two different shares from trustee " + std::to_string(s.dealer)};
            box[s.dealer] = &s;
        }
        const auto ctx = d.params.context();
        share_report report{d.index, {}};
        std::vector<std::optional<secret<scalar>>> got(n);
        for (std::uint32_t i = 1; i <= n; ++i) {
            if (i == d.index) continue;
            auto fail = [&](std::string why) { report.complaints.push_back({i, std::move(why)}); };
            const auto* c = com[i];
            if (!c) {
                fail("no commitment message");
                continue;
            }
            if (c->coefficients.size() != d.params.k || c->proofs.size() != d.params.k) {
                fail("commitment message has the wrong number of coefficients");
                continue;
            }
            if (c->digest(d.params) != d.announcements[i - 1].commitment_hash) {
                fail("commitments do not match the announced hash");
                continue;
            }
            equation_set<G> eqs;
            status ps;
            for (std::uint32_t j = 0; j < d.params.k && ps.ok(); ++j)
                ps = proofs::schnorr_equations<G>(d.params.coefficient_context(i, j), {G::generator(), c->coefficients[j]},
                                                  c->proofs[j], eqs);
            if (ps) ps = eqs.check_vartime();
            if (!ps) {
                fail("coefficient proofs do not verify");
                continue;
            }
            if (!box[i]) {
                fail("no share received");
                continue;
            }
            auto pt = open(box[i]->box, d.announcements[i - 1].comm_key, d.comm.sk);
            if (!pt) {
                fail("share does not decrypt");
                continue;
            }
            if (pt->size() != 40 + G::scalar_size) {
                fail("share has the wrong length");
                continue;
            }
            const auto a = u32le(i), b = u32le(d.index);
            if (!std::equal(a.begin(), a.end(), pt->data()) || !std::equal(b.begin(), b.end(), pt->data() + 4) ||
                !std::equal(ctx.bytes().begin(), ctx.bytes().end(), pt->data() + 8)) {
                fail("share is bound to another dealer, recipient or ceremony");
                continue;
            }
            auto sc = G::scalar::decode(pt->span().subspan(40));
            if (!sc) {
                fail("share is not a canonical scalar");
                continue;
            }
            secret<scalar> share(*sc);
            secure_wipe(&*sc, sizeof(scalar));
            const auto lhs = G::mul_base(share.expose());
            if (!(lhs == expected_share_image_vartime<G>(c->coefficients, d.index))) {
                fail("share fails the check g^P(l) = prod K_j^(l^j)");
                continue;
            }
            got[i - 1] = std::move(share);
        }
        for (std::uint32_t i = 1; i <= n; ++i)
            if (got[i - 1]) d.received[i - 1] = std::move(got[i - 1]);
        d.commitments.clear();
        for (std::uint32_t i = 1; i <= n; ++i)
            if (com[i]) d.commitments.push_back(*com[i]);
        return step<trustee_checked<G>, share_report>{trustee_checked<G>(std::move(this->d_)), std::move(report)};
    }

    secure_bytes save() const { return detail::save(*this->d_, "dealt"); }
    static result<trustee_dealt> load(byte_span text) {
        auto d = detail::load<G>(text, "dealt");
        if (!d) return d.err();
        if (d->announcements.size() != d->params.n || d->received.size() != d->params.n)
            return error{errc::bad_input, "trustee state: incomplete phase-2 state"};
        return trustee_dealt(std::make_unique<detail::trustee_data<G>>(std::move(*d)));
    }

private:
    friend class trustee_announced<G>;
    explicit trustee_dealt(std::unique_ptr<detail::trustee_data<G>> d) : detail::state_base<G>(std::move(d)) {}
};

/// Phase 3 done: report published. Next: answer() once every report is on the board.
template <prime_order_group G>
class trustee_checked : public detail::state_base<G> {
public:
    /// Phase 4: for every complaint against this trustee in `reports`, reveals
    /// the share P_i(ℓ) as a public answer (the complaint rule: the share of a
    /// complainer is published; it was the complainer's anyway). Reports from
    /// trustees whose report is missing are simply absent. Errors (state
    /// unchanged): bad_input for an index outside 1..n, two different reports
    /// from one trustee, or this trustee's own report altered.
    [[nodiscard]] result<step<trustee_answered<G>, std::vector<complaint_answer<G>>>> answer(
        std::span<const share_report> reports) && {
        if (auto s = this->usable(); !s) return s.err();
        auto& d = *this->d_;
        const std::uint32_t n = d.params.n;
        std::vector<const share_report*> rep(n + 1, nullptr);
        for (const auto& x : reports) {
            if (x.trustee == 0 || x.trustee > n)
                return error{errc::bad_input, "share report from trustee " + std::to_string(x.trustee) + ", not in 1.." + std::to_string(n)};
            if (rep[x.trustee] && !(*rep[x.trustee] == x))
                return error{errc::bad_input, "two different share reports from trustee " + std::to_string(x.trustee)};
            rep[x.trustee] = &x;
        }
        std::vector<complaint_answer<G>> answers;
        for (std::uint32_t l = 1; l <= n; ++l) {
            if (!rep[l] || l == d.index) continue;
            for (const auto& c : rep[l]->complaints)
                if (c.dealer == d.index) {
                    auto s = d.share_for(l);
                    answers.push_back({d.index, l, s.expose()});  // public by the complaint rule
                    break;
                }
        }
        d.reports.clear();
        for (std::uint32_t l = 1; l <= n; ++l)
            if (rep[l]) d.reports.push_back(*rep[l]);
        return step<trustee_answered<G>, std::vector<complaint_answer<G>>>{trustee_answered<G>(std::move(this->d_)),
                                                                          std::move(answers)};
    }

    secure_bytes save() const { return detail::save(*this->d_, "checked"); }
    static result<trustee_checked> load(byte_span text) {
        auto d = detail::load<G>(text, "checked");
        if (!d) return d.err();
        if (d->announcements.size() != d->params.n || d->received.size() != d->params.n)
            return error{errc::bad_input, "trustee state: incomplete phase-3 state"};
        return trustee_checked(std::make_unique<detail::trustee_data<G>>(std::move(*d)));
    }

private:
    friend class trustee_dealt<G>;
    explicit trustee_checked(std::unique_ptr<detail::trustee_data<G>> d) : detail::state_base<G>(std::move(d)) {}
};

/// Phase 4 done: answers published. Next: finish() once every answer is on the board.
template <prime_order_group G>
class trustee_answered : public detail::state_base<G> {
public:
    /// The public transcript this trustee has seen, completed with `answers`.
    transcript<G> public_transcript(std::span<const complaint_answer<G>> answers) const {
        const auto& d = *this->d_;
        return {d.params, d.announcements, d.commitments, d.reports, {answers.begin(), answers.end()}};
    }

    /// Phase 5: verifies the transcript (verify_transcript) and, if the
    /// ceremony is complete, returns this trustee's key: s_i = Σ_d P_d(i)
    /// (eq. (22)), taking the publicly answered share for each complaint it
    /// made, checked against its verification key K_i = g^{s_i}. Errors
    /// (state unchanged): verify_failed with outcome::describe() if anybody is
    /// disqualified (see verify_transcript for the restart rule); internal if
    /// the share does not match K_i (impossible for a valid transcript).
    [[nodiscard]] result<trustee_key<G>> finish(std::span<const complaint_answer<G>> answers, rng& r = default_rng()) && {
        using scalar = typename G::scalar;
        if (auto s = this->usable(); !s) return s.err();
        auto& d = *this->d_;
        auto out = verify_transcript<G>(public_transcript(answers), r);
        if (!out) return out.err();
        if (!out->complete()) return error{errc::verify_failed, out->describe()};
        secret<scalar> s(scalar::zero());
        for (std::uint32_t i = 1; i <= d.params.n; ++i) {
            if (d.received[i - 1]) {
                s.expose_mut() += d.received[i - 1]->expose();
                continue;
            }
            const complaint_answer<G>* a = nullptr;
            for (const auto& x : answers)
                if (x.dealer == i && x.recipient == d.index) a = &x;
            if (!a) return error{errc::internal, "no share from trustee " + std::to_string(i) + " and no answer"};
            s.expose_mut() += a->share;
        }
        if (!(G::mul_base(s.expose()) == out->key->verification_key(d.index)))
            return error{errc::internal, "key share does not match the verification key"};
        return trustee_key<G>(d.index, std::move(s), std::move(*out->key));
    }

    secure_bytes save() const { return detail::save(*this->d_, "answered"); }
    static result<trustee_answered> load(byte_span text) {
        auto d = detail::load<G>(text, "answered");
        if (!d) return d.err();
        if (d->announcements.size() != d->params.n || d->received.size() != d->params.n)
            return error{errc::bad_input, "trustee state: incomplete phase-4 state"};
        return trustee_answered(std::make_unique<detail::trustee_data<G>>(std::move(*d)));
    }

private:
    friend class trustee_checked<G>;
    explicit trustee_answered(std::unique_ptr<detail::trustee_data<G>> d) : detail::state_base<G>(std::move(d)) {}
};

/// The final state: trustee i's share s_i of the election secret (never
/// reconstructed anywhere) and the public election key. Move-only; the share
/// wipes itself.
template <prime_order_group G>
class trustee_key {
public:
    std::uint32_t index() const noexcept { return index_; }
    const secret<typename G::scalar>& share() const noexcept { return share_; }
    const election_key<G>& election() const noexcept { return key_; }

    /// Saves the key share with the election key as JSON; write it with mode 0600.
    secure_bytes save() const {
        json j;
        j["kind"] = "scrutineer-trustee-key";
        j["trustee"] = index_;
        j["election_key"] = to_json<G>(key_);
        j["share"] = detail::secret_hex(share_.expose().encode());
        return detail::dump_secret(j);
    }
    /// Loads a saved key; checks g^{s_i} = K_i. Errors name what is wrong.
    static result<trustee_key> load(byte_span text) {
        if (auto d = check_json_depth(text); !d) return error{errc::bad_input, "trustee key: " + d.err().message};
        json j = json::parse(text.begin(), text.end(), nullptr, false);
        if (j.is_discarded()) return error{errc::bad_input, "trustee key: not valid JSON"};
        struct wiper {
            json& j;
            ~wiper() { detail::wipe_strings(j); }
        } w{j};
        detail::json_reader r(j, "trustee key");
        auto kind = r.str("kind");
        if (!kind) return kind.err();
        if (*kind != "scrutineer-trustee-key") return error{errc::bad_input, "trustee key: not a trustee key file"};
        auto ek = r.field("election_key");
        if (!ek) return ek.err();
        auto key = election_key_from_json<G>(**ek);
        if (!key) return key.err();
        auto idx = index_in_range(r, "trustee", key->params.n);
        if (!idx) return idx.err();
        auto sf = r.field("share");
        if (!sf) return sf.err();
        auto s = detail::secret_scalar_from_hex<G>(**sf, "trustee key share");
        if (!s) return s.err();
        if (!(G::mul_base(s->expose()) == key->verification_key(*idx)))
            return error{errc::bad_input, "trustee key: the share does not match verification key " + std::to_string(*idx)};
        return trustee_key(*idx, std::move(*s), std::move(*key));
    }

private:
    friend class trustee_answered<G>;
    trustee_key(std::uint32_t i, secret<typename G::scalar> s, election_key<G> k)
        : index_(i), share_(std::move(s)), key_(std::move(k)) {}
    std::uint32_t index_;
    secret<typename G::scalar> share_;
    election_key<G> key_;
};

/// Entry point of the typestate machine: trustee_announced<G>::begin.
template <prime_order_group G>
[[nodiscard]] result<step<trustee_announced<G>, announcement>> begin(const parameters& params, std::uint32_t index,
                                                                    std::string name, comm_key_pair comm, rng& r) {
    return trustee_announced<G>::begin(params, index, std::move(name), std::move(comm), r);
}

}  // namespace scrutineer::ceremony
