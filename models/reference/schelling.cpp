#include "models/reference/schelling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "models/reference/bench_util.hpp"
#include "sim/error.hpp"
#include "sim/simulation.hpp"

namespace models::reference {
namespace {

// Data layout of the step (the rules are unchanged; see docs/reference-models.md):
//   counts_: per cell of the grid padded by r empty cells on every side (row stride X + 2r), one
//     64-bit word: bits 0-23 the agents of group 0 within Chebyshev radius r of the cell, the cell
//     itself included (at most (2r+1)^2 <= 2001^2 < 2^24), bits 24-47 those of group 1, bits 48-49
//     the occupant (0 empty, 1 + group).
//   occupied_: per cell of the unpadded grid, 1 when taken (what the empty-cell draws read).
//   pos_: per agent, its cell in the padded grid.
// An activation reads one word (its own cell's counts) instead of scanning (2r+1)^2 cells; a move (a
// few percent of activations) updates the two windows, with no bounds checks thanks to the padding.
// The counts cache what the rule scans, so the results are the plain rule's; tests/test_schelling.cpp
// compares positions and happy shares step by step with an independent implementation.
constexpr int kCountBits = 24;
constexpr std::uint64_t kCountMask = (std::uint64_t{1} << kCountBits) - 1;
constexpr int kOccupantShift = 48;

/// Checks across keys (declared ranges are per key): run by `xiaoda validate` and `xiaoda run` before
/// anything is written, with the file and line of the offending key.
void validate_params(const sim::Params& p, std::vector<sim::ParamProblem>& out) {
  const auto width = static_cast<std::uint64_t>(p.integer("schelling.width"));
  const auto agents = static_cast<std::uint64_t>(p.integer("schelling.agents"));
  const auto radius = static_cast<std::uint64_t>(p.integer("schelling.radius"));
  const std::uint64_t cells = width * width;
  if (cells > 0xfffffffeull)
    out.push_back({"schelling.width", fmt::format("a {0} x {0} grid has more cells than 32-bit indices allow", width)});
  else if (agents >= cells)
    out.push_back({"schelling.agents", fmt::format("{} agents need more than the {} cells of a {} x {} grid, so that an "
                                                   "unhappy agent can move", agents, cells, width, width)});
  const std::uint64_t stride = width + 2 * radius;
  if (stride * stride > 0xfffffffeull)
    out.push_back({"schelling.radius", fmt::format("a {0} x {0} grid with radius {1} needs more cells than 32-bit indices allow",
                                                   width, radius)});
}

class Schelling final : public sim::Model {
 public:
  void setup(sim::Simulation& s) override {
    sim_ = &s;
    const auto& p = s.params();
    width_ = static_cast<std::uint32_t>(p.integer("schelling.width"));
    k_ = static_cast<std::uint32_t>(p.integer("schelling.agents"));
    radius_ = static_cast<int>(p.integer("schelling.radius"));
    min_happy_ = static_cast<int>(p.integer("schelling.min_to_be_happy"));
    cells_ = std::uint64_t{width_} * width_;
    stride_ = std::uint64_t{width_} + 2 * static_cast<std::uint64_t>(radius_);
    // the same checks `xiaoda validate` runs (validate_params below); here for callers of the API
    std::vector<sim::ParamProblem> problems;
    validate_params(p, problems);
    if (!problems.empty()) throw sim::Error(problems.front().key + ": " + problems.front().message);

    auto& t = s.add_table("agents", "Agents of two groups, one per grid cell.");
    agents_ = &t;
    cell_of_ = t.add<std::uint32_t>("cell", "row-major cell index y * width + x");
    x_ = t.add<std::uint32_t>("x", "column, 0 .. width-1");
    y_ = t.add<std::uint32_t>("y", "row, 0 .. width-1");
    group_ = t.add<std::uint8_t>("group", "0 or 1; never changes");
    happy_ = t.add<std::uint8_t>("happy", "1 when at its last activation the agent had enough same-group neighbours");

    s.add_phase("step",
                "agents are activated one at a time in a new random order; each counts same-group neighbours within "
                "Chebyshev radius r, is happy when the count is >= min_to_be_happy, and otherwise moves at once to "
                "a uniformly drawn empty cell (sequential by definition of the rule)",
                [this] { step(); });

    s.add_indicator("agents", "count", "agents on the grid (constant)", [this] { return double(agents_->size()); });
    s.add_indicator("happy_share", "share", "agents happy at their activation in this step",
                    [this] { return k_ > 0 ? double(happy_count_) / double(k_) : 0.0; });
    s.add_indicator("moved_share", "share", "agents that moved in this step",
                    [this] { return k_ > 0 ? double(moved_count_) / double(k_) : 0.0; });
  }

