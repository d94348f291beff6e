#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "models/registry.hpp"
#include "sim/compare.hpp"
#include "sim/error.hpp"
#include "sim/sweep/csv.hpp"
#include "sim/targets.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;

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

// ---- differences over time (compare --plot) -------------------------------------------------------

namespace {

// Replicate r of a made-up run: one row per year, indicator k has value f(k, year, r).
sim::IndicatorTable toy_table(int indicators, const std::vector<int>& years,
                              const std::function<double(int, int)>& value_of_indicator_year) {
  sim::IndicatorTable t;
  for (int k = 0; k < indicators; ++k) {
    t.names.push_back("x" + std::to_string(k));
    t.units.push_back("count");
  }
  for (int y : years) {
    t.ticks.push_back(static_cast<std::int64_t>(t.ticks.size()));
    t.years.push_back(y);
    std::vector<double> row;
    for (int k = 0; k < indicators; ++k) row.push_back(value_of_indicator_year(k, y));
    t.rows.push_back(row);
  }
  return t;
}

bool have_matplotlib() {  // the Pythons sim::calibrate::run_plot tries
  return std::system("python3 -c 'import matplotlib' > /dev/null 2>&1") == 0 ||
         std::system("/usr/bin/python3 -c 'import matplotlib' > /dev/null 2>&1") == 0;
}

bool is_png(const std::string& path) {
  return testutil::read(path).rfind("\x89PNG\r\n\x1a\n", 0) == 0;
}

const std::string kOverTimeHeader =
    "alternative,indicator,year,mean_reference,mean_alternative,mean_difference,sd_difference,n,ci95_low,ci95_high,"
    "relative_difference";

// rows of an over-time CSV by column name
std::vector<std::map<std::string, std::string>> csv_records(const std::string& path) {
  const auto rows = sim::sweep::parse_csv(testutil::read(path));
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::map<std::string, std::string> rec;
    for (std::size_t c = 0; c < rows[0].size() && c < rows[i].size(); ++c) rec[rows[0][c]] = rows[i][c];
    out.push_back(rec);
  }
  return out;
}

}  // namespace

TEST(CompareOverTime, CsvHasTheDocumentedColumnsAndAPairedTInterval) {
  // 3 paired seeds; alternative minus reference: {1, 2, 3} in year 1 (mean 2, sd 1), {2, 2, 2} in year 2
  std::vector<sim::IndicatorTable> ref, alt;
  for (int r = 0; r < 3; ++r) {
    ref.push_back(toy_table(1, {1, 2}, [](int, int) { return 10.0; }));
    alt.push_back(toy_table(1, {1, 2}, [r](int, int y) { return 10.0 + (y == 1 ? 1.0 + r : 2.0); }));
  }
  const auto rows = sim::compare_rows({"ref", "b"}, {ref, alt}, {}, {});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows[0].diff_mean, 2.0);
  EXPECT_DOUBLE_EQ(rows[0].diff_sd, 1.0);
  EXPECT_NEAR(rows[0].ci_low, 2.0 - 4.303 / std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(rows[0].ci_high, 2.0 + 4.303 / std::sqrt(3.0), 1e-9);
  const std::string csv = sim::compare_over_time_csv(rows);
  const auto lines = sim::sweep::parse_csv(csv);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), kOverTimeHeader);
  ASSERT_EQ(lines[2].size(), 11u);
  EXPECT_EQ(std::vector<std::string>(lines[2].begin(), lines[2].begin() + 10),
            (std::vector<std::string>{"b", "x0", "2", "10", "12", "2", "0", "3", "2", "2"}));
  EXPECT_DOUBLE_EQ(std::stod(lines[2][10]), 0.2);  // 2 / 10

  // one run each: no sd and no interval (empty fields), n = 1
  const auto single = sim::compare_rows({"ref", "b"}, {{ref[0]}, {alt[0]}}, {}, {1});
  const auto one = sim::sweep::parse_csv(sim::compare_over_time_csv(single))[1];
  ASSERT_EQ(one.size(), 11u);
  EXPECT_EQ(std::vector<std::string>(one.begin(), one.begin() + 10),
            (std::vector<std::string>{"b", "x0", "1", "10", "11", "1", "", "1", "", ""}));
  EXPECT_DOUBLE_EQ(std::stod(one[10]), 0.1);

  // a reference level of 0 has no relative difference
  const auto zero = sim::compare_rows({"ref", "b"}, {{toy_table(1, {1}, [](int, int) { return 0.0; })},
                                                     {toy_table(1, {1}, [](int, int) { return 3.0; })}}, {}, {});
  EXPECT_EQ(sim::sweep::parse_csv(sim::compare_over_time_csv(zero))[1][10], "");
}

