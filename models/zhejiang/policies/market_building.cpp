// Market building: "This process was ignited by the public entrepreneurship of a local mayor in the
// early 1980s, starting with the organization of a farmer's market" (field notes, Key Observations);
// "specialized wholesale markets under support of government" (presentation, Small Market & Big
// Distribution); Yiwu's "concentrated marketplace covering five large blocks ... with the capacity
// to accommodate all traders" built by a state-owned company (field notes 3). Rule: Yiwu's market
// company opens the first market in first_year on a large site; from general_year each county's
// company answers its traders' queue for stalls: it expands the first of its markets whose site has
// room (expand_rule 'room'; 'occupancy' also asks that its sampled holders fill expand_occupancy of
// it), otherwise builds a new market in the county's town with the most jobs per stall built there,
// on a site that grows with the town's jobs (site_rule 'town'; 'fixed': the busiest town and a site
// of site_stalls), as long as its fund
// pays build_cost_per_stall and the rents the new stalls would earn (a share of their holders'
// commissions once the queue is in) repay that cost within payback_years. No cap on how many
// projects a year: the queue and the rents decide.
#include "models/zhejiang/policies/market_building.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "models/zhejiang/government.hpp"
#include "models/zhejiang/markets.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang::policies {
namespace {

struct Settings {
  int first_year, general_year;
  double stalls, cost, queue_threshold, expand_occupancy, site, yiwu_site, min_step, payback, site_elasticity;
  std::string expand_rule, site_rule;
  void bind(sim::ParamBinder& b) {
    b.integer(first_year, "first_year", 1982, "year", 1978, 2013, "year Yiwu's county opens the first market",
              "field notes: 'a local mayor in the early 1980s'; issue 3 (~1982)");
    b.integer(general_year, "general_year", 1984, "year", 1978, 2013, "from this year any county may build markets when traders queue",
              "assumption: the Yiwu example spread within a few years");
    b.real(stalls, "stalls_per_market", 300, "real stalls", 10, 100000,
           "stall capacity of a newly built market (more if the queue is longer); under site_rule 'town' also the smallest site and the "
           "stalls added to a town's built stalls when the company ranks its towns",
           "assumption (a small specialised market)");
    b.real(site, "site_stalls", 600, "real stalls", 10, 1e7, "most stalls an ordinary market's site holds (in a town with the province's mean jobs under site_rule 'town')",
           "assumption (a town-centre site); value set with site_rule and site_elasticity to the 2013 count of markets and of markets over "
           "RMB 100 million at 1:250-1:30 (docs/model.md section 9, Markets; 1,500 with site_rule 'fixed' before 2026-12-02). With 'fixed' "
           "and 600 the count is met at every scale but a fine sample has almost no market over RMB 100 million besides each county's main one");
    b.real(yiwu_site, "yiwu_site_stalls", 1e7, "real stalls", 10, 1e7,
           "most stalls the site of Yiwu's concentrated marketplace holds (the default sets no limit)",
           "field notes 3 ('five large blocks ... capacity to accommodate all traders'): the marketplace grew with its traders; no limit, "
           "so that Yiwu's stall count is the model's answer, not a cap at the observed 60-75 thousand booths (memory)");
    b.real(cost, "build_cost_per_stall", 400, "1978 yuan per stall", 0, 1e6, "construction cost of a stall", "assumption (no source found; priors K2 gives rents only)");
    b.real(queue_threshold, "queue_threshold", 50, "real persons", 0, 1e6, "would-be traders without a stall before the company acts", "assumption");
    b.real(expand_occupancy, "expand_occupancy", 0.9, "share", 0, 1, "occupancy at which a market is expanded (expand_rule 'occupancy')",
           "issue 3: 'expansion when occupancy is high'");
    b.choice(expand_rule, "expand_rule", "room", {"occupancy", "room"},
             "which market a county's company expands when traders queue: 'occupancy', the first (in building order) whose site has room and "
             "whose sampled holders fill expand_occupancy of its stalls; 'room', the first whose site has room (a queue means the markets "
             "turned traders away). A new market is built when none qualifies. The sampled occupancy of a market is lumpy in a coarse sample "
             "(0 or at least `scale` holders), so 'occupancy' builds more, smaller markets the coarser the sample; 'room' (the default) does not, and "
             "'occupancy' reproduces the models estimated before (docs/model.md section 8, Scale)",
             "sampling convention (docs/model.md section 8, Scale)");
    b.real(payback, "payback_years", 10, "years", 0.1, 100,
           "a market company builds stalls only when their rents repay the building cost within this many years",
           "assumption (a state-owned company's investment rule; issue 13: 'expected stall rents cover the cost')");
    b.choice(site_rule, "site_rule", "town", {"fixed", "town"},
             "where a county's company builds a new market and how large its site is: 'fixed' (the models estimated before 2026-12-02), in "
             "the county's busiest town on a site of site_stalls; 'town' (the default), in the county's town with the most jobs per stall already built there (jobs / (its stalls + "
             "stalls_per_market)), on a site of site_stalls x (the town's jobs / the province's mean jobs per town)^site_elasticity (at "
             "least stalls_per_market): a county seat gets a large market, a small town a small one (jobs in real persons, stall holders "
             "included, so the rule is the same at any scale and a town with markets ranks higher)",
             "assumption (docs/model.md section 9, Markets)");
    b.real(site_elasticity, "site_elasticity", 0.5, "elasticity", 0, 3, "how a new market's site grows with its town's jobs (site_rule 'town')",
           "assumption; value set with site_stalls to the 2013 count of markets and of markets over RMB 100 million (docs/model.md section 9, Markets)");
    b.real(min_step, "min_expansion", 50, "real stalls", 1, 1e6, "fewest stalls an expansion adds", "assumption");
    b.removed("actions_per_year", "markets are built and expanded as the queue of would-be traders requires, with no cap on projects");
    b.removed("max_expansions", "markets expand until their site is full (policies.market_building.site_stalls, site_rule, site_elasticity)");
    b.removed("expand_share", "an expansion adds the stalls the queue asks for (at least min_expansion)");
  }
};

class MarketBuilding final : public Policy {
 public:
  explicit MarketBuilding(Settings s) : s_(s), room_rule_(s.expand_rule == "room"), town_sites_(s.site_rule == "town") {}
  void attach(World& w) override { w_ = &w; }
  void year_end() override {
    const int y = w_->ctx->year();
    if (y < s_.first_year) return;
    // the province's mean real jobs per town (site_rule 'town'): the tallies do not move at the year's end
    const Places& pl = *w_->places;
    double total = 0;
    for (std::size_t t = 0; t < pl.towns(); ++t) total += pl.town_jobs(t);
    mean_jobs_ = std::max(1.0, total * w_->ctx->scale() / static_cast<double>(pl.towns()));
    for (std::size_t c = 0; c < pl.counties(); ++c) build_in(c, y);
  }

