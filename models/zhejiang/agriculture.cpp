#include "models/zhejiang/agriculture.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/ledger.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void AgricultureParams::bind(sim::ParamBinder& b) {
  using sim::Schedule;
  b.real(reform_gain, "agriculture.reform_gain", 0.2, "share", 0, 2,
         "productivity gain of the household responsibility system, phased in over its rollout",
         "priors A5 (Lin 1992: decollectivisation explains about half of the 1978-84 output growth of ~40 %)");
  b.integer(reform_start, "agriculture.reform_start", 1979, "year", 1978, 2100, "first year of the household responsibility system's rollout",
            "dated policy (1979 pilots)");
  b.integer(reform_end, "agriculture.reform_end", 1984, "year", 1978, 2100, "year the rollout was complete", "dated policy (priors A5: 1978-84)");
  b.real(tfp_growth, "agriculture.tfp_growth", 0.0474, "per year", 0, 0.2, "agricultural technical progress after the reform",
         "priors A5 (3-5 %/yr); estimated: scenarios/calibration/zhejiang_baseline.yaml (CRS2, docs/calibration.md section 7)");
  b.removed("agriculture.tfp", "farm productivity now follows the reform (agriculture.reform_*) and agriculture.tfp_growth, not a fitted path");
  b.real(land_elasticity, "agriculture.land_elasticity", 0.5, "elasticity", 0, 1, "output elasticity of land", "priors A4 note (0.3-0.6)");
  b.real(labour_elasticity, "agriculture.labour_elasticity", 0.15, "elasticity", 0, 1, "output elasticity of farm labour", "priors A4 (0.05-0.30)");
  b.schedule(levy, "agriculture.levy", Schedule{Schedule::Interp::Linear, {{1978, 0.35}, {1985, 0.08}, {2004, 0.04}, {2005, 0.0}}},
             "share of farm value added", 0, 1,
             "state and collective levy on farm value added: under the communes the teams' accumulation and welfare funds and quota sales below market prices, then the agricultural tax and fees, abolished in 2005",
             "presentation p.16: 'state first, collectives second and household third'; dates: household responsibility system 1979-84, tax abolished 2005; levels: assumption (1978 level set with the 1978 rural income, targets)");
  b.real(collective_share, "agriculture.levy_collective_share", 0.5, "share of the levy", 0, 1,
         "part of the farm levy kept by the village collectives (spent on the village's buildings and works); the rest is a tax",
         "presentation p.16 ('state first, collectives second and household third'); share: assumption");
  std::vector<std::pair<double, double>> farm_points = {
      {1978, 100.0}, {1979, 122.1}, {1980, 130.8}, {1981, 138.5}, {1982, 141.5}, {1983, 147.7}, {1984, 153.6}, {1985, 166.8},
      {1986, 177.5}, {1987, 198.8}, {1988, 244.5}, {1989, 281.2}, {1990, 273.9}, {1991, 268.4}, {1992, 277.5}, {1993, 314.7},
      {1994, 440.3}, {1995, 527.9}, {1996, 550.1}, {1997, 525.3}, {1998, 483.3}, {1999, 424.3}, {2000, 409.0}, {2001, 421.7},
      {2002, 420.4}, {2003, 438.9}, {2004, 496.4}, {2005, 503.3}, {2006, 509.4}, {2007, 603.6}, {2008, 688.7}, {2009, 672.2},
      {2010, 745.5}, {2011, 868.5}, {2012, 892.0}, {2013, 920.5}};
  b.schedule(farm_prices, "agriculture.farm_price_index", Schedule{Schedule::Interp::Step, farm_points}, "1978=100", 0, 1e6,
             "national price index of farm products: farm output is valued at it relative to the CPI (prices.cpi), so the state's procurement price rises "
             "(1979, 1985, 1994) and falls (1997-2000) reach farm incomes and GDP",
             "scenarios/data/china_farm_prices_1978_2013.csv (national purchasing, from 2001 producer, price index of farm products; recalled, not a target)");
  b.real(gdp_share0, "init.gdp_share_primary", 38.1, "percent", 0, 100, "primary share of GDP 1978 (sets the 1978 farm productivity)", "targets 1978");
}

void Agriculture::declare(sim::ParamRegistry& reg) { sim::declare_bound<AgricultureParams>(reg, "zhejiang"); }

void Agriculture::validate(const sim::Params& p, std::vector<sim::ParamProblem>& out) {
  const auto q = sim::read_bound<AgricultureParams>(p, "zhejiang");
  if (q.reform_end < q.reform_start)
    out.push_back({"zhejiang.agriculture.reform_end", "expected a year not before agriculture.reform_start (" + std::to_string(q.reform_start) + ")"});
}

void Agriculture::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<AgricultureParams>(p, "zhejiang");
}

void Agriculture::calibrate_1978() {
  const Places& pl = *w_->places;
  output_.assign(pl.villages(), 0.0);
  const double va = w_->firms->initial_gdp() * p_.gdp_share0 / 100.0 / w_->ctx->scale();
  double base = 0;
  size_power_caches();
  for (std::size_t v = 0; v < pl.villages(); ++v) base += village_output(v, 1.0);
  scale_ = base > 0 ? va / (1.0 - w_->accounts->input_share(IoAgri)) / base : 0.0;
}