  void initialize(sim::Simulation& s) override {
    agents_->append(k_);
    clear_grid();
    // K distinct random cells: a partial Fisher-Yates shuffle of the cell indices on one stream.
    std::vector<std::uint32_t> perm(cells_);
    std::iota(perm.begin(), perm.end(), 0u);
    sim::BufferedRng rng(s.init_rng(0));
    for (std::uint32_t i = 0; i < k_; ++i) {
      const std::uint32_t j = i + rng.below(static_cast<std::uint32_t>(cells_ - i));
      std::swap(perm[i], perm[j]);
      const std::uint8_t g = i < k_ / 2 ? 0 : 1;  // half in each group (the first K/2 ids in group 0)
      group_[i] = g;
      happy_[i] = 0;                               // all unhappy at start
      enter(i, perm[i], g);
    }
    happy_count_ = moved_count_ = 0;
  }

  void serialize(sim::Archive& ar) override {
    ar.check("schelling-2");
    ar.io(happy_count_);
    ar.io(moved_count_);
    if (ar.loading()) {  // the grid is a function of the agents' cells and groups (restored tables)
      clear_grid();
      for (std::uint32_t a = 0; a < agents_->size(); ++a) enter(a, cell_of_[a], group_[a]);
    }
  }

 private:
  void clear_grid() {
    counts_.assign(stride_ * stride_, 0);
    occupied_.assign(cells_, 0);
    pos_.assign(k_, 0);
  }

  /// Adds `delta` (a count unit, or its negation) to the (2R+1)^2 window around padded cell p.
  template <int R>
  void add_to_window(std::uint64_t p, std::uint64_t delta) {
    std::uint64_t* row = counts_.data() + p - R * stride_ - R;
    for (int dy = 0; dy <= 2 * R; ++dy, row += stride_)
      for (int dx = 0; dx <= 2 * R; ++dx) row[dx] += delta;
  }
  void add_to_window(std::uint64_t p, std::uint64_t delta) {
    if (radius_ == 1) return add_to_window<1>(p, delta);
    if (radius_ == 2) return add_to_window<2>(p, delta);
    const auto r = static_cast<std::uint64_t>(radius_);
    std::uint64_t* row = counts_.data() + p - r * stride_ - r;
    for (std::uint64_t dy = 0; dy <= 2 * r; ++dy, row += stride_)
      for (std::uint64_t dx = 0; dx <= 2 * r; ++dx) row[dx] += delta;
  }

  /// Agent `a` of group g takes the empty cell c.
  void enter(std::uint32_t a, std::uint32_t c, unsigned g) {
    const std::uint32_t x = c % width_, y = c / width_;
    const auto r = static_cast<std::uint64_t>(radius_);
    const std::uint64_t p = (y + r) * stride_ + x + r;
    add_to_window(p, std::uint64_t{1} << (kCountBits * g));
    counts_[p] |= std::uint64_t{g + 1} << kOccupantShift;
    occupied_[c] = 1;
    pos_[a] = static_cast<std::uint32_t>(p);
    cell_of_[a] = c;
    x_[a] = x;
    y_[a] = y;
  }
  /// Agent `a` of group g leaves its cell.
  void leave(std::uint32_t a, unsigned g) {
    const std::uint64_t p = pos_[a];
    add_to_window(p, std::uint64_t{0} - (std::uint64_t{1} << (kCountBits * g)));
    counts_[p] &= ~(std::uint64_t{3} << kOccupantShift);
    occupied_[cell_of_[a]] = 0;
  }

  void step() {
    // the step's one stream, read through a buffer filled many Philox blocks at a time
    sim::BufferedRng rng(sim_->rng(0));
    order_.resize(k_);
    std::iota(order_.begin(), order_.end(), 0u);
    for (std::uint32_t i = k_; i > 1; --i) std::swap(order_[i - 1], order_[rng.below(i)]);
    std::uint64_t happy = 0, moved = 0;
    const auto n_cells = static_cast<std::uint32_t>(cells_);
    const std::uint64_t* counts = counts_.data();
    const std::uint8_t* occupied = occupied_.data();
    const std::uint32_t* pos = pos_.data();
    std::uint8_t* happy_col = happy_.data();
    const auto min_happy = static_cast<std::uint64_t>(min_happy_) + 1;  // the window counts the agent itself
    for (const std::uint32_t a : order_) {
      const std::uint64_t w = counts[pos[a]];
      const unsigned g = static_cast<unsigned>(w >> kOccupantShift) - 1;
      const bool is_happy = ((w >> (kCountBits * g)) & kCountMask) >= min_happy;
      happy_col[a] = is_happy;
      if (is_happy) {
        ++happy;
        continue;
      }
      // uniform over empty cells: draw cells until an empty one (the agent's own cell is occupied)
      std::uint32_t c = rng.below(n_cells);
      while (occupied[c]) c = rng.below(n_cells);
      leave(a, g);
      enter(a, c, g);
      ++moved;
    }
    happy_count_ = happy;
    moved_count_ = moved;
  }

