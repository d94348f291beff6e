// Hukou reform (field notes: "the progressive reform of the hukou system now underway is essential";
// presentation: "Hukou system ... will convert more rural migrant workers into urbanites"). From
// start_year the barrier falls along schedules: the share of migrant children admitted to public
// schools and of migrant households covered by social relief. Access changes behaviour: more
// migrants bring their families (children otherwise stay behind), families with a school seat
// bring children they left, covered families return home less often. Each year migrants whose points
// (years of residence, family, business, skill) reach the threshold convert to local urban hukou
// with chance conversion_quota; converted households no longer return and count as urban residents
// in the urban household survey.
#include "models/zhejiang/policies/hukou_reform.hpp"

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/households.hpp"

namespace models::zhejiang::policies {
namespace {

struct Settings {
  int start;
  sim::Schedule school, relief, local_school;
  double settle_effect, reunite_rate, threshold, quota, local_mobility;
  PointWeights points;
  void bind(sim::ParamBinder& b) {
    using I = sim::Schedule::Interp;
    b.renamed("start", "start_year");
    b.integer(start, "start_year", 2001, "year", 1978, 2100, "first year of the reform", "assumption: national small-town hukou reform of 2001; issue 4 example");
    b.schedule(school, "school_access", sim::Schedule{I::Linear, {{2001, 0.1}, {2013, 0.5}}}, "share of migrant children", 0, 1,
               "admitted to public schools without points (the barrier is 1 - this)",
               "priors M4 (~80 % of migrant children in public schools c. 2013, with points-based seats of public_services)");
    b.schedule(relief, "relief_access", sim::Schedule{I::Linear, {{2001, 0.05}, {2013, 0.3}}}, "share of migrant households", 0, 1,
               "covered by social relief and insurance", "assumption; presentation: relief 'will cover migrants whose Hukou has transferred'");
    b.schedule(local_school, "local_school_access", sim::Schedule{I::Linear, {{2001, 0.5}, {2013, 0.9}}}, "share of children", 0, 1,
               "children of local rural-hukou households living in a town admitted to its public schools (without a 'borrowing fee')",
               "presentation: the reform 'will convert more rural migrant workers into urbanites'; county-town hukou reform of 2001; levels: assumption");
    b.real(local_mobility, "local_mobility", 0.3, "probability", 0, 1,
           "chance that a local rural household may move to a town for work once the reform has started (small-town hukou reform)",
           "assumption; the 2001 national small-town hukou reform opened county towns to rural residents");
    b.real(settle_effect, "settle_effect", 0.5, "share", 0, 1, "reduction of the return probability of a family with full access", "assumption (settling vs returning)");
    b.real(reunite_rate, "reunite_rate", 0.2, "per year", 0, 1, "chance that a migrant with a school seat brings children left behind", "assumption");
    b.real(threshold, "points_threshold", 60, "points", 0, 1000, "points needed to convert the hukou", "issue 4 example (points_threshold: 60)");
    b.real(points.per_year, "points_per_year", 6, "points per year of residence", 0, 1000, "", "assumption (10 years of residence suffice)");
    b.real(points.family, "points_family", 10, "points", 0, 1000, "for a family living together", "assumption");
    b.real(points.business, "points_business", 10, "points", 0, 1000, "for running a firm or a stall", "assumption");
    b.real(points.skill, "points_skill", 10, "points per unit of skill", 0, 1000, "", "assumption");
    b.real(quota, "conversion_quota", 0.01, "per year", 0, 1, "chance that an eligible household converts in a year",
           "calibrated: resident population and residents from other provinces 2013 (0.05 added ~250 (10k) residents); conversions of cross-province migrants were small yearly quotas");
  }
};

class HukouReform final : public Policy, public HukouAccess {
 public:
  explicit HukouReform(Settings s) : s_(std::move(s)) {}
  void attach(World& w) override {
    w_ = &w;
    w.channels->hukou = this;
  }
  void year_start() override {
    reunite();  // with last year's access
    const int y = w_->ctx->year();
    on_ = y >= s_.start;
    school_ = on_ ? s_.school.at(y) : 0.0;
    relief_ = on_ ? s_.relief.at(y) : 0.0;
    local_school_ = on_ ? s_.local_school.at(y) : 0.0;
    converted_ = 0;
  }
  void year_end() override {
    if (on_) convert();
  }
  void close_year() override { converted_last_ = converted_; }
  double converted() const { return converted_last_; }
  const Context& ctx() const { return *w_->ctx; }
  double school_access() const override { return school_; }
  double local_school_access() const override { return local_school_; }
  double rural_mobility() const override { return on_ ? s_.local_mobility : 0.0; }
  bool relief_covered(std::size_t r) const override {
    return w_->ctx->init_rng(draw::kReliefLottery, w_->households->id(r)).uniform() < relief_;
  }
  double return_factor(std::size_t r) const override {
    const double settle = on_ ? s_.settle_effect : 0.0;
    if (settle <= 0) return 1.0;
    const double relief = relief_covered(r) ? 0.5 : 0.0;
    // only hukou access counts here: a points seat (public_services) does not make the stay secure
    const double school = w_->households->col().family[r] && w_->access->school_lottery(r) < school_ ? 0.5 : 0.0;
    return 1.0 - settle * (relief + school);
  }
  void serialize(sim::Archive& ar) override {
    ar.io(on_);
    ar.io(school_);
    ar.io(relief_);
    ar.io(local_school_);
    ar.io(converted_);
    ar.io(converted_last_);
  }

