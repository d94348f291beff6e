#include "models/zhejiang/summary.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/markets.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

double Summary::rural_income_last_year() const {
  return s_.rural_persons > 0 ? s_.rural_income / s_.rural_persons : w_->households->params().rural_income0;
}

void Summary::close_year() {
  YearSummary s;
  households(s);
  firms(s);
  markets(s);
  s_ = s;
}

// Income statistics follow registration, as Zhejiang's separate urban and rural household surveys
// did until the integrated survey of 2013: urban disposable income covers local urban-hukou
// households (original townspeople, converted villagers, converted migrants), rural net income
// local rural-hukou households wherever they live in the province; migrants from other provinces
// belong to their home provinces' surveys. Urbanisation counts residence.
void Summary::households(YearSummary& s) const {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  const Firms& fm = *w_->firms;
  const double poverty_line = w_->ctx->core().poverty_line;
  const Places& pl = *w_->places;
  const std::uint32_t yiwu = pl.yiwu_county();
  auto sector_of = [&](std::uint32_t firm_id) -> int {
    const auto fr = fm.row_of(firm_id);
    return fr == sim::kNoRow ? -1 : fm.col().sector[fr];
  };
  const std::size_t n = hh.size();
  // Counts of persons, workers and households are whole numbers, so their sums are exact in any
  // order: they are taken per chunk in parallel. The sums of yuan (incomes, savings) and the list of
  // incomes stay in household order, in a task beside them.
  std::vector<YearSummary> part(sim::chunk_count(n));
  auto count = [&](std::size_t r, YearSummary& c) {
    const double pers = hh.persons(r);
    c.persons += pers;
    c.households += 1;
    if (hh.urban_resident(r)) c.urban += pers;
    if (h.hukou[r] == LocalUrban) c.urban_persons += pers;
    else if (h.hukou[r] == LocalRural) c.rural_persons += pers;
    if (h.hukou[r] == LocalUrban && !h.community[r]) c.town_urban_persons += pers;
    const double emp = h.farm[r] + h.wage[r] + h.trade[r] + h.own[r];
    c.unemployed += h.unemp[r];
    c.working_age += h.adults[r];
    c.employed += emp;
    c.primary += h.farm[r];
    c.tertiary += h.trade[r];
    c.traders += h.trade[r];
    c.wage_workers += h.wage[r];
    c.owners += h.own[r];
    if (h.wage[r]) (sector_of(h.employer[r]) == kServices ? c.tertiary : c.secondary) += h.wage[r];
    if (h.own[r]) (sector_of(h.firm[r]) == kServices ? c.tertiary : c.secondary) += h.own[r];
    if (h.hukou[r] == LocalUrban) {
      c.urban_hukou_lf += h.lf[r];
      c.urban_hukou_unemp += h.unemp[r];
    }
    if (h.hukou[r] == LocalRural) {
      c.rural_lf += emp;
      c.rural_nonfarm += h.wage[r] + h.trade[r] + h.own[r];
    }
    if (h.hukou[r] == OtherProvince) c.migrants += pers;
    const double ypc = pers > 0 ? hh.income_year(r) / pers : 0.0;
    if (!hh.arrived_this_year(r)) {  // this year's arrivals count in poverty_rate from the next year
      c.poverty_persons += pers;
      if (ypc < poverty_line) c.poor += pers;
    }
    const std::uint32_t origin = h.home[r] != kNone ? h.home[r] : h.village[r];
    if (h.hukou[r] != OtherProvince && origin != kNone && pl.remote(origin)) {
      c.remote_persons += pers;
      if (ypc < poverty_line) c.remote_poor += pers;
    }
    c.children += h.kids[r];
    if (pl.town_county(h.town[r]) == yiwu) {
      c.yiwu_persons += pers;
      if (h.registered[r] != yiwu) c.yiwu_nonlocal += pers;
      if (h.hukou[r] == OtherProvince) c.yiwu_migrants += pers;
      c.yiwu_traders += h.trade[r];
    }
    if (h.hukou[r] == OtherProvince) {
      c.left_behind += h.left_kids[r];
      c.migrant_children += h.kids[r];
      if (h.kids[r] > 0 && w_->access->school_seat(r)) c.migrant_children_seat += h.kids[r];
    }
  };
  std::vector<std::pair<double, double>> inc;  // (income per person, persons)
  sim::parallel_invoke(
      [&] {
        inc.reserve(n);
        for (std::size_t r = 0; r < n; ++r) {
          const double pers = hh.persons(r);
          const double y = hh.income_year(r);
          if (h.hukou[r] == LocalUrban) s.urban_income += y;
          else if (h.hukou[r] == LocalRural) s.rural_income += y;
          if (h.hukou[r] == LocalUrban && !h.community[r]) s.town_urban_income += y;
          s.savings += h.savings[r];
          if (pers > 0) inc.emplace_back(y / pers, pers);
        }
      },
      [&] {
        sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
          for (std::size_t r = b; r < e; ++r) count(r, part[c]);
        });
      });
  for (const YearSummary& c : part) {
    for (double YearSummary::*f :
         {&YearSummary::persons, &YearSummary::households, &YearSummary::urban, &YearSummary::urban_persons, &YearSummary::town_urban_persons,
          &YearSummary::rural_persons, &YearSummary::unemployed, &YearSummary::working_age, &YearSummary::employed,
          &YearSummary::primary, &YearSummary::secondary, &YearSummary::tertiary, &YearSummary::traders,
          &YearSummary::wage_workers, &YearSummary::owners, &YearSummary::urban_hukou_lf, &YearSummary::urban_hukou_unemp,
          &YearSummary::rural_lf, &YearSummary::rural_nonfarm, &YearSummary::migrants, &YearSummary::poor, &YearSummary::poverty_persons,
          &YearSummary::remote_persons, &YearSummary::remote_poor, &YearSummary::children, &YearSummary::yiwu_persons,
          &YearSummary::yiwu_nonlocal, &YearSummary::yiwu_migrants, &YearSummary::yiwu_traders, &YearSummary::left_behind,
          &YearSummary::migrant_children, &YearSummary::migrant_children_seat})
      s.*f += c.*f;
  }
  // Gini of income per person across persons
  sim::parallel_sort(inc);  // same order as std::sort: pairs compare on both members
  double cw = 0, cy = 0, area = 0;
  for (const auto& [y, w] : inc) {
    const double prev = cy;
    cw += w;
    cy += y * w;
    area += w * (prev + cy) / 2.0;
  }
  s.gini = cw > 0 && cy > 0 ? 1.0 - 2.0 * area / (cw * cy) : 0.0;
}

