#pragma once
// County governments: revenue from firms' taxes, collective units' profits, the farm levy and stall
// rents; old-age pensions paid first (presentation p.22-23); of the rest a share goes to public
// services (schools, clinics: demand for services) and the remainder to each county's development
// fund, from which policy modules build markets, subsidise entrants and pay transfers, and a
// steady share goes to infrastructure (construction demand).
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct GovernmentParams {
  double public_service_share, pension_urban, pension_rural, infrastructure_share;
  int pension_rural_year;
  void bind(sim::ParamBinder& b);
};

class Government {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);

  void collect(std::size_t county, double x) { rev_month_[county] += x; }
  /// Old-age pensions households received this month (paid out of this month's revenue).
  void set_pensions_due(double x) { pensions_ = x; }
  /// Monthly employee pension of an urban-hukou elderly person, as a share of the going wage x skill.
  double urban_pension_share() const { return p_.pension_urban; }
  /// Monthly resident pension of a rural-hukou elderly person this year (real yuan; 0 before it starts).
  double rural_pension() const;

  /// Development fund of a county (real yuan, real scale) and what it held at the start of the year.
  double fund(std::size_t county) const { return fund_[county]; }
  double fund_at_year_start(std::size_t county) const { return fund_start_[county]; }
  /// Spends up to `amount` (real scale) on construction; returns what was spent.
  double spend(std::size_t county, double amount);
  /// Gives back a construction subsidy `x` (sample units) that could not be used.
  void refund(std::size_t county, double x);
  /// Pays `amount` (real scale) out of the fund as a transfer (not construction).
  void withdraw(std::size_t county, double amount) { fund_[county] -= amount; }
  double fiscal_revenue_year() const { return fiscal_; }

  void year_start();
  void month();  ///< government phase

  void serialize(sim::Archive& ar);

 private:
  World* w_ = nullptr;
  GovernmentParams p_{};
  std::vector<double> fund_, rev_month_, fund_start_;
  double pensions_ = 0, fiscal_ = 0;
};

}  // namespace models::zhejiang
