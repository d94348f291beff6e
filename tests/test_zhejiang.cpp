// Zhejiang model: invariants of each mechanism on a small sample (1:4000, short periods).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/labour.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"
#include "model_run.hpp"
#include "test_util.hpp"

namespace {

std::string scenario(int end_year, const std::string& extra = "") {
  return "model: zhejiang\n"
         "run: {start_year: 1978, end_year: " + std::to_string(end_year) + ", tick: month, seed: 5}\n"
         "zhejiang: {scale: 4000" + extra + "}\n";
}

sim::RunResult run(const std::string& text, int threads = 1, std::vector<std::string> sets = {}) {
  return testutil::run_text(text, "zj", sets, threads);
}

using testutil::at;

/// The 1978-1986 scenario run whole on two threads, and cut (checkpoint every `every` ticks, stop
/// after `stop`) then resumed on one thread, with the same `sets` ("--set k=v ..."): each of `files`
/// must come out byte-identical.
void expect_resume_identical(const std::string& name, const std::string& sets, int every, int stop, const std::vector<std::string>& files) {
  const std::string dir = testutil::temp_dir(name);
  const std::string scen = dir + "/s.yaml", full = dir + "/full", cut = dir + "/cut";
  testutil::write(scen, scenario(1986));
  std::string out;
  ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + full + sets + " --threads 2 --no-progress", out), 0) << out;
  ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + cut + sets + " --checkpoint-every " + std::to_string(every) + " --stop-after " +
                                 std::to_string(stop) + " --no-progress",
                             out),
            0)
      << out;
  ASSERT_EQ(testutil::xiaoda("resume " + cut + " --threads 1 --no-progress", out), 0) << out;
  for (const auto& f : files) EXPECT_EQ(testutil::read(full + "/" + f), testutil::read(cut + "/" + f)) << f;
}

}  // namespace

TEST(Zhejiang, IdenticalSeedsGiveIdenticalOutput) {
  const auto a = run(scenario(1990));
  const auto b = run(scenario(1990));
  ASSERT_TRUE(a.completed);
  EXPECT_EQ(a.table.to_csv(), b.table.to_csv());
  const auto c = run(scenario(1990), 1, {"run.seed=6"});
  EXPECT_NE(a.table.to_csv(), c.table.to_csv());
}

TEST(Zhejiang, BitIdenticalAcrossThreadCounts) {
  const auto one = run(scenario(1992), 1);
  const auto two = run(scenario(1992), 2);
  EXPECT_EQ(one.table.to_csv(), two.table.to_csv());
}

TEST(Zhejiang, NoMarketMeansNoMarketTurnover) {
  const auto r = run(scenario(1995), 2, {"policies.market_building.enabled=false"});
  for (int y = 1978; y <= 1995; ++y) {
    EXPECT_EQ(at(r, "commodity_markets", y), 0.0);
    EXPECT_EQ(at(r, "commodity_market_turnover", y), 0.0);
    EXPECT_EQ(at(r, "traders", y), 0.0);
  }
  const auto with = run(scenario(1995), 2);
  EXPECT_GT(at(with, "commodity_markets", 1995), 0.0);
  EXPECT_GT(at(with, "commodity_market_turnover", 1995), 0.0);
}

TEST(Zhejiang, NoSavingsAndNoCreditMeansNoNewFirms) {
  const auto r = run(scenario(1988, ", init: {savings_per_capita: 0}, households: {saving_rate: 0, deposit_rate: 0}, "
                                    "entry: {credit_access: 0}"),
                     2, {"policies.manufacturing_promotion.enabled=false",
                         "policies.mutual_finance.enabled=false"});  // co-operative loans are credit (issue 4)
  // a household below subsistence never saves; with a zero saving rate nobody accumulates capital
  for (int y = 1978; y <= 1988; ++y) EXPECT_EQ(at(r, "firms", y), 0.0) << y;
  const auto base = run(scenario(1988), 2);
  EXPECT_GT(at(base, "firms", 1988), 0.0);
}

TEST(Zhejiang, DisabledPromotionHasNoEffectBeforeItsStart) {
  // the promotion starts in 1992: before that, switching it off changes nothing
  const auto on = run(scenario(1990), 2);
  const auto off = run(scenario(1990), 2, {"policies.manufacturing_promotion.enabled=false"});
  EXPECT_EQ(on.table.to_csv(), off.table.to_csv());
  // a zero subsidy and multiplier 1 is the same as switching it off, at any date
  const auto zero = run(scenario(1996), 2, {"policies.manufacturing_promotion.subsidy_share=0",
                                            "policies.manufacturing_promotion.propensity_multiplier=1"});
  const auto none = run(scenario(1996), 2, {"policies.manufacturing_promotion.enabled=false"});
  EXPECT_EQ(zero.table.to_csv(), none.table.to_csv());
}

TEST(Zhejiang, PopulationAccountingBalances) {
  // with every policy module on (hukou reform brings children of migrants from 2001)
  const auto r = run(scenario(2013), 2);
  for (int y = 1979; y <= 2013; ++y) {
    const double start = at(r, "population_start_of_year", y), end = at(r, "resident_population", y);
    const double flows = at(r, "births", y) - at(r, "deaths", y) + at(r, "in_migrants", y) - at(r, "out_migrants", y);
    EXPECT_NEAR(end - start, flows, 1e-6) << y;
  }
}

