// scrutineer CLI — what a party checks before it acts on a record: the mixer
// before it shuffles (`scrutineer mix`), a trustee before it decrypts
// (`scrutineer trustee share`). The record is verified as `scrutineer verify`
// does; every check must pass except those of later stages, which cannot pass
// yet. R1 (the mix-input is exactly the counted papers) is required for the
// party's own ranked contest only.
#pragma once

#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "scrutineer/election/verify.hpp"

namespace scrutineer::cli {

struct gate_outcome {
    int exit = ok;            ///< ok, or the exit status to return
    bool r2_sound = false;    ///< R2 ran and every proof of shuffle held
};

/// Verifies the record in `dir` and refuses (exit 1, listing each problem on
/// standard error under `who`) if any check outside `later` fails or cannot
/// run; R1's failures count only for `contest` (none if empty). Exit 2 or 3
/// when the record cannot be read.
inline gate_outcome check_record_so_far(const std::string& who, const std::string& dir, std::size_t threads,
                                        const std::set<std::string_view>& later, const std::string& contest,
                                        const std::string& refusing) {
    gate_outcome g;
    auto rep = election::verify_record(dir, election::verify_options{threads, {}});
    if (!rep) {
        std::cerr << who << ": " << rep.err().describe() << "\n";
        g.exit = rep.err().code == errc::io ? io_error : bad_input;
        return g;
    }
    const std::string mine = "contest \"" + contest + "\"";
    std::vector<std::string> problems;
    for (const auto& c : rep->checks) {
        if (c.info.id == "R2") g.r2_sound = c.failures.empty() && c.skipped.empty();
        if (later.count(c.info.id)) continue;
        const bool r1 = c.info.id == "R1";
        for (const auto& f : c.failures)
            if (!r1 || (!contest.empty() && f.rfind(mine, 0) == 0)) problems.push_back(std::string(c.info.id) + ": " + f);
        if (!c.skipped.empty() && !r1) problems.push_back(std::string(c.info.id) + " not run: " + c.skipped);
    }
    if (!problems.empty()) {
        std::cerr << who << ": the record does not verify; refusing to " << refusing << ":\n";
        for (const auto& p : problems) std::cerr << "  " << p << "\n";
        g.exit = check_failed;
    }
    return g;
}

}  // namespace scrutineer::cli
