#pragma once
// Shared timing harness of the reference models' `xiaoda bench` entries: the median wall time of
// model creation plus all steps over R repetitions, as the ABM frameworks comparison reports it.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "sim/model.hpp"
#include "sim/parallel.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace models::reference::bench {

/// `--key value` pairs; refuses anything else, and any key not in `known`.
inline std::map<std::string, std::string> parse_options(const std::vector<std::string>& args,
                                                        const std::vector<std::string>& known,
                                                        const std::string& usage) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0) throw sim::UsageError("unexpected argument '" + a + "'; usage: " + usage);
    const std::string key = a.substr(2);
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw sim::UsageError("unknown option '" + a + "'; usage: " + usage);
    if (i + 1 >= args.size()) throw sim::UsageError("option '" + a + "' needs a value; usage: " + usage);
    out[key] = args[++i];
  }
  return out;
}

/// Positive integer option, or `def` when absent.
inline std::int64_t int_option(const std::map<std::string, std::string>& opts, const std::string& key,
                               std::int64_t def, std::int64_t lo, std::int64_t hi) {
  const auto it = opts.find(key);
  if (it == opts.end()) return def;
  std::size_t used = 0;
  std::int64_t v = 0;
  try {
    v = std::stoll(it->second, &used);
  } catch (...) {
    used = 0;
  }
  if (used != it->second.size() || v < lo || v > hi)
    throw sim::UsageError("--" + key + ": expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                          "], found '" + it->second + "'");
  return v;
}

struct Timing {
  double median_ms = 0, min_ms = 0, max_ms = 0;
};

/// Times `reps` runs of the scenario (Simulation construction, setup, initialize and every tick)
/// inside an arena of `threads` workers. The scenario is parsed once, outside the timed region.
inline Timing time_runs(const sim::ModelInfo& info, const std::string& yaml, int threads, int reps) {
  sim::ModelCatalog catalog;
  catalog.add(info);
  const sim::ResolvedScenario rs = sim::load_scenario_text(yaml, "(benchmark of " + info.name + ")", {}, catalog);
  const sim::ModelInfo& registered = *catalog.find(info.name);
  std::vector<double> ms;
  sim::ThreadArena arena(threads);
  arena.execute([&] {
    for (int r = 0; r < reps; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      auto s = std::make_unique<sim::Simulation>(rs, registered);
      s->setup();
      s->initialize();
      while (!s->done()) s->step();
      const auto t1 = std::chrono::steady_clock::now();
      s.reset();  // freeing memory is not part of the timed work
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  });
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  Timing t;
  t.median_ms = sorted[sorted.size() / 2];
  t.min_ms = sorted.front();
  t.max_ms = sorted.back();
  return t;
}

inline void print(const std::string& what, const Timing& t, double agent_steps, int reps, int threads) {
  std::printf("%s\n", what.c_str());
  std::printf("threads %d, repetitions %d (creation + all steps)\n", threads, reps);
  std::printf("median %.3f ms (min %.3f, max %.3f)\n", t.median_ms, t.min_ms, t.max_ms);
  std::printf("agent-steps per second %.4g (at the median)\n", agent_steps / (t.median_ms / 1000.0));
}

}  // namespace models::reference::bench