  sim::Simulation* sim_ = nullptr;
  sim::Table* agents_ = nullptr;
  sim::Col<std::uint32_t> cell_of_, x_, y_;
  sim::Col<std::uint8_t> group_, happy_;
  std::vector<std::uint64_t> counts_;  ///< padded grid: window counts per group and occupant (see above)
  std::vector<std::uint8_t> occupied_; ///< unpadded grid: 1 when a cell is taken
  std::vector<std::uint32_t> pos_;     ///< padded cell of each agent
  std::vector<std::uint32_t> order_;   ///< activation order of the current step
  std::uint32_t width_ = 0, k_ = 0;
  std::uint64_t cells_ = 0, stride_ = 0;
  int radius_ = 1, min_happy_ = 3;
  std::uint64_t happy_count_ = 0, moved_count_ = 0;
};

struct Size {
  const char* name;
  std::uint32_t width, agents;
  int radius, min_happy;
};
// small and large: ABMFrameworksComparison; huge: our choice, ~10^6 agents at the density of small.
constexpr Size kSizes[] = {{"small", 40, 1000, 1, 3}, {"large", 100, 8000, 2, 8}, {"huge", 1265, 1000000, 1, 3}};

struct BenchConfig {
  std::string name;
  const Size* size = nullptr;
  std::int64_t steps = 20;
  int reps = 21;
};

BenchConfig parse_bench(const std::vector<std::string>& args) {
  const std::string usage = "xiaoda bench schelling --size small|large|huge [--steps S] [--reps R]";
  const auto opts = bench::parse_options(args, {"size", "steps", "reps"}, usage);
  BenchConfig c;
  c.name = opts.count("size") ? opts.at("size") : "small";
  for (const auto& sz : kSizes)
    if (c.name == sz.name) c.size = &sz;
  if (!c.size) throw sim::UsageError("--size: expected small, large or huge, found '" + c.name + "'");
  c.steps = bench::int_option(opts, "steps", 20, 1, 100000);
  c.reps = static_cast<int>(bench::int_option(opts, "reps", 21, 1, 1000));
  return c;
}

int run_bench(const std::vector<std::string>& args) {
  const BenchConfig c = parse_bench(args);
  const std::string& name = c.name;
  const Size* size = c.size;
  const auto steps = c.steps;
  const auto reps = c.reps;
  const std::string yaml = fmt::format(
      "model: schelling\nrun: {{start_year: 1, end_year: {}, tick: year, seed: 1}}\n"
      "schelling: {{width: {}, agents: {}, radius: {}, min_to_be_happy: {}}}\n",
      steps, size->width, size->agents, size->radius, size->min_happy);
  const auto t = bench::time_runs(schelling_info(), yaml, 1, reps);
  bench::print(fmt::format("schelling {}: {} x {} grid, {} agents, radius {}, min_to_be_happy {}, {} steps", name,
                           size->width, size->width, size->agents, size->radius, size->min_happy, steps),
               t, double(size->agents) * double(steps), reps, 1);
  return 0;
}

}  // namespace

sim::ModelInfo schelling_info() {
  sim::ModelInfo m;
  m.name = "schelling";
  m.doc = "Schelling segregation with the rules of the ABM frameworks comparison (sequential random activation).";
  m.validate = validate_params;
  m.declare = [](sim::ParamRegistry& r) {
    const std::string cmp = "JuliaDynamics/ABMFrameworksComparison";
    r.group("schelling", "Schelling segregation model (docs/reference-models.md).");
    r.integer("schelling.width", 40, "cells", "side X of the X x X grid (not periodic)").range(1, 65535).cite(cmp);
    r.integer("schelling.agents", 1000, "agents", "number of agents K (half in each group); K < X^2")
        .range(1, 4294967294.0).cite(cmp);
    r.integer("schelling.radius", 1, "cells", "Chebyshev radius r of the neighbourhood").range(1, 1000).cite(cmp);
    r.integer("schelling.min_to_be_happy", 3, "agents", "same-group neighbours needed to be happy")
        .range(0, 1e6).cite(cmp);
  };
  m.create = [] { return std::make_unique<Schelling>(); };
  m.bench = run_bench;
  m.bench_check = [](const std::vector<std::string>& args) { parse_bench(args); };
  return m;
}

}  // namespace models::reference
