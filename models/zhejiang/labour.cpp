#include "models/zhejiang/labour.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void LabourParams::bind(sim::ParamBinder& b) {
  using sim::Schedule;
  b.real(wage0, "labour.wage", 18, "1978 yuan per month", 0, 1e6, "wage of a worker of skill 1 in 1978 (urban workers have skill ~2, and town premia)",
         "initial condition set with the 1978 urban income per capita 332 (targets): 345 at 1:1000; priors F6");
  b.schedule(skill_returns, "labour.skill_returns", Schedule{Schedule::Interp::Linear, {{1978, 0.5}, {1988, 0.5}, {2001, 1.0}}}, "exponent", 0, 3,
             "returns to skill: a worker's wage multiplier is skill ^ this (the compressed pre-reform wage scale widened in the 1990s)",
             "Zhang, Zhao, Park & Song 2005, J. Comparative Economics 33 (returns to schooling in urban China rose from ~4 % in 1988 to ~10 % in 2001); value 0.5: calibrated to the 1978 urban income 332 (targets)");
  b.real(wage_adjust, "labour.wage_adjustment", 0.08, "per month", 0, 1, "wage response to excess labour demand (share of workforce)", "assumption");
  b.real(wage_step_cap, "labour.wage_step_cap", 0.2, "share of workforce", 0, 10, "excess demand (or supply) beyond which the wage responds no more in a month", "assumption");
  b.real(wage_downward, "labour.wage_downward", 0.2, "ratio", 0, 1, "speed of wage cuts relative to wage rises (downward rigidity)", "assumption");
  b.real(town_wage_elasticity, "labour.town_wage_elasticity", 0.3, "elasticity", 0, 0.3,
         "wage premium of a firm's town with its employment (agglomeration wage premium)",
         "priors G2 (0.07 developing, China 0.19), G3 (0.10-0.15); calibrated: 1978 rural income (brigade-enterprise pay below state wages) and urban/rural ratio");
  b.real(town_wage_ref, "labour.town_wage_reference", 5000, "real jobs", 1, 1e9, "town employment at which the premium is 1", "assumption (normalisation)");
  b.real(premium_min, "labour.town_premium_min", 0.4, "ratio", 0, 1, "lowest town wage premium", "assumption");
  b.real(premium_max, "labour.town_premium_max", 2.5, "ratio", 1, 100, "highest town wage premium", "assumption");
  b.real(job_rate_weight, "labour.job_rate_weight", 0.2, "share", 0, 1,
         "weight of this month in the job-finding rate seekers expect (the rest is memory)", "assumption (about five months of memory)");
  b.real(province_search, "labour.province_search", 0.3, "per month", 0, 1,
         "chance that a seeker without a job in the county searches across the province (the public employment service raises it)",
         "assumption");
  b.real(market_min_firms, "labour.market_min_firms", 30, "sample firms", 0, 1e9,
         "a seeker's second search covers his county, widened to neighbouring counties until it holds this many sample firms (a sampling device: 0 = the county alone)",
         "convention (a county's labour market must hold enough sample firms for its vacancies not to come in lumps; docs/model.md section 8, Scale)");
  b.choice(town_allocation, "labour.town_allocation", "proportional", {"first", "proportional"},
           "which of a town's firms with open vacancies a seeker who searches that town takes: the first in row order (the oldest), "
           "or one drawn in proportion to its open vacancies. With more vacancies than seekers 'first' gives a town's seekers to its "
           "oldest firms, a winner-take-all whose strength grows with the number of sample firms per town, i.e. with a finer sample "
           "(docs/model.md section 8, Scale); 'proportional' (the default) does not, and 'first' is kept to reproduce the models estimated before stage 8",
           "sampling convention (docs/model.md section 8, Scale; docs/calibration.md section 8)");
  b.real(move_for_work, "labour.move_for_work", 0.1, "ratio", 0, 1,
         "chance that a local seeker looks for work in another county, relative to the chance of a province-wide search (labour.province_search)",
         "assumption (not calibrated)");
  b.real(vacancy_memory, "labour.vacancy_memory", 0.1, "per month", 0.001, 1,
         "weight of this month in a county's smoothed vacancies, which direct the locals who move to another county for work",
         "assumption (about ten months)");
}

