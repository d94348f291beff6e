#pragma once
// The labour market: the going wage (for a worker of skill 1) and the returns to skill, the wage
// premium of a firm's town, layoffs, and the matching of job seekers to vacancies in their town,
// their labour-market area (a county, or neighbouring counties with enough sample firms) and
// across the province; working away is limited for rural-hukou households. Before the search a
// local household with seekers may move to another county (chance and destination linear in
// county totals, so that the moves do not grow with the sampling step).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct LabourParams {
  double wage0, wage_adjust, wage_step_cap, wage_downward, town_wage_elasticity, town_wage_ref, premium_min, premium_max;
  sim::Schedule skill_returns;
  double job_rate_weight, province_search, market_min_firms, move_for_work, vacancy_memory;
  std::string town_allocation;
  void bind(sim::ParamBinder& b);
};

class Labour {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);

  /// Monthly wage of a worker of skill 1 (real 1978 yuan).
  double wage() const { return wage_; }
  /// The wage relative to 1978's (real): what costs of labour-intensive capital move with.
  double wage_index() const { return p_.wage0 > 0 ? wage_ / p_.wage0 : 1.0; }
  /// Exponent of skill in the wage multiplier skill^beta (returns to skill rose after reform).
  double skill_beta() const;
  /// Agglomeration wage premium of a town (priors G2/G3), updated each month from its jobs.
  double town_premium(std::size_t town) const { return town_prem_[town]; }
  /// The premium of a town with this many real jobs (the formula of town_premium).
  double premium_at(double real_jobs) const;
  /// Smoothed share of seekers who found a job last months: locals, migrants from other provinces.
  double local_job_rate() const { return local_job_rate_; }
  double migrant_job_rate() const { return migrant_job_rate_; }
  /// Chance that a search finds a job within a year at a monthly hiring rate (the rate compounded
  /// over twelve months): what an expected wage is weighted by in the decisions to search, to give
  /// up a stall and to migrate (Harris-Todaro), rather than one month's rate.
  static double find_within_year(double monthly) { return 1.0 - std::pow(1.0 - std::clamp(monthly, 0.0, 1.0), 12.0); }
  double local_find() const { return find_within_year(local_job_rate_); }
  double migrant_find() const { return find_within_year(migrant_job_rate_); }

  void update_town_premia();  ///< tally phase
  void match();               ///< labour market phase: layoffs, matching, job rates, wage

  void serialize(sim::Archive& ar);

 private:
  void layoffs();
  struct Matching;
  void search(std::size_t r, std::size_t pass, Matching& m);
  void move_for_work(std::size_t r, const Matching& m) const;
  void adjust_wage();

  World* w_ = nullptr;
  LabourParams p_{};
  bool proportional_ = false;  ///< labour.town_allocation is 'proportional' (read once)
  double wage_ = 0, local_job_rate_ = 0.5, migrant_job_rate_ = 0.5;
  std::vector<double> town_prem_;
  /// Vacancies by county (sample units), smoothed over months: where locals who move for work go.
  std::vector<double> county_vacancies_;
};

}  // namespace models::zhejiang
