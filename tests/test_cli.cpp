#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.hpp"

namespace fs = std::filesystem;

TEST(Cli, RunWritesOutputsAndRefusesNonEmptyFolder) {
  const std::string dir = testutil::temp_dir("cli");
  const std::string scen = dir + "/s.yaml";
  testutil::write(scen, "model: boltzmann\nrun: {start_year: 1, end_year: 2}\nboltzmann: {agents: 100}\n");
  std::string out;
  ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/r --seed 4", out), 0) << out;
  EXPECT_TRUE(fs::exists(dir + "/r/indicators.csv"));
  EXPECT_TRUE(fs::exists(dir + "/r/run.json"));
  EXPECT_TRUE(fs::exists(dir + "/r/xiaoda.log"));
  const std::string json = testutil::read(dir + "/r/run.json");
  EXPECT_NE(json.find("\"seed\": 4"), std::string::npos);
  EXPECT_NE(json.find("\"status\": \"completed\""), std::string::npos);
  EXPECT_NE(json.find("peak_rss_mib"), std::string::npos);
  const std::string csv = testutil::read(dir + "/r/indicators.csv");
  EXPECT_EQ(csv.rfind("tick,year,", 0), 0u);
  EXPECT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/r", out), 2);
  EXPECT_NE(out.find("not empty"), std::string::npos) << out;
  EXPECT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/r --force", out), 0) << out;
}

TEST(Cli, InvalidScenarioExitsTwoAndWritesNothing) {
  const std::string dir = testutil::temp_dir("cli_bad");
  const std::string scen = dir + "/bad.yaml";
  testutil::write(scen, "model: boltzmann\nboltzmann:\n  agnets: 100\n");
  std::string out;
  EXPECT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/r", out), 2);
  EXPECT_NE(out.find(scen + ":3:3"), std::string::npos) << out;
  EXPECT_NE(out.find("boltzmann.agnets"), std::string::npos) << out;
  EXPECT_NE(out.find("did you mean 'boltzmann.agents'"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir + "/r"));
  EXPECT_EQ(testutil::xiaoda("validate " + scen, out), 2);
  EXPECT_EQ(testutil::xiaoda("run " + dir + "/missing.yaml --out " + dir + "/r", out), 2);
  EXPECT_NE(out.find("does not exist"), std::string::npos) << out;
}

TEST(Cli, ValidateAndDescribe) {
  const std::string dir = testutil::temp_dir("cli_ok");
  testutil::write(dir + "/s.yaml", "model: boltzmann\n");
  std::string out;
  EXPECT_EQ(testutil::xiaoda("validate " + dir + "/s.yaml --set boltzmann.agents=7", out), 0) << out;
  EXPECT_EQ(testutil::xiaoda("describe", out), 0) << out;
  EXPECT_NE(out.find("boltzmann.move_probability"), std::string::npos);
  EXPECT_NE(out.find("PHASES"), std::string::npos);
  EXPECT_NE(out.find("run.seed"), std::string::npos);
}
