// Manufacturing promotion: "the government decided to encourage local traders to engage in industrial
// manufacture by supporting them with beneficial policies" (field notes 3, early 1990s). While active,
// a trader household that founds a manufacturing firm gets subsidy_share of its start-up capital from
// the county fund, and traders' founding propensity is multiplied by propensity_multiplier.
#include "models/zhejiang/policies/manufacturing_promotion.hpp"

#include "models/zhejiang/channels.hpp"

namespace models::zhejiang::policies {
namespace {

struct Settings {
  int start, end;
  double subsidy, mult;
  void bind(sim::ParamBinder& b) {
    b.integer(start, "start_year", 1992, "year", 1978, 2013, "first year of the promotion", "field notes 3: 'early 1990s'");
    b.integer(end, "end_year", 2000, "year", 1978, 2013, "last year of the promotion", "assumption (source gives no end)");
    b.real(subsidy, "subsidy_share", 0.3, "share of start-up capital", 0, 1, "capital subsidy to a trader founding a manufacturing firm",
           "assumption: 'beneficial policies' (field notes 3) are not quantified");
    b.real(mult, "propensity_multiplier", 2.0, "factor", 1, 20, "multiplier on traders' propensity to found a manufacturing firm",
           "calibrated: manufacturing take-off in the 1990s");
  }
};

class ManufacturingPromotion final : public Policy, public EntrySupport {
 public:
  explicit ManufacturingPromotion(Settings s) : s_(s) {}
  void attach(World& w) override {
    w_ = &w;
    w.channels->entry_support = this;
  }
  void year_start() override {
    const int y = w_->ctx->year();
    on_ = y >= s_.start && y <= s_.end;
  }
  double subsidy_share(std::size_t) const override { return on_ ? s_.subsidy : 0.0; }
  double propensity_multiplier(std::size_t) const override { return on_ ? s_.mult : 1.0; }
  void serialize(sim::Archive& ar) override { ar.io(on_); }

 private:
  Settings s_;
  World* w_ = nullptr;
  bool on_ = false;
};

}  // namespace

PolicyInfo manufacturing_promotion_info() {
  PolicyInfo info;
  info.name = "manufacturing_promotion";
  info.doc = "Early-1990s support for traders who move into manufacturing (start-up subsidy, encouragement).";
  info.source = "field notes 3: 'establishment of industrial manufacture in the early 1990s'";
  info.declare = [](sim::ParamBinder& b) {
    Settings s{};
    s.bind(b);
  };
  info.validate = [](const sim::Params& p, const std::string& prefix, std::vector<sim::ParamProblem>& out) {
    const auto s = sim::read_bound<Settings>(p, prefix);
    if (s.end < s.start) out.push_back({prefix + ".end_year", "expected a year not before start_year (" + std::to_string(s.start) + ")"});
  };
  info.create = [](const sim::Params& p, const std::string& prefix) -> std::unique_ptr<Policy> {
    return std::make_unique<ManufacturingPromotion>(sim::read_bound<Settings>(p, prefix));
  };
  return info;
}

}  // namespace models::zhejiang::policies
