// scrutineer — election: the bulletin board, an append-only hash-chained log.
//
// Each entry: index (0, 1, …), prev (the previous entry's hash; 64 zero bytes
// for entry 0), kind, payload (a JSON object), signer (Ed25519 key) and the
// signer's signature over the entry hash. The entry hash (docs/spec.md §8):
//
//   H( T("scrutineer/board-entry/v1", "") ‖ N("index", i) ‖ frame("prev", prev)
//      ‖ T("kind", kind) ‖ T("payload", canonical(payload)) ‖ frame("signer", pk) )
//
// where canonical(payload) is the compact JSON serialisation with object keys
// sorted (nlohmann::json::dump()). The file is JSON Lines, one entry a line, each
// line itself canonical, so every entry has exactly one byte encoding.
//
// Durability: an append writes the whole line with one write(2) and then
// fsync(2)s the file before returning; only then is the entry acknowledged.
// A crash mid-append can leave an incomplete last line (a "torn tail"); it was
// never acknowledged, and reading the board reports it, with its byte offset,
// instead of silently dropping or accepting it. `board_writer::open` refuses a
// board with a torn tail unless asked to truncate it.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "scrutineer/core/error.hpp"
#include "scrutineer/election/signature.hpp"

namespace scrutineer::election {

using hash64 = std::array<byte, 64>;

/// Entry kinds (the `kind` string on the board).
namespace kinds {
inline constexpr std::string_view open = "open";
inline constexpr std::string_view cast = "cast";
inline constexpr std::string_view challenge = "challenge";
inline constexpr std::string_view revoke = "revoke";
inline constexpr std::string_view cancel = "cancel";
inline constexpr std::string_view close = "close";
inline constexpr std::string_view tally = "tally";
inline constexpr std::string_view decryption_share = "decryption-share";
inline constexpr std::string_view result = "result";
inline constexpr std::string_view mix_input = "mix-input";        ///< a ranked contest's mix-chain input
inline constexpr std::string_view mix = "mix";                    ///< one mixer's shuffle and proof
inline constexpr std::string_view ranked_share = "ranked-share";  ///< a trustee's shares of the mixed ciphertexts
inline constexpr std::string_view ranked_result = "ranked-result";  ///< decrypted rankings and the count
}  // namespace kinds

struct board_entry {
    std::uint64_t index = 0;
    hash64 prev{};
    std::string kind;
    nlohmann::json payload = nlohmann::json::object();
    verify_key signer;
    signature sig;