void Labour::declare(sim::ParamRegistry& reg) { sim::declare_bound<LabourParams>(reg, "zhejiang"); }

void Labour::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<LabourParams>(p, "zhejiang");
  proportional_ = p_.town_allocation == "proportional";
  wage_ = p_.wage0;
}

double Labour::skill_beta() const { return p_.skill_returns.at(w_->ctx->time()); }

double Labour::premium_at(double real_jobs) const {
  return std::clamp(std::pow(std::max(1.0, real_jobs) / p_.town_wage_ref, p_.town_wage_elasticity), p_.premium_min, p_.premium_max);
}

void Labour::update_town_premia() {
  const Places& pl = *w_->places;
  const double scale = w_->ctx->scale();
  town_prem_.resize(pl.towns());
  for (std::size_t t = 0; t < pl.towns(); ++t) town_prem_[t] = premium_at(pl.town_jobs(t) * scale);
}

void Labour::layoffs() {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  const Firms& firms = *w_->firms;
  const Context& ctx = *w_->ctx;
  sim::parallel_rows(hh.size(), [&](std::size_t r) {
    if (h.employer[r] == kNone || h.wage[r] == 0) return;
    const auto fr = firms.row_of(h.employer[r]);
    if (fr == sim::kNoRow || firms.col().layoff_p[fr] <= 0) return;
    auto rng = ctx.rng(draw::kLayoffs, hh.id(r));
    const auto lost = rng.binomial(h.wage[r], firms.col().layoff_p[fr]);
    if (lost > 0) hh.lay_off(r, lost);
  });
}

// Vacancies by town (firm row order) with a cursor per town; towns with vacancies by county.
struct Labour::Matching {
  std::vector<std::vector<std::size_t>> town_vac;
  std::vector<std::size_t> cursor;
  std::vector<std::vector<std::uint32_t>> county_towns;
  std::vector<std::uint32_t> area_of;                  ///< labour-market area of each county
  std::vector<std::vector<std::uint32_t>> area_towns;  ///< towns with vacancies by area
  double seekers_local = 0, hired_local = 0, seekers_mig = 0, hired_mig = 0, mobility = 0, province = 0;
  double prospect = 0;  ///< province vacancies per seeker (smoothed vacancies / this month's seekers)
  std::size_t none = 0;
  bool proportional = false;
  /// Proportional picks (labour.town_allocation): for each town t a Fenwick tree over the open
  /// vacancies of town_vac[t], slots tree_at[t] + 1 .. tree_at[t] + n in one flat array, with the
  /// town's total open vacancies in slot tree_at[t] + 0; and each listed firm's place in its list.
  /// A pick descends the tree in O(log n); the vacancies are whole numbers, so the draw minus the
  /// tree's partial sums is exact and the pick is the first firm whose running sum exceeds the draw.
  std::vector<std::int64_t> tree;
  std::vector<std::size_t> tree_at;
  std::vector<std::uint32_t> place;
  void build_trees(const Firms& firms) {
    tree_at.resize(town_vac.size());
    std::size_t slots = 0;
    for (std::size_t t = 0; t < town_vac.size(); ++t) {
      tree_at[t] = slots;
      slots += town_vac[t].size() + 1;
    }
    tree.assign(slots, 0);
    place.assign(firms.size(), 0);
    for (std::size_t t = 0; t < town_vac.size(); ++t) {
      const auto& list = town_vac[t];
      std::int64_t* a = tree.data() + tree_at[t];
      const std::size_t n = list.size();
      for (std::size_t i = 0; i < n; ++i) {
        a[i + 1] = std::max(0, firms.col().vacancies[list[i]]);
        a[0] += a[i + 1];
        place[list[i]] = static_cast<std::uint32_t>(i);
      }
      for (std::size_t i = 1; i <= n; ++i)
        if (const std::size_t j = i + (i & (~i + 1)); j <= n) a[j] += a[i];
    }
  }
  /// Firm row f of town t filled one vacancy.
  void filled(std::size_t f, std::uint32_t t) {
    std::int64_t* a = tree.data() + tree_at[t];
    const std::size_t n = town_vac[t].size();
    a[0] -= 1;
    for (std::size_t i = place[f] + 1; i <= n; i += i & (~i + 1)) a[i] -= 1;
  }
  std::size_t next(std::uint32_t t, const Firms& firms) {
    auto& cur = cursor[t];
    while (cur < town_vac[t].size() && firms.col().vacancies[town_vac[t][cur]] <= 0) ++cur;
    return cur < town_vac[t].size() ? town_vac[t][cur] : none;
  }
  /// A firm of town t with open vacancies: the first in row order, or one drawn in proportion to
  /// its open vacancies (labour.town_allocation).
  std::size_t take(std::uint32_t t, const Firms& firms, sim::Rng& rng) {
    if (!proportional) return next(t, firms);
    const std::int64_t* a = tree.data() + tree_at[t];
    if (a[0] <= 0) return none;
    // u < the total: uniform() <= 1 - 2^-53 times a whole number rounds below it
    double u = rng.uniform() * static_cast<double>(a[0]);
    const std::size_t n = town_vac[t].size();
    std::size_t at = 0, step = 1;
    while (step * 2 <= n) step *= 2;
    for (; step > 0; step /= 2)
      if (at + step <= n && static_cast<double>(a[at + step]) <= u) {
        at += step;
        u -= static_cast<double>(a[at]);
      }
    return at < n ? town_vac[t][at] : none;
  }
};

