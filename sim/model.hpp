#pragma once
// The interface between the engine and a model, and the catalogue of known models.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace sim {

class Simulation;

/// A model: registers its tables, phases and indicators in setup(), creates agents in initialize(),
/// and saves whatever state is not in its tables in serialize() (for checkpoints).
class Model {
 public:
  virtual ~Model() = default;
  /// Reads parameters, adds tables, phases and indicators. Creates no agents.
  virtual void setup(Simulation& sim) = 0;
  /// Creates the initial population (tick 0).
  virtual void initialize(Simulation& sim) = 0;
  /// Saves or restores state held outside the simulation's tables. Tables are saved by the engine.
  virtual void serialize(Archive& ar) { (void)ar; }
  /// Called once after the last tick; may write extra files into the output folder.
  virtual void finish(Simulation& sim) { (void)sim; }
};

struct ModelInfo {
  std::string name;
  std::string doc;
  std::function<void(ParamRegistry&)> declare;         ///< the model's parameters
  std::function<std::unique_ptr<Model>()> create;
  /// Optional cross-key checks over the resolved parameters (end before start, shares that must sum
  /// to 1, a tick length the model does not support, ...). Run by every scenario load, so
  /// `xiaoda validate` and `xiaoda run` reject the same scenarios before anything is written.
  std::function<void(const Params&, std::vector<ParamProblem>&)> validate;
  /// Optional `xiaoda bench NAME ...` entry: gets the arguments after the model name, returns exit code.
  std::function<int(const std::vector<std::string>&)> bench;
  /// Checks `bench` arguments without running anything (throws UsageError); used by
  /// `xiaoda --parse-only bench NAME ...`. Set together with `bench`.
  std::function<void(const std::vector<std::string>&)> bench_check;
};

/// The engine's own run settings (run.start_year, run.tick, run.seed, ...), declared into every model's registry.
void declare_run_params(ParamRegistry& reg);
/// Cross-key checks of the run settings (run.end_year not before run.start_year).
void validate_run_params(const Params& p, std::vector<ParamProblem>& problems);

class ModelCatalog {
 public:
  void add(ModelInfo info) { models_.push_back(std::move(info)); }
  const ModelInfo* find(const std::string& name) const;
  const std::vector<ModelInfo>& models() const { return models_; }
  std::vector<std::string> names() const;
  /// Run settings plus the model's parameters.
  ParamRegistry registry(const std::string& name) const;

 private:
  std::vector<ModelInfo> models_;
};

}  // namespace sim
