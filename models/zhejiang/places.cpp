#include "models/zhejiang/places.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/markets.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void PlacesParams::bind(sim::ParamBinder& b) {
  b.integer(counties, "counties", 90, "count", 1, 10000, "counties (county-level units)", "targets: counties 2013 = 90; presentation p.15");
  b.integer(towns, "towns", 639, "count", 1, 100000, "small towns (the first towns of each county are county seats)",
            "targets: small_towns 2013 = 639; presentation p.15");
  b.integer(villages_per_town, "villages_per_town", 8, "count", 1, 1000, "villages under each town",
            "assumption (aggregated villages; Zhejiang has ~30k administrative villages)");
  b.integer(yiwu_county, "yiwu_county", 0, "county index", 0, 10000,
            "index of Yiwu's county: the pioneer of wholesale markets, with a trading tradition", "convention");
  b.list(terrain_shares, "terrain_shares", {0.40, 0.45, 0.06, 0.04, 0.05}, "shares", 0, 1,
         "shares of villages on plain, hill/mountain, island, reservoir area, coastal boat-dwelling",
         "presentation p.5 ('many residents, mountains, and islands'); p.31 relocation targets; shares: assumption");
  b.list(terrain_farm, "terrain_farm_productivity", {1.0, 0.75, 0.6, 0.7, 0.5}, "ratio to plain", 0, 10,
         "farm productivity of villages on plain, hill/mountain, island, reservoir area and boats",
         "presentation p.31-32 (relocation from high mountains, islands, reservoir areas and boats: the poorest places); values: assumption");
  b.real(village_sd, "village_productivity_sd", 0.699, "log sd", 0, 3,
         "dispersion of farm productivity across villages (soil, water, irrigation, collective management)",
         "assumption: distributed income per person differed several-fold across production teams in 1978; calibrated: 1978 poverty rate (targets); estimated: scenarios/calibration/zhejiang_baseline.yaml (CRS2, docs/calibration.md section 7)");
  b.real(access_km, "labour.access_km", 15, "km", 0.1, 1000,
         "distance over which a village's access to town jobs and services falls by a factor e (commuting time and cost)",
         "assumption; presentation p.31 (remote villages lack access); priors M1 (distance deters)");
  b.real(conversion_growth, "urban.conversion_growth", 1.625, "share", 0, 100,
         "each town of a county converts its nearest village to an urban community each time the county's urban workforce has grown by this share",
         "field notes 5; estimated: scenarios/calibration/zhejiang_urban.yaml (Sbplx, stage 4, docs/calibration.md section 7)");
  b.real(conversion_min_workers, "urban.conversion_min_workers", 5000, "real workers", 0, 1e9,
         "urban workforce per town a county needs (x (1 + conversion_growth)) before its first village conversion",
         "assumption; calibrated: urbanisation path (no early jump)");
}

void Places::declare(sim::ParamRegistry& reg) {
  sim::declare_bound<PlacesParams>(reg, "zhejiang");
  reg.renamed("policies.market_building.pioneer_county", "zhejiang.yiwu_county");
}

void Places::validate(const sim::Params& p, std::vector<sim::ParamProblem>& out) {
  const auto q = sim::read_bound<PlacesParams>(p, "zhejiang");
  if (q.terrain_shares.size() != kTerrains)
    out.push_back({"zhejiang.terrain_shares", "expected 5 shares (plain, hill, island, reservoir, boat), found " +
                                                  std::to_string(q.terrain_shares.size())});
  double sum = 0;
  for (double x : q.terrain_shares) sum += x;
  if (q.terrain_farm.size() != kTerrains)
    out.push_back({"zhejiang.terrain_farm_productivity", "expected 5 values (plain, hill, island, reservoir, boat), found " +
                                                         std::to_string(q.terrain_farm.size())});
  if (q.terrain_shares.size() == kTerrains && sum <= 0) out.push_back({"zhejiang.terrain_shares", "expected shares with a positive sum"});
  if (q.yiwu_county >= q.counties)
    out.push_back({"zhejiang.yiwu_county", "expected a county index below zhejiang.counties (" + std::to_string(q.counties) +
                                               "), found " + std::to_string(q.yiwu_county)});
}