TEST(CompareOverTime, PlotPathIsCheckedBeforeAnythingRuns) {
  EXPECT_EQ(sim::over_time_csv_path("out/plots/effects.png"), "out/plots/effects_over_time.csv");
  EXPECT_EQ(sim::over_time_csv_path("compare.png"), "compare_over_time.csv");
  EXPECT_NO_THROW(sim::check_plot_path("out/effects.png", "out/effects.csv"));
  EXPECT_THROW(sim::check_plot_path("out/effects.pdf", ""), sim::UsageError);
  EXPECT_THROW(sim::check_plot_path("out/effects", ""), sim::UsageError);
  EXPECT_THROW(sim::check_plot_path("out/effects.png", "out/../out/effects_over_time.csv"), sim::UsageError);
}

TEST(CompareOverTime, WithoutChosenIndicatorsThePlotShowsTheFirstNine) {
  const std::string dir = testutil::temp_dir("compare_cap");
  std::vector<sim::IndicatorTable> ref, alt;
  for (int r = 0; r < 2; ++r) {
    ref.push_back(toy_table(12, {2000, 2001, 2002}, [](int k, int) { return double(k); }));
    alt.push_back(toy_table(12, {2000, 2001, 2002}, [r](int k, int y) { return k + 0.1 * (y - 2000) + 0.01 * r; }));
  }
  const auto plot = sim::plot_compare({"ref.yaml", "alt.yaml"}, {ref, alt}, {}, dir + "/p.png");
  ASSERT_EQ(plot.indicators.size(), sim::kComparePlotDefaultPanels);
  EXPECT_EQ(plot.indicators.front(), "x0");
  EXPECT_EQ(plot.indicators.back(), "x8");
  EXPECT_EQ(plot.csv, dir + "/p_over_time.csv");
  const auto recs = csv_records(plot.csv);
  EXPECT_EQ(recs.size(), 9u * 3u);  // nine indicators, every year
  std::set<std::string> shown;
  for (const auto& r : recs) shown.insert(r.at("indicator"));
  EXPECT_EQ(shown.count("x9"), 0u);
  EXPECT_EQ(shown.size(), 9u);

  const auto chosen = sim::plot_compare({"ref.yaml", "alt.yaml"}, {ref, alt}, {"x11"}, dir + "/q.png");
  EXPECT_EQ(chosen.indicators, (std::vector<std::string>{"x11"}));
  EXPECT_EQ(csv_records(chosen.csv).size(), 3u);
  if (have_matplotlib()) {
    EXPECT_EQ(plot.png, dir + "/p.png") << plot.note;
    EXPECT_TRUE(is_png(dir + "/p.png"));
  } else {
    EXPECT_TRUE(plot.png.empty());
    EXPECT_FALSE(plot.note.empty());
  }
}

