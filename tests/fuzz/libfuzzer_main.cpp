// The libFuzzer entry points of `scrutineer_fuzz` (built with -DSCRUTINEER_FUZZ=ON
// and clang; run by scripts/fuzz.sh). The target is named by the environment
// variable SCRUTINEER_FUZZ_TARGET; with SCRUTINEER_FUZZ_SEEDS=DIR set, the
// binary writes the target's seeds into DIR and exits.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "targets.hpp"

namespace {
const scrutineer::fuzz::target* chosen = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* name = std::getenv("SCRUTINEER_FUZZ_TARGET");
    if (name) chosen = scrutineer::fuzz::find_target(name);
    if (!chosen) {
        std::fprintf(stderr, "scrutineer_fuzz: set SCRUTINEER_FUZZ_TARGET to one of:\n");
        for (const auto& t : scrutineer::fuzz::targets())
            std::fprintf(stderr, "  %-12s %.*s\n", std::string(t.name).c_str(), static_cast<int>(t.what.size()), t.what.data());
        std::exit(2);
    }
    if (const char* dir = std::getenv("SCRUTINEER_FUZZ_SEEDS")) {
        std::filesystem::create_directories(dir);
        int i = 0;
        for (const auto& s : chosen->seeds()) {
            std::ofstream out(std::filesystem::path(dir) / ("seed-" + std::to_string(++i)), std::ios::binary);
            out.write(s.data(), static_cast<std::streamsize>(s.size()));
        }
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chosen->run(scrutineer::fuzz::input(data, size));
    return 0;
}
