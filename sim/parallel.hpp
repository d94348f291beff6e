#pragma once
// Deterministic parallel loops. Work is cut into chunks of a fixed size that never depends on the
// thread count; results that must be combined are combined in chunk order.
//
// Two interchangeable backends, chosen when configuring (XIAODA_PARALLEL_BACKEND):
//   tbb     - oneTBB (task_arena + parallel_for), the default;
//   threads - a small pool of std::threads per ThreadArena, for ThreadSanitizer builds (TSan does
//             not understand Debian's uninstrumented libtbb and reports false races).
// Both hand out the same chunks, and a chunk's work does not depend on the thread that runs it, so
// the results are bit-identical between the backends and for any thread count.
#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#if defined(XIAODA_PARALLEL_TBB)
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>
#elif !defined(XIAODA_PARALLEL_THREADS)
#error "define XIAODA_PARALLEL_TBB or XIAODA_PARALLEL_THREADS (set by CMake from XIAODA_PARALLEL_BACKEND)"
#endif

namespace sim {

/// Rows per chunk. Chunk boundaries are a function of the row count only.
inline constexpr std::size_t kChunk = 2048;

inline std::size_t chunk_count(std::size_t n, std::size_t grain = kChunk) { return (n + grain - 1) / grain; }

/// "tbb" or "threads": the backend this build was configured with.
const char* parallel_backend();

namespace detail {
class ThreadPool;
/// Threads backend: runs body(ctx, c) for every c in [0, chunks) on the threads of the current
/// ThreadArena (or of a default pool of one thread per core outside any arena); serially when
/// called from inside a chunk. Rethrows the first exception a chunk threw.
void run_chunks(std::size_t chunks, void (*body)(void*, std::size_t), void* ctx);
/// Makes `pool` current on this thread; returns the previous one.
ThreadPool* exchange_current_pool(ThreadPool* pool);
/// A pool of `threads` threads, the caller of run_chunks being one of them (threads - 1 are
/// started). Destroyed (threads joined) by destroy_pool; ThreadPool stays incomplete here.
ThreadPool* create_pool(int threads);
void destroy_pool(ThreadPool* pool);
}  // namespace detail

/// The threads of a run: parallel loops inside execute(fn) use `threads` threads, the caller
/// included. Replaces tbb::task_arena everywhere in the code.
class ThreadArena {
 public:
  explicit ThreadArena(int threads);
  ~ThreadArena();
  ThreadArena(const ThreadArena&) = delete;
  ThreadArena& operator=(const ThreadArena&) = delete;
  int threads() const { return threads_; }

  /// Runs fn on the calling thread with this arena's threads serving its parallel loops.
  template <class Fn>
  void execute(Fn&& fn) {
#if defined(XIAODA_PARALLEL_TBB)
    arena_.execute(std::forward<Fn>(fn));
#else
    struct Restore {
      detail::ThreadPool* previous;
      ~Restore() { detail::exchange_current_pool(previous); }
    } restore{detail::exchange_current_pool(pool_.get())};
    std::forward<Fn>(fn)();
#endif
  }

 private:
  int threads_;
#if defined(XIAODA_PARALLEL_TBB)
  tbb::task_arena arena_;
#else
  struct PoolDeleter {
    void operator()(detail::ThreadPool* p) const { detail::destroy_pool(p); }
  };
  std::unique_ptr<detail::ThreadPool, PoolDeleter> pool_;
#endif
};

/// fn(chunk_index, begin, end) for each fixed chunk of [0, n), in parallel.
template <class Fn>
void parallel_chunks(std::size_t n, Fn&& fn, std::size_t grain = kChunk) {
  const std::size_t chunks = chunk_count(n, grain);
  if (chunks <= 1) {
    if (n > 0) fn(std::size_t{0}, std::size_t{0}, n);
    return;
  }
#if defined(XIAODA_PARALLEL_TBB)
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, chunks, 1),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t c = r.begin(); c != r.end(); ++c) {
          const std::size_t b = c * grain;
          const std::size_t e = b + grain < n ? b + grain : n;
          fn(c, b, e);
        }
      },
      tbb::simple_partitioner());
#else
  struct Ctx {
    Fn* fn;
    std::size_t n, grain;
  } ctx{&fn, n, grain};
  detail::run_chunks(
      chunks,
      [](void* p, std::size_t c) {
        const Ctx& x = *static_cast<Ctx*>(p);
        const std::size_t b = c * x.grain;
        const std::size_t e = b + x.grain < x.n ? b + x.grain : x.n;
        (*x.fn)(c, b, e);
      },
      &ctx);
