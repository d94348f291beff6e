#include "models/zhejiang/migration.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/choices.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/labour.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void MigrationParams::bind(sim::ParamBinder& b) {
  using sim::Schedule;
  b.schedule(reservation_income, "migration.reservation_income",
             Schedule{Schedule::Interp::Linear, {{1978, 134}, {1990, 317}, {2000, 519}, {2013, 1496}}}, "1978 yuan per worker per year", 0, 1e7,
             "income of a worker staying in a rural home province",
             "national rural net income per capita deflated by the CPI at 1978, 1990, 2000 and 2013 (scenarios/data/china_rural_income_1978_2013.csv; "
             "2013 also in the targets, scope china); the yearly series was tried and not adopted (calibration stage 10, docs/calibration.md section 7)");
  b.real(reservoir, "migration.reservoir", 5000, "10k persons", 0, 1e6, "workers in other provinces who could migrate", "priors D11 (77 m cross-province, 85% to the east)");
  b.real(elasticity, "migration.elasticity", 2.462, "elasticity", 0, 10, "elasticity of migration to the expected income ratio", "priors M2 (1-3), M1; estimated (weakly identified): scenarios/calibration/zhejiang_reform.yaml (Sbplx, stage 6, docs/calibration.md section 7; kept by stage 7)");
  b.real(rate, "migration.rate", 0.000879, "per month", 0, 1,
         "share of the reservoir not yet here that moves in a month at an expected income ratio of 1, with no network and open borders",
         "residents from other provinces 2013; estimated: scenarios/calibration/zhejiang_reform.yaml (Sbplx, stage 6, docs/calibration.md section 7; kept by stage 7)");
  b.real(living_cost, "migration.living_cost_share", 0.34, "share of the wage", 0, 1, "city living cost of a migrant as a share of the wage", "priors M3 (892 of 2,609 yuan/month in 2013)");
  b.schedule(barrier, "migration.policy_openness", Schedule{Schedule::Interp::Step, {{1978, 0.05}, {1984, 0.4}, {1992, 0.6}, {2001, 0.8}, {2003, 1.0}}}, "factor", 0, 1,
             "how far national policy let rural workers move between provinces (multiplies the flow)",
             "dated policy decisions: before 1984 leaving the commune needed permission; 1984 rural workers allowed to work in towns with "
             "their own grain; 1992 the socialist market economy (grain coupons abolished 1993, labour markets opened); 2001 State Council "
             "reform of small-town hukou; 2003 custody and repatriation abolished; levels: assumption (not fitted)");
  b.schedule(rural_mobility, "migration.rural_mobility", Schedule{Schedule::Interp::Step, {{1978, 0.01}, {1984, 0.1}, {1998, 0.2}}},
             "probability", 0, 1, "chance that a local rural household may move to another county for work (or to the hub for a stall) under national policy",
             "dated policy decisions: 1984 rural workers allowed to work in towns; 1997-98 small-town hukou pilots; levels: assumption");
  b.schedule(town_settlement, "migration.town_settlement", Schedule{Schedule::Interp::Step, {{1978, 0.01}, {1984, 1.0}}}, "probability", 0, 1,
             "chance that a local rural household whose workers all work off the farm may settle in its own township's town under national policy",
             "dated policy decision: State Council notice of October 1984 letting peasants settle in market towns with self-supplied grain (the yearly step opens it from January 1984); before it, grain rationing and the communes; level 1 = no policy restriction (the hazard urban.move_to_town is behaviour)");
  b.real(network, "migration.network", 10, "factor per share of the reservoir", 0, 1e4,
         "the flow rises by this factor times the migrants already living in the province as a share of the reservoir (earlier migrants help)",
         "priors M2 (networks in Chinese migration); estimated: scenarios/calibration/zhejiang_migration.yaml (Sbplx, docs/calibration.md section 7; at the upper bound 10 of its search range)");
  b.real(network_destination, "migration.network_destination", 0.5, "per migrant", 0, 100,
         "arrivals choose towns by vacancies plus this weight per earlier migrant living there", "assumption");
  b.real(return_to_found, "migration.return_to_found", 0.05, "per year", 0, 1,
         "hazard that a migrant household with some years here and the savings to start a business goes home to start it",
         "field notes 7 (migrants return 'to set up their own businesses with the skills and social networks accumulated'); value: assumption");
  b.real(found_years, "migration.found_years", 5, "years", 0, 100, "years in the province before a migrant may return to start a business",
         "assumption");
  for (const char* k : {"migration.opening_mid", "migration.opening_width"})
    b.removed(k, "inter-provincial barriers follow dated national decisions (migration.policy_openness) and migrants' networks, not a fitted curve");
  for (const char* k : {"migration.rural_mobility_start", "migration.rural_mobility_end", "migration.rural_mobility_mid", "migration.rural_mobility_width"})
    b.removed(k, "local rural mobility follows dated national decisions (migration.rural_mobility) and the hukou reform module");
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
  b.real(destination_elasticity, "migration.destination_elasticity", 2.462, "elasticity", 0, 10,
         "arrivals weigh each town (its vacancies, workers and earlier migrants) by (the chance of a job in its county)^this: the "
         "county's unfilled vacancies / (those + its members seeking work) when the month's arrivals come - after the month's matching "
         "and, in a quarter's decision month, its new job search (the province's where a county has neither); 0: towns by vacancies, "
         "workers and earlier migrants alone",
         "Harris-Todaro by destination (migrants go where the chance of a job is best); value: migration.elasticity's, one choice of "
         "whether and where to go with one elasticity (priors M2: 1-3, Tombe & Zhu 2019); adopted 2026-12-02 (docs/model.md section 9)");
  b.real(couple_share, "migration.couple_share", 0.3, "share", 0, 1, "share of migrants without their family who come as a couple", "assumption");
  b.real(skill_offset, "migration.skill_offset", 0.1, "log points", -5, 5, "how much lower migrants' mean log skill is than locals'", "assumption");
}

