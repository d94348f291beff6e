// Sweeps: plan determinism and designs, sweep-file validation, and results that do not depend on
// how the sweep ran (1 or 2 workers, shards + merge, interrupted and resumed, MPI).
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "models/registry.hpp"
#include "sim/error.hpp"
#include "sim/sweep/csv.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/spec.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace sim::sweep;

namespace {

const sim::ModelCatalog& cat() {
  static const sim::ModelCatalog c = models::catalog();
  return c;
}

// A tiny base scenario: runs take milliseconds.
std::string base_dir() {
  static const std::string d = [] {
    const std::string dir = testutil::temp_dir("sweep_base");
    testutil::write(dir + "/base.yaml",
                    "model: boltzmann\n"
                    "run: {start_year: 2000, end_year: 2002, tick: month, seed: 1}\n"
                    "boltzmann: {agents: 300, places: 10, death_probability: 0.01, birth_probability: 0.01}\n");
    return dir;
  }();
  return d;
}

SweepSpec spec_of(const std::string& body) {
  return load_sweep_text("sweep:\n  base: base.yaml\n" + body, "test.yaml", base_dir(), cat());
}

std::string error_of(const std::string& body) {
  try {
    spec_of(body);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

// Everything in a results database that must not depend on how the sweep ran: runs (without
// timings and worker names) and all indicator values, in run order, with every bit of each double.
std::string canonical_dump(const std::string& db_path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK) << db_path;
  std::string out;
  auto dump = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        if (sqlite3_column_type(st, c) == SQLITE_FLOAT) {
          char buf[40];
          std::snprintf(buf, sizeof buf, "%a", sqlite3_column_double(st, c));
          out += buf;
        } else if (sqlite3_column_type(st, c) != SQLITE_NULL) {
          out += reinterpret_cast<const char*>(sqlite3_column_text(st, c));
        } else {
          out += "NULL";
        }
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(st);
  };
  dump("SELECT run_id, point, replicate, seed, \"boltzmann.move_probability\", \"boltzmann.places\", status, error "
       "FROM runs ORDER BY run_id");
  dump("SELECT run_id, year, indicator, value FROM indicators ORDER BY run_id, year, indicator");
  sqlite3_close(db);
  return out;
}

std::int64_t count_done(const std::string& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return 0;
  }
  sqlite3_busy_timeout(db, 1000);
  std::int64_t n = 0;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM runs WHERE status = 'done'", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

std::int64_t count_where(const std::string& db_path, const std::string& condition) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK) << db_path;
  std::int64_t n = -1;
  sqlite3_stmt* st = nullptr;
  const std::string sql = "SELECT count(*) FROM runs WHERE " + condition;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

const char* kRunSweep =
    "  vary:\n"
    "    boltzmann.places: [5, 20]\n"
    "    boltzmann.move_probability: {range: [0.1, 0.9]}\n"
    "  design: latin_hypercube\n"
    "  samples: 4\n"
    "  replicates: 2\n"
    "  seed: 99\n"
    "  record: [gini, agents, total_wealth]\n"
    "  years: [2001, 2002]\n";

// Plans kRunSweep into a fresh folder; returns it.
std::string planned(const std::string& name, const std::string& body = kRunSweep) {
  const std::string dir = testutil::temp_dir(name);
  testutil::write(base_dir() + "/" + name + ".yaml", "sweep:\n  base: base.yaml\n" + body);
  std::string out;
  EXPECT_EQ(testutil::xiaoda("sweep plan " + base_dir() + "/" + name + ".yaml --out " + dir + "/s", out), 0) << out;
  return dir + "/s";
}

std::string run(const std::string& args) {
  std::string out;
  const int rc = testutil::xiaoda("sweep run " + args + " --no-progress", out);
  EXPECT_EQ(rc, 0) << args << "\n" << out;
  return out;
}

// The reference: the whole sweep on one worker.
const std::string& reference_dump() {
  static const std::string ref = [] {
    const std::string dir = planned("sweep_ref");
    run(dir + " --jobs 1");
    return canonical_dump(dir + "/results.sqlite");
  }();
  return ref;
}

}  // namespace

