#include "sim/app/calibrate_cli.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "sim/calibrate/calibrate.hpp"
#include "sim/calibrate/sensitivity.hpp"
#include "sim/calibrate/spec.hpp"
#include "sim/error.hpp"

namespace fs = std::filesystem;

namespace sim::app {

CalibrateCommands::CalibrateCommands(CLI::App& app) {
  calibrate_ = app.add_subcommand(
      "calibrate", "Estimate parameters by simulated method of moments (NLopt); resumable (docs/calibration.md)");
  calibrate_->add_option("file", file_, "Calibration YAML file");
  calibrate_->add_option("--out", out_, "Calibration folder (running the same command again continues it)");
  calibrate_->add_option("--resume", resume_, "Continue the calibration in this folder (its calibration.yaml)");
  calibrate_->add_option("--jobs,-j", jobs_, "Model runs at once (default: cores / threads)")->check(CLI::Range(1, 4096));
  calibrate_->add_option("--threads", threads_, "Threads within each run (results do not depend on it)")->check(CLI::Range(1, 1024));
  calibrate_->add_flag("--no-plot", no_plot_, "Do not draw convergence.png");
  calibrate_->add_flag("--dry-run", dry_run_, "Validate the file and show what would be estimated; write nothing");
  calibrate_->add_option("--kill-after-runs", kill_after_runs_, "SIGKILL after storing N new runs")->group("");  // tests

  sensitivity_ = app.add_subcommand(
      "sensitivity", "Morris screening, then Sobol indices of the most influential parameters (docs/sensitivity.md)");
  sensitivity_->add_option("file", file_, "Sensitivity YAML file")->required();
  sensitivity_->add_option("--out", out_, "Output folder (running the same command again continues it)");
  sensitivity_->add_option("--jobs,-j", jobs_, "Runs at once (default: cores / threads)")->check(CLI::Range(1, 4096));
  sensitivity_->add_option("--threads", threads_, "Threads within each run")->check(CLI::Range(1, 1024));
  sensitivity_->add_flag("--no-plot", no_plot_, "Do not draw the PNG plots");
  sensitivity_->add_flag("--no-progress", no_progress_, "No progress bar");
  sensitivity_->add_flag("--dry-run", dry_run_, "Validate the file and show the Morris sweep; write nothing");
}

bool CalibrateCommands::selected() const {
  return (calibrate_ && calibrate_->parsed()) || (sensitivity_ && sensitivity_->parsed());
}

int CalibrateCommands::execute(const ModelCatalog& catalog, const std::string& log_level) {
  if (calibrate_->parsed()) return calibrate(catalog, log_level);
  return sensitivity(catalog, log_level);
}

namespace {

std::shared_ptr<spdlog::logger> make_logger(const std::string& level, const std::string& file) {
  auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  err->set_pattern("[%H:%M:%S] [%^%l%$] %v");
  const auto lvl = spdlog::level::from_str(level);
  err->set_level(lvl);
  std::vector<spdlog::sink_ptr> sinks{err};
  if (!file.empty()) {
    auto f = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file, true);  // appends: one log across resumes
    f->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%l] %v");
    f->set_level(spdlog::level::debug);
    sinks.push_back(f);
  }
  auto log = std::make_shared<spdlog::logger>("calibrate", sinks.begin(), sinks.end());
  log->set_level(file.empty() ? lvl : std::min(lvl, spdlog::level::debug));
  log->flush_on(spdlog::level::info);
  return log;
}