TEST(Zhejiang, SectorAccountsAreConsistent) {
  const auto r = run(scenario(1995), 2);
  for (int y = 1978; y <= 1995; ++y) {
    const double s = at(r, "gdp_share_primary", y) + at(r, "gdp_share_secondary", y) + at(r, "gdp_share_tertiary", y);
    EXPECT_NEAR(s, 100.0, 1e-9) << y;
    EXPECT_NEAR(at(r, "final_demand_total", y), at(r, "gdp_nominal", y), 1e-9 * at(r, "gdp_nominal", y)) << y;
    const double e = at(r, "employment_share_primary", y) + at(r, "employment_share_secondary", y) + at(r, "employment_share_tertiary", y);
    EXPECT_NEAR(e, 100.0, 1e-9) << y;
  }
  // the input-output table itself: value added sums to GDP, gross = inputs + value added
  std::vector<double> a(25, 0.05);
  const auto acc = models::zhejiang::compute_accounts(a, {10, 50, 5, 3, 20});
  double va = 0;
  for (int i = 0; i < 5; ++i) {
    va += acc.value_added[static_cast<std::size_t>(i)];
    EXPECT_NEAR(acc.gross[static_cast<std::size_t>(i)], acc.intermediate_inputs[static_cast<std::size_t>(i)] + acc.value_added[static_cast<std::size_t>(i)], 1e-12);
  }
  EXPECT_NEAR(va, acc.gdp, 1e-12);
  EXPECT_THROW(models::zhejiang::compute_accounts(std::vector<double>(25, 0.3), {1, 1, 1, 1, 1}), sim::Error);
}

TEST(Zhejiang, CheckpointResumeIsBitIdentical) {
  expect_resume_identical("zj_resume", "", 24, 77, {"indicators.csv", "accounts.csv", "accounts_flows.csv"});
}

TEST(Zhejiang, MidYearResumeWithMarketReachIsBitIdentical) {
  // a checkpoint in the middle of a year (tick 68, August 1983): the markets' yearly queue (the mean
  // of the quarters so far) must come back from the checkpoint, and the reach of markets
  // (markets.reach_elasticity, recomputed at each tally) must not depend on a resume
  expect_resume_identical("zj_resume_mid", " --set zhejiang.markets.reach_elasticity=1", 17, 77, {"indicators.csv", "accounts.csv"});
}

TEST(Zhejiang, ResumeWithCountyCopyingIsBitIdentical) {
  // entry.neighbour_scope 'county' draws among the cells of the towns of each county: after loading a
  // checkpoint the county's towns must be known (a resume crashed when the clusters kept their own
  // copy of them, built only at initialization; they now come from the places)
  expect_resume_identical("zj_resume_county", " --set zhejiang.entry.neighbour_follow=1 --set zhejiang.entry.neighbour_scope=county", 30, 70,
                          {"indicators.csv", "accounts.csv"});
}

TEST(Zhejiang, TrajectoryHasNoJumps) {
  // the whole 1978-2013 path at 1:1000: no year-to-year jump the source does not describe
  const auto r = run("model: zhejiang\nrun: {start_year: 1978, end_year: 2013, tick: month, seed: 3}\nzhejiang: {scale: 1000}\n", 2);
  ASSERT_TRUE(r.completed);
  for (int y = 1979; y <= 2013; ++y) {
    // a step from a dated decision, or a migration take-off, would show as a jump of many points in
    // one year. The largest yearly rise over seeds 1-10 at 1:1000 is 2.3-2.8 points (2.8 for this
    // seed; the census series at most ~2.5). Before calibration stage 5 it was 2.7-9.3 (8 seeds above
    // 4: migration took off in some seeds, docs/model.md section 9), which this bound would catch.
    EXPECT_LT(std::abs(at(r, "urbanization_rate", y) - at(r, "urbanization_rate", y - 1)), 4.0) << y;
    const double p0 = at(r, "resident_population", y - 1), p1 = at(r, "resident_population", y);
    EXPECT_LT(std::abs(p1 - p0), 0.05 * p0) << y;
    const double m0 = at(r, "commodity_markets", y - 1), m1 = at(r, "commodity_markets", y);
    if (y >= 1988) {
      EXPECT_LE(m1, 2.0 * m0) << y;  // markets spread gradually after the first few years
    }
    EXPECT_LE(m1 - m0, 400.0) << y;                 // at most a few markets per county and year
    // in-migration responds smoothly: the stock never jumps by more than a quarter of the 2013 target in a year
    EXPECT_LT(at(r, "residents_from_other_provinces", y) - at(r, "residents_from_other_provinces", y - 1), 350.0) << y;
  }
}

TEST(Zhejiang, PensionsRaiseUrbanIncomeAndRuralPensionWaitsForItsStart) {
  const auto with = run(scenario(1990), 2);
  const auto none = run(scenario(1990), 2, {"zhejiang.government.pension_urban=0"});
  // urban-hukou elderly draw an employee pension from the first month: urban income is higher
  EXPECT_GT(at(with, "urban_disposable_income_per_capita", 1978), at(none, "urban_disposable_income_per_capita", 1978));
  // the rural resident pension starts in 2009: its level cannot matter before
  const auto rural0 = run(scenario(1990), 2, {"zhejiang.government.pension_rural=0"});
  EXPECT_EQ(with.table.to_csv(), rural0.table.to_csv());
  // ... and when it starts, every rural-hukou elderly person receives it
  const auto early = run(scenario(1985), 2, {"zhejiang.government.pension_rural_year=1978", "zhejiang.government.pension_rural=200"});
  const auto base = run(scenario(1985), 2);
  EXPECT_GT(at(early, "rural_net_income_per_capita", 1978), at(base, "rural_net_income_per_capita", 1978));
}

TEST(Zhejiang, JobChanceWithinAYearCompoundsTheMonthlyRate) {
  using models::zhejiang::Labour;
  EXPECT_DOUBLE_EQ(Labour::find_within_year(0.0), 0.0);
  EXPECT_DOUBLE_EQ(Labour::find_within_year(1.0), 1.0);
  EXPECT_NEAR(Labour::find_within_year(0.1), 1.0 - std::pow(0.9, 12), 1e-15);
  EXPECT_NEAR(Labour::find_within_year(0.2), 0.931280523, 1e-9);  // one month's 20 % is a 93 % chance within a year
  EXPECT_DOUBLE_EQ(Labour::find_within_year(-0.5), 0.0);          // a rate outside [0, 1] is clamped
  EXPECT_DOUBLE_EQ(Labour::find_within_year(2.0), 1.0);
  EXPECT_LT(Labour::find_within_year(0.05), Labour::find_within_year(0.06));
}

