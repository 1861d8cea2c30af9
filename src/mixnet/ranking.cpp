// scrutineer — mixnet: ranked-ballot encoding (include/scrutineer/mixnet/ranking.hpp).
//
// The embedding is the classic "try a counter until the bytes are a point"
// method (Koblitz 1987, §3; the same idea as the plaintext encodings of
// Verificatum and Belenios), applied to ristretto255's own decoding function
// (RFC 9496 §4.3.1) instead of a curve equation: a 32-byte string is a point
// iff the decoding accepts it, and libdecaf's decaf_255_point_decode reports
// that as a mask without branching, so the encoder can try every counter and
// keep the first success by masked selection.
#include "scrutineer/mixnet/ranking.hpp"

#include <decaf.h>

#include <array>
#include <string>

#include "scrutineer/core/ct.hpp"
#include "scrutineer/core/secure.hpp"

namespace scrutineer::mixnet {

static_assert(ranking_counter_values <= 3 * 128, "byte 31 of an embedding holds at most 2");

namespace {

using u64 = std::uint64_t;
constexpr std::size_t chunk = ranking_bytes_per_point;

decaf_255_point_s* P(r255_point& p) { return static_cast<decaf_255_point_s*>(p.storage()); }

/// All-ones iff a < b (a, b < 2^63); constant time. The barrier on `a` keeps
/// the optimiser from folding `i - length` into a loop's induction variable,
/// which would make the loop's exit test read the secret length.
inline ct::mask lt(u64 a, u64 b) noexcept { return 0 - ct::barrier((ct::barrier(a) - b) >> 63); }

/// The candidate string s_c for one chunk (layout in the header and spec §9.7).
inline void candidate(std::array<byte, 32>& s, const byte* data, std::size_t c) noexcept {
    s[0] = static_cast<byte>(2 * (c % 128));
    for (std::size_t i = 0; i < chunk; ++i) s[1 + i] = data[i];
    s[31] = static_cast<byte>(c / 128);
}

/// The problem with an invalid ranking (called only once it is known to be
/// invalid, which is public; an invalid ranking is not a vote).
std::string diagnose(std::span<const std::uint32_t> r, std::size_t length, std::size_t m) {
    if (length > m)
        return "a ranking of " + std::to_string(m) + " candidates has at most " + std::to_string(m) +
               " entries, got " + std::to_string(length);
    for (std::size_t i = 0; i < length; ++i) {
        if (r[i] >= m)
            return "position " + std::to_string(i + 1) + ": candidate index " + std::to_string(r[i]) +
                   " is not below the number of candidates " + std::to_string(m);
        for (std::size_t k = 0; k < i; ++k)
            if (r[k] == r[i])
                return "position " + std::to_string(i + 1) + ": candidate " + std::to_string(r[i]) +
                       " is already ranked at position " + std::to_string(k + 1);
    }
    return "invalid ranking";  // not reached: the masks and this pass agree
}

/// The constant-time core: `padded` has m entries, the first `length` count.
result<std::vector<ristretto255::element>> encode_core(std::span<const std::uint32_t> padded, u64 length, std::size_t m) {
    const std::size_t w = ranking_width(m);

    // Validity, as masks over every position (no early exit).
    ct::mask bad = ~lt(length, m + 1);  // length > m
    for (std::size_t i = 0; i < m; ++i) {
        const ct::mask active = lt(i, length);
        const u64 ri = padded[i];
        bad |= active & ~lt(ri, m);
        for (std::size_t k = 0; k < i; ++k) bad |= active & ct::eq(padded[k], ri);  // k < i < length
    }
    bool valid = ct::barrier(bad) == 0;
    ct::declassify(&valid, sizeof valid);  // whether the ballot is valid may leak
    if (!valid) {
        u64 len = length;
        ct::declassify(&len, sizeof len);
        std::string why = diagnose(padded, static_cast<std::size_t>(len), m);
        return error{errc::bad_input, why};
    }

    // The message L ‖ r_1 … r_L ‖ 0 …, 30·w bytes, every byte at a fixed position.
    secure_bytes msg(chunk * w);
    msg.data()[0] = static_cast<byte>(length);
    for (std::size_t i = 0; i < m; ++i)
        msg.data()[1 + i] = static_cast<byte>(padded[i] & lt(i, length) & 0xff);

    std::vector<ristretto255::element> out(w);
    std::array<byte, 32> s{};
    r255_point trial;  // decoded candidate (identity-initialised)
    bool all_found = true;
    for (std::size_t j = 0; j < w; ++j) {
        ct::mask found = 0;
        for (std::size_t c = 0; c < ranking_counter_values; ++c) {
            candidate(s, msg.data() + chunk * j, c);
            // RFC 9496 §4.3.1 decoding; DECAF_SUCCESS is all-ones, and the
            // identity (s = 0) is refused, so it is never an embedding.
            const ct::mask ok = ct::barrier(static_cast<u64>(
                static_cast<std::int64_t>(decaf_255_point_decode(P(trial), s.data(), DECAF_FALSE))));
            const ct::mask take = ok & ~found;
            decaf_255_point_cond_sel(P(out[j]), P(out[j]), P(trial), take);
            found |= ok;
        }
        bool f = found != 0;
        ct::declassify(&f, sizeof f);  // fails with probability (3/4)^320
        all_found = all_found && f;
    }
    secure_wipe(s.data(), s.size());
    secure_wipe(trial.storage(), r255_point::storage_size);
    if (!all_found)
        return error{errc::internal, "no counter embeds a chunk of the ranking (probability about 2^-132)"};
    return out;
}

}  // namespace

std::size_t ranking_width(std::size_t candidates) noexcept {
    if (candidates == 0 || candidates > max_ranked_candidates) return 0;
    return (1 + candidates + chunk - 1) / chunk;
}

result<std::vector<ristretto255::element>> encode_ranking_padded(std::span<const std::uint32_t> padded, std::uint32_t length,
                                                                 std::size_t candidates) {
    if (ranking_width(candidates) == 0)
        return error{errc::out_of_range,
                     "a ranked contest has 1 to 255 candidates, got " + std::to_string(candidates)};
    if (padded.size() != candidates)
        return error{errc::bad_length, "the padded ranking must have one entry per candidate (" +
                                           std::to_string(candidates) + "), got " + std::to_string(padded.size())};
    return encode_core(padded, length, candidates);
}

result<std::vector<ristretto255::element>> encode_ranking(std::span<const std::uint32_t> ranking, std::size_t candidates) {
    if (ranking_width(candidates) == 0)
        return error{errc::out_of_range,
                     "a ranked contest has 1 to 255 candidates, got " + std::to_string(candidates)};
    if (ranking.size() > candidates)  // the span's length is the caller's container size
        return error{errc::bad_input, "a ranking of " + std::to_string(candidates) + " candidates has at most " +
                                          std::to_string(candidates) + " entries, got " +
                                          std::to_string(ranking.size())};
    std::array<std::uint32_t, max_ranked_candidates> buf{};
    for (std::size_t i = 0; i < ranking.size(); ++i) buf[i] = ranking[i];
    auto r = encode_core(std::span<const std::uint32_t>(buf.data(), candidates), ranking.size(), candidates);
    secure_wipe(buf.data(), sizeof buf);
    return r;
}

decoded_ranking decode_ranking_vartime(std::span<const ristretto255::element> points, std::size_t candidates) {
    decoded_ranking d;
    auto fail = [&](std::string why) {
        d.valid = false;
        d.ranking.clear();
        d.problem = std::move(why);
        return d;
    };
    const std::size_t m = candidates;
    const std::size_t w = ranking_width(m);
    if (w == 0) return fail("a ranked contest has 1 to 255 candidates, got " + std::to_string(m));
    if (points.size() != w)
        return fail("a ranking of " + std::to_string(m) + " candidates is " + std::to_string(w) + " point" +
                    (w == 1 ? "" : "s") + ", got " + std::to_string(points.size()));

    std::vector<byte> msg(chunk * w);
    std::array<byte, 32> s{};
    r255_point scratch;
    for (std::size_t j = 0; j < w; ++j) {
        const auto e = ristretto255::encode(points[j]).bytes;  // canonical, RFC 9496 §4.3.2
        const std::string at = "point " + std::to_string(j + 1) + ": ";
        bool zero = true;
        for (byte b : e) zero = zero && b == 0;
        if (zero) return fail(at + "the identity is never an embedding");
        // A canonical encoding is non-negative, so bit 0 is clear; checked for completeness.
        if (e[0] & 1) return fail(at + "byte 0 is odd, not a counter byte");
        const std::size_t c = e[0] / 2 + 128 * static_cast<std::size_t>(e[31]);
        if (e[31] > 2 || c >= ranking_counter_values)
            return fail(at + "bytes 0 and 31 (" + std::to_string(e[0]) + ", " + std::to_string(e[31]) +
                        ") are not a counter below " + std::to_string(ranking_counter_values));
        // The embedding uses the first counter that decodes: any earlier one
        // that decodes (to a non-identity point) makes this one non-canonical.
        for (std::size_t c2 = 0; c2 < c; ++c2) {
            candidate(s, e.data() + 1, c2);
            if (decaf_255_point_decode(P(scratch), s.data(), DECAF_FALSE) == DECAF_SUCCESS)
                return fail(at + "counter " + std::to_string(c) + " is not the first that decodes (" +
                            std::to_string(c2) + " does): not the canonical embedding");
        }
        std::copy(e.begin() + 1, e.begin() + 31, msg.begin() + static_cast<std::ptrdiff_t>(chunk * j));
    }

    const std::size_t length = msg[0];
    if (length > m)
        return fail("length byte " + std::to_string(length) + " exceeds the number of candidates " + std::to_string(m));
    std::vector<bool> seen(m, false);
    for (std::size_t i = 1; i <= length; ++i) {
        const std::size_t r = msg[i];
        if (r >= m)
            return fail("position " + std::to_string(i) + ": candidate index " + std::to_string(r) +
                        " is not below the number of candidates " + std::to_string(m));
        if (seen[r]) return fail("position " + std::to_string(i) + ": candidate " + std::to_string(r) + " is repeated");
        seen[r] = true;
        d.ranking.push_back(static_cast<std::uint32_t>(r));
    }
    for (std::size_t t = 1 + length; t < msg.size(); ++t)
        if (msg[t] != 0)
            return fail("padding byte " + std::to_string(t) + " of the message is " + std::to_string(msg[t]) +
                        ", not zero");
    d.valid = true;
    return d;
}

}  // namespace scrutineer::mixnet
