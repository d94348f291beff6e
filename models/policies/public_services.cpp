// Public services (presentation, "equal access to public service"): school seats for migrant children
// admitted "by points score", the Public Employment Service ("a big reason for full employment of
// urban and rural workers in Zhejiang and of migrant workers"), and Medical Relief. Seats: a
// migrant household whose points reach seat_threshold gets a seat while seats for seat_share of
// migrant children exist (a fixed lottery place per household). Employment service: a job seeker
// not matched in the county searches the province with a higher chance each month. Medical relief:
// pays relief_share of the cost of an illness of a low-income household (below the poverty_standard
// targeting line; none when that module is off) from the county fund, up to budget_share a year.
#include "models/policies/public_services.hpp"

namespace models::policies {
namespace {

struct Settings {
  int start = 1998;
  sim::Schedule seats, boost;
  ServiceTerms terms;
};

class PublicServices final : public PolicyModule {
 public:
  explicit PublicServices(Settings s) : s_(std::move(s)) {}
  const char* name() const override { return "public_services"; }
  std::vector<Hook> hooks() const override { return {Hook::YearStart}; }
  void run(Hook, PolicyHost& h) override {
    ServiceTerms t;
    const int y = h.year();
    if (y >= s_.start) {
      t = s_.terms;
      t.seat_share = s_.seats.at(y);
      t.search_boost = s_.boost.at(y);
    }
    h.set_services(t);
  }

 private:
  Settings s_;
};

}  // namespace

PolicyInfo public_services_info() {
  PolicyInfo info;
  info.name = "public_services";
  info.doc = "School seats for migrant children by points, public employment service, medical relief.";
  info.declare = [](sim::ParamRegistry& r) {
    const std::string k = "policies.public_services.";
    using I = sim::Schedule::Interp;
    r.flag(k + "enabled", true, "provide the services").cite("presentation: 'establishing system, increasing coverage' (before 2007)");
    r.integer(k + "start", 1998, "year", "first year").range(1978, 2100).cite("presentation: 'Since late 1990s'");
    r.schedule(k + "seat_share", sim::Schedule{I::Linear, {{1998, 0.05}, {2007, 0.2}, {2013, 0.4}}}, "share of migrant children",
               "public school seats open to migrant children by points").range(0, 1)
        .cite("presentation: school admission by points score; 2007 step 'extending coverage'; level: priors M4; assumption");
    r.real(k + "seat_threshold", 30, "points", "points for a school seat").range(0, 1000).cite("assumption");
    r.real(k + "points_per_year", 6, "points per year of residence", "").range(0, 1000).cite("assumption (as hukou_reform)");
    r.real(k + "points_family", 10, "points", "").range(0, 1000).cite("assumption");
    r.real(k + "points_business", 10, "points", "").range(0, 1000).cite("assumption");
    r.real(k + "points_skill", 10, "points per unit of skill", "").range(0, 1000).cite("assumption");
    r.schedule(k + "search_boost", sim::Schedule{I::Linear, {{1998, 0.05}, {2013, 0.2}}}, "share",
               "extra monthly chance of a province-wide job search by an unmatched seeker").range(0, 1)
        .cite("presentation, Public Employment Service; size: assumption");
    r.real(k + "relief_share", 0.5, "share of the illness cost", "medical relief for low-income households").range(0, 1)
        .cite("presentation, Medical Relief; share: assumption");
    r.real(k + "budget_share", 0.1, "share of the county fund per year", "most relief may spend in a year").range(0, 1).cite("assumption");
  };
  info.create = [](const sim::Params& p) -> std::unique_ptr<PolicyModule> {
    const std::string k = "policies.public_services.";
    if (!p.flag(k + "enabled")) return nullptr;
    Settings s;
    s.start = static_cast<int>(p.integer(k + "start"));
    s.seats = p.schedule(k + "seat_share");
    s.boost = p.schedule(k + "search_boost");
    s.terms.seat_threshold = p.real(k + "seat_threshold");
    s.terms.per_year = p.real(k + "points_per_year");
    s.terms.family_points = p.real(k + "points_family");
    s.terms.business_points = p.real(k + "points_business");
    s.terms.skill_points = p.real(k + "points_skill");
    s.terms.relief_share = p.real(k + "relief_share");
    s.terms.budget_share = p.real(k + "budget_share");
    return std::make_unique<PublicServices>(s);
  };
  return info;
}

}  // namespace models::policies
