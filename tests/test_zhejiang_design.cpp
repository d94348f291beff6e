// The Zhejiang model's design contracts: named random streams never collide, cross-key checks run
// at scenario load (so `xiaoda validate` rejects what `xiaoda run` would), renamed keys name their
// new name, and the refused tick lengths say why.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <vector>
#include <string>
#include <utility>

#include "models/registry.hpp"
#include "models/zhejiang/streams.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using models::zhejiang::kAllDraws;

TEST(ZhejiangStreams, NoTwoPurposesShareAStream) {
  std::set<std::pair<int, int>> seen;
  for (const auto& d : kAllDraws) {
    EXPECT_TRUE(seen.insert({d.stream, d.sub}).second) << "stream " << d.stream << " sub " << d.sub << " used twice (" << d.name << ")";
    EXPECT_NE(std::string(d.name), "");
  }
}

namespace {

// Writes a scenario extending the baseline with `body` at the given lines, checks that validate and
// run both exit 2 naming the key at file:line, and that run wrote nothing.
void expect_rejected(const std::string& name, const std::string& body, const std::string& key, int line,
                     const std::string& message_part) {
  const std::string dir = testutil::temp_dir("zj_" + name);
  const std::string scen = dir + "/s.yaml";
  testutil::write(scen, "model: zhejiang\nextends: " + std::string(XIAODA_SOURCE_DIR) + "/scenarios/zhejiang_1978_2013.yaml\n" + body);
  std::string out;
  EXPECT_EQ(testutil::xiaoda("validate " + scen, out), 2) << out;
  EXPECT_NE(out.find(scen + ":" + std::to_string(line) + ":"), std::string::npos) << out;
  EXPECT_NE(out.find("'" + key + "'"), std::string::npos) << out;
  EXPECT_NE(out.find(message_part), std::string::npos) << out;
  EXPECT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/r", out), 2) << out;
  EXPECT_FALSE(fs::exists(dir + "/r"));
}

// The rows of a file in scenarios/data (its first line must be `header`), each split at commas (a
// quoted note may split into more cells: only the leading columns are read).
std::vector<std::vector<std::string>> data_rows(const std::string& file, const std::string& header) {
  const std::string text = testutil::read(std::string(XIAODA_SOURCE_DIR) + "/scenarios/data/" + file);
  EXPECT_EQ(text.substr(0, text.find('\n')), header) << file;
  auto rows = testutil::csv_lines(text);
  if (!rows.empty()) rows.erase(rows.begin());
  return rows;
}

}  // namespace

TEST(ZhejiangValidation, EndBeforeStartNamesTheLine) {
  expect_rejected("end", "run:\n  start_year: 1990\n  end_year: 1985\n", "run.end_year", 5, "not before run.start_year (1990)");
}

TEST(ZhejiangValidation, RefusesTicksOtherThanAMonth) {
  expect_rejected("tick", "run:\n  tick: quarter\n", "run.tick", 4, "monthly ticks");
}

TEST(ZhejiangValidation, PolicyYearsOutOfOrder) {
  expect_rejected("mf", "policies:\n  mutual_finance: {closure_year: 1980}\n", "policies.mutual_finance.closure_year", 4,
                  "not before start_year (1984)");
  expect_rejected("mp", "policies:\n  manufacturing_promotion:\n    end_year: 1990\n", "policies.manufacturing_promotion.end_year", 5,
                  "not before start_year (1992)");
}

TEST(ZhejiangValidation, SharesAndSizes) {
  expect_rejected("terrain", "zhejiang:\n  terrain_shares: [0.5, 0.5]\n", "zhejiang.terrain_shares", 4, "expected 5 shares");
  expect_rejected("trades", "zhejiang:\n  firms: {trade_weights: [1]}\n", "zhejiang.firms.trade_weights", 4, "expected 7 values");
  expect_rejected("ages", "zhejiang:\n  init: {child_share: 0.6, elderly_share: 0.5}\n", "zhejiang.init.elderly_share", 4, "below 1");
  expect_rejected("yiwu", "zhejiang:\n  yiwu_county: 95\n", "zhejiang.yiwu_county", 4, "below zhejiang.counties");
}

TEST(ZhejiangValidation, RenamedKeysNameTheNewOne) {
  expect_rejected("renamed", "policies:\n  hukou_reform: {start: 2005}\n", "policies.hukou_reform.start", 4,
                  "renamed to 'policies.hukou_reform.start_year'");
  expect_rejected("pioneer", "policies:\n  market_building: {pioneer_county: 3}\n", "policies.market_building.pioneer_county", 4,
                  "renamed to 'zhejiang.yiwu_county'");
}

