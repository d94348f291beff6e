#include "sim/calibrate/calibrate.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlopt.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <exception>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "sim/calibrate/analysis.hpp"
#include "sim/calibrate/check.hpp"
#include "sim/calibrate/plot.hpp"
#include "sim/calibrate/runner.hpp"
#include "sim/calibrate/store.hpp"
#include "sim/error.hpp"
#include "sim/output.hpp"
#include "sim/sweep/csv.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/progress.hpp"
#include "sim/sweep/runner.hpp"
#include "sim/sweep/spec.hpp"

#ifndef XIAODA_VERSION
#define XIAODA_VERSION "0.0.0"
#endif
#ifndef XIAODA_GIT_COMMIT
#define XIAODA_GIT_COMMIT "unknown"
#endif

namespace fs = std::filesystem;

namespace sim::calibrate {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string exact(double x) { return fmt::format("{}", x); }  // shortest text that reads back to x
std::string num(double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : (std::isnan(x) ? "" : exact(x)); }
nlohmann::json jnum(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

// One `xiaoda calibrate` per folder at a time.
class DirLock {
 public:
  explicit DirLock(const std::string& dir) : path_((fs::path(dir) / "calibration.lock").string()) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error("cannot create lock file '" + path_ + "'");
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw UsageError("another `xiaoda calibrate` is working in '" + dir + "' (lock " + path_ + " is held)");
    }
  }
  ~DirLock() { ::close(fd_); }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

extern "C" void xiaoda_calibrate_on_interrupt(int sig) {
  static const char msg[] =
      "\nxiaoda calibrate: interrupted. Finished runs are stored; run the same command again (or xiaoda calibrate "
      "--resume DIR) to continue.\n";
  const ssize_t w = ::write(2, msg, sizeof msg - 1);
  (void)w;
  ::_exit(128 + sig);
}

struct Eval {
  int n = 0;
  std::string stage;
  std::vector<double> x;
  std::vector<std::string> overrides;
  ObjectiveValue obj;
  int new_runs = 0;
  double best_so_far = 0.0;
  std::string command;
};

struct StageResult {
  std::string name, algorithm, stop;
  int evaluations = 0;
};

class Search {
 public:
  Search(const CalibrationSpec& spec, BatchRunner& runner, Store& store, spdlog::logger& log)
      : spec_(spec), runner_(runner), store_(store), log_(log), t0_(std::chrono::steady_clock::now()) {
    cap_ = spec.planned_evaluations();
    last_line_ = t0_;
  }

  std::vector<std::string> overrides_of(const std::vector<double>& x) const {
    std::vector<std::string> o;
    for (std::size_t j = 0; j < x.size(); ++j) o.push_back(spec_.params[j].key + "=" + exact(x[j]));
    return o;
  }

  std::vector<RunRequest> requests(const std::vector<double>& x, const std::string& purpose, bool fresh_seeds) {
    std::vector<RunRequest> rs;
    const int n = fresh_seeds ? spec_.check_seeds : spec_.replicates;
    for (int r = 0; r < n; ++r) {
      RunRequest q;
      q.overrides = overrides_of(x);
      q.seed = fresh_seeds ? check_seed(spec_.seed, r) : replicate_seed(spec_.seed, r);
      q.purpose = purpose;
      keys_used_.insert(q.key());
      rs.push_back(std::move(q));
    }
    return rs;
  }

  /// Evaluates candidates as one batch (their runs in parallel); records them in order.
  void evaluate(const std::vector<std::vector<double>>& xs, const std::string& stage) {
    std::vector<RunRequest> all;
    for (const auto& x : xs) {
      auto rs = requests(x, "calibration", false);
      all.insert(all.end(), rs.begin(), rs.end());
    }
    const auto values = runner_.run(all);
    const auto R = static_cast<std::size_t>(spec_.replicates);
    for (std::size_t c = 0; c < xs.size(); ++c) {
      Eval e;
      e.n = static_cast<int>(history_.size()) + 1;
      e.stage = stage;
      e.x = xs[c];
      e.overrides = overrides_of(xs[c]);
      std::vector<RunValues> reps(values.begin() + static_cast<std::ptrdiff_t>(c * R),
                                  values.begin() + static_cast<std::ptrdiff_t>((c + 1) * R));
      for (const auto& v : reps) e.new_runs += v.executed ? 1 : 0;
      e.obj = objective(spec_, reps, spec_.seed);
      e.command = runner_.command(all[c * R]);
      const bool improved = !e.obj.failed && (!best_ || e.obj.f < history_[*best_].obj.f);
      if (improved) best_ = history_.size();
      e.best_so_far = !best_ ? kNaN : improved ? e.obj.f : history_[*best_].obj.f;
      history_.push_back(std::move(e));
      const Eval& h = history_.back();
      EvaluationRow row{h.n, h.stage, h.x, h.obj.f, h.obj.sd, h.best_so_far, h.obj.failed, h.new_runs, h.command};
      store_.add_evaluation(row);
      report(h, improved);
    }
  }

  double evaluate_one(const std::vector<double>& x, const std::string& stage) {
    evaluate({x}, stage);
    return history_.back().obj.f;
  }

