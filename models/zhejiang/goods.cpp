#include "models/zhejiang/goods.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/context.hpp"

namespace models::zhejiang {

void GoodsParams::bind(sim::ParamBinder& b) {
  b.real(demand_elasticity, "firms.demand_elasticity", 2.0, "elasticity", 1.01, 20, "price elasticity of demand for a sector's goods", "assumption");
  b.real(demand_growth, "firms.demand_growth", 0.072, "per year", 0, 0.3,
         "trend growth of outside (domestic and export) demand for Zhejiang's manufactures (index 1978 = 1)",
         "calibrated: GDP per capita 2013 (targets); a constant rate, no fitted path");
  b.real(wto_year, "firms.wto_year", 2002, "year", 1978, 2100, "first year of extra export growth after WTO accession", "issue 3 (export growth after 2001)");
  b.real(wto_boost, "firms.wto_boost", 0.04, "per year", 0, 0.3, "extra demand growth after WTO accession", "issue 3 named shock; value: assumption (export boom 2002-2007)");
  b.real(wto_years, "firms.wto_years", 6, "years", 0, 50, "years the WTO boost lasts", "assumption (2002-2007 until the crisis)");
  b.real(crisis_year, "firms.crisis_year", 2009, "year", 1978, 2100, "year of the global-crisis demand drop", "issue 3 (2008 crisis; Zhejiang exports fell in 2009)");
  b.real(crisis_drop, "firms.crisis_drop", 0.10, "share", 0, 1, "permanent level drop of outside demand phased in over the crisis year", "assumption (exports fell ~10-15% in 2009)");
  b.real(abroad_share, "firms.abroad_share", 0.25, "share", 0, 1,
         "share of Zhejiang's net sales of manufactures outside the province that go abroad (the rest to other provinces)",
         "assumption (Zhejiang's exports were about a quarter of its industrial output around 2013)");
}

double GoodsParams::demand_index(double t) const {
  const double y = t - 1978.0;
  double lx = demand_growth * std::max(0.0, y);
  lx += wto_boost * std::clamp(t - wto_year, 0.0, wto_years);
  lx += std::log(1.0 - crisis_drop) * std::clamp(t - crisis_year, 0.0, 1.0);
  return std::exp(lx);
}

void GoodsMarket::declare(sim::ParamRegistry& reg) { sim::declare_bound<GoodsParams>(reg, "zhejiang"); }

void GoodsMarket::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<GoodsParams>(p, "zhejiang");
}

double GoodsMarket::outside_demand_index() const { return p_.demand_index(w_->ctx->time()); }

void GoodsMarket::buy(IoSector s, Flow kind, Sector buyer, double x) {
  bought_[s] += x;
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
    else if (s < kTrades) D[k] = demand_norm_[k] * idx;
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
      led.pay(Flow::NetExports, Sector::Markets, Sector::Abroad, p_.abroad_share * balance);
      led.pay(Flow::NetExports, Sector::Markets, Sector::RestOfChina, (1.0 - p_.abroad_share) * balance);
    } else {
      led.pay(Flow::NetExports, Sector::Markets, Sector::RestOfChina, balance);
    }
  }
  driver_ = bought_;
  bought_ = {};
  sold_ = {};
}

void GoodsMarket::normalize() {
  if (normalized_) return;
  const Firms& firms = *w_->firms;
  std::array<double, kSectors> Q{};
  for (std::size_t f = 0; f < firms.size(); ++f) Q[firms.col().sector[f]] += firms.col().revenue[f];
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
}

}  // namespace models::zhejiang
