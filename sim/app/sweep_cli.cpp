#include "sim/app/sweep_cli.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "sim/error.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/runner.hpp"
#include "sim/sweep/spec.hpp"
#include "sim/sweep/summary.hpp"

namespace sim::app {

SweepCommands::SweepCommands(CLI::App& app) {
  sweep_ = app.add_subcommand("sweep", "Parameter sweeps and replicates: plan, run, summary, merge");
  sweep_->require_subcommand(1);

  plan_ = sweep_->add_subcommand("plan", "Validate a sweep file and write its run manifest (plan.csv) into a folder");
  plan_->add_option("sweep", sweep_file_, "Sweep YAML file")->required();
  plan_->add_option("--out", out_, "Sweep folder to create")->required();
  plan_->add_flag("--force", force_, "Plan into a non-empty folder (never one holding results)");

  run_ = sweep_->add_subcommand("run", "Run (or continue) the planned runs of a sweep folder");
  run_->add_option("dir", dir_, "Sweep folder made by `xiaoda sweep plan`")->required();
  run_->add_option("--jobs,-j", jobs_, "Runs at once (default: cores / threads, fewer if memory is short)")
      ->check(CLI::Range(1, 4096));
  run_->add_option("--threads", threads_, "Threads within each run")->check(CLI::Range(1, 1024));
  run_->add_option("--shard", shard_, "Only runs K, K+N, K+2N, ... (K/N, 0 <= K < N), into DIR/shards/");
  run_->add_option("--memory-per-run", memory_per_run_, "Footprint of one run in MiB (default: measured on the first run)")
      ->check(CLI::PositiveNumber);
  run_->add_flag("--retry-failed", retry_failed_, "Run failed runs again");
  run_->add_flag("--no-progress", no_progress_, "No progress bar");
  // for tests of interruption and failure handling; not shown in --help
  run_->add_option("--max-runs", max_runs_, "Stop after starting N runs")->group("");
  run_->add_option("--fail-run", fail_run_, "Make run ID fail")->group("");

  summary_ = sweep_->add_subcommand("summary", "Statistics per point, and Morris / Sobol / regression sensitivity");
  summary_->add_option("dir", dir_, "Sweep folder")->required();
  summary_->add_option("--out", out_, "Folder for the CSV files (default DIR/summary)");

  merge_ = sweep_->add_subcommand("merge", "Combine shard databases (and other copies of the sweep) into DIR/results.sqlite");
  merge_->add_option("dir", dir_, "Sweep folder receiving the merged results")->required();
  merge_->add_option("sources", sources_, "More sweep folders or .sqlite files of the same plan");
}

bool SweepCommands::selected() const { return sweep_ && sweep_->parsed(); }

int SweepCommands::execute(const ModelCatalog& catalog, const std::string& log_level) {
  if (*plan_) {
    const auto spec = sweep::load_sweep(sweep_file_, catalog);
    const auto plan = sweep::make_plan(spec);
    sweep::write_sweep_dir(out_, spec, plan, force_);
    std::cout << fmt::format("{}: design {}, {} point(s) x {} replicate(s) = {} runs of model '{}'\n", sweep_file_,
                             sweep::design_name(plan.design), plan.points.size(), plan.replicates, plan.run_count(), plan.model)
              << fmt::format("wrote {0}/plan.csv, {0}/sweep.json, {0}/base.yaml, {0}/sweep.yaml\n", out_)
              << fmt::format("next: xiaoda sweep run {}\n", out_);
    return 0;
  }
  if (*run_) {
    // one line per run from the engine would drown the progress bar
    if (log_level == "info") spdlog::set_level(spdlog::level::warn);
    sweep::RunnerOptions opt;
    opt.jobs = jobs_;
    opt.threads = threads_;
    opt.max_runs = max_runs_;
    opt.retry_failed = retry_failed_;
    opt.progress = !no_progress_;
    opt.memory_per_run_mib = memory_per_run_;
    opt.fail_run = fail_run_;
    if (!shard_.empty()) {
      const auto slash = shard_.find('/');
      try {
        if (slash == std::string::npos) throw std::invalid_argument("no slash");
        std::size_t u1 = 0, u2 = 0;
        opt.shard_k = std::stoi(shard_.substr(0, slash), &u1);
        opt.shard_n = std::stoi(shard_.substr(slash + 1), &u2);
        if (u1 != slash || u2 != shard_.size() - slash - 1) throw std::invalid_argument("trailing text");
      } catch (const std::exception&) {
        throw UsageError("--shard '" + shard_ + "': expected K/N, for example 0/4");
      }
    }
    sweep::SweepOutcome out;
    bool root = true;
    if (sweep::mpi_launch_detected()) {
      if (!shard_.empty()) throw UsageError("--shard and MPI do not mix: MPI already spreads the runs over the ranks");
      out = sweep::run_sweep_mpi(dir_, catalog, opt, root);
    } else {
      out = sweep::run_sweep(dir_, catalog, opt);
    }
    if (!root) return 0;
    std::cout << fmt::format("sweep {}: {} of {} runs done, {} failed, {} pending; this call ran {} in {:.1f} s ({} at once)\n",
                             dir_, out.counts.done, out.counts.total, out.counts.failed, out.counts.pending, out.ran,
                             out.seconds, out.jobs)
              << "results: " << out.db_path << "\n";
    if (out.counts.failed > 0) {
      std::cout << "some runs failed: see `SELECT run_id, error FROM runs WHERE status = 'failed'`"
                   " (rerun them with --retry-failed)\n";
      return 3;
    }
    return 0;
  }
  if (*summary_) {
    const auto s = sweep::summarize_sweep(dir_, out_);
    std::cout << s.text;
    return 0;
  }
  if (*merge_) {
    const auto m = sweep::merge_sweep(dir_, sources_);
    std::cout << fmt::format("merged {} database(s) into {}/results.sqlite: {} run(s) copied; now {} of {} done, {} failed, {} pending\n",
                             m.sources.size(), dir_, m.copied, m.counts.done, m.counts.total, m.counts.failed, m.counts.pending);
    if (m.differing > 0) {
      std::cout << fmt::format("warning: {} run(s) finished in two databases with different values\n", m.differing);
      return 4;
    }
    return 0;
  }
  return 0;
}

}  // namespace sim::app