// One seeking household in one pass: its town (pass 0), its labour-market area (1), the province (2).
void Labour::search(std::size_t r, std::size_t pass, Matching& m) {
  static constexpr Draw kPassDraws[3] = {draw::kSearchTown, draw::kSearchCounty, draw::kSearchProvince};
  Households& hh = *w_->households;
  Firms& firms = *w_->firms;
  const Places& pl = *w_->places;
  const auto& h = hh.col();
  const bool mig = h.hukou[r] == OtherProvince;
  if (pass == 0) (mig ? m.seekers_mig : m.seekers_local) += h.seek[r];
  auto rng = w_->ctx->rng(kPassDraws[pass], hh.id(r));
  while (h.seek[r] > 0) {
    std::size_t f = m.none;
    if (h.employer[r] != kNone) {  // family members join the household's employer
      const auto fr = firms.row_of(h.employer[r]);
      if (fr != sim::kNoRow && firms.col().vacancies[fr] > 0) f = fr;
      else break;
    } else if (pass == 0) {
      f = m.take(h.town[r], firms, rng);
    } else if (pass == 1) {
      const auto& ct = m.area_towns[m.area_of[pl.town_county(h.town[r])]];
      for (std::size_t k = 0; k < ct.size() && f == m.none; ++k)
        f = m.take(ct[(k + rng.below(static_cast<std::uint32_t>(ct.size()))) % ct.size()], firms, rng);
    } else if (rng.uniform() < w_->access->province_search_chance(m.province, r)) {
      for (int tries = 0; tries < 8 && f == m.none; ++tries) f = m.take(rng.below(static_cast<std::uint32_t>(pl.towns())), firms, rng);
    }
    if (f == m.none) break;
    // within its labour-market area a worker takes a job as within its county (commuting, factory
    // dormitories); beyond it a local worker takes the job from the factory dormitory while the
    // household stays (whether it moves is move_for_work's decision), if hukou and business allow;
    // a migrant from another province moves with any job in another county
    const std::uint32_t ft = firms.col().town[f];
    const std::uint32_t fc = pl.town_county(ft), hc = pl.town_county(h.town[r]);
    if (fc != hc && m.area_of[fc] != m.area_of[hc]) {
      if (h.own[r] > 0 || h.trade[r] > 0) break;                          // tied to their business
      if (h.hukou[r] == LocalRural && rng.uniform() >= m.mobility) break;  // hukou limits working away
    }
    if (fc != hc && mig) hh.move_for_job(r, ft);
    if (h.farm[r] + h.unemp[r] == 0) break;
    hh.take_job(r, firms.id(f));
    firms.fill_vacancy(f, h.skill_pow[r]);
    if (m.proportional) m.filled(f, ft);
    (mig ? m.hired_mig : m.hired_local) += 1;
  }
}

