// Firms' monthly production: output with sector productivity and cluster agglomeration, sales
// through channels at the prices the goods market clears at, value added, taxes, wages and
// profits, and the employment each firm wants next month.
#include <algorithm>
#include <cmath>

#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/clusters.hpp"
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
namespace {
int io_of(int sector) { return sector < kTrades ? IoManuf : (sector == kConstruction ? IoConstr : IoServ); }
// Collective units' profits count for half in the sector's profit signal while few private firms exist.
constexpr double kCollectiveSignal = 0.5;
}  // namespace

// Share of outside demand a firm reaches: collectives sell through state commerce; a private
// manufacturer reaches reach_local alone, all of it through a typical wholesale market (more
// through a hub, less through a small market, never less than alone), more online.
double Firms::reach(std::size_t f) const {
  if (w_c_.sector[f] >= kTrades || w_c_.collective[f]) return 1.0;
  double x = p_.reach_local;
  if (w_c_.channel[f] & ChMarket) x = std::max(x, w_->markets->reach(w_c_.market[f]));
  if (w_c_.channel[f] & ChOnline) x = std::max(x, p_.online_reach);
  return x;
}

void Firms::output() {
  const Clusters& cl = *w_->clusters;
  auto& c = w_c_;
  const bool once = own_rule_ == OwnRule::Once;
  sim::parallel_rows(size(), [&](std::size_t f) {
    const double L = staff(f);
    const std::size_t s = c.sector[f];
    const double th = theta(s);
    const double agg = s < kTrades ? (once ? cl.agglomeration_own(c.town[f], s, L) : cl.agglomeration(c.town[f], s)) : 1.0;
    const double x = std::pow(L, th) * std::pow(std::max(1.0, c.capital[f]), 1.0 - th);
    const double xref = std::pow(p_.k_per_worker, 1.0 - th);  // one worker with the 1978 capital per worker
    c.q[f] = L > 0 ? learned(f) * agg * x * std::pow(x / xref, rho(f) - 1.0) : 0.0;
  });
}

void Firms::produce() {
  output();
  std::array<double, kSectors> Qr{};
  for (std::size_t f = 0; f < size(); ++f) Qr[w_c_.sector[f]] += w_c_.q[f] * reach(f);
  const auto R = w_->goods->clear(Qr);
  if (county_services_) county_services_rates(R[kServices]);
  std::array<double, kSectors> profit_sum{}, firm_count{};  // profit per person employed
  Totals t;
  w_->markets->reset_firm_flows();
  booking_.resize(size());
  set_premia();
  const double retention = p_.collective_retention.at(w_->ctx->time());  // the enterprise reform's share, once a month
  sim::parallel_rows(size(), [&](std::size_t f) { booking_[f] = reckon(f, R, Qr, retention); });
  const std::size_t nf = size();
  sim::parallel_invoke(
      [&] {
        for (std::size_t f = 0; f < nf; ++f) book_taxes(f, booking_[f]);
      },
      [&] {
        for (std::size_t f = 0; f < nf; ++f) book_sales(f, booking_[f], t);
      },
      [&] {
        for (std::size_t f = 0; f < nf; ++f) book_owners(f, booking_[f], profit_sum, firm_count, t);
      });
  GoodsMarket& goods = *w_->goods;
  for (int i = 0; i < kIoSectors; ++i) {
    const auto io = static_cast<IoSector>(i);
    if (t.sales[io] == 0) continue;
    goods.sell(io, Sector::Firms, t.sales[io]);
    goods.buy_inputs(io, Sector::Firms, t.inputs[io]);
  }
  goods.buy(IoConstr, Flow::Investment, Sector::Firms, t.investment);
  Ledger& led = *w_->ledger;
  led.pay(Flow::Wages, Sector::Firms, Sector::Households, t.wages);
  led.pay(Flow::Dividends, Sector::Firms, Sector::Households, t.dividends);
  pay_wages();
  const double a = p_.profit_signal_weight;
  for (std::size_t k = 0; k < kSectors; ++k)
    if (firm_count[k] > 0) profit_rate_[k] = (1.0 - a) * profit_rate_[k] + a * profit_sum[k] / firm_count[k];
}

