#include "models/zhejiang/migration.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/choices.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/labour.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang {

void MigrationParams::bind(sim::ParamBinder& b) {
  using sim::Schedule;
  b.schedule(reservation_income, "migration.reservation_income",
             Schedule{Schedule::Interp::Linear, {{1978, 134}, {1990, 317}, {2000, 519}, {2013, 1496}}}, "1978 yuan per worker per year", 0, 1e7,
             "income of a worker staying in a rural home province",
             "national rural net income per capita deflated by the CPI (targets: china 2013; priors N3 memory denominators)");
  b.real(reservoir, "migration.reservoir", 5000, "10k persons", 0, 1e6, "workers in other provinces who could migrate", "priors D11 (77 m cross-province, 85% to the east)");
  b.real(elasticity, "migration.elasticity", 1.5, "elasticity", 0, 10, "elasticity of migration to the expected income ratio", "priors M2 (1-3), M1");
  b.real(rate, "migration.rate", 0.005, "per month", 0, 1, "share of the reservoir moving at an expected income ratio of e", "calibrated: residents from other provinces 2013");
  b.real(living_cost, "migration.living_cost_share", 0.34, "share of the wage", 0, 1, "city living cost of a migrant as a share of the wage", "priors M3 (892 of 2,609 yuan/month in 2013)");
  b.real(opening_mid, "migration.opening_mid", 1997, "year", 1978, 2100,
         "mid-point of the gradual (logistic) fall of barriers to inter-provincial migration (multiplies the Harris-Todaro flow)",
         "priors M2 (Zhu & Poncet: border effects shrinking in the 1990s; Tombe & Zhu: costs falling to 2005); calibrated: residents from other provinces 2013");
  b.real(opening_width, "migration.opening_width", 3, "years", 0.1, 50, "time scale of that fall", "assumption");
  b.real(move_cost, "migration.move_cost", 0.2, "share of reservation income", 0, 10, "moving and border cost", "priors M1 (distance elasticity ~1.5)");
  b.real(return_rate, "migration.return_rate", 0.015, "per year", 0, 1, "return hazard of employed migrants", "priors M5");
  b.real(unemployed_return, "migration.unemployed_return", 0.2, "per month", 0, 1, "return hazard of migrants without work", "assumption (Harris-Todaro)");
  b.real(jobless_months, "migration.jobless_months", 2, "months", 0, 1000, "months without work after which a migrant household returns at the unemployed hazard", "assumption");
  b.real(family_share, "migration.family_share", 0.3, "share", 0, 1, "share of migrants who bring their family (children are otherwise left behind)",
         "targets: migrant_married_families_3y_plus 39.6%; field notes 8 (children left behind)");
  b.real(family_share_open, "migration.family_share_open", 0.7, "share of migrants", 0, 1,
         "migrants who would bring their family if their children were sure of a school seat",
         "assumption; priors M4 (13.9 m migrant children aged 6-14 in the 2010 census); field notes: families vs children left behind");
  b.real(vacancy_weight, "migration.worker_weight", 0.05, "per worker", 0, 100,
         "arrivals choose towns by their unfilled vacancies plus this weight per worker already employed there", "assumption");
  b.real(couple_share, "migration.couple_share", 0.3, "share", 0, 1, "share of migrants without their family who come as a couple", "assumption");
  b.real(skill_offset, "migration.skill_offset", 0.1, "log points", -5, 5, "how much lower migrants' mean log skill is than locals'", "assumption");
}

void Migration::declare(sim::ParamRegistry& reg) { sim::declare_bound<MigrationParams>(reg, "zhejiang"); }

void Migration::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<MigrationParams>(p, "zhejiang");
}

double Migration::opening(double t) const { return 1.0 / (1.0 + std::exp(-(t - p_.opening_mid) / p_.opening_width)); }

double Migration::return_probability(std::size_t r) const {
  const auto& h = w_->households->col();
  const bool jobless = h.lf[r] > 0 && h.unemp[r] == h.lf[r] && h.own[r] == 0;
  return (jobless && h.unemp_months[r] >= p_.jobless_months ? p_.unemployed_return : p_.return_rate / kMonths) *
         w_->access->return_factor(r);
}

double Migration::family_share() const {
  const double base = p_.family_share;
  const double access = w_->access->school_access_share();
  if (access <= 0) return base;
  const double top = std::max(base, p_.family_share_open);
  return base + (top - base) * access;
}

// Arrivals go where vacancies are (towns weighted by unfilled vacancies, and by jobs).
std::vector<double> Migration::town_weights() const {
  const Firms& firms = *w_->firms;
  std::vector<double> weight(w_->places->towns(), 0);
  for (std::size_t f = 0; f < firms.size(); ++f)
    weight[firms.col().town[f]] += std::max(0, firms.col().vacancies[f]) + p_.vacancy_weight * firms.col().workers[f];
  return weight;
}

void Migration::arrivals() {
  const Context& ctx = *w_->ctx;
  const Labour& lab = *w_->labour;
  Households& hh = *w_->households;
  const auto& hp = hh.params();
  const double res = p_.reservation_income.at(ctx.time()) / kMonths * (1.0 + p_.move_cost);
  const double expected = lab.wage() * lab.migrant_job_rate() * (1.0 - p_.living_cost);
  if (expected <= 0 || res <= 0) return;
  const double ratio = expected / res;
  // smooth response: the flow rises with the expected-income ratio (no threshold that switches it on)
  const double flow_real = p_.rate * p_.reservoir * 1e4 * std::pow(ratio, p_.elasticity) * opening(ctx.time());
  auto rng = ctx.rng(draw::kInMigration, 0);
  const double agents = flow_real / ctx.scale();
  auto count = static_cast<std::uint32_t>(agents);
  if (rng.uniform() < agents - count) ++count;
  if (count == 0) return;
  const std::vector<double> weight = town_weights();
  double total = 0;
  for (double x : weight) total += x;
  if (total <= 0) return;
  const double family_p = family_share();
  for (std::uint32_t i = 0; i < count; ++i) {
    double x = rng.uniform() * total;
    std::uint32_t t = 0;
    while (t + 1 < weight.size() && (x -= weight[t]) >= 0) ++t;
    const bool family = rng.uniform() < family_p;
    const std::uint8_t adults = family ? 2 : (rng.uniform() < p_.couple_share ? 2 : 1);
    const std::uint8_t kids = family ? static_cast<std::uint8_t>(1 + rng.below(2)) : 0;
    std::uint8_t lf = static_cast<std::uint8_t>(rng.binomial(adults, hp.participation_migrant));
    if (lf == 0) lf = 1;
    const double skill = rng.lognormal(-p_.skill_offset - 0.5 * hp.skill_sd * hp.skill_sd, hp.skill_sd);
    const double trait = w_->choices->migrant_trait(rng);
    const std::size_t r = hh.add_migrant(t, adults, kids, family, lf, skill, trait, lab.wage() * 12 / 2);
    if (!family && adults == 2)  // a couple without children here left them at home
      hh.set_left_behind(r, static_cast<std::uint8_t>(1 + ctx.rng(draw::kLeftBehind, hh.id(r)).below(2)));
  }
}

}  // namespace models::zhejiang
