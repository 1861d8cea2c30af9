// Tests of the ranked-ballot encoding (mixnet/ranking.hpp): widths, round
// trips, byte-exact agreement with the layout of docs/spec.md §9.7 (rebuilt
// here from the text with the public group API only), rejection of bad
// rankings at encode time and of every layout violation at decode time, and
// injectivity.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <numeric>
#include <set>

#include "scrutineer/mixnet/ranking.hpp"
#include "scrutineer/scrutineer.hpp"

using namespace scrutineer;
using namespace scrutineer::mixnet;
using G = ristretto255;

namespace {

// ---- the layout of spec §9.7, written independently of src/mixnet/ranking.cpp

std::array<byte, 32> candidate_bytes(const byte* data30, std::size_t c) {
    std::array<byte, 32> s{};
    s[0] = static_cast<byte>(2 * (c % 128));
    std::copy(data30, data30 + 30, s.begin() + 1);
    s[31] = static_cast<byte>(c / 128);
    return s;
}

bool is_zero(const std::array<byte, 32>& s) {
    return std::all_of(s.begin(), s.end(), [](byte b) { return b == 0; });
}

/// The point for a 30-byte chunk, starting the counter at `from` (0 for the
/// real embedding; larger to build non-canonical embeddings on purpose).
G::element embed(const byte* data30, std::size_t from = 0, std::size_t* used = nullptr) {
    for (std::size_t c = from; c < 384; ++c) {
        auto s = candidate_bytes(data30, c);
        if (is_zero(s)) continue;  // the identity is never an embedding
        auto p = G::decode(s);
        if (p) {
            if (used) *used = c;
            return *p;
        }
    }
    FAIL("no counter embeds the chunk");
    return G::identity();
}

/// Points of an arbitrary message (30·w bytes, any contents).
std::vector<G::element> embed_message(const std::vector<byte>& msg) {
    std::vector<G::element> pts;
    for (std::size_t j = 0; j * 30 < msg.size(); ++j) pts.push_back(embed(msg.data() + 30 * j));
    return pts;
}

/// The message of spec §9.7 for a ranking (no validation).
std::vector<byte> message(const std::vector<std::uint32_t>& r, std::size_t m) {
    const std::size_t w = (1 + m + 29) / 30;
    std::vector<byte> msg(30 * w, 0);
    msg[0] = static_cast<byte>(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) msg[1 + i] = static_cast<byte>(r[i]);
    return msg;
}

std::vector<std::array<byte, 32>> encodings(const std::vector<G::element>& pts) {
    std::vector<std::array<byte, 32>> out;
    for (const auto& p : pts) out.push_back(G::encode(p).bytes);
    return out;
}

std::size_t uniform_below(rng& r, std::size_t n) {
    std::array<byte, 8> b{};
    r.fill(b);
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < 8; ++k) v |= static_cast<std::uint64_t>(b[k]) << (8 * k);
    return static_cast<std::size_t>(v % n);  // bias irrelevant for tests
}

std::vector<std::uint32_t> random_permutation(rng& r, std::size_t m) {
    std::vector<std::uint32_t> p(m);
    std::iota(p.begin(), p.end(), 0u);
    for (std::size_t i = m; i > 1; --i) std::swap(p[i - 1], p[uniform_below(r, i)]);
    return p;
}

}  // namespace

TEST_CASE("ranking_width is ceil of 1 + m over 30 and 0 outside 1 to 255", "[mixnet][ranking]") {
    CHECK(ranking_width(0) == 0);
    CHECK(ranking_width(1) == 1);
    CHECK(ranking_width(20) == 1);
    CHECK(ranking_width(29) == 1);
    CHECK(ranking_width(30) == 2);
    CHECK(ranking_width(59) == 2);
    CHECK(ranking_width(60) == 3);
    CHECK(ranking_width(254) == 9);
    CHECK(ranking_width(255) == 9);
    CHECK(ranking_width(256) == 0);
    CHECK(ranking_width(1u << 20) == 0);
    for (std::size_t m = 1; m <= max_ranked_candidates; ++m) CHECK(ranking_width(m) * 30 >= 1 + m);
}

