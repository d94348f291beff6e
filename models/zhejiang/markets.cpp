// Wholesale markets: turnover (goods from outside traded by stall holders, growing with demand, plus
// the sales local firms make through the market), traders' commission income, stall rents to the
// county, and what a would-be trader can expect. "Small Market & Big Distribution" (presentation p.14).
#include <algorithm>

#include "models/zhejiang/model.hpp"

namespace models::zhejiang {

void ZhejiangModel::markets() {
  const double t = sim_->clock().time();
  // goods from outside traded through the markets: a province-wide pool shared by the stalls
  const double pool = p_.trade_pool * p_.demand_index(t) / 12.0 / p_.scale;  // sample units per month
  double all_occ = 0;
  for (const auto& m : markets_) all_occ += m.occupants;
  const double base = all_occ > 0 ? pool / all_occ : 0.0;                     // per occupied stall-month
  const double base_new = pool / (all_occ + 1.0);
  const std::size_t C = static_cast<std::size_t>(p_.counties);
  std::vector<double> flow(C, 0), occ(C, 0), cap(C, 0), nmk(C, 0);
  const double keep = 1.0 - io_colsum_[IoTrade];
  double commissions = 0, turnover = 0;
  for (auto& m : markets_) {
    m.turnover_month = m.occupants * base + m.firm_flow_month;
    m.turnover_year += m.turnover_month;
    turnover += m.turnover_month;
    commissions += p_.commission * m.turnover_month;
    flow[m.county] += m.firm_flow_month;
    occ[m.county] += m.occupants;
    cap[m.county] += m.capacity / p_.scale;
    nmk[m.county] += 1;
    rev_month_[m.county] += p_.stall_rent / 12.0 * m.occupants;
  }
  fl_.gross[IoTrade] += commissions;
  fl_.market_turnover += turnover;
  // expected net income of one more stall holder in each county
  double inc_sum = 0, inc_n = 0;
  for (std::size_t c = 0; c < C; ++c) {
    county_trading_[c] += (occ[c] * base + flow[c]) * p_.scale;
    if (nmk[c] == 0) {
      trader_income_county_[c] = 0;
      continue;
    }
    if (occ[c] + 1.0 > cap[c] + 1e-9) {  // full: what a stall holder earns now
      const double now = keep * p_.commission * (base + flow[c] / std::max(1.0, occ[c])) - p_.stall_rent / 12.0;
      trader_income_county_[c] = std::max(1e-9, now);
      inc_sum += now * occ[c];
      inc_n += occ[c];
      continue;
    }
    const double inc = keep * p_.commission * (base_new + flow[c] / (occ[c] + 1.0)) - p_.stall_rent / 12.0;
    trader_income_county_[c] = std::max(1e-9, inc);
    inc_sum += inc * (occ[c] + 1.0);
    inc_n += occ[c] + 1.0;
  }
  trader_income_province_ = inc_n > 0 ? inc_sum / inc_n : 0.0;
  // what the stall holders actually earn this month (used by incomes())
  for (std::size_t c = 0; c < C; ++c)
    if (nmk[c] > 0 && occ[c] > 0)
      trader_income_county_[c] = std::max(1e-9, keep * p_.commission * (base + flow[c] / occ[c]) - p_.stall_rent / 12.0);
}

std::vector<policies::MarketView> ZhejiangModel::markets_in(std::size_t c) const {
  std::vector<policies::MarketView> out;
  for (std::size_t m = 0; m < markets_.size(); ++m)
    if (markets_[m].county == c)
      out.push_back({m, markets_[m].town, markets_[m].capacity, markets_[m].occupants * p_.scale, markets_[m].expansions});
  return out;
}

std::uint32_t ZhejiangModel::busiest_town(std::size_t c) const {
  std::uint32_t best = pl_.county_seat[c];
  double most = -1;
  for (std::uint32_t t = 0; t < pl_.towns(); ++t)
    if (pl_.town_county[t] == c && pl_.town_jobs[t] > most) {
      most = pl_.town_jobs[t];
      best = t;
    }
  return best;
}

void ZhejiangModel::build_market(std::uint32_t town, double stalls) {
  Market m;
  m.town = town;
  m.county = pl_.town_county[town];
  m.capacity = stalls;
  m.built = sim_->clock().year();
  markets_.push_back(m);
  update_market_distances(town);
}

void ZhejiangModel::expand_market(std::size_t m, double extra) {
  markets_[m].capacity += extra;
  ++markets_[m].expansions;
}

}  // namespace models::zhejiang
