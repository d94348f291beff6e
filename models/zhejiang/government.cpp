#include "models/zhejiang/government.hpp"

#include <algorithm>

#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang {

void GovernmentParams::bind(sim::ParamBinder& b) {
  using sim::Schedule;
  b.real(public_service_share, "government.public_service_share", 0.4, "share of revenue net of pensions", 0, 1,
         "share of revenue net of pensions spent on public services (schools, clinics: service demand); the rest goes to the development fund",
         "presentation p.20-24 (public services); calibrated (pass 6): tertiary employment share 2013");
  b.real(pension_urban, "government.pension_urban", 0.45, "share of the going wage x household skill", 0, 2,
         "monthly employee old-age pension of each urban-hukou elderly person (paid out of government revenue)",
         "presentation p.22-23 (Employee Basic Old-age Insurance); value: assumption (enterprise pensions ~45 % of the average wage in the 2010s); calibrated: urban disposable income 2013");
  b.real(pension_rural, "government.pension_rural", 55, "yuan per month, current prices", 0, 1e5,
         "flat resident old-age pension of each rural-hukou elderly person from its start year",
         "presentation p.22-23 (Urban-rural Resident Social Old-age Insurance); 55 yuan: national basic pension of the 2009 new rural pension scheme");
  b.integer(pension_rural_year, "government.pension_rural_year", 2009, "year", 1978, 2100, "first year of the rural resident pension",
            "new rural social pension pilot (2009)");
  b.real(infrastructure_share, "government.infrastructure_share", 0.02, "share of the fund per month", 0, 1,
         "share of each county's development fund spent each month on roads, towns and other infrastructure (construction demand)",
         "assumption");
  b.schedule(central_vat, "government.central_vat_share", Schedule{Schedule::Interp::Step, {{1978, 0.0}, {1994, 0.75}}}, "share", 0, 1,
             "central government's share of the value-added tax on manufacturing collected in the province (construction and services paid the local business tax)",
             "tax-sharing reform of 1994 (VAT shared 75 % central, 25 % local; business tax local); before it, revenue was collected locally under fiscal contracting");
  b.schedule(central_income_tax, "government.central_income_tax_share",
             Schedule{Schedule::Interp::Step, {{1978, 0.0}, {2002, 0.5}, {2003, 0.6}}}, "share", 0, 1,
             "central government's share of the enterprise income tax", "income-tax sharing reform of 2002 (50 % central in 2002, 60 % from 2003)");
}

void Government::declare(sim::ParamRegistry& reg) { sim::declare_bound<GovernmentParams>(reg, "zhejiang"); }

void Government::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<GovernmentParams>(p, "zhejiang");
  const std::size_t C = w.places->counties();
  fund_.assign(C, 0);
  rev_month_.assign(C, 0);
  fund_start_.assign(C, 0);
}

double Government::rural_pension() const {
  const int year = w_->ctx->year();
  return year >= p_.pension_rural_year ? p_.pension_rural * 100.0 / w_->ctx->cpi(year) : 0.0;
}

double Government::total_funds() const {
  double x = 0;
  for (double f : fund_) x += f;
  return x;
}

double Government::money_held() const {
  double x = (total_funds() + reserve_) / w_->ctx->scale();
  for (double r : rev_month_) x += r;
  return x;
}

double Government::raise_provincial(double amount) {
  double held = 0;
  for (double f : fund_) held += std::max(0.0, f);
  const double take = std::clamp(amount, 0.0, held);
  if (take <= 0) return 0.0;
  for (double& f : fund_) f -= take * std::max(0.0, f) / held;
  reserve_ += take;
  return take;
}

void Government::pay_from_provincial(double amount, Flow kind, Sector to) {
  reserve_ -= amount;
  w_->ledger->pay(kind, Sector::LocalGov, to, amount / w_->ctx->scale());
}

void Government::collect(std::size_t county, double x, Tax tax, Sector payer) {
  static const Flow kind[] = {Flow::ProductionTaxes, Flow::ProductionTaxes, Flow::IncomeTaxes, Flow::ProductionTaxes, Flow::Rent,
                              Flow::Dividends};
  const double t = w_->ctx->time();
  if (t != shares_time_) {
    shares_time_ = t;
    central_vat_now_ = p_.central_vat.at(t);
    central_eit_now_ = p_.central_income_tax.at(t);
  }
  const double central = tax == Tax::ValueAdded ? central_vat_now_ : tax == Tax::EnterpriseIncome ? central_eit_now_ : 0.0;
  const double to_centre = central * x;
  const double local = x - to_centre;
  Ledger& led = *w_->ledger;
  const Flow f = kind[static_cast<int>(tax)];
  led.pay(f, payer, Sector::LocalGov, local);
  if (to_centre != 0) led.pay(f, payer, Sector::CentralGov, to_centre);
  rev_month_[county] += local;
  local_year_ += local;
  central_year_ += to_centre;
}

double Government::spend(std::size_t c, double amount) {
  const double x = std::clamp(amount, 0.0, std::max(0.0, fund_[c]));
  fund_[c] -= x;
  w_->goods->buy(IoConstr, Flow::Investment, Sector::LocalGov, x / w_->ctx->scale());  // spent on construction
  return x;
}

void Government::transfer(std::size_t c, double amount, Flow kind, Sector to) {
  fund_[c] -= amount;
  w_->ledger->pay(kind, Sector::LocalGov, to, amount / w_->ctx->scale());
}

void Government::year_start() {
  local_year_ = central_year_ = 0;
  fund_start_ = fund_;
}

// Pensions are paid first, out of every county's revenue in proportion (pay-as-you-go); a shortfall
// is covered by a central transfer and leaves nothing for services or the fund. Of what remains, a
// county keeps public_service_share for public services and puts the rest into its fund; a
// county's negative revenue (losses of its collective units) falls on its fund.
void Government::month() {
  const double scale = w_->ctx->scale();
  double rev_total = 0;
  for (double r : rev_month_) rev_total += std::max(0.0, r);
  const double net = rev_total > 0 ? std::max(0.0, 1.0 - pensions_ / rev_total) : 0.0;
  const double shortfall = std::max(0.0, pensions_ - rev_total);
  w_->ledger->pay(Flow::GovTransfers, Sector::CentralGov, Sector::LocalGov, shortfall);
  pensions_ = 0;
  double infra = 0, services = 0;
  for (std::size_t c = 0; c < rev_month_.size(); ++c) {
    if (rev_month_[c] > 0) {
      const double avail = net * rev_month_[c];
      services += p_.public_service_share * avail;
      fund_[c] += (1.0 - p_.public_service_share) * avail * scale;
    } else {
      fund_[c] += rev_month_[c] * scale;
    }
    const double x = p_.infrastructure_share * std::max(0.0, fund_[c]);
    fund_[c] -= x;
    infra += x / scale;
    rev_month_[c] = 0;
  }
  w_->goods->buy(IoServ, Flow::Consumption, Sector::LocalGov, services);
  w_->goods->buy(IoConstr, Flow::Investment, Sector::LocalGov, infra);
}

void Government::serialize(sim::Archive& ar) {
  ar.check("zhejiang.government");
  ar.io(fund_);
  ar.io(rev_month_);
  ar.io(fund_start_);
  ar.io(pensions_);
  ar.io(local_year_);
  ar.io(central_year_);
  ar.io(reserve_);
}

}  // namespace models::zhejiang
