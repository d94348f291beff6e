// Poverty standard (presentation, "Poverty Standard"): the World Bank absolute line of 1.25 $/day
// (2005 PPP, kept fixed in real terms with the CPI), Zhejiang's relative line of 45 % of last year's
// rural income per capita ("Zhejiang raised it to 45% of provincial rural income per capita of
// previous year"), and the OECD line of 60 % of median household income. Each year the module sets
// the three lines (they give the poverty rates by residence) and names the targeting line that
// identifies low-income households for medical relief and the low-income count.
#include "models/zhejiang/policies/poverty_standard.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/summary.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang::policies {
namespace {

struct Settings {
  int start;
  double usd, ppp, base_level, rel, oecd, floor_share;
  std::string targeting, arrivals;
  void bind(sim::ParamBinder& b) {
    b.integer(start, "start_year", 1978, "year", 1978, 2100, "first year the lines are set", "convention (measurement from the start)");
    b.choice(targeting, "targeting", "relative", {"absolute", "relative", "oecd"}, "line that identifies low-income households",
             "presentation: Zhejiang identifies low-income rural households by 45 % of last year's rural income");
    b.real(usd, "usd_per_day", 1.25, "2005 PPP dollars per person per day", 0, 100, "World Bank absolute line",
           "presentation: 'World Bank poverty line is 1.25 $/d (in 2005 constant price)'");
    b.real(ppp, "ppp_yuan_per_usd", 3.46, "2005 yuan per PPP dollar", 0.1, 100, "PPP conversion factor for private consumption, China 2005",
           "World Bank ICP 2005 (3.4 - 3.5); assumption within that range");
    b.real(base_level, "base_price_level", 4.64, "CPI 2005 / CPI 1978", 0.1, 100, "price level of the PPP base year relative to 1978",
           "scenario cpi schedule: 464.0 in 2005 (1978 = 100)");
    b.real(rel, "relative_share", 0.45, "share of last year's rural income per capita", 0, 5, "Zhejiang relative line",
           "presentation: '45% of provincial rural income per capita of previous year (RMB4,600)'");
    b.real(oecd, "oecd_share", 0.6, "share of last year's median income per capita", 0, 5, "OECD relative line",
           "presentation: 'OECD relative poverty line is set at 60% of the median household income'");
    b.choice(arrivals, "arrivals", "next_year", {"counted", "next_year"},
             "households that arrived from another province this year: 'counted' in the year's poverty rates on the income of "
             "the months since they came, or counted from the next year ('next_year'), when they have a whole year's income",
             "measurement: the household surveys behind the source's poverty rates count residents of six months or more "
             "(permanent residents); an arrival's part-year income against a yearly line counts him poor by construction");
    b.real(floor_share, "floor_share", 0.0, "share of last year's rural income per capita", 0, 5, "local floor under the targeting line",
           "presentation: developed regions set local lines 'no less than 45%' (cities RMB 7,500-9,000)");
  }
};

class PovertyStandard final : public Policy, public Targeting {
 public:
  explicit PovertyStandard(Settings s) : s_(std::move(s)) {}
  void attach(World& w) override {
    w_ = &w;
    w.channels->targeting = this;
  }
  void year_start() override {
    lines_ = {0, 0, 0};
    targeting_ = 0;
    if (w_->ctx->year() < s_.start) return;
    const double rural = w_->summary->rural_income_last_year();
    lines_[0] = s_.usd * s_.ppp * 365.0 / s_.base_level;  // 2005 yuan -> 1978 yuan
    lines_[1] = s_.rel * rural;
    lines_[2] = s_.oecd * median_income_last_year();
    const double chosen = s_.targeting == "absolute" ? lines_[0] : s_.targeting == "oecd" ? lines_[2] : lines_[1];
    targeting_ = std::max(chosen, s_.floor_share * rural);
  }
  double targeting_line() const override { return targeting_; }
  void close_year() override;
  void serialize(sim::Archive& ar) override {
    ar.io(lines_);
    ar.io(targeting_);
    ar.io(m_);
  }
  /// Year-end measures (persons in sample units).
  struct Measures {
    double urban_persons = 0, rural_persons = 0, low_income_rural = 0;
    double poor_urban[3] = {0, 0, 0}, poor_rural[3] = {0, 0, 0};  ///< absolute, relative, OECD
  };
  const Measures& measures() const { return m_; }
  const Context& ctx() const { return *w_->ctx; }

