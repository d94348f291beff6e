#include "models/zhejiang/government.hpp"

#include <algorithm>

#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang {

void GovernmentParams::bind(sim::ParamBinder& b) {
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

double Government::spend(std::size_t c, double amount) {
  const double x = std::clamp(amount, 0.0, std::max(0.0, fund_[c]));
  fund_[c] -= x;
  w_->goods->add_investment(x / w_->ctx->scale());  // spent on construction
  return x;
}

void Government::refund(std::size_t c, double x) {
  fund_[c] += x * w_->ctx->scale();
  w_->goods->add_investment(-x);
}

void Government::year_start() {
  fiscal_ = 0;
  fund_start_ = fund_;
}

// Pensions are paid first, out of every county's revenue in proportion (pay-as-you-go; a shortfall
// is covered from outside the counties' budgets and leaves nothing for services or the fund).
void Government::month() {
  const double scale = w_->ctx->scale();
  double rev_total = 0;
  for (double r : rev_month_) rev_total += std::max(0.0, r);
  const double net = rev_total > 0 ? std::max(0.0, 1.0 - pensions_ / rev_total) : 1.0;
  pensions_ = 0;
  double rev = 0, infra = 0, spendable = 0;
  for (std::size_t c = 0; c < rev_month_.size(); ++c) {
    rev += rev_month_[c];
    const double avail = rev_month_[c] > 0 ? net * rev_month_[c] : rev_month_[c];
    spendable += avail;
    const double to_fund = (1.0 - p_.public_service_share) * avail * scale;
    fund_[c] += std::max(-fund_[c], to_fund);
    const double x = p_.infrastructure_share * std::max(0.0, fund_[c]);
    fund_[c] -= x;
    infra += x / scale;
    rev_month_[c] = 0;
  }
  fiscal_ += rev;
  w_->goods->set_public_services(p_.public_service_share * std::max(0.0, spendable));
  w_->goods->add_investment(infra);
}

void Government::serialize(sim::Archive& ar) {
  ar.check("zhejiang.government");
  ar.io(fund_);
  ar.io(rev_month_);
  ar.io(fund_start_);
  ar.io(pensions_);
  ar.io(fiscal_);
}

}  // namespace models::zhejiang