// firms.services_demand 'county': the province's spending on services (R) is divided among the
// counties by their residents and, for firms.services_market_share of it, by their markets' turnover
// last month (1 - share by residents alone while no market trades); a county without service firms
// passes its part to the others in proportion. Each county's part is then shared by its service
// firms by output (a service firm's reach is 1). Sums in firm and county order.
void Firms::county_services_rates(double revenue) {
  const Places& pl = *w_->places;
  const Markets& mk = *w_->markets;
  const std::size_t C = pl.counties();
  std::vector<double> q(C, 0.0);
  for (std::size_t f = 0; f < size(); ++f)
    if (w_c_.sector[f] == kServices) q[pl.town_county(w_c_.town[f])] += w_c_.q[f];
  double persons = 0, turnover = 0;
  for (std::size_t c = 0; c < C; ++c) {
    persons += pl.county_persons(c);
    turnover += mk.county_turnover(c);
  }
  const double m = turnover > 0 ? p_.services_market_share : 0.0;
  std::vector<double> weight(C, 0.0);
  double served = 0;
  for (std::size_t c = 0; c < C; ++c) {
    if (q[c] <= 0) continue;
    weight[c] = (1.0 - m) * (persons > 0 ? pl.county_persons(c) / persons : 0.0) + (m > 0 ? m * mk.county_turnover(c) / turnover : 0.0);
    served += weight[c];
  }
  svc_rate_.assign(C, 0.0);
  if (served <= 0) return;
  for (std::size_t c = 0; c < C; ++c)
    if (q[c] > 0) svc_rate_[c] = revenue * weight[c] / served / q[c];
}

// Each firm's wage premium this month: its town's, or with firms.own_size_in_town 'once' that of
// a town whose other sample jobs count `scale` times and the firm's own workers once.
void Firms::set_premia() {
  const Labour& lab = *w_->labour;
  const Places& pl = *w_->places;
  const double scale = w_->ctx->scale();
  const bool once = own_rule_ == OwnRule::Once, residents = own_rule_ == OwnRule::Residents;
  auto& c = w_c_;
  prem_.resize(size());
  sim::parallel_rows(size(), [&](std::size_t f) {
    if (residents) {
      prem_[f] = lab.premium_at(pl.town_urban_workers(c.town[f]) * scale);
      return;
    }
    if (!once) {
      prem_[f] = lab.town_premium(c.town[f]);
      return;
    }
    const double own = staff(f);
    prem_[f] = lab.premium_at(std::max(0.0, pl.town_jobs(c.town[f]) - own) * scale + own);
  });
}

