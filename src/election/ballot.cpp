// scrutineer — election: ballot helpers that are not templates.
#include "scrutineer/election/ballot.hpp"

#include "scrutineer/core/hex.hpp"
#include "scrutineer/primitives/hash.hpp"

namespace scrutineer::election {

proof_context ballot_context(const manifest& m, const verify_key& credential) {
    return m.context().derive("credential", credential.bytes);
}

std::string tracking_code_of(const hash64& h) {
    static constexpr char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford base32
    std::string out;
    std::uint64_t buf = 0;
    int bits = 0;
    std::size_t emitted = 0;
    for (std::size_t i = 0; i < 20; ++i) {
        buf = (buf << 8) | h[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            if (emitted > 0 && emitted % 4 == 0) out.push_back('-');
            out.push_back(alphabet[(buf >> bits) & 31]);
            ++emitted;
        }
    }
    return out;
}

result<hash64> ballot_hash_from_json(const nlohmann::json& j) {
    auto bad = [](const std::string& where) { return error{errc::bad_input, "ballot" + where + ": malformed"}; };
    if (!j.is_object()) return bad("");
    sha512 h;
    // one frame of the hex string v decoded (exactly n bytes when n > 0)
    auto hex_frame = [&](const nlohmann::json& v, std::string_view label, std::size_t n, const std::string& where) -> status {
        if (!v.is_string()) return bad(where);
        auto b = from_hex(v.get_ref<const std::string&>());
        if (!b || (n > 0 && b->size() != n)) return bad(where);
        frame(h, label, byte_span(*b));
        return {};
    };
    auto field = [&](const char* k) -> const nlohmann::json* {
        auto it = j.find(k);
        return it == j.end() ? nullptr : &*it;
    };
    const auto *el = field("election"), *cr = field("credential"), *cs = field("contests"), *rp = field("randomness_proof");
    if (!el || !cr || !cs || !rp || !cs->is_array()) return bad("");
    frame(h, "scrutineer/ballot/v1", {});
    if (auto s = hex_frame(*el, "election", 64, ".election"); !s) return s.err();
    if (auto s = hex_frame(*cr, "credential", 32, ".credential"); !s) return s.err();
    frame_u64(h, "contests", cs->size());
    for (std::size_t i = 0; i < cs->size(); ++i) {
        const auto& c = (*cs)[i];
        const std::string w = ".contests[" + std::to_string(i) + "]";
        if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || !c.contains("selections") ||
            !c["selections"].is_array() || !c.contains("range_proofs") || !c["range_proofs"].is_array())
            return bad(w);
        frame(h, "contest", as_bytes(c["id"].get_ref<const std::string&>()));
        frame_u64(h, "options", c["selections"].size());
        for (const auto& s : c["selections"])
            if (auto st = hex_frame(s, "selection", 0, w + ".selections"); !st) return st.err();
        for (const auto& p : c["range_proofs"])
            if (auto st = hex_frame(p, "range-proof", 0, w + ".range_proofs"); !st) return st.err();
        if (c.contains("limit_proof"))
            if (auto st = hex_frame(c["limit_proof"], "limit-proof", 0, w + ".limit_proof"); !st) return st.err();
    }
    if (const auto* rk = field("ranked")) {
        if (!rk->is_array()) return bad(".ranked");
        frame_u64(h, "ranked", rk->size());
        for (std::size_t i = 0; i < rk->size(); ++i) {
            const auto& r = (*rk)[i];
            const std::string w = ".ranked[" + std::to_string(i) + "]";
            if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || !r.contains("ciphertexts") ||
                !r["ciphertexts"].is_array())
                return bad(w);
            frame(h, "contest", as_bytes(r["id"].get_ref<const std::string&>()));
            frame_u64(h, "width", r["ciphertexts"].size());
            for (const auto& c : r["ciphertexts"])
                if (auto st = hex_frame(c, "ciphertext", 0, w + ".ciphertexts"); !st) return st.err();
        }
    }
    if (auto s = hex_frame(*rp, "randomness-proof", 0, ".randomness_proof"); !s) return s.err();
    return h.digest();
}

}  // namespace scrutineer::election
