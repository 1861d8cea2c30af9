// scrutineer — election: bulletin board file format, chain checks, durable appends.
#include "scrutineer/election/board.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "scrutineer/core/hex.hpp"
#include "scrutineer/primitives/hash.hpp"
#include "scrutineer/core/json_depth.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "line_reader.hpp"

namespace scrutineer::election {

namespace {

constexpr std::string_view entry_domain = "scrutineer/board-entry/v1";


error line_error(std::uint64_t line, std::string msg) {
    return error{errc::bad_input, "board line " + std::to_string(line) + ": " + std::move(msg)};
}

error torn_tail_error(std::uint64_t offset, std::uint64_t line, std::uint64_t length) {
    return error{errc::bad_input, "torn tail at byte offset " + std::to_string(offset) + " (line " + std::to_string(line) +
                                      "): " + std::to_string(length) + " bytes of an incomplete entry"};
}

template <std::size_t N>
bool hex_field(const nlohmann::json& j, const char* name, std::array<byte, N>& out, std::string& why) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) {
        why = std::string("field '") + name + "' missing or not a string";
        return false;
    }
    auto b = from_hex(it->get_ref<const std::string&>(), N);
    if (!b) {
        why = std::string("field '") + name + "': " + b.err().message;
        return false;
    }
    std::copy(b->begin(), b->end(), out.begin());
    return true;
}

/// nlohmann's own compact serialiser (exactly json::dump()) writing into a
/// sink, so that a payload of hundreds of MB is compared, counted or hashed as
/// it is written instead of being held as a string.
template <class Sink>
class sink_adapter final : public nlohmann::detail::output_adapter_protocol<char> {
public:
    explicit sink_adapter(Sink& s) : s_(s) {}
    void write_character(char c) override { s_(&c, 1); }
    void write_characters(const char* p, std::size_t n) override { s_(p, n); }

private:
    Sink& s_;
};

/// json::dump() into a sink. A payload read from the file may hold list
/// fields as binary values (list_hex_sax, which makes them only as the
/// payload's own fields): those are written as the lowercase hex they were
/// read from, so the text is the one on the board.
template <class Sink>
void dump_to(const nlohmann::json& j, Sink& sink) {
    nlohmann::detail::serializer<nlohmann::json> s(std::make_shared<sink_adapter<Sink>>(sink), ' ');
    const auto dump = [&](const nlohmann::json& x) { s.dump(x, /*pretty_print=*/false, /*ensure_ascii=*/false, /*indent_step=*/0); };
    if (!j.is_object() || std::none_of(j.begin(), j.end(), [](const nlohmann::json& x) { return x.is_binary(); })) {
        dump(j);
        return;
    }
    sink("{", 1);
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) sink(",", 1);
        first = false;
        dump(nlohmann::json(it.key()));
        sink(":", 1);
        if (!it->is_binary()) {
            dump(*it);
            continue;
        }
        const auto& b = it->get_binary();
        sink("\"", 1);
        constexpr std::size_t piece = 1 << 15;
        for (std::size_t at = 0; at < b.size(); at += piece) {
            const std::string h = to_hex(byte_span(b.data() + at, std::min(piece, b.size() - at)));
            sink(h.data(), h.size());
        }
        sink("\"", 1);
    }
    sink("}", 1);
}

/// nlohmann's DOM builder, except that a payload's list fields (mix-input's
/// "ciphertexts", a mix's "output" and "proof"), when they are lowercase hex
/// of even length, are kept decoded, as binary values: half the memory of
/// their text, which for 10^6 papers is hundreds of MB. dump_to writes them
/// back as the same hex, so the canonical comparison and the entry hash are
/// unchanged, and the payload decoders take either form (docs/format/record.md §7).
class list_hex_sax {
public:
    using json = nlohmann::json;
    explicit list_hex_sax(json& root) : dom_(root, /*allow_exceptions=*/false) {}