#endif
}

/// fn(row) for each row of [0, n), in parallel. Each row must write only its own state.
template <class Fn>
void parallel_rows(std::size_t n, Fn&& fn, std::size_t grain = kChunk) {
  parallel_chunks(
      n, [&](std::size_t, std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i) fn(i);
      },
      grain);
}

/// Deterministic map-reduce: map(row) -> T, partial results per chunk folded left to right, then
/// the partials folded in chunk order. Same bits for any thread count.
template <class T, class Map, class Combine>
T parallel_reduce(std::size_t n, T identity, Map&& map, Combine&& combine, std::size_t grain = kChunk) {
  std::vector<T> partial(chunk_count(n, grain), identity);
  parallel_chunks(
      n, [&](std::size_t c, std::size_t b, std::size_t e) {
        T acc = identity;
        for (std::size_t i = b; i < e; ++i) acc = combine(acc, map(i));
        partial[c] = acc;
      },
      grain);
  T total = identity;
  for (const T& p : partial) total = combine(total, p);
  return total;
}

/// Sum of map(row) over [0, n), deterministic.
template <class Map>
double parallel_sum(std::size_t n, Map&& map, std::size_t grain = kChunk) {
  return parallel_reduce<double>(n, 0.0, map, [](double a, double b) { return a + b; }, grain);
}

/// Runs each task once, the tasks in parallel with each other. For independent work on disjoint
/// state (e.g. sums into different arrays): a task runs whole on one thread, so what it computes
/// does not depend on the thread count. Tasks may use parallel loops themselves (in the threads
/// backend those run serially). If a task throws, the first exception reaches the caller and
/// tasks beside it may have stopped part way: the caller must treat the state they write as lost.
template <class... Fn>
void parallel_invoke(Fn&&... fn) {
  const std::array<std::function<void()>, sizeof...(Fn)> tasks{std::function<void()>(std::ref(fn))...};
  parallel_chunks(
      tasks.size(), [&](std::size_t, std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i) tasks[i]();
      },
      1);
}

/// Per-chunk buffers for things a parallel loop produces (births, messages, orders). Items are
/// pushed from inside a chunk and read back in chunk order, so the merged sequence is deterministic.
template <class T>
class ChunkBuffers {
 public:
  explicit ChunkBuffers(std::size_t n_rows, std::size_t grain = kChunk) : buf_(chunk_count(n_rows, grain)) {}
  std::vector<T>& operator[](std::size_t chunk) { return buf_[chunk]; }
  template <class Fn>
  void drain(Fn&& fn) {
    for (auto& b : buf_) {
      for (auto& x : b) fn(x);
      b.clear();
    }
  }
  std::size_t total() const {
    std::size_t n = 0;
    for (const auto& b : buf_) n += b.size();
    return n;
  }

 private:
  std::vector<std::vector<T>> buf_;
};

/// Sorts v by `less`: runs of kSortRun elements sorted in parallel, then merged pairwise, each
/// round's merges in parallel. The result is the sorted sequence, so it equals std::sort's whenever
/// elements that compare equal are interchangeable (identical values, e.g. pairs sorted on all
/// their members): then it does not depend on the thread count either.
inline constexpr std::size_t kSortRun = 16384;
template <class T, class Less = std::less<>>
void parallel_sort(std::vector<T>& v, Less less = {}) {
  const std::size_t n = v.size();
  if (n <= 2 * kSortRun) {
    std::sort(v.begin(), v.end(), less);
    return;
  }
  parallel_chunks(
      n, [&](std::size_t, std::size_t b, std::size_t e) { std::sort(v.begin() + static_cast<std::ptrdiff_t>(b), v.begin() + static_cast<std::ptrdiff_t>(e), less); },
      kSortRun);
  std::vector<T> tmp(n);
  T* src = v.data();
  T* dst = tmp.data();
  for (std::size_t width = kSortRun; width < n; width *= 2) {
    parallel_chunks(
        chunk_count(n, 2 * width),
        [&](std::size_t, std::size_t pb, std::size_t pe) {
          for (std::size_t p = pb; p < pe; ++p) {
            const std::size_t b = p * 2 * width, m = std::min(b + width, n), e = std::min(b + 2 * width, n);
            std::merge(src + b, src + m, src + m, src + e, dst + b, less);
          }
        },
        1);
    std::swap(src, dst);
  }
  if (src != v.data()) std::copy(src, src + n, v.data());
}

}  // namespace sim
