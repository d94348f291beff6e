#pragma once
// `xiaoda calibrate` and `xiaoda sensitivity`: the command-line face of sim/calibrate.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "sim/model.hpp"

namespace sim::app {

class CalibrateCommands {
 public:
  /// Adds the `calibrate` and `sensitivity` subcommands to app.
  explicit CalibrateCommands(CLI::App& app);
  /// True when the command line chose one of them.
  bool selected() const;
  /// Runs the chosen command; returns the exit code. Throws ScenarioError/UsageError/Error.
  int execute(const ModelCatalog& catalog, const std::string& log_level);

 private:
  int calibrate(const ModelCatalog& catalog, const std::string& log_level);
  int sensitivity(const ModelCatalog& catalog, const std::string& log_level);
  CLI::App *calibrate_ = nullptr, *sensitivity_ = nullptr;
  std::string file_, out_, resume_;
  int jobs_ = 0, threads_ = 1;
  bool no_plot_ = false, dry_run_ = false, no_progress_ = false;
  std::int64_t kill_after_runs_ = -1;
};

}  // namespace sim::app