TEST(SweepPlan, DeterministicWithSeedsFromSweepSeedPointAndReplicate) {
  const auto a = make_plan(spec_of(kRunSweep));
  const auto b = make_plan(spec_of(kRunSweep));
  EXPECT_EQ(a.csv(), b.csv());
  ASSERT_EQ(a.run_count(), 2 * 4 * 2);
  std::set<std::uint32_t> seeds;
  for (std::int64_t r = 0; r < a.run_count(); ++r) {
    seeds.insert(a.seed_of(r));
    EXPECT_EQ(a.seed_of(r), run_seed(99, a.point_of(r), a.replicate_of(r)));
    EXPECT_EQ(a.overrides(r).back(), "run.seed=" + std::to_string(a.seed_of(r)));
  }
  EXPECT_EQ(seeds.size(), 16u);
  // another sweep seed moves the sample and every run seed
  std::string other = kRunSweep;
  other.replace(other.find("seed: 99"), 8, "seed: 98");
  const auto c = make_plan(spec_of(other));
  EXPECT_NE(a.csv(), c.csv());
  EXPECT_NE(a.seed_of(0), c.seed_of(0));
  // grid part outer, sample inner: the same 4 sampled values at both place counts
  for (int j = 0; j < 4; ++j) {
    EXPECT_EQ(a.points[static_cast<std::size_t>(j)][0], "5");
    EXPECT_EQ(a.points[static_cast<std::size_t>(j + 4)][0], "20");
    EXPECT_EQ(a.points[static_cast<std::size_t>(j)][1], a.points[static_cast<std::size_t>(j + 4)][1]);
  }
}

TEST(SweepPlan, LatinHypercubeHasOnePointPerStratum) {
  const auto p = make_plan(spec_of("  vary:\n    boltzmann.move_probability: {range: [0, 1]}\n"
                                   "    boltzmann.death_probability: {range: [0, 0.5]}\n"
                                   "  design: latin_hypercube\n  samples: 50\n"));
  ASSERT_EQ(p.points.size(), 50u);
  for (std::size_t d = 0; d < 2; ++d) {
    std::set<int> strata;
    for (const auto& pt : p.points) strata.insert(static_cast<int>(std::stod(pt[d]) / (d == 0 ? 1.0 : 0.5) * 50));
    EXPECT_EQ(strata.size(), 50u) << "dimension " << d;
  }
}

TEST(SweepPlan, GridSobolMorrisSaltelliAndFileDesigns) {
  const auto g = make_plan(spec_of("  vary:\n    boltzmann.places: [5, 10, 20]\n"
                                   "    boltzmann.move_probability: {range: [0, 1], steps: 3}\n"));
  ASSERT_EQ(g.points.size(), 9u);
  EXPECT_EQ(g.points[4], (std::vector<std::string>{"10", "0.5"}));

  const auto s = make_plan(spec_of("  vary:\n    boltzmann.move_probability: {range: [0, 1]}\n"
                                   "    boltzmann.death_probability: {range: [0, 1]}\n  design: sobol\n  samples: 4\n"));
  ASSERT_EQ(s.points.size(), 4u);  // Sobol sequence without its all-zero point
  EXPECT_EQ(s.points[0], (std::vector<std::string>{"0.5", "0.5"}));
  EXPECT_EQ(s.points[1], (std::vector<std::string>{"0.75", "0.25"}));

  // Morris: consecutive points of a trajectory differ in exactly one parameter, by delta = 2/3
  const auto m = make_plan(spec_of("  vary:\n    boltzmann.move_probability: {range: [0, 1]}\n"
                                   "    boltzmann.death_probability: {range: [0, 1]}\n"
                                   "    boltzmann.birth_probability: {range: [0, 1]}\n"
                                   "  design: morris\n  trajectories: 5\n"));
  ASSERT_EQ(m.points.size(), 20u);
  for (std::size_t t = 0; t < 5; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t i = 0; i < 3; ++i) {
      const auto& a = m.points[t * 4 + i];
      const auto& b = m.points[t * 4 + i + 1];
      int changed = 0;
      for (std::size_t f = 0; f < 3; ++f)
        if (a[f] != b[f]) {
          ++changed;
          moved.insert(f);
          EXPECT_NEAR(std::abs(std::stod(a[f]) - std::stod(b[f])), 2.0 / 3.0, 1e-12);
        }
      EXPECT_EQ(changed, 1);
    }
    EXPECT_EQ(moved.size(), 3u) << "each parameter moves once per trajectory";
  }

  // Saltelli: blocks A, AB_1, AB_2, B; AB_i is A with column i from B
  const auto sa = make_plan(spec_of("  vary:\n    boltzmann.move_probability: {range: [0, 1]}\n"
                                    "    boltzmann.death_probability: {range: [0, 1]}\n  design: saltelli\n  samples: 3\n"));
  ASSERT_EQ(sa.points.size(), 12u);
  for (std::size_t j = 0; j < 3; ++j) {
    const auto& A = sa.points[j * 4];
    const auto& B = sa.points[j * 4 + 3];
    EXPECT_EQ(sa.points[j * 4 + 1], (std::vector<std::string>{B[0], A[1]}));
    EXPECT_EQ(sa.points[j * 4 + 2], (std::vector<std::string>{A[0], B[1]}));
  }

  testutil::write(base_dir() + "/plan_in.csv", "boltzmann.places,boltzmann.move_probability\n7,0.25\n9,0.75\n");
  const auto f = make_plan(spec_of("  design: {file: plan_in.csv}\n  replicates: 3\n"));
  ASSERT_EQ(f.run_count(), 6);
  EXPECT_EQ(f.overrides(4), (std::vector<std::string>{"boltzmann.places=9", "boltzmann.move_probability=0.75",
                                                      "run.seed=" + std::to_string(run_seed(1, 1, 1))}));
}

