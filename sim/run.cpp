#include "sim/run.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sim/error.hpp"
#include "sim/output.hpp"
#include "sim/parallel.hpp"
#include "sim/targets.hpp"

#ifndef XIAODA_VERSION
#define XIAODA_VERSION "0.0.0"
#endif
#ifndef XIAODA_GIT_COMMIT
#define XIAODA_GIT_COMMIT "unknown"
#endif

namespace fs = std::filesystem;

namespace sim {

void prepare_output_dir(const std::string& dir, bool force) {
  if (fs::exists(dir)) {
    if (!fs::is_directory(dir)) throw UsageError("output path '" + dir + "' exists and is not a folder");
    if (!fs::is_empty(dir) && !force)
      throw UsageError("output folder '" + dir + "' is not empty (use --force to write into it)");
  }
  fs::create_directories(dir);
}

std::string latest_checkpoint(const std::string& dir) {
  const fs::path cdir = fs::path(dir) / "checkpoints";
  if (!fs::exists(cdir)) return {};
  std::string best;
  for (const auto& e : fs::directory_iterator(cdir)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("tick_") && name.ends_with(".ckpt") && name > fs::path(best).filename().string())
      best = e.path().string();
  }
  return best;
}

std::string phase_table(const std::vector<PhaseTiming>& phases, double wall) {
  std::vector<PhaseTiming> sorted = phases;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const PhaseTiming& a, const PhaseTiming& b) { return a.seconds > b.seconds; });
  std::size_t width = 5;
  for (const auto& p : sorted) width = std::max(width, p.name.size());
  std::string out = fmt::format("{:<{}}  {:>10}  {:>8}  {:>12}  {:>6}\n", "phase", width, "seconds", "calls", "ms per call", "share");
  double sum = 0;
  for (const auto& p : sorted) {
    sum += p.seconds;
    out += fmt::format("{:<{}}  {:>10.3f}  {:>8}  {:>12.3f}  {:>5.1f}%\n", p.name, width, p.seconds, p.calls,
                       p.calls > 0 ? 1000.0 * p.seconds / double(p.calls) : 0.0, wall > 0 ? 100.0 * p.seconds / wall : 0.0);
  }
  out += fmt::format("{:<{}}  {:>10.3f}  {:>8}  {:>12}  {:>5.1f}%\n", "total", width, sum, "", "", wall > 0 ? 100.0 * sum / wall : 0.0);
  return out;
}

namespace {

std::string iso_now() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class Progress {
 public:
  Progress(bool enabled, std::int64_t total) : enabled_(enabled), total_(total), tty_(isatty(2) != 0) {
    start_ = last_ = std::chrono::steady_clock::now();
  }
  void update(const Simulation& s, bool final = false) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (!final && since < (tty_ ? 0.1 : 5.0)) return;
    last_ = now;
    const double el = std::chrono::duration<double>(now - start_).count();
    const std::int64_t done = s.clock().tick;
    const double rate = el > 0 ? done / el : 0.0;
    const double left = rate > 0 ? (total_ - done) / rate : 0.0;
    const int year = s.clock().start_year + static_cast<int>((done > 0 ? done - 1 : 0) / s.clock().ticks_per_year);
    if (tty_) {
      const int width = 30;
      const int filled = total_ > 0 ? static_cast<int>(width * done / total_) : width;
      std::string bar(static_cast<std::size_t>(filled), '#');
      bar.resize(width, '.');
      std::fprintf(stderr, "\r[%s] %lld/%lld ticks  year %d  agents %zu  %.1f ticks/s  %.0fs left   ", bar.c_str(),
                   static_cast<long long>(done), static_cast<long long>(total_), year, s.agents_alive(), rate, left);
      if (final) std::fprintf(stderr, "\n");
      std::fflush(stderr);
    } else {
      spdlog::info("progress: {}/{} ticks, year {}, {} agents, {:.1f} ticks/s, {:.0f}s left", done, total_, year,
                   s.agents_alive(), rate, left);
    }
  }

