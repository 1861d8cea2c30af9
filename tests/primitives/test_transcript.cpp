#include <catch2/catch.hpp>

#include "../spec_bytes.hpp"
#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;
using namespace scrutineer::test;

namespace {
using G = ristretto255;
struct stmt {
    G::element X;
    void absorb(transcript_writer<G>& w) const { w.element("X", X); }
};
struct comm {
    G::element A;
    void absorb(transcript_writer<G>& w) const { w.element("A", A); }
};
G::scalar challenge(std::string_view label, const proof_context& ctx, const stmt& s, const comm& c) {
    return fiat_shamir<G>::begin(label, ctx).statement(s).commitments(c).challenge();
}

// Compile-time: a challenge cannot be drawn before statement and commitments.
template <class T>
concept can_challenge = requires(T t) { t.challenge(); };
static_assert(!can_challenge<fs_needs_statement<G>>);
static_assert(!can_challenge<fs_needs_commitments<G>>);
static_assert(can_challenge<fs_ready<G>>);
template <class T>
concept can_commit_first = requires(T t, comm c) { std::move(t).commitments(c); };
static_assert(!can_commit_first<fs_needs_statement<G>>);
}  // namespace

TEST_CASE("transcript: the challenge binds label, context, statement and commitments", "[transcript]") {
    const auto ctx = proof_context::for_election(std::string_view("e1"));
    const stmt s{G::mul_base(G::scalar::from_u64(5))};
    const comm c{G::mul_base(G::scalar::from_u64(7))};
    const auto c0 = challenge("p/v1", ctx, s, c);
    CHECK(c0 == challenge("p/v1", ctx, s, c));  // deterministic
    CHECK_FALSE(c0 == challenge("p/v2", ctx, s, c));
    CHECK_FALSE(c0 == challenge("p/v1", proof_context::for_election(std::string_view("e2")), s, c));
    CHECK_FALSE(c0 == challenge("p/v1", ctx.derive("ballot", "1"), s, c));
    CHECK_FALSE(c0 == challenge("p/v1", ctx, stmt{c.A}, c));
    CHECK_FALSE(c0 == challenge("p/v1", ctx, s, comm{s.X}));
    // statement and commitments are not interchangeable (phase labels)
    CHECK_FALSE(challenge("p/v1", ctx, stmt{s.X}, comm{c.A}) == challenge("p/v1", ctx, stmt{c.A}, comm{s.X}));
}

TEST_CASE("transcript: bytes match docs/spec.md section 3", "[transcript]") {
    // Rebuild the hash input from the specification, independently of the
    // transcript classes, and compare the challenge.
    const auto ctx = proof_context::for_election(std::string_view("e1"));
    const stmt s{G::mul_base(G::scalar::from_u64(5))};
    const comm c{G::mul_base(G::scalar::from_u64(7))};
    bytes in;
    spec_frame(in, "domain", as_bytes("scrutineer/fiat-shamir/v1"));
    spec_frame(in, "protocol", as_bytes("p/v1"));
    spec_frame(in, "group", as_bytes("ristretto255"));
    spec_frame(in, "context", ctx.bytes());
    spec_frame(in, "phase", as_bytes("statement"));
    spec_frame(in, "X", G::encode(s.X).span());
    spec_frame(in, "phase", as_bytes("commitments"));
    spec_frame(in, "A", G::encode(c.A).span());
    spec_frame(in, "challenge", le_bytes(0, 8));
    const auto expect = G::scalar::from_wide(sha512::hash(in));
    auto t = fiat_shamir<G>::begin("p/v1", ctx).statement(s).commitments(c);
    const auto c0 = t.challenge();
    CHECK(c0 == expect);
    // the second challenge absorbs the first
    spec_frame(in, "challenge-value", c0.encode());
    spec_frame(in, "challenge", le_bytes(1, 8));
    CHECK(t.challenge() == G::scalar::from_wide(sha512::hash(in)));
    // the context derivation of §3.1
    bytes cin;
    append(cin, le_bytes(21, 4));
    append(cin, as_bytes("scrutineer/context/v1"));
    append(cin, le_bytes(2, 8));
    append(cin, as_bytes("e1"));
    auto d = sha512::hash(cin);
    CHECK(std::equal(ctx.bytes().begin(), ctx.bytes().end(), d.begin()));
}

TEST_CASE("sha512: FIPS 180-4 known answer", "[transcript]") {
    auto d = sha512::hash(as_bytes("abc"));
    CHECK(to_hex(d) ==
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}
