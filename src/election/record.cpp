// scrutineer — election: record payloads, their statements and JSON codecs.
#include "scrutineer/election/record.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "scrutineer/core/hex.hpp"
#include "scrutineer/primitives/hash.hpp"
#include "scrutineer/core/json_depth.hpp"

namespace scrutineer::election::record {

namespace {

/// Strict reader for a payload object: every field present with the right
/// type, no unknown field. Errors are "<what>.<field>: …".
class reader {
public:
    reader(const json& j, std::string what, std::initializer_list<std::string_view> fields)
        : j_(j), what_(std::move(what)) {
        if (!j_.is_object()) {
            err_ = error{errc::bad_input, what_ + ": must be an object"};
            return;
        }
        std::set<std::string_view> allowed(fields.begin(), fields.end());
        for (auto it = j_.begin(); it != j_.end(); ++it)
            if (!allowed.count(it.key())) {
                err_ = error{errc::bad_input, what_ + ": unexpected field \"" + it.key() + "\""};
                return;
            }
        for (auto f : fields)
            if (!j_.contains(std::string(f))) {
                err_ = error{errc::bad_input, what_ + "." + std::string(f) + ": missing"};
                return;
            }
    }
    const std::optional<error>& failed() const { return err_; }
    const json& at(std::string_view f) const { return j_.at(std::string(f)); }
    std::string where(std::string_view f) const { return what_ + "." + std::string(f); }