TEST(SweepSpec, ErrorsNameFileLineKeyAndNearestKey) {
  EXPECT_NE(error_of("  vary:\n    boltzmann.move_probabilty: [0.1]\n").find(
                "test.yaml:4:5: error: key 'sweep.vary.boltzmann.move_probabilty': unknown parameter"),
            std::string::npos);
  EXPECT_NE(error_of("  vary:\n    boltzmann.move_probabilty: [0.1]\n").find("did you mean 'boltzmann.move_probability'"),
            std::string::npos);
  EXPECT_NE(error_of("  replicats: 3\n  vary: {boltzmann.places: [1]}\n").find("test.yaml:3:3: error: key 'sweep.replicats': unknown key 'replicats'"),
            std::string::npos);
  EXPECT_NE(error_of("  replicats: 3\n  vary: {boltzmann.places: [1]}\n").find("did you mean 'replicates'"), std::string::npos);
  EXPECT_NE(error_of("  vary:\n    boltzmann.move_probability: {range: [0.5, 1.5]}\n  design: latin_hypercube\n  samples: 4\n")
                .find("leaves the declared range"),
            std::string::npos);
  EXPECT_NE(error_of("  vary:\n    boltzmann.move_probability: [0.5, 2]\n").find("test.yaml:4:39: error: key 'sweep.vary.boltzmann.move_probability': value 2 is out of range"),
            std::string::npos);
  EXPECT_NE(error_of("  vary:\n    boltzmann.move_probability: {range: [0, 1]}\n  design: latin_hypercub\n  samples: 3\n")
                .find("unknown design 'latin_hypercub'"),
            std::string::npos);
  EXPECT_NE(error_of("  vary:\n    boltzmann.move_probability: {range: [0, 1]}\n  design: sobol\n").find("needs 'samples'"),
            std::string::npos);
  EXPECT_NE(error_of("  vary:\n    boltzmann.move_probability: {range: [0, 1]}\n").find("design grid needs a list of values or {range: [lo, hi], steps: N}"),
            std::string::npos);
  EXPECT_NE(error_of("  vary: {boltzmann.places: [5]}\n  record: [ginni]\n").find("unknown indicator 'ginni'"), std::string::npos);
  EXPECT_NE(error_of("  vary: {boltzmann.places: [5]}\n  record: [ginni]\n").find("did you mean 'gini'"), std::string::npos);
  EXPECT_NE(error_of("  vary: {boltzmann.places: [5]}\n  years: [1999]\n").find("expected an integer in [2000, 2002]"), std::string::npos);
  EXPECT_NE(error_of("  vary: {run.seed: [1, 2]}\n").find("use `replicates`"), std::string::npos);
  EXPECT_NE(error_of("  vary: {boltzmann.places: [5]}\n  design: morris\n  trajectories: 4\n").find("give at least one key as {range"),
            std::string::npos);
  testutil::write(base_dir() + "/bad_plan.csv", "boltzmann.places,boltzmann.move_probabilty\n7,0.25\n");
  EXPECT_NE(error_of("  design: {file: bad_plan.csv}\n").find("bad_plan.csv:1:2: error: key 'boltzmann.move_probabilty'"),
            std::string::npos);
  testutil::write(base_dir() + "/bad_plan2.csv", "boltzmann.places,boltzmann.move_probability\n7,0.25\n8,7\n");
  EXPECT_NE(error_of("  design: {file: bad_plan2.csv}\n").find("bad_plan2.csv:3:2: error: key 'boltzmann.move_probability': value 7 is out of range"),
            std::string::npos);
  // every problem at once
  const std::string many = error_of("  replicates: 0\n  seed: -1\n  vary: {boltzmann.places: [0]}\n");
  EXPECT_NE(many.find("sweep.replicates"), std::string::npos);
  EXPECT_NE(many.find("sweep.seed"), std::string::npos);
  EXPECT_NE(many.find("sweep.vary.boltzmann.places"), std::string::npos);
}