void Places::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<PlacesParams>(p, "zhejiang");
}

void Places::build() {
  const Context& ctx = *w_->ctx;
  const auto C = static_cast<std::uint32_t>(p_.counties);
  const auto T = static_cast<std::uint32_t>(std::max(p_.towns, p_.counties));
  const auto V = T * static_cast<std::uint32_t>(p_.villages_per_town);
  town_county_.assign(T, 0);
  county_seat_.assign(C, kNone);
  for (std::uint32_t t = 0; t < T; ++t) {
    const auto c = static_cast<std::uint32_t>((static_cast<std::uint64_t>(t) * C) / T);
    town_county_[t] = c;
    if (county_seat_[c] == kNone) county_seat_[c] = t;
  }
  village_town_.assign(V, 0);
  village_terrain_.assign(V, 0);
  converted_.assign(V, 0.0);
  village_dist_town_.assign(V, 0);
  village_tfp_.assign(V, 1.0);
  // villages belong to their town; terrain sets the distance to it
  std::vector<double> cum(p_.terrain_shares.size());
  double acc = 0;
  for (std::size_t i = 0; i < cum.size(); ++i) cum[i] = (acc += p_.terrain_shares[i]);
  static const double lo[kTerrains] = {2, 5, 8, 6, 4}, hi[kTerrains] = {6, 15, 25, 15, 12};  // km by terrain
  for (std::uint32_t v = 0; v < V; ++v) {
    auto rng = ctx.init_rng(draw::kInitVillages, v);
    village_town_[v] = v / static_cast<std::uint32_t>(p_.villages_per_town);
    const double u = rng.uniform() * (acc > 0 ? acc : 1.0);
    std::uint8_t k = 0;
    while (k + 1u < cum.size() && u >= cum[k]) ++k;
    k = std::min<std::uint8_t>(k, kTerrains - 1);
    village_terrain_[v] = k;
    village_dist_town_[v] = rng.uniform(lo[k], hi[k]);
    village_tfp_[v] = rng.lognormal(-0.5 * p_.village_sd * p_.village_sd, p_.village_sd);
  }
  village_land_.assign(V, 0);
  village_farmers_.assign(V, 0);
  town_jobs_.assign(T, 0);
  town_urban_workers_.assign(T, 0);
  county_persons_.assign(counties(), 0);
  county_base_.assign(C, 0);
  town_urban_sum_.assign(T, 0);
}

void Places::tally_jobs() {
  const auto& h = w_->households->col();
  const auto& f = w_->firms->col();
  const Firms& firms = *w_->firms;
  const Markets& markets = *w_->markets;
  std::fill(town_jobs_.begin(), town_jobs_.end(), 0.0);
  const std::size_t n = w_->households->size();
  // the towns of each household's employer and own firm, looked up in parallel; the sums below stay
  // in household order
  job_town_.resize(n);
  firm_town_.resize(n);
  sim::parallel_rows(n, [&](std::size_t r) {
    job_town_[r] = h.employer[r] != kNone ? f.town[firms.row_of(h.employer[r])] : kNone;
    firm_town_[r] = h.firm[r] != kNone ? f.town[firms.row_of(h.firm[r])] : kNone;
  });
  for (std::size_t r = 0; r < n; ++r) {
    if (job_town_[r] != kNone) town_jobs_[job_town_[r]] += h.wage[r];
    if (firm_town_[r] != kNone) town_jobs_[firm_town_[r]] += h.own[r];
    if (h.market[r] != kNone) town_jobs_[markets.market(h.market[r]).town] += h.trade[r];
  }
}

