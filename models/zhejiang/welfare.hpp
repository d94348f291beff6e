#pragma once
// Welfare: the illness shock (a household member falls ill and the household pays for treatment,
// bought from service firms) and the monthly pass in which the policy modules' transfers reach
// households (medical relief, subsistence allowance). Serial, in household order, so that county
// funds are drawn in a fixed order.
#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct WelfareParams {
  double illness_probability, illness_cost, illness_floor;
  void bind(sim::ParamBinder& b);
};

class Welfare {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);
  void year_start() { illness_events_ = 0; }
  void month();  ///< welfare phase
  double illness_events() const { return illness_events_; }

  void serialize(sim::Archive& ar);

 private:
  double illness(std::size_t r, std::size_t county, bool covered, double means);
  World* w_ = nullptr;
  WelfareParams p_{};
  double illness_events_ = 0;  ///< this year (sample households)
};

}  // namespace models::zhejiang
