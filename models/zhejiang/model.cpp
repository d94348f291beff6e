// The Zhejiang model wired to the engine: tables, the monthly schedule of phases, initialization,
// checkpoints and the model's entry in the catalogue.
#include "models/zhejiang/model.hpp"

#include <algorithm>

#include "models/policies/policy.hpp"

namespace models::zhejiang {

void ZhejiangModel::setup(sim::Simulation& s) {
  sim_ = &s;
  p_ = read_params(s.params());
  io_colsum_ = io_column_sums(p_.io);
  if (p_.trade_weights.size() != kTrades) throw sim::Error("zhejiang.firms.trade_weights: expected 7 values");
  if (p_.terrain_shares.size() != 5) throw sim::Error("zhejiang.terrain_shares: expected 5 values");
  pioneer_ = static_cast<std::uint32_t>(s.params().integer("policies.market_building.pioneer_county"));
  policies_ = policies::create_policies(s.params());
  fl_.wage = p_.wage0;

  auto& h = s.add_table("households", "Farmer, urban and migrant households (a 1/scale sample).");
  hh_ = &h;
  h_town_ = h.add<std::uint32_t>("town", "town of residence (or of the village)", kNone);
  h_village_ = h.add<std::uint32_t>("village", "village of residence; none when living in the town", kNone);
  h_home_ = h.add<std::uint32_t>("home_village", "village of the land contract", kNone);
  h_lineage_ = h.add<std::uint32_t>("lineage", "kin group", kNone);
  h_employer_ = h.add<std::uint32_t>("employer", "firm id of the wage workers", kNone);
  h_market_ = h.add<std::uint32_t>("market", "market index of the stall", kNone);
  h_firm_ = h.add<std::uint32_t>("firm", "firm id owned", kNone);
  h_hukou_ = h.add<std::uint8_t>("hukou", "0 local rural, 1 local urban, 2 other province");
  h_kids_ = h.add<std::uint8_t>("children", "members aged 0-14");
  h_adults_ = h.add<std::uint8_t>("working_age", "members aged 15-64");
  h_elderly_ = h.add<std::uint8_t>("elderly", "members aged 65+");
  h_lf_ = h.add<std::uint8_t>("labour_force", "working-age members in the labour force");
  h_farm_ = h.add<std::uint8_t>("farming", "members farming");
  h_wage_ = h.add<std::uint8_t>("wage_work", "members working for a wage");
  h_trade_ = h.add<std::uint8_t>("trading", "members trading at a stall");
  h_own_ = h.add<std::uint8_t>("running_firm", "members running the household's firm");
  h_unemp_ = h.add<std::uint8_t>("unemployed", "members without work");
  h_seek_ = h.add<std::uint8_t>("seeking", "farmers and unemployed looking for wage work");
  h_rent_ = h.add<std::uint8_t>("lets_ground_floor", "1 when the household has a ground floor to let");
  h_family_ = h.add<std::uint8_t>("migrant_family", "1 when a migrant household came with its family");
  h_unemp_months_ = h.add<std::uint16_t>("months_unemployed", "months with all labour force unemployed");
  h_land_ = h.add<double>("land", "contracted land (mu)");
  h_savings_ = h.add<double>("savings", "1978 yuan");
  h_skill_ = h.add<double>("skill", "wage multiplier", 1.0);
  h_trait_ = h.add<double>("trait", "entrepreneurial trait (sd units)");
  h_inc_month_ = h.add<double>("income_month", "income this month (1978 yuan)");
  h_profit_in_ = h.add<double>("profit_pending", "profit payouts received this month, not yet counted");
  y_farm_ = h.add<double>("y_farm", "farm income this year");
  y_wage_ = h.add<double>("y_wage", "wage income this year");
  y_trade_ = h.add<double>("y_trade", "trading income this year");
  y_profit_ = h.add<double>("y_profit", "profit income this year");
  y_rent_ = h.add<double>("y_rent", "rental income this year");
  y_other_ = h.add<double>("y_other", "interest, subsistence allowance and medical relief, less out-of-pocket illness costs, this year");
  y_cons_ = h.add<double>("y_consumption", "consumption this year");
  h_ypc_last_ = h.add<double>("income_pc_last_year", "income per person last year");

  auto& f = s.add_table("firms", "Family firms (and 1978 collective units), a 1/scale sample at real size.");
  fm_ = &f;
  f_owner_ = f.add<std::uint32_t>("owner", "founding household id", kNone);
  f_p1_ = f.add<std::uint32_t>("partner1", "kin partner household id", kNone);
  f_p2_ = f.add<std::uint32_t>("partner2", "kin partner household id", kNone);
  f_town_ = f.add<std::uint32_t>("town", "town");
  f_market_ = f.add<std::uint32_t>("market", "market used by the market channel", kNone);
  f_workers_ = f.add<std::uint32_t>("workers", "wage workers");
  f_age_ = f.add<std::uint32_t>("age_months", "age in months");
  f_sector_ = f.add<std::uint8_t>("sector", "0-6 trades, 7 construction, 8 services");
  f_channel_ = f.add<std::uint8_t>("channels", "bit 1 market stall, bit 2 online");
  f_collective_ = f.add<std::uint8_t>("collective", "1 for 1978 collective/state units");
  f_capital_ = f.add<double>("capital", "1978 yuan");
  f_phi_ = f.add<double>("productivity", "firm productivity");
  f_skillsum_ = f.add<double>("skill_sum", "sum of workers' skill");
  f_layoff_p_ = f.add<double>("layoff_probability", "this month");
  f_revenue_ = f.add<double>("revenue", "this month");
  f_profit_ = f.add<double>("profit", "this month");
  f_sales_year_ = f.add<double>("sales_year", "this year");
  f_profit_year_ = f.add<double>("profit_year", "this year");
  f_q_ = f.add<double>("output", "real output this month");
  f_vacancies_ = f.add<std::int32_t>("vacancies", "open positions");

  const auto C = static_cast<std::size_t>(p_.counties);
  fund_.assign(C, 0);
  rev_month_.assign(C, 0);
  queue_.assign(C, 0);
  county_trading_.assign(C, 0);
  entry_subsidy_.assign(C, 0);
  entry_mult_.assign(C, 1);
  trader_income_county_.assign(C, 0);
  cl_workers_.assign(C * kSectors, 0);
  cl_firms_.assign(C * kSectors, 0);
  cl_sales_.assign(C * kSectors, 0);
  cl_agglo_.assign(C * kSectors, 1.0);
  cl_is_cluster_.assign(C * kSectors, 0);

  setup_policy_state();
  s.add_phase("year_start", "first tick of a year: last year's incomes per person, reset of annual sums, YearStart policies",
              [this] { year_start(); });
  s.add_phase("demography", "births, ageing, deaths, return migration, splitting of grown children (monthly)",
              [this] { demography(); }, sim::PhaseKind::PerAgent, "households");
  s.add_phase("recount", "workers per firm, farmers and land per village, jobs per town, kin savings", [this] { recount(); });
  s.add_phase("production", "farm output; firm output, sales through channels, profits, taxes, desired employment",
              [this] { production(); });
  s.add_phase("markets", "market turnover, traders' income, stall rents", [this] { markets(); });
  s.add_phase("labour_market", "layoffs, matching in town, county, province; wage adjustment", [this] { labour_market(); });
  s.add_phase("incomes", "income by source, consumption, saving, spending on services and housing",
              [this] { incomes(); }, sim::PhaseKind::PerAgent, "households");
  s.add_phase("choices", "quarterly: job search, stall requests, founding firms with kin capital, moves to town",
              [this] { choices(); }, sim::PhaseKind::PerAgent, "households");
  s.add_phase("migration", "Harris-Todaro in-migration from other provinces", [this] { migration(); });
  s.add_phase("firm_dynamics", "exits by age and losses, market and online channels", [this] { firm_dynamics(); },
              sim::PhaseKind::PerAgent, "firms");
  s.add_phase("government", "budgets, public services, infrastructure", [this] {
    government_month();
    if (sim_->clock().tick == 0) normalize_demand();
  });
  s.add_phase("government_year", "last tick: policy modules (markets), village conversion, clusters", [this] { government_year(); });
  s.add_phase("accounts", "last tick: sector accounts (input-output), year-end summary, snapshots", [this] {
    policy_month();  // social-policy transfers and the illness shock (policy_host.cpp), every tick
    close_year();
  });
  add_indicators();
  add_policy_indicators();
}

void ZhejiangModel::initialize(sim::Simulation&) {
  build_places();
  create_households();
  create_initial_firms();
  double persons = 0;
  for (std::size_t r = 0; r < hh_->size(); ++r) persons += h_kids_[r] + h_adults_[r] + h_elderly_[r];
  fl_.persons_start = persons;
}

void ZhejiangModel::serialize(sim::Archive& ar) {
  ar.check("zhejiang");
  pl_.serialize(ar);
  std::uint64_t nm = markets_.size();
  ar.io(nm);
  if (ar.loading()) markets_.resize(nm);
  for (auto& m : markets_) ar.io(m);
  ar.io(fund_);
  ar.io(rev_month_);
  ar.io(queue_);
  ar.io(county_trading_);
  ar.io(entry_subsidy_);
  ar.io(entry_mult_);
  ar.io(trader_income_county_);
  ar.io(trader_income_province_);
  ar.io(cl_workers_);
  ar.io(cl_firms_);
  ar.io(cl_sales_);
  ar.io(cl_agglo_);
  ar.io(cl_is_cluster_);
  ar.io(block_count_);
  ar.io(block_practitioners_);
  ar.io(cluster_practitioners_);
  ar.io(lin_savings_);
  ar.io(lin_members_);
  ar.io(lin_firm_);
  ar.io(demand_norm_);
  ar.io(price_);
  ar.io(sector_profit_rate_);
  ar.io(normalized_);
  ar.io(agri_scale_);
  ar.io(phi_mfg0_);
  ar.io(phi_svc0_);
  ar.io(fl_);
  ar.io(acc_);
  ar.io(next_lineage_);
  ar.io(summary_);
  ps_.serialize(ar);
  for (auto& m : policies_) {
    ar.check(m->name());
    m->serialize(ar);
  }
}

void ZhejiangModel::finish(sim::Simulation&) {}

sim::ModelInfo zhejiang_info() {
  sim::ModelInfo m;
  m.name = "zhejiang";
  m.doc = "Rural industrialisation of Zhejiang 1978-2013: farm households, family firms, block-economy clusters, "
          "wholesale markets, county governments and migrants (issue 3; docs/model.md).";
  m.declare = [](sim::ParamRegistry& r) {
    declare_params(r);
    declare_illness_params(r);
    policies::declare_policies(r);
  };
  m.create = [] { return std::make_unique<ZhejiangModel>(); };
  return m;
}

}  // namespace models::zhejiang
