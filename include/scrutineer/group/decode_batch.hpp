// scrutineer — group: validated decoding of many elements on all cores.
//
// Records hold elements by the million (ciphertexts, commitments); decoding is
// ~0.07 V each and independent, so it runs in parallel chunks
// (parallel/pool.hpp). Every element gets the same full validation as
// G::decode; the error names the first (lowest-index) bad element.
#pragma once

#include <atomic>
#include <cstddef>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scrutineer/core/error.hpp"
#include "scrutineer/group/concept.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace scrutineer {

/// Decodes `count` elements stored back to back in `b` (count·G::element_size
/// bytes). With reject_identity, the identity is refused too (as
/// decode_nonidentity). Errors: bad_length if the size is not
/// count·element_size; otherwise the first failing element's error, its
/// message prefixed by "element i: ". Variable time only in which element
/// failed (decoding itself is as G::decode).
template <prime_order_group G>
result<std::vector<typename G::element>> decode_batch(byte_span b, std::size_t count, bool reject_identity = false) {
    constexpr std::size_t es = G::element_size;
    if (count > std::numeric_limits<std::size_t>::max() / es || b.size() != count * es)
        return error{errc::bad_length, "batch of " + std::to_string(count) + " elements must be " +
                                           std::to_string(count * es) + " bytes, got " + std::to_string(b.size())};
    std::vector<typename G::element> out(count);
    std::atomic<std::size_t> first_bad{count};
    std::mutex m;
    std::optional<error> err;
    std::size_t err_index = count;
    parallel::for_chunks(count, 256, [&](std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i) {
            if (i > first_bad.load(std::memory_order_relaxed)) return;  // a lower index already failed
            auto r = reject_identity ? decode_nonidentity<G>(b.subspan(i * es, es)) : G::decode(b.subspan(i * es, es));
            if (r) {
                out[i] = *r;
                continue;
            }
            std::lock_guard<std::mutex> g(m);
            if (i < err_index) {
                err_index = i;
                err = r.err();
                first_bad.store(i, std::memory_order_relaxed);
            }
            return;
        }
    });
    if (err) return with_context("element " + std::to_string(err_index), *err);
    return out;
}

/// Decodes a span of encodings (as above).
template <prime_order_group G>
result<std::vector<typename G::element>> decode_batch(std::span<const typename G::encoded_element> enc,
                                                      bool reject_identity = false) {
    bytes flat;
    flat.reserve(enc.size() * G::element_size);
    for (const auto& e : enc) flat.insert(flat.end(), e.bytes.begin(), e.bytes.end());
    return decode_batch<G>(byte_span(flat.data(), flat.size()), enc.size(), reject_identity);
}

}  // namespace scrutineer
