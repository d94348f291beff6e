// The model's indicators (ODD: observation), named and defined as in the targets file, computed at
// the end of each year from the components' year-end summaries.
#include <fmt/format.h>

#include <string>

#include "models/zhejiang/model.hpp"
#include "sim/output.hpp"

namespace models::zhejiang {

void ZhejiangModel::add_indicators(sim::Simulation& s) {
  const YearSummary& m = summary_.last();
  const Context& ctx = *ctx_;
  auto pct = [](double a, double b) { return b > 0 ? 100.0 * a / b : 0.0; };
  auto real10k = [&ctx](double agents) { return agents * ctx.scale() / 1e4; };
  auto yi = [&ctx](double real_sample) { return ctx.to_nominal(real_sample) * ctx.scale() / 1e8; };
  const SectorAccounts& acc = accounts_.last();
  const auto& flows = households_.flows();
  s.add_indicator("resident_population", "10k persons", "persons living in the province", [=, &m] { return real10k(m.persons); });
  s.add_indicator("urbanization_rate", "percent", "share of residents living in towns or urban communities", [=, &m] { return pct(m.urban, m.persons); });
  s.add_indicator("employed_persons", "10k persons", "persons farming, in wage work, trading or running a firm", [=, &m] { return real10k(m.employed); });
  s.add_indicator("employment_share_primary", "percent of employed", "farming", [=, &m] { return pct(m.primary, m.employed); });
  s.add_indicator("employment_share_secondary", "percent of employed", "manufacturing and construction firms", [=, &m] { return pct(m.secondary, m.employed); });
  s.add_indicator("employment_share_tertiary", "percent of employed", "traders and service firms", [=, &m] { return pct(m.tertiary, m.employed); });
  s.add_indicator("gdp_nominal", "100 million RMB current prices", "sum of value added (input-output accounts)", [=, &acc] { return yi(acc.gdp); });
  s.add_indicator("gdp_per_capita_nominal", "RMB current prices", "GDP per resident", [&ctx, &acc, &m] {
    return m.persons > 0 ? ctx.to_nominal(acc.gdp) / m.persons : 0.0;
  });
  s.add_indicator("manufacturing_value_added", "100 million RMB current prices", "value added of the manufacturing trades",
                  [=, &acc] { return yi(acc.value_added[IoManuf]); });
  s.add_indicator("gdp_share_primary", "percent of GDP", "agriculture value added", [&acc] { return acc.share_primary; });
  s.add_indicator("gdp_share_secondary", "percent of GDP", "manufacturing and construction value added", [&acc] { return acc.share_secondary; });
  s.add_indicator("gdp_share_tertiary", "percent of GDP", "trade and services value added", [&acc] { return acc.share_tertiary; });
  s.add_indicator("fiscal_revenue", "100 million RMB current prices",
                  "all fiscal revenue collected in the province: taxes (central shares included), levy, stall rents, collective profits",
                  [=, this] { return yi(government_.fiscal_revenue_year()); });
  s.add_indicator("local_fiscal_revenue", "100 million RMB current prices", "the local governments' part (after the central shares)",
                  [=, this] { return yi(government_.local_revenue_year()); });
  s.add_indicator("urban_disposable_income_per_capita", "RMB current prices",
                  "income per person of local urban-hukou households, wherever they live in the province (villagers of converted villages included)", [&ctx, &m] {
    return m.urban_persons > 0 ? ctx.to_nominal(m.urban_income / m.urban_persons) : 0.0;
  });
  s.add_indicator("rural_net_income_per_capita", "RMB current prices", "income per person of local rural-hukou households, wherever they live in the province", [&ctx, &m] {
    return m.rural_persons > 0 ? ctx.to_nominal(m.rural_income / m.rural_persons) : 0.0;
  });
  s.add_indicator("personal_savings_per_capita", "RMB current prices", "household savings per resident", [&ctx, &m] {
    return m.persons > 0 ? ctx.to_nominal(m.savings / m.persons) : 0.0;
  });
  s.add_indicator("poverty_rate", "percent of population", "persons below the fixed real poverty line (this year's arrivals from other provinces counted from the next year, on a whole year's income)", [=, &m] { return pct(m.poor, m.poverty_persons); });
  s.add_indicator("remote_village_poverty_rate", "percent", "persons of local households from hill, island, reservoir and boat villages (relocated or not) below the fixed real poverty line",
                  [=, &m] { return pct(m.remote_poor, m.remote_persons); });
  s.add_indicator("residents_from_other_provinces", "10k persons", "members of migrant households", [=, &m] { return real10k(m.migrants); });
  s.add_indicator("registered_unemployment_rate", "percent", "unemployed among the urban-hukou labour force", [=, &m] { return pct(m.urban_hukou_unemp, m.urban_hukou_lf); });
  s.add_indicator("block_economies_over_1bn_sales", "count", "town x trade clusters (specialised towns and villages) with sales over RMB 1 billion", [this] { return clusters_.block_economies(); });
  s.add_indicator("block_economy_practitioners", "10k persons", "workers and owners in those clusters", [this] { return clusters_.block_practitioners() / 1e4; });
  s.add_indicator("block_economy_sales", "100 million RMB current prices", "yearly sales of the firms of those clusters", [this] { return clusters_.block_sales(); });
  s.add_indicator("block_economy_sales_share", "percent of manufacturing sales", "their share of the yearly sales of all manufacturing firms (source p.13: 54 % of the province's total sales in 2008, a wider base)",
                  [this] { return clusters_.manufacturing_sales() > 0 ? 100.0 * clusters_.block_sales() / clusters_.manufacturing_sales() : 0.0; });
  s.add_indicator("town_leading_trade_share", "percent of manufacturing workers", "workers and owners of manufacturing firms who work in their town's largest trade (specialisation of towns)",
                  [this] { return 100.0 * clusters_.leading_trade_share(); });
  s.add_indicator("commodity_markets", "count", "wholesale markets", [this] { return double(markets_.count()); });
  s.add_indicator("commodity_market_turnover", "100 million RMB current prices", "turnover of the wholesale markets", [=, this] { return yi(markets_.turnover_year()); });
  s.add_indicator("farmers_in_nonagricultural_work_share", "percent of rural labour", "rural-hukou workers off the farm", [=, &m] { return pct(m.rural_nonfarm, m.rural_lf); });
  s.add_indicator("firms", "count", "private family firms (real count)", [&ctx, &m] { return m.firms_private * ctx.scale(); });
  const auto emp_share = [&m, pct](int k) {
    return pct(m.size_class[static_cast<std::size_t>(k)], m.size_class[0] + m.size_class[1] + m.size_class[2] + m.size_class[3]);
  };
  s.add_indicator("firm_employment_share_1_9", "percent", "employment in firms of 1-9 persons", [=] { return emp_share(0); });
  s.add_indicator("firm_employment_share_10_99", "percent", "employment in firms of 10-99 persons", [=] { return emp_share(1); });
  s.add_indicator("firm_employment_share_100_999", "percent", "employment in firms of 100-999 persons", [=] { return emp_share(2); });
  s.add_indicator("firm_employment_share_1000_plus", "percent", "employment in firms of 1000+ persons", [=] { return emp_share(3); });
  s.add_indicator("gini_income", "ratio", "Gini of household income per person, across persons", [&m] { return m.gini; });
  s.add_indicator("urban_rural_income_ratio", "ratio", "urban over rural income per capita", [&m] {
    return m.rural_persons > 0 && m.urban_persons > 0 && m.rural_income > 0 ? (m.urban_income / m.urban_persons) / (m.rural_income / m.rural_persons) : 0.0;
  });
  s.add_indicator("household_size", "persons", "mean household size", [&m] { return m.households > 0 ? m.persons / m.households : 0.0; });
  s.add_indicator("unemployed_persons", "10k persons", "labour-force members without work (all hukou)", [=, &m] { return real10k(m.unemployed); });
  s.add_indicator("working_age_share", "percent", "working-age (15-64) persons among residents", [=, &m] { return pct(m.working_age, m.persons); });
  s.add_indicator("wage_real", "1978 yuan per month", "wage of a worker of skill 1", [this] { return labour_.wage(); });
  s.add_indicator("traders", "10k persons", "members trading at market stalls", [=, &m] { return real10k(m.traders); });
  s.add_indicator("firms_founded", "count", "family firms founded this year (real count)", [this, &ctx] { return choices_.founded() * ctx.scale(); });
  s.add_indicator("firms_founded_lower_half", "count",
                  "family firms founded this year by households whose savings were below the median household's (real count)",
                  [this, &ctx] { return choices_.founded_lower_half() * ctx.scale(); });
  s.add_indicator("farmers_became_investors_operators", "10k persons",
                  "local rural households whose member founded a firm or took a market stall for the first time, since 1978 (cumulative, one person per household)",
                  [=, this] { return real10k(households_.rural_ventures()); });
  s.add_indicator("births", "10k persons", "births this year", [=, &flows] { return real10k(flows.births); });
  s.add_indicator("deaths", "10k persons", "deaths this year", [=, &flows] { return real10k(flows.deaths); });
  s.add_indicator("in_migrants", "10k persons", "arrivals from other provinces this year", [=, &flows] { return real10k(flows.immigrants); });
  s.add_indicator("out_migrants", "10k persons", "returns to other provinces this year", [=, &flows] { return real10k(flows.emigrants); });
  s.add_indicator("population_start_of_year", "10k persons", "residents at the start of the year", [=, &flows] { return real10k(flows.persons_start); });
  s.add_indicator("cluster_practitioners", "10k persons", "workers and owners in all identified clusters", [this] { return clusters_.cluster_practitioners() / 1e4; });
  s.add_indicator("gdp_real_per_capita", "1978 yuan", "GDP per resident at 1978 prices", [&acc, &m] { return m.persons > 0 ? acc.gdp / m.persons : 0.0; });
  s.add_indicator("final_demand_total", "100 million RMB current prices", "sum of final demand in the input-output accounts (equals GDP)", [=, &acc] {
    double x = 0;
    for (double v : acc.final_demand) x += v;
    return yi(x);
  });
  s.add_indicator("commodity_markets_over_100m_turnover", "count", "markets with a yearly turnover over RMB 100 million",
                  [&m] { return m.markets_over_100m; });
  s.add_indicator("largest_market_turnover_share", "percent", "the largest market's share of all markets' turnover",
                  [this, &m, pct] { return pct(m.largest_market_turnover, markets_.turnover_year()); });
  s.add_indicator("median_market_stalls", "stalls", "stalls of the median market", [&m] { return m.median_market_stalls; });
  // Yiwu (the county of zhejiang.yiwu_county)
  s.add_indicator("yiwu_resident_population", "10k persons", "persons living in Yiwu", [=, &m] { return real10k(m.yiwu_persons); });
  s.add_indicator("yiwu_nonlocal_share", "percent of residents", "Yiwu residents whose hukou is not Yiwu's (other counties and other provinces)",
                  [=, &m] { return pct(m.yiwu_nonlocal, m.yiwu_persons); });
  s.add_indicator("yiwu_residents_from_other_provinces", "10k persons", "Yiwu residents of migrant households from other provinces",
                  [=, &m] { return real10k(m.yiwu_migrants); });
  s.add_indicator("yiwu_market_stalls", "stalls", "stalls of Yiwu's markets", [&m] { return m.yiwu_stalls; });
  s.add_indicator("yiwu_market_turnover", "100 million RMB current prices", "turnover of Yiwu's markets", [=, &m] { return yi(m.yiwu_turnover); });
  s.add_indicator("yiwu_market_turnover_share", "percent", "Yiwu's markets' share of all markets' turnover",
                  [this, &m, pct] { return pct(m.yiwu_turnover, markets_.turnover_year()); });
  s.add_indicator("yiwu_firms", "count", "private firms in Yiwu (real count)", [&ctx, &m] { return m.yiwu_firms * ctx.scale(); });
  s.add_indicator("yiwu_firm_jobs", "10k persons", "persons working in firms in Yiwu (owners and employees, collective units included)",
                  [=, &m] { return real10k(m.yiwu_jobs); });
  s.add_indicator("yiwu_manufacturing_sales_share", "percent", "sales of Yiwu's manufacturers (all trades, collective units included) in the province's",
                  [=, &m] { return pct(m.yiwu_mfg_sales, m.mfg_sales); });
  s.add_indicator("yiwu_traders", "10k persons", "members of Yiwu households trading at market stalls", [=, &m] { return real10k(m.yiwu_traders); });
  s.add_indicator("left_behind_children", "10k persons", "children migrants left in their home province", [=, &m] { return real10k(m.left_behind); });
  s.add_indicator("migrant_children_primary_share", "percent of children",
                  "children of other-province households living in Zhejiang, share of all children aged 0-14 (proxy for primary pupils)",
                  [=, &m] { return pct(m.migrant_children, m.children); });
  s.add_indicator("migrant_children_public_seat_share", "percent of migrant children", "migrant children living in Zhejiang with a public school seat",
                  [=, &m] { return pct(m.migrant_children_seat, m.migrant_children); });
  s.add_indicator("illness_events", "10k households", "households hit by a costly illness this year", [=, this] { return real10k(welfare_.illness_events()); });
  s.add_indicator("urban_disposable_income_per_capita_towns", "RMB current prices",
                  "income per person of local urban-hukou households other than the villagers of villages converted into urban communities",
                  [&ctx, &m] { return m.town_urban_persons > 0 ? ctx.to_nominal(m.town_urban_income / m.town_urban_persons) : 0.0; });
  // the policy modules' own indicators (0 when a module is off), in the modules' order
  policy_registry().add_indicators(s, [this](const std::string& name) -> const Policy* {
    for (const auto& [n, module] : policies_)
      if (n == name) return module.get();
    return nullptr;
  });
}

void ZhejiangModel::write_snapshot(int year) const {
  const auto& h = households_.col();
  std::string out =
      "id,town,county,village,urban_community,hukou,registered_county,children,working_age,elderly,farming,wage_work,trading,running_firm,unemployed,land,"
      "savings,income_year\n";
  for (std::size_t r = 0; r < households_.size(); ++r)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{:.3f},{:.2f},{:.2f}\n", households_.id(r), h.town[r], places_.town_county(h.town[r]),
                       h.village[r] == kNone ? -1 : static_cast<std::int64_t>(h.village[r]), int(h.community[r]), int(h.hukou[r]),
                       h.registered[r] == kNone ? -1 : static_cast<std::int64_t>(h.registered[r]), int(h.kids[r]),
                       int(h.adults[r]), int(h.elderly[r]), int(h.farm[r]), int(h.wage[r]), int(h.trade[r]), int(h.own[r]),
                       int(h.unemp[r]), h.land[r], h.savings[r], households_.income_year(r));
  sim::write_file_atomic(ctx_->output_dir() + fmt::format("/households_{}.csv", year), out);
  const auto& f = firms_.col();
  std::string fo = "id,sector,town,collective,workers,capital,productivity,sales_year,profit_year,channels,age_months\n";
  for (std::size_t r = 0; r < firms_.size(); ++r)
    fo += fmt::format("{},{},{},{},{},{:.2f},{:.4f},{:.2f},{:.2f},{},{}\n", firms_.id(r), kSectorNames[f.sector[r]], f.town[r],
                      int(f.collective[r]), f.workers[r], f.capital[r], f.phi[r], f.sales_year[r], f.profit_year[r],
                      int(f.channel[r]), f.age[r]);
  sim::write_file_atomic(ctx_->output_dir() + fmt::format("/firms_{}.csv", year), fo);
}

}  // namespace models::zhejiang
