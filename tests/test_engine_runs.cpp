// Whole-run properties of the engine, on the Boltzmann reference model (births, deaths and
// interaction between agents): determinism across thread counts, and exact checkpoint/resume.
#include <gtest/gtest.h>

#include <filesystem>

#include "models/registry.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"
#include "test_util.hpp"

namespace {

const sim::ModelCatalog& cat() {
  static const sim::ModelCatalog c = models::catalog();
  return c;
}

sim::RunOptions quiet(int threads) {
  sim::RunOptions o;
  o.threads = threads;
  o.progress = false;
  return o;
}

const char* kScenario =
    "model: boltzmann\n"
    "run: {start_year: 1, end_year: 5, tick: month, record: every_tick, seed: 17}\n"
    "boltzmann: {agents: 20000, places: 50, move_probability: 0.3, death_probability: 0.01, birth_probability: 0.011}\n";

sim::RunResult run_in_memory(int threads) {
  const auto rs = sim::load_scenario_text(kScenario, "determinism", {}, cat());
  sim::RunOptions opt;
  opt.threads = threads;
  opt.progress = false;
  return sim::execute_run(cat(), rs, opt);
}

}  // namespace

TEST(EngineRuns, BitIdenticalAcrossThreadCounts) {
  const auto one = run_in_memory(1);
  ASSERT_TRUE(one.completed);
  ASSERT_EQ(one.table.rows.size(), 60u);
  // the scenario really has births and deaths
  EXPECT_NE(one.table.value("agents", 5), 20000.0);
  for (int t : {2, 3, 4}) {
    const auto other = run_in_memory(t);
    EXPECT_EQ(one.table.to_csv(), other.table.to_csv()) << "threads " << t;
  }
}

TEST(EngineRuns, DifferentSeedsDiffer) {
  const auto a = sim::execute_run(cat(), sim::load_scenario_text(kScenario, "a", {}, cat()), quiet(1));
  const auto b = sim::execute_run(cat(), sim::load_scenario_text(kScenario, "b", {"run.seed=18"}, cat()),
                                  quiet(1));
  EXPECT_NE(a.table.to_csv(), b.table.to_csv());
}

TEST(EngineRuns, WealthIsConservedByExchange) {
  const auto rs = sim::load_scenario_text(
      "model: boltzmann\nrun: {start_year: 1, end_year: 3, record: every_tick}\nboltzmann: {agents: 5000}\n", "c", {},
      cat());
  const auto r = sim::execute_run(cat(), rs, quiet(2));
  for (std::size_t i = 0; i < r.table.rows.size(); ++i)
    EXPECT_DOUBLE_EQ(r.table.rows[i][static_cast<std::size_t>(r.table.column("total_wealth"))], 5000.0);
  EXPECT_GT(r.table.value("gini", 3), 0.3);  // inequality emerges from equal starts
}

TEST(EngineRuns, ResumeFromCheckpointIsBitIdentical) {
  const std::string dir = testutil::temp_dir("resume");
  const std::string full = dir + "/full", cut = dir + "/cut";
  const std::string scen = dir + "/s.yaml";
  testutil::write(scen, kScenario);
  std::string out;
  ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + full + " --threads 2 --no-progress", out), 0) << out;
  // interrupted after 31 ticks, with checkpoints every 12
  ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + cut + " --checkpoint-every 12 --stop-after 31 --no-progress", out), 0) << out;
  EXPECT_FALSE(std::filesystem::exists(cut + "/indicators.csv"));
  EXPECT_TRUE(std::filesystem::exists(cut + "/checkpoints/tick_00000024.ckpt"));
  ASSERT_EQ(testutil::xiaoda("resume " + cut + " --threads 1 --no-progress", out), 0) << out;
  EXPECT_EQ(testutil::read(full + "/indicators.csv"), testutil::read(cut + "/indicators.csv"));
}
