#pragma once
// `xiaoda sweep plan|run|summary|merge`: the command-line face of sim/sweep.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/model.hpp"

namespace sim::app {

class SweepCommands {
 public:
  /// Adds the `sweep` subcommand group to app.
  explicit SweepCommands(CLI::App& app);
  /// True when the command line chose `xiaoda sweep ...`.
  bool selected() const;
  /// Runs the chosen sweep command; returns the exit code. Throws ScenarioError/UsageError/Error.
  int execute(const ModelCatalog& catalog, const std::string& log_level);

 private:
  CLI::App* sweep_ = nullptr;
  CLI::App *plan_ = nullptr, *run_ = nullptr, *summary_ = nullptr, *merge_ = nullptr;
  std::string sweep_file_, dir_, out_, shard_;
  std::vector<std::string> sources_;
  bool force_ = false, no_progress_ = false, retry_failed_ = false;
  int jobs_ = 0, threads_ = 1;
  double memory_per_run_ = 0;
  std::int64_t max_runs_ = -1, fail_run_ = -1;
};

}  // namespace sim::app
