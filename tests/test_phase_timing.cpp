// Time per phase: every run records wall-clock seconds and calls per phase (and for indicator
// recording) into run.json's phase_seconds and the log; `--profile` prints the table. Timing must
// never reach the model's outputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "models/registry.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "test_util.hpp"

namespace {

const char* kScenario =
    "model: boltzmann\n"
    "run: {start_year: 1, end_year: 3, tick: month, seed: 5}\n"
    "boltzmann: {agents: 3000, places: 20, move_probability: 0.3, death_probability: 0.01, birth_probability: 0.01}\n";

const sim::ModelCatalog& cat() {
  static const sim::ModelCatalog c = models::catalog();
  return c;
}

std::vector<std::string> phase_names() {
  sim::Simulation s(sim::load_scenario_text(kScenario, "phases", {}, cat()), *cat().find("boltzmann"));
  s.setup();
  std::vector<std::string> names;
  for (const auto& p : s.phases()) names.push_back(p.name);
  return names;
}

}  // namespace

TEST(PhaseTiming, RunJsonHasEveryPhaseAndOutputsDoNotChange) {
  const std::string dir = testutil::temp_dir("phase_timing");
  testutil::write(dir + "/s.yaml", kScenario);
  std::string out;
  ASSERT_EQ(testutil::xiaoda("run " + dir + "/s.yaml --out " + dir + "/plain --threads 1 --no-progress", out), 0) << out;
  ASSERT_EQ(testutil::xiaoda("run " + dir + "/s.yaml --out " + dir + "/prof --threads 2 --no-progress --profile", out), 0)
      << out;
  // --profile prints the table, longest first, with every phase
  EXPECT_NE(out.find("time per phase"), std::string::npos) << out;
  const auto names = phase_names();
  ASSERT_FALSE(names.empty());
  for (const auto& n : names) EXPECT_NE(out.find(n), std::string::npos) << n << "\n" << out;
  EXPECT_NE(out.find("(record indicators)"), std::string::npos) << out;
  // outputs byte-identical with and without profiling
  EXPECT_EQ(testutil::read(dir + "/plain/indicators.csv"), testutil::read(dir + "/prof/indicators.csv"));
  EXPECT_FALSE(testutil::read(dir + "/plain/indicators.csv").empty());

  for (const char* run : {"/plain", "/prof"}) {
    const auto meta = nlohmann::json::parse(testutil::read(dir + run + "/run.json"));
    ASSERT_TRUE(meta.contains("phase_seconds")) << run;
    const auto& ps = meta["phase_seconds"];
    for (const auto& n : names) {
      ASSERT_TRUE(ps.contains(n)) << n;
      EXPECT_EQ(ps[n]["calls"].get<std::int64_t>(), 36) << n;  // 3 years of months
      EXPECT_GE(ps[n]["seconds"].get<double>(), 0.0);
    }
    EXPECT_EQ(ps["(record indicators)"]["calls"].get<std::int64_t>(), 3);  // once a year
    EXPECT_EQ(ps["(initialize)"]["calls"].get<std::int64_t>(), 1);
    // the entries, "(other)" included, add up to the run's wall time
    double seconds = 0, share = 0;
    for (const auto& [name, v] : ps.items()) {
      seconds += v["seconds"].get<double>();
      share += v["share"].get<double>();
    }
    EXPECT_NEAR(seconds, meta["wall_seconds"].get<double>(), 1e-6);
    EXPECT_NEAR(share, 1.0, 1e-6);
    // the log file always has the table (debug level)
    EXPECT_NE(testutil::read(dir + run + "/xiaoda.log").find("time per phase"), std::string::npos);
  }
}

TEST(PhaseTiming, InMemoryRunsReportPhasesAndResumeCountsOnlyItsTicks) {
  const auto rs = sim::load_scenario_text(kScenario, "phases", {}, cat());
  sim::RunOptions o;
  o.progress = false;
  o.threads = 2;
  const auto r = sim::execute_run(cat(), rs, o);
  const auto names = phase_names();
  ASSERT_EQ(r.phases.size(), names.size() + 3);  // phases, (record indicators), (initialize), (other)
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(r.phases[i].name, names[i]);
    EXPECT_EQ(r.phases[i].calls, 36);
  }
  EXPECT_EQ(r.phases.back().name, "(other)");
  const std::string table = sim::phase_table(r.phases, r.wall_seconds);
  EXPECT_EQ(table.rfind("phase", 0), 0u) << table;
  EXPECT_NE(table.find("total"), std::string::npos);

  // cut after 20 ticks with a checkpoint at 10; the resumed run times ticks 10..35 only
  const std::string dir = testutil::temp_dir("phase_timing_resume");
  std::string out;
  testutil::write(dir + "/s.yaml", kScenario);
  ASSERT_EQ(testutil::xiaoda("run " + dir + "/s.yaml --out " + dir + "/cut --no-progress --checkpoint-every 10 --stop-after 20", out), 0) << out;
  const auto cut = nlohmann::json::parse(testutil::read(dir + "/cut/run.json"));
  EXPECT_EQ(cut["phase_seconds"][names[0]]["calls"].get<std::int64_t>(), 20);
  EXPECT_EQ(cut["phase_seconds"]["(checkpoints)"]["calls"].get<std::int64_t>(), 2);
  ASSERT_EQ(testutil::xiaoda("resume " + dir + "/cut --no-progress", out), 0) << out;
  const auto resumed = nlohmann::json::parse(testutil::read(dir + "/cut/run.json"));
  EXPECT_EQ(resumed["phase_seconds"][names[0]]["calls"].get<std::int64_t>(), 36 - 20);
  EXPECT_TRUE(resumed["phase_seconds"].contains("(load checkpoint)"));
}