TEST(Zhejiang, EntrantsFrontierChoiceMatters) {
  // the entrants' frontier over all firms (default), private firms only, or founders' expected
  // productivity (docs/model.md sections 5 and 8): each is a different economy by 1990
  const auto all = run(scenario(1990), 2);
  const auto priv = run(scenario(1990), 2, {"zhejiang.firms.frontier_firms=private"});
  const auto expected = run(scenario(1990), 2, {"zhejiang.firms.frontier_firms=expected"});
  ASSERT_TRUE(all.completed && priv.completed && expected.completed);
  EXPECT_NE(at(all, "gdp_nominal", 1990), at(priv, "gdp_nominal", 1990));
  EXPECT_NE(at(all, "gdp_nominal", 1990), at(expected, "gdp_nominal", 1990));
  // the years before the first private firms are the same: the choice only acts through entrants
  EXPECT_EQ(at(all, "gdp_nominal", 1979), at(priv, "gdp_nominal", 1979));
  EXPECT_EQ(at(all, "gdp_nominal", 1979), at(expected, "gdp_nominal", 1979));
}

TEST(Zhejiang, FirmsOwnWorkersCountedOnceLowerCoarseTownPremia) {
  // firms.own_size_in_town (docs/model.md section 8, Scale): at 1:4000 a 1978 collective unit's own
  // workers times the scale make its town look like a city ('scaled'); counted once they do not, so
  // the 1978 wage premia and urban incomes fall (seed 1: 361 -> 242 yuan); 'residents' is a third
  // economy. The rule acts from the first month.
  const auto scaled = run(scenario(1978), 2);
  const auto once = run(scenario(1978), 2, {"zhejiang.firms.own_size_in_town=once"});
  const auto residents = run(scenario(1978), 2, {"zhejiang.firms.own_size_in_town=residents"});
  ASSERT_TRUE(scaled.completed && once.completed && residents.completed);
  EXPECT_LT(at(once, "urban_disposable_income_per_capita", 1978), 0.85 * at(scaled, "urban_disposable_income_per_capita", 1978));
  EXPECT_NE(at(residents, "urban_disposable_income_per_capita", 1978), at(scaled, "urban_disposable_income_per_capita", 1978));
  EXPECT_NE(at(residents, "urban_disposable_income_per_capita", 1978), at(once, "urban_disposable_income_per_capita", 1978));
}

TEST(Zhejiang, TownAllocationProportionalActsAndStaysDeterministic) {
  // labour.town_allocation (docs/model.md section 8, Scale): 'first' gives a town's seekers to its
  // oldest firm with vacancies; 'proportional' (the default) draws the firm in proportion to its open
  // vacancies, from the seeker's own stream, so the result is the same on any thread count
  const auto first = run(scenario(1990), 2, {"zhejiang.labour.town_allocation=first"});
  const auto named = run(scenario(1990), 1, {"zhejiang.labour.town_allocation=proportional"});
  const auto prop1 = run(scenario(1990), 1);
  const auto prop2 = run(scenario(1990), 2);
  ASSERT_TRUE(first.completed && named.completed && prop1.completed && prop2.completed);
  EXPECT_EQ(at(prop1, "gdp_nominal", 1990), at(named, "gdp_nominal", 1990));
  EXPECT_NE(at(first, "gdp_nominal", 1990), at(prop1, "gdp_nominal", 1990));
  for (int y = 1978; y <= 1990; ++y) {
    EXPECT_EQ(at(prop1, "gdp_nominal", y), at(prop2, "gdp_nominal", y)) << y;
    EXPECT_EQ(at(prop1, "firms", y), at(prop2, "firms", y)) << y;
  }
}

TEST(Zhejiang, MarketReachFavoursTheHubAndStaysDeterministic) {
  // markets.reach_elasticity (docs/model.md section 7, Markets): a manufacturer's reach through a
  // market grows with the buyers per stall there, normalised to an output-weighted mean of 1, so the
  // firms of Yiwu's county (the hub) sell a larger share of the province's manufactures; 0 (the
  // default) gives every market the same reach. Identical on 1 and 2 threads.
  const std::string text = scenario(2000);
  const auto flat = run(text, 2, {"zhejiang.scale=1000"});
  const auto hub1 = run(text, 1, {"zhejiang.scale=1000", "zhejiang.markets.reach_elasticity=1"});
  const auto hub2 = run(text, 2, {"zhejiang.scale=1000", "zhejiang.markets.reach_elasticity=1"});
  ASSERT_TRUE(flat.completed && hub1.completed && hub2.completed);
  EXPECT_GT(at(hub1, "yiwu_manufacturing_sales_share", 2000), 1.5 * at(flat, "yiwu_manufacturing_sales_share", 2000));
  for (int y = 1978; y <= 2000; ++y) {
    EXPECT_EQ(at(hub1, "gdp_nominal", y), at(hub2, "gdp_nominal", y)) << y;
    EXPECT_EQ(at(hub1, "yiwu_market_turnover", y), at(hub2, "yiwu_market_turnover", y)) << y;
  }
}

