#pragma once
// Deterministic parallel loops. Work is cut into chunks of a fixed size that never depends on the
// thread count; results that must be combined are combined in chunk order.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <cstddef>
#include <vector>

namespace sim {

/// Rows per chunk. Chunk boundaries are a function of the row count only.
inline constexpr std::size_t kChunk = 2048;

inline std::size_t chunk_count(std::size_t n, std::size_t grain = kChunk) { return (n + grain - 1) / grain; }

/// fn(chunk_index, begin, end) for each fixed chunk of [0, n), in parallel.
template <class Fn>
void parallel_chunks(std::size_t n, Fn&& fn, std::size_t grain = kChunk) {
  const std::size_t chunks = chunk_count(n, grain);
  if (chunks <= 1) {
    if (n > 0) fn(std::size_t{0}, std::size_t{0}, n);
    return;
  }
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

}  // namespace sim