 private:
  bool enabled_;
  std::int64_t total_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace

RunResult execute_run(const ModelCatalog& catalog, const ResolvedScenario& scenario, const RunOptions& opt) {
  const ModelInfo* info = catalog.find(scenario.model);
  if (!info) throw Error("unknown model '" + scenario.model + "'");
  const auto t0 = std::chrono::steady_clock::now();
  const std::string started = iso_now();
  const bool write = !opt.out_dir.empty();

  nlohmann::json meta;
  meta["xiaoda_version"] = XIAODA_VERSION;
  meta["git_commit"] = XIAODA_GIT_COMMIT;
  meta["model"] = scenario.model;
  meta["scenario_file"] = scenario.file;
  meta["scenario_chain"] = scenario.chain;
  meta["overrides"] = scenario.overrides;
  meta["seed"] = scenario.params.integer("run.seed");
  meta["threads"] = opt.threads;
  meta["parallel_backend"] = parallel_backend();
  meta["scenario"] = scenario.params.to_json();
  meta["command_line"] = opt.command_line;
  meta["started"] = started;
  if (!opt.resume_from.empty()) meta["resumed_from"] = opt.resume_from;

  RunResult result;
  double checkpoint_seconds = 0.0;
  std::int64_t checkpoints = 0;
  ThreadArena arena(opt.threads);
  Simulation simulation(scenario, *info);
  if (write) simulation.set_output_dir(opt.out_dir);
  // Time per phase; "(other)" is what the run spent outside phases, indicators and checkpoints.
  auto collect_phases = [&] {
    result.phases = simulation.phase_timings();
    if (checkpoints > 0) result.phases.push_back(PhaseTiming{"(checkpoints)", checkpoint_seconds, checkpoints});
    double timed = 0;
    for (const auto& p : result.phases) timed += p.seconds;
    result.phases.push_back(PhaseTiming{"(other)", std::max(0.0, result.wall_seconds - timed), 1});
  };
  simulation.set_check_invariants(opt.check_invariants);
  auto write_meta = [&](const std::string& status, const std::string& error) {
    if (!write) return;
    meta["status"] = status;
    if (!error.empty()) meta["error"] = error;
    meta["finished"] = iso_now();
    meta["wall_seconds"] = result.wall_seconds;
    meta["peak_rss_mib"] = peak_rss_mib();
    meta["ticks_done"] = simulation.clock().tick;
    meta["agents_alive"] = simulation.agents_alive();
    nlohmann::json phases = nlohmann::json::object();
    for (const auto& p : result.phases)
      phases[p.name] = {{"seconds", p.seconds},
                        {"calls", p.calls},
                        {"share", result.wall_seconds > 0 ? p.seconds / result.wall_seconds : 0.0}};
    meta["phase_seconds"] = phases;
    write_file_atomic((fs::path(opt.out_dir) / "run.json").string(), meta.dump(2) + "\n");
  };

  try {
    arena.execute([&] {
      simulation.setup();
      if (!opt.resume_from.empty()) {
        std::ifstream in(opt.resume_from, std::ios::binary);
        if (!in) throw CheckpointError("cannot open checkpoint '" + opt.resume_from + "'");
        Archive ar = Archive::reader(in);
        simulation.load_state(ar);
        spdlog::info("resumed from {} at tick {}", opt.resume_from, simulation.clock().tick);
      } else {
        simulation.initialize();
      }
      spdlog::info("model {}: {} ticks from {} to {}, seed {}, {} thread(s), {} agents at start", scenario.model,
                   simulation.clock().total_ticks, simulation.clock().start_year, simulation.clock().end_year,
                   simulation.seed(), opt.threads, simulation.agents_alive());
      Progress progress(opt.progress, simulation.clock().total_ticks);
      std::int64_t ticks_run = 0;
      while (!simulation.done()) {
        simulation.step();
        ++ticks_run;
        progress.update(simulation);
        if (write && opt.checkpoint_every > 0 && simulation.clock().tick % opt.checkpoint_every == 0 &&
            !simulation.done()) {
          const fs::path cdir = fs::path(opt.out_dir) / "checkpoints";
          fs::create_directories(cdir);
          const auto path = cdir / fmt::format("tick_{:08d}.ckpt", simulation.clock().tick);
          const auto tc = std::chrono::steady_clock::now();
          simulation.save_checkpoint(path.string());
          checkpoint_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - tc).count();
          ++checkpoints;
          spdlog::debug("checkpoint {}", path.string());
        }
        if (opt.stop_after >= 0 && ticks_run >= opt.stop_after) break;
      }
      progress.update(simulation, true);
      result.completed = simulation.done();
      if (result.completed) simulation.finish();
    });
  } catch (const std::exception& ex) {
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    collect_phases();
    write_meta("failed", ex.what());
    throw;
  }
  result.table = simulation.recorded();
  result.ticks = simulation.clock().tick;
  result.agents_alive = simulation.agents_alive();
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result.peak_rss_mib = peak_rss_mib();
  if (write) {
    if (result.completed) {
      write_file_atomic((fs::path(opt.out_dir) / "indicators.csv").string(), result.table.to_csv());
      const std::string& tpath = scenario.params.text("run.targets");
      if (!tpath.empty()) {
        const auto targets = read_targets(tpath);
        fs::copy_file(tpath, fs::path(opt.out_dir) / "targets.csv", fs::copy_options::overwrite_existing);
        const auto rows = compute_fit(targets, scenario.params.text("run.target_scope"), result.table);
        write_file_atomic((fs::path(opt.out_dir) / "fit.csv").string(), fit_csv(rows));
      }
    }
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    collect_phases();
    write_meta(result.completed ? "completed" : "interrupted", "");
  } else {
    collect_phases();
  }
  spdlog::log(opt.profile ? spdlog::level::info : spdlog::level::debug, "time per phase ({:.3f} s wall):\n{}",
              result.wall_seconds, phase_table(result.phases, result.wall_seconds));
  spdlog::info("run {}: {} ticks in {:.2f} s, peak memory {:.0f} MiB", result.completed ? "completed" : "stopped",
               result.ticks, result.wall_seconds, result.peak_rss_mib);
  return result;
}

}  // namespace sim