TEST(CompareOverTime, ScenarioWithItselfIsExactlyZeroWithAZeroWidthBand) {
  const std::string dir = testutil::temp_dir("compare_self");
  testutil::write(dir + "/a.yaml",
                  "model: boltzmann\nrun: {start_year: 1, end_year: 4}\n"
                  "boltzmann: {agents: 300, death_probability: 0.01, birth_probability: 0.01}\n");
  const auto cat = models::catalog();
  sim::CompareOptions o;
  o.replicates = 3;
  o.jobs = 2;
  const std::vector<std::string> inputs = {dir + "/a.yaml", dir + "/a.yaml"};
  const auto tables = sim::compare_tables(cat, inputs, o);
  const auto plot = sim::plot_compare(inputs, tables, {}, dir + "/self.png");
  EXPECT_EQ(plot.indicators, tables[0][0].names);  // four indicators: all of them
  const auto recs = csv_records(plot.csv);
  ASSERT_EQ(recs.size(), plot.indicators.size() * 4u);  // every year 1-4
  for (const auto& r : recs) {
    EXPECT_EQ(r.at("mean_difference"), "0") << r.at("indicator") << " " << r.at("year");
    EXPECT_EQ(r.at("sd_difference"), "0");
    EXPECT_EQ(r.at("ci95_low"), "0");
    EXPECT_EQ(r.at("ci95_high"), "0");
    EXPECT_EQ(r.at("n"), "3");
    EXPECT_EQ(r.at("mean_reference"), r.at("mean_alternative"));
  }
}

TEST(CompareOverTime, IntervalsWidenAsDifferencesAccumulateAndNarrowWithReplicates) {
  // Higher mortality, no births: the alternative loses agents year after year, and the spread of
  // the paired difference grows with the deaths counted so far.
  const std::string dir = testutil::temp_dir("compare_widen");
  testutil::write(dir + "/a.yaml",
                  "model: boltzmann\nrun: {start_year: 1, end_year: 6}\nboltzmann: {agents: 500, death_probability: 0.002}\n");
  testutil::write(dir + "/b.yaml", "extends: a.yaml\nboltzmann: {death_probability: 0.005}\n");
  const auto cat = models::catalog();
  const std::vector<std::string> inputs = {dir + "/a.yaml", dir + "/b.yaml"};
  auto agents_over_time = [&](int replicates) {
    sim::CompareOptions o;
    o.replicates = replicates;
    o.jobs = 2;
    o.indicators = {"agents"};
    return sim::compare_rows(inputs, sim::compare_tables(cat, inputs, o), o.indicators, {});
  };
  const auto rows = agents_over_time(8);
  ASSERT_EQ(rows.size(), 6u);
  for (const auto& r : rows) {
    EXPECT_EQ(r.n, 8);
    EXPECT_LE(r.ci_low, r.diff_mean);
    EXPECT_GE(r.ci_high, r.diff_mean);
    EXPECT_GT(r.ci_high - r.ci_low, 0.0) << r.year;  // different mortality, different paths
    EXPECT_LT(r.diff_mean, 0.0) << r.year;
  }
  EXPECT_LT(rows.back().diff_mean, rows.front().diff_mean);  // more deaths accumulated
  EXPECT_GT(rows.back().ci_high - rows.back().ci_low, rows.front().ci_high - rows.front().ci_low);
  EXPECT_LT(rows.back().ci_high, 0.0);  // the end: the interval excludes zero

  // 4 replicates instead of 16: wider intervals (t 3.18 / 2 against 2.13 / 4), averaged over the years
  auto mean_width = [](const std::vector<sim::CompareRow>& rs) {
    double w = 0;
    for (const auto& r : rs) w += r.ci_high - r.ci_low;
    return w / static_cast<double>(rs.size());
  };
  EXPECT_GT(mean_width(agents_over_time(4)), 1.5 * mean_width(agents_over_time(16)));
}

