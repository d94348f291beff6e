#include <gtest/gtest.h>

#include "models/registry.hpp"
#include "sim/compare.hpp"
#include "test_util.hpp"

TEST(Compare, StudentQuantiles) {
  EXPECT_NEAR(sim::t_quantile_975(1), 12.706, 1e-3);
  EXPECT_NEAR(sim::t_quantile_975(9), 2.262, 1e-3);
  EXPECT_NEAR(sim::t_quantile_975(1000), 1.960, 1e-3);
}

TEST(Compare, PairedReplicatesGiveIntervalsAndZeroForIdenticalScenarios) {
  const std::string dir = testutil::temp_dir("compare");
  testutil::write(dir + "/a.yaml",
                  "model: boltzmann\nrun: {start_year: 1, end_year: 2}\nboltzmann: {agents: 500, death_probability: 0.02}\n");
  testutil::write(dir + "/same.yaml", "extends: a.yaml\n");
  testutil::write(dir + "/b.yaml", "extends: a.yaml\nboltzmann: {death_probability: 0.05}\n");
  const auto cat = models::catalog();
  sim::CompareOptions o;
  o.replicates = 4;
  o.jobs = 2;
  o.indicators = {"agents"};
  o.years = {2};
  const auto same = sim::compare_inputs(cat, {dir + "/a.yaml", dir + "/same.yaml"}, o);
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].diff_mean, 0.0);  // same seeds, same scenario: exactly zero
  EXPECT_EQ(same[0].n, 4);
  const auto diff = sim::compare_inputs(cat, {dir + "/a.yaml", dir + "/b.yaml"}, o);
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_LT(diff[0].diff_mean, 0.0);  // higher mortality, fewer agents
  EXPECT_LT(diff[0].ci_high, 0.0);    // and the interval excludes zero
  EXPECT_LE(diff[0].ci_low, diff[0].diff_mean);
}

TEST(Compare, RunFoldersFromTheCommandLine) {
  const std::string dir = testutil::temp_dir("compare_cli");
  testutil::write(dir + "/a.yaml", "model: boltzmann\nrun: {start_year: 1, end_year: 2}\nboltzmann: {agents: 300}\n");
  std::string out;
  ASSERT_EQ(testutil::xiaoda("run " + dir + "/a.yaml --out " + dir + "/r1 --seed 1 --no-progress", out), 0) << out;
  ASSERT_EQ(testutil::xiaoda("run " + dir + "/a.yaml --out " + dir + "/r2 --seed 2 --no-progress", out), 0) << out;
  ASSERT_EQ(testutil::xiaoda("compare " + dir + "/r1 " + dir + "/r2 --indicators gini --out " + dir + "/c.csv", out), 0)
      << out;
  EXPECT_NE(testutil::read(dir + "/c.csv").find(",gini,2,"), std::string::npos);
  EXPECT_EQ(testutil::xiaoda("compare " + dir + "/r1 " + dir + "/nothing", out), 2);
}
