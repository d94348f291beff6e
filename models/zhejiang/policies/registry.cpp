// The Zhejiang model's policy modules, in the order they run at each point of the year. Adding a
// module is one file pair in this folder and one line here.
#include "models/zhejiang/policies/hukou_reform.hpp"
#include "models/zhejiang/policies/manufacturing_promotion.hpp"
#include "models/zhejiang/policies/market_building.hpp"
#include "models/zhejiang/policies/mutual_finance.hpp"
#include "models/zhejiang/policies/poverty_standard.hpp"
#include "models/zhejiang/policies/public_services.hpp"
#include "models/zhejiang/policies/relocation.hpp"
#include "models/zhejiang/policies/subsistence_allowance.hpp"
#include "models/zhejiang/policy.hpp"

namespace models::zhejiang {

const sim::ModuleRegistry<Policy>& policy_registry() {
  static const sim::ModuleRegistry<Policy> registry(
      "policies", "Policy modules. Each is switched by policies.<name>.enabled; a disabled module runs no code.",
      {
          policies::market_building_info(),
          policies::manufacturing_promotion_info(),
          policies::poverty_standard_info(),  // first of the social modules: relief uses its targeting line
          policies::subsistence_allowance_info(),
          policies::hukou_reform_info(),
          policies::public_services_info(),
          policies::mutual_finance_info(),
          policies::relocation_info(),
      });
  return registry;
}

}  // namespace models::zhejiang