TEST(Zhejiang, FoundersWhoCopyNeighboursMakeTownsSpecialise) {
  // entry.neighbour_follow (docs/model.md section 9): founders who choose a small-commodity trade copy
  // their town's trades (scope 'town') or their county's town x trade cells ('county') with chance
  // proportional to (workers there)^2, so a town's leading trade takes a larger share of its
  // manufacturing and, with the county scope, manufacturing gathers in fewer, larger clusters.
  // Measured when written (seed 5, 1:250, 1995): leading-trade share 84.7 % off, 96.8 % town scope;
  // block-economy practitioners 295, 413, 580 (10k). Off by default; identical on 1 and 2 threads.
  const std::string text = scenario(1995);
  const std::vector<std::string> base = {"zhejiang.scale=250"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), base.begin(), base.end());
    return extra;
  };
  const auto off = run(text, 2, base);
  const auto town = run(text, 2, with({"zhejiang.entry.neighbour_follow=1"}));
  const auto county1 = run(text, 1, with({"zhejiang.entry.neighbour_follow=1", "zhejiang.entry.neighbour_scope=county"}));
  const auto county2 = run(text, 2, with({"zhejiang.entry.neighbour_follow=1", "zhejiang.entry.neighbour_scope=county"}));
  ASSERT_TRUE(off.completed && town.completed && county1.completed && county2.completed);
  EXPECT_GT(at(town, "town_leading_trade_share", 1995), at(off, "town_leading_trade_share", 1995) + 5.0);
  EXPECT_GT(at(county1, "block_economy_practitioners", 1995), 1.3 * at(off, "block_economy_practitioners", 1995));
  EXPECT_GT(at(county1, "block_economy_sales_share", 1995), at(off, "block_economy_sales_share", 1995) + 10.0);
  for (int y = 1978; y <= 1995; ++y) {
    EXPECT_EQ(at(county1, "gdp_nominal", y), at(county2, "gdp_nominal", y)) << y;
    EXPECT_EQ(at(county1, "block_economy_sales", y), at(county2, "block_economy_sales", y)) << y;
    for (const auto* r : {&off, &town, &county1}) {  // the block economies' sales: a part of manufacturing's, none without blocks
      EXPECT_GE(at(*r, "block_economy_sales_share", y), 0.0) << y;
      EXPECT_LE(at(*r, "block_economy_sales_share", y), 100.0) << y;
      EXPECT_EQ(at(*r, "block_economies_over_1bn_sales", y) == 0, at(*r, "block_economy_sales", y) == 0) << y;
      EXPECT_GE(at(*r, "block_economy_sales", y), 10.0 * at(*r, "block_economies_over_1bn_sales", y)) << y;  // each over RMB 1 bn
    }
  }
}

TEST(Zhejiang, ScaleFreeMarketBuildingBuildsFewerMarketsInACoarseSample) {
  // markets.queue_measure and policies.market_building.expand_rule (docs/model.md section 8, Scale):
  // at 1:4000 a request turned away stands for 4,000 persons and a market's sampled holders are 0 or
  // at least 4,000, so the most turned away in one quarter overstates the queue and 'occupancy'
  // rarely finds a market to expand; the mean queue and the 'room' rule build far fewer markets
  // there (measured when written, seeds 1-4, 2013: 4,856 against 1,801; at 1:1000 3,168 against
  // 1,845). Both identical on 1 and 2 threads.
  const std::string text = scenario(1995);
  const std::vector<std::string> scale_free = {"zhejiang.markets.queue_measure=mean", "policies.market_building.expand_rule=room"};
  const auto lumpy = run(text, 2, {"zhejiang.markets.queue_measure=max", "policies.market_building.expand_rule=occupancy"});
  const auto free1 = run(text, 1, scale_free);
  const auto free2 = run(text, 2, scale_free);
  ASSERT_TRUE(lumpy.completed && free1.completed && free2.completed);
  EXPECT_LT(at(free1, "commodity_markets", 1995), 0.8 * at(lumpy, "commodity_markets", 1995));
  EXPECT_GT(at(free1, "commodity_markets", 1995), 0.0);
  for (int y = 1978; y <= 1995; ++y) {
    EXPECT_EQ(at(free1, "commodity_markets", y), at(free2, "commodity_markets", y)) << y;
    EXPECT_EQ(at(free1, "gdp_nominal", y), at(free2, "gdp_nominal", y)) << y;
  }
}

TEST(Zhejiang, MarketSitesGrowWithTheirTownsJobs) {
  // policies.market_building.site_rule 'town' (docs/model.md section 9, Markets): a new market goes
  // to the county's town with the most jobs per stall built there, on a site of site_stalls x (the
  // town's jobs / the mean town's)^site_elasticity. With the elasticity the busy towns' markets are
  // larger: fewer markets and more over RMB 100 million than with equal sites (measured when written,
  // seed 5, 1:1000, 2000: 1,525 and 143 against 2,149 and 89). Identical on 1 and 2 threads.
  const std::string text = scenario(2000);
  const std::vector<std::string> town = {"zhejiang.scale=1000", "policies.market_building.site_rule=town",
                                         "policies.market_building.site_stalls=600"};
  auto with = [&](const std::string& extra) {
    auto v = town;
    v.push_back(extra);
    return v;
  };
  const auto equal = run(text, 2, with("policies.market_building.site_elasticity=0"));
  const auto grown1 = run(text, 1, with("policies.market_building.site_elasticity=0.5"));
  const auto grown2 = run(text, 2, with("policies.market_building.site_elasticity=0.5"));
  ASSERT_TRUE(equal.completed && grown1.completed && grown2.completed);
  EXPECT_LT(at(grown1, "commodity_markets", 2000), 0.9 * at(equal, "commodity_markets", 2000));
  EXPECT_GT(at(grown1, "commodity_markets_over_100m_turnover", 2000), 1.2 * at(equal, "commodity_markets_over_100m_turnover", 2000));
  EXPECT_GT(at(grown1, "median_market_stalls", 2000), 600.0);  // the median market stands in a busier town than the mean
  EXPECT_EQ(at(equal, "median_market_stalls", 2000), 600.0);
  for (int y = 1978; y <= 2000; ++y) {
    EXPECT_EQ(at(grown1, "commodity_markets", y), at(grown2, "commodity_markets", y)) << y;
    EXPECT_EQ(at(grown1, "gdp_nominal", y), at(grown2, "gdp_nominal", y)) << y;
  }
}