void Places::tally_residents() {
  const auto& h = w_->households->col();
  std::fill(village_land_.begin(), village_land_.end(), 0.0);
  std::fill(village_farmers_.begin(), village_farmers_.end(), 0.0);
  std::fill(town_urban_workers_.begin(), town_urban_workers_.end(), 0.0);
  std::fill(county_persons_.begin(), county_persons_.end(), 0.0);
  const std::size_t n = w_->households->size();
  for (std::size_t r = 0; r < n; ++r) {
    county_persons_[town_county_[h.town[r]]] += h.kids[r] + h.adults[r] + h.elderly[r];
    if (h.home[r] != kNone) village_land_[h.home[r]] += h.land[r];
    const std::uint32_t v = h.village[r];
    if (v != kNone) village_farmers_[v] += h.farm[r];
    if (v == kNone) town_urban_workers_[h.town[r]] += h.lf[r];
    else if (h.community[r]) town_urban_workers_[village_town_[v]] += h.lf[r];
  }
  for (std::size_t t = 0; t < towns(); ++t) town_urban_sum_[t] += town_urban_workers_[t];
  ++tallies_;
}

std::uint32_t Places::busiest_town(std::size_t c) const {
  std::uint32_t best = county_seat_[c];
  double most = -1;
  for (std::uint32_t t = first_town(c); t < end_town(c); ++t)
    if (town_jobs_[t] > most) {
      most = town_jobs_[t];
      best = t;
    }
  return best;
}

std::vector<double> Places::convert_villages() {
  const double scale = w_->ctx->scale();
  const double step = std::log(1.0 + p_.conversion_growth);
  std::vector<double> share(villages(), 0.0);
  const auto vpt = static_cast<std::uint32_t>(p_.villages_per_town);
  const std::size_t C = county_seat_.size();
  // the year's mean urban labour force by county (real persons): averaging the monthly tallies and
  // summing over the county's towns keeps a coarse sample's noise from triggering early,
  // irreversible conversions
  std::vector<double> U(C, 0.0), towns_in(C, 0.0);
  for (std::uint32_t t = 0; t < towns(); ++t) {
    U[town_county_[t]] += tallies_ > 0 ? town_urban_sum_[t] / tallies_ * scale : 0.0;
    towns_in[town_county_[t]] += 1.0;
  }
  std::vector<double> due(C, 0.0);
  for (std::size_t c = 0; c < C; ++c) {
    if (county_base_[c] <= 0) county_base_[c] = std::max({1.0, U[c], p_.conversion_min_workers * towns_in[c]});
    due[c] = U[c] > county_base_[c] ? std::log(U[c] / county_base_[c]) / step : 0.0;
  }
  std::vector<std::uint32_t> order(vpt);
  for (std::uint32_t t = 0; t < towns(); ++t) {
    const double villages_due = due[town_county_[t]];
    if (villages_due <= 0) continue;
    for (std::uint32_t i = 0; i < vpt; ++i) order[i] = t * vpt + i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return village_dist_town_[a] < village_dist_town_[b]; });
    for (std::uint32_t i = 0; i < vpt; ++i) {
      const std::uint32_t v = order[i];
      const double target = std::clamp(villages_due - i, 0.0, 1.0);
      if (target <= converted_[v]) continue;
      share[v] = converted_[v] < 1.0 ? (target - converted_[v]) / (1.0 - converted_[v]) : 0.0;
      converted_[v] = target;
    }
  }
  std::fill(town_urban_sum_.begin(), town_urban_sum_.end(), 0.0);
  tallies_ = 0;
  return share;
}

void Places::serialize(sim::Archive& ar) {
  ar.check("zhejiang.places");
  ar.io(town_county_);
  ar.io(county_seat_);
  ar.io(village_town_);
  ar.io(village_terrain_);
  ar.io(converted_);
  ar.io(village_dist_town_);
  ar.io(village_tfp_);
  ar.io(county_base_);
  ar.io(town_urban_sum_);
  ar.io(tallies_);
  ar.io(village_land_);
  ar.io(village_farmers_);
  ar.io(town_jobs_);
  ar.io(town_urban_workers_);
  ar.io(county_persons_);
}

}  // namespace models::zhejiang
