#include "sim/model.hpp"

#include "sim/error.hpp"

namespace sim {

void declare_run_params(ParamRegistry& reg) {
  reg.group("run", "Engine settings of a run: calendar, tick length, seed, recording, targets.");
  reg.integer("run.start_year", 1978, "year", "First calendar year simulated (tick 0 is its first tick).")
      .range(0, 3000).cite("engine");
  reg.integer("run.end_year", 2013, "year", "Last calendar year simulated (inclusive).").range(0, 3000).cite("engine");
  reg.choice("run.tick", "month", {"month", "quarter", "year"}, "Length of one tick.").cite("engine");
  reg.integer("run.seed", 1, "", "Run seed: keys every random stream (overridden by --seed).")
      .range(0, 4294967295.0).cite("engine");
  reg.choice("run.record", "yearly", {"yearly", "every_tick"},
             "When indicators are recorded: at the last tick of each year, or every tick.").cite("engine");
  reg.path("run.targets", "", "CSV of calibration targets (scope,indicator,year,value,unit,note); empty for none.")
      .cite("engine");
  reg.text("run.target_scope", "", "Rows of the targets file to compare with (its 'scope' column).").cite("engine");
}

void validate_run_params(const Params& p, std::vector<ParamProblem>& problems) {
  const auto start = p.integer("run.start_year"), end = p.integer("run.end_year");
  if (end < start)
    problems.push_back({"run.end_year", "expected a year not before run.start_year (" + std::to_string(start) +
                                            "), found " + std::to_string(end)});
}

const ModelInfo* ModelCatalog::find(const std::string& name) const {
  for (const auto& m : models_)
    if (m.name == name) return &m;
  return nullptr;
}

std::vector<std::string> ModelCatalog::names() const {
  std::vector<std::string> n;
  for (const auto& m : models_) n.push_back(m.name);
  return n;
}

ParamRegistry ModelCatalog::registry(const std::string& name) const {
  const ModelInfo* m = find(name);
  if (!m) throw Error("unknown model '" + name + "'");
  ParamRegistry reg;
  declare_run_params(reg);
  m->declare(reg);
  return reg;
}

}  // namespace sim