TEST(Zhejiang, KinSupportNarrowsTheIncomeDistributionAndKeepsTheAccounts) {
  // households.kin_support (docs/model.md section 7, Households): kin below their lineage's earnings
  // per person receive from kin above it and above subsistence; a transfer between households, so
  // every identity still holds (--check-invariants), and the Gini of income per person and the
  // low-income rural count fall (measured when written, seeds 1-6 at 1:1000, 2013: Gini 0.489 ->
  // 0.446 at 0.2, low-income rural persons 724 -> 477 (10k)). Identical on 1 and 2 threads.
  const std::string text = scenario(2000);
  const auto off = run(text, 2, {"zhejiang.scale=1000", "zhejiang.households.kin_support=0"});
  const auto on1 = run(text, 1, {"zhejiang.scale=1000", "zhejiang.households.kin_support=0.3"});
  const auto on2 = run(text, 2, {"zhejiang.scale=1000", "zhejiang.households.kin_support=0.3"});
  ASSERT_TRUE(off.completed && on1.completed && on2.completed);
  EXPECT_LT(at(on1, "gini_income", 2000), at(off, "gini_income", 2000) - 0.02);
  EXPECT_LT(at(on1, "low_income_rural_persons", 2000), 0.8 * at(off, "low_income_rural_persons", 2000));
  for (int y = 1978; y <= 2000; ++y) {
    EXPECT_EQ(at(on1, "gini_income", y), at(on2, "gini_income", y)) << y;
    EXPECT_EQ(at(on1, "gdp_nominal", y), at(on2, "gdp_nominal", y)) << y;
  }
  const std::string dir = testutil::temp_dir("zj_kin");
  testutil::write(dir + "/s.yaml", scenario(1995));
  std::string out;
  EXPECT_EQ(testutil::xiaoda("run " + dir + "/s.yaml --out " + dir + "/r --set zhejiang.households.kin_support=0.5 --check-invariants --threads 2 --no-progress", out), 0) << out;
}

TEST(Zhejiang, ServicesSoldInTheirCountyFollowMarketTrade) {
  // firms.services_demand 'county' (docs/model.md section 9, "Services sold in their county"): the
  // province's demand for services is divided among the counties by residents and, for
  // firms.services_market_share of it, by their markets' turnover, so with all of it following the
  // markets Yiwu's firms (the largest market's county) employ more (measured when written, seed 5,
  // 1:1000, 2000: 26.9 against 23.2 (10k); seed 6: 24.4 against 19.9; with arrivals weighing the
  // chance of a job, since 2026-12-02: 25.2 against 23.7 and 22.6 against 20.1). Money still only
  // moves between sectors (--check-invariants); identical on 1 and 2 threads.
  const std::string text = scenario(2000);
  const std::vector<std::string> county = {"zhejiang.scale=1000", "run.seed=5", "zhejiang.firms.services_demand=county",
                                           "zhejiang.firms.services_market_share=1"};
  const auto off = run(text, 2, {"zhejiang.scale=1000", "run.seed=5"});
  const auto on1 = run(text, 1, county);
  const auto on2 = run(text, 2, county);
  std::vector<std::string> county6 = county;
  county6[1] = "run.seed=6";
  const auto off6 = run(text, 2, {"zhejiang.scale=1000", "run.seed=6"});
  const auto on6 = run(text, 2, county6);
  ASSERT_TRUE(off.completed && on1.completed && on2.completed && off6.completed && on6.completed);
  EXPECT_GT(at(on1, "yiwu_firm_jobs", 2000) + at(on6, "yiwu_firm_jobs", 2000),
            1.05 * (at(off, "yiwu_firm_jobs", 2000) + at(off6, "yiwu_firm_jobs", 2000)));
  for (int y = 1978; y <= 2000; ++y) {
    EXPECT_EQ(at(on1, "yiwu_firm_jobs", y), at(on2, "yiwu_firm_jobs", y)) << y;
    EXPECT_EQ(at(on1, "gdp_nominal", y), at(on2, "gdp_nominal", y)) << y;
  }
  const std::string dir = testutil::temp_dir("zj_svc");
  testutil::write(dir + "/s.yaml", scenario(1992));
  std::string out;
  EXPECT_EQ(testutil::xiaoda("run " + dir + "/s.yaml --out " + dir + "/r --set zhejiang.firms.services_demand=county --check-invariants --threads 2 --no-progress", out), 0) << out;
}

TEST(Zhejiang, ResumeWithCountyServicesIsBitIdentical) {
  // the markets' turnover by county (last month's, what services demand follows) must come back from a
  // checkpoint (tick 95, late 1985: the markets trade from 1985 at 1:4000)
  expect_resume_identical("zj_resume_svc", " --set zhejiang.firms.services_demand=county --set zhejiang.firms.services_market_share=0.5", 95, 100,
                          {"indicators.csv", "accounts.csv"});
}

