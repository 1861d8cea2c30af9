// A downstream program: encrypt a vote and check it decrypts (the core
// umbrella), and read a manifest back from its JSON (the election layer's
// umbrella, scrutineer/election.hpp), so that the installed package carries
// what both need.
#include <scrutineer/election.hpp>
#include <scrutineer/scrutineer.hpp>

int main() {
    using namespace scrutineer;
    using G = ristretto255;
    auto sk = secret<G::scalar>(G::scalar::random_nonzero(default_rng()));
    auto pk = elgamal::public_key<G>(G::mul_base(sk.expose()));
    auto ct = elgamal::encrypt_exp<G>(pk, 1, default_rng());
    auto m = elgamal::decrypt_exp<G>(sk, ct.ct, 10);
    const auto manifest = election::demo_manifest(3, 2, true);
    auto back = election::manifest::from_json(manifest.to_json());
    return (m && *m == 1 && back && back->hash() == manifest.hash()) ? 0 : 1;
}
