#pragma once
// The year-end summary of the household and firm tables that the indicators read: persons by
// residence and registration, employment by sector, incomes as the household surveys measure them,
// poverty, savings, the Gini of income per person, firm counts and sizes, and children by origin.
#include <array>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"

namespace models::zhejiang {

// Summary::households adds the counts (persons, workers, households: whole numbers) per chunk in
// parallel and merges them through a list of these fields; a new count field must join that list.
struct YearSummary {
  double persons = 0, urban = 0, employed = 0, primary = 0, secondary = 0, tertiary = 0;
  double urban_hukou_lf = 0, urban_hukou_unemp = 0, urban_income = 0, urban_persons = 0, rural_income = 0, rural_persons = 0;
  double town_urban_income = 0, town_urban_persons = 0;  // local urban hukou living in towns, not in converted villages
  double remote_persons = 0, remote_poor = 0;  ///< households from remote villages (hill, island, reservoir, boat), wherever they live now
  double poverty_persons = 0;  ///< persons counted in poverty_rate: all but this year's arrivals from other provinces
  double savings = 0, poor = 0, migrants = 0, rural_lf = 0, rural_nonfarm = 0, households = 0, traders = 0;
  double unemployed = 0, working_age = 0;
  double firms_private = 0, firms_all = 0, gini = 0, wage_workers = 0, owners = 0;
  std::array<double, 4> size_class{};  ///< employment in firms of 1-9, 10-99, 100-999, 1000+
  double children = 0, migrant_children = 0, migrant_children_seat = 0, left_behind = 0;
  // Yiwu (its county)
  double yiwu_persons = 0, yiwu_nonlocal = 0, yiwu_migrants = 0, yiwu_traders = 0, yiwu_firms = 0, yiwu_jobs = 0, yiwu_mfg_sales = 0, mfg_sales = 0;
  double yiwu_stalls = 0, yiwu_turnover = 0;
  // markets
  double markets_over_100m = 0, largest_market_turnover = 0, median_market_stalls = 0;
};

class Summary {
 public:
  void setup(World& w) { w_ = &w; }
  void close_year();
  const YearSummary& last() const { return s_; }
  /// Last completed year's rural net income per capita (the 1978 value before the first year ends).
  double rural_income_last_year() const;
  void serialize(sim::Archive& ar);

 private:
  void households(YearSummary& s) const;
  void firms(YearSummary& s) const;
  void markets(YearSummary& s) const;
  World* w_ = nullptr;
  YearSummary s_;
};

}  // namespace models::zhejiang
