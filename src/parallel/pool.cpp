// scrutineer — parallel: the process-wide worker pool (see parallel/pool.hpp).
#include "scrutineer/parallel/pool.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace scrutineer::parallel {

namespace {

/// One running loop. Lives on the caller's stack; workers reach it only
/// through pool::current_, under the pool mutex, while the caller waits.
struct job {
    const std::function<void(std::size_t)>* fn = nullptr;
    std::size_t n = 0;
    std::size_t workers_allowed = 0;
    std::atomic<std::size_t> next{0};
    std::mutex err_mutex;
    std::exception_ptr err;
};

thread_local bool in_task = false;

void run_tasks(job& j) {
    const bool outer = in_task;
    in_task = true;
    for (;;) {
        const std::size_t i = j.next.fetch_add(1, std::memory_order_relaxed);
        if (i >= j.n) break;
        try {
            (*j.fn)(i);
        } catch (...) {
            std::lock_guard<std::mutex> g(j.err_mutex);
            if (!j.err) j.err = std::current_exception();
        }
    }
    in_task = outer;
}

std::size_t detect_cores() noexcept {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        const int c = CPU_COUNT(&set);
        if (c > 0) return static_cast<std::size_t>(c);
    }
    const unsigned h = std::thread::hardware_concurrency();
    return h == 0 ? 1 : h;
}

class pool {
public:
    static pool& instance() {
        static pool p;
        return p;
    }

    std::size_t threads() const noexcept { return threads_.load(std::memory_order_relaxed); }

    void set_threads(std::size_t n) {
        std::lock_guard<std::mutex> s(submit_);  // waits for a running loop
        threads_.store(n == 0 ? cores_ : n, std::memory_order_relaxed);
    }

    std::size_t cores() const noexcept { return cores_; }

    void run(std::size_t n, const std::function<void(std::size_t)>& fn, std::size_t max_threads) {
        std::size_t t = threads();
        if (max_threads != 0) t = std::min(t, max_threads);
        t = std::min(t, n);
        if (t <= 1 || in_task) return serial(n, fn);
        std::unique_lock<std::mutex> s(submit_, std::try_to_lock);
        if (!s.owns_lock()) return serial(n, fn);  // another thread's loop holds the pool

        job j;
        j.fn = &fn;
        j.n = n;
        j.workers_allowed = t - 1;
        {
            std::lock_guard<std::mutex> lk(m_);
            while (workers_.size() < t - 1) {
                const std::size_t id = workers_.size();
                workers_.emplace_back([this, id] { worker(id); });
            }
            current_ = &j;
            ++generation_;
        }
        work_.notify_all();
        run_tasks(j);
        {
            std::unique_lock<std::mutex> lk(m_);
            done_.wait(lk, [&] { return busy_ == 0; });
            current_ = nullptr;  // late wakers find no job
        }
        if (j.err) std::rethrow_exception(j.err);
    }

    ~pool() {
        {
            std::lock_guard<std::mutex> lk(m_);
            stop_ = true;
        }
        work_.notify_all();
        for (auto& w : workers_) w.join();
    }

private:
    pool() : cores_(detect_cores()), threads_(cores_) {}

    static void serial(std::size_t n, const std::function<void(std::size_t)>& fn) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
    }

    void worker(std::size_t id) {
        std::uint64_t seen = 0;
        std::unique_lock<std::mutex> lk(m_);
        for (;;) {
            work_.wait(lk, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            job* j = current_;
            if (j == nullptr || id >= j->workers_allowed) continue;
            ++busy_;
            lk.unlock();
            run_tasks(*j);
            lk.lock();
            if (--busy_ == 0) done_.notify_all();
        }
    }

    const std::size_t cores_;
    std::atomic<std::size_t> threads_;
    std::mutex submit_;  // held by the thread whose loop owns the pool
    std::mutex m_;       // guards everything below
    std::condition_variable work_, done_;
    std::vector<std::thread> workers_;
    job* current_ = nullptr;
    std::uint64_t generation_ = 0;
    std::size_t busy_ = 0;
    bool stop_ = false;
};

}  // namespace

std::size_t threads() noexcept { return pool::instance().threads(); }
void set_threads(std::size_t n) { pool::instance().set_threads(n); }
std::size_t hardware_threads() noexcept { return pool::instance().cores(); }

void for_each(std::size_t n, const std::function<void(std::size_t)>& fn, std::size_t max_threads) {
    if (n == 0) return;
    pool::instance().run(n, fn, max_threads);
}

void for_chunks(std::size_t n, std::size_t min_chunk, const std::function<void(std::size_t, std::size_t)>& fn) {
    if (n == 0) return;
    if (min_chunk == 0) min_chunk = 1;
    const std::size_t by_size = (n + min_chunk - 1) / min_chunk;
    const std::size_t chunks = std::max<std::size_t>(1, std::min(by_size, 4 * threads()));
    const std::size_t step = (n + chunks - 1) / chunks;
    for_each(chunks, [&](std::size_t c) {
        const std::size_t b = c * step;
        const std::size_t e = std::min(n, b + step);
        if (b < e) fn(b, e);
    });
}

}  // namespace scrutineer::parallel
