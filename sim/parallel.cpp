#include "sim/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "sim/error.hpp"

namespace sim {

#if defined(XIAODA_PARALLEL_TBB)

const char* parallel_backend() { return "tbb"; }

ThreadArena::ThreadArena(int threads) : threads_(std::max(1, threads)), arena_(std::max(1, threads)) {}
ThreadArena::~ThreadArena() = default;

#else

const char* parallel_backend() { return "threads"; }

namespace detail {

/// A fixed set of threads that share out the chunks of one loop at a time: each takes the next
/// chunk index from an atomic counter until none is left. The thread that starts the loop works
/// too, and returns when every chunk is done. Everything shared is published under the mutex.
class ThreadPool {
 public:
  explicit ThreadPool(int threads) {
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { worker(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void run(std::size_t chunks, void (*body)(void*, std::size_t), void* ctx) {
    std::unique_lock lk(loop_mu_);  // one loop at a time per pool (two threads may share an arena)
    {
      std::lock_guard g(mu_);
      body_ = body;
      ctx_ = ctx;
      chunks_ = chunks;
      next_.store(0, std::memory_order_relaxed);
      failed_.store(false, std::memory_order_relaxed);
      error_ = nullptr;
      busy_ = workers_.size();
      ++generation_;
    }
    wake_.notify_all();
    work();
    std::exception_ptr error;
    {
      std::unique_lock g(mu_);
      done_.wait(g, [&] { return busy_ == 0; });
      error = error_;
      error_ = nullptr;
    }
    if (error) std::rethrow_exception(error);
  }

 private:
  void worker() {
    std::uint64_t seen = 0;
    while (true) {
      {
        std::unique_lock lk(mu_);
        wake_.wait(lk, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
      }
      work();
      {
        std::lock_guard lk(mu_);
        if (--busy_ == 0) done_.notify_all();
      }
    }
  }

  void work();

  std::mutex loop_mu_, mu_;
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
  std::uint64_t generation_ = 0;
  std::size_t busy_ = 0;  ///< workers still in the current loop
  void (*body_)(void*, std::size_t) = nullptr;
  void* ctx_ = nullptr;
  std::size_t chunks_ = 0;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
};

namespace {
thread_local ThreadPool* t_current = nullptr;  ///< pool of the arena this thread executes in
thread_local bool t_in_chunk = false;          ///< inside a chunk: nested loops run serially

ThreadPool& default_pool() {  // outside any arena, like TBB's implicit arena: one thread per core
  static ThreadPool pool(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  return pool;
}

void run_serially(std::size_t chunks, void (*body)(void*, std::size_t), void* ctx) {
  for (std::size_t c = 0; c < chunks; ++c) body(ctx, c);
}
}  // namespace

void ThreadPool::work() {
  const bool outer = t_in_chunk;
  t_in_chunk = true;
  while (true) {
    const std::size_t c = next_.fetch_add(1, std::memory_order_relaxed);
    if (c >= chunks_) break;
    if (failed_.load(std::memory_order_relaxed)) continue;  // a chunk failed: skip the rest
    try {
      body_(ctx_, c);
    } catch (...) {
      std::lock_guard lk(mu_);
      if (!error_) error_ = std::current_exception();
      failed_.store(true, std::memory_order_relaxed);
    }
  }
  t_in_chunk = outer;
}

void run_chunks(std::size_t chunks, void (*body)(void*, std::size_t), void* ctx) {
  if (t_in_chunk) return run_serially(chunks, body, ctx);
  ThreadPool* pool = t_current ? t_current : &default_pool();
  pool->run(chunks, body, ctx);
}

ThreadPool* exchange_current_pool(ThreadPool* pool) { return std::exchange(t_current, pool); }

ThreadPool* create_pool(int threads) { return new ThreadPool(threads); }
void destroy_pool(ThreadPool* pool) { delete pool; }

}  // namespace detail

ThreadArena::ThreadArena(int threads) : threads_(std::max(1, threads)), pool_(detail::create_pool(threads_)) {}
ThreadArena::~ThreadArena() = default;

#endif

}  // namespace sim
