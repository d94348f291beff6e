// Manufacturing promotion: "the government decided to encourage local traders to engage in industrial
// manufacture by supporting them with beneficial policies" (field notes 3, early 1990s). While active,
// a trader household that founds a manufacturing firm gets subsidy_share of its start-up capital from
// the county fund, and traders' founding propensity is multiplied by propensity_multiplier.
#include "models/policies/manufacturing_promotion.hpp"

namespace models::policies {
namespace {

class ManufacturingPromotion final : public PolicyModule {
 public:
  ManufacturingPromotion(int start, int end, double subsidy, double mult)
      : start_(start), end_(end), subsidy_(subsidy), mult_(mult) {}
  const char* name() const override { return "manufacturing_promotion"; }
  std::vector<Hook> hooks() const override { return {Hook::YearStart}; }
  void run(Hook, PolicyHost& h) override {
    const bool on = h.year() >= start_ && h.year() <= end_;
    for (std::size_t c = 0; c < h.counties(); ++c)
      h.set_entry_support(c, on ? subsidy_ : 0.0, on ? mult_ : 1.0);
  }

 private:
  int start_, end_;
  double subsidy_, mult_;
};

}  // namespace

PolicyInfo manufacturing_promotion_info() {
  PolicyInfo info;
  info.name = "manufacturing_promotion";
  info.doc = "Early-1990s support for traders who move into manufacturing (start-up subsidy, encouragement).";
  info.declare = [](sim::ParamRegistry& r) {
    const std::string k = "policies.manufacturing_promotion.";
    r.flag(k + "enabled", true, "run the promotion").cite("field notes 3: 'establishment of industrial manufacture in the early 1990s'");
    r.integer(k + "start_year", 1992, "year", "first year of the promotion").range(1978, 2013).cite("field notes 3: 'early 1990s'");
    r.integer(k + "end_year", 2000, "year", "last year of the promotion").range(1978, 2013).cite("assumption (source gives no end)");
    r.real(k + "subsidy_share", 0.3, "share of start-up capital", "capital subsidy to a trader founding a manufacturing firm")
        .range(0, 1).cite("assumption: 'beneficial policies' (field notes 3) are not quantified");
    r.real(k + "propensity_multiplier", 2.0, "factor", "multiplier on traders' propensity to found a manufacturing firm")
        .range(1, 20).cite("calibrated: manufacturing take-off in the 1990s");
  };
  info.create = [](const sim::Params& p) -> std::unique_ptr<PolicyModule> {
    const std::string k = "policies.manufacturing_promotion.";
    if (!p.flag(k + "enabled")) return nullptr;
    return std::make_unique<ManufacturingPromotion>(static_cast<int>(p.integer(k + "start_year")),
                                                    static_cast<int>(p.integer(k + "end_year")),
                                                    p.real(k + "subsidy_share"), p.real(k + "propensity_multiplier"));
  };
  return info;
}

}  // namespace models::policies