TEST(Zhejiang, ArrivalsGoWhereTheChanceOfAJobIsBest) {
  // migration.destination_elasticity (docs/model.md section 7, Migration, and section 9): arrivals
  // weigh each town by (the chance of a job in its county)^elasticity, so they follow vacancies that
  // local seekers leave open - as in Yiwu, whose households became traders and owners (field notes 7).
  // Measured when written (1:1000, 2013, seeds 1-4): Yiwu's residents from other provinces 67.7 (10k)
  // in all without the rule, 139.6 with the elasticity 2.462; 8 of seeds 1-10 rise. Identical on 1
  // and 2 threads; every identity holds (--check-invariants); a resume is bit-identical.
  const std::string base = "model: zhejiang\nrun: {start_year: 1978, end_year: 2013, tick: month, seed: 1}\nzhejiang: {scale: 1000}\n";
  double off = 0, on = 0;
  for (int seed = 1; seed <= 4; ++seed) {
    const std::string s = "run.seed=" + std::to_string(seed);
    const auto a = run(base, 2, {s, "zhejiang.migration.destination_elasticity=0"});
    const auto b = run(base, seed == 1 ? 1 : 2, {s, "zhejiang.migration.destination_elasticity=2.462"});
    ASSERT_TRUE(a.completed && b.completed);
    off += at(a, "yiwu_residents_from_other_provinces", 2013);
    on += at(b, "yiwu_residents_from_other_provinces", 2013);
    if (seed == 1) {
      const auto b2 = run(base, 2, {s, "zhejiang.migration.destination_elasticity=2.462"});
      EXPECT_EQ(b.table.to_csv(), b2.table.to_csv());
    }
  }
  EXPECT_GT(on, 1.3 * off) << on << " against " << off;
  const std::string dir = testutil::temp_dir("zj_dest");
  testutil::write(dir + "/s.yaml", scenario(1995));
  std::string out;
  EXPECT_EQ(testutil::xiaoda("run " + dir + "/s.yaml --out " + dir + "/r --set zhejiang.migration.destination_elasticity=2.462 --check-invariants --threads 2 --no-progress", out), 0) << out;
  expect_resume_identical("zj_resume_dest", " --set zhejiang.migration.destination_elasticity=2.462", 30, 90, {"indicators.csv", "accounts.csv"});
}

TEST(Zhejiang, MigrantsWhoHaveGrownOldGoHome) {
  // a household from another province whose members have all grown old, with no firm, goes home at
  // the jobless hazard (migration.unemployed_return; presentation: "the older ones return home").
  // Before this rule such households stayed with no income and were most of the measured urban poor
  // from about 2008 (seeds 1-10 at 1:1000, 2013: urban absolute poverty 0.42 % -> 0.11 %, rural
  // 0.12 %). Measured when written (seed 1, 1:1000, household snapshot of 2013): 7 of 9,328 sample
  // migrant persons live in such households (95 of 9,645 before the rule).
  const std::string dir = testutil::temp_dir("zj_old_go_home");
  testutil::write(dir + "/s.yaml", "model: zhejiang\nrun: {start_year: 1978, end_year: 2013, tick: month, seed: 1}\nzhejiang: {scale: 1000}\n");
  std::string out;
  ASSERT_EQ(testutil::xiaoda("run " + dir + "/s.yaml --out " + dir + "/r --threads 2 --no-progress --set \"zhejiang.output.snapshot_years=[2013]\"", out), 0) << out;
  const auto rows = testutil::csv_lines(testutil::read(dir + "/r/households_2013.csv"));
  ASSERT_FALSE(rows.empty());
  const auto& head = rows.front();
  auto col = [&](const std::string& name) {
    const auto it = std::find(head.begin(), head.end(), name);
    EXPECT_NE(it, head.end()) << name;
    return static_cast<std::size_t>(it - head.begin());
  };
  const std::size_t hk = col("hukou"), kids = col("children"), adults = col("working_age"), old = col("elderly");
  double migrants = 0, old_only = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& c = rows[i];
    if (c.at(hk) != "2") continue;  // Hukou::OtherProvince
    const double pers = std::stod(c.at(kids)) + std::stod(c.at(adults)) + std::stod(c.at(old));
    migrants += pers;
    if (std::stod(c.at(adults)) == 0) old_only += pers;
  }
  ASSERT_GT(migrants, 1000.0);
  EXPECT_LT(old_only, 0.003 * migrants) << old_only << " of " << migrants;
}

TEST(Zhejiang, LandCompensationPaysConvertedVillagersFromTheCountyFund) {
  // households.land_compensation (docs/model.md section 9, "Land compensation"): a household whose
  // land contract ends when its village is converted is paid years of the land's output by its
  // county, into its savings (measured when written, seeds 1-10 at 1:1000, 10 years: savings per
  // capita 2013 +32 %). A capital transfer from the local government: every identity still holds
  // (--check-invariants), and the run is the same on 1 and 2 threads.
  const std::string text = scenario(2000);
  const std::vector<std::string> on = {"zhejiang.scale=1000", "zhejiang.households.land_compensation=10"};
  const auto off = run(text, 2, {"zhejiang.scale=1000"});
  const auto on1 = run(text, 1, on);
  const auto on2 = run(text, 2, on);
  ASSERT_TRUE(off.completed && on1.completed && on2.completed);
  EXPECT_GT(at(on1, "personal_savings_per_capita", 2000), 1.2 * at(off, "personal_savings_per_capita", 2000));  // 1.62 when written
  for (int y = 1978; y <= 2000; ++y) {
    EXPECT_EQ(at(on1, "personal_savings_per_capita", y), at(on2, "personal_savings_per_capita", y)) << y;
    EXPECT_EQ(at(on1, "gdp_nominal", y), at(on2, "gdp_nominal", y)) << y;
  }
  const std::string dir = testutil::temp_dir("zj_landcomp");
  testutil::write(dir + "/s.yaml", scenario(1995));
  std::string out;
  EXPECT_EQ(testutil::xiaoda("run " + dir + "/s.yaml --out " + dir + "/r --set zhejiang.households.land_compensation=16 --check-invariants --threads 2 --no-progress", out), 0) << out;
}

TEST(Zhejiang, ReturnsToSkillWidenTheWageScale) {
  // with the full return to skill in 1978 the (higher-skilled) urban households earn more than with
  // the compressed pre-reform scale, and the urban/rural income ratio is wider
  const auto compressed = run(scenario(1979), 2);
  const auto full = run(scenario(1979), 2, {"zhejiang.labour.skill_returns=[[1978,1.0]]"});
  EXPECT_GT(at(full, "urban_disposable_income_per_capita", 1978), 1.2 * at(compressed, "urban_disposable_income_per_capita", 1978));
  EXPECT_GT(at(full, "urban_rural_income_ratio", 1978), at(compressed, "urban_rural_income_ratio", 1978));
}

