// Running a model from scenario text inside a test (shared by the model and policy tests).
#pragma once
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"

namespace testutil {

inline const sim::ModelCatalog& catalog() {
  static const sim::ModelCatalog c = models::catalog();
  return c;
}

/// Runs scenario `text` (named `name` in messages) with `--set` overrides, no files, no progress bar.
inline sim::RunResult run_text(const std::string& text, const std::string& name, const std::vector<std::string>& sets,
                               int threads) {
  const auto rs = sim::load_scenario_text(text, name, sets, catalog());
  sim::RunOptions o;
  o.threads = threads;
  o.progress = false;
  return sim::execute_run(catalog(), rs, o);
}

inline double at(const sim::RunResult& r, const std::string& indicator, int year) { return r.table.value(indicator, year); }

}  // namespace testutil
