// Public services (presentation, "equal access to public service"): school seats for migrant children
// admitted "by points score", the Public Employment Service ("a big reason for full employment of
// urban and rural workers in Zhejiang and of migrant workers"), and Medical Relief. Seats: a
// migrant household whose points reach seat_threshold gets a seat while seats for seat_share of
// migrant children exist (a fixed lottery place per household). Employment service: a job seeker
// not matched in the county searches the province with a higher chance each month. Medical relief:
// pays relief_share of the cost of an illness of a low-income household (below the poverty_standard
// targeting line; none when that module is off) from the county fund, up to budget_share a year.
#include "models/zhejiang/policies/public_services.hpp"

#include <algorithm>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang::policies {
namespace {

struct Settings {
  int start;
  sim::Schedule seats, boost;
  double seat_threshold, relief_share, budget_share;
  PointWeights points;
  void bind(sim::ParamBinder& b) {
    using I = sim::Schedule::Interp;
    b.renamed("start", "start_year");
    b.integer(start, "start_year", 1998, "year", 1978, 2100, "first year", "presentation: 'Since late 1990s'");
    b.schedule(seats, "seat_share", sim::Schedule{I::Linear, {{1998, 0.05}, {2007, 0.2}, {2013, 0.4}}}, "share of migrant children", 0, 1,
               "public school seats open to migrant children by points",
               "presentation: school admission by points score; 2007 step 'extending coverage'; level: priors M4; assumption");
    b.real(seat_threshold, "seat_threshold", 30, "points", 0, 1000, "points for a school seat", "assumption");
    b.real(points.per_year, "points_per_year", 6, "points per year of residence", 0, 1000, "", "assumption (as hukou_reform)");
    b.real(points.family, "points_family", 10, "points", 0, 1000, "", "assumption");
    b.real(points.business, "points_business", 10, "points", 0, 1000, "", "assumption");
    b.real(points.skill, "points_skill", 10, "points per unit of skill", 0, 1000, "", "assumption");
    b.schedule(boost, "search_boost", sim::Schedule{I::Linear, {{1998, 0.05}, {2013, 0.2}}}, "share", 0, 1,
               "extra monthly chance of a province-wide job search by an unmatched seeker", "presentation, Public Employment Service; size: assumption");
    b.real(relief_share, "relief_share", 0.5, "share of the illness cost", 0, 1, "medical relief for low-income households", "presentation, Medical Relief; share: assumption");
    b.real(budget_share, "budget_share", 0.1, "share of the county fund per year", 0, 1, "most relief may spend in a year", "assumption");
  }
};

class PublicServices final : public Policy, public ServiceAccess, public MedicalRelief {
 public:
  explicit PublicServices(Settings s) : s_(std::move(s)) {}
  void attach(World& w) override {
    w_ = &w;
    w.channels->services = this;
    w.channels->relief = this;
    spent_.assign(w.places->counties(), 0.0);
  }
  void year_start() override {
    const int y = w_->ctx->year();
    on_ = y >= s_.start;
    seat_share_ = on_ ? s_.seats.at(y) : 0.0;
    boost_ = on_ ? s_.boost.at(y) : 0.0;
    std::fill(spent_.begin(), spent_.end(), 0.0);
    paid_ = 0;
  }
  double relief_paid() const { return paid_; }
  const Context& ctx() const { return *w_->ctx; }
  double seat_share() const override { return seat_share_; }
  bool points_seat(std::size_t r) const override { return w_->access->points(r, s_.points) >= s_.seat_threshold; }
  double search_boost() const override { return boost_; }
  bool active() const override { return on_ && s_.relief_share > 0 && s_.budget_share > 0; }
  double relieve(std::size_t r, std::size_t c, double cost) override {
    Government& gov = *w_->government;
    const double scale = w_->ctx->scale();
    const double want = s_.relief_share * cost * scale;
    const double room = std::min(gov.fund(c), s_.budget_share * gov.fund_at_year_start(c) - spent_[c]);
    const double paid = std::clamp(want, 0.0, std::max(0.0, room));
    if (paid <= 0) return 0.0;
    gov.transfer(c, paid, Flow::SocialTransfers, Sector::Households);
    w_->households->receive(r, paid / scale);
    spent_[c] += paid;
    paid_ += paid / scale;
    return paid / scale;
  }
  void serialize(sim::Archive& ar) override {
    ar.io(on_);
    ar.io(seat_share_);
    ar.io(boost_);
    ar.io(spent_);
    ar.io(paid_);
  }

 private:
  Settings s_;
  World* w_ = nullptr;
  bool on_ = false;
  double seat_share_ = 0, boost_ = 0, paid_ = 0;
  std::vector<double> spent_;
};

void indicators(sim::Simulation& s, const Policy* instance) {
  using S = PublicServices;
  policy_indicator<S>(s, instance, "medical_relief_paid", "100 million RMB current prices", "medical relief paid this year",
                      [](const S& x) { return x.ctx().to_nominal(x.relief_paid()) * x.ctx().scale() / 1e8; });
}

}  // namespace

PolicyInfo public_services_info() {
  PolicyInfo info;
  info.name = "public_services";
  info.doc = "School seats for migrant children by points, public employment service, medical relief.";
  info.source = "presentation: 'establishing system, increasing coverage' (before 2007)";
  info.declare = [](sim::ParamBinder& b) {
    Settings s{};
    s.bind(b);
  };
  info.indicators = indicators;
  info.create = [](const sim::Params& p, const std::string& prefix) -> std::unique_ptr<Policy> {
    return std::make_unique<PublicServices>(sim::read_bound<Settings>(p, prefix));
  };
  return info;
}

}  // namespace models::zhejiang::policies
