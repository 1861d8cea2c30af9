// scrutineer CLI — reading an Ed25519 key file (a trustee's co-signing key for
// `scrutineer mix`, the board operator's key for `scrutineer board`): the
// 32-byte seed as 64 hex digits; trailing newlines (\n, \r) allowed, nothing
// else.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "scrutineer/core/hex.hpp"
#include "scrutineer/election/signature.hpp"

namespace scrutineer::cli {

/// The key in `path`; io when the file cannot be read, bad_input (naming the
/// file) when it does not hold a key.
inline result<election::signing_key> read_key_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return error{errc::io, path + ": cannot be read"};
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return error{errc::io, path + ": read error"};
    std::string hex = ss.str();
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
    auto seed = from_hex(hex, 32);
    if (!seed) return error{errc::bad_input, path + ": not a 32-byte key in hex (" + seed.err().message + ")"};
    auto key = election::signing_key::from_seed(*seed);
    if (!key) return error{errc::bad_input, path + ": " + key.err().message};
    return key;
}

}  // namespace scrutineer::cli