TEST(SweepRun, SameDatabaseForOneOrTwoWorkersAndShardsWithMerge) {
  const std::string& ref = reference_dump();
  ASSERT_NE(ref.find("|done|"), std::string::npos);
  EXPECT_EQ(std::count(ref.begin(), ref.end(), '\n'), 16 + 16 * 3 * 2);

  const std::string two = planned("sweep_two");
  run(two + " --jobs 2");
  EXPECT_EQ(canonical_dump(two + "/results.sqlite"), ref);
  // runs this small leave memory no concern: no run is executed alone first to measure it
  EXPECT_EQ(count_where(two + "/results.sqlite", "worker = 'calibration'"), 0);
  EXPECT_EQ(count_where(two + "/results.sqlite", "worker LIKE 'thread %'"), 16);

  const std::string sh = planned("sweep_shards");
  run(sh + " --shard 0/3");
  run(sh + " --shard 1/3 --jobs 2");
  std::string out;
  EXPECT_EQ(testutil::xiaoda("sweep merge " + sh, out), 0) << out;
  EXPECT_NE(out.find("now 11 of 16 done"), std::string::npos) << out;  // shard 2 (5 runs) is missing
  run(sh + " --shard 2/3");
  EXPECT_EQ(testutil::xiaoda("sweep merge " + sh, out), 0) << out;
  EXPECT_NE(out.find("now 16 of 16 done"), std::string::npos) << out;
  EXPECT_EQ(canonical_dump(sh + "/results.sqlite"), ref);

  // a database of another plan is refused
  const std::string other = planned("sweep_other", std::string(kRunSweep).replace(std::string(kRunSweep).find("seed: 99"), 8, "seed: 7"));
  run(other + " --max-runs 1");
  EXPECT_EQ(testutil::xiaoda("sweep merge " + sh + " " + other + "/results.sqlite", out), 2);
  EXPECT_NE(out.find("holds results of another plan"), std::string::npos) << out;
}