    result<std::string> str(std::string_view f, std::size_t max_len = 200) const {
        const auto& v = at(f);
        if (!v.is_string()) return error{errc::bad_input, where(f) + ": must be a string"};
        const auto& s = v.get_ref<const std::string&>();
        if (s.empty() || s.size() > max_len)
            return error{errc::bad_length, where(f) + ": must be 1.." + std::to_string(max_len) + " characters"};
        return s;
    }
    result<std::uint64_t> u64(std::string_view f) const {
        const auto& v = at(f);
        if (!v.is_number_unsigned()) return error{errc::bad_input, where(f) + ": must be a non-negative integer"};
        return v.get<std::uint64_t>();
    }
    template <std::size_t N>
    result<std::array<byte, N>> fixed(std::string_view f) const {
        return fixed_of<N>(at(f), where(f));
    }
    template <std::size_t N>
    static result<std::array<byte, N>> fixed_of(const json& v, const std::string& w) {
        if (!v.is_string()) return error{errc::bad_input, w + ": must be a hex string"};
        auto b = from_hex(v.get_ref<const std::string&>(), N);
        if (!b) return with_context(w, b.err());
        std::array<byte, N> out{};
        std::copy(b->begin(), b->end(), out.begin());
        return out;
    }
    static result<G::element> element_of(const json& v, const std::string& w) {
        auto b = fixed_of<G::element_size>(v, w);
        if (!b) return b.err();
        auto e = G::decode(byte_span(*b));
        if (!e) return with_context(w, e.err());
        return e;
    }
    result<const json*> array(std::string_view f, std::size_t max) const {
        const auto& v = at(f);
        if (!v.is_array()) return error{errc::bad_input, where(f) + ": must be an array"};
        if (v.size() > max) return error{errc::bad_length, where(f) + ": more than " + std::to_string(max) + " items"};
        return &v;
    }

private:
    const json& j_;
    std::string what_;
    std::optional<error> err_;
};

#define SCR_TRY(var, expr)              \
    auto var = (expr);                  \
    if (!var) return var.err();

json cosignatures_json(const std::vector<cosignature>& cs) {
    json a = json::array();
    for (const auto& c : cs) a.push_back({{"trustee", c.trustee}, {"signature", c.sig.hex()}});
    return a;
}

result<std::vector<cosignature>> cosignatures_of(const reader& r, std::string_view f) {
    SCR_TRY(a, r.array(f, 1024));
    std::vector<cosignature> out;
    for (std::size_t i = 0; i < (*a)->size(); ++i) {
        const std::string w = r.where(f) + "[" + std::to_string(i) + "]";
        reader c((**a)[i], w, {"trustee", "signature"});
        if (c.failed()) return *c.failed();
        SCR_TRY(t, c.u64("trustee"));
        if (*t == 0 || *t > 1024) return error{errc::out_of_range, w + ".trustee: not a trustee index"};
        SCR_TRY(s, c.fixed<64>("signature"));
        out.push_back({static_cast<std::uint32_t>(*t), election::signature{*s}});
    }
    return out;
}

void frame_str(sha512& h, std::string_view label, std::string_view s) { frame(h, label, as_bytes(s)); }

}  // namespace

// ---------------------------------------------------------------------------
// open

hash64 open_payload::roll_statement() const {
    sha512 h;
    frame(h, "scrutineer/roll-signature/v1", {});
    frame(h, "election", manifest_hash);
    frame(h, "roll", roll_commitment);
    frame_u64(h, "size", roll_size);
    return h.digest();
}

hash64 open_payload::statement(const verify_key& board_operator) const {
    sha512 h;
    frame(h, "scrutineer/open/v1", {});
    frame(h, "election", manifest_hash);
    frame(h, "roll", roll_commitment);
    frame_u64(h, "size", roll_size);
    frame(h, "authority", authority.bytes);
    frame(h, "roll-signature", roll_signature.bytes);
    frame(h, "ceremony", ceremony_hash);
    frame(h, "joint-key", G::encode(joint_key).span());
    frame_u64(h, "trustees", trustees.size());
    for (const auto& t : trustees) frame(h, "trustee", t.bytes);
    frame(h, "operator", board_operator.bytes);
    return h.digest();
}

json open_payload::to_json() const {
    json ts = json::array();
    for (const auto& t : trustees) ts.push_back(t.hex());
    return {{"format", std::string(format)},
            {"manifest", to_hex(manifest_hash)},
            {"roll", to_hex(roll_commitment)},
            {"roll_size", roll_size},
            {"authority", authority.hex()},
            {"roll_signature", roll_signature.hex()},
            {"ceremony", to_hex(ceremony_hash)},
            {"joint_key", G::encode(joint_key).hex()},
            {"trustees", ts},
            {"cosignatures", cosignatures_json(cosignatures)}};
}

result<open_payload> open_payload::from_json(const json& j) {
    reader r(j, "open",
             {"format", "manifest", "roll", "roll_size", "authority", "roll_signature", "ceremony", "joint_key", "trustees",
              "cosignatures"});
    if (r.failed()) return *r.failed();
    SCR_TRY(f, r.str("format"));
    if (*f != format) return error{errc::bad_input, "open.format: \"" + *f + "\" is not " + std::string(format)};
    open_payload o;
    SCR_TRY(mh, r.fixed<64>("manifest"));
    o.manifest_hash = *mh;
    SCR_TRY(rc, r.fixed<64>("roll"));
    o.roll_commitment = *rc;
    SCR_TRY(rs, r.u64("roll_size"));
    o.roll_size = *rs;
    SCR_TRY(a, r.fixed<32>("authority"));
    o.authority.bytes = *a;
    SCR_TRY(sig, r.fixed<64>("roll_signature"));
    o.roll_signature.bytes = *sig;
    SCR_TRY(ch, r.fixed<64>("ceremony"));
    o.ceremony_hash = *ch;
    SCR_TRY(jk, reader::element_of(r.at("joint_key"), r.where("joint_key")));
    if (G::is_identity(*jk)) return error{errc::identity, "open.joint_key: the identity"};
    o.joint_key = *jk;
    SCR_TRY(ts, r.array("trustees", 1024));
    for (std::size_t i = 0; i < (*ts)->size(); ++i) {
        SCR_TRY(t, reader::fixed_of<32>((**ts)[i], "open.trustees[" + std::to_string(i) + "]"));
        o.trustees.push_back(verify_key{*t});
    }
    SCR_TRY(cs, cosignatures_of(r, "cosignatures"));
    o.cosignatures = std::move(*cs);
    return o;
}

// ---------------------------------------------------------------------------
// revoke, cancel, close

hash64 revoke_payload::statement(const hash64& manifest_hash) const {
    sha512 h;
    frame(h, "scrutineer/revoke/v1", {});
    frame(h, "election", manifest_hash);
    frame_str(h, "voter", voter);
    frame_str(h, "reason", reason);
    return h.digest();
}

json revoke_payload::to_json() const {
    return {{"voter", voter}, {"reason", reason}, {"authority_signature", authority_signature.hex()}};
}

result<revoke_payload> revoke_payload::from_json(const json& j) {
    reader r(j, "revoke", {"voter", "reason", "authority_signature"});
    if (r.failed()) return *r.failed();
    revoke_payload p;
    SCR_TRY(v, r.str("voter", 64));
    if (!valid_identifier(*v)) return error{errc::bad_input, "revoke.voter: not an identifier"};
    p.voter = *v;
    SCR_TRY(why, r.str("reason"));
    p.reason = *why;
    SCR_TRY(s, r.fixed<64>("authority_signature"));
    p.authority_signature.bytes = *s;
    return p;
}

json cancel_payload::to_json() const { return {{"entry", entry}, {"ballot", to_hex(ballot)}, {"reason", reason}}; }

result<cancel_payload> cancel_payload::from_json(const json& j) {
    reader r(j, "cancel", {"entry", "ballot", "reason"});
    if (r.failed()) return *r.failed();
    cancel_payload p;
    SCR_TRY(e, r.u64("entry"));
    p.entry = *e;
    SCR_TRY(b, r.fixed<64>("ballot"));
    p.ballot = *b;
    SCR_TRY(why, r.str("reason", 64));
    if (!valid_identifier(*why)) return error{errc::bad_input, "cancel.reason: not an identifier"};
    p.reason = *why;
    return p;
}

hash64 close_payload::statement(const hash64& manifest_hash) const {
    sha512 h;
    frame(h, "scrutineer/close/v1", {});
    frame(h, "election", manifest_hash);
    frame_u64(h, "entries", entries);
    frame(h, "head", head);
    return h.digest();
}

json close_payload::to_json() const {
    return {{"entries", entries}, {"head", to_hex(head)}, {"cosignatures", cosignatures_json(cosignatures)}};
}

result<close_payload> close_payload::from_json(const json& j) {
    reader r(j, "close", {"entries", "head", "cosignatures"});
    if (r.failed()) return *r.failed();
    close_payload p;
    SCR_TRY(e, r.u64("entries"));
    p.entries = *e;
    SCR_TRY(h, r.fixed<64>("head"));
    p.head = *h;
    SCR_TRY(cs, cosignatures_of(r, "cosignatures"));
    p.cosignatures = std::move(*cs);
    return p;
}

// ---------------------------------------------------------------------------
// tally, result

std::vector<elgamal::ciphertext<G>> tally_payload::all() const {
    std::vector<elgamal::ciphertext<G>> out;
    for (const auto& c : contests) out.insert(out.end(), c.selections.begin(), c.selections.end());
    return out;
}

tally_payload tally_payload::from_sums(const manifest& m, const std::vector<elgamal::ciphertext<G>>& sums,
                                      std::uint64_t ballots, std::uint64_t weight) {
    tally_payload t;
    t.ballots = ballots;
    t.weight = weight;
    std::size_t j = 0;
    for (const auto& mc : m.contests) {
        if (!mc.homomorphic()) continue;
        contest c;
        c.id = mc.id;
        for (std::size_t i = 0; i < mc.options.size(); ++i) c.selections.push_back(sums.at(j++));
        t.contests.push_back(std::move(c));
    }
    return t;
}

json tally_payload::to_json() const {
    json cs = json::array();
    for (const auto& c : contests) {
        json s = json::array();
        for (const auto& x : c.selections) s.push_back(to_hex(x.encode()));
        cs.push_back({{"id", c.id}, {"selections", s}});
    }
    return {{"ballots", ballots}, {"weight", weight}, {"contests", cs}};
}

result<tally_payload> tally_payload::from_json(const json& j, const manifest& m) {
    reader r(j, "tally", {"ballots", "weight", "contests"});
    if (r.failed()) return *r.failed();
    tally_payload t;
    SCR_TRY(b, r.u64("ballots"));
    t.ballots = *b;
    SCR_TRY(w, r.u64("weight"));
    t.weight = *w;
    SCR_TRY(cs, r.array("contests", 100));
    std::size_t ci = 0;
    for (const auto& mc : m.contests) {
        if (!mc.homomorphic()) continue;
        const std::string w0 = "tally.contests[" + std::to_string(ci) + "]";
        if (ci >= (*cs)->size()) return error{errc::bad_length, "tally.contests: contest \"" + mc.id + "\" missing"};
        reader c((**cs)[ci++], w0, {"id", "selections"});
        if (c.failed()) return *c.failed();
        SCR_TRY(id, c.str("id", 64));
        if (*id != mc.id) return error{errc::bad_input, w0 + ".id: \"" + *id + "\" where the manifest has \"" + mc.id + "\""};
        SCR_TRY(sel, c.array("selections", mc.options.size()));
        if ((*sel)->size() != mc.options.size())
            return error{errc::bad_length, w0 + ".selections: one ciphertext per option expected"};
        tally_payload::contest tc;
        tc.id = *id;
        for (std::size_t i = 0; i < (*sel)->size(); ++i) {
            // the identity is allowed here: the tally of zero ballots is (identity, identity)
            auto x = detail::hex_decode<elgamal::ciphertext<G>>(
                (**sel)[i], w0 + ".selections[" + std::to_string(i) + "]", [](byte_span bs) -> result<elgamal::ciphertext<G>> {
                    if (bs.size() != 2 * G::element_size) return error{errc::bad_length, "a ciphertext is 64 bytes"};
                    auto a = G::decode(bs.subspan(0, G::element_size));
                    if (!a) return with_context("alpha", a.err());
                    auto be = G::decode(bs.subspan(G::element_size));
                    if (!be) return with_context("beta", be.err());
                    return elgamal::ciphertext<G>{*a, *be};
                });
            if (!x) return x.err();
            tc.selections.push_back(*x);
        }
        t.contests.push_back(std::move(tc));
    }
    if (ci != (*cs)->size()) return error{errc::bad_length, "tally.contests: more contests than the manifest"};
    return t;
}

json result_payload::to_json() const {
    json cs = json::array();
    for (const auto& c : contests) {
        json os = json::array();
        for (const auto& [id, v] : c.options) os.push_back({{"id", id}, {"votes", v}});
        cs.push_back({{"id", c.id}, {"options", os}});
    }
    return {{"contests", cs}, {"trustees", trustees}};
}

result<result_payload> result_payload::from_json(const json& j) {
    reader r(j, "result", {"contests", "trustees"});
    if (r.failed()) return *r.failed();
    result_payload out;
    SCR_TRY(cs, r.array("contests", 100));
    for (std::size_t ci = 0; ci < (*cs)->size(); ++ci) {
        const std::string w0 = "result.contests[" + std::to_string(ci) + "]";
        reader c((**cs)[ci], w0, {"id", "options"});
        if (c.failed()) return *c.failed();
        result_payload::contest rc;
        SCR_TRY(id, c.str("id", 64));
        rc.id = *id;
        SCR_TRY(os, c.array("options", 1000));
        for (std::size_t i = 0; i < (*os)->size(); ++i) {
            reader o((**os)[i], w0 + ".options[" + std::to_string(i) + "]", {"id", "votes"});
            if (o.failed()) return *o.failed();
            SCR_TRY(oid, o.str("id", 64));
            SCR_TRY(v, o.u64("votes"));
            rc.options.emplace_back(*oid, *v);
        }
        out.contests.push_back(std::move(rc));
    }
    SCR_TRY(ts, r.array("trustees", 1024));
    for (std::size_t i = 0; i < (*ts)->size(); ++i) {
        const auto& v = (**ts)[i];
        if (!v.is_number_unsigned() || v.get<std::uint64_t>() == 0 || v.get<std::uint64_t>() > 1024)
            return error{errc::bad_input, "result.trustees[" + std::to_string(i) + "]: not a trustee index"};
        out.trustees.push_back(v.get<std::uint32_t>());
    }
    return out;
}

// ---------------------------------------------------------------------------

proof_context tally_context(const manifest& m) { return m.context().derive("scrutineer/tally/v1", std::string_view{}); }

hash64 ceremony_hash(const json& transcript) {
    sha512 h;
    const std::string s = transcript.dump();
    frame(h, "scrutineer/ceremony-transcript/v1", as_bytes(s));
    return h.digest();
}

result<json> read_json_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return error{errc::io, p.string() + ": cannot be read"};
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    if (auto d = check_json_depth(text); !d) return with_context(p.string(), d.err());
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return error{errc::bad_input, p.string() + ": not valid JSON"};
    return j;
}

