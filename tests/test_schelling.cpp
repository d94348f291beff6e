// Schelling reference model: invariants (one agent per cell, constant K, identities and groups
// kept, happy share rising) and an exact comparison with a plain, independent implementation of
// the ABMFrameworksComparison rules (agent list, neighbours found by scanning every agent) driven
// by the same random streams.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "sim/error.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"
#include "test_util.hpp"
#include "sim/simulation.hpp"

namespace {

const sim::ModelCatalog& cat() {
  static const sim::ModelCatalog c = models::catalog();
  return c;
}

struct Grid {
  int width = 40, agents = 1000, radius = 1, min_happy = 3, steps = 20;
  std::uint64_t seed = 3;
};

std::string yaml(const Grid& s) {
  return "model: schelling\nrun: {start_year: 1, end_year: " + std::to_string(s.steps) +
         ", tick: year, record: every_tick, seed: " + std::to_string(s.seed) + "}\nschelling: {width: " +
         std::to_string(s.width) + ", agents: " + std::to_string(s.agents) + ", radius: " + std::to_string(s.radius) +
         ", min_to_be_happy: " + std::to_string(s.min_happy) + "}\n";
}

template <class T>
const std::vector<T>& column(sim::Table& t, const std::string& name) {
  for (const auto& c : t.columns())
    if (c->name() == name) return dynamic_cast<sim::Column<T>&>(*c).v;
  throw std::runtime_error("no column " + name);
}

/// A model instance stepped by hand, so its table can be inspected between steps.
struct Live {
  explicit Live(const Grid& s)
      : sim(sim::load_scenario_text(yaml(s), "schelling test", {}, cat()), *cat().find("schelling")) {
    sim.setup();
    sim.initialize();
  }
  sim::Table& agents() { return sim.table("agents"); }
  sim::Simulation sim;
};

/// Checks one agent per cell, K agents, ids 0..K-1 in their rows, groups as at the start.
void check_invariants(sim::Table& t, const Grid& s, const std::vector<std::uint8_t>& groups0) {
  ASSERT_EQ(t.size(), std::size_t(s.agents));
  const auto& x = column<std::uint32_t>(t, "x");
  const auto& y = column<std::uint32_t>(t, "y");
  const auto& g = column<std::uint8_t>(t, "group");
  std::vector<int> seen(std::size_t(s.width) * s.width, 0);
  for (std::size_t r = 0; r < t.size(); ++r) {
    ASSERT_EQ(t.id(r), r);
    ASSERT_LT(x[r], std::uint32_t(s.width));
    ASSERT_LT(y[r], std::uint32_t(s.width));
    ASSERT_EQ(++seen[y[r] * s.width + x[r]], 1) << "two agents in cell (" << x[r] << ", " << y[r] << ")";
    ASSERT_EQ(g[r], groups0[r]) << "agent " << r << " changed group";
  }
}

/// The rules, written plainly: agents as a list of (x, y, group); neighbours by scanning all agents.
struct Reference {
  struct Agent {
    int x, y, group;
    bool happy;
  };
  std::vector<Agent> agents;
  std::vector<int> occupied;  // cell -> 1 when taken
  Grid s;
  std::vector<double> happy_share;

  explicit Reference(const Grid& setup) : s(setup) {
    const std::uint32_t cells = std::uint32_t(s.width * s.width);
    occupied.assign(cells, 0);
    std::vector<std::uint32_t> perm(cells);
    std::iota(perm.begin(), perm.end(), 0u);
    sim::Rng rng(s.seed, 0, 0xffffffffu, 0);  // the engine's initialisation stream of agent 0
    for (int i = 0; i < s.agents; ++i) {
      std::swap(perm[i], perm[i + rng.below(cells - std::uint32_t(i))]);
      const int c = int(perm[i]);
      agents.push_back({c % s.width, c / s.width, i < s.agents / 2 ? 0 : 1, false});
      occupied[c] = 1;
    }
  }