  int left() const { return cap_ - static_cast<int>(history_.size()); }
  int cap() const { return cap_; }
  bool time_up() const { return spec_.max_minutes > 0 && elapsed() > spec_.max_minutes * 60.0; }
  double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }
  bool has_best() const { return best_.has_value(); }
  const Eval& best() const { return history_.at(*best_); }
  const std::vector<Eval>& history() const { return history_; }
  std::size_t runs_used() const { return keys_used_.size(); }
  const CalibrationSpec& spec() const { return spec_; }

 private:
  void report(const Eval& e, bool improved) {
    const auto now = std::chrono::steady_clock::now();
    const bool due = std::chrono::duration<double>(now - last_line_).count() >= 10.0;
    std::string xs;
    for (std::size_t j = 0; j < e.x.size(); ++j) xs += fmt::format("{}{}={:.6g}", j ? " " : "", spec_.params[j].key, e.x[j]);
    const std::string line = fmt::format("eval {}/{} [{}] objective {} +- {}  best {}  ({} runs this call, {} from the database, {})",
                                         e.n, cap_, e.stage, e.obj.failed ? "FAILED" : num(e.obj.f), num(e.obj.sd),
                                         has_best() ? num(best().obj.f) : "-", runner_.executed(), runner_.answered(),
                                         sweep::format_duration(elapsed()));
    const bool soon = std::chrono::duration<double>(now - last_line_).count() < 1.0;
    if ((improved && !soon) || due || e.n == 1) {
      log_.info("{}{}", line, improved ? "  new best: " + xs : "");
      last_line_ = now;
    } else {
      log_.debug("{}  {}", line, xs);
    }
    if (e.obj.failed) log_.warn("eval {} failed: {} (repeat one run: {})", e.n, e.obj.error, e.command);
  }

  const CalibrationSpec& spec_;
  BatchRunner& runner_;
  Store& store_;
  spdlog::logger& log_;
  std::chrono::steady_clock::time_point t0_, last_line_;
  int cap_ = 0;
  std::vector<Eval> history_;
  std::optional<std::size_t> best_;
  std::set<std::string> keys_used_;
};

// ---- NLopt stages -------------------------------------------------------------------------------

struct StageCtx {
  Search* search = nullptr;
  nlopt_opt opt = nullptr;
  std::string stage;
  std::vector<double> u0, x0;
  std::exception_ptr error;
  bool timed_out = false, budget_out = false;
};

double nlopt_objective(unsigned n, const double* u, double* grad, void* data) {
  (void)grad;  // derivative-free algorithms only
  auto* ctx = static_cast<StageCtx*>(data);
  try {
    if (ctx->search->time_up()) {
      ctx->timed_out = true;
      nlopt_force_stop(ctx->opt);
      return HUGE_VAL;
    }
    if (ctx->search->left() <= 0) {
      ctx->budget_out = true;
      nlopt_force_stop(ctx->opt);
      return HUGE_VAL;
    }
    const auto& ps = ctx->search->spec().params;
    std::vector<double> x(n);
    for (unsigned j = 0; j < n; ++j) {
      // the start point's coordinates exactly as they were (no round trip through [0, 1])
      if (u[j] == ctx->u0[j]) {
        x[j] = ctx->x0[j];
        continue;
      }
      const double uj = std::clamp(u[j], 0.0, 1.0);
      x[j] = std::clamp(ps[j].lo + uj * (ps[j].hi - ps[j].lo), ps[j].lo, ps[j].hi);
    }
    return ctx->search->evaluate_one(x, ctx->stage);
  } catch (...) {
    ctx->error = std::current_exception();
    nlopt_force_stop(ctx->opt);
    return HUGE_VAL;
  }
}

std::string nlopt_stop_text(nlopt_result r) {
  switch (r) {
    case NLOPT_SUCCESS: return "converged";
    case NLOPT_STOPVAL_REACHED: return "stop value reached";
    case NLOPT_FTOL_REACHED: return "converged (ftol_abs: the objective stopped changing)";
    case NLOPT_XTOL_REACHED: return "converged (xtol: the steps became smaller than xtol of each range)";
    case NLOPT_MAXEVAL_REACHED: return "max_evaluations reached";
    case NLOPT_MAXTIME_REACHED: return "time limit reached";
    case NLOPT_FORCED_STOP: return "stopped";
    case NLOPT_ROUNDOFF_LIMITED: return "stopped by round-off (noise in the objective?)";
    case NLOPT_OUT_OF_MEMORY: return "out of memory";
    case NLOPT_INVALID_ARGS: return "invalid arguments";
    case NLOPT_FAILURE: return "failed";
    default: return fmt::format("NLopt result {}", static_cast<int>(r));
  }
}

