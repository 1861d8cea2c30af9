// [speed] the parallel layer: every index exactly once, nested loops,
// exceptions, thread counts.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "scrutineer/parallel/pool.hpp"

using namespace scrutineer;

TEST_CASE("parallel: for_each runs every index exactly once", "[speed][parallel]") {
    for (std::size_t t : {1, 2, 4}) {
        parallel::thread_scope ts(t);
        CHECK(parallel::threads() == t);
        for (std::size_t n : {0, 1, 2, 3, 17, 1000}) {
            std::vector<std::atomic<int>> hits(n);
            parallel::for_each(n, [&](std::size_t i) { hits[i].fetch_add(1); });
            for (std::size_t i = 0; i < n; ++i) CHECK(hits[i].load() == 1);
            std::vector<std::atomic<int>> chunk_hits(n);
            parallel::for_chunks(n, 7, [&](std::size_t lo, std::size_t hi) {
                CHECK(lo < hi);
                for (std::size_t i = lo; i < hi; ++i) chunk_hits[i].fetch_add(1);
            });
            for (std::size_t i = 0; i < n; ++i) CHECK(chunk_hits[i].load() == 1);
        }
    }
}

TEST_CASE("parallel: nested loops run serially without deadlock", "[speed][parallel]") {
    parallel::thread_scope ts(2);
    std::atomic<int> total{0};
    parallel::for_each(8, [&](std::size_t) {
        parallel::for_each(8, [&](std::size_t) { total.fetch_add(1); });
    });
    CHECK(total.load() == 64);
}

TEST_CASE("parallel: the first exception reaches the caller after all tasks", "[speed][parallel]") {
    parallel::thread_scope ts(2);
    std::atomic<int> ran{0};
    CHECK_THROWS_AS(parallel::for_each(50,
                                       [&](std::size_t i) {
                                           ran.fetch_add(1);
                                           if (i % 10 == 3) throw std::runtime_error("task failed");
                                       }),
                    std::runtime_error);
    CHECK(ran.load() == 50);
    // the pool is still usable
    std::atomic<int> again{0};
    parallel::for_each(10, [&](std::size_t) { again.fetch_add(1); });
    CHECK(again.load() == 10);
}

TEST_CASE("parallel: thread counts", "[speed][parallel]") {
    CHECK(parallel::hardware_threads() >= 1);
    {
        parallel::thread_scope ts(0);
        CHECK(parallel::threads() == parallel::hardware_threads());
    }
    parallel::thread_scope ts(3);
    std::atomic<int> n{0};
    parallel::for_each(100, [&](std::size_t) { n.fetch_add(1); }, 1);  // max_threads = 1
    CHECK(n.load() == 100);
}
