// Constant-time check of the ranked-ballot encoding (mixnet/ranking.hpp), run
// under valgrind by tests/cli/ctime.sh: the ranking and its length are marked
// secret; a canary branches on a secret on purpose and must be reported.
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>
#include "scrutineer/core/ct.hpp"
#include "scrutineer/mixnet/ranking.hpp"
using namespace scrutineer;
int main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "--canary") {
        volatile std::uint32_t v = 1;
        std::uint32_t m = v;
        ct::classify(&m, sizeof m);
        if (m == 1) std::puts("canary");
        return 0;
    }
    int failures = 0;
    for (std::size_t m : {20u, 31u}) {
        for (std::uint32_t L : {0u, 3u, static_cast<std::uint32_t>(m)}) {
            std::vector<std::uint32_t> padded(m);
            for (std::size_t i = 0; i < m; ++i) padded[i] = static_cast<std::uint32_t>((i * 7 + 3) % m);
            std::uint32_t len = L;
            ct::classify(padded.data(), padded.size() * 4);
            ct::classify(&len, sizeof len);
            auto r = mixnet::encode_ranking_padded(padded, len, m);
            bool ok = r.ok();
            ct::declassify(&ok, sizeof ok);
            if (!ok) { std::fprintf(stderr, "padded m=%zu L=%u failed\n", m, L); ++failures; continue; }
            for (auto& p : *r) {
                auto e = ristretto255::encode(p);  // the plaintext point is public to this check
                ct::declassify(e.bytes.data(), 32);
            }
            // the span form: contents secret (the length is its container's size)
            std::vector<std::uint32_t> pre(padded.begin(), padded.begin() + L);
            auto r2 = mixnet::encode_ranking(pre, m);
            bool ok2 = r2.ok();
            ct::declassify(&ok2, sizeof ok2);
            if (!ok2) { ++failures; continue; }
            for (auto& p : *r2) { auto e = ristretto255::encode(p); ct::declassify(e.bytes.data(), 32); }
        }
    }
    std::printf("ctime ranking: %d failures\n", failures);
    return failures;
}
