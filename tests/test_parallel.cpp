#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cstring>

#include "sim/parallel.hpp"
#include "sim/rng.hpp"

namespace {
double sum_with_threads(int threads, const std::vector<double>& v) {
  tbb::task_arena arena(threads);
  double s = 0;
  arena.execute([&] { s = sim::parallel_sum(v.size(), [&](std::size_t i) { return v[i]; }); });
  return s;
}
}  // namespace

TEST(Parallel, DeterministicSumIsBitIdenticalAcrossThreadCounts) {
  std::vector<double> v(1'000'003);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = sim::Rng(1, 1, 0, i).uniform() * 1e6 - 3e5;
  const double s1 = sum_with_threads(1, v);
  for (int t : {2, 3, 4, 8}) {
    const double st = sum_with_threads(t, v);
    EXPECT_EQ(std::memcmp(&s1, &st, sizeof(double)), 0) << "threads " << t;
  }
}

TEST(Parallel, ChunkBuffersMergeInRowOrder) {
  const std::size_t n = 50'000;
  for (int threads : {1, 2, 4}) {
    tbb::task_arena arena(threads);
    std::vector<std::size_t> out;
    arena.execute([&] {
      sim::ChunkBuffers<std::size_t> buf(n);
      sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i)
          if (i % 7 == 0) buf[c].push_back(i);
      });
      buf.drain([&](std::size_t i) { out.push_back(i); });
    });
    ASSERT_EQ(out.size(), (n + 6) / 7);
    for (std::size_t k = 0; k < out.size(); ++k) EXPECT_EQ(out[k], k * 7);
  }
}

TEST(Parallel, RowsVisitedExactlyOnce) {
  const std::size_t n = 100'001;
  std::vector<int> hits(n, 0);
  tbb::task_arena arena(2);
  arena.execute([&] { sim::parallel_rows(n, [&](std::size_t i) { ++hits[i]; }); });
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i], 1);
}