std::string dry_run_text(const calibrate::CalibrationSpec& s) {
  std::string t = fmt::format("{}: valid calibration of model '{}' (base {})\n", s.file, s.model, s.base);
  if (!s.set.empty()) {
    t += "fixed:";
    for (const auto& x : s.set) t += " " + x;
    t += "\n";
  }
  t += "free parameters:\n";
  for (const auto& p : s.params)
    t += fmt::format("  {:<44} bounds [{}, {}] (declared {}), start {}{}{}\n", p.key, p.lo, p.hi,
                     fmt::format("[{}, {}]", p.declared_lo, p.declared_hi), p.start, p.start_from_base ? " (base value)" : "",
                     p.prior_id.empty() ? "" : ", prior " + p.prior_id);
  auto list = [&](const std::vector<calibrate::TargetSpec>& ts, const char* title) {
    if (ts.empty()) return;
    t += title;
    for (const auto& x : ts)
      t += fmt::format("  {:<40} {:>5} {:>12.6g} {:<28} tolerance {:<8} weight {}{}\n", x.indicator, x.year, x.value, x.unit,
                       x.tolerance_text, x.weight, x.synthetic ? "  SYNTHETIC" : "");
  };
  list(s.fit, fmt::format("targets ({}, scope {}):\n", s.targets_file.empty() ? "synthetic" : s.targets_file, s.scope).c_str());
  list(s.held_out, "held out:\n");
  t += fmt::format("{} replicate(s) per evaluation, seed {}; up to {} evaluation(s) (start 1, screen {}, global {}, local {}{})"
                   " = up to {} model runs, plus {} for identification and {} fresh-seed check runs\n",
                   s.replicates, s.seed, s.planned_evaluations(), s.screen_samples,
                   s.global.enabled ? fmt::format("{} {}", calibrate::algorithm_name(s.global.algorithm), s.global.max_evaluations) : "none",
                   s.local.enabled ? fmt::format("{} {}", calibrate::algorithm_name(s.local.algorithm), s.local.max_evaluations) : "none",
                   s.max_minutes > 0 ? fmt::format(", at most {} minutes", s.max_minutes) : "",
                   static_cast<long long>(s.planned_evaluations()) * s.replicates, 2 * s.params.size() * static_cast<std::size_t>(s.replicates),
                   s.check_seeds);
  return t;
}

}  // namespace

int CalibrateCommands::calibrate(const ModelCatalog& catalog, const std::string& log_level) {
  if (!resume_.empty() && (!file_.empty() || !out_.empty()))
    throw UsageError("--resume DIR continues the calibration in DIR: give no calibration file and no --out with it");
  if (resume_.empty() && file_.empty())
    throw UsageError("expected a calibration file and --out DIR (or --resume DIR)");
  if (resume_.empty() && out_.empty() && !dry_run_) throw UsageError("--out DIR is required: the folder of the calibration");
  const calibrate::CalibrationSpec spec =
      resume_.empty() ? calibrate::load_calibration(file_, catalog) : calibrate::load_calibration_dir(resume_, catalog);
  if (dry_run_) {
    std::cout << dry_run_text(spec);
    return 0;
  }
  const std::string dir = resume_.empty() ? out_ : resume_;
  calibrate::prepare_calibration_dir(spec, dir);
  // the engine's line per run would drown the calibration's own progress lines
  if (log_level == "info") spdlog::set_level(spdlog::level::warn);
  calibrate::CalibrateOptions opt;
  opt.jobs = jobs_;
  opt.threads = threads_;
  opt.plot = !no_plot_;
  opt.kill_after_runs = kill_after_runs_;
  opt.log = make_logger(log_level, (fs::path(dir) / "calibrate.log").string());
  const auto out = calibrate::run_calibration(spec, dir, catalog, opt);
  std::cout << out.summary;
  return 0;
}

int CalibrateCommands::sensitivity(const ModelCatalog& catalog, const std::string& log_level) {
  const calibrate::SensitivitySpec spec = calibrate::load_sensitivity(file_, catalog);
  if (dry_run_) {
    std::cout << fmt::format("{}: valid sensitivity analysis of model '{}': {} parameter(s); Morris: {} run(s){}\n\n", file_,
                             spec.model, spec.params.size(),
                             static_cast<long long>(spec.trajectories) * static_cast<long long>(spec.params.size() + 1) * spec.morris_replicates,
                             spec.sobol ? fmt::format("; Sobol: {} run(s) for the top {}", static_cast<long long>(spec.samples) *
                                                                                              (spec.top + 2) * spec.sobol_replicates, spec.top)
                                        : std::string{})
              << calibrate::morris_sweep_yaml(spec);
    return 0;
  }
  if (out_.empty()) throw UsageError("--out DIR is required: the folder of the sensitivity analysis");
  if (log_level == "info") spdlog::set_level(spdlog::level::warn);
  calibrate::SensitivityOptions opt;
  opt.jobs = jobs_;
  opt.threads = threads_;
  opt.plot = !no_plot_;
  opt.progress = !no_progress_;
  const auto out = calibrate::run_sensitivity(spec, out_, catalog, opt);
  std::cout << out.text;
  std::cout << fmt::format("\nwrote {} file(s) into {} in {:.1f} s\n", out.files.size(), out_, out.seconds);
  if (out.failed > 0) {
    std::cout << fmt::format("{} run(s) failed: see {}/morris/results.sqlite and {}/sobol/results.sqlite (runs table)\n",
                             out.failed, out_, out_);
    return 3;
  }
  return 0;
}

}  // namespace sim::app
