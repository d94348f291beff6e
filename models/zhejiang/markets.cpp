#include "models/zhejiang/markets.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/labour.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void MarketParams::bind(sim::ParamBinder& b) {
  b.real(commission, "markets.commission", 0.05, "share", 0, 1, "traders' margin on market turnover", "priors K4 (3-5%)");
  b.real(trade_pool, "markets.outside_goods", 1.41e9, "1978 yuan per year", 0, 1e15,
         "goods from elsewhere traded through Zhejiang's markets at 1978 demand (grows with national and foreign demand)",
         "field notes 3 (trading 'dependent on external supply'); calibrated: commodity market turnover 2013; estimated: scenarios/calibration/zhejiang_baseline.yaml (CRS2, docs/calibration.md section 7)");
  b.real(rent_share, "markets.rent_share", 0.2, "share of commissions", 0, 0.9,
         "share of a stall holder's commissions the market company takes as stall rent (county non-tax revenue)",
         "priors K2 (Yiwu booth rents of 10-100 thousand yuan a year in the 2000s, against holders' incomes of a few hundred thousand; memory); calibrated");
  b.removed("markets.stall_rent", "stall rents are a share of the holders' commissions (zhejiang.markets.rent_share), so a market company earns what its stalls are worth");
  b.real(buyer_size_elasticity, "markets.buyer_size_elasticity", 1.5, "elasticity", 0, 3,
         "buyers from outside come to a market in proportion to (its traders)^this: variety and size attract them",
         "field notes 4 and 11 (the largest market draws buyers from the world); K4 (markets lower search costs); value: set by hand (1.2 -> 1.5) "
         "to Yiwu's share of Zhejiang's market turnover in 2013, about 3.8 % (68 of 1,780 billion yuan; Yiwu's figure from memory, not a target): "
         "docs/model.md section 8");
  b.real(hub_move_cost, "markets.hub_move_cost", 0.3, "share of the income", 0, 1,
         "part of a stall's income at the hub a member gives up by moving there from another county (the hub must pay this much more)",
         "assumption (field notes 7: traders and managers came to Yiwu from everywhere)");
  b.choice(queue_measure, "markets.queue_measure", "mean", {"max", "mean"},
           "a county's queue for stalls in a year (what its market company answers at the year's end): the most would-be traders turned "
           "away in one quarter, or the mean over the year's four quarters. A sample request turned away stands for `scale` persons, so in a "
           "coarse sample the quarterly counts are lumpy and their maximum overstates the queue the coarser the sample; the mean (the default) "
           "does not; 'max' reproduces the models estimated before (docs/model.md section 8, Scale)",
           "sampling convention (docs/model.md section 8, Scale)");
  b.real(reach_elasticity, "markets.reach_elasticity", 0.0, "elasticity", 0, 2,
         "a manufacturer selling through a wholesale market reaches outside demand in proportion to (buyers per stall there)^this, "
         "normalised so that the output-weighted mean over the manufacturers selling through markets is 1 (before the floor at firms.reach_local): "
         "a hub whose size draws buyers from the world gives its county's firms a wider reach than a county market (0: every market gives the "
         "same reach; the holders are counted by the market's stalls built, so the reach does not depend on the sampling scale)",
         "field notes 4 and 11 (Yiwu's market draws buyers from the world), priors K3 (75 % of Yiwu's exports through the market); value: off, "
         "tried and not adopted (docs/model.md section 9)");
}

void Markets::declare(sim::ParamRegistry& reg) { sim::declare_bound<MarketParams>(reg, "zhejiang"); }

void Markets::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<MarketParams>(p, "zhejiang");
  queue_mean_ = p_.queue_measure == "mean";
  queue_.assign(w.places->counties(), 0.0);
  trader_income_county_.assign(w.places->counties(), 0.0);
  county_turnover_.assign(w.places->counties(), 0.0);
}

std::vector<std::size_t> Markets::in_county(std::size_t county) const {
  std::vector<std::size_t> out;
  for (std::size_t m = 0; m < markets_.size(); ++m)
    if (markets_[m].county == county) out.push_back(m);
  return out;
}

std::vector<std::uint32_t> Markets::main_market_by_county() const {
  std::vector<std::uint32_t> main(w_->places->counties(), kNone);
  for (std::size_t m = 0; m < markets_.size(); ++m) {
    auto& x = main[markets_[m].county];
    if (x == kNone || markets_[m].capacity > markets_[x].capacity) x = static_cast<std::uint32_t>(m);
  }
  return main;
}

void Markets::year_start() {
  turnover_year_ = 0;
  for (auto& m : markets_) m.turnover_year = 0;
  std::fill(queue_.begin(), queue_.end(), 0.0);
}

