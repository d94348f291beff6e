// Market building: "This process was ignited by the public entrepreneurship of a local mayor in the
// early 1980s, starting with the organization of a farmer's market" (field notes, Key Observations);
// "specialized wholesale markets under support of government" (presentation, Small Market & Big
// Distribution). Rule: the pioneer county opens the first market in first_year; from general_year
// any county whose would-be traders queue for stalls expands a full market or builds a new one in
// its busiest town, paying build_cost_per_stall from its development fund.
#include "models/policies/market_building.hpp"

#include <algorithm>

namespace models::policies {
namespace {

struct Settings {
  int first_year = 1982, general_year = 1984;
  std::size_t pioneer = 0;
  double stalls = 300, cost = 400, queue_threshold = 50, expand_occupancy = 0.9, expand_share = 0.5;
  int max_expansions = 1, actions_per_year = 3;
};

class MarketBuilding final : public PolicyModule {
 public:
  explicit MarketBuilding(Settings s) : s_(s) {}
  const char* name() const override { return "market_building"; }
  std::vector<Hook> hooks() const override { return {Hook::Government}; }

  void run(Hook, PolicyHost& h) override {
    const int y = h.year();
    if (y < s_.first_year) return;
    for (std::size_t c = 0; c < h.counties(); ++c) {
      const bool pioneer_opening = (c == s_.pioneer && h.markets_in(c).empty());
      if (!pioneer_opening && y < s_.general_year) continue;
      double queue = h.stall_queue(c);
      if (pioneer_opening) queue = std::max(queue, s_.stalls);
      // expansions first (cheaper per stall: no new site), then new markets; a county takes at most
      // actions_per_year such steps a year (one construction project at a time), so markets spread gradually
      int actions = 0;
      while (queue > s_.queue_threshold && actions < s_.actions_per_year) {
        ++actions;
        const auto ms = h.markets_in(c);
        const MarketView* full = nullptr;
        for (const auto& m : ms)
          if (m.expansions < s_.max_expansions && m.occupied_stalls >= s_.expand_occupancy * m.capacity_stalls) {
            full = &m;
            break;
          }
        const double add = full ? s_.expand_share * full->capacity_stalls : s_.stalls;
        const double cost = add * s_.cost;
        if (h.budget(c) < cost) break;
        h.spend(c, cost);
        if (full) h.expand_market(full->index, add);
        else h.build_market(h.busiest_town(c), add);
        queue -= add;
      }
    }
  }

 private:
  Settings s_;
};

}  // namespace

PolicyInfo market_building_info() {
  PolicyInfo info;
  info.name = "market_building";
  info.doc = "County governments build and expand wholesale markets (Yiwu's farmers' market first).";
  info.declare = [](sim::ParamRegistry& r) {
    const std::string k = "policies.market_building.";
    r.flag(k + "enabled", true, "build markets at all").cite("field notes, Key Observations: 'organization of a farmer's market'");
    r.integer(k + "first_year", 1982, "year", "year the pioneer county (Yiwu's) opens the first market")
        .range(1978, 2013).cite("field notes: 'a local mayor in the early 1980s'; issue 3 (~1982)");
    r.integer(k + "general_year", 1984, "year", "from this year any county may build markets when traders queue")
        .range(1978, 2013).cite("calibrated: diffusion of the Yiwu example, shortly after the first market");
    r.integer(k + "pioneer_county", 0, "county index", "index of the pioneer (Yiwu's) county").range(0, 10000).cite("convention");
    r.real(k + "stalls_per_market", 300, "real stalls", "stall capacity of a newly built market").range(10, 100000)
        .cite("calibrated: 4,316 markets in 2013 (presentation p.14) for the stalls demanded");
    r.real(k + "build_cost_per_stall", 400, "1978 yuan per stall", "construction cost of a stall").range(0, 1e6)
        .cite("assumption (no source found; priors K2 gives rents only)");
    r.real(k + "queue_threshold", 50, "real persons", "would-be traders without a stall before the county acts").range(0, 1e6)
        .cite("assumption");
    r.real(k + "expand_occupancy", 0.9, "share", "occupancy at which a market is expanded").range(0, 1).cite("issue 3: 'expansion when occupancy is high'");
    r.real(k + "expand_share", 0.5, "share of capacity", "stalls added by one expansion").range(0, 10).cite("assumption");
    r.integer(k + "actions_per_year", 3, "count", "builds or expansions a county can carry out in one year").range(1, 1000)
        .cite("calibrated: a gradual market path (no year with more than ~40 % growth after 1988) and 4,316 markets in 2013; one project per county at a time would give too few");
    r.integer(k + "max_expansions", 1, "count", "expansions before a county builds a new market instead").range(0, 100)
        .cite("calibrated (pass 6): commodity markets 2013 (4,316) once sample traders fill markets at any scale; field notes 3: the central marketplace 'covering five large blocks' (the pioneer market grows by other expansions in reality)");
  };
  info.create = [](const sim::Params& p) -> std::unique_ptr<PolicyModule> {
    const std::string k = "policies.market_building.";
    if (!p.flag(k + "enabled")) return nullptr;
    Settings s;
    s.first_year = static_cast<int>(p.integer(k + "first_year"));
    s.general_year = static_cast<int>(p.integer(k + "general_year"));
    s.pioneer = static_cast<std::size_t>(p.integer(k + "pioneer_county"));
    s.stalls = p.real(k + "stalls_per_market");
    s.cost = p.real(k + "build_cost_per_stall");
    s.queue_threshold = p.real(k + "queue_threshold");
    s.expand_occupancy = p.real(k + "expand_occupancy");
    s.expand_share = p.real(k + "expand_share");
    s.max_expansions = static_cast<int>(p.integer(k + "max_expansions"));
    s.actions_per_year = static_cast<int>(p.integer(k + "actions_per_year"));
    return std::make_unique<MarketBuilding>(s);
  };
  return info;
}

}  // namespace models::policies
