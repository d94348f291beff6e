#pragma once
// The goods market: every purchase and every sale of goods and services in the model passes
// through it, and it settles each month with the outside (net exports), so that the money buyers
// pay and producers receive always balances. Demand for the firms of each sector: outside
// (domestic and export) demand for the trades, last month's purchases of investment goods for
// construction, and last month's purchases of services (households', government's, firms') for
// services. Demand levels are normalised at the end of the first month so that 1978 markets clear
// at price 1; afterwards demand moves with its drivers only.
#include <array>

#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/ledger.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct GoodsParams {
  double demand_elasticity, demand_growth, wto_year, wto_boost, wto_years, crisis_year, crisis_drop, abroad_share;
  void bind(sim::ParamBinder& b);
  /// Index of outside demand for the trades (1978 = 1).
  double demand_index(double t) const;
};

class GoodsMarket {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);
  /// Sector revenues for reach-weighted output Qr (revenue R = D^(1/e) Qr^(1-1/e)).
  std::array<double, kSectors> clear(const std::array<double, kSectors>& Qr) const;
  /// End of the first month (after settling): demand levels at which 1978 markets clear.
  void normalize();
  double outside_demand_index() const;

  /// A purchase from the market of IO sector `s` (consumption, intermediate or investment).
  void buy(IoSector s, Flow kind, Sector buyer, double x);
  /// Purchases of inputs for gross output `x` of IO sector `user` (the input-output column).
  void buy_inputs(IoSector user, Sector buyer, double x);
  /// A sale by local producers in the market of IO sector `s`.
  void sell(IoSector s, Sector producer, double x);
  /// End of the month: each market's balance is settled with the outside (net exports), and this
  /// month's purchases become next month's demand drivers.
  void settle();

  void serialize(sim::Archive& ar);

 private:
  World* w_ = nullptr;
  GoodsParams p_{};
  std::array<double, kSectors> demand_norm_{};
  bool normalized_ = false;
  std::array<double, kIoSectors> bought_{}, sold_{};   ///< this month
  std::array<double, kIoSectors> driver_{};            ///< last month's purchases
};

}  // namespace models::zhejiang
