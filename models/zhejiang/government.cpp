// Government: county revenue from firm taxes, collective profits, the farm levy and stall rents;
// spending on public services (demand for services) and a development fund from which policy
// modules build markets and subsidise entrants, the rest going to infrastructure (construction).
#include <algorithm>

#include "models/zhejiang/model.hpp"

namespace models::zhejiang {

double ZhejiangModel::spend(std::size_t c, double amount) {
  const double x = std::clamp(amount, 0.0, std::max(0.0, fund_[c]));
  fund_[c] -= x;
  fl_.investment += x / p_.scale;  // spent on construction
  return x;
}

void ZhejiangModel::run_policies(policies::Hook h) {
  for (auto& m : policies_)
    for (auto k : m->hooks())
      if (k == h) m->run(h, *this);
}

void ZhejiangModel::year_start() {
  if (!sim_->clock().first_tick_of_year()) return;
  const std::size_t n = hh_->size();
  double persons = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const double pers = h_kids_[r] + h_adults_[r] + h_elderly_[r];
    persons += pers;
    const double y = y_farm_[r] + y_wage_[r] + y_trade_[r] + y_profit_[r] + y_rent_[r] + y_other_[r];
    if (sim_->clock().tick > 0) h_ypc_last_[r] = y / std::max(1.0, pers);
    y_farm_[r] = y_wage_[r] = y_trade_[r] = y_profit_[r] = y_rent_[r] = y_other_[r] = y_cons_[r] = 0;
  }
  for (std::size_t f = 0; f < fm_->size(); ++f) f_sales_year_[f] = f_profit_year_[f] = 0;
  for (auto& m : markets_) m.turnover_year = 0;
  fl_.births = fl_.deaths = fl_.immigrants = fl_.emigrants = 0;
  fl_.gross = {};
  fl_.fiscal = fl_.market_turnover = fl_.online_sales = 0;
  fl_.persons_start = persons;
  std::fill(queue_.begin(), queue_.end(), 0.0);
  std::fill(county_trading_.begin(), county_trading_.end(), 0.0);
  policy_year_start();
  run_policies(policies::Hook::YearStart);
}

void ZhejiangModel::government_month() {
  // pensions are paid first, out of every county's revenue in proportion (pay-as-you-go; a shortfall
  // is covered from outside the counties' budgets and leaves nothing for services or the fund)
  double rev_total = 0;
  for (double r : rev_month_) rev_total += std::max(0.0, r);
  const double net = rev_total > 0 ? std::max(0.0, 1.0 - fl_.pensions / rev_total) : 1.0;
  fl_.pensions = 0;
  double rev = 0, infra = 0, spendable = 0;
  for (std::size_t c = 0; c < rev_month_.size(); ++c) {
    rev += rev_month_[c];
    const double avail = rev_month_[c] > 0 ? net * rev_month_[c] : rev_month_[c];
    spendable += avail;
    const double to_fund = (1.0 - p_.public_service_share) * avail * p_.scale;
    fund_[c] += std::max(-fund_[c], to_fund);
    // a steady share of the fund goes to roads, towns and other infrastructure
    const double x = 0.02 * std::max(0.0, fund_[c]);
    fund_[c] -= x;
    infra += x / p_.scale;
    rev_month_[c] = 0;
  }
  fl_.fiscal += rev;
  fl_.public_services = p_.public_service_share * std::max(0.0, spendable);
  fl_.investment += infra;
}

void ZhejiangModel::normalize_demand() {
  // End of the first month: demand levels are set so that 1978 markets clear at price 1; afterwards
  // demand moves only with its drivers (outside demand index, investment, spending on services).
  if (normalized_) return;
  std::array<double, kSectors> Q{};
  for (std::size_t f = 0; f < fm_->size(); ++f) Q[f_sector_[f]] += f_revenue_[f];
  const double idx = p_.demand_index(sim_->clock().time());
  for (int s = 0; s < kSectors; ++s) {
    const auto k = static_cast<std::size_t>(s);
    double driver = s < kTrades ? idx : (s == kConstruction ? fl_.investment : fl_.household_services + fl_.public_services + fl_.business_services);
    demand_norm_[k] = driver > 0 ? Q[k] / driver : 0.0;
  }
  normalized_ = 1;
}

void ZhejiangModel::government_year() {
  if (!sim_->clock().last_tick_of_year()) return;
  run_policies(policies::Hook::Government);
  convert_villages();
  clusters();
}

}  // namespace models::zhejiang
