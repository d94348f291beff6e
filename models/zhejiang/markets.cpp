#include "models/zhejiang/markets.hpp"

#include <algorithm>

#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void MarketParams::bind(sim::ParamBinder& b) {
  b.real(commission, "markets.commission", 0.05, "share", 0, 1, "traders' margin on market turnover", "priors K4 (3-5%)");
  b.real(trade_pool, "markets.outside_goods", 2e9, "1978 yuan per year", 0, 1e15,
         "goods from elsewhere traded through Zhejiang's markets at 1978 demand (grows with the demand index)",
         "field notes 3 (trading 'dependent on external supply'); calibrated: commodity market turnover 2013");
  b.real(stall_rent, "markets.stall_rent", 60, "1978 yuan per stall per year", 0, 1e9, "rent paid to the market (county revenue)",
         "priors K2 (memory; free for calibration)");
}

void Markets::declare(sim::ParamRegistry& reg) { sim::declare_bound<MarketParams>(reg, "zhejiang"); }

void Markets::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<MarketParams>(p, "zhejiang");
  queue_.assign(w.places->counties(), 0.0);
  trader_income_county_.assign(w.places->counties(), 0.0);
}

std::vector<std::size_t> Markets::in_county(std::size_t county) const {
  std::vector<std::size_t> out;
  for (std::size_t m = 0; m < markets_.size(); ++m)
    if (markets_[m].county == county) out.push_back(m);
  return out;
}

std::vector<std::uint32_t> Markets::first_market_by_county() const {
  std::vector<std::uint32_t> first(w_->places->counties(), kNone);
  for (std::size_t m = 0; m < markets_.size(); ++m)
    if (first[markets_[m].county] == kNone) first[markets_[m].county] = static_cast<std::uint32_t>(m);
  return first;
}

void Markets::year_start() {
  turnover_year_ = 0;
  std::fill(queue_.begin(), queue_.end(), 0.0);
}

void Markets::count_occupants() {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  for (auto& m : markets_) m.occupants = 0;
  for (std::size_t r = 0; r < hh.size(); ++r)
    if (h.market[r] != kNone) markets_[h.market[r]].occupants += h.trade[r];
}

// Turnover: goods from outside (a province-wide pool growing with outside demand, shared by the
// occupied stalls) plus local firms' market sales (in a county with traders); traders keep a
// commission (sold as trade services), buy inputs and pay stall rent to the county.
void Markets::trade() {
  const Context& ctx = *w_->ctx;
  const double scale = ctx.scale();
  const double pool = p_.trade_pool * w_->goods->outside_demand_index() / kMonths / scale;  // sample units per month
  double all_occ = 0;
  for (const auto& m : markets_) all_occ += m.occupants;
  const double base = all_occ > 0 ? pool / all_occ : 0.0;  // per occupied stall-month
  const double base_new = pool / (all_occ + 1.0);
  const std::size_t C = w_->places->counties();
  std::vector<double> flow(C, 0), occ(C, 0), cap(C, 0), nmk(C, 0);
  for (auto& m : markets_) {
    flow[m.county] += m.firm_flow_month;
    occ[m.county] += m.occupants;
    cap[m.county] += m.capacity / scale;
    nmk[m.county] += 1;
  }
  double turnover = 0, rents = 0;
  for (std::size_t c = 0; c < C; ++c) {
    if (occ[c] <= 0) continue;
    turnover += occ[c] * base + flow[c];
    const double rent = p_.stall_rent / kMonths * occ[c];
    w_->government->collect(c, rent, Tax::StallRent, Sector::Households);
    rents += rent;
  }
  const double commissions = p_.commission * turnover;
  w_->accounts->add_gross(IoTrade, commissions);
  w_->goods->sell(IoTrade, Sector::Households, commissions);
  w_->goods->buy_inputs(IoTrade, Sector::Households, commissions);
  turnover_year_ += turnover;
  expected_incomes(flow, occ, cap, nmk, base, base_new);
  pay_traders(flow, occ, base);
}