void Migration::declare(sim::ParamRegistry& reg) { sim::declare_bound<MigrationParams>(reg, "zhejiang"); }

void Migration::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<MigrationParams>(p, "zhejiang");
}

double Migration::return_probability(std::size_t r) const {
  const auto& h = w_->households->col();
  const bool jobless = h.lf[r] > 0 && h.unemp[r] == h.lf[r] && h.own[r] == 0;
  // a household whose members have all grown old goes home as the jobless do (presentation: "the
  // young ones mostly would stay in cities while the older ones return home")
  const bool retired = h.adults[r] == 0 && h.own[r] == 0;
  double hazard = (jobless && h.unemp_months[r] >= p_.jobless_months) || retired ? p_.unemployed_return : p_.return_rate / kMonths;
  const double years = w_->ctx->year() - h.arrival[r];
  if (years >= p_.found_years && h.savings[r] >= w_->choices->entry_capital()) hazard += p_.return_to_found / kMonths;
  return hazard * w_->access->return_factor(r);
}

void Migration::tally() {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  town_migrants_.assign(w_->places->towns(), 0.0);
  double n = 0;
  for (std::size_t r = 0; r < hh.size(); ++r)
    if (h.hukou[r] == OtherProvince) {
      const double p = hh.persons(r);
      n += p;
      town_migrants_[h.town[r]] += p;
    }
  stock_ = n * w_->ctx->scale();
}

double Migration::family_share() const {
  const double base = p_.family_share;
  const double access = w_->access->school_access_share();
  if (access <= 0) return base;
  const double top = std::max(base, p_.family_share_open);
  return base + (top - base) * access;
}

// Arrivals go where vacancies are (towns weighted by unfilled vacancies, and by jobs), and where the
// chance of a job is best (Harris-Todaro by destination): each town's weight times (the chance of a
// job in its county)^destination_elasticity, the chance being the county's unfilled vacancies /
// (those + its members seeking work when the arrivals come) - the province's where a county has
// neither. Counted by county, where a sample holds dozens of firms and hundreds of households even
// at 1:1000.
std::vector<double> Migration::town_weights() const {
  const Firms& firms = *w_->firms;
  const Places& pl = *w_->places;
  const auto& fc = firms.col();
  const bool by_chance = p_.destination_elasticity > 0;
  std::vector<double> weight(pl.towns(), 0), vac(by_chance ? pl.towns() : 0, 0);
  for (std::size_t f = 0; f < firms.size(); ++f) {
    weight[fc.town[f]] += std::max(0, fc.vacancies[f]) + p_.vacancy_weight * fc.workers[f];
    if (by_chance) vac[fc.town[f]] += std::max(0, fc.vacancies[f]);
  }
  if (town_migrants_.size() == weight.size())
    for (std::size_t t = 0; t < weight.size(); ++t) weight[t] += p_.network_destination * town_migrants_[t];
  if (!by_chance) return weight;
  // vacancies and seekers by county: whole numbers, so every sum below is exact in any order
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  const std::size_t C = pl.counties();
  std::vector<std::vector<double>> part(sim::chunk_count(hh.size()));
  sim::parallel_chunks(hh.size(), [&](std::size_t c, std::size_t b, std::size_t e) {
    auto& x = part[c];
    x.assign(C, 0.0);
    for (std::size_t r = b; r < e; ++r) x[pl.town_county(h.town[r])] += h.seek[r];
  });
  std::vector<double> vac_c(C, 0.0), seek_c(C, 0.0);
  double vs = 0, ss = 0;
  for (std::size_t t = 0; t < vac.size(); ++t) {
    vac_c[pl.town_county(t)] += vac[t];
    vs += vac[t];
  }
  for (const auto& x : part)
    for (std::size_t k = 0; k < C; ++k) {
      seek_c[k] += x[k];
      ss += x[k];
    }
  const double province = vs + ss > 0 ? vs / (vs + ss) : 1.0;
  std::vector<double> factor(C);
  for (std::size_t k = 0; k < C; ++k)
    factor[k] = std::pow(vac_c[k] + seek_c[k] > 0 ? vac_c[k] / (vac_c[k] + seek_c[k]) : province, p_.destination_elasticity);
  for (std::size_t t = 0; t < weight.size(); ++t) weight[t] *= factor[pl.town_county(t)];
  return weight;
}

void Migration::arrivals() {
  const Context& ctx = *w_->ctx;
  const Labour& lab = *w_->labour;
  Households& hh = *w_->households;
  const auto& hp = hh.params();
  const double res = p_.reservation_income.at(ctx.time()) / kMonths * (1.0 + p_.move_cost);
  const double expected = lab.wage() * lab.migrant_find() * (1.0 - p_.living_cost);
  if (expected <= 0 || res <= 0) return;
  const double ratio = expected / res;
  // smooth response: the flow rises with the expected-income ratio (no threshold that switches it on)
  // the pool of would-be migrants is the reservoir less those already here
  const double reservoir = p_.reservoir * 1e4;
  const double flow_real = p_.rate * std::max(0.0, reservoir - stock_) * std::pow(ratio, p_.elasticity) * p_.barrier.at(ctx.time()) *
                           (1.0 + p_.network * stock_ / reservoir);
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
