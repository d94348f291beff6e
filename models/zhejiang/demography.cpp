// Demography (priors D1-D7): return migration of migrants, births, deaths and ageing between the
// three age groups each month, and grown children splitting off as a new household.
#include <algorithm>

#include "models/zhejiang/choices.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/ledger.hpp"
#include "models/zhejiang/migration.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {
namespace {
std::uint8_t u8(int v) { return static_cast<std::uint8_t>(std::clamp(v, 0, 255)); }
}  // namespace

// Migrants go home (Harris-Todaro: the unemployed first); a household running a firm stays.
bool Households::leaves(std::size_t r, sim::Rng& rng, Demo& d) {
  if (w_.hukou[r] != OtherProvince) return false;
  const double pr = wd_->migration->return_probability(r);
  if (rng.uniform() < pr && w_.own[r] == 0) {
    d.emigrants += persons(r);
    d.wealth_out += w_.savings[r];  // they take their savings home
    t_->kill(r);
    return true;
  }
  return false;
}

void Households::births_deaths_ageing(std::size_t r, sim::Rng& rng, Demo& d, double birth_rate) {
  const bool migrant = w_.hukou[r] == OtherProvince;
  const int pers = persons(r);
  if (!migrant || w_.family[r]) {  // single migrants' children are born at home
    const double pb = birth_rate * pers * (migrant ? p_.migrant_fertility : 1.0);
    if (rng.uniform() < pb && w_.adults[r] > 0) {
      w_.kids[r] = u8(w_.kids[r] + 1);
      d.births += 1;
    }
  }
  const auto kd = rng.binomial(w_.kids[r], p_.death_kid / kMonths);
  const auto ad = rng.binomial(w_.adults[r], p_.death_adult / kMonths);
  const auto ed = rng.binomial(w_.elderly[r], p_.death_elderly / kMonths);
  d.deaths += kd + ad + ed;
  w_.kids[r] = u8(w_.kids[r] - static_cast<int>(kd));
  w_.elderly[r] = u8(w_.elderly[r] - static_cast<int>(ed));
  for (std::uint32_t i = 0; i < ad; ++i) {  // a dying adult is in the labour force with chance lf / adults
    if (rng.uniform() * w_.adults[r] < w_.lf[r]) remove_worker(r);
    w_.adults[r] = u8(w_.adults[r] - 1);
  }
  const auto ka = rng.binomial(w_.kids[r], p_.age_kid / kMonths);
  const auto ae = rng.binomial(w_.adults[r], p_.age_adult / kMonths);
  for (std::uint32_t i = 0; i < ae; ++i) {
    if (rng.uniform() * w_.adults[r] < w_.lf[r]) remove_worker(r);
    w_.adults[r] = u8(w_.adults[r] - 1);
    w_.elderly[r] = u8(w_.elderly[r] + 1);
  }
  for (std::uint32_t i = 0; i < ka; ++i) {
    w_.kids[r] = u8(w_.kids[r] - 1);
    w_.adults[r] = u8(w_.adults[r] + 1);
    if (rng.uniform() < (migrant ? p_.participation_migrant : p_.participation)) add_labour_member(r);
  }
  if (w_.adults[r] == 0 && w_.kids[r] > 0) {  // orphaned children: the eldest takes over
    w_.kids[r] = u8(w_.kids[r] - 1);
    w_.adults[r] = 1;
  }
  if (w_.adults[r] == 0 && w_.elderly[r] > 0 && w_.own[r] > 0) w_.own[r] = 0;
  keep_a_worker(r);  // when the last worker dies or retires, another working-age member takes up work
}

void Households::demography() {
  const Context& ctx = *wd_->ctx;
  const double split_p = p_.split_rate / kMonths;
  const double birth_rate = p_.cbr.at(ctx.time()) / 1000.0 / kMonths;  // the schedule read once a month, not per household
  const std::size_t n = size();
  sim::ChunkBuffers<SplitReq> splits(n);
  sim::ChunkBuffers<Estate> estates(n);
  std::vector<Demo> demo(sim::chunk_count(n));
  const sim::Rng proto = ctx.rng(draw::kDemography, 0);
  sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
    Demo d;
    sim::StreamBatch streams;  // each household's stream with its first two blocks (8 words) computed ahead
    streams.compute(proto, ids() + b, e - b, 2);
    for (std::size_t r = b; r < e; ++r) {
      auto rng = streams.rng(r - b);
      if (leaves(r, rng, d)) continue;
      births_deaths_ageing(r, rng, d, birth_rate);
      if (persons(r) == 0) {  // the household died out: its savings and land go to an heir
        estates[c].push_back({r, w_.savings[r], w_.land[r]});
        t_->kill(r);
        continue;
      }
      if (w_.hukou[r] != OtherProvince && w_.adults[r] >= 3 && rng.uniform() < split_p)
        splits[c].push_back({r, static_cast<std::uint8_t>(w_.adults[r] >= 4 ? 2 : 1)});
    }
    demo[c] = d;
  });
  double wealth_out = 0;
  for (const auto& d : demo) {
    month_.births += d.births;
    month_.deaths += d.deaths;
    month_.emigrants += d.emigrants;
    wealth_out += d.wealth_out;
  }
  wd_->ledger->pay(Flow::MigrantWealth, Sector::Households, Sector::RestOfChina, wealth_out);
  std::vector<Estate> dead;
  estates.drain([&](const Estate& e) { dead.push_back(e); });
  settle_estates(dead);
  splits.drain([&](const SplitReq& s) { split(s); });
  t_->compact();
}

