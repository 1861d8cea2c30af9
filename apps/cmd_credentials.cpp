// `scrutineer credentials issue --count N --roll FILE --secrets FILE [--prefix P]`:
// the credential authority issues N voter credentials (Ed25519 key pairs).
// Writes the public roll (JSON Lines {voter, credential, weight}, sorted by
// voter id; docs/format/record.md) and the secret credentials (JSON Lines
// {voter, seed}, mode 0600) for delivery to each voter, then to be destroyed.
// Prints the roll commitment that the board's open entry will carry.
// Existing files are never overwritten.
//
// `scrutineer credentials sign-roll --manifest M --roll R --key K --out FILE`:
// the authority signs the roll for this election (the statement of
// docs/spec.md §8.5 over the manifest hash, the roll commitment and its size);
// the board operator puts the signature in the open entry.
//
// `scrutineer credentials revoke --manifest M --roll R --voter ID --reason TEXT
// --key K --out FILE`: a revocation signed by the authority (§8.8), for the
// operator to post (`scrutineer board revoke`).
//
// Exit: 0 written, 2 bad usage or input, 3 I/O error.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "command.hpp"
#include "key_file.hpp"
#include "scrutineer/election/record.hpp"
#include "setup_files.hpp"

namespace {

using namespace scrutineer;
namespace fs = std::filesystem;

struct options {
    std::size_t count = 0;
    std::string prefix = "v";
    std::string roll;
    std::string secrets;
    std::string manifest, key, out, voter, reason;
};

int fail(const char* cmd, const error& e) {
    std::cerr << "scrutineer credentials " << cmd << ": " << e.message << "\n";
    return e.code == errc::io ? cli::io_error : cli::bad_input;
}

/// The manifest and roll files, and the authority's key.
struct authority_inputs {
    election::manifest m;
    election::roll roll;
    election::signing_key key;
};

result<authority_inputs> read_authority_inputs(const options& o) {
    auto m = election::manifest::load(o.manifest);
    if (!m) return m.err();
    auto rl = election::roll::load(o.roll);
    if (!rl) return with_context(o.roll, rl.err());
    auto key = cli::read_key_file(o.key);
    if (!key) return key.err();
    return authority_inputs{std::move(*m), std::move(*rl), std::move(*key)};
}

int run_sign_roll(const options& o) {
    auto in = read_authority_inputs(o);
    if (!in) return fail("sign-roll", in.err());
    election::record::open_payload p;
    p.manifest_hash = in->m.hash();
    p.roll_commitment = in->roll.commitment();
    p.roll_size = in->roll.size();
    cli::roll_signature_file f{p.manifest_hash, p.roll_commitment, p.roll_size, in->key.public_key(),
                               in->key.sign(p.roll_statement())};
    if (auto s = election::record::write_json_file(o.out, f.to_json(), true); !s) return fail("sign-roll", s.err());
    std::cout << "signed the roll of " << p.roll_size << " voters for election \"" << in->m.election_id << "\"\n"
              << "roll commitment: " << to_hex(p.roll_commitment) << "\n"
              << "authority key:   " << f.authority.hex() << "\n"
              << "signature:       " << o.out << "\n";
    return cli::ok;
}

int run_revoke(const options& o) {
    auto in = read_authority_inputs(o);
    if (!in) return fail("revoke", in.err());
    if (!in->roll.find_voter(o.voter)) return fail("revoke", error{errc::bad_input, "voter \"" + o.voter + "\" is not on the roll"});
    if (o.reason.empty() || o.reason.size() > 200)
        return fail("revoke", error{errc::bad_input, "--reason must be 1..200 characters"});
    election::record::revoke_payload r{o.voter, o.reason, {}};
    r.authority_signature = in->key.sign(r.statement(in->m.hash()));
    if (auto s = election::record::write_json_file(o.out, r.to_json(), true); !s) return fail("revoke", s.err());
    std::cout << "revocation of " << o.voter << " (" << o.reason << ") signed: " << o.out
              << "\n(it takes effect from its position on the board: scrutineer board revoke)\n";
    return cli::ok;
}

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

cli::command reg("credentials", "Credential authority: issue voter credentials and the public roll, sign it, revoke",
                 [](CLI::App& sub) -> cli::runner {
                     auto o = std::make_shared<options>();
                     sub.require_subcommand(1);
                     auto* issue = sub.add_subcommand("issue", "Issue N credentials: a public roll and the secret credentials");
                     issue->add_option("--count", o->count, "number of voters")->required()->check(CLI::Range(1, 10000000));
                     issue->add_option("--prefix", o->prefix, "voter id prefix (ids are prefix + zero-padded number)")
                         ->default_val("v");
                     issue->add_option("--roll", o->roll, "public roll to write (JSON Lines)")->required();
                     issue->add_option("--secrets", o->secrets, "secret credentials to write (JSON Lines, mode 0600)")->required();
                     auto which = std::make_shared<std::string>("issue");
                     auto* sign = sub.add_subcommand("sign-roll", "Sign the roll for an election (the open entry carries the signature)");
                     auto* rev = sub.add_subcommand("revoke", "Sign a voter's revocation, for the board operator to post");
                     for (auto* a : {sign, rev}) {
                         a->add_option("--manifest", o->manifest, "the election's manifest.json")->required();
                         a->add_option("--roll", o->roll, "the public roll (JSON Lines)")->required();
                         a->add_option("--key", o->key, "file with the credential authority's Ed25519 key seed (64 hex digits)")
                             ->required();
                         a->add_option("--out", o->out, "file to write (JSON; never overwritten)")->required();
                     }
                     rev->add_option("--voter", o->voter, "the voter id on the roll")->required();
                     rev->add_option("--reason", o->reason, "why (1..200 characters, e.g. \"membership lapsed\")")->required();
                     sign->callback([which] { *which = "sign-roll"; });
                     rev->callback([which] { *which = "revoke"; });
                     return [o, which] {
                         if (*which == "sign-roll") return run_sign_roll(*o);
                         if (*which == "revoke") return run_revoke(*o);
                         return run(*o);
                     };
                 });

}  // namespace
