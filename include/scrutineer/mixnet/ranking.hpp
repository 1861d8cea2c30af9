// scrutineer — mixnet: an injective encoding of a ranked ballot into
// ristretto255 points (issue 7, item 3).
//
// A ranking of a contest with m candidates (1 ≤ m ≤ 255) is a sequence of
// L ≤ m distinct candidate indices r_1 … r_L (each < m); the empty ranking is
// a blank paper. It is written as the (1 + m)-byte message
//
//     M = L ‖ r_1 ‖ … ‖ r_L ‖ 0 … 0
//
// zero padded to 30·w bytes, w = ⌈(1 + m) / 30⌉, and cut into w chunks of 30
// bytes. Chunk j becomes one group element by trial ("message embedding by
// trial", as in Koblitz, "Elliptic curve cryptosystems", Math. Comp. 1987, §3,
// and in the plaintext encodings of Verificatum and Belenios): for counters
// c = 0, 1, … the 32-byte string
//
//     s_c = [ 2·(c mod 128) ] ‖ chunk (30 bytes) ‖ [ ⌊c / 128⌋ ]
//
// is tried as a ristretto255 encoding (RFC 9496 §4.3.1); the point is the one
// that the first s_c decoding to a non-identity element decodes to. About a
// quarter of the candidates decode, so `ranking_counter_values` = 320 tries
// fail together with probability (3/4)^320 ≈ 2^-132.8. Byte 0 is even and
// byte 31 is at most 2, so s_c is non-negative and < p: a canonical encoding
// whenever it decodes. The identity (encoded by s = 0, which happens for an
// all-zero chunk at c = 0) is skipped, so no plaintext is ever the identity.
//
// Decoding reverses this: the canonical encoding gives the counter (bytes 0
// and 31) and the chunk (bytes 1 … 30); it must be the *first* counter that
// decodes, so the valid point tuples are exactly the image of encode_ranking
// (a bijection with the valid rankings). Byte-exact layout: docs/spec.md §9.7;
// explanation: docs/mixnet.md, "Ranked ballots: encoding a ranking".
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/group/ristretto255.hpp"

namespace scrutineer::mixnet {

/// Largest number of candidates a ranked contest may have (indices are bytes).
inline constexpr std::size_t max_ranked_candidates = 255;
/// Message bytes carried by one point (bytes 1 … 30 of its encoding).
inline constexpr std::size_t ranking_bytes_per_point = 30;
/// Counter values tried per point (bytes 0 and 31 of its encoding).
inline constexpr std::size_t ranking_counter_values = 320;

/// w for a contest of m candidates: ⌈(1 + m) / 30⌉ for 1 ≤ m ≤ 255, and 0
/// (no valid width) for m == 0 or m > 255.
std::size_t ranking_width(std::size_t candidates) noexcept;

/// Validates the ranking (every index < candidates, no index twice, at most
/// `candidates` entries; the empty ranking is a blank paper) and embeds it in
/// ranking_width(candidates) points. Errors (bad_input) name the problem; a
/// contest size outside 1 … 255 is out_of_range; the embedding failing
/// (probability ≈ 2^-132.8 per point) is internal.
///
/// Constant time in the ranking's contents: validity is accumulated as masks
/// (only valid/invalid is declassified, and an invalid ranking's diagnosis is
/// then variable time), the message is built at fixed positions, and all 320
/// counters are tried for every point with masked selection. The span's
/// length L is read as a loop bound once (copying L words into a buffer of
/// `candidates` entries, as the caller's own container of length L does);
/// every later step depends on `candidates` only. For a caller that keeps
/// the ranking in a fixed-size buffer, encode_ranking_padded is constant time
/// in L as well. Secret intermediates are wiped; the returned plaintext
/// points are the caller's to protect (they are the vote until encrypted).
result<std::vector<ristretto255::element>> encode_ranking(std::span<const std::uint32_t> ranking, std::size_t candidates);

/// The same, from a fixed-size buffer: `padded` holds exactly `candidates`
/// entries (otherwise bad_length), of which the first `length` are the
/// ranking and the rest are ignored. Constant time in `length` and in every
/// entry (a length > candidates is invalid).
result<std::vector<ristretto255::element>> encode_ranking_padded(std::span<const std::uint32_t> padded, std::uint32_t length,
                                                                 std::size_t candidates);

/// The outcome of decoding decrypted points: a valid ranking, or why not.
struct decoded_ranking {
    bool valid = false;
    std::vector<std::uint32_t> ranking;  ///< empty unless valid (and for a blank paper)
    std::string problem;                 ///< empty if valid, else what is wrong
};

/// Recovers the ranking from decrypted plaintext points (public data;
/// variable time). Invalid, with the problem named, if: the number of points
/// is not ranking_width(candidates) (or candidates is outside 1 … 255); a
/// point is the identity; a point's byte 31 or counter is outside the layout;
/// its counter is not the first one that decodes (a non-canonical embedding);
/// the length byte exceeds `candidates`; an index is ≥ candidates or repeats
/// an earlier one; a padding byte is not zero. A valid result re-encodes to
/// exactly the given points.
decoded_ranking decode_ranking_vartime(std::span<const ristretto255::element> points, std::size_t candidates);

}  // namespace scrutineer::mixnet
