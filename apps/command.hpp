// scrutineer CLI — subcommand registry.
//
// Each apps/cmd_*.cpp registers its subcommand with a static `command` object:
//
//   static scrutineer::cli::command reg("count", "Count ranked ballots",
//       [](CLI::App& sub) -> scrutineer::cli::runner {
//           auto opts = std::make_shared<Options>();
//           sub.add_option("file", opts->file, "...")->required();
//           return [opts] { return run_count(*opts); };   // returns the exit status
//       });
//
// Exit statuses used by every subcommand: 0 success, 1 a check or verification
// failed, 2 bad usage or malformed input, 3 an I/O error.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace scrutineer::cli {

using runner = std::function<int()>;
using setup = std::function<runner(CLI::App&)>;

struct command_entry {
    std::string name;
    std::string description;
    setup configure;
};

inline std::vector<command_entry>& registry() {
    static std::vector<command_entry> r;
    return r;
}

struct command {
    command(std::string name, std::string description, setup s) {
        registry().push_back({std::move(name), std::move(description), std::move(s)});
    }
};

enum exit_status : int { ok = 0, check_failed = 1, bad_input = 2, io_error = 3 };

}  // namespace scrutineer::cli
