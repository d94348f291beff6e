#include "sim/sweep/runner.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <malloc.h>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "sim/error.hpp"
#include "sim/output.hpp"
#include "sim/parallel.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"
#include "sim/sweep/progress.hpp"

namespace fs = std::filesystem;

namespace sim::sweep {

std::string results_path(const std::string& dir, int shard_k, int shard_n) {
  if (shard_n <= 1) return (fs::path(dir) / "results.sqlite").string();
  return (fs::path(dir) / "shards" / fmt::format("results-{}-of-{}.sqlite", shard_k, shard_n)).string();
}

int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

double available_memory_mib() {
  double avail = 0;
  {
    std::ifstream in("/proc/meminfo");
    std::string key;
    double kb = 0;
    std::string unit;
    while (in >> key >> kb >> unit)
      if (key == "MemAvailable:") avail = kb / 1024.0;
  }
  std::ifstream mx("/sys/fs/cgroup/memory.max"), cur("/sys/fs/cgroup/memory.current");
  std::string max_s;
  double used = 0;
  if (mx >> max_s && max_s != "max" && cur >> used) {
    const double room = (std::stod(max_s) - used) / (1024.0 * 1024.0);
    if (room > 0 && (avail == 0 || room < avail)) avail = room;
  }
  return avail;
}

namespace {

double current_rss_mib() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// One `xiaoda sweep run` per database at a time.
class DbLock {
 public:
  explicit DbLock(const std::string& db) : path_(db + ".lock") {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error("cannot create lock file '" + path_ + "'");
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw UsageError("another `xiaoda sweep run` is writing '" + db + "' (lock " + path_ + " is held)");
    }
  }
  ~DbLock() { ::close(fd_); }
  DbLock(const DbLock&) = delete;
  DbLock& operator=(const DbLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

extern "C" void on_interrupt(int sig) {
  static const char msg[] =
      "\nxiaoda sweep: interrupted. Finished runs are saved; run `xiaoda sweep run DIR` again to do the rest.\n";
  const ssize_t w = ::write(2, msg, sizeof msg - 1);
  (void)w;
  ::_exit(128 + sig);
}

/// A run may grow to this many times its memory at the start before the sweep considers memory
/// (Zhejiang grows about 3x from 1978 to 2013).
constexpr double kGrowthAllowance = 8.0;

/// Memory (MiB) of a planned run right after setup and initialization, measured as the growth of
/// this process's resident set while it exists; -1 when the run cannot even be set up (the sweep
/// then records that error when it runs it).
double initial_footprint_mib(const Plan& plan, const std::string& base_text, const std::string& base_name,
                             const ModelCatalog& catalog, std::int64_t run_id) {
  const double before = current_rss_mib();
  double after = before;
  try {
    const ResolvedScenario rs = load_scenario_text(base_text, base_name, plan.overrides(run_id), catalog);
    Simulation s(rs, *catalog.find(rs.model));
    ThreadArena arena(1);
    arena.execute([&] {
      s.setup();
      s.initialize();
    });
    after = current_rss_mib();
  } catch (const std::exception&) {
    return -1;
  }
  malloc_trim(0);  // give the probe's memory back, so that a calibration run measures its own
  return std::max(0.0, after - before);
}

std::vector<std::int64_t> shard_runs(const Plan& plan, int k, int n) {
  std::vector<std::int64_t> runs;
  for (std::int64_t r = k; r < plan.run_count(); r += n) runs.push_back(r);
  return runs;
}

}  // namespace

RunRecord execute_planned(const Plan& plan, const std::string& base_yaml, const std::string& base_name,
                          const ModelCatalog& catalog, std::int64_t run_id, int threads, bool inject_failure) {
  RunRecord rec;
  rec.run_id = run_id;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    if (inject_failure) throw Error(fmt::format("failure injected into run {} (--fail-run)", run_id));
    const ResolvedScenario rs = load_scenario_text(base_yaml, base_name, plan.overrides(run_id), catalog);
    RunOptions o;
    o.threads = threads;
    o.progress = false;
    const RunResult res = execute_run(catalog, rs, o);
    if (!res.completed) throw Error("run stopped before its last tick");
    rec.values.reserve(plan.years.size() * plan.record.size());
    for (const int y : plan.years)
      for (const auto& name : plan.record) rec.values.push_back(res.table.value(name, y));
    rec.ok = true;
    rec.peak_rss_mib = res.peak_rss_mib;
  } catch (const std::exception& e) {
    rec.ok = false;
    rec.error = e.what();
    rec.values.clear();
    rec.peak_rss_mib = peak_rss_mib();
  }
  rec.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rec;
}

SweepOutcome run_sweep(const std::string& dir, const ModelCatalog& catalog, const RunnerOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  const Plan plan = read_sweep_dir(dir);
  if (!catalog.find(plan.model)) throw UsageError("this build has no model '" + plan.model + "'");
  if (opt.shard_n < 1 || opt.shard_k < 0 || opt.shard_k >= opt.shard_n)
    throw UsageError(fmt::format("--shard {}/{}: expected K/N with 0 <= K < N", opt.shard_k, opt.shard_n));
  SweepOutcome out;
  out.db_path = results_path(dir, opt.shard_k, opt.shard_n);
  fs::create_directories(fs::path(out.db_path).parent_path());
  DbLock lock(out.db_path);
  const std::string shard = opt.shard_n > 1 ? fmt::format("{}/{}", opt.shard_k, opt.shard_n) : "all";
  ResultsDb db(out.db_path, plan, shard_runs(plan, opt.shard_k, opt.shard_n), shard);
  std::vector<std::int64_t> todo = db.todo(opt.retry_failed);
  if (opt.max_runs >= 0 && static_cast<std::int64_t>(todo.size()) > opt.max_runs)
    todo.resize(static_cast<std::size_t>(opt.max_runs));
  const StatusCounts before = db.counts();

  const std::string base_name = base_path(dir);
  const std::string base_text = read_text_file(base_name);
  auto run_one = [&](std::int64_t id, const std::string& worker) {
    RunRecord rec = execute_planned(plan, base_text, base_name, catalog, id, opt.threads, id == opt.fail_run);
    rec.worker = worker;
    return rec;
  };

  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  SweepProgress progress(opt.progress, static_cast<std::int64_t>(todo.size()), before.done + before.failed, before.total);
  std::size_t next = 0;
  std::int64_t done = 0, failed = 0;
  std::mutex mu;
  auto record = [&](const RunRecord& rec) {
    std::lock_guard lk(mu);
    db.commit(rec);
    (rec.ok ? done : failed) += 1;
    if (!rec.ok) progress.note(fmt::format("run {} failed: {}", rec.run_id, rec.error));
    progress.update(done, failed);
  };

  // How many runs at once: cores / threads per run, then no more than fit in memory.
  const int cores = usable_cores();
  int jobs = opt.jobs > 0 ? opt.jobs : std::max(1, cores / std::max(1, opt.threads));
  out.footprint_mib = opt.memory_per_run_mib;
  std::string footprint_note;
  if (jobs > 1 && out.footprint_mib <= 0 && next < todo.size()) {
    // Set up and initialize the first run without running it (a fraction of a run's time). When
    // `jobs` runs fit even at kGrowthAllowance times that size, all start at once; otherwise one
    // run is executed alone first and its footprint (growth of the peak resident set over the
    // memory this process held before it) decides how many run at once. The solo run is a serial
    // section: with 10 runs and 2 jobs it alone limited the speed-up to 1.67x.
    const double start_mib = initial_footprint_mib(plan, base_text, base_name, catalog, todo[next]);
    const double avail = available_memory_mib();
    const double bound = std::max(8.0, kGrowthAllowance * start_mib);
    if (start_mib >= 0 && avail > 0 && jobs * bound * 1.25 <= 0.8 * avail) {
      out.footprint_mib = bound;
      footprint_note = fmt::format(" (about {:.0f} MiB per run after initialization; memory is no concern)", start_mib);
      spdlog::info("memory: a run holds {:.0f} MiB after initialization; {} at once fit even at {:.0f}x that "
                   "({:.0f} MiB available): no solo calibration run",
                   start_mib, jobs, kGrowthAllowance, avail);
    } else {
      const double before_mib = current_rss_mib();
      record(run_one(todo[next++], "calibration"));
      out.footprint_mib = std::max(8.0, peak_rss_mib() - before_mib);
    }
  }
  if (jobs > 1 && out.footprint_mib > 0) {
    const double avail = available_memory_mib();
    const int fit = std::max(1, static_cast<int>(std::floor(0.8 * avail / (out.footprint_mib * 1.25))));
    if (fit < jobs) {
      spdlog::warn("memory: a run needs about {:.0f} MiB and {:.0f} MiB are available: {} run(s) at once instead of {}",
                   out.footprint_mib, avail, fit, jobs);
      jobs = fit;
    }
  }
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<std::size_t>(1, todo.size() - std::min(next, todo.size())))));
  out.jobs = jobs;
  if (opt.progress)
    std::fprintf(stderr, "%s", fmt::format("sweep {}: {} run(s) to do, {} at once with {} thread(s) each{}\n", dir,
                                           todo.size() - std::min(next, todo.size()), jobs, opt.threads,
                                           !footprint_note.empty()  ? footprint_note
                                           : out.footprint_mib > 0 ? fmt::format(" (about {:.0f} MiB per run)", out.footprint_mib)
                                                                   : "")
                                   .c_str());

  std::exception_ptr error;
  auto worker = [&](int w) {
    try {
      while (true) {
        std::int64_t id;
        {
          std::lock_guard lk(mu);
          if (next >= todo.size() || error) return;
          id = todo[next++];
        }
        record(run_one(id, fmt::format("thread {}", w)));
      }
    } catch (...) {  // database errors stop the sweep; run errors are recorded instead
      std::lock_guard lk(mu);
      if (!error) error = std::current_exception();
    }
  };
  spdlog::default_logger_raw();  // build spdlog's registry before the workers log (see compare.cpp)
  std::vector<std::thread> pool;
  for (int w = 0; w < jobs; ++w) pool.emplace_back(worker, w);
  for (auto& t : pool) t.join();
  progress.finish(done, failed);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (error) std::rethrow_exception(error);
  out.ran = done + failed;
  out.counts = db.counts();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

