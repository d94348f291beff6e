// Indicators (names and units as in the targets file), the year-end summary and sector accounts,
// and optional household/firm snapshots.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <string>

#include "models/zhejiang/model.hpp"
#include "sim/output.hpp"

namespace models::zhejiang {

void ZhejiangModel::close_year() {
  if (!sim_->clock().last_tick_of_year()) return;
  double rents = 0;
  for (std::size_t r = 0; r < hh_->size(); ++r) rents += y_rent_[r];
  auto gross = fl_.gross;
  gross[IoServ] += rents;  // housing services: ground floors let to migrants' workshops and stores
  acc_ = compute_accounts(p_.io, gross);
  summarize();
  summarize_policy();
  const int y = sim_->clock().year();
  if (!sim_->output_dir().empty())
    for (double sy : p_.snapshot_years)
      if (static_cast<int>(sy) == y) write_snapshot(y);
}

void ZhejiangModel::summarize() {
  Summary s;
  const std::size_t n = hh_->size();
  std::vector<std::pair<double, double>> inc;  // (income per person, persons)
  inc.reserve(n);
  auto sector_of = [&](std::uint32_t firm_id) -> int {
    const auto fr = fm_->row_of(firm_id);
    return fr == sim::kNoRow ? -1 : f_sector_[fr];
  };
  for (std::size_t r = 0; r < n; ++r) {
    const double pers = h_kids_[r] + h_adults_[r] + h_elderly_[r];
    const double y = y_farm_[r] + y_wage_[r] + y_trade_[r] + y_profit_[r] + y_rent_[r] + y_other_[r];
    const bool urban = h_village_[r] == kNone || pl_.village_urban[h_village_[r]];
    s.persons += pers;
    s.households += 1;
    if (urban) s.urban += pers;
    // Income surveys follow registration, as Zhejiang's separate urban and rural household surveys
    // did until the integrated survey of 2013: urban disposable income covers local urban-hukou
    // households (original townspeople, converted villagers, converted migrants), rural net income
    // local rural-hukou households wherever they live in the province (including those who moved
    // to a town); migrants from other provinces belong to their home provinces' surveys.
    if (h_hukou_[r] == LocalUrban) {
      s.urban_income += y;
      s.urban_persons += pers;
    } else if (h_hukou_[r] == LocalRural) {
      s.rural_income += y;
      s.rural_persons += pers;
    }
    const double emp = h_farm_[r] + h_wage_[r] + h_trade_[r] + h_own_[r];
    s.unemployed += h_unemp_[r];
    s.working_age += h_adults_[r];
    s.employed += emp;
    s.primary += h_farm_[r];
    s.tertiary += h_trade_[r];
    s.traders += h_trade_[r];
    s.wage_workers += h_wage_[r];
    s.owners += h_own_[r];
    if (h_wage_[r]) (sector_of(h_employer_[r]) == kServices ? s.tertiary : s.secondary) += h_wage_[r];
    if (h_own_[r]) (sector_of(h_firm_[r]) == kServices ? s.tertiary : s.secondary) += h_own_[r];
    if (h_hukou_[r] == LocalUrban) {
      s.urban_hukou_lf += h_lf_[r];
      s.urban_hukou_unemp += h_unemp_[r];
    }
    if (h_hukou_[r] == LocalRural) {
      s.rural_lf += emp;
      s.rural_nonfarm += h_wage_[r] + h_trade_[r] + h_own_[r];
    }
    if (h_hukou_[r] == OtherProvince) s.migrants += pers;
    s.savings += h_savings_[r];
    const double ypc = pers > 0 ? y / pers : 0.0;
    if (ypc < p_.poverty_line) s.poor += pers;
    if (pers > 0) inc.emplace_back(ypc, pers);
  }
  for (std::size_t f = 0; f < fm_->size(); ++f) {
    s.firms_all += 1;
    if (!f_collective_[f]) s.firms_private += 1;
    const double e = f_workers_[f] + (f_collective_[f] ? 0 : 1);
    s.size_class[e < 10 ? 0 : e < 100 ? 1 : e < 1000 ? 2 : 3] += e;
  }
  // Gini of income per person across persons
  std::sort(inc.begin(), inc.end());
  double cw = 0, cy = 0, area = 0;
  for (const auto& [y, w] : inc) {
    const double prev = cy;
    cw += w;
    cy += y * w;
    area += w * (prev + cy) / 2.0;
  }
  s.gini = cw > 0 && cy > 0 ? 1.0 - 2.0 * area / (cw * cy) : 0.0;
  summary_ = s;
}

void ZhejiangModel::add_indicators() {
  auto& s = *sim_;
  const Summary& m = summary_;
  auto pct = [](double a, double b) { return b > 0 ? 100.0 * a / b : 0.0; };
  auto real10k = [this](double agents) { return agents * p_.scale / 1e4; };
  auto yi = [this](double real_sample) { return to_nominal(real_sample) * p_.scale / 1e8; };
  s.add_indicator("resident_population", "10k persons", "persons living in the province", [=, &m] { return real10k(m.persons); });
  s.add_indicator("urbanization_rate", "percent", "share of residents living in towns or urban communities", [=, &m] { return pct(m.urban, m.persons); });
  s.add_indicator("employed_persons", "10k persons", "persons farming, in wage work, trading or running a firm", [=, &m] { return real10k(m.employed); });
  s.add_indicator("employment_share_primary", "percent of employed", "farming", [=, &m] { return pct(m.primary, m.employed); });
  s.add_indicator("employment_share_secondary", "percent of employed", "manufacturing and construction firms", [=, &m] { return pct(m.secondary, m.employed); });
  s.add_indicator("employment_share_tertiary", "percent of employed", "traders and service firms", [=, &m] { return pct(m.tertiary, m.employed); });
  s.add_indicator("gdp_nominal", "100 million RMB current prices", "sum of value added (input-output accounts)", [=, this] { return yi(acc_.gdp); });
  s.add_indicator("gdp_per_capita_nominal", "RMB current prices", "GDP per resident", [=, this, &m] {
    return m.persons > 0 ? to_nominal(acc_.gdp) / m.persons : 0.0;
  });
  s.add_indicator("gdp_share_primary", "percent of GDP", "agriculture value added", [this] { return acc_.share_primary; });
  s.add_indicator("gdp_share_secondary", "percent of GDP", "manufacturing and construction value added", [this] { return acc_.share_secondary; });
  s.add_indicator("gdp_share_tertiary", "percent of GDP", "trade and services value added", [this] { return acc_.share_tertiary; });
  s.add_indicator("fiscal_revenue", "100 million RMB current prices", "taxes, levy, stall rents and collective profits", [=, this] { return yi(fl_.fiscal); });
  s.add_indicator("urban_disposable_income_per_capita", "RMB current prices", "income per urban resident", [=, this, &m] {
    return m.urban_persons > 0 ? to_nominal(m.urban_income / m.urban_persons) : 0.0;
  });
  s.add_indicator("rural_net_income_per_capita", "RMB current prices", "income per rural resident", [=, this, &m] {
    return m.rural_persons > 0 ? to_nominal(m.rural_income / m.rural_persons) : 0.0;
  });
  s.add_indicator("personal_savings_per_capita", "RMB current prices", "household savings per resident", [=, this, &m] {
    return m.persons > 0 ? to_nominal(m.savings / m.persons) : 0.0;
  });
  s.add_indicator("poverty_rate", "percent of population", "persons below the fixed real poverty line", [=, &m] { return pct(m.poor, m.persons); });
  s.add_indicator("residents_from_other_provinces", "10k persons", "members of migrant households", [=, &m] { return real10k(m.migrants); });
  s.add_indicator("registered_unemployment_rate", "percent", "unemployed among the urban-hukou labour force", [=, &m] { return pct(m.urban_hukou_unemp, m.urban_hukou_lf); });
  s.add_indicator("block_economies_over_1bn_sales", "count", "trade x county clusters with sales over RMB 1 billion", [this] { return block_count_; });
  s.add_indicator("block_economy_practitioners", "10k persons", "workers and owners in those clusters", [this] { return block_practitioners_ / 1e4; });
  s.add_indicator("commodity_markets", "count", "wholesale markets", [this] { return double(markets_.size()); });
  s.add_indicator("commodity_market_turnover", "100 million RMB current prices", "turnover of the wholesale markets", [=, this] { return yi(fl_.market_turnover); });
  s.add_indicator("farmers_in_nonagricultural_work_share", "percent of rural labour", "rural-hukou workers off the farm", [=, &m] { return pct(m.rural_nonfarm, m.rural_lf); });
  s.add_indicator("firms", "count", "private family firms (real count)", [this, &m] { return m.firms_private * p_.scale; });
  s.add_indicator("firm_employment_share_1_9", "percent", "employment in firms of 1-9 persons", [=, &m] { return pct(m.size_class[0], m.size_class[0] + m.size_class[1] + m.size_class[2] + m.size_class[3]); });
  s.add_indicator("firm_employment_share_10_99", "percent", "employment in firms of 10-99 persons", [=, &m] { return pct(m.size_class[1], m.size_class[0] + m.size_class[1] + m.size_class[2] + m.size_class[3]); });
  s.add_indicator("firm_employment_share_100_999", "percent", "employment in firms of 100-999 persons", [=, &m] { return pct(m.size_class[2], m.size_class[0] + m.size_class[1] + m.size_class[2] + m.size_class[3]); });
  s.add_indicator("firm_employment_share_1000_plus", "percent", "employment in firms of 1000+ persons", [=, &m] { return pct(m.size_class[3], m.size_class[0] + m.size_class[1] + m.size_class[2] + m.size_class[3]); });
  s.add_indicator("gini_income", "ratio", "Gini of household income per person, across persons", [&m] { return m.gini; });
  s.add_indicator("urban_rural_income_ratio", "ratio", "urban over rural income per capita", [&m] {
    return m.rural_persons > 0 && m.urban_persons > 0 && m.rural_income > 0 ? (m.urban_income / m.urban_persons) / (m.rural_income / m.rural_persons) : 0.0;
  });
  s.add_indicator("household_size", "persons", "mean household size", [&m] { return m.households > 0 ? m.persons / m.households : 0.0; });
  s.add_indicator("unemployed_persons", "10k persons", "labour-force members without work (all hukou)", [=, &m] { return real10k(m.unemployed); });
  s.add_indicator("working_age_share", "percent", "working-age (15-64) persons among residents", [=, &m] { return pct(m.working_age, m.persons); });
  s.add_indicator("wage_real", "1978 yuan per month", "wage of a worker of skill 1", [this] { return fl_.wage; });
  s.add_indicator("traders", "10k persons", "members trading at market stalls", [=, &m] { return real10k(m.traders); });
  s.add_indicator("births", "10k persons", "births this year", [=, this] { return real10k(fl_.births); });
  s.add_indicator("deaths", "10k persons", "deaths this year", [=, this] { return real10k(fl_.deaths); });
  s.add_indicator("in_migrants", "10k persons", "arrivals from other provinces this year", [=, this] { return real10k(fl_.immigrants); });
  s.add_indicator("out_migrants", "10k persons", "returns to other provinces this year", [=, this] { return real10k(fl_.emigrants); });
  s.add_indicator("population_start_of_year", "10k persons", "residents at the start of the year", [=, this] { return real10k(fl_.persons_start); });
  s.add_indicator("cluster_practitioners", "10k persons", "workers and owners in all identified clusters", [this] { return cluster_practitioners_ / 1e4; });
  s.add_indicator("gdp_real_per_capita", "1978 yuan", "GDP per resident at 1978 prices", [this, &m] { return m.persons > 0 ? acc_.gdp / m.persons : 0.0; });
  s.add_indicator("final_demand_total", "100 million RMB current prices", "sum of final demand in the input-output accounts (equals GDP)", [=, this] {
    double x = 0;
    for (double v : acc_.final_demand) x += v;
    return yi(x);
  });
}

void ZhejiangModel::write_snapshot(int year) const {
  std::string h = "id,town,village,hukou,children,working_age,elderly,farming,wage_work,trading,running_firm,unemployed,land,savings,income_year\n";
  for (std::size_t r = 0; r < hh_->size(); ++r) {
    const double y = y_farm_[r] + y_wage_[r] + y_trade_[r] + y_profit_[r] + y_rent_[r] + y_other_[r];
    h += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{:.3f},{:.2f},{:.2f}\n", hh_->id(r), h_town_[r],
                     h_village_[r] == kNone ? -1 : static_cast<std::int64_t>(h_village_[r]), int(h_hukou_[r]), int(h_kids_[r]),
                     int(h_adults_[r]), int(h_elderly_[r]), int(h_farm_[r]), int(h_wage_[r]), int(h_trade_[r]), int(h_own_[r]),
                     int(h_unemp_[r]), h_land_[r], h_savings_[r], y);
  }
  sim::write_file_atomic(sim_->output_dir() + fmt::format("/households_{}.csv", year), h);
  std::string f = "id,sector,town,collective,workers,capital,productivity,sales_year,profit_year,channels,age_months\n";
  for (std::size_t r = 0; r < fm_->size(); ++r)
    f += fmt::format("{},{},{},{},{},{:.2f},{:.4f},{:.2f},{:.2f},{},{}\n", fm_->id(r), kSectorNames[f_sector_[r]], f_town_[r],
                     int(f_collective_[r]), f_workers_[r], f_capital_[r], f_phi_[r], f_sales_year_[r], f_profit_year_[r],
                     int(f_channel_[r]), f_age_[r]);
  sim::write_file_atomic(sim_->output_dir() + fmt::format("/firms_{}.csv", year), f);
}

}  // namespace models::zhejiang