TEST_CASE("encode_ranking round trips every prefix length and matches the spec layout", "[mixnet][ranking]") {
    seeded_rng r(71);
    for (std::size_t m : {1u, 2u, 20u, 29u, 30u, 31u, 59u, 60u, 255u}) {
        const auto perm = random_permutation(r, m);
        std::vector<std::size_t> lengths;
        if (m <= 60) {
            for (std::size_t L = 0; L <= m; ++L) lengths.push_back(L);
        } else {
            lengths = {0, 1, 2, 28, 29, 30, 31, 59, 60, 128, 200, 253, 254, 255};
        }
        for (std::size_t L : lengths) {
            INFO("m = " << m << ", L = " << L);
            std::vector<std::uint32_t> ranking(perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(L));
            auto pts = encode_ranking(ranking, m);
            REQUIRE(pts.ok());
            REQUIRE(pts->size() == ranking_width(m));
            for (const auto& p : *pts) CHECK_FALSE(G::is_identity(p));
            auto d = decode_ranking_vartime(*pts, m);
            CHECK(d.valid);
            CHECK(d.problem.empty());
            CHECK(d.ranking == ranking);
            // byte for byte what spec §9.7 says (checked on a sample; the
            // reference embedding decodes about 4 counters per point)
            if (L % 7 == 0 || L == m) CHECK(encodings(*pts) == encodings(embed_message(message(ranking, m))));
        }
    }
}

TEST_CASE("encode_ranking_padded equals encode_ranking and ignores entries past the length", "[mixnet][ranking]") {
    seeded_rng r(72);
    const std::size_t m = 40;
    for (std::size_t L : {0u, 1u, 17u, 39u, 40u}) {
        auto perm = random_permutation(r, m);
        std::vector<std::uint32_t> ranking(perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(L));
        std::vector<std::uint32_t> padded = perm;
        for (std::size_t i = L; i < m; ++i) padded[i] = 1000 + static_cast<std::uint32_t>(i);  // junk, ignored
        auto a = encode_ranking(ranking, m);
        auto b = encode_ranking_padded(padded, static_cast<std::uint32_t>(L), m);
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        CHECK(encodings(*a) == encodings(*b));
    }
    std::vector<std::uint32_t> short_buf(m - 1, 0);
    auto e = encode_ranking_padded(short_buf, 0, m);
    REQUIRE_FALSE(e.ok());
    CHECK(e.err().code == errc::bad_length);
    auto perm = random_permutation(r, m);
    auto too_long = encode_ranking_padded(perm, static_cast<std::uint32_t>(m + 1), m);
    REQUIRE_FALSE(too_long.ok());
    CHECK(too_long.err().code == errc::bad_input);
    CHECK_THAT(too_long.err().message, Catch::Contains("at most 40 entries"));
    auto repeat_in_prefix = perm;
    repeat_in_prefix[5] = repeat_in_prefix[2];
    CHECK_FALSE(encode_ranking_padded(repeat_in_prefix, 6, m).ok());
    CHECK(encode_ranking_padded(repeat_in_prefix, 5, m).ok());  // the repeat is past the length
}

TEST_CASE("encode_ranking rejects bad rankings and contest sizes with a named problem", "[mixnet][ranking]") {
    auto expect = [](std::vector<std::uint32_t> ranking, std::size_t m, errc code, const std::string& text) {
        auto e = encode_ranking(ranking, m);
        REQUIRE_FALSE(e.ok());
        CHECK(e.err().code == code);
        CHECK_THAT(e.err().message, Catch::Contains(text));
    };
    expect({0, 5}, 5, errc::bad_input, "position 2: candidate index 5 is not below the number of candidates 5");
    expect({4, 300}, 5, errc::bad_input, "candidate index 300");
    expect({1u << 31}, 5, errc::bad_input, "candidate index 2147483648");
    expect({2, 0, 2}, 5, errc::bad_input, "position 3: candidate 2 is already ranked at position 1");
    expect({0, 0}, 1, errc::bad_input, "at most 1 entries");
    expect({0, 1, 2, 3, 4, 0}, 5, errc::bad_input, "at most 5 entries, got 6");
    expect({}, 0, errc::out_of_range, "1 to 255 candidates, got 0");
    expect({0}, 256, errc::out_of_range, "got 256");
    // the boundaries are accepted
    CHECK(encode_ranking(std::vector<std::uint32_t>{254}, 255).ok());
    CHECK(encode_ranking(std::vector<std::uint32_t>{}, 1).ok());
}

