// scrutineer — election: ballot helpers that are not templates.
#include "scrutineer/election/ballot.hpp"

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

}  // namespace scrutineer::election
