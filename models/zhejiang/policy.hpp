#pragma once
// Policy modules of the Zhejiang model. A module is one file pair in policies/: it declares its
// parameters under policies.<name>.*, and, when enabled, is created and attached to the model's
// components. It owns its mechanism whole: its terms, the code that applies them, its state and
// checkpoint, and its indicators. It acts at two points of the year (year_start: first month,
// before households decide; year_end: last month, after revenue is collected) and through the
// channels it provides (channels.hpp), which the model's mechanisms consult every month.
// The list of modules, in the order they run, is policies/registry.cpp; the switch
// policies.<name>.enabled is the engine's generic contract (sim/modules.hpp): a disabled module is
// not created and has exactly zero effect.
#include <string>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/modules.hpp"

namespace models::zhejiang {

class Policy {
 public:
  virtual ~Policy() = default;
  /// Setup: reach the components, add the module's columns and channels.
  virtual void attach(World& w) = 0;
  /// First month of each year, before households decide.
  virtual void year_start() {}
  /// Last month of each year, after taxes are collected (build, spend, convert).
  virtual void year_end() {}
  /// Last month, after the year's transfers: the module's year-end measures.
  virtual void close_year() {}
  virtual void serialize(sim::Archive& ar) { (void)ar; }
};

using PolicyInfo = sim::ModuleInfo<Policy>;

/// Declares one indicator of a policy module: `value(module)` when the module is enabled, 0 when not.
template <class Module, class Fn>
void policy_indicator(sim::Simulation& s, const Policy* instance, const std::string& name, const std::string& unit,
                      const std::string& doc, Fn value) {
  const auto* m = dynamic_cast<const Module*>(instance);
  s.add_indicator(name, unit, doc + " (0 when the module is off)", [m, value] { return m ? value(*m) : 0.0; });
}

/// Every policy module, in the order they run at each point of the year.
const sim::ModuleRegistry<Policy>& policy_registry();

}  // namespace models::zhejiang