void Markets::count_occupants() {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  for (auto& m : markets_) m.occupants = 0;
  for (std::size_t r = 0; r < hh.size(); ++r)
    if (h.market[r] != kNone) markets_[h.market[r]].occupants += h.trade[r];
  update_reach();
}

// Buyers per stall holder in a market grow as (holders)^(e - 1) (buyers come as holders^e). A
// market's reach is its buyers per holder to the power reach_elasticity, normalised so that the
// output-weighted mean over the manufacturers selling through markets (last month's output) is 1:
// a hub re-divides the reach the market channel gives among the markets rather than adding to it
// (the channel's level is calibrated with every market alike). The mean is taken before the floor
// at firms.reach_local (Firms::reach), so with small markets floored it is somewhat above 1. The
// holders are counted by the market's stalls (real stalls built, the same at any sampling scale),
// not by its sampled holders, of whom a small market has none in a coarse sample.
void Markets::update_reach() {
  reach_.clear();  // empty: every market gives reach 1 (Markets::reach), the default
  if (p_.reach_elasticity == 0) return;
  const double e = p_.buyer_size_elasticity - 1.0;
  std::vector<double> raw(markets_.size(), 0.0);
  for (std::size_t k = 0; k < markets_.size(); ++k)
    if (markets_[k].capacity > 0) raw[k] = std::pow(markets_[k].capacity, e * p_.reach_elasticity);
  const Firms& firms = *w_->firms;
  const auto& f = firms.col();
  double q_sum = 0, qr_sum = 0;
  for (std::size_t i = 0; i < firms.size(); ++i)
    if ((f.channel[i] & ChMarket) && f.market[i] != kNone && f.sector[i] < kTrades && !f.collective[i]) {
      q_sum += f.q[i];
      qr_sum += f.q[i] * raw[f.market[i]];
    }
  if (q_sum <= 0 || qr_sum <= 0) return;
  const double mean = qr_sum / q_sum;
  for (double& x : raw) x /= mean;
  reach_ = std::move(raw);
}

double Markets::attraction(double occupants) const {
  return occupants > 0 ? std::pow(occupants * w_->ctx->scale(), p_.buyer_size_elasticity) : 0.0;
}

// Turnover: goods from outside (a pool growing with national and foreign demand, shared by the
// markets in proportion to their attraction for buyers) plus local firms' market sales; traders
// keep a commission (sold as trade services), buy inputs and pay stall rent to the county.
void Markets::trade() {
  const double scale = w_->ctx->scale();
  const double pool = p_.trade_pool * w_->goods->outside_demand_index() / kMonths / scale;  // sample units per month
  double total = 0;
  for (const auto& m : markets_) total += attraction(m.occupants);
  double turnover = 0;
  std::fill(county_turnover_.begin(), county_turnover_.end(), 0.0);
  for (auto& m : markets_) {
    m.income = 0;
    if (m.occupants == 0) continue;
    const double t = pool * attraction(m.occupants) / total + m.firm_flow_month;
    m.turnover_year += t;
    county_turnover_[m.county] += t;
    turnover += t;
    const double gross = p_.commission * t / m.occupants;
    m.income = net_share() * gross;
    w_->government->collect(m.county, p_.rent_share * gross * m.occupants, Tax::StallRent, Sector::Households);
  }
  const double commissions = p_.commission * turnover;
  w_->accounts->add_gross(IoTrade, commissions);
  w_->goods->sell(IoTrade, Sector::Households, commissions);
  w_->goods->buy_inputs(IoTrade, Sector::Households, commissions);
  turnover_year_ += turnover;
  expectations(pool, total);
  pay_traders();
}

// What one more stall holder would earn in each market (what holders earn where it is full), the
// best such income in each county and in the province (the hub), and the province's average.
void Markets::expectations(double pool, double total) {
  const double scale = w_->ctx->scale();
  pool_ = pool;
  total_attraction_ = total;
  std::fill(trader_income_county_.begin(), trader_income_county_.end(), 0.0);
  hub_ = kNone;
  hub_income_ = 0;
  double inc_sum = 0, inc_n = 0;
  for (std::size_t k = 0; k < markets_.size(); ++k) {
    auto& m = markets_[k];
    const bool full = m.capacity / scale - m.occupants <= 1e-9;  // a fraction of a sample stall is still a chance
    if (full) {
      m.expected = m.income;
    } else {
      m.expected = net_share() * gross_after(k, 1.0);
      if (hub_ == kNone || m.expected > hub_income_) {
        hub_ = static_cast<std::uint32_t>(k);
        hub_income_ = m.expected;
      }
    }
    auto& c = trader_income_county_[m.county];
    c = std::max(c, std::max(1e-9, m.expected));
    inc_sum += m.expected * (m.occupants + 1.0);
    inc_n += m.occupants + 1.0;
  }
  trader_income_province_ = inc_n > 0 ? inc_sum / inc_n : 0.0;
}