 private:
  void reunite();
  void convert();
  Settings s_;
  World* w_ = nullptr;
  bool on_ = false;
  double school_ = 0, relief_ = 0, local_school_ = 0, converted_ = 0;
  double converted_last_ = 0;  ///< conversions of the year, as counted at its end
};

// Migrants whose children can now go to school bring the children they left behind.
void HukouReform::reunite() {
  const double rate = on_ ? s_.reunite_rate : 0.0;
  if (rate <= 0) return;
  Households& hh = *w_->households;
  const auto& h = hh.col();
  for (std::size_t r = 0; r < hh.size(); ++r) {
    if (h.hukou[r] != OtherProvince || h.left_kids[r] == 0) continue;
    if (w_->access->school_lottery(r) >= school_) continue;  // hukou seat needed
    if (w_->ctx->rng(draw::kReunite, hh.id(r)).uniform() >= rate) continue;
    hh.bring_children(r);
  }
}

// Migrants whose points reach the threshold convert, in household order, each with chance quota.
void HukouReform::convert() {
  if (s_.quota <= 0) return;
  Households& hh = *w_->households;
  const auto& h = hh.col();
  for (std::size_t r = 0; r < hh.size(); ++r) {
    if (h.hukou[r] != OtherProvince) continue;
    if (w_->access->points(r, s_.points) < s_.threshold) continue;
    if (w_->ctx->rng(draw::kHukouConversion, hh.id(r)).uniform() >= s_.quota) continue;
    hh.convert_to_urban_hukou(r);
    if (h.left_kids[r] > 0) hh.bring_children(r);  // a registered family brings its children
    converted_ += 1;
  }
}

void indicators(sim::Simulation& s, const Policy* instance) {
  using H = HukouReform;
  policy_indicator<H>(s, instance, "hukou_conversions", "10k households", "migrant households converted to local urban hukou this year",
                      [](const H& h) { return h.converted() * h.ctx().scale() / 1e4; });
}

}  // namespace

PolicyInfo hukou_reform_info() {
  PolicyInfo info;
  info.name = "hukou_reform";
  info.doc = "Migrants' access to urban services, hukou conversion by points, progressive reform.";
  info.source = "field notes: 'progressive reform of the hukou system now underway'";
  info.declare = [](sim::ParamBinder& b) {
    Settings s{};
    s.bind(b);
  };
  info.indicators = indicators;
  info.create = [](const sim::Params& p, const std::string& prefix) -> std::unique_ptr<Policy> {
    return std::make_unique<HukouReform>(sim::read_bound<Settings>(p, prefix));
  };
  return info;
}

}  // namespace models::zhejiang::policies