TEST_CASE("decode_ranking_vartime rejects every layout violation", "[mixnet][ranking]") {
    seeded_rng r(73);
    const std::size_t m = 20;  // w = 1: the message is bytes 0..29 of one chunk
    auto expect_invalid = [&](const std::vector<G::element>& pts, std::size_t cands, const std::string& text) {
        auto d = decode_ranking_vartime(pts, cands);
        CHECK_FALSE(d.valid);
        CHECK(d.ranking.empty());
        CHECK(d.problem == text);  // the exact texts of docs/spec.md §9.7, "Problems"
    };
    auto from_msg = [](std::vector<byte> msg) { return embed_message(msg); };

    SECTION("a control: the honest layout decodes") {
        std::vector<byte> msg(30, 0);
        msg[0] = 3, msg[1] = 7, msg[2] = 0, msg[3] = 19;
        auto d = decode_ranking_vartime(from_msg(msg), m);
        CHECK(d.valid);
        CHECK(d.ranking == std::vector<std::uint32_t>{7, 0, 19});
    }
    SECTION("a random point") {
        // uniformly random points have a random byte 31: outside the layout
        for (int i = 0; i < 20; ++i) {
            auto p = G::mul_base(G::scalar::random(r));
            auto d = decode_ranking_vartime(std::vector<G::element>{p}, m);
            CHECK_FALSE(d.valid);
            CHECK_FALSE(d.problem.empty());
        }
    }
    SECTION("byte 31 above 2") {
        // bytes 1..30 an honest message, byte 31 = 3..: a valid point, not a valid embedding
        std::vector<byte> msg(30, 0);
        msg[0] = 1, msg[1] = 4;
        bool done = false;
        for (std::size_t c = 3 * 128; c < 8 * 128 && !done; ++c) {
            auto s = candidate_bytes(msg.data(), c);
            if (auto p = G::decode(s)) {
                expect_invalid({*p}, m,
                               "point 1: bytes 0 and 31 (" + std::to_string(2 * (c % 128)) + ", " +
                                   std::to_string(c / 128) + ") are not a counter below 320");
                done = true;
            }
        }
        CHECK(done);
    }
    SECTION("a counter of 320 or more (byte 31 = 2, byte 0 >= 128)") {
        std::vector<byte> msg(30, 0);
        msg[0] = 2, msg[1] = 4, msg[2] = 9;
        std::size_t used = 0;
        auto p = embed(msg.data(), 320, &used);
        REQUIRE(used >= 320);
        REQUIRE(used < 384);
        expect_invalid({p}, m,
                       "point 1: bytes 0 and 31 (" + std::to_string(2 * (used % 128)) + ", 2) are not a counter below 320");
    }
    SECTION("a counter that is not the first that decodes") {
        std::vector<byte> msg(30, 0);
        msg[0] = 2, msg[1] = 4, msg[2] = 9;
        std::size_t first = 0, second = 0;
        auto p1 = embed(msg.data(), 0, &first);
        auto p2 = embed(msg.data(), first + 1, &second);
        REQUIRE(second < 320);
        CHECK(decode_ranking_vartime(std::vector<G::element>{p1}, m).valid);
        expect_invalid({p2}, m,
                       "point 1: counter " + std::to_string(second) + " is not the first that decodes (" +
                           std::to_string(first) + " does): not the canonical embedding");
    }
    SECTION("the identity") {
        expect_invalid({G::identity()}, m, "point 1: the identity is never an embedding");
    }
    SECTION("length byte above the number of candidates") {
        std::vector<byte> msg(30, 0);
        msg[0] = 21;
        for (std::size_t i = 0; i < 21 && i < 29; ++i) msg[1 + i] = static_cast<byte>(i % 20);
        expect_invalid(from_msg(msg), m, "length byte 21 exceeds the number of candidates 20");
        msg[0] = 255;
        expect_invalid(from_msg(msg), m, "length byte 255 exceeds the number of candidates 20");
    }
    SECTION("a repeated index") {
        std::vector<byte> msg(30, 0);
        msg[0] = 3, msg[1] = 5, msg[2] = 6, msg[3] = 5;
        expect_invalid(from_msg(msg), m, "position 3: candidate 5 is repeated");
    }
    SECTION("an index out of range") {
        std::vector<byte> msg(30, 0);
        msg[0] = 2, msg[1] = 5, msg[2] = 20;
        expect_invalid(from_msg(msg), m, "position 2: candidate index 20 is not below the number of candidates 20");
    }
    SECTION("non-zero padding, inside 1 + m and in the chunk's tail") {
        std::vector<byte> msg(30, 0);
        msg[0] = 2, msg[1] = 5, msg[2] = 6, msg[3] = 1;
        expect_invalid(from_msg(msg), m, "padding byte 3 of the message is 1, not zero");
        msg[3] = 0;
        msg[29] = 0x80;  // beyond 1 + m = 21: the last chunk's zero padding
        expect_invalid(from_msg(msg), m, "padding byte 29 of the message is 128, not zero");
    }
    SECTION("non-zero padding in a later point") {
        const std::size_t m2 = 60;  // w = 3
        std::vector<byte> msg(90, 0);
        msg[0] = 1, msg[1] = 59;
        CHECK(decode_ranking_vartime(from_msg(msg), m2).valid);
        msg[75] = 3;
        expect_invalid(from_msg(msg), m2, "padding byte 75 of the message is 3, not zero");
    }
    SECTION("the wrong number of points, or of candidates") {
        auto pts = *encode_ranking(std::vector<std::uint32_t>{1, 2}, m);
        expect_invalid({}, m, "a ranking of 20 candidates is 1 point, got 0");
        auto two = pts;
        two.push_back(pts[0]);
        expect_invalid(two, m, "a ranking of 20 candidates is 1 point, got 2");
        auto pts60 = *encode_ranking(std::vector<std::uint32_t>{1, 2}, 60);
        expect_invalid(pts60, m, "a ranking of 20 candidates is 1 point, got 3");
        expect_invalid({pts60[0], pts60[1]}, 60, "a ranking of 60 candidates is 3 points, got 2");
        expect_invalid(pts, 0, "a ranked contest has 1 to 255 candidates, got 0");
        expect_invalid(pts, 256, "a ranked contest has 1 to 255 candidates, got 256");
        // the same points read under a smaller contest: index out of range
        expect_invalid(*encode_ranking(std::vector<std::uint32_t>{19}, 20), 19,
                       "position 1: candidate index 19 is not below the number of candidates 19");
    }
}

