// scrutineer — primitives: Fiat–Shamir transcripts.
//
// A challenge is SHA-512 over a framed, domain-separated byte string, reduced
// mod the group order. docs/spec.md §3 gives every byte.
//
// The weak Fiat–Shamir flaw (Bernhard, Pereira, Warinschi, "How not to prove
// yourself", ASIACRYPT 2012 — it broke Helios) is hashing the commitments
// without the statement. Here it is unrepresentable: a transcript is a
// typestate machine
//
//     fiat_shamir<G>::begin(label, context)     // protocol label, group, context
//         .statement(s)                         // the full statement (typed)
//         .commitments(a)                       // every prover commitment
//         .challenge()                          // only now
//
// and each step consumes the previous state, so a challenge cannot be derived
// before the statement and the commitments are absorbed. A statement or
// commitment type says what it contributes by providing
// `void absorb(transcript_writer<G>&) const`.
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "scrutineer/core/bytes.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/primitives/hash.hpp"

namespace scrutineer {

/// The transcript format version, absorbed first; bump it on any change.
inline constexpr std::string_view transcript_domain = "scrutineer/fiat-shamir/v1";

/// What a proof is bound to beyond its statement: the election (its context
/// hash) and, for ballot proofs, the ballot or voter. 32 bytes, derived by
/// hashing, so contexts compose: `ctx.derive("ballot", id)`.
class proof_context {
public:
    /// The root context of an election: SHA-512 of framed("scrutineer/context/v1", election_hash), first 32 bytes.
    static proof_context for_election(byte_span election_hash) {
        sha512 h;
        frame(h, "scrutineer/context/v1", election_hash);
        return proof_context(h.digest());
    }
    static proof_context for_election(std::string_view election_id) { return for_election(as_bytes(election_id)); }
    /// A sub-context: SHA-512(u8 32-byte parent ‖ frame(label, data)), first 32 bytes.
    proof_context derive(std::string_view label, byte_span data) const {
        sha512 h;
        h.update(bytes_);
        frame(h, label, data);
        return proof_context(h.digest());
    }
    proof_context derive(std::string_view label, std::string_view data) const { return derive(label, as_bytes(data)); }

    const std::array<byte, 32>& bytes() const noexcept { return bytes_; }
    std::string hex() const { return to_hex(bytes_); }
    friend bool operator==(const proof_context&, const proof_context&) = default;

private:
    explicit proof_context(const std::array<byte, 64>& d) { std::copy(d.begin(), d.begin() + 32, bytes_.begin()); }
    std::array<byte, 32> bytes_{};
};

/// The write side of a transcript: what statements and commitments use to absorb
/// themselves. Every value is framed with a label (docs/spec.md §3).
template <prime_order_group G>
class transcript_writer {
public:
    void element(std::string_view label, const typename G::element& e) { frame(h_, label, G::encode(e).span()); }
    void scalar(std::string_view label, const typename G::scalar& s) {
        auto b = s.encode();
        frame(h_, label, b);
    }
    void u64(std::string_view label, std::uint64_t v) { frame_u64(h_, label, v); }
    void raw(std::string_view label, byte_span data) { frame(h_, label, data); }

protected:
    sha512 h_;
};

template <class T, class G>
concept absorbable = requires(const T& t, transcript_writer<G>& w) { t.absorb(w); };

template <prime_order_group G>
class fiat_shamir;

namespace detail {
template <prime_order_group G>
class fs_state : protected transcript_writer<G> {
protected:
    fs_state() = default;
    explicit fs_state(transcript_writer<G>&& w) : transcript_writer<G>(std::move(w)) {}
    transcript_writer<G>& writer() { return *this; }
};
}  // namespace detail

/// Final phase: statement and commitments absorbed; challenges may be drawn.
template <prime_order_group G>
class fs_ready : detail::fs_state<G> {
public:
    /// The next challenge scalar: SHA-512 of the transcript so far followed by
    /// frame("challenge", u64le(i)) (i counts challenges from 0), reduced mod q
    /// (64-byte wide reduction). The challenge is then absorbed as
    /// frame("challenge-value", encode(c)) so that later challenges depend on it.
    typename G::scalar challenge() {
        this->u64("challenge", count_++);
        auto d = this->h_.digest();
        auto c = G::scalar::from_wide(d);
        this->scalar("challenge-value", c);
        return c;
    }
    /// Absorbs a further prover message (for multi-round protocols such as the
    /// shuffle proof) between challenges.
    template <absorbable<G> M>
    fs_ready& message(const M& m) {
        m.absorb(this->writer());
        return *this;
    }

private:
    template <prime_order_group>
    friend class fs_needs_commitments;
    explicit fs_ready(transcript_writer<G>&& w) : detail::fs_state<G>(std::move(w)) {}
    std::uint64_t count_ = 0;
};

/// Middle phase: statement absorbed, commitments next.
template <prime_order_group G>
class fs_needs_commitments : detail::fs_state<G> {
public:
    template <absorbable<G> C>
    [[nodiscard]] fs_ready<G> commitments(const C& c) && {
        this->raw("phase", as_bytes("commitments"));
        c.absorb(this->writer());
        return fs_ready<G>(std::move(this->writer()));
    }

private:
    template <prime_order_group>
    friend class fs_needs_statement;
    explicit fs_needs_commitments(transcript_writer<G>&& w) : detail::fs_state<G>(std::move(w)) {}
};

/// First phase: protocol label, group and context absorbed; statement next.
template <prime_order_group G>
class fs_needs_statement : detail::fs_state<G> {
public:
    template <absorbable<G> S>
    [[nodiscard]] fs_needs_commitments<G> statement(const S& s) && {
        this->raw("phase", as_bytes("statement"));
        s.absorb(this->writer());
        return fs_needs_commitments<G>(std::move(this->writer()));
    }

private:
    friend class fiat_shamir<G>;
    fs_needs_statement() = default;
};

/// Entry point. `protocol_label` names the proof and its version, e.g.
/// "scrutineer/proof/schnorr/v1".
template <prime_order_group G>
class fiat_shamir {
public:
    [[nodiscard]] static fs_needs_statement<G> begin(std::string_view protocol_label, const proof_context& ctx) {
        fs_needs_statement<G> t;
        t.raw("domain", as_bytes(transcript_domain));
        t.raw("protocol", as_bytes(protocol_label));
        t.raw("group", as_bytes(G::name));
        t.raw("context", ctx.bytes());
        return t;
    }
};

}  // namespace scrutineer
