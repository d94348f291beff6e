#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sim/parallel.hpp"
#include "sim/rng.hpp"

namespace {
double sum_with_threads(int threads, const std::vector<double>& v) {
  sim::ThreadArena arena(threads);
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
    sim::ThreadArena arena(threads);
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
  sim::ThreadArena arena(2);
  arena.execute([&] { sim::parallel_rows(n, [&](std::size_t i) { ++hits[i]; }); });
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i], 1);
}

// Both backends (XIAODA_PARALLEL_BACKEND) hand out exactly the fixed chunks [c g, min(n, (c+1) g)),
// each once, whatever the thread count: this is what makes results identical between them.
TEST(Parallel, ChunksAreFixedAndEachRunsOnce) {
  const std::size_t n = 10'000, grain = 128;
  for (int threads : {1, 2, 3, 8}) {
    sim::ThreadArena arena(threads);
    std::vector<std::array<std::size_t, 3>> seen(sim::chunk_count(n, grain), {0, 0, 0});
    std::vector<int> count(seen.size(), 0);
    arena.execute([&] {
      sim::parallel_chunks(
          n,
          [&](std::size_t c, std::size_t b, std::size_t e) {
            seen[c] = {c, b, e};
            ++count[c];
          },
          grain);
    });
    for (std::size_t c = 0; c < seen.size(); ++c) {
      ASSERT_EQ(count[c], 1) << "chunk " << c << " threads " << threads;
      EXPECT_EQ(seen[c][1], c * grain);
      EXPECT_EQ(seen[c][2], std::min(n, (c + 1) * grain));
    }
  }
  const std::string backend = sim::parallel_backend();
  EXPECT_TRUE(backend == "tbb" || backend == "threads") << backend;
}

// A chunk's exception reaches the caller of the loop, and the arena keeps working afterwards.
TEST(Parallel, ExceptionInAChunkReachesTheCaller) {
  sim::ThreadArena arena(2);
  arena.execute([&] {
    EXPECT_THROW(sim::parallel_chunks(100'000,
                                      [](std::size_t c, std::size_t, std::size_t) {
                                        if (c == 7) throw std::runtime_error("chunk 7 failed");
                                      }),
                 std::runtime_error);
    std::vector<double> v(50'000, 1.0);
    EXPECT_EQ(sim::parallel_sum(v.size(), [&](std::size_t i) { return v[i]; }), 50'000.0);
  });
}

// A parallel loop inside a chunk of another one (e.g. a reduction inside a per-agent phase)
// gives the right result; outside any arena the loops also run (on a default set of threads).
TEST(Parallel, NestedLoopsAndLoopsOutsideAnArena) {
  const std::size_t n = 20'000;
  std::vector<double> inner(n, 0.5);
  std::vector<double> out(sim::chunk_count(n), 0.0);
  sim::ThreadArena arena(2);
  arena.execute([&] {
    sim::parallel_chunks(n, [&](std::size_t c, std::size_t, std::size_t) {
      out[c] = sim::parallel_sum(inner.size(), [&](std::size_t i) { return inner[i]; });
    });
  });
  for (double x : out) EXPECT_EQ(x, 10'000.0);
  std::vector<int> hits(n, 0);
  sim::parallel_rows(n, [&](std::size_t i) { ++hits[i]; });
  for (int h : hits) ASSERT_EQ(h, 1);
}

// Several arenas used at once from different threads (what `xiaoda sweep run --jobs J` does).
TEST(Parallel, ArenasOnSeveralThreadsAtOnce) {
  std::vector<double> v(300'001);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = sim::Rng(2, 1, 0, i).uniform();
  const double expected = sum_with_threads(1, v);
  std::vector<double> got(4, 0.0);
  std::vector<std::thread> jobs;
  for (int j = 0; j < 4; ++j)
    jobs.emplace_back([&, j] {
      for (int rep = 0; rep < 5; ++rep) got[static_cast<std::size_t>(j)] = sum_with_threads(2, v);
    });
  for (auto& t : jobs) t.join();
  for (double g : got) EXPECT_EQ(std::memcmp(&g, &expected, sizeof(double)), 0);
}

// parallel_sort gives std::sort's sequence (pairs compare on both members, so equal elements are
// identical), with ties, for sizes below, at and above the run length, on one and two threads.
TEST(Parallel, ParallelSortEqualsStdSort) {
  for (std::size_t n : {0u, 1u, 1000u, 2u * 16384u, 2u * 16384u + 1u, 100000u, 262144u}) {
    std::vector<std::pair<double, double>> base(n);
    std::uint64_t x = 88172645463325252ull;
    for (auto& p : base) {  // xorshift; few distinct persons and many tied incomes
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      p = {static_cast<double>(x % 5000) * 0.25, static_cast<double>(1 + (x >> 40) % 6)};
    }
    auto expected = base;
    std::sort(expected.begin(), expected.end());
    for (int threads : {1, 2}) {
      sim::ThreadArena arena(threads);
      auto got = base;
      arena.execute([&] { sim::parallel_sort(got); });
      ASSERT_EQ(got, expected) << "n " << n << " threads " << threads;
    }
  }
}

// parallel_invoke runs every task exactly once, whatever the thread count, and a task may run
// parallel loops of its own; each task's sums equal those of the serial loop.
TEST(Parallel, InvokeRunsEachTaskOnce) {
  std::vector<double> v(50'001);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = sim::Rng(3, 1, 0, i).uniform() * 100.0;
  double serial = 0;
  for (double x : v) serial += x;
  const double chunked = sum_with_threads(1, v);
  for (int threads : {1, 2, 4}) {
    sim::ThreadArena arena(threads);
    std::array<int, 5> runs{};
    double a = 0, b = 0;
    std::vector<int> hits(v.size(), 0);
    arena.execute([&] {
      sim::parallel_invoke([&] { ++runs[0]; for (double x : v) a += x; },
                           [&] { ++runs[1]; b = sim::parallel_sum(v.size(), [&](std::size_t i) { return v[i]; }); },
                           [&] { ++runs[2]; sim::parallel_rows(hits.size(), [&](std::size_t i) { ++hits[i]; }); },
                           [&] { ++runs[3]; }, [&] { ++runs[4]; });
    });
    for (int r : runs) EXPECT_EQ(r, 1) << "threads " << threads;
    EXPECT_EQ(std::memcmp(&a, &serial, sizeof(double)), 0);
    EXPECT_EQ(std::memcmp(&b, &chunked, sizeof(double)), 0);
    for (int h : hits) ASSERT_EQ(h, 1);
  }
  int once = 0;
  sim::parallel_invoke([&] { ++once; });
  EXPECT_EQ(once, 1);
}
