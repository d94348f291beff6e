// Poverty standard (presentation, "Poverty Standard"): the World Bank absolute line of 1.25 $/day
// (2005 PPP, kept fixed in real terms with the CPI), Zhejiang's relative line of 45 % of last year's
// rural income per capita ("Zhejiang raised it to 45% of provincial rural income per capita of
// previous year"), and the OECD line of 60 % of median household income. Each year the module sets
// the three lines on the host (they feed the poverty-rate indicators) and names the targeting line
// that identifies low-income households for medical relief and the low-income count.
#include "models/policies/poverty_standard.hpp"

#include <algorithm>

namespace models::policies {
namespace {

struct Settings {
  int start = 1978;
  double usd = 1.25, ppp = 3.46, base_level = 4.64, rel = 0.45, oecd = 0.6, floor_share = 0;
  std::string targeting = "relative";
};

class PovertyStandard final : public PolicyModule {
 public:
  explicit PovertyStandard(Settings s) : s_(std::move(s)) {}
  const char* name() const override { return "poverty_standard"; }
  std::vector<Hook> hooks() const override { return {Hook::YearStart}; }
  void run(Hook, PolicyHost& h) override {
    PovertyLines l;
    if (h.year() >= s_.start) {
      l.absolute = s_.usd * s_.ppp * 365.0 / s_.base_level;  // 2005 yuan -> 1978 yuan
      l.relative = s_.rel * h.rural_income_last_year();
      l.oecd = s_.oecd * h.median_income_last_year();
      const double chosen = s_.targeting == "absolute" ? l.absolute : s_.targeting == "oecd" ? l.oecd : l.relative;
      l.targeting = std::max(chosen, s_.floor_share * h.rural_income_last_year());
    }
    h.set_poverty_lines(l);
  }

 private:
  Settings s_;
};

}  // namespace

PolicyInfo poverty_standard_info() {
  PolicyInfo info;
  info.name = "poverty_standard";
  info.doc = "How poverty is measured and who is targeted: absolute, relative (45 %) and OECD (60 % of median) lines.";
  info.declare = [](sim::ParamRegistry& r) {
    const std::string k = "policies.poverty_standard.";
    r.flag(k + "enabled", true, "measure poverty and identify low-income households").cite("presentation, 'Poverty Standard'");
    r.integer(k + "start_year", 1978, "year", "first year the lines are set").range(1978, 2100).cite("convention (measurement from the start)");
    r.choice(k + "targeting", "relative", {"absolute", "relative", "oecd"}, "line that identifies low-income households")
        .cite("presentation: Zhejiang identifies low-income rural households by 45 % of last year's rural income");
    r.real(k + "usd_per_day", 1.25, "2005 PPP dollars per person per day", "World Bank absolute line").range(0, 100)
        .cite("presentation: 'World Bank poverty line is 1.25 $/d (in 2005 constant price)'");
    r.real(k + "ppp_yuan_per_usd", 3.46, "2005 yuan per PPP dollar", "PPP conversion factor for private consumption, China 2005")
        .range(0.1, 100).cite("World Bank ICP 2005 (3.4 - 3.5); assumption within that range");
    r.real(k + "base_price_level", 4.64, "CPI 2005 / CPI 1978", "price level of the PPP base year relative to 1978")
        .range(0.1, 100).cite("scenario cpi schedule: 464.0 in 2005 (1978 = 100)");
    r.real(k + "relative_share", 0.45, "share of last year's rural income per capita", "Zhejiang relative line")
        .range(0, 5).cite("presentation: '45% of provincial rural income per capita of previous year (RMB4,600)'");
    r.real(k + "oecd_share", 0.6, "share of last year's median income per capita", "OECD relative line")
        .range(0, 5).cite("presentation: 'OECD relative poverty line is set at 60% of the median household income'");
    r.real(k + "floor_share", 0.0, "share of last year's rural income per capita", "local floor under the targeting line")
        .range(0, 5).cite("presentation: developed regions set local lines 'no less than 45%' (cities RMB 7,500-9,000)");
  };
  info.create = [](const sim::Params& p) -> std::unique_ptr<PolicyModule> {
    const std::string k = "policies.poverty_standard.";
    if (!p.flag(k + "enabled")) return nullptr;
    Settings s;
    s.start = static_cast<int>(p.integer(k + "start_year"));
    s.targeting = p.text(k + "targeting");
    s.usd = p.real(k + "usd_per_day");
    s.ppp = p.real(k + "ppp_yuan_per_usd");
    s.base_level = p.real(k + "base_price_level");
    s.rel = p.real(k + "relative_share");
    s.oecd = p.real(k + "oecd_share");
    s.floor_share = p.real(k + "floor_share");
    return std::make_unique<PovertyStandard>(s);
  };
  return info;
}

}  // namespace models::policies