StageResult run_stage(Search& s, const StageSpec& st, const std::string& name, unsigned seed) {
  StageResult res;
  res.name = name;
  res.algorithm = algorithm_name(st.algorithm);
  const int budget = std::min(st.max_evaluations, s.left());
  if (budget <= 0) {
    res.stop = "skipped: the evaluation budget is spent";
    return res;
  }
  if (s.time_up()) {
    res.stop = "skipped: the time budget is spent";
    return res;
  }
  const auto& ps = s.spec().params;
  const auto k = static_cast<unsigned>(ps.size());
  StageCtx ctx;
  ctx.search = &s;
  ctx.stage = name + " " + res.algorithm;
  ctx.x0 = s.best().x;
  for (unsigned j = 0; j < k; ++j) ctx.u0.push_back(std::clamp((ctx.x0[j] - ps[j].lo) / (ps[j].hi - ps[j].lo), 0.0, 1.0));
  nlopt_algorithm alg = NLOPT_GN_CRS2_LM;
  switch (st.algorithm) {
    case Algorithm::Crs2: alg = NLOPT_GN_CRS2_LM; break;
    case Algorithm::Isres: alg = NLOPT_GN_ISRES; break;
    case Algorithm::Bobyqa: alg = NLOPT_LN_BOBYQA; break;
    case Algorithm::Sbplx: alg = NLOPT_LN_SBPLX; break;
  }
  nlopt_opt opt = nlopt_create(alg, k);
  if (!opt) throw Error("NLopt: cannot create the optimiser");
  ctx.opt = opt;
  nlopt_set_lower_bounds1(opt, 0.0);
  nlopt_set_upper_bounds1(opt, 1.0);
  nlopt_set_min_objective(opt, nlopt_objective, &ctx);
  nlopt_set_maxeval(opt, budget);
  if (st.population > 0) nlopt_set_population(opt, static_cast<unsigned>(st.population));
  if (st.ftol_abs > 0) nlopt_set_ftol_abs(opt, st.ftol_abs);
  const bool local = st.algorithm == Algorithm::Bobyqa || st.algorithm == Algorithm::Sbplx;
  if (local) {
    if (st.xtol > 0) nlopt_set_xtol_abs1(opt, st.xtol);
    nlopt_set_initial_step1(opt, st.initial_step);
  }
  nlopt_srand(seed);  // the same random path every time: a rerun replays the search
  std::vector<double> u = ctx.u0;
  double fmin = 0;
  const int before = static_cast<int>(s.history().size());
  const nlopt_result r = nlopt_optimize(opt, u.data(), &fmin);
  nlopt_destroy(opt);
  if (ctx.error) std::rethrow_exception(ctx.error);
  res.evaluations = static_cast<int>(s.history().size()) - before;
  if (ctx.timed_out) res.stop = "stopped by the time budget (max_minutes)";
  else if (ctx.budget_out) res.stop = "stopped by the evaluation budget";
  else if (r == NLOPT_MAXEVAL_REACHED && budget < st.max_evaluations) res.stop = "stopped by the evaluation budget";
  else res.stop = nlopt_stop_text(r);
  return res;
}

// ---- outputs --------------------------------------------------------------------------------------

struct FitLine {
  const TargetSpec* t = nullptr;
  double mean = kNaN, sd = kNaN;
  int n = 0;
  double error() const { return mean - t->value; }
  double z() const { return error() / t->scale(); }
  bool inside() const { return std::abs(error()) <= t->scale(); }
  double contribution() const { return t->weight * z() * z(); }
};

std::vector<FitLine> fit_lines(const std::vector<TargetSpec>& targets, std::size_t offset, const ObjectiveValue& o) {
  std::vector<FitLine> out;
  for (std::size_t i = 0; i < targets.size(); ++i)
    out.push_back(FitLine{&targets[i], o.mean.empty() ? kNaN : o.mean[offset + i], o.sd_rep.empty() ? kNaN : o.sd_rep[offset + i], o.n});
  return out;
}

std::string tolerance_label(const TargetSpec& t) { return t.relative ? t.tolerance_text : t.tolerance_text + " abs"; }

std::string fit_text(const std::vector<FitLine>& lines, bool weights) {
  std::size_t w = 20;
  for (const auto& l : lines) w = std::max(w, l.t->indicator.size() + 1);
  std::string s = fmt::format("{:<{}} {:>5} {:>12} {:>10} {:>12} {:>10} {:>8} {:>7}{}\n", "indicator", w, "year", "target",
                              "tolerance", "simulated", "sd", "z", "inside", weights ? "  contribution" : "");
  int inside = 0;
  for (const auto& l : lines) {
    inside += l.inside() ? 1 : 0;
    s += fmt::format("{:<{}} {:>5} {:>12.5g} {:>10} {:>12.5g} {:>10.3g} {:>+8.2f} {:>7}{}{}\n", l.t->indicator, w, l.t->year,
                     l.t->value, tolerance_label(*l.t), l.mean, l.sd, l.z(), l.inside() ? "yes" : "NO",
                     weights ? fmt::format("  {:>12.4g}", l.contribution()) : "", l.t->synthetic ? "  (synthetic)" : "");
  }
  s += fmt::format("{} of {} inside their tolerance (simulated: mean and sd over {} run(s))\n", inside, lines.size(),
                   lines.empty() ? 0 : lines.front().n);
  return s;
}

std::string fit_csv(const std::vector<FitLine>& lines) {
  std::string s = sweep::csv_line({"indicator", "year", "target", "unit", "tolerance", "tolerance_abs", "weight", "source",
                                   "mean", "sd", "n", "error", "z", "inside", "contribution"});
  for (const auto& l : lines)
    s += sweep::csv_line({l.t->indicator, std::to_string(l.t->year), exact(l.t->value), l.t->unit, l.t->tolerance_text,
                          exact(l.t->scale()), exact(l.t->weight), l.t->source(), exact(l.mean), exact(l.sd),
                          std::to_string(l.n), exact(l.error()), exact(l.z()), l.inside() ? "1" : "0",
                          exact(l.contribution())});
  return s;
}

