#pragma once
// Households: the table of farm, urban and migrant households (a 1/scale sample), the 1978
// population, demography (births, deaths, ageing, splitting, return migration), the monthly budget
// (income by source, consumption, saving) and the occupations of their members. Other components
// read the columns through HouseholdColumns (read-only) and change a household only through the
// methods below, each of which keeps the occupation counts adding up to the labour force.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/table.hpp"

namespace models::zhejiang {

enum Hukou : std::uint8_t { LocalRural = 0, LocalUrban = 1, OtherProvince = 2 };

struct HouseholdParams {
  // 1978 population (targets 1978, priors D1, D7, A1-A2)
  double pop0, urban0, hh_size0, kid_share0, elderly_share0, rural_income0, urban_income0, savings_pc0;
  double land_pc0, skill_sd, urban_skill, land_sd;
  // demography (priors D5-D7)
  sim::Schedule cbr;
  double death_kid, death_adult, death_elderly, age_kid, age_adult, split_rate, participation,
      participation_migrant, migrant_fertility, split_savings;
  // budget (priors N2, N3)
  double food_share0, food_share_slope, food_share_min;
  double school_fee, remittance, kin_support, land_compensation;
  double subsistence, saving_rate, dissaving, service_share0, service_share_slope, service_share_max, housing_share, deposit_rate;
  double floor_rent;
  void bind(sim::ParamBinder& b);
};

/// Read-only views of the household columns.
struct HouseholdColumns {
  sim::ColView<std::uint32_t> town, village, home, lineage, employer, market, firm, registered;
  sim::ColView<std::uint8_t> hukou, kids, adults, elderly, lf, farm, wage, trade, own, unemp, seek, rent, family, left_kids, community;
  sim::ColView<std::uint16_t> unemp_months;
  sim::ColView<std::int16_t> arrival;
  sim::ColView<double> land, savings, skill, trait, income_in;
  sim::ColView<double> y_farm, y_wage, y_trade, y_profit, y_rent, y_other, ypc_last;
  sim::ColView<double> skill_pow;  ///< skill^beta at this month's returns to skill
  sim::ColView<double> engel_log;  ///< log(max(1, income per person last year) / 1978 rural income)
};

/// Population flows of the year (sample persons).
struct PopulationFlows {
  double births = 0, deaths = 0, immigrants = 0, emigrants = 0;
  double persons_start = 0;  ///< persons at the start of the year
};

class Households {
 public:
  static void declare(sim::ParamRegistry& reg);
  static void validate(const sim::Params& p, std::vector<sim::ParamProblem>& out);
  void setup(World& w, const sim::Params& p);
  const HouseholdParams& params() const { return p_; }
  const HouseholdColumns& col() const { return ro_; }
  std::size_t size() const { return t_->size(); }
  sim::AgentId id(std::size_t r) const { return t_->id(r); }
  /// The id column (row order).
  const sim::AgentId* ids() const { return t_->ids().data(); }
  std::uint32_t row_of(sim::AgentId id) const { return t_->row_of(id); }
  int persons(std::size_t r) const { return w_.kids[r] + w_.adults[r] + w_.elderly[r]; }
  /// Income of the year so far, all sources.
  double income_year(std::size_t r) const {
    return w_.y_farm[r] + w_.y_wage[r] + w_.y_trade[r] + w_.y_profit[r] + w_.y_rent[r] + w_.y_other[r];
  }
  /// Lives in a town or in a village converted to an urban community.
  bool urban_resident(std::size_t r) const { return w_.village[r] == kNone || w_.community[r]; }
  /// A household that came from another province this year (after the first year, whose households
  /// from other provinces are set up with it as their arrival year): the poverty measures count it
  /// from the next year, on a whole year's income, as the surveys count permanent residents.
  bool arrived_this_year(std::size_t r) const {
    const int year = wd_->ctx->year();
    return w_.hukou[r] == OtherProvince && w_.arrival[r] == year && year > wd_->ctx->start_year();
  }
  /// Lives in a rural village (not converted).
  bool rural_village(std::size_t r) const { return w_.village[r] != kNone && !w_.community[r]; }
  const PopulationFlows& flows() const { return flows_; }
  /// Local rural households whose member became a firm owner or stall holder for the first time, since 1978 (sample).
  double rural_ventures() const { return rural_ventures_; }
  double total_persons() const;
  /// Start of a month: the month's population flows start from zero.
  void begin_month();
  /// Sets this month's returns to skill: every household's skill^beta is recomputed when beta
  /// differs from last month's (it changes only while labour.skill_returns moves).
  void set_skill_returns(double beta);
  /// End of a month: the month's flows are added to the year's.
  void end_month();
  /// The population identity of the month (persons now = at its start + births + in-migrants -
  /// deaths - out-migrants): empty when it holds, else what misses.
  std::string check_population() const;
  /// Every working-age member has one status: farm + wage + trade + own + unemployed = labour force
  /// <= working age, and seekers are farmers or unemployed. Empty when it holds for every household.
  std::string check_labour() const;

