#pragma once
// Wholesale markets ("Small Market & Big Distribution", presentation p.14): stalls, traders'
// commission on the goods from outside traded through the markets and on local firms' market
// sales, stall rents to the county, the admission of would-be traders to free stalls, and what a
// member can expect to earn at a stall. County governments build and expand markets
// (policies/market_building).
#include <cstdint>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct Market {
  std::uint32_t town = 0, county = 0;
  double capacity = 0;  ///< real stalls
  std::int32_t expansions = 0;
  std::uint32_t occupants = 0;  ///< agent traders (recounted)
  double firm_flow_month = 0;   ///< local firms' sales through the market this month
};

struct MarketParams {
  double commission, trade_pool, stall_rent;
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
  /// First market built in each county (kNone where there is none).
  std::vector<std::uint32_t> first_market_by_county() const;
  /// Would-be traders (real persons) of a county turned away this year: the most in one quarter.
  double queue(std::size_t county) const { return queue_[county]; }
  double turnover_year() const { return turnover_year_; }

  // ---- traders' income
  /// What one more trader could earn in a county (0 without a market), and the province average.
  double trader_income_in(std::size_t county) const { return trader_income_county_[county]; }
  double trader_income_province() const { return trader_income_province_; }

  // ---- phases
  void year_start();
  void count_occupants();  ///< tally phase
  void reset_firm_flows() {
    for (auto& m : markets_) m.firm_flow_month = 0;
  }
  void add_firm_flow(std::uint32_t market, double x) { markets_[market].firm_flow_month += x; }
  void trade();  ///< markets phase: turnover, commissions, rents, expected stall incomes
  /// Stall requests of this quarter, in household order: each gets a free stall of its county's
  /// markets or joins the county's queue.
  void admit_traders(const std::vector<std::size_t>& rows);

  // ---- for the county governments
  void build(std::uint32_t town, double stalls);
  void expand(std::size_t market, double extra);

  void serialize(sim::Archive& ar);

 private:
  void expected_incomes(const std::vector<double>& flow, const std::vector<double>& occ, const std::vector<double>& cap,
                        const std::vector<double>& nmk, double base, double base_new);
  void pay_traders(const std::vector<double>& flow, const std::vector<double>& occ, double base);
  World* w_ = nullptr;
  MarketParams p_{};
  std::vector<Market> markets_;
  std::vector<double> queue_, trader_income_county_;
  double trader_income_province_ = 0, turnover_year_ = 0;
};

}  // namespace models::zhejiang
