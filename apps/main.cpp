// scrutineer — command-line tool entry point. Subcommands live in apps/cmd_*.cpp.
#include <algorithm>
#include <iostream>
#include <map>

#include "command.hpp"
#include "scrutineer/version.hpp"

int main(int argc, char** argv) {
    using namespace scrutineer::cli;
    CLI::App app{"scrutineer: end-to-end verifiable elections (encryption, mix-net, proofs, verifier)", "scrutineer"};
    app.set_version_flag("--version", std::string(scrutineer::version));
    app.require_subcommand(1);

    auto& entries = registry();
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    std::map<CLI::App*, runner> runners;
    for (auto& e : entries) {
        CLI::App* sub = app.add_subcommand(e.name, e.description);
        runners[sub] = e.configure(*sub);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? ok : bad_input;
    }
    for (auto& [sub, run] : runners) {
        if (sub->parsed()) {
            try {
                return run();
            } catch (const std::exception& e) {
                std::cerr << "scrutineer " << sub->get_name() << ": error: " << e.what() << "\n";
                return bad_input;
            }
        }
    }
    std::cerr << app.help();
    return bad_input;
}
