#include "models/zhejiang/goods.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/context.hpp"

namespace models::zhejiang {

void GoodsParams::bind(sim::ParamBinder& b) {
  using sim::Schedule;
  b.real(demand_elasticity, "firms.demand_elasticity", 2.0, "elasticity", 1.01, 20, "price elasticity of demand for a sector's goods", "assumption");
  b.schedule(china_gdp, "outside.china_gdp_index", Schedule{Schedule::Interp::Linear, {{1978.5, 100.0}, {1979.5, 107.6}, {1980.5, 116.1}, {1981.5, 122.0}, {1982.5, 133.2}, {1983.5, 147.6}, {1984.5, 170.1}, {1985.5, 193.0}, {1986.5, 210.2}, {1987.5, 234.6}, {1988.5, 261.1}, {1989.5, 272.1}, {1990.5, 282.7}, {1991.5, 309.0}, {1992.5, 353.2}, {1993.5, 402.3}, {1994.5, 455.0}, {1995.5, 505.0}, {1996.5, 555.0}, {1997.5, 606.1}, {1998.5, 653.3}, {1999.5, 703.0}, {2000.5, 762.0}, {2001.5, 825.3}, {2002.5, 900.4}, {2003.5, 990.4}, {2004.5, 1090.5}, {2005.5, 1214.8}, {2006.5, 1369.0}, {2007.5, 1563.4}, {2008.5, 1715.1}, {2009.5, 1876.3}, {2010.5, 2075.2}, {2011.5, 2272.4}, {2012.5, 2451.9}, {2013.5, 2643.1}}}, "1978 = 100", 0, 1e9,
             "China's real GDP index (annual values at mid-year, interpolated): national demand",
             "scenarios/data/china_macro_1978_2013.csv (National Bureau of Statistics, China Statistical Yearbook)");
  b.schedule(china_exports, "outside.china_exports_usd", Schedule{Schedule::Interp::Linear, {{1978.5, 9.75}, {1979.5, 13.66}, {1980.5, 18.12}, {1981.5, 22.01}, {1982.5, 22.32}, {1983.5, 22.23}, {1984.5, 26.14}, {1985.5, 27.35}, {1986.5, 30.94}, {1987.5, 39.44}, {1988.5, 47.52}, {1989.5, 52.54}, {1990.5, 62.09}, {1991.5, 71.84}, {1992.5, 84.94}, {1993.5, 91.74}, {1994.5, 121.01}, {1995.5, 148.78}, {1996.5, 151.05}, {1997.5, 182.79}, {1998.5, 183.71}, {1999.5, 194.93}, {2000.5, 249.2}, {2001.5, 266.1}, {2002.5, 325.6}, {2003.5, 438.23}, {2004.5, 593.33}, {2005.5, 761.95}, {2006.5, 968.98}, {2007.5, 1220.06}, {2008.5, 1430.69}, {2009.5, 1201.61}, {2010.5, 1577.75}, {2011.5, 1898.38}, {2012.5, 2048.71}, {2013.5, 2209.0}}}, "billion current US dollars", 0, 1e9,
             "China's merchandise exports (annual values at mid-year, interpolated): foreign demand",
             "scenarios/data/china_macro_1978_2013.csv (customs statistics, China Statistical Yearbook)");
  b.real(usd_inflation, "outside.usd_inflation", 0.037, "per year", 0, 0.2, "deflator of exports in current dollars (dollar prices' growth)",
         "US consumer prices 1978-2013, about 3.7 %/yr on average (memory)");
  b.real(export_share0, "outside.export_share_1978", 0.1, "share", 0, 1,
         "share of Zhejiang's 1978 sales of manufactures outside the province that went abroad", "assumption");
  b.real(local_share_max, "outside.local_share_max", 0.8, "share", 0, 1,
         "most of the trades' 1978 market that Zhejiang's own households' purchases can make up", "assumption (the trades sold mostly outside)");
  for (const char* k : {"firms.demand_growth", "firms.wto_year", "firms.wto_boost", "firms.wto_years", "firms.crisis_year", "firms.crisis_drop"})
    b.removed(k, "outside demand now follows China's real GDP and exports (zhejiang.outside.*), not a fitted growth path");
  b.removed("firms.abroad_share", "the share of outside sales going abroad follows China's exports (zhejiang.outside.export_share_1978)");
}

void GoodsMarket::declare(sim::ParamRegistry& reg) { sim::declare_bound<GoodsParams>(reg, "zhejiang"); }

void GoodsMarket::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<GoodsParams>(p, "zhejiang");
}

double GoodsMarket::outside_demand_index() const {
  const double t = w_->ctx->time(), t0 = w_->ctx->start_year() + 0.5;
  const double national = p_.china_gdp.at(t) / p_.china_gdp.at(t0);
  const double foreign = p_.china_exports.at(t) / p_.china_exports.at(t0) * std::exp(-p_.usd_inflation * (t - t0));
  return (1.0 - p_.export_share0) * national + p_.export_share0 * foreign;
}