  // ---- phases (households.cpp, demography.cpp, budget.cpp)
  void create_1978();          ///< initialization
  void year_start();           ///< last year's income per person; annual sums reset
  void demography();           ///< parallel: returns, births, deaths, ageing; then splits
  void release_from_closed();  ///< members of closed firms become unemployed (tally phase)
  void incomes();              ///< parallel: income by source, consumption, saving

  // ---- occupations (each keeps farm + wage + trade + own + unemployed = labour force)
  /// 1978: urban workers take jobs in collective and state units; a rural household sends one farmer
  /// to a commune or brigade enterprise.
  void take_1978_jobs(std::size_t r);
  void set_1978_employer(std::size_t r, sim::AgentId firm) { w_.employer[r] = firm; }
  void set_lineage(std::size_t r, std::uint32_t lineage) { w_.lineage[r] = lineage; }
  // ---- incomes earned this month (recorded in the ledger by the payer), spent in the budget
  void credit_farm(std::size_t r, double x) {
    w_.y_farm[r] += x;
    w_.income_in[r] += x;
  }
  void credit_wage(std::size_t r, double x) {
    w_.y_wage[r] += x;
    w_.income_in[r] += x;
  }
  void credit_trade(std::size_t r, double x) {
    w_.y_trade[r] += x;
    w_.income_in[r] += x;
  }
  void credit_profit(std::size_t r, double x) {
    w_.y_profit[r] += x;
    w_.income_in[r] += x;
  }
  /// Laid-off members go back to the farm when the household has land in a rural village.
  void lay_off(std::size_t r, std::uint32_t n);
  /// A seeker (an unemployed member first, else a farmer) takes a job at `firm`.
  void take_job(std::size_t r, sim::AgentId firm);
  /// The household moves to another town for a job: it gives up farming.
  void move_for_job(std::size_t r, std::uint32_t town);
  void set_seeking(std::size_t r, std::uint8_t n) { w_.seek[r] = n; }
  /// The household has land in a rural village it can farm.
  bool can_farm(std::size_t r) const;
  /// A trader gives up his stall: he farms if the household can, else he is unemployed.
  void stop_trading(std::size_t r);
  /// Seekers can be no more than the farmers and unemployed.
  void clamp_seeking(std::size_t r);
  /// A member (unemployed, else farmer, else wage worker) takes a stall; false when none can.
  bool start_trading(std::size_t r, std::uint32_t market);
  /// A member who can leave what he does (unemployed, else farmer, trader, wage worker).
  bool has_free_member(std::size_t r) const { return w_.unemp[r] + w_.farm[r] + w_.trade[r] + w_.wage[r] > 0; }
  /// That member runs the household's new firm.
  void start_firm(std::size_t r, sim::AgentId firm);
  /// A rural household whose workers all work off the farm moves into its town.
  void move_to_town(std::size_t r) { w_.village[r] = kNone; }
  /// A migrant household from another province arrives (row returned, occupations set).
  std::size_t add_migrant(std::uint32_t town, std::uint8_t adults, std::uint8_t kids, bool family, std::uint8_t lf,
                          double skill, double trait, double income_pc);
  void set_left_behind(std::size_t r, std::uint8_t kids) { w_.left_kids[r] = kids; }
  /// Villages next to a growing town become urban communities: `share[v]` is the chance that a
  /// household of village v, not yet converted, is converted this year. Villagers become urban
  /// citizens with a ground floor to let; the village's land contracts end (field notes 5).
  void urbanize(const std::vector<double>& share);
  /// Children left in the home province join the household.
  void bring_children(std::size_t r);
  /// A migrant household's hukou moves to the county where it lives (urban).
  void convert_to_urban_hukou(std::size_t r);
  /// A relocation programme moves the household into a town: it gives up farming.
  void relocate(std::size_t r, std::uint32_t town);
  /// A transfer received this month (allowance, relief): income, saved until spent.
  void receive(std::size_t r, double x) {
    w_.y_other[r] += x;
    w_.savings[r] += x;
  }
  /// Spending out of savings outside the monthly budget (treatment of an illness).
  void spend(std::size_t r, double x) { w_.savings[r] -= x; }
  /// Savings handed to (or, negative, taken from) the household outside its budget: members'
  /// deposits in co-operatives, loan repayments, equity in a new firm.
  void draw_savings(std::size_t r, double x) { w_.savings[r] -= x; }
  /// Total savings (net financial wealth) of all households, for the stock-flow check.
  double total_savings() const;

