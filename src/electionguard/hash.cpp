// scrutineer — ElectionGuard 2.0 hash (HMAC-SHA-256, spec chapter 5) and hex I/O.
#include "scrutineer/electionguard/hash.hpp"

#include <sodium.h>

namespace scrutineer::eg {

hash32 H(const hash32& key, byte_span data) {
    init();
    hash32 out{};
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key.data(), key.size());
    crypto_auth_hmacsha256_update(&st, data.data(), data.size());
    crypto_auth_hmacsha256_final(&st, out.data());
    return out;
}

hash32 version_bytes() {
    hash32 v{};
    const std::string_view s = "v2.0.0";
    for (std::size_t i = 0; i < s.size(); ++i) v[i] = static_cast<byte>(s[i]);
    return v;
}

hash32 parameter_base_hash() {
    hash_input in;
    in.u8(0x00).raw(group::p_bytes()).raw(group::q_bytes()).raw(group::g_bytes());
    return in.hash(version_bytes());
}

hash32 manifest_hash(const hash32& hp, byte_span manifest_file) {
    return hash_input().u8(0x01).with_len(manifest_file).hash(hp);
}

hash32 election_base_hash(const hash32& hp, const hash32& hm, std::uint32_t n, std::uint32_t k) {
    return hash_input().u8(0x02).h(hm).u32(n).u32(k).hash(hp);
}

hash32 extended_base_hash(const hash32& hb, const element& K) { return hash_input().u8(0x12).elem(K).hash(hb); }

result<bytes> hex_fixed(std::string_view hex, std::size_t width) {
    if (hex.empty()) return error{errc::bad_hex, "empty hex value"};
    if (hex.size() > 2 * width)
        return error{errc::bad_length, "hex value has " + std::to_string(hex.size()) + " digits, at most " +
                                           std::to_string(2 * width) + " allowed"};
    bytes out(width, 0);
    auto nib = [](char ch) -> int {
        if (ch >= '0' && ch <= '9') return ch - '0';
        if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
        return -1;
    };
    // right-align: digit k from the end goes to nibble k from the end
    const std::size_t n = hex.size();
    for (std::size_t k = 0; k < n; ++k) {
        const int d = nib(hex[n - 1 - k]);
        if (d < 0) return error{errc::bad_hex, "invalid hex character at position " + std::to_string(n - 1 - k)};
        out[width - 1 - k / 2] |= static_cast<byte>(k % 2 ? d << 4 : d);
    }
    return out;
}

result<hash32> hash_from_hex(std::string_view hex) {
    auto b = hex_fixed(hex, 32);
    if (!b) return b.err();
    hash32 h{};
    std::copy(b->begin(), b->end(), h.begin());
    return h;
}

result<hash32> challenge_from_hex(std::string_view hex) { return hash_from_hex(hex); }

result<element> element_from_hex(std::string_view hex) {
    auto b = hex_fixed(hex, group::element_size);
    if (!b) return b.err();
    return group::decode(*b);
}

result<element> element_from_hex_range_only(std::string_view hex) {
    auto b = hex_fixed(hex, group::element_size);
    if (!b) return b.err();
    return group::decode_range_only(*b);
}

result<scalar> scalar_from_hex(std::string_view hex) {
    auto b = hex_fixed(hex, 32);
    if (!b) return b.err();
    auto s = scalar::decode(*b);
    if (!s) return error{errc::out_of_range, "value is not in Z_q (not less than q)"};
    return s;
}

std::string upper_hex(byte_span b) {
    static constexpr char d[] = "0123456789ABCDEF";
    std::string s;
    s.reserve(2 * b.size());
    for (byte x : b) {
        s.push_back(d[x >> 4]);
        s.push_back(d[x & 15]);
    }
    return s;
}

}  // namespace scrutineer::eg
