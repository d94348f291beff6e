// Market building: "This process was ignited by the public entrepreneurship of a local mayor in the
// early 1980s, starting with the organization of a farmer's market" (field notes, Key Observations);
// "specialized wholesale markets under support of government" (presentation, Small Market & Big
// Distribution). Rule: Yiwu's county opens the first market in first_year; from general_year any
// county whose would-be traders queue for stalls expands a full market or builds a new one in its
// busiest town, paying build_cost_per_stall from its development fund.
#include "models/zhejiang/policies/market_building.hpp"

#include <algorithm>

#include "models/zhejiang/government.hpp"
#include "models/zhejiang/markets.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang::policies {
namespace {

struct Settings {
  int first_year, general_year, max_expansions, actions_per_year;
  double stalls, cost, queue_threshold, expand_occupancy, expand_share;
  void bind(sim::ParamBinder& b) {
    b.integer(first_year, "first_year", 1982, "year", 1978, 2013, "year Yiwu's county opens the first market",
              "field notes: 'a local mayor in the early 1980s'; issue 3 (~1982)");
    b.integer(general_year, "general_year", 1984, "year", 1978, 2013, "from this year any county may build markets when traders queue",
              "calibrated: diffusion of the Yiwu example, shortly after the first market");
    b.real(stalls, "stalls_per_market", 300, "real stalls", 10, 100000, "stall capacity of a newly built market",
           "calibrated: 4,316 markets in 2013 (presentation p.14) for the stalls demanded");
    b.real(cost, "build_cost_per_stall", 400, "1978 yuan per stall", 0, 1e6, "construction cost of a stall", "assumption (no source found; priors K2 gives rents only)");
    b.real(queue_threshold, "queue_threshold", 50, "real persons", 0, 1e6, "would-be traders without a stall before the county acts", "assumption");
    b.real(expand_occupancy, "expand_occupancy", 0.9, "share", 0, 1, "occupancy at which a market is expanded", "issue 3: 'expansion when occupancy is high'");
    b.real(expand_share, "expand_share", 0.5, "share of capacity", 0, 10, "stalls added by one expansion", "assumption");
    b.integer(actions_per_year, "actions_per_year", 3, "count", 1, 1000, "builds or expansions a county can carry out in one year",
              "calibrated: a gradual market path (no year with more than ~40 % growth after 1988) and 4,316 markets in 2013; one project per county at a time would give too few");
    b.integer(max_expansions, "max_expansions", 1, "count", 0, 100, "expansions before a county builds a new market instead",
              "calibrated (pass 6): commodity markets 2013 (4,316) once sample traders fill markets at any scale; field notes 3: the central marketplace 'covering five large blocks' (the pioneer market grows by other expansions in reality)");
  }
};

class MarketBuilding final : public Policy {
 public:
  explicit MarketBuilding(Settings s) : s_(s) {}
  void attach(World& w) override { w_ = &w; }
  void year_end() override {
    const int y = w_->ctx->year();
    if (y < s_.first_year) return;
    for (std::size_t c = 0; c < w_->places->counties(); ++c) build_in(c, y);
  }

 private:
  // Expansions first (cheaper per stall: no new site), then new markets; a county takes at most
  // actions_per_year such steps a year (one construction project at a time), so markets spread gradually.
  void build_in(std::size_t c, int y) {
    Markets& mk = *w_->markets;
    Government& gov = *w_->government;
    const double scale = w_->ctx->scale();
    const bool pioneer_opening = c == w_->places->yiwu_county() && mk.in_county(c).empty();
    if (!pioneer_opening && y < s_.general_year) return;
    double queue = mk.queue(c);
    if (pioneer_opening) queue = std::max(queue, s_.stalls);
    int actions = 0;
    while (queue > s_.queue_threshold && actions < s_.actions_per_year) {
      ++actions;
      std::size_t full = mk.count();
      for (const std::size_t m : mk.in_county(c)) {
        const Market& x = mk.market(m);
        if (x.expansions < s_.max_expansions && x.occupants * scale >= s_.expand_occupancy * x.capacity) {
          full = m;
          break;
        }
      }
      const bool expand = full < mk.count();
      const double add = expand ? s_.expand_share * mk.market(full).capacity : s_.stalls;
      const double cost = add * s_.cost;
      if (gov.fund(c) < cost) break;
      gov.spend(c, cost);
      if (expand) mk.expand(full, add);
      else mk.build(w_->places->busiest_town(c), add);
      queue -= add;
    }
  }
  Settings s_;
  World* w_ = nullptr;
};

}  // namespace

PolicyInfo market_building_info() {
  PolicyInfo info;
  info.name = "market_building";
  info.doc = "County governments build and expand wholesale markets (Yiwu's farmers' market first).";
  info.source = "field notes, Key Observations: 'organization of a farmer's market'";
  info.declare = [](sim::ParamBinder& b) {
    Settings s{};
    s.bind(b);
  };
  info.validate = [](const sim::Params& p, const std::string& prefix, std::vector<sim::ParamProblem>& out) {
    const auto s = sim::read_bound<Settings>(p, prefix);
    if (s.general_year < s.first_year)
      out.push_back({prefix + ".general_year", "expected a year not before first_year (" + std::to_string(s.first_year) + ")"});
  };
  info.create = [](const sim::Params& p, const std::string& prefix) -> std::unique_ptr<Policy> {
    return std::make_unique<MarketBuilding>(sim::read_bound<Settings>(p, prefix));
  };
  return info;
}

}  // namespace models::zhejiang::policies