MergeOutcome merge_sweep(const std::string& dir, const std::vector<std::string>& sources) {
  const Plan plan = read_sweep_dir(dir);
  const std::string target = results_path(dir, 0, 1);
  DbLock lock(target);
  std::vector<std::string> files;
  auto add_folder = [&](const fs::path& d, bool include_main) {
    if (include_main && fs::exists(d / "results.sqlite")) files.push_back((d / "results.sqlite").string());
    if (fs::exists(d / "shards")) {
      std::vector<std::string> shard_files;
      for (const auto& e : fs::directory_iterator(d / "shards"))
        if (e.path().extension() == ".sqlite") shard_files.push_back(e.path().string());
      std::sort(shard_files.begin(), shard_files.end());
      files.insert(files.end(), shard_files.begin(), shard_files.end());
    }
  };
  add_folder(dir, false);
  for (const auto& s : sources) {
    if (fs::is_directory(s)) add_folder(s, fs::weakly_canonical(s) != fs::weakly_canonical(dir));
    else if (fs::exists(s)) files.push_back(s);
    else throw UsageError("merge source '" + s + "' does not exist");
  }
  if (files.empty()) throw UsageError("nothing to merge: no shard databases in '" + dir + "/shards' and no other sources given");
  std::vector<std::int64_t> all(static_cast<std::size_t>(plan.run_count()));
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
  ResultsDb db(target, plan, all, "all");
  MergeOutcome m;
  for (const auto& f : files) {
    std::int64_t differing = 0;
    m.copied += db.merge_from(f, differing);
    m.differing += differing;
    m.sources.push_back(f);
  }
  m.counts = db.counts();
  return m;
}

#ifndef XIAODA_HAVE_MPI
bool mpi_launch_detected() { return false; }
SweepOutcome run_sweep_mpi(const std::string&, const ModelCatalog&, const RunnerOptions&, bool&) {
  throw UsageError("this xiaoda was built without MPI support (configure with MPI installed and -DXIAODA_WITH_MPI=ON)");
}
#endif

}  // namespace sim::sweep
