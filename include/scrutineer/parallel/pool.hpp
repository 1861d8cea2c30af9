// scrutineer — parallel: a small fork–join layer for the heavy loops.
//
// One process-wide pool of worker threads runs index loops (`for_each`) and
// chunked ranges (`for_chunks`); the calling thread takes part, so a loop on
// t threads uses t − 1 workers. Used by multi-scalar multiplication, batch
// verification and batch decoding. Design and the reasons for a home-grown
// pool rather than oneTBB: docs/design/parallel.md.
//
// Rules:
//  * The thread count is process-wide: `set_threads(n)`, default (and n = 0)
//    all cores (std::thread::hardware_concurrency()).
//  * Nested loops (a loop started from inside a task) and loops started while
//    another thread's loop holds the pool run serially in the calling thread:
//    no deadlock, no oversubscription.
//  * If tasks throw, every task still runs to completion or throws, and the
//    first exception is rethrown in the caller.
//  * Tasks must not depend on one another (no task waits for another task).
#pragma once

#include <cstddef>
#include <functional>

namespace scrutineer::parallel {

/// The number of threads heavy loops use (at least 1).
std::size_t threads() noexcept;

/// Sets the number of threads; 0 means all cores. Takes effect for loops
/// started afterwards; waits for a running loop to finish. Thread-safe.
void set_threads(std::size_t n);

/// The number of cores reported by the system (at least 1).
std::size_t hardware_threads() noexcept;

/// Runs fn(i) for every i in [0, n) on up to min(threads(), max_threads) threads
/// (0 = no extra limit) and returns when all are done. Indices are handed out
/// dynamically, one at a time, so unequal tasks balance.
void for_each(std::size_t n, const std::function<void(std::size_t)>& fn, std::size_t max_threads = 0);

/// Splits [0, n) into contiguous chunks of at least `min_chunk` indices (about
/// four per thread, for balance) and runs fn(begin, end) on each, in parallel.
void for_chunks(std::size_t n, std::size_t min_chunk, const std::function<void(std::size_t, std::size_t)>& fn);

/// RAII: sets the thread count for a scope and restores the previous one
/// (benchmarks and tests).
class thread_scope {
public:
    explicit thread_scope(std::size_t n) : old_(threads()) { set_threads(n); }
    ~thread_scope() { set_threads(old_); }
    thread_scope(const thread_scope&) = delete;
    thread_scope& operator=(const thread_scope&) = delete;

private:
    std::size_t old_;
};

}  // namespace scrutineer::parallel