  void serialize(sim::Archive& ar);

 private:
  std::size_t new_household(std::uint32_t town, std::uint32_t village, std::uint8_t hukou);
  void add_labour_member(std::size_t r);
  /// A household with working-age members has a worker: if its last one left, another takes up work.
  void keep_a_worker(std::size_t r);
  void remove_worker(std::size_t r);
  struct BudgetTerms;
  struct Spending {
    double services = 0, food = 0, manufactures = 0, housing = 0, pensions = 0, interest = 0, rent_received = 0, remittances = 0;
  };
  void budget(std::size_t r, const BudgetTerms& bt, Spending& s);
  void kin_transfers(std::vector<double>& gift) const;
  struct Demo {
    double births = 0, deaths = 0, emigrants = 0, wealth_out = 0;
  };
  struct Estate {
    std::size_t row;
    double savings, land;
  };
  void settle_estates(const std::vector<Estate>& estates);
  static constexpr std::size_t kNoHeir = ~std::size_t{0};
  double land_lost_ = 0;  ///< land of households that died out without kin (mu, sample)
  std::vector<std::uint32_t> heir_of_;  ///< scratch of settle_estates, by lineage: kNone, or the heir's row once found
  struct SplitReq {
    std::size_t row;
    std::uint8_t adults;
  };
  bool leaves(std::size_t r, sim::Rng& rng, Demo& d);
  void births_deaths_ageing(std::size_t r, sim::Rng& rng, Demo& d, double birth_rate);  ///< birth_rate: this month's, per person
  void split(const SplitReq& s);

  World* wd_ = nullptr;
  HouseholdParams p_{};
  sim::Table* t_ = nullptr;
  struct Writable {
    sim::Col<std::uint32_t> town, village, home, lineage, employer, market, firm, registered;
    sim::Col<std::uint8_t> hukou, kids, adults, elderly, lf, farm, wage, trade, own, unemp, seek, rent, family, left_kids, community;
    sim::Col<std::uint8_t> ventured;
    sim::Col<std::uint16_t> unemp_months;
    sim::Col<std::int16_t> arrival;
    sim::Col<double> land, savings, skill, trait, income_in;
    sim::Col<double> y_farm, y_wage, y_trade, y_profit, y_rent, y_other, ypc_last;
    sim::Col<double> skill_pow, engel_log;
  } w_;
  double skill_beta_ = std::numeric_limits<double>::quiet_NaN();  ///< the beta skill_pow holds (none yet)
  /// Last year's income per person, and the log the Engel curves of the budget read.
  void set_ypc_last(std::size_t r, double ypc) {
    w_.ypc_last[r] = ypc;
    w_.engel_log[r] = std::log(std::max(1.0, ypc) / p_.rural_income0);
  }
  void set_skill(std::size_t r, double skill) {
    w_.skill[r] = skill;
    w_.skill_pow[r] = std::pow(skill, skill_beta_);
  }
  HouseholdColumns ro_;
  PopulationFlows flows_, month_;
  double rural_ventures_ = 0;  ///< local rural households that founded a firm or took a stall, since 1978 (sample)
  void first_venture(std::size_t r);
};

}  // namespace models::zhejiang