TEST(SweepRun, ResumeAfterStopAndAfterKill9GivesTheSameDatabase) {
  const std::string& ref = reference_dump();
  const std::string dir = planned("sweep_resume");
  run(dir + " --jobs 2 --max-runs 5");
  EXPECT_EQ(count_done(dir + "/results.sqlite"), 5);
  const std::string out = run(dir + " --jobs 2");
  EXPECT_NE(out.find("this call ran 11"), std::string::npos) << out;
  EXPECT_EQ(canonical_dump(dir + "/results.sqlite"), ref);

  // kill -9 in the middle of a sweep of slower runs, then run again
  const std::string body = std::string(kRunSweep) + "  set: {boltzmann.agents: 20000}\n";
  const std::string kdir = planned("sweep_kill", body);
  const std::string kref = planned("sweep_kill_ref", body);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string log = kdir + "/../kill.log";
    freopen(log.c_str(), "w", stdout);
    freopen(log.c_str(), "w", stderr);
    execl(XIAODA_BINARY, XIAODA_BINARY, "sweep", "run", kdir.c_str(), "--jobs", "2", "--no-progress", nullptr);
    _exit(127);
  }
  const auto t0 = std::chrono::steady_clock::now();
  while (count_done(kdir + "/results.sqlite") < 3 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep finished before it could be killed";
  const std::int64_t kept = count_done(kdir + "/results.sqlite");
  EXPECT_GE(kept, 3);
  EXPECT_LT(kept, 16);
  const std::string out2 = run(kdir + " --jobs 2");
  EXPECT_NE(out2.find("this call ran " + std::to_string(16 - kept)), std::string::npos) << out2;
  run(kref + " --jobs 1");
  EXPECT_EQ(canonical_dump(kdir + "/results.sqlite"), canonical_dump(kref + "/results.sqlite"));
}

TEST(SweepRun, FailedRunIsRecordedAndTheSweepGoesOn) {
  const std::string dir = planned("sweep_fail");
  std::string out;
  EXPECT_EQ(testutil::xiaoda("sweep run " + dir + " --no-progress --fail-run 3", out), 3) << out;
  EXPECT_NE(out.find("15 of 16 runs done, 1 failed"), std::string::npos) << out;
  EXPECT_NE(out.find("run 3 failed: failure injected"), std::string::npos) << out;
  // a plain rerun keeps the failure; --retry-failed runs it again
  EXPECT_EQ(testutil::xiaoda("sweep run " + dir + " --no-progress", out), 3) << out;
  EXPECT_NE(out.find("this call ran 0"), std::string::npos) << out;
  EXPECT_EQ(testutil::xiaoda("sweep run " + dir + " --no-progress --retry-failed", out), 0) << out;
  EXPECT_EQ(canonical_dump(dir + "/results.sqlite"), reference_dump());
}

TEST(SweepRun, AnyRunIsReproducedByXiaodaRun) {
  const std::string dir = planned("sweep_ref");  // same plan as the reference
  run(dir);
  const Plan plan = read_sweep_dir(dir);
  const std::int64_t r = 11;
  std::string args = "run " + dir + "/base.yaml --no-progress --out " + dir + "/../single --seed " + std::to_string(plan.seed_of(r));
  for (const auto& o : plan.overrides(r))
    if (!o.starts_with("run.seed=")) args += " --set " + o;
  std::string out;
  ASSERT_EQ(testutil::xiaoda(args, out), 0) << out;
  const auto rows = parse_csv(testutil::read(dir + "/../single/indicators.csv"));
  // compare gini at 2002 with the database
  const std::string dump = canonical_dump(dir + "/results.sqlite");
  int col = -1;
  for (std::size_t j = 0; j < rows[0].size(); ++j)
    if (rows[0][j] == "gini") col = static_cast<int>(j);
  ASSERT_GE(col, 0);
  const double csv_gini = std::stod(rows.back()[static_cast<std::size_t>(col)]);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%a", csv_gini);
  EXPECT_NE(dump.find("\n11|2002|gini|" + std::string(buf) + "|"), std::string::npos) << buf;
}