    bool null() { return dom_.null(); }
    bool boolean(bool v) { return dom_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& t) { return dom_.number_float(v, t); }
    bool string(json::string_t& v) {
        if (depth_ == 2 && in_payload_ && list_field_ && v.size() % 2 == 0 && lower_hex(v)) {
            auto b = from_hex(v);
            if (b) {
                json::string_t().swap(v);  // the lexer's copy of the text, freed at once
                json::binary_t bin(std::move(*b));
                return dom_.binary(bin);
            }
        }
        return dom_.string(v);
    }
    bool binary(json::binary_t& v) { return dom_.binary(v); }
    bool start_object(std::size_t n) {
        ++depth_;
        if (depth_ == 2 && payload_next_) in_payload_ = true;
        return dom_.start_object(n);
    }
    bool key(json::string_t& k) {
        if (depth_ == 1) payload_next_ = k == "payload";
        if (depth_ == 2 && in_payload_) list_field_ = k == "ciphertexts" || k == "output" || k == "proof";
        return dom_.key(k);
    }
    bool end_object() {
        if (depth_ == 2) in_payload_ = false;
        --depth_;
        return dom_.end_object();
    }
    bool start_array(std::size_t n) {
        ++depth_;
        return dom_.start_array(n);
    }
    bool end_array() {
        --depth_;
        return dom_.end_array();
    }
    bool parse_error(std::size_t pos, const std::string& tok, const nlohmann::detail::exception& ex) {
        return dom_.parse_error(pos, tok, ex);
    }

private:
    static bool lower_hex(const json::string_t& v) {
        return std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    }
    nlohmann::detail::json_sax_dom_parser<json> dom_;
    int depth_ = 0;
    bool payload_next_ = false, in_payload_ = false, list_field_ = false;
};

/// The canonical line around the payload: {"index":…,"kind":…,"payload": and
/// ,"prev":…,"signer":…} (keys sorted, as nlohmann writes an object).
std::string line_head(const board_entry& e) {
    return "{\"index\":" + std::to_string(e.index) + ",\"kind\":" + nlohmann::json(e.kind).dump() + ",\"payload\":";
}
std::string line_tail(const board_entry& e) {
    return ",\"prev\":\"" + to_hex(e.prev) + "\",\"signature\":\"" + e.sig.hex() + "\",\"signer\":\"" + e.signer.hex() + "\"}";
}

/// The entry hash, the payload's canonical text (`size` bytes) written into
/// the hash by feed(h).
template <class Feed>
hash64 entry_hash(const board_entry& e, std::uint64_t size, Feed&& feed) {
    sha512 h;
    frame(h, entry_domain, {});
    frame_u64(h, "index", e.index);
    frame(h, "prev", e.prev);
    frame(h, "kind", as_bytes(e.kind));
    frame_head(h, "payload", size);
    feed(h);
    frame(h, "signer", e.signer.bytes);
    return h.digest();
}

/// The fields of a parsed line (from_line and from_file_range).
result<board_entry> entry_from_json(nlohmann::json& j) {
    if (j.is_discarded()) return error{errc::bad_input, "not valid JSON"};
    if (!j.is_object()) return error{errc::bad_input, "not a JSON object"};
    for (auto it = j.begin(); it != j.end(); ++it) {
        static const char* known[] = {"index", "prev", "kind", "payload", "signer", "signature"};
        if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return it.key() == k; }) ==
            std::end(known))
            return error{errc::bad_input, "unknown field '" + it.key() + "'"};
    }
    board_entry e;
    auto idx = j.find("index");
    if (idx == j.end() || !idx->is_number_unsigned())
        return error{errc::bad_input, "field 'index' missing or not a non-negative integer"};
    e.index = idx->get<std::uint64_t>();
    std::string why;
    if (!hex_field(j, "prev", e.prev, why)) return error{errc::bad_input, why};
    auto kind = j.find("kind");
    if (kind == j.end() || !kind->is_string() || kind->get_ref<const std::string&>().empty())
        return error{errc::bad_input, "field 'kind' missing or not a non-empty string"};
    e.kind = kind->get<std::string>();
    auto payload = j.find("payload");
    if (payload == j.end() || !payload->is_object()) return error{errc::bad_input, "field 'payload' missing or not an object"};
    e.payload = std::move(*payload);
    if (!hex_field(j, "signer", e.signer.bytes, why)) return error{errc::bad_input, why};
    if (!hex_field(j, "signature", e.sig.bytes, why)) return error{errc::bad_input, why};
    return e;
}