  void step(std::uint32_t tick) {
    sim::Rng rng(s.seed, 1, tick, 0);  // the stream of the model's only phase (index 0), agent 0
    std::vector<std::uint32_t> order(agents.size());
    std::iota(order.begin(), order.end(), 0u);
    for (std::uint32_t i = std::uint32_t(order.size()); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    int happy = 0;
    for (std::uint32_t id : order) {
      Agent& a = agents[id];
      int same = 0;
      for (std::size_t j = 0; j < agents.size(); ++j) {
        if (j == id) continue;
        const Agent& b = agents[j];
        if (std::max(std::abs(a.x - b.x), std::abs(a.y - b.y)) <= s.radius && b.group == a.group) ++same;
      }
      a.happy = same >= s.min_happy;
      if (a.happy) {
        ++happy;
        continue;
      }
      std::uint32_t c;
      do c = rng.below(std::uint32_t(s.width * s.width));
      while (occupied[c]);
      occupied[a.y * s.width + a.x] = 0;
      occupied[c] = 1;
      a.x = int(c) % s.width;
      a.y = int(c) / s.width;
    }
    happy_share.push_back(double(happy) / double(agents.size()));
  }
};

}  // namespace

TEST(Schelling, InvariantsHoldEveryStep) {
  for (const Grid& s : {Grid{40, 1000, 1, 3, 20, 3}, Grid{100, 8000, 2, 8, 20, 4}}) {
    Live m(s);
    auto& t = m.agents();
    const std::vector<std::uint8_t> groups0 = column<std::uint8_t>(t, "group");
    // half in each group, all unhappy at the start
    EXPECT_EQ(std::count(groups0.begin(), groups0.end(), 0), s.agents / 2);
    const auto& happy = column<std::uint8_t>(t, "happy");
    EXPECT_EQ(std::count(happy.begin(), happy.end(), 1), 0);
    check_invariants(t, s, groups0);
    while (!m.sim.done()) {
      m.sim.step();
      check_invariants(t, s, groups0);
      if (HasFatalFailure()) return;
    }
    const auto& rec = m.sim.recorded();
    const auto ch = static_cast<std::size_t>(rec.column("happy_share"));
    const auto cm = static_cast<std::size_t>(rec.column("moved_share"));
    const auto ck = static_cast<std::size_t>(rec.column("agents"));
    ASSERT_EQ(rec.rows.size(), std::size_t(s.steps));
    for (const auto& row : rec.rows) {
      EXPECT_EQ(row[ck], double(s.agents));
      EXPECT_NEAR(row[ch] + row[cm], 1.0, 1e-12);  // every activated agent is happy or moves
    }
    // happy share rising: from the first step to the last, and on average over the first and last five
    EXPECT_GT(rec.rows.back()[ch], rec.rows.front()[ch] + 0.1);
    double first = 0, last = 0;
    for (int i = 0; i < 5; ++i) {
      first += rec.rows[std::size_t(i)][ch];
      last += rec.rows[rec.rows.size() - 1 - std::size_t(i)][ch];
    }
    EXPECT_GT(last, first);
    EXPECT_GT(rec.rows.back()[ch], 0.9);
  }
}

// The engine model and the plain implementation give the same positions and happy shares.
TEST(Schelling, MatchesPlainImplementationOfTheRules) {
  for (const Grid& s : {Grid{40, 1000, 1, 3, 20, 11}, Grid{30, 600, 2, 8, 12, 12}, Grid{25, 500, 1, 5, 10, 13}}) {
    Live m(s);
    Reference ref(s);
    auto& t = m.agents();
    const auto& x = column<std::uint32_t>(t, "x");
    const auto& y = column<std::uint32_t>(t, "y");
    for (int step = 0; step < s.steps; ++step) {
      m.sim.step();
      ref.step(std::uint32_t(step));
      for (std::size_t i = 0; i < ref.agents.size(); ++i) {
        ASSERT_EQ(int(x[i]), ref.agents[i].x) << "agent " << i << " step " << step << " radius " << s.radius;
        ASSERT_EQ(int(y[i]), ref.agents[i].y) << "agent " << i << " step " << step << " radius " << s.radius;
      }
    }
    const auto& rec = m.sim.recorded();
    const auto ch = static_cast<std::size_t>(rec.column("happy_share"));
    for (std::size_t i = 0; i < ref.happy_share.size(); ++i) EXPECT_DOUBLE_EQ(rec.rows[i][ch], ref.happy_share[i]);
  }
}

// With min_to_be_happy = 0 everybody is happy at once and nobody ever moves.
TEST(Schelling, NobodyMovesWhenEveryoneIsContent) {
  Grid s{40, 1000, 1, 0, 5, 2};
  Live m(s);
  auto& t = m.agents();
  const std::vector<std::uint32_t> x0 = column<std::uint32_t>(t, "x"), y0 = column<std::uint32_t>(t, "y");
  while (!m.sim.done()) m.sim.step();
  EXPECT_EQ(column<std::uint32_t>(t, "x"), x0);
  EXPECT_EQ(column<std::uint32_t>(t, "y"), y0);
  const auto& rec = m.sim.recorded();
  for (const auto& row : rec.rows) EXPECT_EQ(row[static_cast<std::size_t>(rec.column("happy_share"))], 1.0);
}

TEST(Schelling, RefusesAFullGrid) {
  EXPECT_THROW(Live(Grid{10, 100, 1, 3, 1, 1}), sim::Error);
}

// The model's state outside its tables goes through checkpoints: a run cut after 13 ticks and
// resumed from its tick-10 checkpoint ends with the same indicators as an uninterrupted run.
TEST(Schelling, ResumeFromCheckpointIsBitIdentical) {
  const std::string dir = testutil::temp_dir("schelling_resume");
  const std::string scen = std::string(XIAODA_SOURCE_DIR) + "/scenarios/reference/schelling_large.yaml";
  const std::string extra = "";
  std::string out;
  ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/full --no-progress" + extra, out), 0) << out;
  ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/cut --no-progress --checkpoint-every 5 --stop-after 13" +
                                 extra,
                             out),
            0)
      << out;
  ASSERT_EQ(testutil::xiaoda("resume " + dir + "/cut --threads 2 --no-progress", out), 0) << out;
  EXPECT_EQ(testutil::read(dir + "/full/indicators.csv"), testutil::read(dir + "/cut/indicators.csv"));
  EXPECT_FALSE(testutil::read(dir + "/full/indicators.csv").empty());
}
