#pragma once
// Wholesale markets ("Small Market & Big Distribution", presentation p.14): stalls, traders'
// commission on the goods from outside traded through the markets and on local firms' market
// sales, stall rents to the county, the admission of would-be traders to free stalls, and what a
// member can expect to earn at a stall. Buyers from outside choose among markets by their size
// and variety (traders present, with an elasticity above one), so a market that starts early can
// become a hub. County market companies build and expand markets when traders queue for stalls
// (policies/market_building).
#include <cstdint>
#include <string>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct Market {
  std::uint32_t town = 0, county = 0;
  double capacity = 0;          ///< real stalls
  double site = 0;              ///< most stalls the site can hold (real)
  std::uint32_t occupants = 0;  ///< sample traders (recounted)
  double firm_flow_month = 0;   ///< local firms' sales through the market this month
  double turnover_year = 0;     ///< this year (real yuan, sample units)
  double income = 0;            ///< a stall holder's net income this month (real yuan)
  double expected = 0;          ///< what one more stall holder would earn
};

struct MarketParams {
  double commission, trade_pool, rent_share, buyer_size_elasticity, hub_move_cost, reach_elasticity;
  std::string queue_measure;
  void bind(sim::ParamBinder& b);
};

class Markets {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);

  std::size_t count() const { return markets_.size(); }
  const Market& market(std::size_t m) const { return markets_[m]; }
  /// Indices of a county's markets, in the order they were built.
  std::vector<std::size_t> in_county(std::size_t county) const;
  /// The largest market of each county (kNone where there is none): where firms sell.
  std::vector<std::uint32_t> main_market_by_county() const;
  /// Would-be traders (real persons) of a county turned away this year: the most in one quarter, or
  /// the mean over the year's quarters (markets.queue_measure).
  double queue(std::size_t county) const { return queue_[county]; }
  double turnover_year() const { return turnover_year_; }
  /// Turnover of a county's markets last month (sample units): where wholesale trade buys services.
  double county_turnover(std::size_t county) const { return county_turnover_[county]; }
  double hub_move_cost() const { return p_.hub_move_cost; }
  /// Reach of a manufacturer selling through market m: the buyers per stall there (counted by its
  /// stalls built) to the power markets.reach_elasticity, with an output-weighted mean of 1 over the
  /// manufacturers selling through markets (tally phase, from last month's output). 1 for every market when
  /// the elasticity is 0 or no market-channel manufacturer produced last month (reach_ empty); a
  /// market built after the tally is not sold through before the next one.
  double reach(std::uint32_t m) const { return m < reach_.size() ? reach_[m] : 1.0; }

  // ---- what a member can expect to earn at a stall (real yuan per month)
  /// In his county's best market with a free stall (what holders earn there if all are full); 0 without a market.
  double trader_income_in(std::size_t county) const { return trader_income_county_[county]; }
  double trader_income_province() const { return trader_income_province_; }
  /// The market with a free stall where one more trader would earn most (the hub), and that income.
  std::uint32_t hub() const { return hub_; }
  double hub_income() const { return hub_income_; }

  // ---- phases
  void year_start();
  void count_occupants();  ///< tally phase
  void reset_firm_flows() {
    for (auto& m : markets_) m.firm_flow_month = 0;
  }
  void add_firm_flow(std::uint32_t market, double x) { markets_[market].firm_flow_month += x; }
  void trade();  ///< markets phase: turnover, commissions, rents, incomes
  /// Stall requests of this quarter, in household order: each gets a free stall in its county's best
  /// market, or at the hub when `hub` is set (moving there), or joins the county's queue.
  /// A stall holder gives up his stall (before this quarter's admissions).
  void leave(std::uint32_t market) {
    if (market != kNone && markets_[market].occupants > 0) --markets_[market].occupants;
  }
  void admit_traders(const std::vector<std::size_t>& rows, const std::vector<std::uint8_t>& hub);

  // ---- for the county market companies
  /// Yearly rent (real yuan) a stall of market k (k == count(): a new market in a county) would pay
  /// with `extra_real` more stall holders there: what the company weighs against the building cost.
  double stall_rent_after(std::size_t k, double extra_real) const;
  void build(std::uint32_t town, double stalls, double site);
  void expand(std::size_t market, double extra);

  void serialize(sim::Archive& ar);

 private:
  double attraction(double occupants) const;
  void update_reach();
  double net_share() const;  ///< share of commissions a holder keeps (after inputs and rent)
  double gross_after(std::size_t k, double extra) const;
  void expectations(double pool, double total_attraction);
  void pay_traders();
  /// The county's market (among `own`, its markets in index order) with a free stall and the best
  /// expected income; markets_.size() when none.
  std::size_t best_free(const std::vector<std::uint32_t>& own, double u) const;
  World* w_ = nullptr;
  MarketParams p_{};
  std::vector<Market> markets_;
  std::vector<double> queue_, trader_income_county_, county_turnover_;
  std::vector<double> reach_;  ///< by market (count_occupants); empty while every reach is 1
  bool queue_mean_ = false;    ///< markets.queue_measure is 'mean' (read once)
  double trader_income_province_ = 0, turnover_year_ = 0, hub_income_ = 0;
  double pool_ = 0, total_attraction_ = 0;  ///< this month's outside goods and the markets' total attraction
  std::uint32_t hub_ = kNone;
};

}  // namespace models::zhejiang
