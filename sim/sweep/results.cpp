#include "sim/sweep/results.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <ctime>

#include "sim/error.hpp"

namespace sim::sweep {

namespace {

std::string ident(const std::string& s) {
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) {
    if (ch == '\'') q += '\'';
    q += ch;
  }
  return q + "'";
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
  void null(int i) { sqlite3_bind_null(st_, i); }
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
  std::string text(int c) const {
    const auto* p = sqlite3_column_text(st_, c);
    return p ? reinterpret_cast<const char*>(p) : "";
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

sqlite3* open_db(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw Error("cannot open results database '" + path + "': " + msg);
  }
  sqlite3_busy_timeout(db, 30000);
  return db;
}

std::string now_iso() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool numeric(ParamType t) { return t == ParamType::Real || t == ParamType::Int; }

}  // namespace

sqlite3* open_readonly(const std::string& path) { return open_db(path, SQLITE_OPEN_READONLY); }

void ResultsDb::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(fmt::format("SQLite error in '{}': {}", path_, msg));
  }
}

ResultsDb::ResultsDb(const std::string& path, const Plan& plan, const std::vector<std::int64_t>& runs,
                     const std::string& shard)
    : path_(path), plan_(plan) {
  db_ = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  try {
    // WAL + synchronous=NORMAL: a killed process never corrupts the file or loses a committed run.
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    std::string cols;
    for (std::size_t j = 0; j < plan.keys.size(); ++j)
      cols += ", " + ident(plan.keys[j]) + (numeric(plan.types[j]) ? " REAL" : " TEXT");
    exec("BEGIN IMMEDIATE");
    exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY, point INTEGER NOT NULL, replicate INTEGER NOT NULL,"
         " seed INTEGER NOT NULL" + cols +
         ", status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')), error TEXT, wall_seconds REAL,"
         " peak_rss_mib REAL, worker TEXT, finished_at TEXT)");
    exec("CREATE TABLE IF NOT EXISTS indicators (run_id INTEGER NOT NULL, year INTEGER NOT NULL, indicator TEXT NOT NULL,"
         " value REAL, PRIMARY KEY (run_id, year, indicator)) WITHOUT ROWID");
    {
      Stmt q(db_, "SELECT value FROM meta WHERE key = 'plan_hash'");
      if (q.step()) {
        if (q.text(0) != plan.hash) {
          exec("ROLLBACK");
          throw UsageError("'" + path + "' holds results of another plan (plan hash " + q.text(0) + ", this plan " +
                           plan.hash + "): move it away or plan into a new folder");
        }
      } else {
        Stmt ins(db_, "INSERT INTO meta (key, value) VALUES (?, ?)");
        for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
                 {"plan_hash", plan.hash}, {"model", plan.model}, {"shard", shard}, {"created", now_iso()},
                 {"runs_planned", std::to_string(plan.run_count())}}) {
          ins.bind(1, k);
          ins.bind(2, v);
          ins.step();
          ins.reset();
        }
      }
    }
    std::string ph;
    for (std::size_t j = 0; j < plan.keys.size(); ++j) ph += ", ?";
    std::string names;
    for (const auto& k : plan.keys) names += ", " + ident(k);
    Stmt ins(db_, "INSERT OR IGNORE INTO runs (run_id, point, replicate, seed" + names + ", status) VALUES (?, ?, ?, ?" + ph +
                      ", 'pending')");
    for (const std::int64_t r : runs) {
      ins.bind(1, r);
      ins.bind(2, plan.point_of(r));
      ins.bind(3, static_cast<std::int64_t>(plan.replicate_of(r)));
      ins.bind(4, static_cast<std::int64_t>(plan.seed_of(r)));
      const auto& pt = plan.points[static_cast<std::size_t>(plan.point_of(r))];
      for (std::size_t j = 0; j < plan.keys.size(); ++j) {
        const int i = static_cast<int>(5 + j);
        if (numeric(plan.types[j])) ins.bind(i, std::stod(pt[j]));
        else ins.bind(i, pt[j]);
      }
      ins.step();
      ins.reset();
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    throw;
  }
}

ResultsDb::~ResultsDb() { sqlite3_close(db_); }