// Before the month's search, a local household with members seeking work may move to another
// county: with chance labour.move_for_work times that of a province-wide search (the employment
// service raises it) times its mobility (hukou) times the province's vacancies per seeker, to a
// county drawn in proportion to its smoothed vacancies, where it then searches. Moving with every
// cross-county match instead would make the moves grow with the sampling step: in a coarse sample
// a county's few firms post vacancies in bursts, so the seekers a county leaves unmatched (who
// then search the province) are mostly sampling noise. This rule applies to all seekers and is
// linear in county totals, so its expected flows are those of the full population at any scale.
void Labour::move_for_work(std::size_t r, const Matching& m) const {
  Households& hh = *w_->households;
  const Places& pl = *w_->places;
  const auto& h = hh.col();
  if (h.seek[r] == 0 || h.employer[r] != kNone || h.own[r] > 0 || h.trade[r] > 0) return;
  auto rng = w_->ctx->rng(draw::kMoveForWork, hh.id(r));
  const double mob = h.hukou[r] == LocalRural ? m.mobility : 1.0;
  if (rng.uniform() >= p_.move_for_work * w_->access->province_search_chance(m.province, r) * mob * m.prospect) return;
  const std::uint32_t from = pl.town_county(h.town[r]);
  double total = 0;
  for (std::size_t c = 0; c < county_vacancies_.size(); ++c)
    if (c != from) total += county_vacancies_[c];
  if (total <= 0) return;
  double u = rng.uniform() * total;
  std::uint32_t to = kNone;
  for (std::uint32_t c = 0; c < county_vacancies_.size() && to == kNone; ++c) {
    if (c == from) continue;
    if (u < county_vacancies_[c] || c + 1 == county_vacancies_.size()) to = c;
    else u -= county_vacancies_[c];
  }
  if (to == kNone || to == from) return;
  const auto& ct = m.county_towns[to];
  const std::uint32_t town = ct.empty() ? pl.county_seat(to) : ct[rng.below(static_cast<std::uint32_t>(ct.size()))];
  hh.move_for_job(r, town);
}