    /// The entry hash (see the file comment); what the signature signs and the
    /// next entry's `prev` links to.
    hash64 hash() const;
    /// The canonical JSON line (without the newline).
    std::string to_line() const;
    /// Whether `line` is exactly to_line(), compared as it is serialised
    /// (nothing the size of the payload is built).
    bool is_line(std::string_view line) const;
    /// Parses one line: every field present and well-formed, nothing else, and
    /// the line byte-identical to its canonical form. Does not check the
    /// signature or the chain (see board_chain). With `hash_out`, also the
    /// entry's hash, taken from the line's own payload text (which the
    /// canonical check has shown to be the payload's canonical form) instead
    /// of serialising the payload again.
    static result<board_entry> from_line(std::string_view line, hash64* hash_out = nullptr);
    /// from_line for a line that stays in its file: bytes [offset, offset +
    /// length) of `path` (the line without its newline), read in pieces for
    /// the depth check, the parse, the canonical comparison and the hash, so
    /// that a line of hundreds of MB is never held as text next to its parsed
    /// payload. Same checks and errors as from_line; io if the file cannot be
    /// read.
    static result<board_entry> from_file_range(const std::filesystem::path& path, std::uint64_t offset,
                                               std::uint64_t length, hash64* hash_out = nullptr);
};

/// Verifies entries one at a time as they stream past: consecutive indices,
/// hash links, and each signature. Keeps only the running head.
class board_chain {
public:
    /// Checks `e` as the next entry; on failure the chain stays where it was.
    [[nodiscard]] status append(const board_entry& e);
    /// append() with the entry's hash `h` and its signature's verdict worked
    /// out by the caller (on many threads, for a board read in blocks).
    [[nodiscard]] status append_hashed(const board_entry& e, const hash64& h, bool signature_ok);
    /// append() for an entry the caller has just hashed (`h`) and signed
    /// itself (board_writer): the index and link are checked, the signature
    /// is not verified again.
    [[nodiscard]] status append_own(const board_entry& e, const hash64& h);
    std::uint64_t size() const noexcept { return next_index_; }
    /// Hash of the last accepted entry (64 zero bytes when empty).
    const hash64& head() const noexcept { return head_; }

private:
    std::uint64_t next_index_ = 0;
    hash64 head_{};
};

/// Streams a board file line by line (constant memory).
class board_reader {
public:
    /// Opens `path`; io error if it cannot be read.
    static result<board_reader> open(const std::filesystem::path& path);
    /// The next entry, or nullopt at the clean end of the file. Errors name the
    /// line: malformed JSON or fields, non-canonical encoding, or a torn tail
    /// (a last line without its newline: an append that never completed).
    result<std::optional<board_entry>> next();
    std::uint64_t line_number() const noexcept { return line_; }
    /// Byte offset of the start of the line last returned (or of a torn tail).
    std::uint64_t offset() const noexcept { return offset_; }

private:
    explicit board_reader(std::filesystem::path p) : path_(std::move(p)) {}
    std::filesystem::path path_;
    std::ifstream in_;
    std::uint64_t line_ = 0;
    std::uint64_t offset_ = 0;
    std::uint64_t next_offset_ = 0;
};

/// What to do with a torn tail found when reopening a board.
enum class torn_tail { refuse, truncate };

/// How a board file is opened. `write`: for appending, under the file's
/// lock (one writer at a time). `read_only`: to look at it beside a writer
/// that may be appending (`scrutineer board status` during a streaming
/// cast): no lock is taken, nothing is written, and a last line without its
/// newline is taken as an append in progress (reading stops before it).
enum class board_access { write, read_only };

/// When appends reach the disk. `each`: every append is fsync'd before it
/// returns (the default; what a live board uses). `deferred`: appends are
/// written at once but fsync'd only by sync() (and on destruction), for bulk
/// generation of test and benchmark records; an entry is acknowledged only
/// after the next sync().
enum class durability { each, deferred };

/// Appends entries durably, signing each with the given key.
class board_writer {
public:
    /// Opens or creates `path`, reads and verifies the existing chain. A torn
    /// tail is an error naming its offset under torn_tail::refuse; under
    /// torn_tail::truncate the incomplete line is cut off (it was never
    /// acknowledged, so nothing acknowledged is lost).
    ///
    /// The file is locked (flock, exclusive) for as long as the writer lives:
    /// a second writer, in this process or another, is refused (io), so two
    /// operators can never both append an entry with the same index.
    /// `each`, if given, is called with every existing entry once its place in
    /// the chain and its signature are verified, in order; an error it returns
    /// ends the open with that error.
    ///
    /// Under board_access::read_only the file is neither opened for writing
    /// nor locked and `on_torn` is ignored: the chain is read and verified
    /// the same way up to its last complete line, incomplete_tail() gives the
    /// offset of an incomplete last line if there is one, and append() and
    /// sync() fail.
    static result<board_writer> open(const std::filesystem::path& path, torn_tail on_torn = torn_tail::refuse,
                                     durability d = durability::each,
                                     const std::function<status(board_entry&)>& each = {},
                                     board_access access = board_access::write);
    /// A writer that is not open: append() and sync() fail. Something to move
    /// an opened writer into.
    board_writer() = default;
    board_writer(board_writer&&) noexcept;
    board_writer& operator=(board_writer&&) noexcept;
    board_writer(const board_writer&) = delete;
    board_writer& operator=(const board_writer&) = delete;
    ~board_writer();

    /// Appends, fsyncs, and returns the entry once it is durable.
    result<board_entry> append(std::string_view kind, nlohmann::json payload, const signing_key& signer);
    /// fsyncs everything appended so far (a no-op cost under durability::each).
    [[nodiscard]] status sync();
    std::uint64_t size() const noexcept { return chain_.size(); }
    const hash64& head() const noexcept { return chain_.head(); }
    bool read_only() const noexcept { return read_only_; }
    /// Read-only: the byte offset of a last line without its newline (an
    /// append in progress, or a torn tail if no writer is running).
    std::optional<std::uint64_t> incomplete_tail() const noexcept { return incomplete_tail_; }

private:
    int fd_ = -1;
    durability durability_ = durability::each;
    bool read_only_ = false;
    std::optional<std::uint64_t> incomplete_tail_;
    board_chain chain_;
};

}  // namespace scrutineer::election