double Markets::net_share() const { return 1.0 - w_->accounts->input_share(IoTrade) - p_.rent_share; }

// A holder's monthly commissions in market k (k == count(): a new market) with `extra` more sample
// traders, buyers re-dividing the outside goods by the markets' attraction.
double Markets::gross_after(std::size_t k, double extra) const {
  const double occ = k < markets_.size() ? markets_[k].occupants : 0.0;
  const double flow = k < markets_.size() ? markets_[k].firm_flow_month : 0.0;
  const double a1 = attraction(occ + extra);
  const double total = total_attraction_ - attraction(occ) + a1;
  return total > 0 && occ + extra > 0 ? p_.commission * (pool_ * a1 / total + flow) / (occ + extra) : 0.0;
}

double Markets::stall_rent_after(std::size_t k, double extra_real) const {
  return p_.rent_share * gross_after(k, extra_real / w_->ctx->scale()) * kMonths;
}

// Each stall holder earns the commission on his share of his market's turnover, less inputs and
// rent (a loss when the turnover does not cover the rent).
void Markets::pay_traders() {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  sim::parallel_rows(hh.size(), [&](std::size_t r) {
    if (h.market[r] != kNone && h.trade[r] > 0) hh.credit_trade(r, markets_[h.market[r]].income * h.trade[r]);
  });
}

// The market of the county with a free stall where one more trader earns most. A sample trader
// stands for `scale` real ones: a market with room for fewer than that takes him with the chance
// (free stalls / scale), so that expected occupancy equals capacity at any scale.
std::size_t Markets::best_free(const std::vector<std::uint32_t>& own, double u) const {
  const double scale = w_->ctx->scale();
  std::size_t best = markets_.size();
  for (const std::uint32_t m : own) {
    const auto& x = markets_[m];
    const double free = x.capacity / scale - x.occupants;
    if (!(free >= 1.0 - 1e-9 || (free > 0 && u < free))) continue;
    if (best == markets_.size() || x.expected > markets_[best].expected) best = m;
  }
  return best;
}

void Markets::admit_traders(const std::vector<std::size_t>& rows, const std::vector<std::uint8_t>& hub) {
  Households& hh = *w_->households;
  const Places& pl = *w_->places;
  const double scale = w_->ctx->scale();
  const double mobility = w_->access->rural_mobility();
  std::vector<double> turned_away(queue_.size(), 0.0);
  // each county's markets in index order (no market is built while stalls are granted)
  std::vector<std::vector<std::uint32_t>> own(queue_.size());
  for (std::size_t m = 0; m < markets_.size(); ++m) own[markets_[m].county].push_back(static_cast<std::uint32_t>(m));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t r = rows[i];
    auto rng = w_->ctx->rng(draw::kStallAdmission, hh.id(r));
    const double u = rng.uniform();
    std::uint32_t county = pl.town_county(hh.col().town[r]);
    if (hub[i] && hub_ != kNone) {  // a stall at the hub: the household moves there
      county = markets_[hub_].county;
      const bool may_move = hh.col().hukou[r] != LocalRural || rng.uniform() < mobility;
      if (!may_move || hh.col().own[r] > 0) continue;
    }
    const std::size_t best = best_free(own[county], u);
    if (best == markets_.size()) {
      turned_away[county] += scale;
      continue;
    }
    if (pl.town_county(hh.col().town[r]) != county) hh.move_for_job(r, markets_[best].town);
    if (hh.start_trading(r, static_cast<std::uint32_t>(best))) ++markets_[best].occupants;
  }
  for (std::size_t c = 0; c < queue_.size(); ++c)
    queue_[c] = queue_mean_ ? queue_[c] + turned_away[c] / kDecisionsPerYear : std::max(queue_[c], turned_away[c]);
}

void Markets::build(std::uint32_t town, double stalls, double site) {
  Market m;
  m.town = town;
  m.county = w_->places->town_county(town);
  m.capacity = stalls;
  m.site = std::max(site, stalls);
  markets_.push_back(m);
}

void Markets::expand(std::size_t market, double extra) { markets_[market].capacity += extra; }

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
  ar.io(hub_income_);
  ar.io(hub_);
  ar.io(pool_);
  ar.io(total_attraction_);
  ar.io(county_turnover_);
}

}  // namespace models::zhejiang