std::vector<std::int64_t> ResultsDb::todo(bool retry_failed) const {
  Stmt q(db_, std::string("SELECT run_id FROM runs WHERE status = 'pending'") + (retry_failed ? " OR status = 'failed'" : "") +
                  " ORDER BY run_id");
  std::vector<std::int64_t> out;
  while (q.step()) out.push_back(q.i64(0));
  return out;
}

void ResultsDb::commit(const RunRecord& rec) {
  exec("BEGIN IMMEDIATE");
  try {
    {
      Stmt del(db_, "DELETE FROM indicators WHERE run_id = ?");
      del.bind(1, rec.run_id);
      del.step();
    }
    if (rec.ok) {
      Stmt ins(db_, "INSERT INTO indicators (run_id, year, indicator, value) VALUES (?, ?, ?, ?)");
      std::size_t i = 0;
      for (const int y : plan_.years)
        for (const auto& name : plan_.record) {
          ins.bind(1, rec.run_id);
          ins.bind(2, static_cast<std::int64_t>(y));
          ins.bind(3, name);
          ins.bind(4, i < rec.values.size() ? rec.values[i] : std::nan(""));
          ++i;
          ins.step();
          ins.reset();
        }
    }
    Stmt up(db_, "UPDATE runs SET status = ?, error = ?, wall_seconds = ?, peak_rss_mib = ?, worker = ?, finished_at = ? "
                 "WHERE run_id = ?");
    up.bind(1, std::string(rec.ok ? "done" : "failed"));
    if (rec.ok) up.null(2);
    else up.bind(2, rec.error);
    up.bind(3, rec.wall_seconds);
    up.bind(4, rec.peak_rss_mib);
    up.bind(5, rec.worker);
    up.bind(6, now_iso());
    up.bind(7, rec.run_id);
    up.step();
    if (sqlite3_changes(db_) != 1) throw Error(fmt::format("run {} is not in '{}'", rec.run_id, path_));
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

StatusCounts ResultsDb::counts() const {
  StatusCounts c;
  Stmt q(db_, "SELECT status, count(*) FROM runs GROUP BY status");
  while (q.step()) {
    const std::string s = q.text(0);
    const std::int64_t n = q.i64(1);
    c.total += n;
    if (s == "done") c.done = n;
    else if (s == "failed") c.failed = n;
    else c.pending = n;
  }
  return c;
}

std::int64_t ResultsDb::merge_from(const std::string& other, std::int64_t& differing) {
  exec("ATTACH DATABASE " + quote(other) + " AS src");
  std::int64_t copied = 0;
  try {
    {
      Stmt q(db_, "SELECT value FROM src.meta WHERE key = 'plan_hash'");
      if (!q.step()) throw UsageError("'" + other + "' is not a sweep results database");
      if (q.text(0) != plan_.hash)
        throw UsageError("'" + other + "' holds results of another plan (plan hash " + q.text(0) + ", this plan " + plan_.hash + ")");
    }
    exec("BEGIN IMMEDIATE");
    exec("DROP TABLE IF EXISTS temp.pick");
    exec("CREATE TEMP TABLE pick AS SELECT s.run_id FROM src.runs s JOIN main.runs m USING (run_id) "
         "WHERE s.status IN ('done', 'failed') AND m.status <> 'done'");
    exec("DELETE FROM main.indicators WHERE run_id IN (SELECT run_id FROM temp.pick)");
    exec("INSERT INTO main.indicators SELECT * FROM src.indicators WHERE run_id IN (SELECT run_id FROM temp.pick)");
    exec("INSERT OR REPLACE INTO main.runs SELECT * FROM src.runs WHERE run_id IN (SELECT run_id FROM temp.pick)");
    {
      Stmt q(db_, "SELECT count(*) FROM temp.pick");
      q.step();
      copied = q.i64(0);
    }
    {
      Stmt q(db_, "SELECT count(DISTINCT a.run_id) FROM src.indicators a JOIN main.indicators b USING (run_id, year, indicator) "
                  "WHERE a.value IS NOT b.value AND a.run_id NOT IN (SELECT run_id FROM temp.pick)");
      q.step();
      differing = q.i64(0);
    }
    exec("DROP TABLE temp.pick");
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_exec(db_, "DETACH DATABASE src", nullptr, nullptr, nullptr);
    throw;
  }
  exec("DETACH DATABASE src");
  return copied;
}

}  // namespace sim::sweep