 private:
  /// Median of last year's income per person across persons.
  double median_income_last_year() const {
    const Households& hh = *w_->households;
    std::vector<std::pair<double, double>> inc;
    inc.reserve(hh.size());
    double w = 0;
    for (std::size_t r = 0; r < hh.size(); ++r) {
      const double pers = hh.persons(r);
      if (pers > 0) {
        inc.emplace_back(hh.col().ypc_last[r], pers);
        w += pers;
      }
    }
    sim::parallel_sort(inc);  // same order as std::sort: pairs compare on both members
    double acc = 0;
    for (const auto& [y, p] : inc)
      if ((acc += p) >= 0.5 * w) return y;
    return 0.0;
  }
  Settings s_;
  World* w_ = nullptr;
  std::array<double, 3> lines_{};  ///< absolute, relative, OECD (1978 yuan per person per year)
  double targeting_ = 0;
  Measures m_;
};

// Poverty by residence under each line, and low-income rural-hukou persons under the targeting line.
// With `arrivals` 'next_year' a household that came from another province this year is left out of
// this year's rates (numerators and denominators): it is counted from the next year on a whole year's
// income, as the surveys count permanent residents.
void PovertyStandard::close_year() {
  const Households& hh = *w_->households;
  const bool skip_arrivals = s_.arrivals == "next_year";
  Measures m;
  for (std::size_t r = 0; r < hh.size(); ++r) {
    const double pers = hh.persons(r);
    if (pers <= 0) continue;
    if (skip_arrivals && hh.arrived_this_year(r)) continue;
    const double ypc = hh.income_year(r) / pers;
    const bool urban = hh.urban_resident(r);
    (urban ? m.urban_persons : m.rural_persons) += pers;
    for (int k = 0; k < 3; ++k)
      if (lines_[k] > 0 && ypc < lines_[k]) (urban ? m.poor_urban[k] : m.poor_rural[k]) += pers;
    if (hh.col().hukou[r] == LocalRural && targeting_ > 0 && ypc < targeting_) m.low_income_rural += pers;
  }
  m_ = m;
}

void indicators(sim::Simulation& s, const Policy* instance) {
  using P = PovertyStandard;
  auto pct = [](double a, double b) { return b > 0 ? 100.0 * a / b : 0.0; };
  const char* name[3] = {"absolute", "relative", "oecd"};
  const char* doc[3] = {"the absolute line (World Bank 1.25 $/day PPP, fixed in real terms)",
                        "the relative line (share of last year's rural income per capita, 45 % in Zhejiang)",
                        "the OECD line (60 % of last year's median income per capita)"};
  for (int k = 0; k < 3; ++k) {
    policy_indicator<P>(s, instance, std::string("urban_poverty_rate_") + name[k], "percent of urban residents",
                        std::string("urban residents below ") + doc[k],
                        [pct, k](const P& p) { return pct(p.measures().poor_urban[k], p.measures().urban_persons); });
    policy_indicator<P>(s, instance, std::string("rural_poverty_rate_") + name[k], "percent of rural residents",
                        std::string("rural residents below ") + doc[k],
                        [pct, k](const P& p) { return pct(p.measures().poor_rural[k], p.measures().rural_persons); });
  }
  policy_indicator<P>(s, instance, "poverty_line_targeting_nominal", "RMB per person per year", "low-income line in use (targeting)",
                      [](const P& p) { return p.ctx().to_nominal(p.targeting_line()); });
  policy_indicator<P>(s, instance, "low_income_rural_persons", "10k persons", "rural-hukou persons below the targeting line",
                      [](const P& p) { return p.measures().low_income_rural * p.ctx().scale() / 1e4; });
}

}  // namespace

PolicyInfo poverty_standard_info() {
  PolicyInfo info;
  info.name = "poverty_standard";
  info.doc = "How poverty is measured and who is targeted: absolute, relative (45 %) and OECD (60 % of median) lines.";
  info.source = "presentation, 'Poverty Standard'";
  info.declare = [](sim::ParamBinder& b) {
    Settings s{};
    s.bind(b);
  };
  info.indicators = indicators;
  info.create = [](const sim::Params& p, const std::string& prefix) -> std::unique_ptr<Policy> {
    return std::make_unique<PovertyStandard>(sim::read_bound<Settings>(p, prefix));
  };
  return info;
}

}  // namespace models::zhejiang::policies
