// A downstream program: encrypt a vote and check it decrypts.
#include <scrutineer/scrutineer.hpp>

int main() {
    using namespace scrutineer;
    using G = ristretto255;
    auto sk = secret<G::scalar>(G::scalar::random_nonzero(default_rng()));
    auto pk = elgamal::public_key<G>(G::mul_base(sk.expose()));
    auto ct = elgamal::encrypt_exp<G>(pk, 1, default_rng());
    auto m = elgamal::decrypt_exp<G>(sk, ct.ct, 10);
    return (m && *m == 1) ? 0 : 1;
}
