#pragma once
// The goods market: demand for each sector and the revenue firms get for their output. Outside
// (domestic and export) demand for the trades, investment for construction, households', public
// and business spending for services. Demand levels are normalised at the end of the first month
// so that 1978 markets clear at price 1; afterwards demand moves with its drivers only.
#include <array>

#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct GoodsParams {
  double demand_elasticity, demand_growth, wto_year, wto_boost, wto_years, crisis_year, crisis_drop;
  void bind(sim::ParamBinder& b);
  /// Index of outside demand for the trades (1978 = 1).
  double demand_index(double t) const;
};

class GoodsMarket {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);
  /// Sector revenues for reach-weighted output Qr (revenue R = D^(1/e) Qr^(1-1/e)). Starts the
  /// month's investment account (what was invested last month is this month's demand for
  /// construction).
  std::array<double, kSectors> clear(const std::array<double, kSectors>& Qr);
  /// End of the first month: demand levels at which 1978 markets clear.
  void normalize();
  double outside_demand_index() const;

  void add_investment(double x) { investment_ += x; }
  void set_household_services(double x) { household_services_ = x; }
  void add_household_services(double x) { household_services_ += x; }
  void set_public_services(double x) { public_services_ = x; }
  void set_business_services(double x) { business_services_ = x; }
  void serialize(sim::Archive& ar);

 private:
  World* w_ = nullptr;
  GoodsParams p_{};
  std::array<double, kSectors> demand_norm_{};
  bool normalized_ = false;
  double investment_ = 0, household_services_ = 0, public_services_ = 0, business_services_ = 0;
};

}  // namespace models::zhejiang
