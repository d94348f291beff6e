#pragma once
// Agriculture (priors A1-A6): each village's farm output with diminishing returns to land and
// labour, the levy on it ("state first, collectives second and household third", presentation
// p.16), and how the rest is shared: a land share to the contract holders and a labour share to the
// village's farmers, so the marginal product of farm labour is low (surplus labour).
#include <cstdint>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct AgricultureParams {
  sim::Schedule levy, farm_prices;
  double reform_gain, tfp_growth, land_elasticity, labour_elasticity, gdp_share0, collective_share;
  int reform_start, reform_end;
  void bind(sim::ParamBinder& b);
};

class Agriculture {
 public:
  static void declare(sim::ParamRegistry& reg);
  static void validate(const sim::Params& p, std::vector<sim::ParamProblem>& out);
  void setup(World& w, const sim::Params& p);
  /// 1978: the productivity level at which farm value added is the 1978 primary share of GDP.
  void calibrate_1978();
  /// Monthly: village output sold, inputs bought, the levy to the state and the collectives, and
  /// the rest paid as farm income: a labour share to the village's farmers, a land share to the
  /// holders of its land contracts.
  void produce();
  /// What one more farmer would add to the village's net output this month (marginal product).
  double marginal_product(std::uint32_t village) const;
  /// Gross farm output of the village this month per unit of its contracted land (real yuan; 0
  /// without land): what the land a household holds produces, the base of land compensation.
  double output_per_land(std::uint32_t village) const;
  /// A farmer's share of the village's labour income this month.
  double labour_income_per_farmer(std::uint32_t village) const;
  double gdp_share_1978() const { return p_.gdp_share0; }

  void serialize(sim::Archive& ar);

 private:
  /// Farm productivity relative to 1978: the household responsibility system's one-off gain,
  /// phased in over its rollout, then technical progress at a literature rate.
  double tfp(double t) const;
  /// Farm products' price relative to the CPI this year (1978 = 1).
  double relative_price() const;
  double village_output(std::size_t v, double tfp);
  void size_power_caches();
  double farm_income(std::uint32_t village, std::uint8_t farmers, std::uint32_t home, double land) const;
  void pay_farm_incomes();
  World* w_ = nullptr;
  AgricultureParams p_{};
  double scale_ = 1.0;  ///< productivity level set in 1978
  double net_ = 0;      ///< share of gross output left after inputs and the levy, this month
  std::vector<double> output_;  ///< by village, real yuan per month
  // land^a and farmers^b of each village and the land and farmers they were computed for
  // (village_output; derived state, not serialised: a resumed run recomputes them)
  std::vector<double> land_key_, land_pow_, farmers_key_, farmers_pow_;
};

}  // namespace models::zhejiang
