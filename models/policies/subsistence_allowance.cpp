// Subsistence allowance (presentation, "Subsistence Allowance System"): "In 1996, Zhejiang established
// urban-rural subsistence allowance system"; the 2013 standards were 16.95 (urban) and 12.93 (rural)
// yuan per person per day. The host pays, each month and in household order, the gap between the
// standard and the household's income per person of last year (without last year's allowance) to
// households that take it up, from the county's development fund ("County and provincial government
// provide categorized assistance"), up to budget_share of the fund a year. Migrants are covered only
// as far as hukou reform opens relief to them ("this system will cover migrants whose Hukou has
// transferred to Zhejiang").
#include "models/policies/subsistence_allowance.hpp"

namespace models::policies {
namespace {

struct Settings {
  int start = 1996;
  sim::Schedule urban, rural, take_up;
  double budget_share = 0.3;
  bool migrants = true;
};

class SubsistenceAllowance final : public PolicyModule {
 public:
  explicit SubsistenceAllowance(Settings s) : s_(std::move(s)) {}
  const char* name() const override { return "subsistence_allowance"; }
  std::vector<Hook> hooks() const override { return {Hook::YearStart}; }
  void run(Hook, PolicyHost& h) override {
    AllowanceTerms t;
    const int y = h.year();
    if (y >= s_.start) {
      const double to_real = 365.0 / h.price_level();  // nominal yuan per day -> 1978 yuan per year
      t.urban_line = s_.urban.at(y) * to_real;
      t.rural_line = s_.rural.at(y) * to_real;
      t.take_up = s_.take_up.at(y);
      t.budget_share = s_.budget_share;
      t.cover_migrants = s_.migrants;
    }
    h.set_allowance(t);
  }

 private:
  Settings s_;
};

}  // namespace

PolicyInfo subsistence_allowance_info() {
  PolicyInfo info;
  info.name = "subsistence_allowance";
  info.doc = "Urban-rural minimum living guarantee from 1996: means-tested top-up to a standard.";
  info.declare = [](sim::ParamRegistry& r) {
    const std::string k = "policies.subsistence_allowance.";
    using I = sim::Schedule::Interp;
    r.flag(k + "enabled", true, "pay the allowance").cite("presentation: urban-rural subsistence allowance system (1996)");
    r.integer(k + "start_year", 1996, "year", "first year of the allowance").range(1978, 2100)
        .cite("presentation: 'In 1996, Zhejiang established urban-rural subsistence allowance system'");
    r.schedule(k + "urban_standard", sim::Schedule{I::Linear, {{1996, 4.0}, {2002, 9.9}, {2013, 16.95}}}, "nominal yuan per person per day",
               "urban standard").range(0, 1000)
        .cite("2013: presentation/targets (16.95); 2002: priors P1 (Hangzhou 300 yuan/month); 1996: assumption");
    r.schedule(k + "rural_standard", sim::Schedule{I::Linear, {{1996, 2.0}, {2002, 5.0}, {2013, 12.93}}}, "nominal yuan per person per day",
               "rural standard").range(0, 1000)
        .cite("2013: presentation/targets (12.93); earlier years: assumption (same ratio to the urban standard as in 2013, lower before 2002)");
    r.schedule(k + "take_up", sim::Schedule{I::Linear, {{1996, 0.2}, {2001, 0.4}, {2013, 0.5}}}, "share of eligible households",
               "households that apply and are reached (outreach gap)").range(0, 1)
        .cite("calibrated: 62.9 (10k) recipients in 2013 (targets); assumption before");
    r.real(k + "budget_share", 0.3, "share of the county fund per year", "most the county may pay out in a year").range(0, 1)
        .cite("assumption: paid from county budgets (presentation: 'County and provincial government provide categorized assistance')");
    r.flag(k + "cover_migrants", true, "migrants covered as far as hukou reform opens relief")
        .cite("presentation, Temporary Relief: 'will cover migrants whose Hukou has transferred to Zhejiang'");
  };
  info.create = [](const sim::Params& p) -> std::unique_ptr<PolicyModule> {
    const std::string k = "policies.subsistence_allowance.";
    if (!p.flag(k + "enabled")) return nullptr;
    Settings s;
    s.start = static_cast<int>(p.integer(k + "start_year"));
    s.urban = p.schedule(k + "urban_standard");
    s.rural = p.schedule(k + "rural_standard");
    s.take_up = p.schedule(k + "take_up");
    s.budget_share = p.real(k + "budget_share");
    s.migrants = p.flag(k + "cover_migrants");
    return std::make_unique<SubsistenceAllowance>(s);
  };
  return info;
}

}  // namespace models::policies
