// Subsistence allowance (presentation, "Subsistence Allowance System"): "In 1996, Zhejiang established
// urban-rural subsistence allowance system"; the 2013 standards were 16.95 (urban) and 12.93 (rural)
// yuan per person per day. Each month, in household order, the module pays the gap between the
// standard and the household's income per person of last year (without last year's allowance) to
// households that take it up, from the county's development fund ("County and provincial government
// provide categorized assistance"), up to budget_share of the fund a year. Migrants are covered only
// as far as hukou reform opens relief to them ("this system will cover migrants whose Hukou has
// transferred to Zhejiang").
#include "models/zhejiang/policies/subsistence_allowance.hpp"

#include <algorithm>

#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang::policies {
namespace {

struct Settings {
  int start;
  sim::Schedule urban, rural, take_up;
  double budget_share;
  bool migrants;
  void bind(sim::ParamBinder& b) {
    using I = sim::Schedule::Interp;
    b.integer(start, "start_year", 1996, "year", 1978, 2100, "first year of the allowance",
              "presentation: 'In 1996, Zhejiang established urban-rural subsistence allowance system'");
    b.schedule(urban, "urban_standard", sim::Schedule{I::Linear, {{1996, 4.0}, {2002, 9.9}, {2013, 16.95}}}, "nominal yuan per person per day", 0, 1000,
               "urban standard", "2013: presentation/targets (16.95); 2002: priors P1 (Hangzhou 300 yuan/month); 1996: assumption");
    b.schedule(rural, "rural_standard", sim::Schedule{I::Linear, {{1996, 2.0}, {2002, 5.0}, {2013, 12.93}}}, "nominal yuan per person per day", 0, 1000,
               "rural standard", "2013: presentation/targets (12.93); earlier years: assumption (same ratio to the urban standard as in 2013, lower before 2002)");
    b.schedule(take_up, "take_up", sim::Schedule::constant(0.2), "share of eligible households", 0, 1,
               "households that apply and are reached (outreach gap); a constant share, so the number of recipients follows eligibility",
               "calibrated by hand: 62.9 (10k) recipients in 2013 (targets; 55.7 on seeds 1-10 at 0.2). It was 0.096 while the model had "
               "about twice too many rural persons below the line; kin support (zhejiang.households.kin_support) brought that count near "
               "the target (docs/model.md section 9, Income distribution)");
    b.real(budget_share, "budget_share", 0.3, "share of the county fund per year", 0, 1, "most the county may pay out in a year",
           "assumption: paid from county budgets (presentation: 'County and provincial government provide categorized assistance')");
    b.flag(migrants, "cover_migrants", true, "migrants covered as far as hukou reform opens relief",
           "presentation, Temporary Relief: 'will cover migrants whose Hukou has transferred to Zhejiang'");
  }
};

class SubsistenceAllowance final : public Policy, public MonthlyTransfer {
 public:
  explicit SubsistenceAllowance(Settings s) : s_(std::move(s)) {}
  void attach(World& w) override {
    w_ = &w;
    w.channels->transfers.push_back(this);
    auto& t = w.ctx->simulation().table("households");
    flag_ = t.add<std::uint8_t>("allowance", "1 when the household received the subsistence allowance this month");
    year_ = t.add<double>("allowance_year", "subsistence allowance received this year");
    last_ = t.add<double>("allowance_last_year", "subsistence allowance received last year");
    spent_.assign(w.places->counties(), 0.0);
  }
  void year_start() override {
    const Households& hh = *w_->households;
    for (std::size_t r = 0; r < hh.size(); ++r) {
      last_[r] = year_[r];
      year_[r] = 0;
    }
    std::fill(spent_.begin(), spent_.end(), 0.0);
    paid_ = 0;
    urban_line_ = rural_line_ = take_up_ = 0;
    const int y = w_->ctx->year();
    if (y < s_.start) return;
    const double to_real = 365.0 / w_->ctx->price_level();  // nominal yuan per day -> 1978 yuan per year
    urban_line_ = s_.urban.at(y) * to_real;
    rural_line_ = s_.rural.at(y) * to_real;
    take_up_ = s_.take_up.at(y);
  }
  bool active() const override { return take_up_ > 0 && s_.budget_share > 0 && (urban_line_ > 0 || rural_line_ > 0); }
  void begin(std::size_t r) override { flag_[r] = 0; }
  bool may_pay(std::size_t r, bool urban, bool migrant, bool covered, double means) const override;
  void pay(std::size_t r, std::size_t c, bool urban, bool migrant, bool covered, double means, double pers) override;
  double received_last_year(std::size_t r) const override { return last_[r]; }
  void close_year() override {
    const Households& hh = *w_->households;
    double persons = 0;
    for (std::size_t r = 0; r < hh.size(); ++r)
      if (hh.persons(r) > 0 && flag_[r]) persons += hh.persons(r);
    recipients_ = persons;
  }
  double recipients() const { return recipients_; }
  double paid() const { return paid_; }
  const Context& ctx() const { return *w_->ctx; }
  void serialize(sim::Archive& ar) override {
    ar.io(spent_);
    ar.io(paid_);
    ar.io(urban_line_);
    ar.io(rural_line_);
    ar.io(take_up_);
    ar.io(recipients_);
  }