TEST(Zhejiang, MarketsTakeTradersAtCoarseScales) {
  // at 1:4000 one sample trader stands for 4,000 real ones, more than a 300-stall market holds; the
  // admission chance (free stalls / scale) must still fill markets on average (it used to be never)
  const auto r = run(scenario(1992), 2);
  double traders = 0;
  for (int y = 1985; y <= 1992; ++y) traders += at(r, "traders", y);
  EXPECT_GT(at(r, "commodity_markets", 1992), 0.0);
  EXPECT_GT(traders, 0.0);
  EXPECT_GT(at(r, "commodity_market_turnover", 1992), 0.0);
}

TEST(ZhejiangScale, CoarseAndFinerSamplesAgreeOnPopulationEmploymentAndIncome) {
  // the cheap version of docs/model.md section 8 ("Scale"): 1:4000 against 1:1000, twelve seeds each,
  // 1978-1995. Measured when written (seeds 1-6): population 4,355 vs 4,324 (10k), primary
  // employment 40.8 vs 40.6 %, rural income 2,412 vs 2,382 yuan, urbanization 26.4 vs 24.9 % (31.4
  // vs 27.9 % before village conversion and moving for work were made scale-free). Three seeds are
  // not enough at 1:4000: one seed whose migration takes off early moves the mean by 3 points. The
  // market count does NOT agree yet and is not checked here (section 8).
  // Re-measured with 20 seeds each (after the inversion binomial; the model before it gave the same
  // picture): population 4,320 vs 4,351 (standard errors 12, 25), primary employment 41.8 vs 39.6 %
  // (0.4, 0.6), secondary 32.4 vs 32.0 % (0.8, 0.9), urbanization 25.2 vs 25.8 % (0.4, 0.7), but rural
  // income 2,230 vs 2,566 yuan (71, 153): coarse samples give ~10-13 % less rural income and ~2 points
  // more farm work in 1995, a known scale bias (issue 11, docs/model.md section 8). Again after every
  // household got a worker (20 seeds): population 4,315 vs 4,335 (8, 7), primary 42.5 vs 40.0 (0.4,
  // 0.2), secondary 29.9 vs 32.3 (0.8, 1.0), rural income 2,232 vs 2,486 (71, 87), urbanization 25.8
  // vs 26.3 (0.4, 0.3). After calibration stage 5 (frontier over all firms, chance of a job within a
  // year; 20 seeds): population 4,323 vs 4,356 (7, 3), primary 40.6 vs 37.7 (0.2, 0.1), secondary
  // 33.6 vs 35.0 (0.4, 0.2), rural income 2,001 vs 2,070 (14, 13), urbanization 25.1 vs 26.2 (0.2,
  // 0.1): the seeds agree far better and the rural income gap shrank from ~10 % to 3 %, so the
  // secondary, income and urbanization tolerances were tightened. After this round's town
  // settlement, farm prices and calibration stages 6-7 (12 seeds): urbanization 28.2 vs 30.3 % in
  // 1995 (the gap was 1.1 points): rural households now settle in their town whenever all their
  // workers work off the farm, so urbanization inherits the known bias of coarse samples towards
  // farm work (2013 primary employment 18.2 vs 14.4 %, docs/model.md section 8); its tolerance went
  // from 2 to 3 points. The tolerances below are those differences plus a margin of several
  // standard errors of twelve seeds; they catch a new bias, not the known one (2013 GDP per capita
  // still falls with a finer sample: docs/model.md section 8). With the scale-free market building
  // (mean queue, 'room' rule; 12 seeds, 1995): primary 38.2 vs 34.2 % (38.0 vs 34.2 with the old
  // rules), secondary 37.1 vs 39.2, rural income 2,568 vs 2,580, urbanization 28.1 vs 30.2; the
  // primary tolerance went from 4 to 4.5 points (the old rules' gap, 3.8, had left 0.2 of margin;
  // 0.5 points is now about two standard errors of the twelve-seed difference, not several).
  const std::vector<std::string> names = {"resident_population", "employment_share_primary", "employment_share_secondary",
                                          "rural_net_income_per_capita", "urbanization_rate"};
  auto means = [&](int scale) {
    std::vector<double> m(names.size(), 0.0);
    for (int seed = 1; seed <= 12; ++seed) {
      const auto r = run("model: zhejiang\nextends: " + std::string(XIAODA_SOURCE_DIR) + "/scenarios/zhejiang_1978_2013.yaml\n", 2,
                         {"zhejiang.scale=" + std::to_string(scale), "run.end_year=1995", "run.seed=" + std::to_string(seed)});
      for (std::size_t k = 0; k < names.size(); ++k) m[k] += at(r, names[k], 1995) / 12.0;
    }
    return m;
  };
  const auto coarse = means(4000), finer = means(1000);
  EXPECT_NEAR(coarse[0] / finer[0], 1.0, 0.02);
  EXPECT_NEAR(coarse[1], finer[1], 4.5);
  EXPECT_NEAR(coarse[2], finer[2], 3.0);
  EXPECT_NEAR(coarse[3] / finer[3], 1.0, 0.1);
  EXPECT_NEAR(coarse[4], finer[4], 3.0);
}

// Runs tools/calibrate_check.py with ARGS, writing into DIR; returns its output. Exit 1 means some
// bound was missed, which these tests accept; any other status fails the caller.
static std::string calibrate_check(const std::string& dir, const std::string& args) {
  const std::string log = dir + "/check.txt";
  const std::string cmd = "/usr/bin/python3 " + std::string(XIAODA_SOURCE_DIR) + "/tools/calibrate_check.py " + args + " --binary " +
                          std::string(XIAODA_BINARY) + " --out " + dir + " > " + log + " 2>&1";
  const int rc = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(rc) && (WEXITSTATUS(rc) == 0 || WEXITSTATUS(rc) == 1)) << testutil::read(log);
  return testutil::read(log);
}

