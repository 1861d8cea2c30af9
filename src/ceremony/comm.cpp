// scrutineer — ceremony: libsodium public-key boxes for share transport.
#include "scrutineer/ceremony/comm.hpp"

#include <sodium.h>

#include <stdexcept>

namespace scrutineer::ceremony {

static_assert(crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32 && crypto_box_SEEDBYTES == 32);
static_assert(seal_overhead == crypto_box_NONCEBYTES + crypto_box_MACBYTES);

comm_key_pair comm_key_pair::generate(rng& r) {
    init();
    secret<std::array<byte, 32>> seed;
    r.fill(seed.expose_mut());
    comm_key_pair kp;
    crypto_box_seed_keypair(kp.pk.data(), kp.sk.expose_mut().data(), seed.expose().data());
    return kp;
}

comm_key_pair comm_key_pair::from_secret(const comm_secret_key& sk) {
    init();
    comm_key_pair kp;
    kp.sk = sk.clone();
    crypto_scalarmult_base(kp.pk.data(), sk.expose().data());
    return kp;
}

bytes seal(byte_span plaintext, const comm_public_key& recipient, const comm_secret_key& sender, rng& r) {
    init();
    bytes out(crypto_box_NONCEBYTES + crypto_box_MACBYTES + plaintext.size());
    r.fill(mutable_byte_span(out.data(), crypto_box_NONCEBYTES));
    if (crypto_box_easy(out.data() + crypto_box_NONCEBYTES, plaintext.data(), plaintext.size(), out.data(),
                        recipient.data(), sender.expose().data()) != 0)
        throw std::invalid_argument("ceremony::seal: the recipient's communication key is not usable");
    return out;
}

result<secure_bytes> open(byte_span sealed, const comm_public_key& sender, const comm_secret_key& recipient) {
    init();
    if (sealed.size() < crypto_box_NONCEBYTES + crypto_box_MACBYTES)
        return error{errc::bad_length, "encrypted share is " + std::to_string(sealed.size()) +
                                           " bytes, shorter than nonce and tag"};
    secure_bytes out(sealed.size() - crypto_box_NONCEBYTES - crypto_box_MACBYTES);
    if (crypto_box_open_easy(out.data(), sealed.data() + crypto_box_NONCEBYTES, sealed.size() - crypto_box_NONCEBYTES,
                             sealed.data(), sender.data(), recipient.expose().data()) != 0)
        return error{errc::verify_failed, "encrypted share does not open (altered, or not from this dealer to this recipient)"};
    return out;
}

}  // namespace scrutineer::ceremony
