// MPI sweep driver (compiled only when MPI is found): rank 0 hands out runs one at a time to the
// other ranks, as each asks for work, and writes every result into the one database.
#ifdef XIAODA_HAVE_MPI
#include <mpi.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>

#include "sim/error.hpp"
#include "sim/output.hpp"
#include "sim/sweep/progress.hpp"
#include "sim/sweep/runner.hpp"

namespace sim::sweep {

namespace {

constexpr int kTagWork = 1;    // root -> worker: int64 run id, -1 to stop
constexpr int kTagResult = 2;  // worker -> root: JSON of a RunRecord ("" when asking for the first run)

std::string encode(const RunRecord& r) {
  nlohmann::json j;
  j["run"] = r.run_id;
  j["ok"] = r.ok;
  j["error"] = r.error;
  j["wall"] = r.wall_seconds;
  j["rss"] = r.peak_rss_mib;
  j["worker"] = r.worker;
  nlohmann::json v = nlohmann::json::array();
  for (double x : r.values) v.push_back(std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x));
  j["values"] = v;
  return j.dump();
}

RunRecord decode(const std::string& s) {
  const auto j = nlohmann::json::parse(s);
  RunRecord r;
  r.run_id = j.at("run").get<std::int64_t>();
  r.ok = j.at("ok").get<bool>();
  r.error = j.at("error").get<std::string>();
  r.wall_seconds = j.at("wall").get<double>();
  r.peak_rss_mib = j.at("rss").get<double>();
  r.worker = j.at("worker").get<std::string>();
  for (const auto& x : j.at("values")) r.values.push_back(x.is_null() ? std::nan("") : x.get<double>());
  return r;
}

int env_int(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : 0;
}

}  // namespace

bool mpi_launch_detected() {
  return env_int("OMPI_COMM_WORLD_SIZE") > 1 || env_int("PMI_SIZE") > 1 || env_int("PMIX_SIZE") > 1;
}

SweepOutcome run_sweep_mpi(const std::string& dir, const ModelCatalog& catalog, const RunnerOptions& opt, bool& is_root) {
  MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  is_root = rank == 0;
  SweepOutcome out;
  if (size < 2) {
    MPI_Finalize();
    throw UsageError("MPI sweeps need at least 2 ranks (rank 0 hands out runs, the others run them)");
  }
  const auto t0 = std::chrono::steady_clock::now();

  // Every rank reads the plan (the sweep folder must be on a shared file system); rank 0 also
  // opens the database. All ranks agree before any work is handed out.
  std::string setup_error;
  Plan plan;
  std::unique_ptr<ResultsDb> db;
  std::vector<std::int64_t> todo;
  std::string base_text;
  const std::string base_name = base_path(dir);
  try {
    plan = read_sweep_dir(dir);
    if (!catalog.find(plan.model)) throw UsageError("this build has no model '" + plan.model + "'");
    base_text = read_text_file(base_name);
    if (rank == 0) {
      out.db_path = results_path(dir, 0, 1);
      std::vector<std::int64_t> all(static_cast<std::size_t>(plan.run_count()));
      for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
      db = std::make_unique<ResultsDb>(out.db_path, plan, all, "all");
      todo = db->todo(opt.retry_failed);
      if (opt.max_runs >= 0 && static_cast<std::int64_t>(todo.size()) > opt.max_runs)
        todo.resize(static_cast<std::size_t>(opt.max_runs));
    }
  } catch (const std::exception& e) {
    setup_error = e.what();
  }
  int ok = setup_error.empty() ? 1 : 0, all_ok = 0;
  MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (!all_ok) {
    MPI_Finalize();
    if (!setup_error.empty()) throw Error(fmt::format("rank {}: {}", rank, setup_error));
    throw Error(fmt::format("rank {}: another rank could not set up the sweep", rank));
  }

  if (rank == 0) {
    try {
      const StatusCounts before = db->counts();
      SweepProgress progress(opt.progress, static_cast<std::int64_t>(todo.size()), before.done + before.failed,
                             before.total);
      if (opt.progress)
        std::fprintf(stderr, "%s", fmt::format("sweep {}: {} run(s) to do on {} MPI worker rank(s)\n", dir, todo.size(), size - 1).c_str());
      std::size_t next = 0;
      std::int64_t done = 0, failed = 0;
      int active = size - 1;
      while (active > 0) {
        MPI_Status st;
        MPI_Probe(MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &st);
        int len = 0;
        MPI_Get_count(&st, MPI_CHAR, &len);
        std::string buf(static_cast<std::size_t>(len), '\0');
        MPI_Recv(buf.data(), len, MPI_CHAR, st.MPI_SOURCE, kTagResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (!buf.empty()) {
          const RunRecord rec = decode(buf);
          db->commit(rec);
          (rec.ok ? done : failed) += 1;
          if (!rec.ok) progress.note(fmt::format("run {} failed: {}", rec.run_id, rec.error));
          progress.update(done, failed);
        }
        std::int64_t id = -1;
        if (next < todo.size()) id = todo[next++];
        else --active;
        MPI_Send(&id, 1, MPI_INT64_T, st.MPI_SOURCE, kTagWork, MPI_COMM_WORLD);
      }
      progress.finish(done, failed);
      out.ran = done + failed;
      out.counts = db->counts();
      out.jobs = size - 1;
    } catch (const std::exception& e) {
      std::cerr << "xiaoda: error on MPI rank 0: " << e.what() << "\n";
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
  } else {
    char host[256] = {0};
    gethostname(host, sizeof host - 1);
    std::string payload;  // empty: first request
    while (true) {
      MPI_Send(payload.data(), static_cast<int>(payload.size()), MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD);
      std::int64_t id = -1;
      MPI_Recv(&id, 1, MPI_INT64_T, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (id < 0) break;
      RunRecord rec = execute_planned(plan, base_text, base_name, catalog, id, opt.threads, id == opt.fail_run);
      rec.worker = fmt::format("rank {} on {}", rank, host);
      payload = encode(rec);
    }
  }
  MPI_Finalize();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace sim::sweep
#endif