TEST(ZhejiangValidation, OverridesAreCheckedToo) {
  std::string out;
  const std::string base = std::string(XIAODA_SOURCE_DIR) + "/scenarios/zhejiang_1978_2013.yaml";
  EXPECT_EQ(testutil::xiaoda("validate " + base + " --set run.end_year=1970", out), 2) << out;
  EXPECT_NE(out.find("--set run.end_year=1970"), std::string::npos) << out;
  EXPECT_EQ(testutil::xiaoda("validate " + base, out), 0) << out;
}

TEST(ZhejiangInputs, FarmPriceDefaultsAreTheDataFile) {
  // the farm price index is an input: the declared default must be the column of
  // scenarios/data/china_farm_prices_1978_2013.csv, year by year, 1978 = 100
  const sim::ModelCatalog cat = models::catalog();
  const auto reg = cat.registry("zhejiang");
  const auto* fp = reg.find("zhejiang.agriculture.farm_price_index");
  ASSERT_NE(fp, nullptr);
  int rows = 0;
  for (const auto& row : data_rows("china_farm_prices_1978_2013.csv", "year,farm_price_index_1978_100,note")) {
    const std::string line = row[0] + "," + row[1];
    EXPECT_DOUBLE_EQ(fp->def_schedule.at(std::stod(row[0])), std::stod(row[1])) << line;
    EXPECT_DOUBLE_EQ(fp->def_schedule.at(std::stod(row[0]) + 0.9), std::stod(row[1])) << line;  // a step: the year's figure all year
    ++rows;
  }
  EXPECT_EQ(rows, 36);
  EXPECT_EQ(fp->def_schedule.points.size(), 36u);
  EXPECT_DOUBLE_EQ(fp->def_schedule.at(1978), 100.0);
}

TEST(ZhejiangInputs, ReservationIncomePointsAreTheDataFile) {
  // the income a would-be migrant has at home is an input: the declared default's points (1978,
  // 1990, 2000, 2013) must be the real column of scenarios/data/china_rural_income_1978_2013.csv, and
  // that column the nominal one deflated by the CPI file
  const sim::ModelCatalog cat = models::catalog();
  const auto reg = cat.registry("zhejiang");
  const auto* ri = reg.find("zhejiang.migration.reservation_income");
  ASSERT_NE(ri, nullptr);
  std::map<int, double> cpi;
  for (const auto& row : data_rows("china_cpi_1978_2013.csv", "year,cpi_1978_100,note")) cpi[std::stoi(row[0])] = std::stod(row[1]);
  int rows = 0;
  for (const auto& row : data_rows("china_rural_income_1978_2013.csv", "year,rural_net_income_per_capita_rmb,real_1978_yuan,note")) {
    const std::string line = row[0] + "," + row[1] + "," + row[2];
    const int y = std::stoi(row[0]);
    if (y == 1978 || y == 1990 || y == 2000 || y == 2013) {
      EXPECT_NEAR(ri->def_schedule.at(y), std::stod(row[2]), 0.5) << line;
    }
    ASSERT_TRUE(cpi.count(y)) << y;
    EXPECT_NEAR(std::stod(row[1]) / cpi[y] * 100.0, std::stod(row[2]), 0.051) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 36);
  EXPECT_EQ(ri->def_schedule.points.size(), 4u);
}

TEST(ZhejiangInputs, OutsideDemandDefaultsAreTheNationalDataFile) {
  // the national and foreign demand series are inputs: the declared defaults must be the figures of
  // scenarios/data/china_macro_1978_2013.csv (a copy of ../shared/data), year by year
  const sim::ModelCatalog cat = models::catalog();
  const auto reg = cat.registry("zhejiang");
  const auto* gdp = reg.find("zhejiang.outside.china_gdp_index");
  const auto* exp = reg.find("zhejiang.outside.china_exports_usd");
  ASSERT_NE(gdp, nullptr);
  ASSERT_NE(exp, nullptr);
  std::istringstream in(testutil::read(std::string(XIAODA_SOURCE_DIR) + "/scenarios/data/china_macro_1978_2013.csv"));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "year,china_real_gdp_growth_percent,china_real_gdp_index_1978_100,china_exports_usd_billion");
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> v;
    std::istringstream cells(line);
    for (std::string c; std::getline(cells, c, ',');) v.push_back(std::stod(c));
    ASSERT_EQ(v.size(), 4u) << line;
    // mid-year points: a year's figure is the flow of that year
    EXPECT_DOUBLE_EQ(gdp->def_schedule.at(v[0] + 0.5), v[2]) << line;
    EXPECT_DOUBLE_EQ(exp->def_schedule.at(v[0] + 0.5), v[3]) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 36);
  EXPECT_EQ(gdp->def_schedule.points.size(), 36u);
  EXPECT_EQ(exp->def_schedule.points.size(), 36u);
}
