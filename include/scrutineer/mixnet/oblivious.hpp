// scrutineer — mixnet: data-oblivious sorting, to apply a secret permutation.
//
// A mixer must move every ciphertext to the position its secret permutation
// names. Indexing an array by a secret index leaks that index through the
// cache, so the prover never does it: it sorts fixed-size records by a secret
// 128-bit key with Batcher's bitonic network (Batcher, "Sorting networks and
// their applications", AFIPS 1968), in the variant for any n that recurses on
// halves of unequal size. The sequence of compare-exchange positions depends on
// n only; each compare-exchange computes its swap condition with borrow
// arithmetic and swaps by masking every word of both records, so neither
// branches nor memory addresses depend on the keys or the payloads.
// Cost: about n·⌈log2 n⌉² / 4 compare-exchanges.
//
// Records live back to back in a buffer of 64-bit words, `stride` bytes each
// (a multiple of 8); a record's key is its first two words (hi, lo), compared
// as the integer hi·2^64 + lo.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace scrutineer::mixnet {

/// Sorts `count` records of `stride` bytes (stride % 8 == 0, stride >= 16) in
/// `buf` into ascending key order, obliviously (see above). Records with equal
/// keys end up in an unspecified (but data-independent) order. Runs the two
/// halves of the top levels in parallel (parallel/pool.hpp).
/// Throws std::invalid_argument on a bad stride or a buffer that is too small.
void oblivious_sort(std::span<std::uint64_t> buf, std::size_t count, std::size_t stride);

}  // namespace scrutineer::mixnet