nlohmann::json fit_json(const std::vector<FitLine>& lines) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& l : lines)
    a.push_back({{"indicator", l.t->indicator}, {"year", l.t->year}, {"target", l.t->value}, {"tolerance", l.t->tolerance_text},
                 {"tolerance_abs", l.t->scale()}, {"weight", l.t->weight}, {"source", l.t->source()},
                 {"mean", jnum(l.mean)}, {"sd", jnum(l.sd)}, {"z", jnum(l.z())}, {"inside", l.inside()}});
  return a;
}

// Nested YAML of dotted key=value overrides.
void put(YAML::Node root, const std::string& key, const std::string& value) {
  const auto dot = key.find('.');
  if (dot == std::string::npos) {
    root[key] = value;
    return;
  }
  YAML::Node child = root[key.substr(0, dot)];
  put(child, key.substr(dot + 1), value);
}

std::string best_yaml(const CalibrationSpec& spec, const std::string& dir, const Eval& best) {
  YAML::Node root;
  // relative to the folder when both lie under the same top folder (a project checkout), else absolute
  const fs::path from = fs::weakly_canonical(dir), base(spec.base);
  const bool near = from.begin() != from.end() && base.begin() != base.end() &&
                    *std::next(from.begin()) == *std::next(base.begin());
  root["extends"] = near ? fs::relative(base, from).string() : base.string();
  root["description"] = fmt::format("Calibrated by xiaoda calibrate {} (evaluation {}, objective {:.6g}).",
                                    fs::path(spec.file).filename().string(), best.n, best.obj.f);
  for (const auto& s : spec.set) {
    const auto eq = s.find('=');
    put(root, s.substr(0, eq), s.substr(eq + 1));
  }
  for (std::size_t j = 0; j < spec.params.size(); ++j) put(root, spec.params[j].key, exact(best.x[j]));
  YAML::Emitter em;
  em << root;
  return fmt::format("# Best parameters of the calibration {} (objective {} +- {}).\n"
                     "# Runs as is: xiaoda run {}/best.yaml --out OUT\n",
                     spec.file, num(best.obj.f), num(best.obj.sd), dir) +
         std::string(em.c_str()) + "\n";
}

nlohmann::json spec_json(const CalibrationSpec& spec) {
  nlohmann::json j;
  j["format"] = "xiaoda-calibration-1";
  j["calibration_file"] = spec.file;
  j["source_dir"] = spec.dir;
  j["model"] = spec.model;
  j["base_scenario"] = spec.base;
  j["set"] = spec.set;
  j["model_hash"] = spec.model_hash();
  j["replicates"] = spec.replicates;
  j["seed"] = spec.seed;
  std::vector<std::uint32_t> seeds, checks;
  for (int r = 0; r < spec.replicates; ++r) seeds.push_back(replicate_seed(spec.seed, r));
  for (int r = 0; r < spec.check_seeds; ++r) checks.push_back(check_seed(spec.seed, r));
  j["replicate_seeds"] = seeds;
  j["check_seeds"] = checks;
  nlohmann::json ps = nlohmann::json::array();
  for (const auto& p : spec.params) {
    nlohmann::json pj{{"key", p.key}, {"bounds", {p.lo, p.hi}}, {"start", p.start}, {"start_from_base", p.start_from_base},
                      {"unit", p.unit}, {"declared_range", {jnum(p.declared_lo), jnum(p.declared_hi)}}};
    if (!p.prior_id.empty()) pj["prior"] = p.prior;
    ps.push_back(pj);
  }
  j["parameters"] = ps;
  auto targets = [](const std::vector<TargetSpec>& ts) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& t : ts)
      a.push_back({{"indicator", t.indicator}, {"year", t.year}, {"value", t.value}, {"unit", t.unit}, {"tolerance", t.tolerance_text},
                   {"tolerance_abs", t.scale()}, {"weight", t.weight}, {"source", t.source()}});
    return a;
  };
  j["targets"] = {{"file", spec.targets_file}, {"scope", spec.scope}, {"fit", targets(spec.fit)}, {"held_out", targets(spec.held_out)}};
  j["screen_samples"] = spec.screen_samples;
  auto stage = [](const StageSpec& st) {
    if (!st.enabled) return nlohmann::json(nullptr);
    return nlohmann::json{{"algorithm", algorithm_name(st.algorithm)}, {"max_evaluations", st.max_evaluations},
                          {"population", st.population}, {"initial_step", st.initial_step}, {"xtol", st.xtol},
                          {"ftol_abs", st.ftol_abs}};
  };
  j["global"] = stage(spec.global);
  j["local"] = stage(spec.local);
  j["max_evaluations"] = spec.planned_evaluations();
  j["max_minutes"] = spec.max_minutes;
  j["identification"] = {{"step", spec.fd_step}, {"check_seeds", spec.check_seeds}, {"weak_threshold", spec.weak_threshold},
                         {"collinear_threshold", spec.collinear_threshold}};
  return j;
}

}  // namespace