TEST(SweepSummary, KnownEffectsAreRecovered) {
  // Without births and deaths the indicator `agents` equals the parameter boltzmann.agents: its
  // Morris effect is the width of the range, move_probability has none, and the SRC is 1.
  const std::string body =
      "  set: {boltzmann.death_probability: 0, boltzmann.birth_probability: 0}\n"
      "  vary:\n"
      "    boltzmann.agents: {range: [100, 400]}\n"
      "    boltzmann.move_probability: {range: [0, 1]}\n"
      "  design: morris\n  trajectories: 4\n  replicates: 2\n  record: [agents, gini]\n  years: [2002]\n";
  const std::string dir = planned("sweep_morris", body);
  run(dir);
  std::string out;
  ASSERT_EQ(testutil::xiaoda("sweep summary " + dir, out), 0) << out;
  const auto morris = parse_csv(testutil::read(dir + "/summary/morris.csv"));
  ASSERT_EQ(morris[0], (std::vector<std::string>{"cell", "indicator", "year", "parameter", "mu", "mu_star", "sigma", "effects"}));
  int checked = 0;
  for (const auto& row : morris) {
    if (row.size() < 8 || row[1] != "agents") continue;
    if (row[3] == "boltzmann.agents") {
      EXPECT_EQ(std::stod(row[5]), 300.0);
      ++checked;
    }
    if (row[3] == "boltzmann.move_probability") {
      EXPECT_EQ(std::stod(row[5]), 0.0);
      ++checked;
    }
    EXPECT_EQ(row[7], "4");
  }
  EXPECT_EQ(checked, 2);
  const auto reg = parse_csv(testutil::read(dir + "/summary/regression.csv"));
  EXPECT_EQ(reg[1][0], "agents");
  EXPECT_NEAR(std::stod(reg[1][3]), 1.0, 1e-9);  // R^2
  EXPECT_NEAR(std::stod(reg[1][4]), 1.0, 1e-9);  // SRC of boltzmann.agents
  // points.csv: replicates of a point agree on `agents` exactly (sd 0); gini varies with the seed
  const auto pts = parse_csv(testutil::read(dir + "/summary/points.csv"));
  ASSERT_EQ(pts[0].back(), "ci95_high");
  for (const auto& row : pts) {
    if (row.size() != pts[0].size() || row[0] == "point") continue;
    EXPECT_EQ(row[5], "2");
    if (row[3] == "agents") {
      EXPECT_EQ(std::stod(row[7]), 0.0);
    }
    if (row[3] == "gini") {
      EXPECT_LE(std::stod(row[8]), std::stod(row[6]));
      EXPECT_GE(std::stod(row[9]), std::stod(row[6]));
    }
  }

  // Saltelli: agents depends on boltzmann.agents alone
  std::string sbody = body;
  sbody.replace(sbody.find("design: morris"), std::string("design: morris\n  trajectories: 4\n  replicates: 2").size(),
                "design: saltelli\n  samples: 32");
  const std::string sdir = planned("sweep_saltelli", sbody);
  run(sdir);
  ASSERT_EQ(testutil::xiaoda("sweep summary " + sdir, out), 0) << out;
  const auto sob = parse_csv(testutil::read(sdir + "/summary/sobol_indices.csv"));
  checked = 0;
  for (const auto& row : sob) {
    if (row.size() < 10 || row[1] != "agents") continue;
    if (row[3] == "boltzmann.move_probability") {
      EXPECT_EQ(std::stod(row[7]), 0.0);  // ST exactly 0
      ++checked;
    }
    if (row[3] == "boltzmann.agents") {
      EXPECT_NEAR(std::stod(row[4]), 1.0, 0.25);  // S1
      EXPECT_NEAR(std::stod(row[7]), 1.0, 0.25);  // ST
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2);
}

#if defined(XIAODA_TEST_MPI)
// Built with MPI support: mpirun must be there too (tools/setup.sh installs openmpi-bin).
TEST(SweepMpi, TwoRanksGiveTheSameDatabase) {
  ASSERT_EQ(std::system("which mpirun > /dev/null 2>&1"), 0) << "xiaoda was built with MPI but mpirun is missing";
  const std::string dir = planned("sweep_mpi");
  std::string out;
  const std::string cmd = std::string("mpirun -np 3 --oversubscribe") + (getuid() == 0 ? " --allow-run-as-root" : "") + " " +
                          XIAODA_BINARY + " sweep run " + dir + " --no-progress > " + dir + "/../mpi.log 2>&1";
  const int rc = std::system(cmd.c_str());
  out = testutil::read(dir + "/../mpi.log");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("16 of 16 runs done"), std::string::npos) << out;
  EXPECT_EQ(canonical_dump(dir + "/results.sqlite"), reference_dump());
}
#endif
