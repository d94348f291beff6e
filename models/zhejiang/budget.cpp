// Households' monthly budget: income by source (farm, wages, stall commissions, profit payouts,
// ground-floor rents, interest, pensions), consumption above subsistence with an Engel curve for
// services, housing, and saving (priors N2, N3).
#include <algorithm>
#include <cmath>

#include "models/zhejiang/agriculture.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/labour.hpp"
#include "models/zhejiang/markets.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {
// This month's terms every household's budget uses.
struct Households::BudgetTerms {
  double wage = 0, beta = 0, urban_pension = 0, rural_pension = 0;
  std::vector<double> town_mig, town_let;  ///< migrant and letting households by town
};

void Households::incomes() {
  const std::size_t n = size();
  BudgetTerms bt;
  bt.wage = wd_->labour->wage();
  bt.beta = wd_->labour->skill_beta();
  bt.urban_pension = wd_->government->urban_pension_share();
  bt.rural_pension = wd_->government->rural_pension();
  // ground floors let to migrants: migrant households per letting household, by town
  bt.town_mig.assign(wd_->places->towns(), 0);
  bt.town_let.assign(wd_->places->towns(), 0);
  for (std::size_t r = 0; r < n; ++r) {
    if (w_.hukou[r] == OtherProvince) bt.town_mig[w_.town[r]] += 1;
    if (w_.rent[r]) bt.town_let[w_.town[r]] += 1;
  }
  std::vector<Spending> spend(sim::chunk_count(n));
  sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
    Spending s;
    for (std::size_t r = b; r < e; ++r) budget(r, bt, s);
    spend[c] = s;
  });
  double services = 0, pensions = 0, housing = 0;
  for (const auto& s : spend) {
    services += s.services;
    housing += s.housing;
    pensions += s.pensions;
  }
  wd_->goods->set_household_services(services);
  wd_->government->set_pensions_due(pensions);
  wd_->goods->add_investment(housing);
}

// One household's month: income by source, consumption (subsistence first, then a share of the
// rest), housing, saving, and the services part of consumption (rising with income, Engel).
void Households::budget(std::size_t r, const BudgetTerms& bt, Spending& s) {
  const Labour& lab = *wd_->labour;
  const Firms& firms = *wd_->firms;
  const double w = bt.wage;
  const double farm = wd_->agriculture->farm_income(w_.village[r], w_.farm[r], w_.home[r], w_.land[r]);
  double wage = 0;
  if (w_.employer[r] != kNone) {
    const auto fr = firms.row_of(w_.employer[r]);
    wage = w * std::pow(w_.skill[r], bt.beta) * w_.wage[r] * (fr != sim::kNoRow ? lab.town_premium(firms.col().town[fr]) : 1.0);
  }
  double trade = 0;
  if (w_.market[r] != kNone && w_.trade[r] > 0) trade = wd_->markets->trader_income(w_.market[r]) * w_.trade[r];
  const double profit = w_.profit_in[r];
  w_.profit_in[r] = 0;
  double rent = 0;
  if (w_.rent[r] && bt.town_let[w_.town[r]] > 0)
    rent = p_.floor_rent * w * std::min(1.0, bt.town_mig[w_.town[r]] / bt.town_let[w_.town[r]]);
  const double interest = std::max(0.0, w_.savings[r]) * p_.deposit_rate / kMonths;
  double pension = 0;
  if (w_.elderly[r] > 0) {
    if (w_.hukou[r] == LocalUrban) pension = bt.urban_pension * w * std::pow(w_.skill[r], bt.beta) * w_.elderly[r];
    else if (w_.hukou[r] == LocalRural) pension = bt.rural_pension * w_.elderly[r];
  }
  s.pensions += pension;
  const double inc = farm + wage + trade + profit + rent + interest + pension;
  const double sub = p_.subsistence * persons(r) / kMonths;
  double cons;
  if (inc >= sub) cons = sub + (1.0 - p_.saving_rate) * (inc - sub);
  else cons = std::min(sub, inc + p_.dissaving * std::max(0.0, w_.savings[r]));
  const double housing = p_.housing_share * std::max(0.0, inc - sub);
  w_.savings[r] += inc - cons - housing;
  const double ypc = std::max(1.0, w_.ypc_last[r]);
  const double sshare = std::clamp(p_.service_share0 + p_.service_share_slope * std::log(ypc / p_.rural_income0), 0.0,
                                   p_.service_share_max);
  s.services += sshare * cons;
  s.housing += housing;
  w_.y_farm[r] += farm;
  w_.y_wage[r] += wage;
  w_.y_trade[r] += trade;
  w_.y_profit[r] += profit;
  w_.y_rent[r] += rent;
  w_.y_other[r] += interest + pension;
  if (w_.lf[r] > 0 && w_.unemp[r] == w_.lf[r]) w_.unemp_months[r] = static_cast<std::uint16_t>(std::min(60000, w_.unemp_months[r] + 1));
  else w_.unemp_months[r] = 0;
}

}  // namespace models::zhejiang
