#pragma once
#include <cmath>
// Parameters of the Zhejiang model: declared once (value, unit, range, doc, source) and read once
// into this struct at setup. visit_params() drives both the declaration and the reading, so a key
// cannot be declared with one default and read under another name.
#include <string>
#include <vector>

#include "sim/params.hpp"

namespace models::zhejiang {

inline constexpr int kTrades = 7;                 ///< manufacturing trades 0..6
inline constexpr int kConstruction = 7;           ///< sector index of construction firms
inline constexpr int kServices = 8;               ///< sector index of trade & service firms
inline constexpr int kSectors = 9;
inline const char* const kSectorNames[kSectors] = {"socks_hosiery", "zippers", "jewellery", "printing_packing",
                                                   "knitwear", "electrical", "other_manufacturing",
                                                   "construction", "services"};

struct ZjParams {
  // scale and geography
  double scale = 100;
  int counties = 90, towns = 639, villages_per_town = 8;
  std::vector<double> terrain_shares;
  double commute_km = 12;
  // initial state (1978 column of the targets)
  double pop0 = 3751, urban0 = 14.5, employed0 = 1795, emp_sec0 = 29.8, emp_ter0 = 17.0;
  double gdp0 = 124, gdp_pri0 = 38.1, gdp_sec0 = 43.3;
  double hh_size0 = 4.0, kid_share0 = 0.33, elderly_share0 = 0.06;
  double rural_income0 = 165, urban_income0 = 332, savings_pc0 = 21.6;
  double land_pc0 = 0.7, skill_sd = 0.35, land_sd = 0.45, urban_skill = 2.5;
  // demography
  sim::Schedule cbr;
  double death_kid = 0.002, death_adult = 0.002, death_elderly = 0.07;
  double age_kid = 1.0 / 15, age_adult = 0.012;
  double split_rate = 0.1;
  double participation = 0.8, participation_migrant = 0.95;
  // agriculture
  sim::Schedule agri_tfp;
  double land_elasticity = 0.5, labour_elasticity = 0.15;
  sim::Schedule agri_levy;
  // firms
  double entry_mfg_choice = 0.7, entry_constr_choice = 0.25;
  double labour_share = 0.6, labour_share_svc = 0.55, demand_elasticity = 2.0;
  double theta(std::size_t sector) const;  // labour elasticity of a firm sector
  double demand_growth = 0.072, wto_year = 2002, wto_boost = 0.04, wto_years = 6, crisis_year = 2009, crisis_drop = 0.1;
  double demand_index(double t) const;
  std::vector<double> trade_weights;
  double mfg_tfp_growth = 0.015, svc_tfp_growth = 0.065;
  double k_per_worker = 600, depreciation = 0.08, payout = 0.2;
  double profit_tax = 0.25, tax_rate = 0.15, hire_speed = 0.2, prod_sd = 0.5;
  std::vector<double> hazard_by_age;
  double loss_exit = 0.15, reach_local = 0.35, market_sales_share = 0.6, online_reach = 1.1;
  int ecommerce_year = 2003;
  double online_adoption = 0.08;
  double agglomeration = 0.06, cluster_ref_workers = 2000, cluster_min_firms = 5, cluster_capital_discount = 0.5;
  double block_sales_threshold = 10;  // 100 million RMB nominal
  // entrepreneurship and finance
  double entry_capital = 3000, entry_rate = 0.003, trait_mean = 0.0, trait_sd = 1.0, yiwu_trait = 1.0;
  double kin_follow = 0.7, kin_pool_share = 0.3, credit_access = 0.0, entry_profit_weight = 1.0;
  int lineages_per_village = 6;
  // trade and markets
  double entry_size = 3, trade_pool = 2e9;
  double mobility_lo = 0.01, mobility_hi = 0.3, mobility_mid = 1992, mobility_width = 4;
  double rural_mobility(double t) const;
  double opening_mid = 1997, opening_width = 3;
  double opening(double t) const { return 1.0 / (1.0 + std::exp(-(t - opening_mid) / opening_width)); }
  double commission = 0.05, stall_rent = 60, trader_switch = 0.05;
  // services and consumption
  double subsistence = 120, saving_rate = 0.25, service_share0 = 0.12, service_share_slope = 0.15,
         service_share_max = 0.6, housing_share = 0.06, deposit_rate = 0.02;
  double public_service_share = 0.4;
  double pension_urban = 0.45, pension_rural = 55;
  int pension_rural_year = 2009;
  // labour market and wages
  double conversion_min_workers = 5000;
  double town_wage_elasticity = 0.3, town_wage_ref = 5000, collective_hiring = 0.3;
  sim::Schedule skill_returns;
  double farm_attachment = 0.9, wage0 = 26, wage_adjust = 0.08, job_search = 0.2;
  // migration
  sim::Schedule reservation_income;
  double reservoir = 5000, migration_elasticity = 1.5, migration_rate = 0.005, living_cost = 0.34, move_cost = 0.2;
  double return_rate = 0.015, unemployed_return = 0.2, family_migration = 0.3;
  // urbanisation
  double conversion_ratio = 1.5, floor_rent = 0.174, move_to_town = 0.05;
  // prices and measurement
  sim::Schedule cpi;
  double poverty_line = 130;
  std::vector<double> snapshot_years;
  // input-output coefficients (columns: agriculture, manufacturing, construction, trade, services)
  std::vector<double> io;
};

/// Declares (reg != nullptr) or reads (from != nullptr) every model parameter.
void visit_params(sim::ParamRegistry* reg, const sim::Params* from, ZjParams& p);

inline void declare_params(sim::ParamRegistry& reg) {
  ZjParams p;
  visit_params(&reg, nullptr, p);
}
inline ZjParams read_params(const sim::Params& from) {
  ZjParams p;
  visit_params(nullptr, &from, p);
  return p;
}

}  // namespace models::zhejiang