const error non_canonical_line{errc::non_canonical, "entry is not in canonical form (compact JSON, sorted keys, lowercase hex)"};

/// Bytes [offset, offset + length) of a file, read a piece at a time.
class file_range {
public:
    file_range(const std::filesystem::path& p, std::uint64_t offset, std::uint64_t length)
        : in_(p, std::ios::binary), left_(length), buf_(std::size_t{1} << 20) {
        if (in_) in_.seekg(static_cast<std::streamoff>(offset));
        ok_ = static_cast<bool>(in_);
    }
    bool ok() const { return ok_; }
    /// The next piece (empty at the end of the range or on a read error).
    std::string_view next() {
        if (!ok_ || left_ == 0) return {};
        const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(left_, buf_.size()));
        in_.read(buf_.data(), want);
        const auto got = in_.gcount();
        if (got != want) ok_ = false;
        left_ -= static_cast<std::uint64_t>(got);
        return {buf_.data(), static_cast<std::size_t>(got)};
    }

private:
    std::ifstream in_;
    std::uint64_t left_;
    std::vector<char> buf_;
    bool ok_ = false;
};

/// A single-pass character iterator over a file_range, for nlohmann's parser.
class file_range_iterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    file_range_iterator() = default;  // the end
    explicit file_range_iterator(file_range& r) : r_(&r) { fill(); }
    reference operator*() const { return piece_[at_]; }
    file_range_iterator& operator++() {
        if (++at_ == piece_.size()) fill();
        return *this;
    }
    file_range_iterator operator++(int) {
        auto t = *this;
        ++*this;
        return t;
    }
    friend bool operator==(const file_range_iterator& a, const file_range_iterator& b) { return a.end() == b.end(); }
    friend bool operator!=(const file_range_iterator& a, const file_range_iterator& b) { return !(a == b); }

private:
    void fill() {
        piece_ = r_->next();
        at_ = 0;
        if (piece_.empty()) r_ = nullptr;
    }
    bool end() const { return r_ == nullptr; }
    file_range* r_ = nullptr;
    std::string_view piece_;
    std::size_t at_ = 0;
};

/// The pieces of a line held in memory (one piece), like file_range's.
class text_pieces {
public:
    explicit text_pieces(std::string_view t) : t_(t) {}
    std::string_view next() { return std::exchange(t_, {}); }
    bool ok() const { return true; }

private:
    std::string_view t_;
};

/// Compares what is written to it with the pieces a source yields, in order;
/// while `hash` is set, also hashes what it is given.
template <class Pieces>
class piece_comparer {
public:
    explicit piece_comparer(Pieces& src) : src_(src) {}
    sha512* hash = nullptr;
    void operator()(const char* p, std::size_t n) {
        if (hash && same_) hash->update(byte_span(reinterpret_cast<const byte*>(p), n));
        while (same_ && n > 0) {
            if (at_ == piece_.size()) {
                piece_ = src_.next();
                at_ = 0;
                if (piece_.empty()) {
                    same_ = false;  // the source has less
                    return;
                }
            }
            const std::size_t k = std::min(n, piece_.size() - at_);
            if (std::memcmp(piece_.data() + at_, p, k) != 0) same_ = false;
            at_ += k;
            p += k;
            n -= k;
        }
    }
    void operator()(std::string_view t) { (*this)(t.data(), t.size()); }
    /// Whether everything written matched and the source is used up.
    bool matched_all() { return same_ && at_ == piece_.size() && src_.next().empty() && src_.ok(); }

private:
    Pieces& src_;
    std::string_view piece_;
    std::size_t at_ = 0;
    bool same_ = true;
};

