#pragma once
// The goods market: every purchase and every sale of goods and services in the model passes
// through it, and it settles each month with the outside (net exports), so that the money buyers
// pay and producers receive always balances. Demand for the firms of each sector: for the trades,
// national and foreign demand (an input: China's real GDP and exports, 1978-2013) and Zhejiang's
// own households' purchases of manufactures; for construction, last month's purchases of investment
// goods; for services, last month's purchases of services (households', government's, firms').
// What share of that demand Zhejiang's firms win comes from their reach-weighted output (CES:
// revenue = D^(1/e) Qr^(1-1/e)): more firms, better productivity, markets and online channels.
// Demand levels are normalised at the end of the first month so that 1978 markets clear at price
// 1; afterwards demand moves with its drivers only.
#include <array>

#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/ledger.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct GoodsParams {
  double demand_elasticity, usd_inflation, export_share0, local_share_max;
  sim::Schedule china_gdp, china_exports;
  void bind(sim::ParamBinder& b);
};

class GoodsMarket {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);
  /// Sector revenues for reach-weighted output Qr (revenue R = D^(1/e) Qr^(1-1/e)).
  std::array<double, kSectors> clear(const std::array<double, kSectors>& Qr) const;
  /// End of the first month (after settling): demand levels at which 1978 markets clear.
  void normalize();
  /// National and foreign demand for Zhejiang's manufactures, 1978 = 1: China's real GDP index and
  /// China's exports deflated from current dollars, weighted by the 1978 shares of the two markets.
  double outside_demand_index() const;
  /// Share of that demand from abroad (grows with China's exports).
  double abroad_share() const;

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
  double consumer_manufactures_ = 0, consumer_manufactures_last_ = 0;  ///< households' purchases of manufactures
  double local_share_ = 0, local_base_ = 0;  ///< 1978: local households' share of the trades' market, their purchases
};

}  // namespace models::zhejiang
