// Relocation (presentation, "Facilitate Farmer Relocation"): households leave high mountains, hazard
// areas, key reservoir areas, small islands and boats for county seats, central towns and central
// villages; "Overall relocation of natural villages" (major) or "Fragmentary relocation of
// households"; the province pays RMB 8,400 (and 40 m2) per person, counties top up. Each year the
// province's relocation budget is shared among counties by the persons living in eligible villages;
// a county moves whole villages (mode village) or households (mode household), in index/id order,
// while budget and the yearly cap allow. A moved household lives in the county seat (seat_share of
// moves) or its village's central town, gives up farming (its contract land stays with the village),
// and its workers look for jobs there; the subsidy is spent on building its house.
#include "models/zhejiang/policies/relocation.hpp"

#include <algorithm>
#include <map>

#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang::policies {
namespace {

struct Settings {
  int start, end;
  sim::Schedule budget;
  double subsidy, top_up, seat_share, max_share;
  std::vector<double> terrains;
  std::string mode;
  void bind(sim::ParamBinder& b) {
    using I = sim::Schedule::Interp;
    b.integer(start, "start_year", 1994, "year", 1978, 2100, "first year", "priors P2 (Wuyi county from 1993)");
    b.integer(end, "end_year", 2013, "year", 1978, 2100, "last year", "convention (end of the replay)");
    b.schedule(budget, "provincial_budget", sim::Schedule{I::Linear, {{1994, 2000}, {2000, 20000}, {2013, 40000}}}, "10k nominal yuan per year", 0, 1e9,
               "provincial relocation subsidies", "priors P2: provincial poverty-project funds 10.52 bn 2003-2007, ~0.5 m relocated 2000-2013 (memory); assumption");
    b.real(subsidy, "subsidy_per_person", 8400, "nominal yuan per person", 0, 1e7, "provincial subsidy", "presentation: 'RMB 8,400 and 40 m2 per person'");
    b.real(top_up, "county_top_up", 0.5, "share of the provincial subsidy", 0, 10, "paid by the county from its fund",
           "priors P3 (county schemes 3,000-10,000 yuan per household); assumption");
    b.real(seat_share, "county_seat_share", 0.5, "share of moves", 0, 1, "moves into the county seat (others to the central town)",
           "presentation: 'county seats, central towns and central villages'; assumption");
    b.real(max_share, "max_share_per_year", 0.05, "share of eligible persons", 0, 1, "most persons a county moves in a year",
           "priors P2 (Wuyi moved 1/8 of its population over 15 years)");
    b.list(terrains, "terrains", {1, 2, 3, 4}, "terrain codes", 0, 4, "village terrains eligible (1 hill/mountain, 2 island, 3 reservoir, 4 boat)",
           "presentation: 'Leave mountains', hazard areas, 'Leave Reservoirs', islands, 'Live Ashore'");
    b.choice(mode, "mode", "household", {"village", "household"}, "whole villages or single households",
             "presentation: 'Major: Overall relocation of natural villages'; 'Others: Fragmentary relocation of households'. "
             "Default household: the model's villages are administrative villages, far larger than the natural villages moved whole");
  }
};

struct Candidate {
  std::uint64_t household;
  std::uint32_t village, home_town;
  double persons;
};

class Relocation final : public Policy {
 public:
  explicit Relocation(Settings s) : s_(std::move(s)) {}
  void attach(World& w) override {
    w_ = &w;
    moved_ = w.ctx->simulation().table("households").add<std::uint8_t>("relocated", "1 when moved by the relocation programme");
  }
  void year_end() override;
  double relocated() const { return total_ * w_->ctx->scale() / 1e4; }
  void serialize(sim::Archive& ar) override {
    ar.io(carry_);
    ar.io(total_);
  }

