// Hukou reform (field notes: "the progressive reform of the hukou system now underway is essential";
// presentation: "Hukou system ... will convert more rural migrant workers into urbanites"). From
// start_year the barrier falls along schedules: the share of migrant children admitted to public
// schools and of migrant households covered by social relief. The host turns access into behaviour:
// more migrants bring their families (children otherwise stay behind), families with a school seat
// bring children they left, covered families return home less often. Each year migrants whose points
// (years of residence, family, business, skill) reach the threshold convert to local urban hukou
// with chance conversion_quota; converted households no longer return and count as urban residents
// in the urban household survey.
#include "models/policies/hukou_reform.hpp"

namespace models::policies {
namespace {

struct Settings {
  int start = 2001;
  sim::Schedule school, relief;
  HukouTerms terms;
  ConversionTerms conv;
};

class HukouReform final : public PolicyModule {
 public:
  explicit HukouReform(Settings s) : s_(std::move(s)) {}
  const char* name() const override { return "hukou_reform"; }
  std::vector<Hook> hooks() const override { return {Hook::YearStart, Hook::Government}; }
  void run(Hook hook, PolicyHost& h) override {
    const int y = h.year();
    const bool on = y >= s_.start;
    if (hook == Hook::YearStart) {
      HukouTerms t;
      if (on) {
        t = s_.terms;
        t.school_access = s_.school.at(y);
        t.relief_access = s_.relief.at(y);
      }
      h.set_hukou_terms(t);
    } else if (on) {
      h.convert_hukou(s_.conv);
    }
  }

 private:
  Settings s_;
};

}  // namespace

PolicyInfo hukou_reform_info() {
  PolicyInfo info;
  info.name = "hukou_reform";
  info.doc = "Migrants' access to urban services, hukou conversion by points, progressive reform.";
  info.declare = [](sim::ParamRegistry& r) {
    const std::string k = "policies.hukou_reform.";
    using I = sim::Schedule::Interp;
    r.flag(k + "enabled", true, "reform the hukou system").cite("field notes: 'progressive reform of the hukou system now underway'");
    r.integer(k + "start", 2001, "year", "first year of the reform").range(1978, 2100)
        .cite("assumption: national small-town hukou reform of 2001; issue 4 example");
    r.schedule(k + "school_access", sim::Schedule{I::Linear, {{2001, 0.1}, {2013, 0.5}}}, "share of migrant children",
               "admitted to public schools without points (the barrier is 1 - this)").range(0, 1)
        .cite("priors M4 (~80 % of migrant children in public schools c. 2013, with points-based seats of public_services)");
    r.schedule(k + "relief_access", sim::Schedule{I::Linear, {{2001, 0.05}, {2013, 0.3}}}, "share of migrant households",
               "covered by social relief and insurance").range(0, 1)
        .cite("assumption; presentation: relief 'will cover migrants whose Hukou has transferred'");
    r.real(k + "settle_effect", 0.5, "share", "reduction of the return probability of a family with full access").range(0, 1)
        .cite("assumption (settling vs returning)");
    r.real(k + "reunite_rate", 0.2, "per year", "chance that a migrant with a school seat brings children left behind").range(0, 1)
        .cite("assumption");
    r.real(k + "points_threshold", 60, "points", "points needed to convert the hukou").range(0, 1000).cite("issue 4 example (points_threshold: 60)");
    r.real(k + "points_per_year", 6, "points per year of residence", "").range(0, 1000).cite("assumption (10 years of residence suffice)");
    r.real(k + "points_family", 10, "points", "for a family living together").range(0, 1000).cite("assumption");
    r.real(k + "points_business", 10, "points", "for running a firm or a stall").range(0, 1000).cite("assumption");
    r.real(k + "points_skill", 10, "points per unit of skill", "").range(0, 1000).cite("assumption");
    r.real(k + "conversion_quota", 0.01, "per year", "chance that an eligible household converts in a year").range(0, 1)
        .cite("calibrated: resident population and residents from other provinces 2013 (0.05 added ~250 (10k) residents); conversions of cross-province migrants were small yearly quotas");
  };
  info.create = [](const sim::Params& p) -> std::unique_ptr<PolicyModule> {
    const std::string k = "policies.hukou_reform.";
    if (!p.flag(k + "enabled")) return nullptr;
    Settings s;
    s.start = static_cast<int>(p.integer(k + "start"));
    s.school = p.schedule(k + "school_access");
    s.relief = p.schedule(k + "relief_access");
    s.terms.settle_effect = p.real(k + "settle_effect");
    s.terms.reunite_rate = p.real(k + "reunite_rate");
    s.conv.threshold = p.real(k + "points_threshold");
    s.conv.per_year = p.real(k + "points_per_year");
    s.conv.family_points = p.real(k + "points_family");
    s.conv.business_points = p.real(k + "points_business");
    s.conv.skill_points = p.real(k + "points_skill");
    s.conv.quota = p.real(k + "conversion_quota");
    return std::make_unique<HukouReform>(s);
  };
  return info;
}

}  // namespace models::policies