// One firm's month: revenue, value added, taxes, wages, depreciation, profit (and from them its
// desired employment); all from the firm's own state and the month's prices.
Firms::Booking Firms::reckon(std::size_t f, const std::array<double, kSectors>& R, const std::array<double, kSectors>& Qr, double retention) {
  auto& c = w_c_;
  const Accounts& acc = *w_->accounts;
  Booking b;
  const std::size_t s = c.sector[f];
  const auto io = static_cast<IoSector>(io_of(static_cast<int>(s)));
  if (s == kServices && county_services_) b.rev = svc_rate_[w_->places->town_county(c.town[f])] * c.q[f];
  else b.rev = Qr[s] > 0 ? R[s] * c.q[f] * reach(f) / Qr[s] : 0.0;
  const Clusters& cl = *w_->clusters;
  const double saving = s >= kTrades ? 0.0 : own_rule_ == OwnRule::Once ? cl.supplier_saving_own(c.town[f], s, staff(f)) : cl.supplier_saving(c.town[f], s);
  b.inputs = 1.0 - saving;  // of the sector's usual inputs
  const double va = b.rev * (1.0 - acc.input_share(io) * b.inputs);
  b.tax = p_.tax_rate * va;
  const double prem = prem_[f];
  b.wagebill = w_->labour->wage() * c.skillsum[f] * prem;
  b.dep = p_.depreciation / kMonths * c.capital[f];
  b.profit = va - b.tax - b.wagebill - b.dep;
  if (!c.collective[f] && b.profit > 0) {  // enterprise income tax on private profits
    b.profit_taxed = true;
    b.ptax = p_.profit_tax * b.profit;
    b.profit -= b.ptax;
  }
  if (c.collective[f] && b.profit > 0) {  // enterprise reform: the unit keeps part of its profit
    const double kept = retention * b.profit;
    b.bonus = b.wagebill > 0 ? p_.collective_bonus_share * kept : 0.0;
    b.reinvest = kept - b.bonus;
  }
  c.revenue[f] = b.rev;
  c.sales_year[f] += b.rev;
  c.profit_year[f] += b.profit;
  plan_employment(f, va);
  return b;
}

// The firms' months booked in firm order, in three independent streams run side by side: taxes
// and collective profits (government and ledger), sales (accounts, market flows), and wages, profit
// signals and the use of profits (owners' households, firms' capital). Each stream keeps firm order,
// so every sum is added up as in one loop.
void Firms::book_taxes(std::size_t f, const Booking& b) {
  auto& c = w_c_;
  Government& gov = *w_->government;
  const std::size_t s = c.sector[f];
  const std::uint32_t county = w_->places->town_county(c.town[f]);
  gov.collect(county, b.tax, s < kTrades ? Tax::ValueAdded : Tax::Business, Sector::Firms);
  if (b.profit_taxed) gov.collect(county, b.ptax, Tax::EnterpriseIncome, Sector::Firms);
  // collective and state units hand profits (or losses) to the budget, less what the reform lets them keep
  if (c.collective[f]) gov.collect(county, b.profit - b.bonus - b.reinvest, Tax::CollectiveProfit, Sector::Firms);
}

void Firms::book_sales(std::size_t f, const Booking& b, Totals& t) {
  auto& c = w_c_;
  const auto io = static_cast<IoSector>(io_of(static_cast<int>(c.sector[f])));
  w_->accounts->add_gross(io, b.rev);
  t.sales[io] += b.rev;
  t.inputs[io] += b.rev * b.inputs;
  if ((c.channel[f] & ChMarket) && c.market[f] != kNone) w_->markets->add_firm_flow(c.market[f], p_.market_sales_share * b.rev);
}

void Firms::book_owners(std::size_t f, const Booking& b, std::array<double, kSectors>& profit_sum, std::array<double, kSectors>& firm_count,
                        Totals& t) {
  auto& c = w_c_;
  const std::size_t s = c.sector[f];
  t.wages += b.wagebill;
  t.investment += b.dep;  // replacement investment
  if (c.collective[f]) {
    t.wages += b.bonus;
    c.capital[f] += b.reinvest;
    t.investment += b.reinvest;
    profit_sum[s] += b.profit / std::max(1.0, double(c.workers[f])) * kCollectiveSignal;
    firm_count[s] += kCollectiveSignal;
  } else {
    profit_sum[s] += b.profit / std::max(1.0, double(c.workers[f]) + 1.0);
    firm_count[s] += 1;
    pay_out(f, b.profit, t);
  }
}