// The savings and land contract of a household that died out pass to the first living household of
// its lineage (its kin); without kin in the sample, the savings go to the village collective and
// the land falls out of cultivation.
void Households::settle_estates(const std::vector<Estate>& estates) {
  if (estates.empty()) return;
  // the heir of a lineage: its first household in row order that is not dying this month (one pass
  // over the lineage column, stopping when every lineage with an estate has its heir)
  constexpr std::uint32_t kWanted = kNone - 1;
  std::size_t wanted = 0;
  for (const auto& e : estates) {
    const std::uint32_t lin = w_.lineage[e.row];
    if (lin == kNone) continue;
    if (heir_of_.size() <= lin) heir_of_.resize(lin + 1u, kNone);
    if (heir_of_[lin] == kNone) {
      heir_of_[lin] = kWanted;
      ++wanted;
    }
  }
  const std::size_t n = size(), L = heir_of_.size();
  for (std::size_t r = 0; r < n && wanted > 0; ++r) {
    const std::uint32_t lin = w_.lineage[r];
    if (lin < L && heir_of_[lin] == kWanted && !t_->dying(r)) {
      heir_of_[lin] = static_cast<std::uint32_t>(r);
      --wanted;
    }
  }
  double to_collective = 0;
  for (const auto& e : estates) {
    const std::uint32_t lin = w_.lineage[e.row];
    const std::uint32_t heir = lin == kNone ? kNone : heir_of_[lin];
    if (heir == kNone || heir == kWanted) {
      to_collective += e.savings;
      land_lost_ += e.land;
      continue;
    }
    w_.savings[heir] += e.savings;
    w_.land[heir] += e.land;
  }
  for (const auto& e : estates) {
    const std::uint32_t lin = w_.lineage[e.row];
    if (lin != kNone) heir_of_[lin] = kNone;
  }
  wd_->ledger->pay(Flow::Bequests, Sector::Households, Sector::Collectives, to_collective);
}

// A young couple (or one adult) splits off with its share of the land and a share of the savings;
// working members take their occupation with them.
void Households::split(const SplitReq& s) {
  const std::size_t p = s.row;
  const std::uint8_t before = w_.adults[p];
  const std::size_t r = new_household(w_.town[p], w_.village[p], w_.hukou[p]);
  w_.home[r] = w_.home[p];
  w_.registered[r] = w_.registered[p];
  w_.lineage[r] = w_.lineage[p];
  w_.adults[r] = s.adults;
  w_.adults[p] = u8(before - s.adults);
  auto rng = wd_->ctx->rng(draw::kSplit, id(p));
  int move = std::min<int>(s.adults, w_.lf[p] > 0 ? w_.lf[p] - (w_.own[p] ? 1 : 0) : 0);
  move = std::max(0, move);
  const int keep_lf = std::min<int>(w_.lf[p] - move, w_.adults[p]);
  move = w_.lf[p] - keep_lf;
  for (int i = 0; i < move; ++i) {
    ++w_.lf[r];
    --w_.lf[p];
    if (w_.farm[p]) { --w_.farm[p]; ++w_.farm[r]; }
    else if (w_.unemp[p]) { --w_.unemp[p]; ++w_.unemp[r]; }
    else if (w_.wage[p]) { --w_.wage[p]; ++w_.wage[r]; w_.employer[r] = w_.employer[p]; }
    else if (w_.trade[p]) { --w_.trade[p]; ++w_.trade[r]; w_.market[r] = w_.market[p]; }
    else { ++w_.unemp[r]; if (w_.own[p]) --w_.own[p]; }
  }
  if (w_.wage[p] == 0) w_.employer[p] = kNone;
  if (w_.trade[p] == 0) w_.market[p] = kNone;
  clamp_seeking(p);
  const double share = double(s.adults) / double(before);
  w_.land[r] = w_.land[p] * share;
  w_.land[p] -= w_.land[r];
  w_.savings[r] = p_.split_savings * std::max(0.0, w_.savings[p]);
  w_.savings[p] -= w_.savings[r];
  set_skill(r, w_.skill[p] * rng.lognormal(-0.02, 0.2));  // skill passes on with some regression
  w_.trait[r] = wd_->choices->inherited_trait(rng, w_.trait[p]);
  w_.rent[r] = 0;
  set_ypc_last(r, w_.ypc_last[p]);
  keep_a_worker(r);  // neither the new household nor the parents' is left without a worker
  keep_a_worker(p);
}

}  // namespace models::zhejiang
