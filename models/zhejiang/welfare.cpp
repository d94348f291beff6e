#include "models/zhejiang/welfare.hpp"

#include <algorithm>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/places.hpp"
#include "models/zhejiang/summary.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void WelfareParams::bind(sim::ParamBinder& b) {
  b.group("illness", "Illness shock: a household member falls ill and the household pays for treatment.");
  b.real(illness_probability, "illness.probability", 0.05, "per household per year", 0, 1, "chance of a costly illness in a household",
         "assumption; presentation 'Medical Relief' (relief exists because illness impoverishes households)");
  b.real(illness_cost, "illness.cost", 0.3, "share of the household's income of last year",
         0, 100, "out-of-pocket cost of one illness (at least this share of illness.floor_share of last year's rural income per capita per person)",
         "assumption (no figure in the source)");
  b.real(illness_floor, "illness.floor_share", 0.25, "share of last year's rural income per capita", 0, 100,
         "income per person below which the cost of an illness no longer falls with the household's income", "assumption");
}

void Welfare::declare(sim::ParamRegistry& reg) {
  auto b = sim::ParamBinder::declaring(reg, "zhejiang");
  WelfareParams p{};
  p.bind(b);
}

void Welfare::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<WelfareParams>(p, "zhejiang");
}

// The cost of treating an illness is spending (bought from service providers) out of savings; a
// low-income, covered household receives relief for part of it (a transfer, income).
double Welfare::illness(std::size_t r, std::size_t county, bool covered, double means) {
  Households& hh = *w_->households;
  const double pers = hh.persons(r);
  const double rural_last = w_->summary->rural_income_last_year();
  const double cost = p_.illness_cost * pers * std::max(hh.col().ypc_last[r], p_.illness_floor * rural_last);
  const Channels& ch = *w_->channels;
  if (ch.relief && ch.relief->active() && covered && means < ch.targeting->targeting_line()) ch.relief->relieve(r, county, cost);
  hh.spend(r, cost);
  illness_events_ += 1;
  return cost;
}

void Welfare::month() {
  const Channels& ch = *w_->channels;
  bool transfers_on = false;
  for (const auto* t : ch.transfers) transfers_on = transfers_on || t->active();
  const bool relief_on = ch.relief && ch.relief->active() && ch.targeting && ch.targeting->targeting_line() > 0;
  const bool ill_on = p_.illness_probability > 0 && p_.illness_cost > 0;
  if (!transfers_on && !relief_on && !ill_on) return;
  Households& hh = *w_->households;
  const auto& h = hh.col();
  const double ill_p = p_.illness_probability / kMonths;
  // Pass 1, in parallel: each household's own state, its illness draw (a keyed stream) and whether a
  // transfer considers it. Pass 2, in row order: the illnesses and payments, which draw on county
  // funds and so keep the order of the serial loop (same bytes for any thread count).
  struct Case {
    std::size_t row, county;
    double means, pers;
    bool urban, migrant, covered, ill;
  };
  const std::size_t n = hh.size();
  sim::ChunkBuffers<Case> cases(n);
  const sim::Rng proto = w_->ctx->rng(draw::kIllness, 0);
  sim::parallel_chunks(n, [&](std::size_t ch_i, std::size_t b, std::size_t e) {
    sim::StreamBatch streams;  // the illness draws: each household's first block computed ahead
    if (ill_on) streams.compute(proto, hh.ids() + b, e - b, 1);
    for (std::size_t r = b; r < e; ++r) {
      for (auto* t : ch.transfers) t->begin(r);
      const double pers = hh.persons(r);
      if (pers <= 0) continue;
      Case k{r, w_->places->town_county(h.town[r]), 0.0, pers, hh.urban_resident(r), h.hukou[r] == OtherProvince, false, false};
      // income per person last year, without last year's transfers (the means test)
      double received = 0;
      for (const auto* t : ch.transfers) received += t->received_last_year(r);
      k.means = h.ypc_last[r] - received / pers;
      k.covered = w_->access->relief_covered(r);
      k.ill = ill_on && streams.rng(r - b).uniform() < ill_p;
      bool paid = false;
      for (const auto* t : ch.transfers) paid = paid || t->may_pay(r, k.urban, k.migrant, k.covered, k.means);
      if (k.ill || paid) cases[ch_i].push_back(k);
    }
  });
  double medical = 0;
  cases.drain([&](const Case& k) {
    if (k.ill) medical += illness(k.row, k.county, k.covered && relief_on, k.means);
    for (auto* t : ch.transfers) t->pay(k.row, k.county, k.urban, k.migrant, k.covered, k.means, k.pers);
  });
  w_->goods->buy(IoServ, Flow::Consumption, Sector::Households, medical);  // treatment is bought from service providers
}

void Welfare::serialize(sim::Archive& ar) {
  ar.check("zhejiang.welfare");
  ar.io(illness_events_);
}

}  // namespace models::zhejiang
