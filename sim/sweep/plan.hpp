#pragma once
// The run manifest of a sweep: its points (parameter values), replicates and per-run seeds, and
// the sweep folder that holds it (sweep.yaml, base.yaml, plan.csv, sweep.json).
#include <cstdint>
#include <string>
#include <vector>

#include "sim/params.hpp"
#include "sim/sweep/spec.hpp"

namespace sim::sweep {

/// Seed of one run: a Philox hash of (sweep seed, point, replicate). Fits run.seed (32 bits).
std::uint32_t run_seed(std::uint64_t sweep_seed, std::int64_t point, int replicate);

struct Plan {
  std::string model;
  Design design = Design::Grid;
  std::vector<std::string> keys;   ///< parameter columns, in order
  std::vector<ParamType> types;
  std::vector<Factor> factors;     ///< as declared in the sweep file (empty for plan files)
  std::vector<std::vector<std::string>> points;  ///< point -> value text per key
  /// Points are grouped into cells: the grid over list-valued keys (outer), crossed with the
  /// sampled design over ranges (inner). Point p is in cell p / per_cell.
  std::int64_t cells = 1, per_cell = 1;
  std::vector<std::string> cell_keys;    ///< keys that define the cell (list-valued, in sampled designs)
  std::vector<std::string> sampled_keys; ///< keys sampled inside a cell (ranges)
  int trajectories = 0, levels = 0, samples = 0;
  int replicates = 1;
  std::uint64_t seed = 1;
  std::vector<std::string> record;
  std::vector<int> years;
  std::string hash;  ///< of plan.csv, base.yaml, record and years: identifies the plan

  std::int64_t run_count() const { return static_cast<std::int64_t>(points.size()) * replicates; }
  std::int64_t point_of(std::int64_t run) const { return run / replicates; }
  int replicate_of(std::int64_t run) const { return static_cast<int>(run % replicates); }
  std::uint32_t seed_of(std::int64_t run) const { return run_seed(seed, point_of(run), replicate_of(run)); }
  /// key=value overrides of a run, run.seed included.
  std::vector<std::string> overrides(std::int64_t run) const;
  /// plan.csv text: run_id, point, replicate, seed, then one column per key.
  std::string csv() const;
};

/// Generates the points of a validated sweep.
Plan make_plan(const SweepSpec& spec);

/// Writes DIR/plan.csv, DIR/sweep.yaml (the file as given), DIR/base.yaml (the resolved base
/// scenario, fixed overrides applied) and DIR/sweep.json. Refuses a non-empty DIR unless force.
void write_sweep_dir(const std::string& dir, const SweepSpec& spec, const Plan& plan, bool force);

/// Reads a sweep folder back; checks that plan.csv and base.yaml are unchanged since planning.
Plan read_sweep_dir(const std::string& dir);
/// DIR/base.yaml
std::string base_path(const std::string& dir);

/// FNV-1a 64-bit hash as 16 hex digits.
std::string fnv1a_hex(const std::string& text);

}  // namespace sim::sweep
