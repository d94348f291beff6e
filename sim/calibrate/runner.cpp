#include "sim/calibrate/runner.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "sim/error.hpp"
#include "sim/output.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"
#include "sim/sweep/runner.hpp"

namespace sim::calibrate {

std::string RunRequest::key() const {
  std::string k;
  for (const auto& o : overrides) k += o + "\n";
  return k + "run.seed=" + std::to_string(seed);
}

namespace {

double current_rss_mib() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

std::string joined_params(const std::vector<std::string>& overrides) {
  std::string s;
  for (std::size_t i = 0; i < overrides.size(); ++i) s += (i ? " " : "") + overrides[i];
  return s;
}

}  // namespace

BatchRunner::BatchRunner(const CalibrationSpec& spec, const ModelCatalog& catalog, Store& store, RunnerSettings settings)
    : spec_(spec), catalog_(catalog), store_(store), settings_(std::move(settings)), series_(spec.series()) {
  settings_.jobs = std::max(1, settings_.jobs);
}

std::string BatchRunner::command(const RunRequest& r) const {
  std::string c = "xiaoda run " + settings_.base_file;
  for (const auto& o : r.overrides) c += " --set " + o;
  return c + fmt::format(" --seed {} --out OUT", r.seed);
}

RunValues BatchRunner::execute(const RunRequest& r) const {
  RunValues out;
  try {
    std::vector<std::string> overrides = r.overrides;
    overrides.push_back("run.seed=" + std::to_string(r.seed));
    const ResolvedScenario rs = load_scenario_text(spec_.base_yaml, settings_.base_file, overrides, catalog_);
    RunOptions o;
    o.threads = settings_.threads;
    o.progress = false;
    const RunResult res = execute_run(catalog_, rs, o);
    if (!res.completed) throw Error("run stopped before its last tick");
    for (const auto& [ind, year] : series_) out.values.push_back(res.table.value(ind, year));
    out.ok = true;
  } catch (const std::exception& e) {
    out.ok = false;
    out.error = e.what();
    out.values.clear();
  }
  out.executed = true;
  return out;
}

std::vector<RunValues> BatchRunner::run(const std::vector<RunRequest>& requests) {
  std::vector<RunValues> results(requests.size());
  // identical requests run once; stored ones are answered from the database
  std::map<std::string, std::size_t> first;
  std::vector<std::size_t> todo;
  std::vector<std::size_t> same_as(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const std::string key = requests[i].key();
    const auto [it, fresh] = first.try_emplace(key, i);
    same_as[i] = it->second;
    if (!fresh) continue;
    std::vector<double> values;
    if (store_.lookup(key, series_, values)) {
      results[i].ok = true;
      results[i].values = std::move(values);
      ++answered_;
    } else {
      todo.push_back(i);
    }
  }

  std::mutex mu;
  std::exception_ptr error;
  std::size_t next = 0;
  auto finish = [&](std::size_t i, RunValues v, double seconds) {
    StoredRun sr;
    sr.key = requests[i].key();
    sr.params = joined_params(requests[i].overrides);
    sr.seed = requests[i].seed;
    sr.purpose = requests[i].purpose;
    sr.ok = v.ok;
    sr.error = v.error;
    sr.wall_seconds = seconds;
    sr.command = command(requests[i]);
    sr.values = v.values;
    std::lock_guard lk(mu);
    store_.store(sr, series_);
    results[i] = std::move(v);
    ++executed_;
    run_seconds_ += seconds;
    if (settings_.kill_after_runs >= 0 && executed_ >= settings_.kill_after_runs) {
      std::fflush(nullptr);
      ::kill(::getpid(), SIGKILL);  // tests of resuming after kill -9
    }
  };
  auto one = [&](std::size_t i) {
    const auto t0 = std::chrono::steady_clock::now();
    RunValues v = execute(requests[i]);
    finish(i, std::move(v), std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };

  // The first run of the calibration alone: its footprint bounds how many run at once.
  if (!sized_ && settings_.jobs > 1 && !todo.empty()) {
    const double before = current_rss_mib();
    one(todo[next++]);
    const double footprint = std::max(8.0, peak_rss_mib() - before);
    const double avail = sweep::available_memory_mib();
    const int fit = std::max(1, static_cast<int>(std::floor(0.8 * avail / (footprint * 1.25))));
    if (avail > 0 && fit < settings_.jobs) {
      spdlog::warn("memory: a run needs about {:.0f} MiB and {:.0f} MiB are available: {} run(s) at once instead of {}",
                   footprint, avail, fit, settings_.jobs);
      settings_.jobs = fit;
    }
    sized_ = true;
  }
  auto worker = [&] {
    try {
      while (true) {
        std::size_t i;
        {
          std::lock_guard lk(mu);
          if (next >= todo.size() || error) return;
          i = todo[next++];
        }
        one(i);
      }
    } catch (...) {
      std::lock_guard lk(mu);
      if (!error) error = std::current_exception();
    }
  };
  const int n = std::min<int>(settings_.jobs, static_cast<int>(todo.size() - std::min(next, todo.size())));
  if (n <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int w = 0; w < n; ++w) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
  for (std::size_t i = 0; i < requests.size(); ++i)
    if (same_as[i] != i) {
      results[i] = results[same_as[i]];
      results[i].executed = false;
    }
  return results;
}

}  // namespace sim::calibrate