status write_json_file(const std::filesystem::path& p, const json& j, bool exclusive) {
    const std::string s = j.dump() + "\n";
    int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC) | O_CLOEXEC, 0644);
    if (fd < 0 && exclusive && errno == EEXIST) return status(errc::io, p.string() + " exists; it is never overwritten");
    if (fd < 0) return status(errc::io, p.string() + ": cannot be written");
    std::size_t off = 0;
    while (off < s.size()) {
        auto n = ::write(fd, s.data() + off, s.size() - off);
        if (n <= 0) {
            ::close(fd);
            return status(errc::io, p.string() + ": write failed");
        }
        off += static_cast<std::size_t>(n);
    }
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return status(errc::io, p.string() + ": fsync failed");
    return {};
}

status check_record_files(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return status(errc::io, dir.string() + ": not a record directory");
    for (auto f : {files::manifest, files::roll, files::ceremony, files::board}) {
        if (!fs::exists(dir / f, ec)) return status(errc::io, (dir / f).string() + ": missing from the record");
        if (!fs::is_regular_file(dir / f, ec)) return status(errc::io, (dir / f).string() + ": not a regular file");
    }
    return {};
}

result<manifest> read_manifest(const std::filesystem::path& dir) {
    auto mj = read_json_file(dir / files::manifest);
    if (!mj) return mj.err();
    auto m = manifest::from_json(*mj);
    if (!m) return with_context(std::string(files::manifest), m.err());
    return m;
}

status fsync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return status(errc::io, dir.string() + ": cannot be opened to sync");
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return status(errc::io, dir.string() + ": fsync failed");
    return {};
}

}  // namespace scrutineer::election::record
