// Households' monthly budget: income by source (farm, wages, stall commissions, profit payouts,
// ground-floor rents, interest, pensions), consumption above subsistence with an Engel curve for
// services, housing, and saving (priors N2, N3).
#include <algorithm>
#include <cmath>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/agriculture.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/labour.hpp"
#include "models/zhejiang/ledger.hpp"
#include "models/zhejiang/markets.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {
// This month's terms every household's budget uses.
struct Households::BudgetTerms {
  double wage = 0, urban_pension = 0, rural_pension = 0;
  std::vector<double> town_mig, town_let;  ///< migrant and letting households by town
  std::vector<double> kin_gift;            ///< by household: what kin give (+) or it gives kin (-) this month (empty: none)
};

void Households::incomes() {
  const std::size_t n = size();
  BudgetTerms bt;
  bt.wage = wd_->labour->wage();
  bt.urban_pension = wd_->government->urban_pension_share();
  bt.rural_pension = wd_->government->rural_pension();
  // ground floors let to migrants: migrant and letting households by town
  bt.town_mig.assign(wd_->places->towns(), 0);
  bt.town_let.assign(wd_->places->towns(), 0);
  sim::parallel_invoke(
      [&] {
        for (std::size_t r = 0; r < n; ++r)
          if (w_.hukou[r] == OtherProvince) bt.town_mig[w_.town[r]] += 1;
      },
      [&] {
        for (std::size_t r = 0; r < n; ++r)
          if (w_.rent[r]) bt.town_let[w_.town[r]] += 1;
      });
  if (p_.kin_support > 0) kin_transfers(bt.kin_gift);
  std::vector<Spending> spend(sim::chunk_count(n));
  sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
    Spending s;
    for (std::size_t r = b; r < e; ++r) budget(r, bt, s);
    spend[c] = s;
  });
  Spending t;
  for (const auto& s : spend) {
    t.services += s.services;
    t.food += s.food;
    t.manufactures += s.manufactures;
    t.housing += s.housing;
    t.pensions += s.pensions;
    t.interest += s.interest;
    t.rent_received += s.rent_received;
    t.remittances += s.remittances;
  }
  GoodsMarket& goods = *wd_->goods;
  Ledger& led = *wd_->ledger;
  goods.sell(IoServ, Sector::Households, t.rent_received);  // ground floors let: housing services
  goods.buy(IoServ, Flow::Consumption, Sector::Households, t.services);
  goods.buy(IoAgri, Flow::Consumption, Sector::Households, t.food);
  goods.buy(IoManuf, Flow::Consumption, Sector::Households, t.manufactures);
  goods.buy(IoConstr, Flow::Investment, Sector::Households, t.housing);
  led.pay(Flow::Pensions, Sector::LocalGov, Sector::Households, t.pensions);
  led.pay(Flow::Remittances, Sector::Households, Sector::RestOfChina, t.remittances);
  wd_->government->set_pensions_due(t.pensions);
  // deposits earn interest: the banks place them with the national banking system at the same rate
  led.pay(Flow::Interest, Sector::RestOfChina, Sector::Credit, t.interest);
  led.pay(Flow::Interest, Sector::Credit, Sector::Households, t.interest);
}

// Kin support (households.kin_support): within each lineage, local households below the lineage's
// earnings per person (times their persons) receive, and households above both that level and their
// subsistence give out of the surplus: the amount is kin_support x the smaller of the gaps below and
// the surplus above, shared among receivers by gap and among givers by surplus, so it sums to zero
// within each lineage (up to rounding) and a lineage of poor households (1978) gives little. The
// lineage sums are taken in household order, the same at any thread count.
void Households::kin_transfers(std::vector<double>& gift) const {
  const std::size_t n = size();
  const double sub_pp = p_.subsistence / kMonths;
  std::vector<double> earned, persons_of, need, surplus;
  auto in_pool = [&](std::size_t r) { return w_.lineage[r] != kNone && w_.hukou[r] != OtherProvince; };
  for (std::size_t r = 0; r < n; ++r) {
    if (!in_pool(r)) continue;
    const std::uint32_t lin = w_.lineage[r];
    if (earned.size() <= lin) {
      earned.resize(lin + 1u, 0.0);
      persons_of.resize(lin + 1u, 0.0);
    }
    earned[lin] += w_.income_in[r];
    persons_of[lin] += persons(r);
  }
  need.assign(earned.size(), 0.0);
  surplus.assign(earned.size(), 0.0);
  gift.assign(n, 0.0);
  // each household's gap below its lineage's level (+) or surplus above it and its subsistence (-)
  sim::parallel_rows(n, [&](std::size_t r) {
    if (!in_pool(r)) return;
    const std::uint32_t lin = w_.lineage[r];
    const double pr = persons(r);
    if (persons_of[lin] <= pr) return;  // alone in its lineage
    const double level = earned[lin] / persons_of[lin] * pr, own = w_.income_in[r];
    if (own < level) gift[r] = level - own;
    else gift[r] = -std::max(0.0, own - std::max(level, sub_pp * pr));
  });
  for (std::size_t r = 0; r < n; ++r) {
    if (gift[r] > 0) need[w_.lineage[r]] += gift[r];
    else if (gift[r] < 0) surplus[w_.lineage[r]] -= gift[r];
  }
  sim::parallel_rows(n, [&](std::size_t r) {
    if (gift[r] == 0) return;
    const std::uint32_t lin = w_.lineage[r];
    const double moved = p_.kin_support * std::min(need[lin], surplus[lin]);
    gift[r] = moved > 0 ? (gift[r] > 0 ? moved * gift[r] / need[lin] : moved * gift[r] / surplus[lin]) : 0.0;
  });
}

