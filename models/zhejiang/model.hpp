#pragma once
// The Zhejiang model: state (agent tables and place/market/government state) and the phases.
// The member functions are implemented by topic: places.cpp, households.cpp, firms.cpp,
// markets.cpp, government.cpp and indicators.cpp; model.cpp wires them to the engine.
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/policies/policy.hpp"
#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/params.hpp"
#include "models/zhejiang/policy_state.hpp"
#include "sim/graph.hpp"
#include "sim/model.hpp"
#include "sim/simulation.hpp"
#include "sim/table.hpp"

namespace models::zhejiang {

inline constexpr std::uint32_t kNone = 0xffffffffu;
enum Hukou : std::uint8_t { LocalRural = 0, LocalUrban = 1, OtherProvince = 2 };
enum Terrain : std::uint8_t { Plain = 0, Hill = 1, Island = 2, Reservoir = 3, Boat = 4 };
enum Channel : std::uint8_t { ChMarket = 1, ChOnline = 2 };

/// Counties, towns and villages. Towns are graph vertices [0, towns), villages [towns, towns+villages).
struct Places {
  std::vector<std::uint32_t> town_county, county_seat, village_town;
  std::vector<std::uint8_t> village_terrain, village_urban, town_has_market;
  std::vector<double> village_dist_town, town_dist_seat, town_market_dist;
  std::vector<double> town_ref_workers;  ///< urban workers of the town at its last village conversion
  sim::Graph graph;
  // recounted each tick
  std::vector<double> village_land, village_farmers, village_output;  // output: real yuan per month
  std::vector<double> town_jobs, town_urban_workers;
  std::size_t towns() const { return town_county.size(); }
  std::size_t villages() const { return village_town.size(); }
  void serialize(sim::Archive& ar);
};

struct Market {
  std::uint32_t town = 0, county = 0;
  double capacity = 0;  ///< real stalls
  std::int32_t expansions = 0, built = 0;
  std::uint32_t occupants = 0;  ///< agent traders (recounted)
  double turnover_month = 0, turnover_year = 0, firm_flow_month = 0;
};

/// Yearly and monthly aggregates kept between phases (all saved in checkpoints).
struct Flows {
  // annual accumulators (reset at the first tick of a year), sample units
  double births = 0, deaths = 0, immigrants = 0, emigrants = 0;
  std::array<double, 5> gross{};  ///< gross output by IO sector (agri, manuf, constr, trade, services)
  double fiscal = 0, market_turnover = 0, online_sales = 0;
  // monthly drivers for next month's demand
  double household_services = 0, public_services = 0, business_services = 0, investment = 0, investment_last = 0;
  double migrant_job_rate = 0.5, local_job_rate = 0.5;
  double wage = 40;
  double persons_start = 0;  ///< persons at the start of the year (population accounting)
  double pensions = 0;       ///< old-age pensions paid this month (set by incomes, spent by government)
};

/// Year-end summary of the household and firm tables, read by the indicators.
struct Summary {
  double persons = 0, urban = 0, employed = 0, primary = 0, secondary = 0, tertiary = 0;
  double urban_hukou_lf = 0, urban_hukou_unemp = 0, urban_income = 0, urban_persons = 0, rural_income = 0, rural_persons = 0;
  double savings = 0, poor = 0, migrants = 0, rural_lf = 0, rural_nonfarm = 0, households = 0, traders = 0;
  double unemployed = 0, working_age = 0;
  double firms_private = 0, firms_all = 0, gini = 0, wage_workers = 0, owners = 0;
  std::array<double, 4> size_class{};  ///< employment in firms of 1-9, 10-99, 100-999, 1000+
};

class ZhejiangModel final : public sim::Model, public policies::PolicyHost {
 public:
  void setup(sim::Simulation& s) override;
  void initialize(sim::Simulation& s) override;
  void serialize(sim::Archive& ar) override;
  void finish(sim::Simulation& s) override;

  // ---- PolicyHost
  int year() const override { return sim_->clock().year(); }
  std::size_t counties() const override { return static_cast<std::size_t>(p_.counties); }
  double budget(std::size_t c) const override { return fund_[c]; }
  double spend(std::size_t c, double amount) override;
  double stall_queue(std::size_t c) const override { return queue_[c]; }
  double trading_activity(std::size_t c) const override { return county_trading_[c]; }
  std::vector<policies::MarketView> markets_in(std::size_t c) const override;
  std::uint32_t busiest_town(std::size_t c) const override;
  void build_market(std::uint32_t town, double stalls) override;
  void expand_market(std::size_t m, double extra) override;
  void set_entry_support(std::size_t c, double subsidy, double mult) override {
    entry_subsidy_[c] = subsidy;
    entry_mult_[c] = mult;
  }
  // social-policy levers (policy_host.cpp)
  double price_level() const override;
  double rural_income_last_year() const override { return ps_.rural_income_last; }
  double median_income_last_year() const override { return ps_.median_income_last; }
  void set_poverty_lines(const policies::PovertyLines& l) override { ps_.lines = l; }
  void set_allowance(const policies::AllowanceTerms& t) override { ps_.allowance = t; }
  void set_hukou_terms(const policies::HukouTerms& t) override {
    ps_.hukou = t;
    ps_.hukou_set = true;
  }
  std::size_t convert_hukou(const policies::ConversionTerms& t) override;
  void set_services(const policies::ServiceTerms& t) override {
    ps_.services = t;
    ps_.services_set = true;
  }
  void set_finance_terms(const policies::FinanceTerms& t) override { ps_.finance = t; }
  void add_lending_capital(std::size_t c, double amount) override;
  policies::LoanBook loan_book(std::size_t c) const override;
  void settle_loans() override;
  std::vector<policies::RelocationCandidate> relocation_candidates(std::size_t c, const std::vector<int>& terrains) const override;
  std::uint32_t county_seat(std::size_t c) const override { return pl_.county_seat[c]; }
  bool relocate(std::uint64_t household, std::uint32_t town, double housing_subsidy) override;