 private:
  Settings s_;
  World* w_ = nullptr;
  sim::Col<std::uint8_t> flag_;
  sim::Col<double> year_, last_;
  std::vector<double> spent_;  ///< paid this year by county (real scale)
  double paid_ = 0;            ///< paid this year (sample units)
  double recipients_ = 0;      ///< persons in households paid in December (sample)
  double urban_line_ = 0, rural_line_ = 0, take_up_ = 0;
};

bool SubsistenceAllowance::may_pay(std::size_t r, bool urban, bool migrant, bool covered, double means) const {
  if (!active() || (migrant && !s_.migrants) || !covered) return false;
  const double line = urban ? urban_line_ : rural_line_;
  return means < line && w_->ctx->init_rng(draw::kAllowanceLottery, w_->households->id(r)).uniform() < take_up_;
}

void SubsistenceAllowance::pay(std::size_t r, std::size_t c, bool urban, bool migrant, bool covered, double means, double pers) {
  if (!may_pay(r, urban, migrant, covered, means)) return;
  const double line = urban ? urban_line_ : rural_line_;
  Government& gov = *w_->government;
  const double scale = w_->ctx->scale();
  const double want = (line - std::max(0.0, means)) / kMonths * pers * scale;
  const double room = std::min(gov.fund(c), s_.budget_share * gov.fund_at_year_start(c) - spent_[c]);
  const double paid = std::clamp(want, 0.0, std::max(0.0, room));
  if (paid <= 0) return;
  gov.transfer(c, paid, Flow::SocialTransfers, Sector::Households);
  spent_[c] += paid;
  w_->households->receive(r, paid / scale);
  year_[r] += paid / scale;
  flag_[r] = 1;
  paid_ += paid / scale;
}

void indicators(sim::Simulation& s, const Policy* instance) {
  using A = SubsistenceAllowance;
  policy_indicator<A>(s, instance, "subsistence_allowance_recipients", "10k persons", "members of households paid the allowance in December",
                      [](const A& a) { return a.recipients() * a.ctx().scale() / 1e4; });
  policy_indicator<A>(s, instance, "subsistence_allowance_paid", "100 million RMB current prices", "allowance paid this year",
                      [](const A& a) { return a.ctx().to_nominal(a.paid()) * a.ctx().scale() / 1e8; });
}

}  // namespace

PolicyInfo subsistence_allowance_info() {
  PolicyInfo info;
  info.name = "subsistence_allowance";
  info.doc = "Urban-rural minimum living guarantee from 1996: means-tested top-up to a standard.";
  info.source = "presentation: urban-rural subsistence allowance system (1996)";
  info.declare = [](sim::ParamBinder& b) {
    Settings s{};
    s.bind(b);
  };
  info.indicators = indicators;
  info.create = [](const sim::Params& p, const std::string& prefix) -> std::unique_ptr<Policy> {
    return std::make_unique<SubsistenceAllowance>(sim::read_bound<Settings>(p, prefix));
  };
  return info;
}

}  // namespace models::zhejiang::policies
