#pragma once
// Places: counties -> towns -> villages with terrain and distances, the monthly tallies of land,
// farmers and jobs by place, and the conversion of villages next to a growing town into urban
// communities (field notes 5, "Urbanize the suburb").
#include <cmath>
#include <cstdint>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

enum Terrain : std::uint8_t { Plain = 0, Hill = 1, Island = 2, Reservoir = 3, Boat = 4 };
inline constexpr int kTerrains = 5;

struct PlacesParams {
  int counties, towns, villages_per_town, yiwu_county;
  std::vector<double> terrain_shares, terrain_farm;
  double conversion_growth, conversion_min_workers, access_km, village_sd;
  void bind(sim::ParamBinder& b);
};

class Places {
 public:
  static void declare(sim::ParamRegistry& reg);
  static void validate(const sim::Params& p, std::vector<sim::ParamProblem>& out);
  void setup(World& w, const sim::Params& p);
  /// Builds the geography (initialization).
  void build();

  std::size_t counties() const { return static_cast<std::size_t>(p_.counties); }
  std::size_t towns() const { return town_county_.size(); }
  std::size_t villages() const { return village_town_.size(); }
  std::uint32_t town_county(std::size_t t) const { return town_county_[t]; }
  std::uint32_t county_seat(std::size_t c) const { return county_seat_[c]; }
  /// A county's towns are the contiguous range [first_town, end_town): counties are blocks of towns
  /// in town order and a county's seat is its first town.
  std::uint32_t first_town(std::size_t c) const { return county_seat_[c]; }
  std::uint32_t end_town(std::size_t c) const { return c + 1 < county_seat_.size() ? county_seat_[c + 1] : static_cast<std::uint32_t>(towns()); }
  std::uint32_t village_town(std::size_t v) const { return village_town_[v]; }
  std::uint32_t village_county(std::size_t v) const { return town_county_[village_town_[v]]; }
  Terrain terrain(std::size_t v) const { return static_cast<Terrain>(village_terrain_[v]); }
  /// Share of a village converted to an urban community so far.
  double converted(std::size_t v) const { return converted_[v]; }
  /// Farm productivity of a village relative to a plain village (terrain: slopes, small plots, salt, flooding).
  double farm_factor(std::size_t v) const { return p_.terrain_farm[village_terrain_[v]] * village_tfp_[v]; }
  /// Access to the town's jobs and services from a village: exp(-distance / labour.access_km).
  double job_access(std::size_t v) const { return std::exp(-village_dist_town_[v] / p_.access_km); }
  /// A village far from its town's jobs and services (hill, island, reservoir or boat).
  bool remote(std::size_t v) const { return village_terrain_[v] != 0; }
  /// County of Yiwu, the pioneer of wholesale markets and of a trading tradition (field notes 1).
  std::uint32_t yiwu_county() const { return static_cast<std::uint32_t>(p_.yiwu_county); }

  // ---- monthly tallies (tally phase)
  /// Sample jobs per town (wage work, own firms, stalls): sums in household order.
  void tally_jobs();
  /// Land and farmers per village, urban labour force per town: sums in household order. Touches
  /// no state of tally_jobs, so the two may run at once.
  void tally_residents();
  double village_land(std::size_t v) const { return village_land_[v]; }
  double village_farmers(std::size_t v) const { return village_farmers_[v]; }
  double town_jobs(std::size_t t) const { return town_jobs_[t]; }
  /// Labour force (sample persons) of the households living in the town or its urban communities, at the last tally.
  double town_urban_workers(std::size_t t) const { return town_urban_workers_[t]; }
  /// Residents (sample persons) of a county's towns and villages at the last tally (whole numbers: exact in any order).
  double county_persons(std::size_t c) const { return county_persons_[c]; }
  /// Town of the county with the most jobs (where a county builds its next market).
  std::uint32_t busiest_town(std::size_t county) const;

  /// Yearly: the county (its government decides village-to-community conversions) has each of its
  /// towns convert its nearest villages into urban communities as the county's urban labour force
  /// grows: one village's worth per town for each growth by conversion_growth beyond the county's
  /// base (continuous, nearest village first). The county total is a sum over ~7x more sampled
  /// households than a town's, so an irreversible step does not ride on sampling noise. Returns, by
  /// village, the chance that a household not yet converted is converted this year.
  std::vector<double> convert_villages();

  void serialize(sim::Archive& ar);

 private:
  World* w_ = nullptr;
  PlacesParams p_{};
  std::vector<std::uint32_t> town_county_, county_seat_, village_town_;
  std::vector<std::uint8_t> village_terrain_;
  std::vector<double> village_dist_town_;
  std::vector<double> village_tfp_;  ///< a village's own farm productivity (lognormal, mean 1)
  std::vector<double> converted_;       ///< share of each village converted
  std::vector<double> county_base_;     ///< urban labour force (real) from which a county's conversions count
  std::vector<double> town_urban_sum_;  ///< urban labour force summed over this year's tallies (sample)
  std::vector<std::uint32_t> job_town_, firm_town_;  ///< scratch of tally: towns of each household's employer and own firm
  int tallies_ = 0;
  std::vector<double> village_land_, village_farmers_, town_jobs_, town_urban_workers_, county_persons_;
};

}  // namespace models::zhejiang