double GoodsMarket::abroad_share() const {
  const double t = w_->ctx->time(), t0 = w_->ctx->start_year() + 0.5;
  const double foreign = p_.export_share0 * p_.china_exports.at(t) / p_.china_exports.at(t0) * std::exp(-p_.usd_inflation * (t - t0));
  return foreign / outside_demand_index();
}

void GoodsMarket::buy(IoSector s, Flow kind, Sector buyer, double x) {
  bought_[s] += x;
  if (s == IoManuf && kind == Flow::Consumption && buyer == Sector::Households) consumer_manufactures_ += x;
  w_->ledger->pay(kind, buyer, Sector::Markets, x);
}

void GoodsMarket::buy_inputs(IoSector user, Sector buyer, double x) {
  const Accounts& acc = *w_->accounts;
  for (int i = 0; i < kIoSectors; ++i) {
    const auto from = static_cast<IoSector>(i);
    const double a = acc.coefficient(from, user);
    if (a > 0) buy(from, Flow::Intermediate, buyer, a * x);
  }
}

void GoodsMarket::sell(IoSector s, Sector producer, double x) {
  sold_[s] += x;
  w_->ledger->pay(Flow::Sales, Sector::Markets, producer, x);
}

std::array<double, kSectors> GoodsMarket::clear(const std::array<double, kSectors>& Qr) const {
  const double idx = outside_demand_index();
  std::array<double, kSectors> D{}, R{};
  for (int s = 0; s < kSectors; ++s) {
    const auto k = static_cast<std::size_t>(s);
    if (!normalized_) D[k] = Qr[k];
    else if (s < kTrades)
      D[k] = demand_norm_[k] * ((1.0 - local_share_) * idx + (local_base_ > 0 ? local_share_ * consumer_manufactures_last_ / local_base_ : 0.0));
    else if (s == kConstruction) D[k] = demand_norm_[k] * driver_[IoConstr];
    else D[k] = demand_norm_[k] * driver_[IoServ];
  }
  const double ie = 1.0 / p_.demand_elasticity;
  for (std::size_t k = 0; k < kSectors; ++k) R[k] = Qr[k] > 0 && D[k] > 0 ? std::pow(D[k], ie) * std::pow(Qr[k], 1.0 - ie) : 0.0;
  return R;
}

void GoodsMarket::settle() {
  Ledger& led = *w_->ledger;
  for (int i = 0; i < kIoSectors; ++i) {
    const double balance = bought_[static_cast<std::size_t>(i)] - sold_[static_cast<std::size_t>(i)];  // > 0: net imports
    if (i == IoManuf) {
      const double a = abroad_share();
      led.pay(Flow::NetExports, Sector::Markets, Sector::Abroad, a * balance);
      led.pay(Flow::NetExports, Sector::Markets, Sector::RestOfChina, (1.0 - a) * balance);
    } else {
      led.pay(Flow::NetExports, Sector::Markets, Sector::RestOfChina, balance);
    }
  }
  driver_ = bought_;
  consumer_manufactures_last_ = consumer_manufactures_;
  consumer_manufactures_ = 0;
  bought_ = {};
  sold_ = {};
}

void GoodsMarket::normalize() {
  if (normalized_) return;
  const Firms& firms = *w_->firms;
  std::array<double, kSectors> Q{};
  for (std::size_t f = 0; f < firms.size(); ++f) Q[firms.col().sector[f]] += firms.col().revenue[f];
  // 1978: the trades' market is Zhejiang's households' purchases of manufactures (at most
  // local_share_max of it) and outside demand for the rest
  double trades = 0;
  for (int s = 0; s < kTrades; ++s) trades += Q[static_cast<std::size_t>(s)];
  local_base_ = consumer_manufactures_last_;
  local_share_ = trades > 0 ? std::min(p_.local_share_max, local_base_ / trades) : 0.0;
  const double idx = outside_demand_index();
  for (int s = 0; s < kSectors; ++s) {
    const auto k = static_cast<std::size_t>(s);
    const double driver = s < kTrades ? idx : s == kConstruction ? driver_[IoConstr] : driver_[IoServ];
    demand_norm_[k] = driver > 0 ? Q[k] / driver : 0.0;
  }
  normalized_ = true;
}

void GoodsMarket::serialize(sim::Archive& ar) {
  ar.check("zhejiang.goods");
  ar.io(demand_norm_);
  ar.io(normalized_);
  ar.io(bought_);
  ar.io(sold_);
  ar.io(driver_);
  ar.io(consumer_manufactures_);
  ar.io(consumer_manufactures_last_);
  ar.io(local_share_);
  ar.io(local_base_);
}

}  // namespace models::zhejiang