// One household's month: the incomes earned this month (credited by farms, firms and stalls), rents,
// interest and pensions; consumption (subsistence first, then a share of the rest; a migrant's rent
// is part of it), housing and saving. Consumption is bought in the goods market: services (rising
// with income, Engel), food (falling with income), manufactures.
void Households::budget(std::size_t r, const BudgetTerms& bt, Spending& s) {
  const double w = bt.wage;
  const bool kin = !bt.kin_gift.empty();  // off: no term is added, so the sums keep their old bits
  const double gift = kin ? bt.kin_gift[r] : 0.0;
  const double earned = kin ? w_.income_in[r] + gift : w_.income_in[r];
  w_.income_in[r] = 0;
  const std::uint32_t town = w_.town[r];
  double rent = 0, rent_paid = 0;
  if (w_.rent[r] && bt.town_let[town] > 0) rent = p_.floor_rent * w * std::min(1.0, bt.town_mig[town] / bt.town_let[town]);
  if (w_.hukou[r] == OtherProvince && bt.town_mig[town] > 0)
    rent_paid = p_.floor_rent * w * std::min(1.0, bt.town_let[town] / bt.town_mig[town]);
  const double interest = std::max(0.0, w_.savings[r]) * p_.deposit_rate / kMonths;
  double pension = 0;
  if (w_.elderly[r] > 0) {
    if (w_.hukou[r] == LocalUrban) pension = bt.urban_pension * w * w_.skill_pow[r] * w_.elderly[r];
    else if (w_.hukou[r] == LocalRural) pension = bt.rural_pension * w_.elderly[r];
  }
  // exclusion costs: fees for children without a public school seat; money for children left behind
  const double fees = w_.kids[r] > 0 && !wd_->access->school_seat(r) ? p_.school_fee * w * w_.kids[r] : 0.0;
  const double remit = w_.left_kids[r] > 0 ? std::min(std::max(0.0, earned), p_.remittance * p_.subsistence / kMonths * w_.left_kids[r]) : 0.0;
  const double inc = earned + rent + interest + pension - remit;
  const double sub = p_.subsistence * persons(r) / kMonths;
  double cons;
  if (inc >= sub) cons = sub + (1.0 - p_.saving_rate) * (inc - sub);
  else cons = std::min(sub, inc + p_.dissaving * std::max(0.0, w_.savings[r]));
  cons = std::max(cons, rent_paid + fees);
  const double housing = p_.housing_share * std::max(0.0, inc - sub);
  w_.savings[r] += inc - cons - housing;
  const double lypc = w_.engel_log[r];  // log(max(1, last year's income per person) / 1978 rural income)
  const double sshare = std::clamp(p_.service_share0 + p_.service_share_slope * lypc, 0.0, p_.service_share_max);
  const double fshare = std::clamp(p_.food_share0 - p_.food_share_slope * lypc, p_.food_share_min, 1.0);
  const double services = sshare * (cons - rent_paid - fees);
  const double goods = cons - rent_paid - fees - services;
  s.services += services + rent_paid + fees;
  s.remittances += remit;
  s.food += fshare * goods;
  s.manufactures += (1.0 - fshare) * goods;
  s.housing += housing;
  s.pensions += pension;
  s.interest += interest;
  s.rent_received += rent;
  w_.y_rent[r] += rent;
  w_.y_other[r] += kin ? interest + pension - remit + gift : interest + pension - remit;
  if (w_.lf[r] > 0 && w_.unemp[r] == w_.lf[r]) w_.unemp_months[r] = static_cast<std::uint16_t>(std::min(60000, w_.unemp_months[r] + 1));
  else w_.unemp_months[r] = 0;
}

}  // namespace models::zhejiang