/// Whether the `length` bytes of `src` are exactly e.to_line(), compared as
/// the canonical line is written (never built). With hash_out, the entry hash
/// of the payload's text as it goes past (meaningful only when they match).
template <class Pieces>
bool matches_line(const board_entry& e, Pieces& src, std::uint64_t length, hash64* hash_out) {
    const std::string head = line_head(e), tail = line_tail(e);
    if (length < head.size() + tail.size()) return false;
    piece_comparer<Pieces> cmp(src);
    cmp(head);
    if (hash_out)
        *hash_out = entry_hash(e, length - head.size() - tail.size(), [&](sha512& h) {
            cmp.hash = &h;
            dump_to(e.payload, cmp);
            cmp.hash = nullptr;
        });
    else
        dump_to(e.payload, cmp);
    cmp(tail);
    return cmp.matched_all();
}

}  // namespace

hash64 board_entry::hash() const {
    // the payload's canonical text streamed twice (its length first), never held
    std::uint64_t size = 0;
    auto count = [&](const char*, std::size_t n) { size += n; };
    dump_to(payload, count);
    return entry_hash(*this, size, [&](sha512& h) {
        auto feed = [&](const char* p, std::size_t n) { h.update(byte_span(reinterpret_cast<const byte*>(p), n)); };
        dump_to(payload, feed);
    });
}

std::string board_entry::to_line() const {
    // The compact dump of {"index", "kind", "payload", "prev", "signature",
    // "signer"} with its keys sorted, as nlohmann::json writes an object, built
    // without copying the payload (a mix's payload can be hundreds of MB).
    std::string out = line_head(*this);
    auto append_to = [&](const char* p, std::size_t n) { out.append(p, n); };
    dump_to(payload, append_to);
    out += line_tail(*this);
    return out;
}

bool board_entry::is_line(std::string_view line) const {
    text_pieces src(line);
    return matches_line(*this, src, line.size(), nullptr);
}

result<board_entry> board_entry::from_line(std::string_view line, hash64* hash_out) {
    if (auto d = check_json_depth(line); !d) return d.err();
    nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    auto e = entry_from_json(j);
    if (!e) return e;
    text_pieces src(line);  // the hash of the payload as it is compared
    if (!matches_line(*e, src, line.size(), hash_out)) return non_canonical_line;
    return e;
}

result<board_entry> board_entry::from_file_range(const std::filesystem::path& path, std::uint64_t offset,
                                                 std::uint64_t length, hash64* hash_out) {
    const error unreadable{errc::io, path.string() + ": cannot read bytes " + std::to_string(offset) + " to " +
                                         std::to_string(offset + length)};
    {
        file_range r(path, offset, length);
        json_depth_counter d;
        for (auto piece = r.next(); !piece.empty(); piece = r.next())
            if (!d.feed(piece)) return json_too_deep();
        if (!r.ok()) return unreadable;
    }
    nlohmann::json j;
    {
        file_range r(path, offset, length);
        if (!r.ok()) return unreadable;
        list_hex_sax sax(j);
        if (!nlohmann::json::sax_parse(file_range_iterator(r), file_range_iterator(), &sax)) j = nlohmann::json(nlohmann::json::value_t::discarded);
        if (!r.ok()) return unreadable;
    }
    auto e = entry_from_json(j);
    if (!e) return e;
    file_range r(path, offset, length);  // compared with the canonical line and hashed in one pass
    if (!matches_line(*e, r, length, hash_out)) return r.ok() ? non_canonical_line : unreadable;
    return e;
}

status board_chain::append(const board_entry& e) {
    const hash64 h = e.hash();
    return append_hashed(e, h, verify_signature(e.signer, h, e.sig));
}