void Summary::firms(YearSummary& s) const {
  const Firms& fm = *w_->firms;
  const auto& f = fm.col();
  const Places& pl = *w_->places;
  for (std::size_t i = 0; i < fm.size(); ++i) {
    s.firms_all += 1;
    if (!f.collective[i]) s.firms_private += 1;
    const double e = f.workers[i] + (f.collective[i] ? 0 : 1);
    const bool yiwu = pl.town_county(f.town[i]) == pl.yiwu_county();
    if (yiwu) {
      if (!f.collective[i]) s.yiwu_firms += 1;
      s.yiwu_jobs += e;
    }
    if (f.sector[i] < kTrades) {
      s.mfg_sales += f.sales_year[i];
      if (yiwu) s.yiwu_mfg_sales += f.sales_year[i];
    }
    s.size_class[e < 10 ? 0 : e < 100 ? 1 : e < 1000 ? 2 : 3] += e;
  }
}

// Markets over RMB 100 million turnover, the largest market's turnover, the median market's stalls,
// and Yiwu's markets (real units; turnover in real yuan, sample units).
void Summary::markets(YearSummary& s) const {
  const Markets& mk = *w_->markets;
  const Context& ctx = *w_->ctx;
  std::vector<double> stalls;
  for (std::size_t m = 0; m < mk.count(); ++m) {
    const Market& x = mk.market(m);
    if (ctx.to_nominal(x.turnover_year) * ctx.scale() / 1e8 >= 1.0) s.markets_over_100m += 1;
    s.largest_market_turnover = std::max(s.largest_market_turnover, x.turnover_year);
    stalls.push_back(x.capacity);
    if (x.county == w_->places->yiwu_county()) {
      s.yiwu_stalls += x.capacity;
      s.yiwu_turnover += x.turnover_year;
    }
  }
  if (!stalls.empty()) {
    std::sort(stalls.begin(), stalls.end());
    const std::size_t n = stalls.size();
    s.median_market_stalls = n % 2 ? stalls[n / 2] : 0.5 * (stalls[n / 2 - 1] + stalls[n / 2]);
  }
}

void Summary::serialize(sim::Archive& ar) {
  ar.check("zhejiang.summary");
  ar.io(s_);
}

}  // namespace models::zhejiang