TEST(ZhejiangBetweenYears, CheckToolComparesThePathWithTheBetweenYearsFigures) {
  // tools/calibrate_check.py ends with the out-of-sample table of docs/model.md section 8: the
  // model's mean against scenarios/data/zhejiang_between_years.csv. Every row of that file must
  // name an indicator the model writes and a year it simulates (a misspelt name would silently drop
  // the row), and the tool must print one line per row.
  const std::string dir = testutil::temp_dir("between_years");
  const std::string out = calibrate_check(dir, "--seeds 1 --jobs 1 --set zhejiang.scale=8000");
  ASSERT_FALSE(::testing::Test::HasFailure());
  const auto at = out.find("years between (not targets, not fitted");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string table = out.substr(at);
  const std::string csv = testutil::read(std::string(XIAODA_SOURCE_DIR) + "/scenarios/data/zhejiang_between_years.csv");
  const std::string indicators = testutil::read(dir + "/seed1/indicators.csv");
  const std::string header = indicators.substr(0, indicators.find('\n'));
  int rows = 0;
  std::size_t pos = csv.find('\n') + 1;
  while (pos < csv.size()) {
    const std::size_t end = csv.find('\n', pos);
    const std::string line = csv.substr(pos, end - pos);
    pos = end == std::string::npos ? csv.size() : end + 1;
    if (line.empty()) continue;
    const std::size_t c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1);
    const std::string name = line.substr(c1 + 1, c2 - c1 - 1), year = line.substr(c2 + 1, c3 - c2 - 1);
    EXPECT_NE(("," + header + ",").find("," + name + ","), std::string::npos) << "not an indicator of the model: " << name;
    const int y = std::stoi(year);
    EXPECT_TRUE(y > 1978 && y < 2013) << line;
    EXPECT_NE(table.find(name + std::string(42 - std::min<std::size_t>(42, name.size()), ' ') + "  " + year), std::string::npos) << line << "\n" << table;
    ++rows;
  }
  EXPECT_GE(rows, 20);
  EXPECT_NE(table.find("mean absolute relative error of the"), std::string::npos) << table;
  std::filesystem::remove_all(dir);
}

TEST(ZhejiangBetweenYears, GeneratedPathStaysCloseToTheYearsBetween) {
  // A regression guard on the path between 1978 and 2013, which no calibration target sees: the
  // mean absolute relative error of the 27 levels of scenarios/data/zhejiang_between_years.csv
  // (GDP, incomes, population, migrants; urbanization is in points and not in the mean), at the
  // baseline's scale on seeds 1-3. Measured when written: 16.3 % on seeds 1-5 and 16.6 % on seeds
  // 1-10 (22.5 % before the enterprise reform, town settlement and farm prices of this round).
  const std::string dir = testutil::temp_dir("between_years_fit");
  const std::string out = calibrate_check(dir, "--seeds 3 --jobs 2");
  ASSERT_FALSE(::testing::Test::HasFailure());
  const std::string key = "mean absolute relative error of the ";
  const auto at = out.find(key);
  ASSERT_NE(at, std::string::npos) << out;
  const auto colon = out.find(": ", at);
  ASSERT_NE(colon, std::string::npos) << out;
  const double mare = std::stod(out.substr(colon + 2));
  EXPECT_LT(mare, 19.0) << out.substr(out.find("years between"));  // seeds 1-3: 16.7 % now, 20.3 % with the model before this round
  std::filesystem::remove_all(dir);
}

TEST(ZhejiangScale, ScaleTableToolSummarisesRunFoldersBySeed) {
  // tools/scale_table.py, which makes the scale table of docs/model.md section 8, reads
  // DIR/seedN/indicators.csv folders and prints mean (sd) over the seeds of each column
  const std::string dir = testutil::temp_dir("scale_table");
  std::string out;
  for (int scale : {8000, 4000})
    for (int seed : {1, 2}) {
      const std::string run_dir = dir + "/s" + std::to_string(scale) + "/seed" + std::to_string(seed);
      ASSERT_EQ(testutil::xiaoda("run " + std::string(XIAODA_SOURCE_DIR) + "/scenarios/zhejiang_1978_2013.yaml --out " + run_dir +
                                     " --seed " + std::to_string(seed) + " --no-progress --set zhejiang.scale=" + std::to_string(scale) +
                                     " --set run.end_year=1990",
                                 out),
                0)
          << out;
    }
  const std::string log = dir + "/table.md";
  const std::string cmd = "/usr/bin/python3 " + std::string(XIAODA_SOURCE_DIR) + "/tools/scale_table.py 1:8000=" + dir + "/s8000 1:4000=" + dir +
                          "/s4000 --years 1990 --indicators resident_population,urbanization_rate > " + log + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << testutil::read(log);
  const std::string table = testutil::read(log);
  EXPECT_NE(table.find("| indicator | year | 1:8000 (2) | 1:4000 (2) |"), std::string::npos) << table;
  EXPECT_NE(table.find("| resident_population | 1990 | 4,"), std::string::npos) << table;
  EXPECT_NE(table.find("| urbanization_rate | 1990 | "), std::string::npos) << table;
  // a column without run folders is an error (exit 2), not an empty column
  const std::string bad = "/usr/bin/python3 " + std::string(XIAODA_SOURCE_DIR) + "/tools/scale_table.py x=" + dir + "/none > " + log + " 2>&1";
  const int rc = std::system(bad.c_str());
  EXPECT_EQ(WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, 2);
  EXPECT_NE(testutil::read(log).find("no */indicators.csv under"), std::string::npos);
  std::filesystem::remove_all(dir);
}
