// scrutineer CLI — reading an Ed25519 key file (a trustee's co-signing key for
// `scrutineer mix`, the board operator's key for `scrutineer board`): the
// 32-byte seed as 64 hex digits; trailing newlines (\n, \r) allowed, nothing
// else.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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

/// Writes `data` to a new file `path`, mode 0600 (never over an existing file), and fsyncs it.
inline status write_new_secret_file(const std::string& path, byte_span data) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return status(errc::io, path + ": cannot be created: " + std::strerror(errno));
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    const bool ok = done == data.size() && ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok) return status(errc::io, path + ": cannot be written: " + std::strerror(err));
    return {};
}

/// Writes `key` to a new file `path` (mode 0600, never over an existing file)
/// in the form read_key_file reads.
inline status write_key_file(const std::string& path, const election::signing_key& key) {
    const std::string text = to_hex(key.seed().span()) + "\n";
    return write_new_secret_file(path, as_bytes(text));
}

}  // namespace scrutineer::cli