 private:
  // places.cpp
  void build_places();
  void update_market_distances(std::uint32_t town);
  void convert_villages();
  // households.cpp
  void create_households();
  void demography();
  void incomes();
  void choices();
  void migration();
  std::size_t new_household(std::uint32_t town, std::uint32_t village, std::uint8_t hukou);
  void remove_worker(std::size_t r, sim::Rng& rng);
  void add_labour_member(std::size_t r);
  // firms.cpp
  void create_initial_firms();
  void recount();
  void production();
  void labour_market();
  void firm_dynamics();
  void clusters();
  double sector_tfp(int sector) const;
  // markets.cpp
  void markets();
  // government.cpp
  void year_start();
  void government_month();
  void government_year();
  void run_policies(policies::Hook h);
  void normalize_demand();
  // policy_host.cpp: state and monthly pass of the social-policy levers, their indicators
  void setup_policy_state();
  void policy_year_start();
  void policy_month();
  void add_policy_indicators();
  void summarize_policy();
  double policy_points(std::size_t r, double per_year, double family, double business, double skill) const;
  bool migrant_has_seat(std::size_t r) const;
  double return_factor(std::size_t r) const;
  double family_migration_share() const;
  double province_search_chance() const { return 0.3 + ps_.services.search_boost * 0.7; }
  double coop_credit_line(std::size_t c) const;
  double coop_offer(std::size_t c, double shortfall, std::uint64_t household) const;
  void coop_book(std::size_t c, std::uint64_t household, std::uint64_t firm, double amount);
  // indicators.cpp
  void add_indicators();
  void close_year();
  void summarize();
  void write_snapshot(int year) const;
  /// Wage multiplier of a household's skill: skill ^ returns(t) (returns to skill rose after reform).
  double skill_beta() const { return p_.skill_returns.at(sim_->clock().time()); }
  double to_nominal(double real_yuan) const { return real_yuan * p_.cpi.at(sim_->clock().year()) / 100.0; }

  sim::Simulation* sim_ = nullptr;
  ZjParams p_;
  std::vector<std::unique_ptr<policies::PolicyModule>> policies_;
  std::array<double, 5> io_colsum_{};
  std::uint32_t pioneer_ = 0;

  // ---- households table
  sim::Table* hh_ = nullptr;
  sim::Col<std::uint32_t> h_town_, h_village_, h_home_, h_lineage_, h_employer_, h_market_, h_firm_;
  sim::Col<std::uint8_t> h_hukou_, h_kids_, h_adults_, h_elderly_, h_lf_, h_farm_, h_wage_, h_trade_, h_own_, h_unemp_,
      h_seek_, h_rent_, h_family_;
  sim::Col<std::uint16_t> h_unemp_months_;
  sim::Col<double> h_land_, h_savings_, h_skill_, h_trait_, h_inc_month_, h_profit_in_;
  sim::Col<double> y_farm_, y_wage_, y_trade_, y_profit_, y_rent_, y_other_, y_cons_, h_ypc_last_;
  // ---- firms table
  sim::Table* fm_ = nullptr;
  sim::Col<std::uint32_t> f_owner_, f_p1_, f_p2_, f_town_, f_market_, f_workers_, f_age_;
  sim::Col<std::uint8_t> f_sector_, f_channel_, f_collective_;
  sim::Col<double> f_capital_, f_phi_, f_skillsum_, f_layoff_p_, f_revenue_, f_profit_, f_sales_year_, f_profit_year_, f_q_;
  sim::Col<std::int32_t> f_vacancies_;

  // ---- places, markets, government
  Places pl_;
  std::vector<Market> markets_;
  std::vector<double> fund_, rev_month_, queue_, county_trading_, entry_subsidy_, entry_mult_;
  std::vector<double> trader_income_county_;  ///< expected net income of a stall per month
  double trader_income_province_ = 0;
  // clusters: index county * kSectors + sector
  std::vector<double> cl_workers_, cl_firms_, cl_sales_, cl_agglo_;
  std::vector<std::uint8_t> cl_is_cluster_;
  double block_count_ = 0, block_practitioners_ = 0, cluster_practitioners_ = 0;
  // kin: per lineage (recounted each tick, except lin_firm_ which is yearly)
  std::vector<double> lin_savings_;
  std::vector<std::uint32_t> lin_members_, lin_firm_;
  // sector state
  std::array<double, kSectors> demand_norm_{}, price_{}, sector_profit_rate_{};
  std::uint8_t normalized_ = 0;
  double agri_scale_ = 1.0, phi_mfg0_ = 1.0, phi_svc0_ = 1.0;
  Flows fl_;
  SectorAccounts acc_;
  Summary summary_;
  std::uint32_t next_lineage_ = 0;
  // social-policy levers (policy_host.cpp)
  PolicyState ps_;
  sim::Col<std::int16_t> h_arrival_;
  sim::Col<std::uint8_t> h_left_kids_, h_allowance_, h_relocated_;
  sim::Col<double> h_allow_year_, h_allow_last_;
  // recount scratch (rebuilt each tick, not state)
  std::vector<double> town_mig_, town_let_, town_prem_;
};

sim::ModelInfo zhejiang_info();

}  // namespace models::zhejiang
