#include "models/reference/boltzmann.hpp"

#include <algorithm>
#include <numeric>

#include "sim/graph.hpp"
#include "sim/parallel.hpp"
#include "sim/simulation.hpp"

namespace models::reference {
namespace {

struct Gift {
  sim::AgentId to;
  double amount;
};
struct Birth {
  std::uint32_t place;
  double wealth;
};

class Boltzmann final : public sim::Model {
 public:
  void setup(sim::Simulation& s) override {
    sim_ = &s;
    const auto& p = s.params();
    n0_ = static_cast<std::size_t>(p.integer("boltzmann.agents"));
    places_ = static_cast<std::uint32_t>(p.integer("boltzmann.places"));
    w0_ = p.real("boltzmann.initial_wealth");
    move_p_ = p.real("boltzmann.move_probability");
    death_p_ = p.real("boltzmann.death_probability");
    birth_p_ = p.real("boltzmann.birth_probability");

    auto& t = s.add_table("agents", "Agents holding wealth, living at a place on a ring.");
    agents_ = &t;
    wealth_ = t.add<double>("wealth", "units of wealth");
    place_ = t.add<std::uint32_t>("place", "index of the place (ring vertex)");
    age_ = t.add<std::int32_t>("age", "ticks lived");

    std::vector<sim::Edge> ring;
    for (std::uint32_t i = 0; i < places_; ++i) ring.push_back({i, (i + 1) % places_, 1.0});
    graph_ = sim::Graph::from_edges(places_, ring);

    s.add_phase("move", "each agent moves to a random neighbouring place with move_probability",
                [this] { move(); }, sim::PhaseKind::PerAgent, "agents");
    s.add_phase("index_places", "agents are listed by place (in row order) for partner search",
                [this] { index_places(); });
    s.add_phase("give", "each agent with wealth >= 1 gives one unit to a random agent at its place",
                [this] { give(); }, sim::PhaseKind::PerAgent, "agents");
    s.add_phase("demography", "deaths and births; newborns take half the parent's wealth",
                [this] { demography(); }, sim::PhaseKind::PerAgent, "agents");

    s.add_indicator("agents", "count", "agents alive", [this] { return double(agents_->size()); });
    s.add_indicator("total_wealth", "units", "sum of wealth (conserved by exchange)", [this] {
      return sim::parallel_sum(agents_->size(), [this](std::size_t r) { return wealth_[r]; });
    });
    s.add_indicator("gini", "ratio", "Gini coefficient of wealth", [this] { return gini(); });
    s.add_indicator("mean_age", "ticks", "mean age of agents", [this] {
      const double n = double(agents_->size());
      return n > 0 ? sim::parallel_sum(agents_->size(), [this](std::size_t r) { return double(age_[r]); }) / n : 0.0;
    });
  }

  void initialize(sim::Simulation& s) override {
    agents_->append(n0_);
    for (std::size_t r = 0; r < n0_; ++r) {
      auto rng = s.init_rng(agents_->id(r));
      wealth_[r] = w0_;
      place_[r] = rng.below(places_);
      age_[r] = 0;
    }
  }

 private:
  void move() {
    sim::parallel_rows(agents_->size(), [this](std::size_t r) {
      auto rng = sim_->rng(agents_->id(r));
      if (rng.uniform() < move_p_) {
        auto nb = graph_.neighbors(place_[r]);
        place_[r] = nb[rng.below(static_cast<std::uint32_t>(nb.size()))];
      }
    });
  }

  void index_places() {
    offsets_.assign(places_ + 1, 0);
    for (std::size_t r = 0; r < agents_->size(); ++r) ++offsets_[place_[r] + 1];
    for (std::uint32_t i = 0; i < places_; ++i) offsets_[i + 1] += offsets_[i];
    members_.resize(agents_->size());
    std::vector<std::size_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (std::size_t r = 0; r < agents_->size(); ++r) members_[fill[place_[r]]++] = agents_->id(r);
  }

