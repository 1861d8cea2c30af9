// `scrutineer key new --out FILE` and `scrutineer key public FILE`: the
// Ed25519 signing keys of an election's parties (the board operator, the
// credential authority, each trustee's co-signing key). A key file holds the
// 32-byte seed as 64 hex digits (apps/key_file.hpp); it is created with mode
// 0600 and never overwritten. Both commands print the public key (64 hex
// digits), which the party hands to the others (the operator's `board
// prepare --authority-key/--trustee-keys`).
//
// Exit: 0 done, 2 bad usage or not a key file, 3 I/O error.
#include <iostream>
#include <memory>
#include <string>

#include "command.hpp"
#include "key_file.hpp"

namespace {

using namespace scrutineer;

struct options {
    std::string out, file;
};

int run_new(const options& o) {
    auto key = election::signing_key::generate(default_rng());
    if (auto s = cli::write_key_file(o.out, key); !s) {
        std::cerr << "scrutineer key new: " << s.err().message << "\n";
        return cli::io_error;
    }
    std::cout << key.public_key().hex() << "\n";
    return cli::ok;
}

int run_public(const options& o) {
    auto key = cli::read_key_file(o.file);
    if (!key) {
        std::cerr << "scrutineer key public: " << key.err().message << "\n";
        return key.err().code == errc::io ? cli::io_error : cli::bad_input;
    }
    std::cout << key->public_key().hex() << "\n";
    return cli::ok;
}

cli::command reg("key", "Ed25519 signing keys of the operator, the credential authority and the trustees",
                 [](CLI::App& sub) -> cli::runner {
                     auto o = std::make_shared<options>();
                     auto which = std::make_shared<std::string>();
                     sub.require_subcommand(1);
                     sub.footer("A key file holds the 32-byte seed as 64 hex digits, mode 0600. Both commands print\n"
                                "the public key. Exit: 0 done, 2 bad input, 3 I/O error.");
                     auto* n = sub.add_subcommand("new", "Create a new key file (never overwritten) and print its public key");
                     n->add_option("--out", o->out, "the key file to create")->required();
                     n->callback([which] { *which = "new"; });
                     auto* p = sub.add_subcommand("public", "Print the public key of a key file");
                     p->add_option("file", o->file, "the key file")->required();
                     p->callback([which] { *which = "public"; });
                     return [o, which] { return *which == "new" ? run_new(*o) : run_public(*o); };
                 });

}  // namespace
