// scrutineer CLI — a trustee's co-signature as a file: written by `scrutineer
// trustee cosign`, read by `scrutineer board open` and `scrutineer board
// close` (docs/operator.md §1). JSON object:
//
//   {"format": "scrutineer/cosignature/v1",
//    "kind": "open" | "close",
//    "election": manifest hash (128 hex digits),
//    "statement": the co-signed statement (128 hex digits; docs/spec.md §8.5, §8.9),
//    "entries": for a close, the number of entries it closes (0 for an open),
//    "trustee": the trustee's index 1..n,
//    "signature": Ed25519 signature of the statement (128 hex digits)}
//
// The statement is there so that the operator can say which board a stale
// close co-signature was made for; the signature is what counts, checked
// against the trustee's key in the open entry by the library.
#pragma once

#include <string>

#include "scrutineer/election/record.hpp"

namespace scrutineer::cli {

inline constexpr std::string_view cosignature_format = "scrutineer/cosignature/v1";

struct cosign_file {
    std::string kind;  ///< "open" or "close"
    election::hash64 election{};
    election::hash64 statement{};
    std::uint64_t entries = 0;
    election::record::cosignature cosig;

    election::record::json to_json() const {
        return {{"format", std::string(cosignature_format)},
                {"kind", kind},
                {"election", to_hex(election)},
                {"statement", to_hex(statement)},
                {"entries", entries},
                {"trustee", cosig.trustee},
                {"signature", cosig.sig.hex()}};
    }
};

/// Reads and checks the shape of a co-signature file (errors name the file and field).
inline result<cosign_file> read_cosign_file(const std::string& path) {
    auto j = election::record::read_json_file(path);
    if (!j) return j.err();
    auto bad = [&](const std::string& what) { return error{errc::bad_input, path + ": " + what}; };
    static constexpr const char* fields[] = {"format", "kind", "election", "statement", "entries", "trustee", "signature"};
    if (!j->is_object() || j->size() != std::size(fields)) return bad("not a co-signature (an object of 7 fields)");
    for (auto f : fields)
        if (!j->contains(f)) return bad(std::string("missing \"") + f + "\"");
    if ((*j)["format"] != std::string(cosignature_format)) return bad("format is not " + std::string(cosignature_format));
    cosign_file c;
    const auto& k = (*j)["kind"];
    if (!k.is_string() || (k != "open" && k != "close")) return bad("kind must be \"open\" or \"close\"");
    c.kind = k.get<std::string>();
    auto hash_of = [&](const char* f, election::hash64& out) -> status {
        const auto& v = (*j)[f];
        if (!v.is_string()) return status(errc::bad_input, path + ": " + f + " must be a hex string");
        auto b = from_hex(v.get<std::string>(), 64);
        if (!b) return status(errc::bad_input, path + ": " + f + ": " + b.err().message);
        std::copy(b->begin(), b->end(), out.begin());
        return {};
    };
    if (auto s = hash_of("election", c.election); !s) return s.err();
    if (auto s = hash_of("statement", c.statement); !s) return s.err();
    const auto& e = (*j)["entries"];
    const auto& t = (*j)["trustee"];
    if (!e.is_number_unsigned()) return bad("entries must be a non-negative integer");
    if (!t.is_number_unsigned() || t.get<std::uint64_t>() == 0 || t.get<std::uint64_t>() > 1024)
        return bad("trustee must be an index 1..1024");
    c.entries = e.get<std::uint64_t>();
    c.cosig.trustee = t.get<std::uint32_t>();
    if (!(*j)["signature"].is_string()) return bad("signature must be a hex string");
    auto sig = election::signature::from_hex((*j)["signature"].get<std::string>());
    if (!sig) return bad("signature: " + sig.err().message);
    c.cosig.sig = *sig;
    return c;
}

}  // namespace scrutineer::cli