TEST(CompareOverTime, PlotFromTheCommandLine) {
  const std::string dir = testutil::temp_dir("compare_plot_cli");
  testutil::write(dir + "/a.yaml",
                  "model: boltzmann\nrun: {start_year: 1, end_year: 3}\nboltzmann: {agents: 300, death_probability: 0.002}\n");
  testutil::write(dir + "/b.yaml", "extends: a.yaml\nboltzmann: {death_probability: 0.005}\n");
  std::string out;
  const std::string inputs = dir + "/a.yaml " + dir + "/b.yaml ";
  // a bad --plot is refused before anything runs
  EXPECT_EQ(testutil::xiaoda("compare " + inputs + "--plot " + dir + "/p.pdf", out), 2);
  EXPECT_NE(out.find("must name a .png file"), std::string::npos) << out;
  EXPECT_EQ(out.find("replicate"), std::string::npos) << out;
  EXPECT_EQ(testutil::xiaoda("compare " + inputs + "--plot " + dir + "/p.png --out " + dir + "/p_over_time.csv", out), 2);

  // --years restricts the table and --out, not the plot; the plot's folder is made
  ASSERT_EQ(testutil::xiaoda("compare " + inputs + "--replicates 3 --years 3 --indicators agents,gini --out " + dir +
                                 "/c.csv --plot " + dir + "/plots/c.png",
                             out),
            0)
      << out;
  EXPECT_NE(out.find("wrote " + dir + "/plots/c_over_time.csv"), std::string::npos) << out;
  const std::string csv = testutil::read(dir + "/plots/c_over_time.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), kOverTimeHeader);
  const auto recs = csv_records(dir + "/plots/c_over_time.csv");
  ASSERT_EQ(recs.size(), 2u * 3u);  // agents and gini, years 1-3
  EXPECT_EQ(recs[0].at("alternative"), dir + "/b.yaml");
  EXPECT_EQ(recs[0].at("indicator"), "agents");
  EXPECT_EQ(recs[0].at("year"), "1");
  EXPECT_EQ(recs[5].at("indicator"), "gini");
  EXPECT_EQ(recs[5].at("year"), "3");
  EXPECT_EQ(sim::sweep::parse_csv(testutil::read(dir + "/c.csv")).size(), 1u + 2u);  // --years 3 only
  if (have_matplotlib()) {
    EXPECT_TRUE(is_png(dir + "/plots/c.png")) << out;
    EXPECT_NE(out.find("wrote " + dir + "/plots/c.png"), std::string::npos) << out;
  } else {
    EXPECT_FALSE(fs::exists(dir + "/plots/c.png"));
    EXPECT_NE(out.find("no python3 with matplotlib"), std::string::npos) << out;
  }
}

// The over-time CSV of a reference model holds exactly the paired differences of separate runs
// (`xiaoda run --seed s`, one per scenario and seed), computed here by hand.
TEST(CompareOverTime, ReferenceModelCsvIsThePairedDifferenceOfSeparateRuns) {
  const std::string dir = testutil::temp_dir("compare_ht_hand");
  const std::string src = XIAODA_SOURCE_DIR;
  const std::string a = src + "/scenarios/reference/harris_todaro.yaml";
  const std::string b = src + "/scenarios/reference/harris_todaro_higher_minimum_wage.yaml";
  // the minimum wage binds from about year 35 on: 45 years show both no difference and a growing one
  const std::string sets = "--set harris_todaro.workers=20000 --set run.end_year=45";
  std::string out;
  ASSERT_EQ(testutil::xiaoda("compare " + a + " " + b + " --replicates 3 --seed 7 --jobs 2 " + sets +
                                 " --indicators urban_share,unemployment_rate --plot " + dir + "/ht.png",
                             out),
            0)
      << out;

  // seeds 7, 8, 9, each scenario run on its own
  std::vector<sim::IndicatorTable> ref, alt;
  for (int seed = 7; seed <= 9; ++seed) {
    for (auto [scen, name, into] : {std::tuple{a, std::string("a"), &ref}, std::tuple{b, std::string("b"), &alt}}) {
      const std::string run_dir = dir + "/" + name + std::to_string(seed);
      ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + run_dir + " --seed " + std::to_string(seed) + " " + sets +
                                     " --threads 1 --no-progress",
                                 out),
                0)
          << out;
      into->push_back(sim::read_indicators_csv(run_dir + "/indicators.csv"));
    }
  }

  const auto recs = csv_records(dir + "/ht_over_time.csv");
  ASSERT_EQ(recs.size(), 2u * 45u);  // two indicators, years 1-45
  int moved = 0;
  for (const auto& r : recs) {
    const std::string& n = r.at("indicator");
    const int y = std::stoi(r.at("year"));
    double d[3], ra = 0, rb = 0;
    for (int i = 0; i < 3; ++i) {
      d[i] = alt[i].value(n, y) - ref[i].value(n, y);
      ra += ref[i].value(n, y) / 3;
      rb += alt[i].value(n, y) / 3;
    }
    const double mean = (d[0] + d[1] + d[2]) / 3;
    const double sd = std::sqrt(((d[0] - mean) * (d[0] - mean) + (d[1] - mean) * (d[1] - mean) +
                                 (d[2] - mean) * (d[2] - mean)) / 2);
    const double half = 4.303 * sd / std::sqrt(3.0);  // t(0.975, 2 df)
    const double tol = 1e-12 * (1 + std::abs(ra) + std::abs(rb));
    const std::string at = n + " year " + r.at("year");
    EXPECT_EQ(r.at("alternative"), b);
    EXPECT_EQ(r.at("n"), "3");
    EXPECT_NEAR(std::stod(r.at("mean_reference")), ra, tol) << at;
    EXPECT_NEAR(std::stod(r.at("mean_alternative")), rb, tol) << at;
    EXPECT_NEAR(std::stod(r.at("mean_difference")), mean, tol) << at;
    EXPECT_NEAR(std::stod(r.at("sd_difference")), sd, tol) << at;
    EXPECT_NEAR(std::stod(r.at("ci95_low")), mean - half, tol) << at;
    EXPECT_NEAR(std::stod(r.at("ci95_high")), mean + half, tol) << at;
    if (ra == 0) {  // no urban unemployment before the minimum wage binds
      EXPECT_EQ(r.at("relative_difference"), "") << at;
    } else {
      EXPECT_NEAR(std::stod(r.at("relative_difference")), mean / ra, 1e-9 * (1 + std::abs(mean / ra))) << at;
    }
    // the band holds the mean
    EXPECT_LE(std::stod(r.at("ci95_low")), std::stod(r.at("mean_difference"))) << at;
    EXPECT_GE(std::stod(r.at("ci95_high")), std::stod(r.at("mean_difference"))) << at;
    if (mean != 0) ++moved;
  }
  EXPECT_GE(moved, 10) << "a higher minimum wage should change the paths";  // not a vacuous comparison
  if (have_matplotlib()) {
    EXPECT_TRUE(is_png(dir + "/ht.png")) << out;
  }
}

