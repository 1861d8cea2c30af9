// `scrutineer credentials issue --count N --roll FILE --secrets FILE [--prefix P]`:
// the credential authority issues N voter credentials (Ed25519 key pairs).
// Writes the public roll (JSON Lines {voter, credential, weight}, sorted by
// voter id; docs/format/record.md) and the secret credentials (JSON Lines
// {voter, seed}, mode 0600) for delivery to each voter, then to be destroyed.
// Prints the roll commitment that the board's open entry will carry.
// Existing files are never overwritten.
//
// Exit: 0 written, 2 bad usage, 3 I/O error.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "command.hpp"
#include "scrutineer/election/roll.hpp"

namespace {

using namespace scrutineer;
namespace fs = std::filesystem;

struct options {
    std::size_t count = 0;
    std::string prefix = "v";
    std::string roll;
    std::string secrets;
};

int run(const options& o) {
    for (const auto& p : {o.roll, o.secrets})
        if (fs::exists(p)) {
            std::cerr << "scrutineer credentials issue: " << p << " exists; refusing to overwrite it\n";
            return cli::bad_input;
        }
    if (o.roll == o.secrets) {
        std::cerr << "scrutineer credentials issue: --roll and --secrets must be different files\n";
        return cli::bad_input;
    }
    auto iss = election::issue_credentials(o.count, o.prefix, default_rng());
    if (!iss) {
        std::cerr << "scrutineer credentials issue: " << iss.err().message << "\n";
        return cli::bad_input;
    }
    if (auto s = election::save_credentials(o.secrets, iss->secrets); !s) {
        std::cerr << "scrutineer credentials issue: " << s.err().message << "\n";
        return cli::io_error;
    }
    if (auto s = iss->roll.save(o.roll); !s) {
        std::cerr << "scrutineer credentials issue: " << s.err().message << "\n";
        return cli::io_error;
    }
    std::cout << "issued " << iss->roll.size() << " credentials\n"
              << "public roll:        " << o.roll << "\n"
              << "secret credentials: " << o.secrets << " (mode 0600: deliver each line to its voter, then destroy)\n"
              << "roll commitment:    " << to_hex(iss->roll.commitment()) << "\n";
    return cli::ok;
}

cli::command reg("credentials", "Credential authority: issue voter credentials and the public roll",
                 [](CLI::App& sub) -> cli::runner {
                     auto o = std::make_shared<options>();
                     sub.require_subcommand(1);
                     auto* issue = sub.add_subcommand("issue", "Issue N credentials: a public roll and the secret credentials");
                     issue->add_option("--count", o->count, "number of voters")->required()->check(CLI::Range(1, 10000000));
                     issue->add_option("--prefix", o->prefix, "voter id prefix (ids are prefix + zero-padded number)")
                         ->default_val("v");
                     issue->add_option("--roll", o->roll, "public roll to write (JSON Lines)")->required();
                     issue->add_option("--secrets", o->secrets, "secret credentials to write (JSON Lines, mode 0600)")->required();
                     return [o] { return run(*o); };
                 });

}  // namespace
