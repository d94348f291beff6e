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

constexpr std::uint32_t kEmpty = 0xffffffffu;

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
    if (cells_ > 0xfffffffeull)
      throw sim::Error(fmt::format("schelling.width: a {0} x {0} grid has more cells than 32-bit indices allow",
                                   width_));
    if (k_ >= cells_)
      throw sim::Error(fmt::format("schelling.agents: {} agents need more than the {} cells of a {} x {} grid, so "
                                   "that an unhappy agent can move",
                                   k_, cells_, width_, width_));

    auto& t = s.add_table("agents", "Agents of two groups, one per grid cell.");
    agents_ = &t;
    cell_of_ = t.add<std::uint32_t>("cell", "row-major cell index y * width + x (what the step reads)");
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
    cell_.assign(cells_, kEmpty);
    cell_group_.assign(cells_, 0);
    // K distinct random cells: a partial Fisher-Yates shuffle of the cell indices on one stream.
    std::vector<std::uint32_t> perm(cells_);
    std::iota(perm.begin(), perm.end(), 0u);
    auto rng = s.init_rng(0);
    for (std::uint32_t i = 0; i < k_; ++i) {
      const std::uint32_t j = i + rng.below(static_cast<std::uint32_t>(cells_ - i));
      std::swap(perm[i], perm[j]);
      const std::uint32_t c = perm[i];
      group_[i] = i < k_ / 2 ? 0 : 1;  // half in each group (the first K/2 ids in group 0)
      happy_[i] = 0;                   // all unhappy at start
      place(i, c);
    }
    happy_count_ = moved_count_ = 0;
  }

  void serialize(sim::Archive& ar) override {
    ar.check("schelling");
    ar.io(cell_);
    ar.io(cell_group_);
    ar.io(happy_count_);
    ar.io(moved_count_);
  }

 private:
  void place(std::uint32_t row, std::uint32_t c) {
    cell_[c] = row;
    cell_group_[c] = static_cast<std::uint8_t>(group_[row] + 1);
    cell_of_[row] = c;
    x_[row] = c % width_;
    y_[row] = c / width_;
  }

  /// Same-group agents within Chebyshev radius r of (x, y), the agent itself excluded.
  int same_group_neighbours(std::uint32_t x, std::uint32_t y, std::uint8_t mark) const {
    const std::uint32_t r = static_cast<std::uint32_t>(radius_);
    const std::uint32_t x0 = x >= r ? x - r : 0, x1 = std::min(width_ - 1, x + r);
    const std::uint32_t y0 = y >= r ? y - r : 0, y1 = std::min(width_ - 1, y + r);
    int count = 0;
    for (std::uint32_t yy = y0; yy <= y1; ++yy) {
      const std::uint8_t* row = cell_group_.data() + std::size_t{yy} * width_;
      for (std::uint32_t xx = x0; xx <= x1; ++xx) count += row[xx] == mark;
    }
    return count - 1;  // the agent's own cell
  }

  void step() {
    auto rng = sim_->rng(0);
    order_.resize(k_);
    std::iota(order_.begin(), order_.end(), 0u);
    for (std::uint32_t i = k_; i > 1; --i) std::swap(order_[i - 1], order_[rng.below(i)]);
    happy_count_ = moved_count_ = 0;
    const auto n_cells = static_cast<std::uint32_t>(cells_);
    for (const std::uint32_t a : order_) {
      // one random load for the agent (its cell); the group is read from the grid line the
      // neighbour count loads anyway
      const std::uint32_t old = cell_of_[a];
      const std::uint32_t x = old % width_, y = old / width_;
      const std::uint8_t mark = cell_group_[old];
      if (same_group_neighbours(x, y, mark) >= min_happy_) {
        happy_[a] = 1;
        ++happy_count_;
        continue;
      }
      happy_[a] = 0;
      // uniform over empty cells: draw cells until an empty one (the agent's own cell is occupied)
      std::uint32_t c = rng.below(n_cells);
      while (cell_[c] != kEmpty) c = rng.below(n_cells);
      cell_[old] = kEmpty;
      cell_group_[old] = 0;
      place(a, c);
      ++moved_count_;
    }
  }

  sim::Simulation* sim_ = nullptr;
  sim::Table* agents_ = nullptr;
  sim::Col<std::uint32_t> cell_of_, x_, y_;
  sim::Col<std::uint8_t> group_, happy_;
  std::vector<std::uint32_t> cell_;      ///< agent row (= id) in each cell, row-major, or kEmpty
  std::vector<std::uint8_t> cell_group_; ///< 0 empty, 1 + group otherwise (what neighbour counts read)
  std::vector<std::uint32_t> order_;     ///< activation order of the current step
  std::uint32_t width_ = 0, k_ = 0;
  std::uint64_t cells_ = 0;
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
