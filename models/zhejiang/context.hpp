#pragma once
// What every component of the Zhejiang model shares: the clock, the sampling scale, prices, and
// the named random streams. Components get a Context instead of the Simulation, so the only way
// to draw a random number is through a named stream (streams.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "models/zhejiang/streams.hpp"
#include "sim/param_binder.hpp"
#include "sim/simulation.hpp"

namespace models::zhejiang {

inline constexpr std::uint32_t kNone = 0xffffffffu;
/// The model's tick is a month (validate() refuses other tick lengths): a yearly rate becomes a
/// monthly one by dividing by kMonths, and quarterly decisions are taken every third month.
inline constexpr double kMonths = 12.0;
/// Quarterly decisions (Context::decision_month: months 1, 4, 7 and 10): four a year.
inline constexpr double kDecisionsPerYear = kMonths / 3.0;

/// zhejiang.*: sampling scale, prices and measurement (the model's own settings).
struct CoreParams {
  double scale;
  sim::Schedule cpi;
  double poverty_line;
  std::vector<double> snapshot_years;
  void bind(sim::ParamBinder& b);
};

class Context {
 public:
  Context(sim::Simulation& s, CoreParams p) : sim_(&s), p_(std::move(p)) {}

  const sim::Clock& clock() const { return sim_->clock(); }
  int year() const { return sim_->clock().year(); }
  int start_year() const { return sim_->clock().start_year; }
  /// Calendar time at the middle of the month (for schedules).
  double time() const { return sim_->clock().time(); }
  std::int64_t tick() const { return sim_->clock().tick; }
  int month() const { return sim_->clock().tick_in_year(); }
  bool first_month() const { return sim_->clock().first_tick_of_year(); }
  bool last_month() const { return sim_->clock().last_tick_of_year(); }
  /// Quarterly decisions are taken in the second month of each quarter.
  bool decision_month() const { return month() % 3 == 1; }

  /// Real persons per agent person.
  double scale() const { return p_.scale; }
  /// Consumer price index of a year, 1978 = 100.
  double cpi(int year) const { return p_.cpi.at(year); }
  /// This year's price level, 1978 = 1.
  double price_level() const { return p_.cpi.at(year()) / 100.0; }
  /// Real 1978 yuan to this year's yuan.
  double to_nominal(double real_yuan) const { return real_yuan * p_.cpi.at(year()) / 100.0; }
  const CoreParams& core() const { return p_; }

  /// A named per-tick stream of one agent (household id, firm id, or 0 for model-wide draws).
  sim::Rng rng(const Draw& d, std::uint64_t agent) const { return sim_->rng_stream(d.stream, agent, d.sub); }
  /// A named stream of the initial population or of a lifelong lottery (no tick; stream 0).
  sim::Rng init_rng(const Draw& d, std::uint64_t agent) const { return sim_->init_rng(agent, d.sub); }

  const std::string& output_dir() const { return sim_->output_dir(); }
  sim::Simulation& simulation() const { return *sim_; }

 private:
  sim::Simulation* sim_;
  CoreParams p_;
};

}  // namespace models::zhejiang