 private:
  std::vector<std::vector<Candidate>> candidates() const;
  void move_county(std::size_t c, const std::vector<Candidate>& cand, double money, double per_person);
  void relocate(const Candidate& x, std::uint32_t town, double per_person);
  Settings s_;
  World* w_ = nullptr;
  sim::Col<std::uint8_t> moved_;
  std::vector<double> carry_;  ///< unspent provincial subsidy per county (real yuan), kept for next year
  double total_ = 0;           ///< households relocated since the start (sample)
};

// Rural households of villages with the eligible terrains, per county, in row (id) order: one pass
// over the households (a pass per county cost 90 scans of the table a year).
std::vector<std::vector<Candidate>> Relocation::candidates() const {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  const Places& pl = *w_->places;
  std::vector<std::vector<Candidate>> out(pl.counties());
  for (std::size_t r = 0; r < hh.size(); ++r) {
    const std::uint32_t v = h.village[r];
    if (!hh.rural_village(r) || moved_[r]) continue;
    if (std::find(s_.terrains.begin(), s_.terrains.end(), double(pl.terrain(v))) == s_.terrains.end()) continue;
    out[pl.town_county(h.town[r])].push_back({hh.id(r), v, pl.village_town(v), double(hh.persons(r))});
  }
  return out;
}

void Relocation::year_end() {
  const int y = w_->ctx->year();
  if (y < s_.start || y > s_.end) return;
  const double P = w_->ctx->price_level();
  const double budget = s_.budget.at(y) * 1e4 / P;  // real yuan, real scale
  const double per_person = s_.subsidy / P;
  if (budget <= 0 || per_person <= 0) return;
  const std::size_t C = w_->places->counties();
  const std::vector<std::vector<Candidate>> cand = candidates();
  double total = 0;
  for (std::size_t c = 0; c < C; ++c)
    for (const auto& x : cand[c]) total += x.persons;
  if (total <= 0) return;
  if (carry_.size() != C) carry_.assign(C, 0.0);
  // the province raises the year's budget from the counties' funds (in proportion to them, no more
  // than they hold) and shares it among the counties by the persons living in eligible villages
  const double raised = w_->government->raise_provincial(budget);
  for (std::size_t c = 0; c < C; ++c) {
    double persons = 0;
    for (const auto& x : cand[c]) persons += x.persons;
    if (persons <= 0) continue;
    // the province's share for this county (real scale), plus what the county did not use before
    move_county(c, cand[c], carry_[c] + raised * persons / total, per_person);
  }
}

// Groups by village (whole-village mode; villages in index order) or single households (id order)
// and moves them while the county's money and the yearly cap allow.
void Relocation::move_county(std::size_t c, const std::vector<Candidate>& cand, double money, double per_person) {
  const double scale = w_->ctx->scale();
  double persons = 0;
  for (const auto& x : cand) persons += x.persons;
  const double cap = s_.max_share * persons;
  std::map<std::uint32_t, std::vector<const Candidate*>> groups;
  for (const auto& x : cand) groups[s_.mode == "village" ? x.village : static_cast<std::uint32_t>(groups.size())].push_back(&x);
  double moved = 0;
  std::size_t k = 0;
  for (const auto& [v, members] : groups) {
    (void)v;
    double need = 0;
    for (const auto* m : members) need += m->persons;
    const double cost = need * per_person * scale;
    if (moved + need > cap + 1e-9 || cost > money) break;
    w_->government->spend(c, need * per_person * s_.top_up * scale);  // county top-up, spent on construction
    for (const auto* m : members) {
      const std::uint32_t town = (k++ % 100) < s_.seat_share * 100 ? w_->places->county_seat(c) : m->home_town;
      relocate(*m, town, per_person);
    }
    money -= cost;
    moved += need;
  }
  carry_[c] = money;
}

// The province pays the subsidy (a capital transfer) and the household builds its new house.
void Relocation::relocate(const Candidate& x, std::uint32_t town, double per_person) {
  Households& hh = *w_->households;
  const auto r = hh.row_of(static_cast<sim::AgentId>(x.household));
  if (r == sim::kNoRow || town >= w_->places->towns()) return;
  const double persons = hh.persons(r);
  hh.relocate(r, town);
  moved_[r] = 1;
  const double house = std::max(0.0, per_person) * persons;  // sample units
  w_->government->pay_from_provincial(house * w_->ctx->scale(), Flow::CapitalTransfers, Sector::Households);
  w_->goods->buy(IoConstr, Flow::Investment, Sector::Households, house);
  total_ += 1;
}

void indicators(sim::Simulation& s, const Policy* instance) {
  policy_indicator<Relocation>(s, instance, "households_relocated", "10k households",
                               "households moved by the relocation programme since 1978 (cumulative)",
                               [](const Relocation& r) { return r.relocated(); });
}

}  // namespace

PolicyInfo relocation_info() {
  PolicyInfo info;
  info.name = "relocation";
  info.doc = "Moving households out of mountains, hazard and reservoir areas, islands and boats into towns.";
  info.source = "presentation, 'Facilitate Farmer Relocation'";
  info.declare = [](sim::ParamBinder& b) {
    Settings s{};
    s.bind(b);
  };
  info.validate = [](const sim::Params& p, const std::string& prefix, std::vector<sim::ParamProblem>& out) {
    const auto s = sim::read_bound<Settings>(p, prefix);
    if (s.end < s.start) out.push_back({prefix + ".end_year", "expected a year not before start_year (" + std::to_string(s.start) + ")"});
  };
  info.indicators = indicators;
  info.create = [](const sim::Params& p, const std::string& prefix) -> std::unique_ptr<Policy> {
    return std::make_unique<Relocation>(sim::read_bound<Settings>(p, prefix));
  };
  return info;
}

}  // namespace models::zhejiang::policies