 private:
  void build_in(std::size_t c, int y) {
    Markets& mk = *w_->markets;
    Government& gov = *w_->government;
    const double scale = w_->ctx->scale();
    const bool yiwu = c == w_->places->yiwu_county();
    if (yiwu && mk.in_county(c).empty()) {  // the pioneer: a farmers' market on a site that can grow into the marketplace
      const double cost = s_.stalls * s_.cost;
      if (gov.fund(c) >= cost) {
        gov.spend(c, cost);
        mk.build(w_->places->county_seat(c), s_.stalls, s_.yiwu_site);
      }
      return;
    }
    if (y < s_.general_year) return;
    double queue = mk.queue(c);
    while (queue > s_.queue_threshold) {
      std::size_t grow = mk.count();
      for (const std::size_t m : mk.in_county(c)) {
        const Market& x = mk.market(m);
        if (x.capacity < x.site && (room_rule_ || x.occupants * scale >= s_.expand_occupancy * x.capacity)) {
          grow = m;
          break;
        }
      }
      const bool expand = grow < mk.count();
      std::uint32_t town = 0;
      double site = s_.site;
      if (!expand) new_site(c, town, site);
      const double add = expand ? std::min(mk.market(grow).site - mk.market(grow).capacity, std::max(queue, s_.min_step))
                                : std::min(site, std::max(queue, s_.stalls));
      const double cost = add * s_.cost;
      if (add <= 0 || gov.fund(c) < cost) break;
      if (mk.stall_rent_after(grow, add) * s_.payback < s_.cost) break;  // the new stalls would not pay for themselves
      gov.spend(c, cost);
      if (expand) mk.expand(grow, add);
      else mk.build(town, add, site);
      queue -= add;
    }
  }
  /// Town and site of a new market in county c (site_rule).
  void new_site(std::size_t c, std::uint32_t& town, double& site) const {
    const Places& pl = *w_->places;
    if (!town_sites_) {
      town = pl.busiest_town(c);
      site = s_.site;
      return;
    }
    const Markets& mk = *w_->markets;
    const double scale = w_->ctx->scale();
    const std::uint32_t first = pl.first_town(c);
    std::vector<double> built(pl.end_town(c) - first, 0.0);  // stalls built in each of the county's towns
    for (const std::size_t m : mk.in_county(c)) built[mk.market(m).town - first] += mk.market(m).capacity;
    town = first;
    double best = -1;
    for (std::uint32_t t = first; t < pl.end_town(c); ++t) {
      const double score = pl.town_jobs(t) * scale / (built[t - first] + s_.stalls);
      if (score > best) {
        best = score;
        town = t;
      }
    }
    const double jobs = std::max(1.0, pl.town_jobs(town) * scale);
    site = std::max(s_.stalls, s_.site * std::pow(jobs / mean_jobs_, s_.site_elasticity));
  }
  Settings s_;
  bool room_rule_ = false;   ///< expand_rule is 'room' (read once)
  bool town_sites_ = false;  ///< site_rule is 'town' (read once)
  double mean_jobs_ = 1;     ///< the province's mean real jobs per town, this year end
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
