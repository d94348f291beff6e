#pragma once
// Migration from other provinces (Harris-Todaro; priors M1-M5, D11): each month a flow from a
// reservoir of workers in other provinces responds to the expected income in Zhejiang (wage x
// chance of a job, less the extra living cost) against the income at home plus the cost of moving,
// through barriers that fall over time; migrants settle in towns with vacancies, some with their
// families (children otherwise stay behind, field notes 8), and return home, the jobless first.
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct MigrationParams {
  sim::Schedule reservation_income;
  double reservoir, elasticity, rate, living_cost, move_cost, opening_mid, opening_width;
  double return_rate, unemployed_return, jobless_months, family_share, family_share_open;
  double vacancy_weight, couple_share, skill_offset;
  void bind(sim::ParamBinder& b);
};

class Migration {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);
  /// Monthly chance that a migrant household goes home.
  double return_probability(std::size_t row) const;
  /// Share of new migrants who bring their family.
  double family_share() const;
  void arrivals();  ///< migration phase

 private:
  double opening(double t) const;
  std::vector<double> town_weights() const;
  World* w_ = nullptr;
  MigrationParams p_{};
};

}  // namespace models::zhejiang
