// Places: counties -> towns -> villages, terrain, distances on a place graph (sim::Graph, Boost
// Dijkstra), distance to the nearest wholesale market, and the conversion of villages next to a
// growing town into urban communities (field notes 5, 'Urbanize the suburb').
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/zhejiang/model.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void Places::serialize(sim::Archive& ar) {
  ar.check("zhejiang.places");
  ar.io(town_county);
  ar.io(county_seat);
  ar.io(village_town);
  ar.io(village_terrain);
  ar.io(village_urban);
  ar.io(town_has_market);
  ar.io(village_dist_town);
  ar.io(town_dist_seat);
  ar.io(town_market_dist);
  ar.io(town_ref_workers);
  graph.serialize(ar);
  ar.io(village_land);
  ar.io(village_farmers);
  ar.io(village_output);
  ar.io(town_jobs);
  ar.io(town_urban_workers);
}

void ZhejiangModel::build_places() {
  const auto C = static_cast<std::uint32_t>(p_.counties);
  const auto T = static_cast<std::uint32_t>(std::max(p_.towns, p_.counties));
  const auto V = T * static_cast<std::uint32_t>(p_.villages_per_town);
  pl_.town_county.assign(T, 0);
  pl_.county_seat.assign(C, kNone);
  for (std::uint32_t t = 0; t < T; ++t) {
    const auto c = static_cast<std::uint32_t>((static_cast<std::uint64_t>(t) * C) / T);
    pl_.town_county[t] = c;
    if (pl_.county_seat[c] == kNone) pl_.county_seat[c] = t;
  }
  pl_.village_town.assign(V, 0);
  pl_.village_terrain.assign(V, 0);
  pl_.village_urban.assign(V, 0);
  pl_.village_dist_town.assign(V, 0);
  pl_.town_dist_seat.assign(T, 0);
  pl_.town_has_market.assign(T, 0);
  pl_.town_market_dist.assign(T, std::numeric_limits<double>::infinity());
  std::vector<sim::Edge> edges;
  // towns to their county seat
  for (std::uint32_t t = 0; t < T; ++t) {
    const std::uint32_t seat = pl_.county_seat[pl_.town_county[t]];
    if (seat == t) continue;
    auto rng = sim_->init_rng(t, 1);
    const double d = rng.uniform(8.0, 30.0);
    pl_.town_dist_seat[t] = d;
    edges.push_back({t, seat, d});
  }
  // county seats on a grid, linked to grid neighbours
  const auto cols = static_cast<std::uint32_t>(std::ceil(std::sqrt(double(C))));
  for (std::uint32_t c = 0; c < C; ++c) {
    auto rng = sim_->init_rng(c, 2);
    if ((c + 1) % cols != 0 && c + 1 < C) edges.push_back({pl_.county_seat[c], pl_.county_seat[c + 1], rng.uniform(40.0, 70.0)});
    if (c + cols < C) edges.push_back({pl_.county_seat[c], pl_.county_seat[c + cols], rng.uniform(40.0, 70.0)});
  }
  // villages to their town; terrain sets the distance
  std::vector<double> cum(p_.terrain_shares.size());
  double acc = 0;
  for (std::size_t i = 0; i < cum.size(); ++i) cum[i] = (acc += p_.terrain_shares[i]);
  static const double lo[5] = {2, 5, 8, 6, 4}, hi[5] = {6, 15, 25, 15, 12};
  for (std::uint32_t v = 0; v < V; ++v) {
    auto rng = sim_->init_rng(v, 3);
    const std::uint32_t t = v / static_cast<std::uint32_t>(p_.villages_per_town);
    pl_.village_town[v] = t;
    const double u = rng.uniform() * (acc > 0 ? acc : 1.0);
    std::uint8_t k = 0;
    while (k + 1u < cum.size() && u >= cum[k]) ++k;
    k = std::min<std::uint8_t>(k, 4);
    pl_.village_terrain[v] = k;
    pl_.village_dist_town[v] = rng.uniform(lo[k], hi[k]);
    edges.push_back({t, T + v, pl_.village_dist_town[v]});
  }
  pl_.graph = sim::Graph::from_edges(T + V, edges);
  pl_.village_land.assign(V, 0);
  pl_.village_farmers.assign(V, 0);
  pl_.village_output.assign(V, 0);
  pl_.town_jobs.assign(T, 0);
  pl_.town_urban_workers.assign(T, 0);
  pl_.town_ref_workers.assign(T, 0);
}

void ZhejiangModel::update_market_distances(std::uint32_t town) {
  if (pl_.town_has_market[town]) return;
  pl_.town_has_market[town] = 1;
  const auto d = pl_.graph.distances_from(town);
  for (std::size_t t = 0; t < pl_.towns(); ++t) pl_.town_market_dist[t] = std::min(pl_.town_market_dist[t], d[t]);
}

void ZhejiangModel::convert_villages() {
  const std::size_t T = pl_.towns();
  std::vector<std::uint8_t> converted(pl_.villages(), 0);
  bool any = false;
  for (std::uint32_t t = 0; t < T; ++t) {
    if (pl_.town_jobs[t] * p_.scale < 200.0) continue;  // fewer than 200 real jobs: a village market, not a town
    // the town has grown by conversion_ratio since its last conversion (or since 1978)
    if (pl_.town_ref_workers[t] <= 0) pl_.town_ref_workers[t] = std::max(1.0, pl_.town_urban_workers[t]);
    // (a town with hardly any urban workforce must first reach conversion_min_workers: one new worker
    // does not turn a whole village into an urban community)
    const double ref = std::max(pl_.town_ref_workers[t], p_.conversion_min_workers / p_.scale);
    if (pl_.town_urban_workers[t] < (1.0 + p_.conversion_ratio) * ref) continue;
    pl_.town_ref_workers[t] = pl_.town_urban_workers[t];
    std::uint32_t best = kNone;
    const auto vpt = static_cast<std::uint32_t>(p_.villages_per_town);
    for (std::uint32_t v = t * vpt; v < (t + 1) * vpt; ++v)
      if (!pl_.village_urban[v] && (best == kNone || pl_.village_dist_town[v] < pl_.village_dist_town[best])) best = v;
    if (best == kNone) continue;
    pl_.village_urban[best] = 1;
    converted[best] = 1;
    any = true;
  }
  if (!any) return;
  // Villagers become urban citizens; their land goes to the local government; each family gets
  // a five-storey house whose ground floor it lets (field notes 5).
  sim::parallel_rows(hh_->size(), [&](std::size_t r) {
    const std::uint32_t v = h_village_[r];
    if (v == kNone || !converted[v]) return;
    if (h_hukou_[r] == LocalRural) {
      h_hukou_[r] = LocalUrban;
      h_rent_[r] = 1;
    }
    h_land_[r] = 0;
    h_unemp_[r] = static_cast<std::uint8_t>(h_unemp_[r] + h_farm_[r]);
    h_farm_[r] = 0;
  });
  for (std::size_t r = 0; r < hh_->size(); ++r) {
    const std::uint32_t h = h_home_[r];
    if (h != kNone && converted[h]) h_land_[r] = 0;  // landholders living elsewhere lose the contract too
  }
}

}  // namespace models::zhejiang
