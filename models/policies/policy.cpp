#include "models/policies/policy.hpp"

#include "models/policies/manufacturing_promotion.hpp"
#include "models/policies/market_building.hpp"
#include "models/policies/hukou_reform.hpp"
#include "models/policies/mutual_finance.hpp"
#include "models/policies/poverty_standard.hpp"
#include "models/policies/public_services.hpp"
#include "models/policies/relocation.hpp"
#include "models/policies/subsistence_allowance.hpp"

namespace models::policies {

const std::vector<PolicyInfo>& all_policies() {
  static const std::vector<PolicyInfo> list = {
      market_building_info(),
      manufacturing_promotion_info(),
      poverty_standard_info(),  // first of the social modules: the others use its targeting line
      subsistence_allowance_info(),
      hukou_reform_info(),
      public_services_info(),
      mutual_finance_info(),
      relocation_info(),
  };
  return list;
}

void declare_policies(sim::ParamRegistry& reg) {
  reg.group("policies", "Policy modules. Each is switched by policies.<name>.enabled; a disabled module runs no code.");
  for (const auto& p : all_policies()) {
    reg.group("policies." + p.name, p.doc);
    p.declare(reg);
  }
}

std::vector<std::unique_ptr<PolicyModule>> create_policies(const sim::Params& params) {
  std::vector<std::unique_ptr<PolicyModule>> out;
  for (const auto& p : all_policies())
    if (auto m = p.create(params)) out.push_back(std::move(m));
  return out;
}

}  // namespace models::policies
