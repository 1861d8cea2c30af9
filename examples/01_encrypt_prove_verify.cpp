// Example 1: encrypt a vote, prove it is 0 or 1, verify the proof, decrypt.
//
// The voter's device encrypts a yes/no choice under the election public key
// and attaches a zero-knowledge proof that the ciphertext holds 0 or 1 and
// nothing else. Anyone can check the proof; only the key holder(s) can decrypt.
#include <iostream>

#include <scrutineer/scrutineer.hpp>

int main() {
    using namespace scrutineer;
    using G = ristretto255;  // the default group: ristretto255, fast engine

    // 1. The election key (in a real election: a k-of-n trustee ceremony).
    auto keys = elgamal::key_pair<G>::generate(default_rng());

    // 2. Every proof is bound to the election and, here, to one ballot.
    const auto ctx = proof_context::for_election(std::string_view("example-election")).derive("ballot", "b-001");

    // 3. The voter chooses 1 ("yes"); the device encrypts and proves.
    const std::uint64_t vote = 1;
    auto enc = elgamal::encrypt_exp<G>(keys.pk, vote, default_rng());
    auto proof = proofs::prove_range<G>(ctx, keys.pk, enc.ct, /*R=*/1, vote, enc.randomness, default_rng());

    // 4. Anyone verifies with public data only.
    const proofs::range_statement<G> statement{keys.pk.element(), enc.ct, 1};
    const status ok = proofs::verify_range<G>(ctx, statement, proof);
    std::cout << "ciphertext: " << to_hex(enc.ct.encode()) << "\n"
              << "proof (" << proof.encode().size() << " bytes) verifies: " << ok.describe() << "\n";

    // 5. A proof checked in another ballot's context fails.
    const status copied = proofs::verify_range<G>(ctx.derive("copy", "b-002"), statement, proof);
    std::cout << "same proof, other context: " << copied.describe() << "\n";

    // 6. The key holder decrypts.
    auto m = elgamal::decrypt_exp<G>(keys.sk, enc.ct, /*max=*/1);
    std::cout << "decrypted vote: " << *m << "\n";
    return ok.ok() && !copied.ok() && *m == vote ? 0 : 1;
}