// An unknown indicator is a usage error (exit 2) that writes nothing: no table, no CSV, no picture.
TEST(CompareOverTime, UnknownIndicatorWritesNothing) {
  const std::string dir = testutil::temp_dir("compare_unknown");
  testutil::write(dir + "/a.yaml",
                  "model: boltzmann\nrun: {start_year: 1, end_year: 3}\nboltzmann: {agents: 200, death_probability: 0.002}\n");
  testutil::write(dir + "/b.yaml", "extends: a.yaml\nboltzmann: {death_probability: 0.005}\n");
  std::string out;
  EXPECT_EQ(testutil::xiaoda("compare " + dir + "/a.yaml " + dir + "/b.yaml --replicates 2 --indicators agents,no_such " +
                                 "--out " + dir + "/c.csv --plot " + dir + "/p.png",
                             out),
            2);
  EXPECT_NE(out.find("indicator 'no_such' is not recorded by '" + dir + "/a.yaml'"), std::string::npos) << out;
  EXPECT_EQ(out.find("replicate"), std::string::npos) << "refused before any run: " << out;
  EXPECT_FALSE(fs::exists(dir + "/c.csv"));
  EXPECT_FALSE(fs::exists(dir + "/p_over_time.csv"));
  EXPECT_FALSE(fs::exists(dir + "/p.png"));
  // the library refuses it the same way
  std::vector<sim::IndicatorTable> ref = {toy_table(2, {1, 2}, [](int, int) { return 1.0; })};
  EXPECT_THROW(sim::plot_compare({"r", "o"}, {ref, ref}, {"x0", "y"}, dir + "/q.png"), sim::UsageError);
  EXPECT_FALSE(fs::exists(dir + "/q_over_time.csv"));
}

