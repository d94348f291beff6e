#pragma once
// The simulation: clock, tables, ordered phases, indicators, keyed random streams, checkpoints.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/model.hpp"
#include "sim/params.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"
#include "sim/table.hpp"

namespace sim {

/// Calendar of a run. Ticks are months, quarters or years; tick 0 is the first tick of start_year.
struct Clock {
  int start_year = 1978;
  int end_year = 2013;
  int ticks_per_year = 12;
  std::int64_t tick = 0;         ///< the tick being (or about to be) simulated
  std::int64_t total_ticks = 0;  ///< ticks in the whole run

  int year() const { return start_year + static_cast<int>(tick / ticks_per_year); }
  int tick_in_year() const { return static_cast<int>(tick % ticks_per_year); }
  bool first_tick_of_year() const { return tick_in_year() == 0; }
  bool last_tick_of_year() const { return tick_in_year() == ticks_per_year - 1; }
  /// Fractional calendar time at the middle of the tick (for schedules).
  double time() const { return year() + (tick_in_year() + 0.5) / ticks_per_year; }
  /// Tick length in years.
  double dt() const { return 1.0 / ticks_per_year; }
};

enum class PhaseKind { Serial, PerAgent };

struct PhaseInfo {
  std::string name, doc;
  PhaseKind kind = PhaseKind::Serial;
  std::string table;  ///< population looped over, for PerAgent phases
  std::function<void()> fn;
};

/// Wall-clock time spent in one part of the tick, summed over the run (since setup, or since the
/// checkpoint a run resumed from).
struct PhaseTiming {
  std::string name;          ///< phase name, or "(record indicators)", "(initialize)", "(load checkpoint)"
  double seconds = 0.0;
  std::int64_t calls = 0;
};

/// An identity the model promises to keep every tick (population accounts, money that balances,
/// ...): `check` returns an empty string when it holds, else what misses and by how much.
struct InvariantInfo {
  std::string name, doc;
  std::function<std::string()> check;
};

struct IndicatorInfo {
  std::string name, unit, doc;
  std::function<double()> fn;
};

/// Recorded indicator rows: one per recorded tick.
struct IndicatorTable {
  std::vector<std::string> names, units;
  std::vector<std::int64_t> ticks;
  std::vector<int> years;
  std::vector<std::vector<double>> rows;
  std::string to_csv() const;
  /// Value of an indicator at the last row recorded in `year`; NaN when absent.
  double value(const std::string& name, int year) const;
  int column(const std::string& name) const;
  void serialize(Archive& ar);
};

class Simulation {
 public:
  Simulation(ResolvedScenario scenario, const ModelInfo& info);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // ---- for models -------------------------------------------------------------------------
  const Params& params() const { return scenario_.params; }
  const ResolvedScenario& scenario() const { return scenario_; }
  const Clock& clock() const { return clock_; }
  std::uint64_t seed() const { return seed_; }

  Table& add_table(const std::string& name, const std::string& doc);
  Table& table(const std::string& name);
  const std::vector<std::unique_ptr<Table>>& tables() const { return tables_; }

  /// Appends a phase to the tick. Phases run in the order added.
  void add_phase(const std::string& name, const std::string& doc, std::function<void()> fn,
                 PhaseKind kind = PhaseKind::Serial, const std::string& table = "");
  const std::vector<PhaseInfo>& phases() const { return phases_; }

  /// Declares an indicator: computed (serially, after the tick's phases) at each recorded tick.
  void add_indicator(const std::string& name, const std::string& unit, const std::string& doc,
                     std::function<double()> fn);
  const std::vector<IndicatorInfo>& indicators() const { return indicators_; }

  /// Declares an invariant, checked after every tick when checking is on (`--check-invariants`).
  void add_invariant(const std::string& name, const std::string& doc, std::function<std::string()> check);
  const std::vector<InvariantInfo>& invariants() const { return invariants_; }

  /// Random stream of an agent in the running phase, this tick.
  Rng rng(std::uint64_t agent, std::uint32_t sub = 0) const {
    return Rng(seed_, current_phase_ + 1, static_cast<std::uint32_t>(clock_.tick), agent, sub);
  }
  /// Random stream with an explicit stream id (use ids >= 1000 for model-level purposes; 0 is
  /// initialization).
  Rng rng_stream(std::uint32_t stream, std::uint64_t agent, std::uint32_t sub = 0) const {
    return Rng(seed_, stream, static_cast<std::uint32_t>(clock_.tick), agent, sub);
  }
  /// Stream for creating the initial population.
  Rng init_rng(std::uint64_t agent, std::uint32_t sub = 0) const { return Rng(seed_, 0, 0xffffffffu, agent, sub); }

  /// Output folder of the run, or empty when the run writes no files (sweeps, tests).
  const std::string& output_dir() const { return output_dir_; }

  // ---- for the driver -----------------------------------------------------------------------
  Model& model() { return *model_; }
  void set_output_dir(std::string d) { output_dir_ = std::move(d); }
  /// Checks every invariant after each tick; a failing one stops the run with an InvariantError.
  void set_check_invariants(bool on) { check_invariants_ = on; }
  /// Creates the model and runs its setup (tables, phases, indicators).
  void setup();
  /// Creates the initial agents.
  void initialize();
  /// Runs one tick (all phases, then records indicators when due). False when the run is over.
  bool step();
  bool done() const { return clock_.tick >= clock_.total_ticks; }
  const IndicatorTable& recorded() const { return recorded_; }
  std::size_t agents_alive() const;
  std::size_t state_bytes() const;
  void finish() { model_->finish(*this); }

  /// Time per phase in schedule order, then indicator recording and initialization. Timing is
  /// always on (two clock reads per phase and tick) and never enters the model's outputs.
  std::vector<PhaseTiming> phase_timings() const;

  void save_checkpoint(const std::string& path);
  /// Restores tables, model state, clock and recorded rows (after setup(), instead of initialize()).
  void load_state(Archive& ar);

 private:
  void record_row();
  void check_invariants() const;
  ResolvedScenario scenario_;
  const ModelInfo& info_;
  std::unique_ptr<Model> model_;
  Clock clock_;
  std::uint64_t seed_ = 1;
  bool record_every_tick_ = false;
  std::vector<std::unique_ptr<Table>> tables_;
  std::vector<PhaseInfo> phases_;
  std::vector<IndicatorInfo> indicators_;
  std::vector<InvariantInfo> invariants_;
  bool check_invariants_ = false;
  IndicatorTable recorded_;
  std::uint32_t current_phase_ = 0;
  std::string output_dir_;
  std::vector<double> phase_seconds_;        ///< per phase, parallel to phases_
  std::vector<std::int64_t> phase_calls_;
  PhaseTiming record_timing_{"(record indicators)"}, start_timing_{"(initialize)"};
};

/// Reads a checkpoint's header: the scenario YAML it was written with.
std::string checkpoint_scenario(const std::string& path);

}  // namespace sim
