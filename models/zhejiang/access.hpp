#pragma once
// Access to public services by registration: whether a migrant household's children have a public
// school seat (a lifelong place in the admission lottery; hukou reform admits some without points,
// public services add seats by points), whether it is covered by relief, how settled it is, and how
// many migrants come with their families. Locals have full access. With no hukou reform and no
// public services, migrants have none of it.
#include <cstddef>

#include "models/zhejiang/world.hpp"

namespace models::zhejiang {

/// Points of a migrant household in a points system (years of residence, family, business, skill).
struct PointWeights {
  double per_year = 0, family = 0, business = 0, skill = 0;
};

class Access {
 public:
  void setup(World& w) { w_ = &w; }
  /// Registered where it lives: local urban hukou, or local rural hukou living in a village of its
  /// own county. Everyone else (migrants from other provinces, rural-hukou households in a town or
  /// another county) depends on the hukou and public-service channels.
  bool registered_here(std::size_t row) const;
  /// A household's lifelong place in the school admission lottery, uniform in [0, 1).
  double school_lottery(std::size_t row) const;
  bool school_seat(std::size_t row) const;
  bool relief_covered(std::size_t row) const;
  double return_factor(std::size_t row) const;
  /// Share of migrants' children who could be in public schools (without or with points).
  double school_access_share() const;
  /// A migrant household's points (hukou conversion, school seats).
  double points(std::size_t row, const PointWeights& w) const;
  /// Chance that a rural-hukou household may move to another county for work (or to the hub for a
  /// stall) this year: national policy, raised further by a hukou reform. Settling in its own
  /// township's town follows town_settlement().
  double rural_mobility() const;
  /// Chance that a local rural household may settle in its own township's town (national policy or the hukou reform).
  double town_settlement() const;
  /// Chance that a seeker without a job in the county searches across the province: the public
  /// employment service helps the registered (and migrants covered by the reform).
  double province_search_chance(double base, std::size_t row) const;

 private:
  /// A national permission, raised to the hukou reform's local mobility where that is higher.
  double with_reform(double national) const;
  World* w_ = nullptr;
};

}  // namespace models::zhejiang
