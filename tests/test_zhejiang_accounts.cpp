// Zhejiang accounts: the whole 1978-2013 baseline and every counterfactual run with invariant
// checking on (population, labour statuses, double entry, markets clearing, net lending, households'
// and local governments' money), the sector accounts file, and the engine's invariant error.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "sim/error.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "model_run.hpp"
#include "test_util.hpp"

namespace {

sim::RunResult run_checked(const std::string& file, int scale) {
  const auto rs = sim::load_scenario(std::string(XIAODA_SOURCE_DIR) + "/" + file, {"zhejiang.scale=" + std::to_string(scale)},
                                     testutil::catalog());
  sim::RunOptions o;
  o.threads = 2;
  o.progress = false;
  o.check_invariants = true;
  return sim::execute_run(testutil::catalog(), rs, o);
}

}  // namespace

TEST(ZhejiangAccounts, BaselineKeepsEveryIdentityEveryMonth) {
  EXPECT_TRUE(run_checked("scenarios/zhejiang_1978_2013.yaml", 2000).completed);
}

TEST(ZhejiangAccounts, CounterfactualsKeepEveryIdentityEveryMonth) {
  for (const char* f : {"exclusive_urbanization", "late_hukou_reform", "no_mutual_finance", "no_relocation", "no_wholesale_markets",
                        "trade_only", "transfer_region"})
    EXPECT_TRUE(run_checked(std::string("scenarios/counterfactuals/") + f + ".yaml", 2000).completed) << f;
}

TEST(ZhejiangAccounts, SectorAccountsFileBalances) {
  const std::string dir = testutil::temp_dir("zj_accounts");
  std::string out;
  ASSERT_EQ(testutil::xiaoda(std::string("run ") + XIAODA_SOURCE_DIR + "/scenarios/zhejiang_1978_2013.yaml --out " + dir +
                                 "/r --set zhejiang.scale=4000 --set run.end_year=1995 --no-progress",
                             out),
            0)
      << out;
  std::istringstream in(testutil::read(dir + "/r/accounts.csv"));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "year,sector,income,consumption,transfers,saving,capital_transfers,investment,net_lending");
  std::map<int, double> net, scale;
  std::map<int, int> sectors;
  while (std::getline(in, line)) {
    std::vector<std::string> c;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) c.push_back(x);
    ASSERT_EQ(c.size(), 9u) << line;
    const int y = std::stoi(c[0]);
    net[y] += std::stod(c[8]);
    scale[y] += std::abs(std::stod(c[2]));
    ++sectors[y];
  }
  ASSERT_EQ(net.size(), 18u);
  for (const auto& [y, x] : net) {
    EXPECT_NEAR(x, 0.0, 1e-9 * scale[y]) << y;
    EXPECT_EQ(sectors[y], 8) << y;  // households, firms, collectives, credit, local and central government, rest of China, abroad
  }
  EXPECT_NE(testutil::read(dir + "/r/accounts_flows.csv").find("1995,households,wages,"), std::string::npos);
}

namespace {

// A model whose invariant fails at its fourth tick.
class Broken final : public sim::Model {
 public:
  void setup(sim::Simulation& s) override {
    s.add_phase("count", "counts ticks", [this] { ++ticks_; });
    s.add_invariant("ticks_below_four", "fails at the fourth tick",
                    [this] { return ticks_ < 4 ? std::string() : "counted " + std::to_string(ticks_) + " ticks"; });
  }
  void initialize(sim::Simulation&) override {}

 private:
  int ticks_ = 0;
};

}  // namespace

TEST(Invariants, AFailingIdentityStopsTheRunNamingTickAndIdentity) {
  sim::ModelCatalog cat;
  sim::ModelInfo m;
  m.name = "broken";
  m.doc = "test";
  m.declare = [](sim::ParamRegistry&) {};
  m.create = [] { return std::make_unique<Broken>(); };
  cat.add(m);
  const auto rs = sim::load_scenario_text("model: broken\nrun: {start_year: 2000, end_year: 2001}\n", "broken", {}, cat);
  sim::RunOptions o;
  o.progress = false;
  EXPECT_TRUE(sim::execute_run(cat, rs, o).completed);  // not checked: runs to the end
  o.check_invariants = true;
  try {
    sim::execute_run(cat, rs, o);
    FAIL() << "no error";
  } catch (const sim::InvariantError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("tick 3 (2000, month 4 of 12)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("ticks_below_four"), std::string::npos) << msg;
    EXPECT_NE(msg.find("counted 4 ticks"), std::string::npos) << msg;
  }
}
