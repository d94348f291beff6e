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

// Every row of the Markdown tables `describe --markdown` writes (docs/model.md section 10) has as
// many cells as its header: a '|' inside a cell (a choice's range `all|private`) is escaped.
TEST(Cli, DescribeMarkdownTablesKeepTheirColumns) {
  std::string out;
  ASSERT_EQ(testutil::xiaoda("describe zhejiang --markdown", out), 0) << out;
  auto cells = [](const std::string& line) {
    int n = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++n;
    return n;
  };
  int header = -1, rows = 0, escaped = 0;
  std::size_t pos = 0;
  while (pos < out.size()) {
    const std::size_t end = std::min(out.find('\n', pos), out.size());
    const std::string line = out.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] != '|') {
      header = -1;
      continue;
    }
    if (header < 0) {
      header = cells(line);
      continue;
    }
    EXPECT_EQ(cells(line), header) << line;
    if (line.find("\\|") != std::string::npos) ++escaped;
    ++rows;
  }
  EXPECT_GT(rows, 100);
  EXPECT_GE(escaped, 3);  // at least the three choice parameters of the baseline
}