status board_chain::append_hashed(const board_entry& e, const hash64& h, bool signature_ok) {
    if (e.index != next_index_)
        return status(errc::verify_failed, "entry index " + std::to_string(e.index) + " where " +
                                               std::to_string(next_index_) + " was expected");
    if (e.prev != head_)
        return status(errc::verify_failed, "entry " + std::to_string(e.index) +
                                               ": prev does not match the hash of the entry before it");
    if (!signature_ok)
        return status(errc::verify_failed, "entry " + std::to_string(e.index) + ": signature does not verify");
    head_ = h;
    ++next_index_;
    return {};
}

status board_chain::append_own(const board_entry& e, const hash64& h) {
    if (e.index != next_index_ || e.prev != head_)
        return status(errc::internal, "board: an own entry out of place in the chain");
    head_ = h;
    ++next_index_;
    return {};
}

result<board_reader> board_reader::open(const std::filesystem::path& path) {
    board_reader r(path);
    if (std::error_code ec; std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
        return error{errc::io, "board file " + path.string() + " is not a regular file"};
    r.in_.open(path, std::ios::binary);
    if (!r.in_) return error{errc::io, "cannot read board file " + path.string()};
    return r;
}

result<std::optional<board_entry>> board_reader::next() {
    std::string line;
    offset_ = next_offset_;
    if (!std::getline(in_, line)) {
        if (in_.bad()) return error{errc::io, "read error in " + path_.string()};
        return std::optional<board_entry>{};
    }
    ++line_;
    if (in_.eof()) {
        // getline stopped at end of file, not at a newline: an append that
        // never completed (never acknowledged).
        return torn_tail_error(offset_, line_, line.size());
    }
    next_offset_ = offset_ + line.size() + 1;
    auto e = board_entry::from_line(line);
    if (!e) return line_error(line_, e.err().message);
    return std::optional<board_entry>(std::move(*e));
}

result<board_writer> board_writer::open(const std::filesystem::path& path, torn_tail on_torn, durability d,
                                        const std::function<status(board_entry&)>& each, board_access access) {
    board_writer w;
    w.durability_ = d;
    w.read_only_ = access == board_access::read_only;
    if (std::error_code ec; std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
        return error{errc::io, "board file " + path.string() + " is not a regular file"};
    if (w.read_only_) {
        if (std::error_code ec; !std::filesystem::exists(path, ec))
            return error{errc::io, "board file " + path.string() + " does not exist"};
    } else {
        // Opened (and locked) before the chain is read, so that no other
        // writer can append between the read and our first append: two
        // writers would both post an entry with the same index.
        w.fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (w.fd_ < 0) return error{errc::io, "cannot open " + path.string() + " for appending: " + std::strerror(errno)};
        if (::flock(w.fd_, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EWOULDBLOCK)
                return error{errc::io, "board file " + path.string() +
                                           " is open for writing elsewhere (another operator process holds its lock)"};
            return error{errc::io, "cannot lock " + path.string() + ": " + std::strerror(errno)};
        }
    }
    // The chain is read in blocks: each block's lines are parsed, hashed (from
    // their own canonical text) and their signatures checked on all cores,
    // then linked and handed over in order. A line longer than 16 MB (a large
    // mix) is read from the file in pieces, never held as text.
    constexpr std::uint64_t keep_limit = std::uint64_t{1} << 24;
    detail::line_reader lr(path, keep_limit);
    if (!lr.good()) return error{errc::io, "cannot read board file " + path.string()};
    struct parsed {
        std::optional<result<board_entry>> e;
        hash64 h{};
        bool sig_ok = false;
    };
    for (;;) {
        auto raw = detail::read_block(lr, 1024, std::uint64_t{16} << 20);
        if (raw.empty()) break;
        std::vector<parsed> blk(raw.size());
        parallel::for_each(raw.size(), [&](std::size_t i) {
            auto& p = blk[i];
            if (raw[i].torn) return;
            p.e = detail::parse_board_line(path, raw[i], p.h);
            if (*p.e) p.sig_ok = verify_signature((*p.e)->signer, p.h, (*p.e)->sig);
        });
        for (std::size_t i = 0; i < raw.size(); ++i) {
            auto& p = blk[i];
            const auto& l = raw[i];
            if (l.torn) {
                if (w.read_only_) {  // an append in progress, perhaps: stop before it
                    w.incomplete_tail_ = l.offset;
                    return w;
                }
                if (on_torn == torn_tail::truncate) {
                    if (::ftruncate(w.fd_, static_cast<off_t>(l.offset)) != 0 || ::fsync(w.fd_) != 0)
                        return error{errc::io, "cannot truncate torn tail of " + path.string() + ": " + std::strerror(errno)};
                    return w;
                }
                return with_context(path.string(), torn_tail_error(l.offset, l.number, l.length));
            }
            if (!*p.e) return with_context(path.string(), line_error(l.number, p.e->err().message));
            auto& e = **p.e;
            if (auto s = w.chain_.append_hashed(e, p.h, p.sig_ok); !s) return with_context(path.string(), s.err());
            if (each)
                if (auto s = each(e); !s) return s.err();
        }
    }
    return w;
}

board_writer::board_writer(board_writer&& o) noexcept
    : fd_(o.fd_), durability_(o.durability_), read_only_(o.read_only_), incomplete_tail_(o.incomplete_tail_), chain_(o.chain_) {
    o.fd_ = -1;
}
board_writer& board_writer::operator=(board_writer&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = o.fd_;
        durability_ = o.durability_;
        read_only_ = o.read_only_;
        incomplete_tail_ = o.incomplete_tail_;
        chain_ = o.chain_;
        o.fd_ = -1;
    }
    return *this;
}
board_writer::~board_writer() {
    if (fd_ >= 0) {
        if (durability_ == durability::deferred) (void)::fsync(fd_);
        ::close(fd_);
    }
}

status board_writer::sync() {
    if (read_only_) return status(errc::io, "board: opened read-only");
    if (fd_ < 0) return status(errc::io, "board: not open");
    if (::fsync(fd_) != 0) return status(errc::io, std::string("board fsync failed: ") + std::strerror(errno));
    return {};
}

result<board_entry> board_writer::append(std::string_view kind, nlohmann::json payload, const signing_key& signer) {
    if (read_only_) return error{errc::io, "board: opened read-only"};
    if (fd_ < 0) return error{errc::io, "board: not open"};
    if (!payload.is_object()) return error{errc::bad_input, "board payload must be a JSON object"};
    board_entry e;
    e.index = chain_.size();
    e.prev = chain_.head();
    e.kind = std::string(kind);
    e.payload = std::move(payload);
    e.signer = signer.public_key();
    // the payload's canonical text made once, then hashed and written (a
    // ballot's payload is about 7 KB; a mix's can be hundreds of MB, as before)
    std::string line = line_head(e);
    const std::size_t payload_at = line.size();
    auto append_to = [&](const char* p, std::size_t n) { line.append(p, n); };
    dump_to(e.payload, append_to);
    const std::size_t payload_size = line.size() - payload_at;
    const hash64 h = entry_hash(e, payload_size, [&](sha512& hs) {
        hs.update(byte_span(reinterpret_cast<const byte*>(line.data() + payload_at), payload_size));
    });
    e.sig = signer.sign(h);
    line += line_tail(e);
    line += '\n';
    const off_t before = ::lseek(fd_, 0, SEEK_END);
    if (before < 0) return error{errc::io, std::string("board append: cannot seek: ") + std::strerror(errno)};
    // On any failure, cut the file back to where it was, so that a failed
    // append never leaves a partial line that later appends would follow.
    auto fail = [&](const char* what) {
        const int err = errno;
        if (::ftruncate(fd_, before) != 0) { /* the torn tail will be reported on reopen */ }
        return error{errc::io, std::string("board append failed (") + what + "): " + std::strerror(err)};
    };
    std::size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("write");
        }
        done += static_cast<std::size_t>(n);
    }
    if (durability_ == durability::each && ::fsync(fd_) != 0) return fail("fsync");
    if (auto s = chain_.append_own(e, h); !s) return s.err();
    return e;
}

}  // namespace scrutineer::election