// What one more stall holder would earn in each county (what the holders earn now where markets
// are full), and the province average of it.
void Markets::expected_incomes(const std::vector<double>& flow, const std::vector<double>& occ, const std::vector<double>& cap,
                               const std::vector<double>& nmk, double base, double base_new) {
  const double keep = 1.0 - w_->accounts->input_share(IoTrade);
  const double rent = p_.stall_rent / kMonths;
  double inc_sum = 0, inc_n = 0;
  for (std::size_t c = 0; c < flow.size(); ++c) {
    if (nmk[c] == 0) {
      trader_income_county_[c] = 0;
      continue;
    }
    if (occ[c] + 1.0 > cap[c] + 1e-9) {  // full: what a stall holder earns now
      const double now = keep * p_.commission * (base + flow[c] / std::max(1.0, occ[c])) - rent;
      trader_income_county_[c] = std::max(1e-9, now);
      inc_sum += now * occ[c];
      inc_n += occ[c];
      continue;
    }
    const double inc = keep * p_.commission * (base_new + flow[c] / (occ[c] + 1.0)) - rent;
    trader_income_county_[c] = std::max(1e-9, inc);
    inc_sum += inc * (occ[c] + 1.0);
    inc_n += occ[c] + 1.0;
  }
  trader_income_province_ = inc_n > 0 ? inc_sum / inc_n : 0.0;
}

// Each stall holder earns the commission on its share of its county's turnover, less inputs and rent
// (a loss when the turnover does not cover the rent).
void Markets::pay_traders(const std::vector<double>& flow, const std::vector<double>& occ, double base) {
  const double keep = 1.0 - w_->accounts->input_share(IoTrade);
  const double rent = p_.stall_rent / kMonths;
  std::vector<double> income(flow.size(), 0.0);
  for (std::size_t c = 0; c < flow.size(); ++c)
    if (occ[c] > 0) {
      income[c] = keep * p_.commission * (base + flow[c] / occ[c]) - rent;
      trader_income_county_[c] = std::max(1e-9, income[c]);  // what would-be traders see where stalls are held
    }
  Households& hh = *w_->households;
  const auto& h = hh.col();
  sim::parallel_rows(hh.size(), [&](std::size_t r) {
    if (h.market[r] != kNone && h.trade[r] > 0) hh.credit_trade(r, income[markets_[h.market[r]].county] * h.trade[r]);
  });
}

void Markets::admit_traders(const std::vector<std::size_t>& rows) {
  Households& hh = *w_->households;
  const Places& pl = *w_->places;
  const double scale = w_->ctx->scale();
  std::vector<double> turned_away(queue_.size(), 0.0);
  for (const std::size_t r : rows) {
    const std::uint32_t county = pl.town_county(hh.col().town[r]);
    // A sample trader stands for `scale` real ones: a market with room for fewer than that takes
    // them with the chance (free stalls / scale), so that expected occupancy equals capacity at any
    // scale (at 1:500 a 300-stall market could otherwise never take a trader).
    std::size_t best = markets_.size();
    const double u = w_->ctx->rng(draw::kStallAdmission, hh.id(r)).uniform();
    for (std::size_t m = 0; m < markets_.size(); ++m) {
      if (markets_[m].county != county) continue;
      const double free = markets_[m].capacity / scale - markets_[m].occupants;
      if (free >= 1.0 - 1e-9 || (free > 0 && u < free)) {
        best = m;
        break;
      }
    }
    if (best == markets_.size()) {
      turned_away[county] += scale;
      continue;
    }
    if (hh.start_trading(r, static_cast<std::uint32_t>(best))) ++markets_[best].occupants;
  }
  for (std::size_t c = 0; c < queue_.size(); ++c) queue_[c] = std::max(queue_[c], turned_away[c]);
}

void Markets::build(std::uint32_t town, double stalls) {
  Market m;
  m.town = town;
  m.county = w_->places->town_county(town);
  m.capacity = stalls;
  markets_.push_back(m);
}

void Markets::expand(std::size_t market, double extra) {
  markets_[market].capacity += extra;
  ++markets_[market].expansions;
}

void Markets::serialize(sim::Archive& ar) {
  ar.check("zhejiang.markets");
  std::uint64_t nm = markets_.size();
  ar.io(nm);
  if (ar.loading()) markets_.resize(nm);
  for (auto& m : markets_) ar.io(m);
  ar.io(queue_);
  ar.io(trader_income_county_);
  ar.io(trader_income_province_);
  ar.io(turnover_year_);
}

}  // namespace models::zhejiang
