#include "sim/calibrate/store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <ctime>

#include "sim/error.hpp"

namespace sim::calibrate {

namespace {

std::string ident(const std::string& s) {
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st_, nullptr) != SQLITE_OK)
      throw Error(fmt::format("SQLite: {} (in: {})", sqlite3_errmsg(db), sql));
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(st_, i, v); }
  void bind(int i, double v) {
    if (std::isnan(v)) sqlite3_bind_null(st_, i);
    else sqlite3_bind_double(st_, i, v);
  }
  void bind(int i, const std::string& v) { sqlite3_bind_text(st_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  bool step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw Error(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
  }
  void reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  std::int64_t i64(int c) const { return sqlite3_column_int64(st_, c); }
  bool is_null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  double real(int c) const { return sqlite3_column_double(st_, c); }
  std::string text(int c) const {
    const auto* p = sqlite3_column_text(st_, c);
    return p ? reinterpret_cast<const char*>(p) : "";
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

std::string now_iso() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void Store::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(fmt::format("SQLite error in '{}': {}", path_, msg));
  }
}

Store::Store(const std::string& path, const std::string& model_hash, const std::string& model, const std::string& build,
             std::string& other_build)
    : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw Error("cannot open calibration database '" + path + "': " + msg);
  }
  sqlite3_busy_timeout(db_, 30000);
  try {
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    exec("BEGIN IMMEDIATE");
    exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS runs (run_key TEXT PRIMARY KEY, params TEXT NOT NULL, seed INTEGER NOT NULL,"
         " purpose TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('done', 'failed')), error TEXT,"
         " wall_seconds REAL, command TEXT, finished_at TEXT)");
    exec("CREATE TABLE IF NOT EXISTS run_values (run_key TEXT NOT NULL, indicator TEXT NOT NULL, year INTEGER NOT NULL,"
         " value REAL, PRIMARY KEY (run_key, indicator, year)) WITHOUT ROWID");
    std::string stored_hash;
    {
      Stmt q(db_, "SELECT key, value FROM meta");
      while (q.step()) {
        if (q.text(0) == "model_hash") stored_hash = q.text(1);
        if (q.text(0) == "build") other_build = q.text(1) == build ? std::string{} : q.text(1);
      }
    }
    if (stored_hash.empty()) {
      Stmt ins(db_, "INSERT INTO meta (key, value) VALUES (?, ?)");
      for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
               {"format", "xiaoda-calibration-1"}, {"model_hash", model_hash}, {"model", model}, {"build", build},
               {"created", now_iso()}}) {
        ins.bind(1, k);
        ins.bind(2, v);
        ins.step();
        ins.reset();
      }
    } else if (stored_hash != model_hash) {
      exec("ROLLBACK");
      throw UsageError("'" + path + "' holds runs of another base scenario or other fixed overrides (hash " + stored_hash +
                       ", this calibration " + model_hash + "): calibrate into a new --out folder");
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    throw;
  }
}

Store::~Store() { sqlite3_close(db_); }

bool Store::lookup(const std::string& key, const std::vector<Series>& series, std::vector<double>& values) const {
  {
    Stmt q(db_, "SELECT status FROM runs WHERE run_key = ?");
    q.bind(1, key);
    if (!q.step() || q.text(0) != "done") return false;
  }
  values.assign(series.size(), std::nan(""));
  std::vector<bool> seen(series.size(), false);
  Stmt q(db_, "SELECT indicator, year, value FROM run_values WHERE run_key = ?");
  q.bind(1, key);
  while (q.step()) {
    const std::string ind = q.text(0);
    const int year = static_cast<int>(q.i64(1));
    for (std::size_t i = 0; i < series.size(); ++i)
      if (series[i].first == ind && series[i].second == year) {
        values[i] = q.is_null(2) ? std::nan("") : q.real(2);
        seen[i] = true;
      }
  }
  for (bool b : seen)
    if (!b) return false;
  return true;
}

void Store::store(const StoredRun& run, const std::vector<Series>& series) {
  exec("BEGIN IMMEDIATE");
  try {
    {
      Stmt up(db_, "INSERT OR REPLACE INTO runs (run_key, params, seed, purpose, status, error, wall_seconds, command, finished_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      up.bind(1, run.key);
      up.bind(2, run.params);
      up.bind(3, static_cast<std::int64_t>(run.seed));
      up.bind(4, run.purpose);
      up.bind(5, std::string(run.ok ? "done" : "failed"));
      if (run.ok) up.bind(6, std::nan(""));
      else up.bind(6, run.error);
      up.bind(7, run.wall_seconds);
      up.bind(8, run.command);
      up.bind(9, now_iso());
      up.step();
    }
    if (run.ok) {
      Stmt ins(db_, "INSERT OR REPLACE INTO run_values (run_key, indicator, year, value) VALUES (?, ?, ?, ?)");
      for (std::size_t i = 0; i < series.size() && i < run.values.size(); ++i) {
        ins.bind(1, run.key);
        ins.bind(2, series[i].first);
        ins.bind(3, static_cast<std::int64_t>(series[i].second));
        ins.bind(4, run.values[i]);
        ins.step();
        ins.reset();
      }
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::int64_t Store::stored_runs() const {
  Stmt q(db_, "SELECT count(*) FROM runs WHERE status = 'done'");
  q.step();
  return q.i64(0);
}

void Store::reset_evaluations(const std::vector<std::string>& keys) {
  keys_ = keys;
  std::string cols;
  for (const auto& k : keys) cols += ", " + ident(k) + " REAL";
  exec("BEGIN IMMEDIATE");
  try {
    exec("DROP TABLE IF EXISTS evaluations");
    exec("CREATE TABLE evaluations (eval INTEGER PRIMARY KEY, stage TEXT NOT NULL" + cols +
         ", objective REAL, objective_sd REAL, best_so_far REAL, failed INTEGER NOT NULL, new_runs INTEGER NOT NULL,"
         " command TEXT)");
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Store::add_evaluation(const EvaluationRow& row) {
  std::string names, ph;
  for (const auto& k : keys_) names += ", " + ident(k), ph += ", ?";
  Stmt ins(db_, "INSERT OR REPLACE INTO evaluations (eval, stage" + names +
                    ", objective, objective_sd, best_so_far, failed, new_runs, command) VALUES (?, ?" + ph + ", ?, ?, ?, ?, ?, ?)");
  int i = 1;
  ins.bind(i++, static_cast<std::int64_t>(row.eval));
  ins.bind(i++, row.stage);
  for (double x : row.x) ins.bind(i++, x);
  ins.bind(i++, row.objective);
  ins.bind(i++, row.objective_sd);
  ins.bind(i++, row.best_so_far);
  ins.bind(i++, static_cast<std::int64_t>(row.failed ? 1 : 0));
  ins.bind(i++, static_cast<std::int64_t>(row.new_runs));
  ins.bind(i++, row.command);
  ins.step();
}

}  // namespace sim::calibrate
