// Engine micro-benchmarks: agent-updates per second of representative per-agent phases.
//   ./build/release/xiaoda_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "sim/parallel.hpp"
#include "sim/rng.hpp"
#include "sim/table.hpp"

namespace {

// A simple per-agent update: read two columns, one random draw, write one column.
void BM_SimpleUpdate(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  sim::Table t("agents", "");
  auto wealth = t.add<double>("wealth");
  auto rate = t.add<float>("rate", "", 0.01f);
  t.append(n);
  sim::ThreadArena arena(threads);
  std::uint32_t tick = 0;
  for (auto _ : state) {
    arena.execute([&] {
      sim::parallel_rows(n, [&](std::size_t r) {
        sim::Rng rng(42, 1, tick, t.id(r));
        wealth[r] = wealth[r] * (1.0 + rate[r]) + rng.uniform();
      });
    });
    ++tick;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
  state.counters["threads"] = threads;
}
BENCHMARK(BM_SimpleUpdate)->Args({1 << 20, 1})->Args({1 << 20, 2})->Args({1 << 22, 1})->Args({1 << 22, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// The same update without a random draw: memory-bound upper limit.
void BM_NoRngUpdate(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  sim::Table t("agents", "");
  auto wealth = t.add<double>("wealth");
  auto rate = t.add<float>("rate", "", 0.01f);
  t.append(n);
  sim::ThreadArena arena(threads);
  for (auto _ : state) {
    arena.execute([&] { sim::parallel_rows(n, [&](std::size_t r) { wealth[r] = wealth[r] * (1.0 + rate[r]) + 1.0; }); });
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_NoRngUpdate)->Args({1 << 22, 1})->Args({1 << 22, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// Deterministic reduction (sum) over a column.
void BM_DeterministicSum(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  std::vector<double> v(n, 1.5);
  sim::ThreadArena arena(threads);
  double s = 0;
  for (auto _ : state) {
    arena.execute([&] { s = sim::parallel_sum(n, [&](std::size_t i) { return v[i]; }); });
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_DeterministicSum)->Args({1 << 22, 1})->Args({1 << 22, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