TEST_CASE("the ranking encoding is injective over every ranking of 4 candidates", "[mixnet][ranking]") {
    const std::size_t m = 4;
    // every sequence of distinct indices of length 0..4: 1 + 4 + 12 + 24 + 24 = 65
    std::set<std::vector<std::uint32_t>> rankings;
    std::vector<std::uint32_t> perm{0, 1, 2, 3};
    do {
        for (std::size_t L = 0; L <= m; ++L) rankings.insert(std::vector<std::uint32_t>(perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(L)));
    } while (std::next_permutation(perm.begin(), perm.end()));
    REQUIRE(rankings.size() == 65);
    std::set<std::array<byte, 32>> seen;
    for (const auto& rk : rankings) {
        auto pts = encode_ranking(rk, m);
        REQUIRE(pts.ok());
        REQUIRE(pts->size() == 1);
        CHECK(seen.insert(G::encode((*pts)[0]).bytes).second);
        auto d = decode_ranking_vartime(*pts, m);
        CHECK(d.valid);
        CHECK(d.ranking == rk);
    }
    CHECK(seen.size() == 65);
    // a blank paper of a wide contest is not the identity in any chunk
    auto blank = encode_ranking(std::vector<std::uint32_t>{}, 255);
    REQUIRE(blank.ok());
    for (const auto& p : *blank) CHECK_FALSE(G::is_identity(p));
    // the all-zero later chunks of a short ranking all map to one point, and
    // that point is the blank paper's first point (same chunk, same rule)
    CHECK(G::encode((*blank)[1]).bytes == G::encode((*blank)[8]).bytes);
    CHECK(G::encode((*blank)[0]).bytes == G::encode((*blank)[1]).bytes);
}