void prepare_calibration_dir(const CalibrationSpec& spec, const std::string& dir) {
  const fs::path d(dir);
  if (fs::exists(d)) {
    if (!fs::is_directory(d)) throw UsageError("'" + dir + "' exists and is not a folder");
    if (!fs::is_empty(d)) {
      if (!fs::exists(d / "calibration.json") || !fs::exists(d / "calibration.sqlite"))
        throw UsageError("output folder '" + dir + "' is not empty and holds no calibration: choose a new --out folder");
      nlohmann::json old;
      try {
        old = nlohmann::json::parse(read_text_file((d / "calibration.json").string()));
      } catch (const std::exception& e) {
        throw Error("cannot read " + (d / "calibration.json").string() + ": " + e.what());
      }
      if (old.value("model_hash", "") != spec.model_hash())
        throw UsageError("'" + dir + "' holds a calibration of another base scenario or other fixed overrides ('set'): "
                         "its stored runs do not apply; choose a new --out folder");
    }
  }
  fs::create_directories(d);
  write_file_atomic((d / "calibration.yaml").string(), spec.text);
  write_file_atomic((d / "base.yaml").string(),
                    "# Base scenario of the calibration, fully resolved (fixed overrides applied).\n"
                    "# Any run: xiaoda run base.yaml --set KEY=VALUE ... --seed SEED --out OUT\n" +
                        spec.base_yaml);
  write_file_atomic((d / "calibration.json").string(), spec_json(spec).dump(2) + "\n");
}

CalibrationSpec load_calibration_dir(const std::string& dir, const ModelCatalog& catalog) {
  const fs::path d(dir);
  if (!fs::exists(d / "calibration.json") || !fs::exists(d / "calibration.yaml"))
    throw UsageError("'" + dir + "' is not a calibration folder (calibration.json or calibration.yaml is missing)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(read_text_file((d / "calibration.json").string()));
  } catch (const std::exception& e) {
    throw Error("cannot read " + (d / "calibration.json").string() + ": " + e.what());
  }
  const std::string file = j.value("calibration_file", (d / "calibration.yaml").string());
  const std::string source = j.value("source_dir", d.string());
  CalibrationSpec spec = load_calibration_text(read_text_file((d / "calibration.yaml").string()), file, source, catalog);
  if (spec.model_hash() != j.value("model_hash", ""))
    throw UsageError("the base scenario of '" + dir + "' changed since the calibration started (" + spec.base +
                     "): its stored runs no longer apply; calibrate into a new --out folder");
  return spec;
}