// docs/scenarios.md ("Differences over time") shows this command; it runs here with the picture in a
// temporary folder.
TEST(CompareOverTime, DocumentedExampleRuns) {
  const std::string docs = testutil::read(std::string(XIAODA_SOURCE_DIR) + "/docs/scenarios.md");
  const std::string shown =
      "--replicates 5 --jobs 2 --set harris_todaro.workers=100000 --set run.end_year=60 \\\n"
      "  --indicators urban_share,unemployment_rate,income_per_capita --years 60 --plot ht_minimum_wage.png";
  ASSERT_NE(docs.find(shown), std::string::npos) << "docs/scenarios.md no longer shows the command tested here";
  const std::string dir = testutil::temp_dir("compare_doc_example");
  std::string out;
  ASSERT_EQ(testutil::xiaoda("compare scenarios/reference/harris_todaro.yaml "
                             "scenarios/reference/harris_todaro_higher_minimum_wage.yaml --replicates 5 --jobs 2 "
                             "--set harris_todaro.workers=100000 --set run.end_year=60 "
                             "--indicators urban_share,unemployment_rate,income_per_capita --years 60 --plot " +
                                 dir + "/ht_minimum_wage.png",
                             out),
            0)
      << out;
  const auto recs = csv_records(dir + "/ht_minimum_wage_over_time.csv");
  ASSERT_EQ(recs.size(), 3u * 60u);
  for (const auto& r : recs) {
    EXPECT_EQ(r.at("n"), "5");
    EXPECT_LE(std::stod(r.at("ci95_low")), std::stod(r.at("mean_difference")));
    EXPECT_GE(std::stod(r.at("ci95_high")), std::stod(r.at("mean_difference")));
  }
  if (have_matplotlib()) {
    EXPECT_TRUE(is_png(dir + "/ht_minimum_wage.png")) << out;
  }
}

// When the picture cannot be drawn (here: a Python that "has" matplotlib but fails every script), the
// CSV is still written, the command succeeds, the log says why, and an older picture is removed.
TEST(CompareOverTime, AFailedPlotKeepsTheCsvAndSaysWhy) {
  const std::string dir = testutil::temp_dir("compare_plot_fails");
  testutil::write(dir + "/a.yaml",
                  "model: boltzmann\nrun: {start_year: 1, end_year: 3}\nboltzmann: {agents: 200, death_probability: 0.002}\n");
  testutil::write(dir + "/b.yaml", "extends: a.yaml\nboltzmann: {death_probability: 0.005}\n");
  testutil::write(dir + "/python", "#!/bin/sh\n[ \"$1\" = \"-c\" ] && exit 0\nexit 1\n");
  fs::permissions(dir + "/python", fs::perms::owner_all);
  testutil::write(dir + "/p.png", "an older picture");
  ::setenv("XIAODA_PYTHON", (dir + "/python").c_str(), 1);
  std::string out;
  const int rc = testutil::xiaoda("compare " + dir + "/a.yaml " + dir + "/b.yaml --replicates 2 --indicators agents --plot " +
                                      dir + "/p.png",
                                  out);
  ::unsetenv("XIAODA_PYTHON");
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("no " + dir + "/p.png: the plot script failed"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir + "/p.png"));
  EXPECT_EQ(csv_records(dir + "/p_over_time.csv").size(), 3u);
}