void Labour::match() {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  const Firms& firms = *w_->firms;
  const Places& pl = *w_->places;
  layoffs();
  Matching m;
  m.none = firms.size();
  m.mobility = w_->access->rural_mobility();
  m.province = p_.province_search;
  // one pass over the firms: vacancies by town (row order), and sample firms and vacancies by county
  const std::size_t C = pl.counties();
  std::vector<double> county_firms(C, 0.0), vacancies(C, 0.0);
  m.town_vac.resize(pl.towns());
  for (std::size_t f = 0; f < firms.size(); ++f) {
    const std::uint32_t t = firms.col().town[f];
    const std::int32_t v = firms.col().vacancies[f];
    if (v > 0) m.town_vac[t].push_back(f);
    county_firms[pl.town_county(t)] += 1.0;
    vacancies[pl.town_county(t)] += std::max(0, v);
  }
  m.cursor.assign(pl.towns(), 0);
  m.proportional = proportional_;
  if (m.proportional) m.build_trees(firms);
  // Labour-market areas: a county, or neighbouring counties (by index) grouped until the group has
  // labour.market_min_firms sample firms. A county stands for thousands of firms; with a handful of
  // sample firms its vacancies come in lumps, so seekers and vacancies would stay unmatched side by
  // side in neighbouring counties, more so the coarser the sample (1985: 4.4 % of workers unemployed
  // at 1:4000 against 2.0 % at 1:250). Within an area a job is taken as within a county.
  m.area_of.assign(C, 0);
  std::uint32_t area = 0;
  double in_area = 0;
  for (std::size_t c = 0; c < C; ++c) {
    if (in_area >= p_.market_min_firms) {
      ++area;
      in_area = 0;
    }
    m.area_of[c] = area;
    in_area += county_firms[c];
  }
  if (in_area < p_.market_min_firms && area > 0)  // a short last group joins the one before it
    for (std::size_t c = C; c-- > 0 && m.area_of[c] == area;) m.area_of[c] = area - 1;
  m.county_towns.assign(C, {});
  m.area_towns.assign(C, {});
  for (std::uint32_t t = 0; t < pl.towns(); ++t)
    if (!m.town_vac[t].empty()) {
      m.county_towns[pl.town_county(t)].push_back(t);
      m.area_towns[m.area_of[pl.town_county(t)]].push_back(t);
    }
  if (county_vacancies_.size() != C) county_vacancies_ = vacancies;
  double vac_total = 0;
  for (std::size_t c = 0; c < C; ++c) {
    county_vacancies_[c] += p_.vacancy_memory * (vacancies[c] - county_vacancies_[c]);
    vac_total += county_vacancies_[c];
  }
  // before the month's search: locals who look for work in another county (all seekers, not the
  // ones a coarse sample happens to leave unmatched, so that the moves do not grow with the step).
  // Seeking is clamped here once; moving and taking jobs keep seek <= farm + unemployed.
  // The clamp and the moves touch only their own household's row (a move decides on the household's
  // own stream and the county vacancies reckoned above), so they run in parallel; the seekers are
  // whole numbers, so their sum is exact in any order.
  sim::parallel_rows(hh.size(), [&](std::size_t r) { hh.clamp_seeking(r); });
  const double seekers_total = sim::parallel_sum(hh.size(), [&](std::size_t r) { return static_cast<double>(h.seek[r]); });
  m.prospect = seekers_total > 0 ? std::min(1.0, vac_total / seekers_total) : 0.0;
  sim::parallel_rows(hh.size(), [&](std::size_t r) {
    if (h.hukou[r] != OtherProvince) move_for_work(r, m);
  });
  std::vector<std::size_t> remaining;
  for (std::size_t pass = 0; pass < 3; ++pass) {
    const std::size_t limit = pass == 0 ? hh.size() : remaining.size();
    std::vector<std::size_t> still;
    for (std::size_t i = 0; i < limit; ++i) {
      const std::size_t r = pass == 0 ? i : remaining[i];
      if (h.seek[r] == 0) continue;
      search(r, pass, m);
      if (h.seek[r] > 0 && h.employer[r] == kNone) still.push_back(r);
    }
    remaining.swap(still);
  }
  const double a = p_.job_rate_weight;
  if (m.seekers_local > 0) local_job_rate_ = (1.0 - a) * local_job_rate_ + a * (m.hired_local / m.seekers_local);
  if (m.seekers_mig > 0) migrant_job_rate_ = (1.0 - a) * migrant_job_rate_ + a * (m.hired_mig / m.seekers_mig);
  adjust_wage();
}

// The wage rises with unfilled vacancies net of the unemployed (and falls more slowly).
void Labour::adjust_wage() {
  const Firms& firms = *w_->firms;
  const Households& hh = *w_->households;
  double unfilled = 0, workers = 0;
  for (std::size_t f = 0; f < firms.size(); ++f) {
    unfilled += std::max(0, firms.col().vacancies[f]);
    workers += firms.col().workers[f];
  }
  // whole numbers: the sum is exact in any order
  const double idle = sim::parallel_sum(hh.size(), [&](std::size_t r) { return static_cast<double>(hh.col().unemp[r]); });
  const double x = (unfilled - idle) / std::max(1.0, workers);
  const double c = p_.wage_step_cap;
  wage_ *= std::exp(p_.wage_adjust * (x > 0 ? std::min(x, c) : p_.wage_downward * std::max(x, -c)));
}

void Labour::serialize(sim::Archive& ar) {
  ar.check("zhejiang.labour");
  ar.io(wage_);
  ar.io(local_job_rate_);
  ar.io(migrant_job_rate_);
  ar.io(town_prem_);
  ar.io(county_vacancies_);
}

}  // namespace models::zhejiang