CalibrateOutcome run_calibration(const CalibrationSpec& spec, const std::string& dir, const ModelCatalog& catalog,
                                 const CalibrateOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  auto logger = options.log ? options.log : spdlog::default_logger();
  spdlog::logger& log = *logger;
  const fs::path d(dir);
  DirLock lock(dir);
  std::string other_build;
  const std::string build = fmt::format("{} ({})", XIAODA_VERSION, XIAODA_GIT_COMMIT);
  Store store((d / "calibration.sqlite").string(), spec.model_hash(), spec.model, build, other_build);
  if (!other_build.empty())
    log.warn("{} holds runs of another build ({}; this is {}): they are reused as if this build gave the same numbers; "
             "calibrate into a new folder if the model changed",
             (d / "calibration.sqlite").string(), other_build, build);
  std::vector<std::string> keys;
  for (const auto& p : spec.params) keys.push_back(p.key);
  store.reset_evaluations(keys);

  RunnerSettings rset;
  rset.threads = std::max(1, options.threads);
  rset.jobs = options.jobs > 0 ? options.jobs : std::max(1, sweep::usable_cores() / rset.threads);
  rset.base_file = fs::absolute(d / "base.yaml").lexically_normal().string();
  rset.kill_after_runs = options.kill_after_runs;
  BatchRunner runner(spec, catalog, store, rset);
  const std::int64_t stored_before = store.stored_runs();
  log.info("calibrate {}: model {}, {} free parameter(s), {} target(s) ({} held out), {} replicate(s) per evaluation, "
           "up to {} evaluation(s); {} run(s) at once with {} thread(s) each; {} run(s) already stored",
           spec.file, spec.model, spec.params.size(), spec.fit.size(), spec.held_out.size(), spec.replicates,
           spec.planned_evaluations(), rset.jobs, rset.threads, stored_before);
  for (const auto& t : spec.fit)
    if (t.synthetic)
      log.warn("target {} {} is a synthetic value from the calibration file ({}), not data", t.indicator, t.year, t.value);

  std::signal(SIGINT, xiaoda_calibrate_on_interrupt);
  std::signal(SIGTERM, xiaoda_calibrate_on_interrupt);
  Search search(spec, runner, store, log);
  std::vector<StageResult> stages;

  // 1. the start point
  std::vector<double> x0;
  for (const auto& p : spec.params) x0.push_back(p.start);
  search.evaluate({x0}, "start");
  stages.push_back(StageResult{"start", "", "evaluated", 1});

  // 2. Latin-hypercube screen (the sweep design), all points at once
  if (spec.screen_samples > 0) {
    StageResult st{"screen", "latin_hypercube", "", 0};
    const int n = std::min(spec.screen_samples, search.left());
    if (n <= 0) {
      st.stop = "skipped: the evaluation budget is spent";
    } else if (search.time_up()) {
      st.stop = "skipped: the time budget is spent";
    } else {
      sweep::SweepSpec ss;
      ss.model = spec.model;
      ss.design = sweep::Design::LatinHypercube;
      ss.samples = spec.screen_samples;
      ss.seed = spec.seed;
      for (const auto& p : spec.params) {
        sweep::Factor f;
        f.key = p.key;
        f.type = ParamType::Real;
        f.is_range = true;
        f.lo = p.lo;
        f.hi = p.hi;
        ss.factors.push_back(f);
      }
      const sweep::Plan plan = sweep::make_plan(ss);
      std::vector<std::vector<double>> xs;
      for (int i = 0; i < n; ++i) {
        std::vector<double> x;
        for (std::size_t j = 0; j < spec.params.size(); ++j)
          x.push_back(std::clamp(std::stod(plan.points[static_cast<std::size_t>(i)][j]), spec.params[j].lo, spec.params[j].hi));
        xs.push_back(std::move(x));
      }
      search.evaluate(xs, "screen");
      st.evaluations = n;
      st.stop = n < spec.screen_samples ? "stopped by the evaluation budget" : "evaluated";
    }
    stages.push_back(st);
  }
  if (!search.has_best()) {
    throw Error(fmt::format("every evaluation so far failed; the first error: {} (repeat that run: {})",
                            search.history().front().obj.error, search.history().front().command));
  }
  // 3. global, 4. local (NLopt), each from the best point so far
  if (spec.global.enabled) stages.push_back(run_stage(search, spec.global, "global", static_cast<unsigned>(spec.seed * 2 + 1)));
  if (spec.local.enabled) stages.push_back(run_stage(search, spec.local, "local", static_cast<unsigned>(spec.seed * 2 + 2)));
  const bool timed_out = search.time_up();
  const Eval best = search.best();

  // 5. identification and check at the optimum: all runs as one batch
  log.info("identification at the best point (evaluation {}): {} finite-difference point(s) x {} replicate(s), and {} "
           "run(s) with fresh seeds",
           best.n, 2 * spec.params.size(), spec.replicates, spec.check_seeds);
  const std::size_t k = spec.params.size();
  std::vector<double> xm(k), xp(k);
  std::vector<RunRequest> all;
  for (std::size_t j = 0; j < k; ++j) {
    const auto& p = spec.params[j];
    const double h = spec.fd_step * (p.hi - p.lo);
    xm[j] = std::max(p.lo, best.x[j] - h);
    xp[j] = std::min(p.hi, best.x[j] + h);
    auto lo = best.x, hi = best.x;
    lo[j] = xm[j];
    hi[j] = xp[j];
    for (auto& r : search.requests(lo, "identification", false)) all.push_back(r);
    for (auto& r : search.requests(hi, "identification", false)) all.push_back(r);
  }
  for (auto& r : search.requests(best.x, "check", true)) all.push_back(r);
  const auto values = runner.run(all);
  const auto R = static_cast<std::size_t>(spec.replicates);
  std::vector<std::vector<RunValues>> minus(k), plus(k);
  for (std::size_t j = 0; j < k; ++j) {
    minus[j].assign(values.begin() + static_cast<std::ptrdiff_t>(2 * j * R), values.begin() + static_cast<std::ptrdiff_t>((2 * j + 1) * R));
    plus[j].assign(values.begin() + static_cast<std::ptrdiff_t>((2 * j + 1) * R), values.begin() + static_cast<std::ptrdiff_t>((2 * j + 2) * R));
  }
  const std::vector<RunValues> check_runs(values.begin() + static_cast<std::ptrdiff_t>(2 * k * R), values.end());
  const Identification id = identify(spec, best.x, xm, xp, minus, plus);
  const ObjectiveValue check = spec.check_seeds > 0 ? objective(spec, check_runs, spec.seed) : ObjectiveValue{};

  // ---- outputs ---------------------------------------------------------------------------------
  CalibrateOutcome out;
  auto write = [&](const std::string& name, const std::string& text) {
    const std::string path = (d / name).string();
    write_file_atomic(path, text);
    out.files.push_back(path);
  };
  const auto fit = fit_lines(spec.fit, 0, best.obj);
  const auto held = fit_lines(spec.held_out, spec.fit.size(), best.obj);
  const auto check_fit = fit_lines(spec.fit, 0, check);
  const auto check_held = fit_lines(spec.held_out, spec.fit.size(), check);

  // evaluations.csv
  {
    std::vector<std::string> head = {"eval", "stage"};
    head.insert(head.end(), keys.begin(), keys.end());
    for (const char* h : {"objective", "objective_sd", "best_so_far", "failed", "command"}) head.push_back(h);
    std::string csv = sweep::csv_line(head);
    for (const auto& e : search.history()) {
      std::vector<std::string> row = {std::to_string(e.n), e.stage};
      for (double x : e.x) row.push_back(exact(x));
      for (const auto& v : {exact(e.obj.f), exact(e.obj.sd), exact(e.best_so_far), std::string(e.obj.failed ? "1" : "0"), e.command})
        row.push_back(v);
      csv += sweep::csv_line(row);
    }
    write("evaluations.csv", csv);
  }
  write("best.yaml", best_yaml(spec, dir, best));
  write("fit.csv", fit_csv(fit));
  const std::string fit_txt = fit_text(fit, true);
  write("fit.txt", fit_txt);
  std::string held_txt;
  if (!held.empty()) {
    write("held_out.csv", fit_csv(held));
    held_txt = fit_text(held, false);
    write("held_out.txt", held_txt);
  }
  write("identification.csv", identification_csv(spec, id));
  const std::string id_txt = identification_text(spec, id);
  write("identification.txt", id_txt);
  std::string check_txt;
  if (spec.check_seeds > 0) {
    std::vector<FitLine> both = check_fit;
    both.insert(both.end(), check_held.begin(), check_held.end());
    std::string csv = fit_csv(both);
    write("check.csv", csv);
    const double f = best.obj.f, sdf = check.sd;
    std::string verdict;
    if (check.failed) verdict = "runs with fresh seeds failed: " + check.error;
    else if (std::isnan(sdf)) verdict = "(one fresh seed: no noise estimate)";
    else if (check.f <= f + 2.0 * sdf) verdict = "within 2 sd of the calibrated objective: the fit does not hinge on the calibration seeds";
    else verdict = "more than 2 sd above the calibrated objective: the optimum partly fits the noise of the calibration seeds "
                   "(use more replicates)";
    check_txt = fmt::format("Check with {} fresh seeds (not the calibration seeds) at the best point: objective {} +- {} "
                            "(calibration seeds: {} +- {}): {}\n\nFit targets with fresh seeds:\n{}",
                            spec.check_seeds, num(check.f), num(check.sd), num(best.obj.f), num(best.obj.sd), verdict,
                            fit_text(check_fit, true));
    if (!check_held.empty()) check_txt += "\nHeld-out targets with fresh seeds:\n" + fit_text(check_held, false);
  }

  // noise of the objective: since when is the best within 2 sd of the final one?
  int within_noise_since = 0;
  if (std::isfinite(best.obj.sd))
    for (const auto& e : search.history())
      if (std::isfinite(e.best_so_far) && e.best_so_far - best.obj.f <= 2.0 * best.obj.sd) {
        within_noise_since = e.n;
        break;
      }

  const Eval& start = search.history().front();
  double wsum = 0;
  for (const auto& t : spec.fit) wsum += t.weight;
  std::string report = fmt::format("Calibration {}\n  model {}, base {}\n", spec.file, spec.model, spec.base);
  if (!spec.set.empty()) report += "  fixed: " + joined(spec.set) + "\n";
  report += fmt::format("Status: {}\n", timed_out ? "stopped by the time budget (max_minutes); run the same command again to continue"
                                                   : "completed");
  report += fmt::format("Evaluations: {} ({} replicate(s) each, common random numbers); distinct model runs: {}\n",
                        search.history().size(), spec.replicates, search.runs_used());
  for (const auto& st : stages)
    report += fmt::format("  {:<8} {:<16} {:>5} evaluation(s)  {}\n", st.name, st.algorithm, st.evaluations, st.stop);
  report += fmt::format("\nBest: evaluation {} ({}), objective {} +- {} (sum of weight x ((simulated - target) / tolerance)^2 "
                        "over {} target(s); rms z {:.3g}); start: {}\n",
                        best.n, best.stage, num(best.obj.f), num(best.obj.sd), spec.fit.size(),
                        std::sqrt(best.obj.f / std::max(wsum, 1e-300)), start.obj.failed ? "FAILED" : num(start.obj.f));
  for (std::size_t j = 0; j < k; ++j) {
    const auto& p = spec.params[j];
    report += fmt::format("  {:<44} {:<14} bounds [{}, {}], start {}{}{}\n", p.key, exact(best.x[j]), exact(p.lo), exact(p.hi),
                          exact(p.start), p.unit.empty() ? "" : ", " + p.unit,
                          p.prior_id.empty() ? "" : fmt::format(", prior {}: {}", p.prior_id, p.prior.count("value_or_range") ? p.prior.at("value_or_range") : ""));
  }
  if (std::isfinite(best.obj.sd))
    report += fmt::format("Noise: the objective's bootstrap sd over the replicates is {} at the best point; the best so far was "
                          "within 2 sd of the final best from evaluation {} on: later improvements are within the noise.\n",
                          num(best.obj.sd), within_noise_since);
  else
    report += "Noise: one replicate per evaluation gives no noise estimate of the objective (use replicates >= 2).\n";
  report += "\nFit targets (in the objective):\n" + fit_txt;
  if (!held_txt.empty()) report += "\nHeld-out targets (not in the objective):\n" + held_txt;
  if (!check_txt.empty()) report += "\n" + check_txt;
  report += "\n" + id_txt;
  const std::string run_best = fmt::format("xiaoda run {}/best.yaml --out {}/best_run", dir, dir);
  report += fmt::format("\nRun the best parameters: {}\nRepeat one run of the best evaluation: {}\n", run_best, best.command);
  write("report.txt", report);

  // result.json: everything deterministic (no times), the same after an interruption and resume
  nlohmann::json r;
  r["format"] = "xiaoda-calibration-result-1";
  r["calibration_file"] = spec.file;
  r["model"] = spec.model;
  r["status"] = timed_out ? "stopped by the time budget" : "completed";
  r["evaluations"] = search.history().size();
  r["model_runs"] = search.runs_used();
  nlohmann::json bj{{"eval", best.n}, {"stage", best.stage}, {"objective", jnum(best.obj.f)}, {"objective_sd", jnum(best.obj.sd)},
                    {"within_noise_since_eval", within_noise_since}};
  nlohmann::json params = nlohmann::json::array();
  for (std::size_t j = 0; j < k; ++j) {
    const auto& p = spec.params[j];
    bj["parameters"][p.key] = best.x[j];
    nlohmann::json pj{{"key", p.key}, {"value", best.x[j]}, {"start", p.start}, {"bounds", {p.lo, p.hi}}, {"weak", static_cast<bool>(id.weak[j])},
                      {"column_norm", jnum(id.norms[j])}, {"alone", jnum(id.alone[j])}, {"adjusting", jnum(id.adjusting[j])}};
    if (id.weak[j]) pj["weak_reason"] = id.weak_reason[j];
    if (!p.prior_id.empty()) pj["prior"] = p.prior;
    params.push_back(pj);
  }
  r["best"] = bj;
  r["start_objective"] = jnum(start.obj.f);
  r["parameters"] = params;
  nlohmann::json sj = nlohmann::json::array();
  for (const auto& st : stages) sj.push_back({{"stage", st.name}, {"algorithm", st.algorithm}, {"evaluations", st.evaluations}, {"stop", st.stop}});
  r["stages"] = sj;
  r["fit"] = fit_json(fit);
  r["held_out"] = fit_json(held);
  r["check"] = {{"objective", jnum(check.f)}, {"objective_sd", jnum(check.sd)}, {"fit", fit_json(check_fit)}, {"held_out", fit_json(check_held)}};
  nlohmann::json coll = nlohmann::json::array();
  for (const auto& p : id.collinear) coll.push_back({id.params[p.a], id.params[p.b], p.cosine});
  std::vector<double> eig(id.eigenvalues.data(), id.eigenvalues.data() + id.eigenvalues.size());
  nlohmann::json weak = nlohmann::json::array();
  for (std::size_t j = 0; j < k; ++j)
    if (id.weak[j]) weak.push_back(id.params[j]);
  r["identification"] = {{"weak", weak}, {"collinear", coll}, {"eigenvalues", eig}};
  r["commands"] = {{"run_best", run_best}, {"repeat_best_replicate_0", best.command}};
  write("result.json", r.dump(2) + "\n");

  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (options.plot) {
    std::string why;
    if (run_plot("plot_calibration.py", {dir}, why)) out.files.push_back((d / "convergence.png").string());
    else log.warn("no convergence.png: {} (evaluations.csv holds the data)", why);
  }

  out.evaluations = static_cast<int>(search.history().size());
  out.model_runs = static_cast<std::int64_t>(search.runs_used());
  out.executed = runner.executed();
  out.run_seconds = runner.run_seconds();
  out.jobs = runner.jobs();
  out.completed = !timed_out;
  out.status = r["status"].get<std::string>();
  out.best_objective = best.obj.f;
  out.best_sd = best.obj.sd;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string weak_list;
  for (const auto& w : weak) weak_list += (weak_list.empty() ? "" : ", ") + w.get<std::string>();
  out.summary = fmt::format(
      "calibrate {}: {}; {} evaluation(s), {} model run(s) ({} run now, {} from the database), {:.1f} s wall, {} at once\n"
      "best (evaluation {}): objective {} +- {} (start {})\n",
      dir, out.status, out.evaluations, out.model_runs, out.executed, out.model_runs - out.executed, out.seconds, out.jobs,
      best.n, num(best.obj.f), num(best.obj.sd), start.obj.failed ? "FAILED" : num(start.obj.f));
  for (std::size_t j = 0; j < k; ++j) out.summary += fmt::format("  {} = {}\n", spec.params[j].key, exact(best.x[j]));
  int inside = 0;
  for (const auto& l : fit) inside += l.inside() ? 1 : 0;
  out.summary += fmt::format("{} of {} fit targets inside their tolerance", inside, fit.size());
  if (!held.empty()) {
    int hin = 0;
    for (const auto& l : held) hin += l.inside() ? 1 : 0;
    out.summary += fmt::format("; held out: {} of {}", hin, held.size());
  }
  out.summary += "\n";
  if (!weak_list.empty()) out.summary += "weak (not pinned down by the targets): " + weak_list + "\n";
  for (const auto& p : id.collinear)
    out.summary += fmt::format("trade-off: {} and {} (cosine {:.3f}; see the identification report)\n", id.params[p.a],
                               id.params[p.b], p.cosine);
  out.summary += fmt::format("report: {}/report.txt; best scenario: {}/best.yaml\n", dir, dir);
  log.info("calibration finished in {:.1f} s: {} evaluation(s), {} model run(s) executed by this call ({:.1f} s of runs)",
           out.seconds, out.evaluations, out.executed, out.run_seconds);
  return out;
}

}  // namespace sim::calibrate
