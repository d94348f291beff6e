// Relocation (presentation, "Facilitate Farmer Relocation"): households leave high mountains, hazard
// areas, key reservoir areas, small islands and boats for county seats, central towns and central
// villages; "Overall relocation of natural villages" (major) or "Fragmentary relocation of
// households"; the province pays RMB 8,400 (and 40 m2) per person, counties top up. Each year the
// province's relocation budget is shared among counties by the persons living in eligible villages;
// a county moves whole villages (mode village) or households (mode household), in index/id order,
// while budget and the yearly cap allow. A moved household lives in the county seat (seat_share of
// moves) or its village's central town, gives up farming (its contract land stays with the village),
// and its workers look for jobs there; the subsidy is spent on building its house.
#include "models/policies/relocation.hpp"

#include <algorithm>
#include <map>

namespace models::policies {
namespace {

struct Settings {
  int start = 1994, end = 2013;
  sim::Schedule budget;
  double subsidy = 8400, top_up = 0.5, seat_share = 0.5, max_share = 0.1;
  std::vector<int> terrains;
  bool villages = true;
};

class Relocation final : public PolicyModule {
 public:
  explicit Relocation(Settings s) : s_(std::move(s)) {}
  const char* name() const override { return "relocation"; }
  std::vector<Hook> hooks() const override { return {Hook::Government}; }
  void run(Hook, PolicyHost& h) override {
    const int y = h.year();
    if (y < s_.start || y > s_.end) return;
    const double P = h.price_level();
    const double budget = s_.budget.at(y) * 1e4 / P;  // real yuan, real scale
    const double per_person = s_.subsidy / P;
    if (budget <= 0 || per_person <= 0) return;
    const std::size_t C = h.counties();
    std::vector<std::vector<RelocationCandidate>> cand(C);
    double total = 0;
    for (std::size_t c = 0; c < C; ++c) {
      cand[c] = h.relocation_candidates(c, s_.terrains);
      for (const auto& x : cand[c]) total += x.persons;
    }
    if (total <= 0) return;
    // agent persons each represent (real persons / agent persons) = budget share / cost
    if (carry_.size() != C) carry_.assign(C, 0.0);
    for (std::size_t c = 0; c < C; ++c) {
      double persons = 0;
      for (const auto& x : cand[c]) persons += x.persons;
      if (persons <= 0) continue;
      // province's share for this county (real scale), plus what the county did not use before
      double money = carry_[c] + budget * persons / total;
      const double cap = s_.max_share * persons;
      // group by village (whole-village mode), villages in index order; households in id order
      std::map<std::uint32_t, std::vector<const RelocationCandidate*>> groups;
      for (const auto& x : cand[c]) groups[s_.villages ? x.village : static_cast<std::uint32_t>(groups.size())].push_back(&x);
      double moved = 0;
      std::size_t k = 0;
      for (const auto& [v, members] : groups) {
        (void)v;
        double need = 0;
        for (const auto* m : members) need += m->persons;
        const double cost = need * per_person * real_per_agent_;
        if (moved + need > cap + 1e-9 || cost > money) break;
        // county top-up, spent on construction through the county fund
        h.spend(c, need * per_person * s_.top_up * real_per_agent_);
        for (const auto* m : members) {
          const std::uint32_t town = (k++ % 100) < s_.seat_share * 100 ? h.county_seat(c) : m->home_town;
          h.relocate(m->household, town, per_person);
        }
        money -= cost;
        moved += need;
      }
      carry_[c] = money;
    }
  }
  void serialize(sim::Archive& ar) override { ar.io(carry_); }
  void set_scale(double real_per_agent) { real_per_agent_ = real_per_agent; }

 private:
  Settings s_;
  double real_per_agent_ = 100;
  std::vector<double> carry_;  ///< unspent provincial subsidy per county (real yuan), kept for next year
};

}  // namespace

PolicyInfo relocation_info() {
  PolicyInfo info;
  info.name = "relocation";
  info.doc = "Moving households out of mountains, hazard and reservoir areas, islands and boats into towns.";
  info.declare = [](sim::ParamRegistry& r) {
    const std::string k = "policies.relocation.";
    using I = sim::Schedule::Interp;
    r.flag(k + "enabled", true, "run the relocation programme").cite("presentation, 'Facilitate Farmer Relocation'");
    r.integer(k + "start_year", 1994, "year", "first year").range(1978, 2100).cite("priors P2 (Wuyi county from 1993)");
    r.integer(k + "end_year", 2013, "year", "last year").range(1978, 2100).cite("convention (end of the replay)");
    r.schedule(k + "provincial_budget", sim::Schedule{I::Linear, {{1994, 2000}, {2000, 20000}, {2013, 40000}}},
               "10k nominal yuan per year", "provincial relocation subsidies").range(0, 1e9)
        .cite("priors P2: provincial poverty-project funds 10.52 bn 2003-2007, ~0.5 m relocated 2000-2013 (memory); assumption");
    r.real(k + "subsidy_per_person", 8400, "nominal yuan per person", "provincial subsidy").range(0, 1e7)
        .cite("presentation: 'RMB 8,400 and 40 m2 per person'");
    r.real(k + "county_top_up", 0.5, "share of the provincial subsidy", "paid by the county from its fund").range(0, 10)
        .cite("priors P3 (county schemes 3,000-10,000 yuan per household); assumption");
    r.real(k + "county_seat_share", 0.5, "share of moves", "moves into the county seat (others to the central town)").range(0, 1)
        .cite("presentation: 'county seats, central towns and central villages'; assumption");
    r.real(k + "max_share_per_year", 0.05, "share of eligible persons", "most persons a county moves in a year").range(0, 1)
        .cite("priors P2 (Wuyi moved 1/8 of its population over 15 years)");
    r.list(k + "terrains", {1, 2, 3, 4}, "terrain codes", "village terrains eligible (1 hill/mountain, 2 island, 3 reservoir, 4 boat)")
        .range(0, 4).cite("presentation: 'Leave mountains', hazard areas, 'Leave Reservoirs', islands, 'Live Ashore'");
    r.choice(k + "mode", "household", {"village", "household"}, "whole villages or single households")
        .cite("presentation: 'Major: Overall relocation of natural villages'; 'Others: Fragmentary relocation of households'. "
              "Default household: the model's villages are administrative villages, far larger than the natural villages moved whole");
  };
  info.create = [](const sim::Params& p) -> std::unique_ptr<PolicyModule> {
    const std::string k = "policies.relocation.";
    if (!p.flag(k + "enabled")) return nullptr;
    Settings s;
    s.start = static_cast<int>(p.integer(k + "start_year"));
    s.end = static_cast<int>(p.integer(k + "end_year"));
    s.budget = p.schedule(k + "provincial_budget");
    s.subsidy = p.real(k + "subsidy_per_person");
    s.top_up = p.real(k + "county_top_up");
    s.seat_share = p.real(k + "county_seat_share");
    s.max_share = p.real(k + "max_share_per_year");
    for (double t : p.list(k + "terrains")) s.terrains.push_back(static_cast<int>(t));
    s.villages = p.text(k + "mode") == "village";
    auto m = std::make_unique<Relocation>(s);
    m->set_scale(p.real("zhejiang.scale"));
    return m;
  };
  return info;
}

}  // namespace models::policies
