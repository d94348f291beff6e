#pragma once
// Migration from other provinces (Harris-Todaro; priors M1-M5, D11): each month a flow from a
// reservoir of workers in other provinces responds to the expected income in Zhejiang (wage x
// chance of a job, less the extra living cost) against the income at home plus the cost of moving,
// through barriers that national policy lowered at dated decisions, and more easily the more
// migrants already live in the province (networks: they follow earlier migrants); they settle in
// towns with vacancies and earlier migrants, some with their families (children otherwise stay
// behind, field notes 8), and return home: the jobless first, and, after some years, those with
// the savings to start a business at home (field notes 7: Yiwu's migrant numbers passed a peak).
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct MigrationParams {
  sim::Schedule reservation_income, barrier, rural_mobility, town_settlement;
  double reservoir, elasticity, rate, living_cost, move_cost, network, network_destination;
  double return_rate, unemployed_return, jobless_months, family_share, family_share_open;
  double return_to_found, found_years, vacancy_weight, couple_share, skill_offset, destination_elasticity;
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
  /// Chance that a rural-hukou household may move to a town for work under national policy.
  double national_rural_mobility() const { return p_.rural_mobility.at(w_->ctx->time()); }
  double national_town_settlement() const { return p_.town_settlement.at(w_->ctx->time()); }
  /// Migrants from other provinces living in the province (real persons), counted at the last tally.
  void tally();
  void arrivals();  ///< migration phase
  void serialize(sim::Archive& ar) {
    ar.check("zhejiang.migration");
    ar.io(stock_);
    ar.io(town_migrants_);
  }

 private:
  std::vector<double> town_weights() const;
  World* w_ = nullptr;
  MigrationParams p_{};
  double stock_ = 0;                     ///< migrants living in the province (real persons)
  std::vector<double> town_migrants_;    ///< by town (sample persons)
};

}  // namespace models::zhejiang