// A private firm first pays its owner for his own work (the wage he would earn, as far as the
// profit allows: the owner's labour is one of the firm's inputs), then pays part of the rest to
// the owner and kin partners and reinvests the remainder; losses eat the owners' capital.
void Firms::pay_out(std::size_t f, double profit, Totals& t) {
  auto& c = w_c_;
  Households& hh = *w_->households;
  if (!(profit > 0)) {
    c.capital[f] += profit;
    return;
  }
  const auto orow0 = hh.row_of(c.owner[f]);
  const double draw = orow0 != sim::kNoRow ? std::min(profit, w_->labour->wage() * prem_[f]) : 0.0;
  if (draw > 0) {
    hh.credit_profit(orow0, draw);
    t.dividends += draw;
    profit -= draw;
  }
  const double out = p_.payout * profit;
  const int partners = (c.p1[f] != kNone) + (c.p2[f] != kNone);
  const double owner_share = partners ? p_.owner_share : 1.0;
  // the shares of owners who have left or died out stay in the firm
  double paid = 0;
  const auto orow = hh.row_of(c.owner[f]);
  if (orow != sim::kNoRow) {
    hh.credit_profit(orow, out * owner_share);
    paid += out * owner_share;
  }
  for (std::uint32_t pid : {c.p1[f], c.p2[f]}) {
    if (pid == kNone) continue;
    const auto pr = hh.row_of(pid);
    if (pr == sim::kNoRow) continue;
    hh.credit_profit(pr, out * (1.0 - owner_share) / partners);
    paid += out * (1.0 - owner_share) / partners;
  }
  const double inv = profit - paid;
  c.capital[f] += inv;
  t.investment += inv;
  t.dividends += paid;
}

// Wages are paid to the workers the firms employ, at the firm town's premium, times each worker's
// skill^beta at this month's returns to skill (kept by the households).
void Firms::pay_wages() {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  const Labour& lab = *w_->labour;
  const double w = lab.wage();
  sim::parallel_rows(hh.size(), [&](std::size_t r) {
    if (h.employer[r] == kNone) return;
    const auto fr = row_of(h.employer[r]);
    const Booking& b = booking_[fr];  // a collective unit's bonus, in proportion to wages
    const double bonus_rate = b.wagebill > 0 ? b.bonus / b.wagebill : 0.0;
    hh.credit_wage(r, w * h.skill_pow[r] * h.wage[r] * prem_[fr] * (1.0 + bonus_rate));
  });
}

// Desired employment equates the marginal revenue product of labour to the wage; vacancies close
// hire_speed of the gap a month. Collective units fill only part of a positive gap (labour plans
// absorbed new urban cohorts) and never lay off (the 'iron rice bowl').
void Firms::plan_employment(std::size_t f, double va) {
  auto& c = w_c_;
  const double w = w_->labour->wage();
  const double prem = prem_[f];
  const double L = staff(f);
  const double avg_skill = c.workers[f] > 0 ? c.skillsum[f] / c.workers[f] : 1.0;
  double target = L;
  if (L > 0 && c.revenue[f] > 0) {
    const double th = rho(f) * theta(c.sector[f]);  // output elasticity of labour
    const double mrp = th * va * (1.0 - p_.tax_rate) / L;
    const double ratio = mrp / (w * avg_skill * prem);
    target = std::clamp(L * std::pow(ratio, 1.0 / (1.0 - th)), p_.target_floor * L, p_.target_ceiling * L + p_.target_extra);
  } else if (!c.collective[f]) {
    target = p_.first_hires;  // a new firm hires its first workers
  }
  const double gap = c.collective[f] ? p_.collective_hiring * std::max(0.0, target - L) : target - L;
  auto rng = w_->ctx->rng(draw::kVacancies, id(f));
  if (gap > 0) {
    const double want = p_.hire_speed * gap;
    c.vacancies[f] = static_cast<std::int32_t>(want) + (rng.uniform() < want - std::floor(want) ? 1 : 0);
    c.layoff_p[f] = 0;
  } else {
    c.vacancies[f] = 0;
    c.layoff_p[f] = c.workers[f] > 0 ? std::min(1.0, p_.hire_speed * (-gap) / c.workers[f]) : 0.0;
  }
}

}  // namespace models::zhejiang
