#pragma once
// Pluggable modules of a model (policy modules, for example): a registry of name -> factory with
// one enable/disable contract.
//
// Every module of a registry lives under `GROUP.<name>.*` and has the switch `GROUP.<name>.enabled`,
// declared here, not by the module. A disabled module is never created, so it runs no code and has
// exactly zero effect. A module declares its own keys, may check them across keys (validate, run at
// scenario load), and is created from the resolved parameters. Adding a module to a model is one
// file pair and one line in the model's list.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/param_binder.hpp"
#include "sim/params.hpp"
#include "sim/simulation.hpp"

namespace sim {

template <class M>
struct ModuleInfo {
  std::string name;               ///< key below the group
  std::string doc;                ///< one line: what the module does
  std::string source;             ///< where the mechanism comes from
  bool enabled_by_default = true;
  /// Declares the module's own keys (the binder's prefix is GROUP.name).
  std::function<void(ParamBinder&)> declare;
  /// Optional cross-key checks of the module's keys (only when enabled).
  std::function<void(const Params&, const std::string& prefix, std::vector<ParamProblem>&)> validate;
  /// Creates the module from the resolved parameters (only when enabled).
  std::function<std::unique_ptr<M>(const Params&, const std::string& prefix)> create;
  /// Optional: the module's indicators, declared whether it is enabled or not (a disabled module's
  /// indicators read 0, so every run of a model has the same columns). `instance` is the created
  /// module, or nullptr when it is disabled.
  std::function<void(Simulation&, const M* instance)> indicators;
};

template <class M>
class ModuleRegistry {
 public:
  ModuleRegistry(std::string group, std::string doc, std::vector<ModuleInfo<M>> list)
      : group_(std::move(group)), doc_(std::move(doc)), list_(std::move(list)) {}

  const std::string& group() const { return group_; }
  const std::vector<ModuleInfo<M>>& modules() const { return list_; }
  std::string prefix(const ModuleInfo<M>& m) const { return group_ + "." + m.name; }
  std::string enabled_key(const ModuleInfo<M>& m) const { return prefix(m) + ".enabled"; }

  void declare(ParamRegistry& reg) const {
    reg.group(group_, doc_);
    for (const auto& m : list_) {
      reg.group(prefix(m), m.doc);
      reg.flag(enabled_key(m), m.enabled_by_default, "switch the module on (a disabled module runs no code)")
          .cite(m.source);
      auto b = ParamBinder::declaring(reg, prefix(m));
      if (m.declare) m.declare(b);
    }
  }
  void validate(const Params& p, std::vector<ParamProblem>& problems) const {
    for (const auto& m : list_)
      if (m.validate && p.flag(enabled_key(m))) m.validate(p, prefix(m), problems);
  }
  bool enabled(const Params& p, const ModuleInfo<M>& m) const { return p.flag(enabled_key(m)); }
  /// Declares every module's indicators, in list order; `find` gives the created module by name (or nullptr).
  template <class Find>
  void add_indicators(Simulation& sim, Find&& find) const {
    for (const auto& m : list_)
      if (m.indicators) m.indicators(sim, find(m.name));
  }
  /// The enabled modules, in list order, with their names.
  std::vector<std::pair<std::string, std::unique_ptr<M>>> create(const Params& p) const {
    std::vector<std::pair<std::string, std::unique_ptr<M>>> out;
    for (const auto& m : list_)
      if (enabled(p, m)) out.emplace_back(m.name, m.create(p, prefix(m)));
    return out;
  }

 private:
  std::string group_, doc_;
  std::vector<ModuleInfo<M>> list_;
};

}  // namespace sim