  void give() {
    const std::size_t n = agents_->size();
    sim::ChunkBuffers<Gift> gifts(n);
    sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
      for (std::size_t r = b; r < e; ++r) {
        if (wealth_[r] < 1.0) continue;
        auto rng = sim_->rng(agents_->id(r));
        const std::uint32_t pl = place_[r];
        const std::size_t k = offsets_[pl + 1] - offsets_[pl];
        const sim::AgentId other = members_[offsets_[pl] + rng.below(static_cast<std::uint32_t>(k))];
        wealth_[r] -= 1.0;
        gifts[c].push_back({other, 1.0});
      }
    });
    gifts.drain([this](const Gift& g) { wealth_[agents_->row_of(g.to)] += g.amount; });
  }

  void demography() {
    const std::size_t n = agents_->size();
    sim::ChunkBuffers<Birth> births(n);
    sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
      for (std::size_t r = b; r < e; ++r) {
        auto rng = sim_->rng(agents_->id(r));
        ++age_[r];
        if (rng.uniform() < death_p_) {
          agents_->kill(r);
          continue;
        }
        if (rng.uniform() < birth_p_) {
          const double half = wealth_[r] / 2.0;
          wealth_[r] -= half;
          births[c].push_back({place_[r], half});
        }
      }
    });
    // The estate of the dead is lost; wealth of the newborn comes from the parent.
    agents_->compact();
    births.drain([this](const Birth& b) {
      const std::size_t r = agents_->append();
      wealth_[r] = b.wealth;
      place_[r] = b.place;
      age_[r] = 0;
    });
  }

  double gini() const {
    std::vector<double> w(wealth_.data(), wealth_.data() + agents_->size());
    if (w.empty()) return 0.0;
    std::sort(w.begin(), w.end());
    double cum = 0.0, weighted = 0.0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      cum += w[i];
      weighted += (double(i) + 1.0) * w[i];
    }
    if (cum <= 0.0) return 0.0;
    const double n = double(w.size());
    return (2.0 * weighted) / (n * cum) - (n + 1.0) / n;
  }

  sim::Simulation* sim_ = nullptr;
  sim::Table* agents_ = nullptr;
  sim::Col<double> wealth_;
  sim::Col<std::uint32_t> place_;
  sim::Col<std::int32_t> age_;
  sim::Graph graph_;
  std::vector<std::size_t> offsets_;
  std::vector<sim::AgentId> members_;
  std::size_t n0_ = 0;
  std::uint32_t places_ = 1;
  double w0_ = 1, move_p_ = 0.5, death_p_ = 0, birth_p_ = 0;
};

}  // namespace

sim::ModelInfo boltzmann_info() {
  sim::ModelInfo m;
  m.name = "boltzmann";
  m.doc = "Boltzmann wealth model (Mesa's introductory tutorial) on a ring of places, with births and deaths.";
  m.declare = [](sim::ParamRegistry& r) {
    r.group("boltzmann", "Boltzmann wealth model.");
    r.integer("boltzmann.agents", 1000, "agents", "initial number of agents").range(1, 1e9).cite("Mesa tutorial");
    r.integer("boltzmann.places", 100, "places", "places on the ring").range(1, 1e8).cite("Mesa tutorial (grid cells)");
    r.real("boltzmann.initial_wealth", 1.0, "units", "initial wealth of each agent").range(0, 1e9).cite("Mesa tutorial");
    r.real("boltzmann.move_probability", 0.5, "per tick", "probability of moving to a neighbouring place")
        .range(0, 1).cite("assumption");
    r.real("boltzmann.death_probability", 0.0, "per tick", "probability of dying").range(0, 1).cite("assumption");
    r.real("boltzmann.birth_probability", 0.0, "per tick", "probability of giving birth").range(0, 1).cite("assumption");
  };
  m.create = [] { return std::make_unique<Boltzmann>(); };
  return m;
}

}  // namespace models::reference
