// scrutineer CLI — the small public files parties hand each other before an
// election opens (docs/operator.md §1):
//
//   roll signature (`scrutineer credentials sign-roll --out`), JSON:
//     {"format": "scrutineer/roll-signature/v1", "election": manifest hash,
//      "roll": roll commitment, "size": voters, "authority": public key,
//      "signature": Ed25519 signature of the roll statement (docs/spec.md §8.5)}
//   trustee keys (`scrutineer board prepare --trustee-keys`), text: trustee
//     i's public co-signing key (64 hex digits) on the i-th non-empty line;
//     lines starting with '#' are comments.
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "scrutineer/election/record.hpp"

namespace scrutineer::cli {

inline constexpr std::string_view roll_signature_format = "scrutineer/roll-signature/v1";

struct roll_signature_file {
    election::hash64 election{}, roll{};
    std::uint64_t size = 0;
    election::verify_key authority;
    election::signature sig;

    election::record::json to_json() const {
        return {{"format", std::string(roll_signature_format)},
                {"election", to_hex(election)},
                {"roll", to_hex(roll)},
                {"size", size},
                {"authority", authority.hex()},
                {"signature", sig.hex()}};
    }
};

inline result<roll_signature_file> read_roll_signature_file(const std::string& path) {
    auto j = election::record::read_json_file(path);
    if (!j) return j.err();
    auto bad = [&](const std::string& what) { return error{errc::bad_input, path + ": " + what}; };
    static constexpr const char* fields[] = {"format", "election", "roll", "size", "authority", "signature"};
    if (!j->is_object() || j->size() != std::size(fields)) return bad("not a roll signature (an object of 6 fields)");
    for (auto f : fields)
        if (!j->contains(f) || (std::string(f) != "size" && !(*j)[f].is_string()))
            return bad(std::string("\"") + f + "\" missing or not a string");
    if ((*j)["format"] != std::string(roll_signature_format)) return bad("format is not " + std::string(roll_signature_format));
    if (!(*j)["size"].is_number_unsigned()) return bad("size must be a non-negative integer");
    roll_signature_file r;
    r.size = (*j)["size"].get<std::uint64_t>();
    for (auto [f, out] : {std::pair{"election", &r.election}, std::pair{"roll", &r.roll}}) {
        auto b = from_hex((*j)[f].get<std::string>(), 64);
        if (!b) return bad(std::string(f) + ": " + b.err().message);
        std::copy(b->begin(), b->end(), out->begin());
    }
    auto a = election::verify_key::from_hex((*j)["authority"].get<std::string>());
    if (!a) return bad("authority: " + a.err().message);
    r.authority = *a;
    auto s = election::signature::from_hex((*j)["signature"].get<std::string>());
    if (!s) return bad("signature: " + s.err().message);
    r.sig = *s;
    return r;
}

inline result<std::vector<election::verify_key>> read_trustee_keys(const std::string& path) {
    std::ifstream in(path);
    if (!in) return error{errc::io, path + ": cannot be read"};
    std::vector<election::verify_key> keys;
    std::string line;
    std::size_t no = 0;
    while (std::getline(in, line)) {
        ++no;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        auto k = election::verify_key::from_hex(line);
        if (!k) return error{errc::bad_input, path + ":" + std::to_string(no) + ": not a public key (" + k.err().message + ")"};
        keys.push_back(*k);
    }
    if (in.bad()) return error{errc::io, path + ": read error"};
    return keys;
}

}  // namespace scrutineer::cli