// A village's output: tfp x terrain/village productivity x land^a x farmers^b (0 without land or
// farmers). A village's land and farmers change rarely: each power is kept with the value it was
// computed for and recomputed when that changes (only village v's slots are touched, so villages
// can be computed in parallel).
double Agriculture::village_output(std::size_t v, double tfp) {
  const Places& pl = *w_->places;
  const double land = pl.village_land(v), farmers = pl.village_farmers(v);
  if (!(farmers > 0 && land > 0)) return 0.0;
  if (land != land_key_[v]) {
    land_key_[v] = land;
    land_pow_[v] = std::pow(land, p_.land_elasticity);
  }
  if (farmers != farmers_key_[v]) {
    farmers_key_[v] = farmers;
    farmers_pow_[v] = std::pow(farmers, p_.labour_elasticity);
  }
  return tfp * pl.farm_factor(v) * land_pow_[v] * farmers_pow_[v];
}

void Agriculture::size_power_caches() {
  const std::size_t nv = w_->places->villages();
  if (land_key_.size() == nv) return;
  land_key_.assign(nv, -1.0);  // no village has negative land or farmers: every key starts invalid
  land_pow_.assign(nv, 0.0);
  farmers_key_.assign(nv, -1.0);
  farmers_pow_.assign(nv, 0.0);
}

double Agriculture::relative_price() const {
  const int y = w_->ctx->year();
  return p_.farm_prices.at(y) / p_.farm_prices.at(1978) / (w_->ctx->cpi(y) / w_->ctx->cpi(1978));
}

double Agriculture::tfp(double t) const {
  const double span = std::max(1.0, double(p_.reform_end - p_.reform_start));
  const double rollout = std::clamp((t - p_.reform_start) / span, 0.0, 1.0);
  return (1.0 + p_.reform_gain * rollout) * std::exp(p_.tfp_growth * std::max(0.0, t - p_.reform_end));
}

void Agriculture::produce() {
  const Places& pl = *w_->places;
  const double t = w_->ctx->time();
  const double atfp = scale_ * tfp(t) * relative_price() / kMonths;  // output valued at this year's relative farm price
  size_power_caches();
  sim::parallel_rows(pl.villages(), [&](std::size_t v) { output_[v] = village_output(v, atfp); }, 256);
  double agri = 0;
  for (std::size_t v = 0; v < pl.villages(); ++v) agri += output_[v];  // summed in village order
  w_->accounts->add_gross(IoAgri, agri);
  GoodsMarket& goods = *w_->goods;
  goods.sell(IoAgri, Sector::Households, agri);
  goods.buy_inputs(IoAgri, Sector::Households, agri);
  const double levy = p_.levy.at(t);
  const double inputs = w_->accounts->input_share(IoAgri);
  double collective = 0;
  for (std::size_t v = 0; v < pl.villages(); ++v) {
    const double x = levy * output_[v] * (1.0 - inputs);
    w_->government->collect(pl.village_county(v), (1.0 - p_.collective_share) * x, Tax::Levy, Sector::Households);
    collective += p_.collective_share * x;
  }
  w_->ledger->pay(Flow::ProductionTaxes, Sector::Households, Sector::Collectives, collective);
  goods.buy(IoConstr, Flow::Investment, Sector::Collectives, collective);  // the collectives build and repair
  net_ = (1.0 - inputs) * (1.0 - levy);
  pay_farm_incomes();
}

void Agriculture::pay_farm_incomes() {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  sim::parallel_rows(hh.size(), [&](std::size_t r) {
    const double x = farm_income(h.village[r], h.farm[r], h.home[r], h.land[r]);
    if (x != 0) hh.credit_farm(r, x);
  });
}

double Agriculture::farm_income(std::uint32_t v, std::uint8_t farmers, std::uint32_t home, double land) const {
  const Places& pl = *w_->places;
  const double ab = p_.land_elasticity + p_.labour_elasticity;
  const double land_part = ab > 0 ? p_.land_elasticity / ab : 0.0, lab_part = 1.0 - land_part;
  double farm = 0;
  if (v != kNone && farmers > 0 && pl.village_farmers(v) > 0) farm += lab_part * output_[v] * net_ * farmers / pl.village_farmers(v);
  if (home != kNone && land > 0 && pl.village_land(home) > 0) farm += land_part * output_[home] * net_ * land / pl.village_land(home);
  return farm;
}

double Agriculture::marginal_product(std::uint32_t v) const {
  const Places& pl = *w_->places;
  if (v == kNone || pl.village_farmers(v) <= 0) return 0.0;
  return p_.labour_elasticity * output_[v] * net_ / pl.village_farmers(v);
}

double Agriculture::labour_income_per_farmer(std::uint32_t v) const {
  const Places& pl = *w_->places;
  if (v == kNone || pl.village_farmers(v) <= 0) return 0.0;
  return (1.0 - p_.land_elasticity / (p_.land_elasticity + p_.labour_elasticity)) * output_[v] * net_ / pl.village_farmers(v);
}

void Agriculture::serialize(sim::Archive& ar) {
  ar.check("zhejiang.agriculture");
  ar.io(scale_);
  ar.io(net_);
  ar.io(output_);
}

double Agriculture::output_per_land(std::uint32_t v) const {
  const double land = w_->places->village_land(v);
  return land > 0 && v < output_.size() ? output_[v] / land : 0.0;
}

}  // namespace models::zhejiang
