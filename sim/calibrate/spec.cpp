#include "sim/calibrate/spec.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "sim/calibrate/check.hpp"
#include "sim/error.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/sweep/csv.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/spec.hpp"
#include "sim/targets.hpp"

namespace fs = std::filesystem;

namespace sim::calibrate {

double TargetSpec::scale() const { return relative ? std::abs(value) * tolerance : tolerance; }

std::string TargetSpec::source() const { return synthetic ? "synthetic (calibration file)" : "targets file"; }

const char* algorithm_name(Algorithm a) {
  switch (a) {
    case Algorithm::Crs2: return "crs2";
    case Algorithm::Isres: return "isres";
    case Algorithm::Bobyqa: return "bobyqa";
    case Algorithm::Sbplx: return "sbplx";
  }
  return "?";
}

std::string CalibrationSpec::model_hash() const { return sweep::fnv1a_hex("model " + model + "\n" + base_yaml); }

std::vector<std::pair<std::string, int>> CalibrationSpec::series() const {
  std::vector<std::pair<std::string, int>> out;
  for (const auto* list : {&fit, &held_out})
    for (const auto& t : *list) {
      const std::pair<std::string, int> s{t.indicator, t.year};
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
  return out;
}

int CalibrationSpec::planned_evaluations() const {
  const int stages = 1 + screen_samples + (global.enabled ? global.max_evaluations : 0) +
                     (local.enabled ? local.max_evaluations : 0);
  return max_evaluations > 0 ? std::min(max_evaluations, stages) : stages;
}

std::uint32_t replicate_seed(std::uint64_t calibration_seed, int r) { return sweep::run_seed(calibration_seed, 0, r); }
std::uint32_t check_seed(std::uint64_t calibration_seed, int r) { return sweep::run_seed(calibration_seed, 1, r); }

std::vector<std::string> model_indicators(const std::string& base_yaml, const std::string& name,
                                          const ModelCatalog& catalog) {
  const ResolvedScenario rs = load_scenario_text(base_yaml, name, {}, catalog);
  Simulation sim(rs, *catalog.find(rs.model));
  sim.setup();
  std::vector<std::string> out;
  for (const auto& ind : sim.indicators()) out.push_back(ind.name);
  return out;
}

namespace {

fs::path resolve_path(const std::string& dir, const std::string& p) {
  fs::path path = p;
  if (path.is_relative()) path = fs::path(dir) / path;
  return fs::weakly_canonical(path);
}

// ---- targets -------------------------------------------------------------------------------------

struct TargetFile {
  std::vector<Target> rows;
  bool ok = false;
};

void read_target_list(Checker& c, const YAML::Node& list, const std::string& key, bool held_out,
                      const std::vector<std::string>& indicators, const TargetFile& tf, const std::string& scope,
                      const CalibrationSpec& s, std::vector<TargetSpec>& out) {
  if (!list.IsSequence() || list.size() == 0) {
    c.at(list, key,
         "expected a list of targets, e.g. - {indicator: urbanization_rate, year: 2013, tolerance: 3}, found " +
             found(list));
    return;
  }
  std::vector<std::string> allowed = {"indicator", "year", "tolerance", "synthetic_value"};
  if (!held_out) allowed.push_back("weight");
  std::vector<std::string> file_indicators;
  for (const auto& r : tf.rows)
    if (r.scope == scope && std::find(file_indicators.begin(), file_indicators.end(), r.indicator) == file_indicators.end())
      file_indicators.push_back(r.indicator);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node e = list[i];
    const std::string ek = fmt::format("{}[{}]", key, i);
    if (!e.IsMap()) {
      c.at(e, ek, "expected a mapping {indicator: NAME, year: YEAR, tolerance: T}, found " + found(e));
      continue;
    }
    for (auto it = e.begin(); it != e.end(); ++it) {
      const std::string k = it->first.as<std::string>();
      if (k == "value") {
        c.at(it->first, ek + ".value",
             "target values are read from the targets file, never copied here; for a known-answer (synthetic) "
             "target write synthetic_value");
      } else if (k == "weight" && held_out) {
        c.at(it->first, ek + ".weight", "held-out targets are not in the objective and take no weight");
      } else if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
        c.at(it->first, ek + "." + k, unknown_msg("key", k, allowed));
      }
    }
    TargetSpec t;
    bool ok = true;
    const YAML::Node ind = e["indicator"];
    if (!ind) {
      c.at(e, ek + ".indicator", "required key is missing: expected an indicator name of model '" + s.model + "'");
      ok = false;
    } else if (!ind.IsScalar() || ind.Scalar().empty()) {
      c.at(ind, ek + ".indicator", "expected an indicator name, found " + found(ind));
      ok = false;
    } else {
      t.indicator = ind.Scalar();
      if (std::find(indicators.begin(), indicators.end(), t.indicator) == indicators.end()) {
        c.at(ind, ek + ".indicator", unknown_msg("indicator", t.indicator, indicators, false,
                                                     " of model '" + s.model + "' (`xiaoda describe " + s.model +
                                                         "` lists its indicators)"));
        ok = false;
      }
    }
    const YAML::Node yr = e["year"];
    std::int64_t y = 0;
    if (!yr) {
      c.at(e, ek + ".year", fmt::format("required key is missing: expected a year in [{}, {}]", s.start_year, s.end_year));
      ok = false;
    } else if (!int_field(c, yr, ek + ".year", s.start_year, s.end_year, y)) {
      ok = false;
    }
    t.year = static_cast<int>(y);
    // value: synthetic, or the row of the targets file
    const YAML::Node syn = e["synthetic_value"];
    if (syn) {
      double v = 0;
      if (!scalar_double(syn, v)) {
        c.at(syn, ek + ".synthetic_value", "expected a number, found " + found(syn));
        ok = false;
      }
      t.value = v;
      t.synthetic = true;
    } else if (ok) {
      if (!tf.ok) {
        c.at(e, ek, "no targets file to read the value from: give targets.file (or synthetic_value for a known-answer test)");
        ok = false;
      } else {
        const Target* row = nullptr;
        std::vector<std::string> years;
        for (const auto& r : tf.rows) {
          if (r.scope != scope || r.indicator != t.indicator) continue;
          years.push_back(std::to_string(r.year));
          if (r.year == t.year) row = &r;
        }
        if (years.empty()) {
          std::string msg = fmt::format("the targets file {} has no indicator '{}' in scope '{}'", s.targets_file,
                                        t.indicator, scope);
          const std::string near = nearest(t.indicator, file_indicators);
          if (!near.empty()) msg += "; did you mean '" + near + "'?";
          c.at(ind, ek + ".indicator", msg);
          ok = false;
        } else if (!row) {
          c.at(yr, ek + ".year", fmt::format("the targets file has no row for '{}' in {} (scope '{}'; years with a row: {})",
                                            t.indicator, t.year, scope, joined(years)));
          ok = false;
        } else {
          t.value = row->value;
          t.unit = row->unit;
          t.note = row->note;
        }
      }
    }
    // tolerance
    const YAML::Node tol = e["tolerance"];
    if (!tol) {
      c.at(e, ek + ".tolerance",
           "required key is missing: expected a tolerance, absolute in the indicator's unit (3 = 3 points of a "
           "percentage) or relative to the target ('5%')");
      ok = false;
    } else if (!tol.IsScalar() || tol.Scalar().empty()) {
      c.at(tol, ek + ".tolerance", "expected a number or a percentage such as 5%, found " + found(tol));
      ok = false;
    } else {
      std::string txt = tol.Scalar();
      t.tolerance_text = txt;
      t.relative = txt.back() == '%';
      if (t.relative) txt.pop_back();
      double v = 0;
      if (!scalar_double(YAML::Node(txt), v) || !(v > 0)) {
        c.at(tol, ek + ".tolerance", "expected a positive number (absolute) or a positive percentage such as 5% (relative), found '" +
                                          tol.Scalar() + "'");
        ok = false;
      } else {
        t.tolerance = t.relative ? v / 100.0 : v;
        if (t.relative && ok && t.value == 0.0) {
          c.at(tol, ek + ".tolerance", "a relative tolerance needs a non-zero target value; give an absolute tolerance");
          ok = false;
        }
      }
    }
    if (const YAML::Node w = e["weight"]; w && !held_out) {
      double v = 0;
      if (real_field(c, w, ek + ".weight", 0.0, 1e12, v, true)) t.weight = v;
      else ok = false;
    }
    if (ok) out.push_back(std::move(t));
  }
}

// ---- optimiser stages ----------------------------------------------------------------------------

void read_stage(Checker& c, const YAML::Node& n, const std::string& key, bool global, StageSpec& st) {
  if (!n.IsMap()) {
    c.at(n, key, fmt::format("expected a mapping such as {{algorithm: {}, max_evaluations: 100}}", global ? "crs2" : "bobyqa"));
    return;
  }
  const std::vector<std::string> algos = global ? std::vector<std::string>{"crs2", "isres"}
                                                : std::vector<std::string>{"bobyqa", "sbplx"};
  const std::vector<std::string> allowed =
      global ? std::vector<std::string>{"algorithm", "max_evaluations", "population", "ftol_abs"}
             : std::vector<std::string>{"algorithm", "max_evaluations", "initial_step", "xtol", "ftol_abs"};
  check_keys(c, n, key, allowed);
  st.enabled = true;
  const YAML::Node a = n["algorithm"];
  if (!a) {
    c.at(n, key + ".algorithm", "required key is missing: expected one of " + joined(algos));
  } else if (!a.IsScalar()) {
    c.at(a, key + ".algorithm", "expected one of " + joined(algos) + ", found " + found(a));
  } else {
    const std::string name = a.Scalar();
    if (name == "crs2") st.algorithm = Algorithm::Crs2;
    else if (name == "isres") st.algorithm = Algorithm::Isres;
    else if (name == "bobyqa") st.algorithm = Algorithm::Bobyqa;
    else if (name == "sbplx") st.algorithm = Algorithm::Sbplx;
    bool fits = std::find(algos.begin(), algos.end(), name) != algos.end();
    if (!fits) {
      const std::vector<std::string> other = global ? std::vector<std::string>{"bobyqa", "sbplx"}
                                                    : std::vector<std::string>{"crs2", "isres"};
      std::string msg = std::find(other.begin(), other.end(), name) != other.end()
                            ? fmt::format("'{}' is a {} optimiser: expected one of {} here", name, global ? "local" : "global", joined(algos))
                            : unknown_msg("algorithm", name, algos);
      c.at(a, key + ".algorithm", msg);
    }
  }
  std::int64_t v = 0;
  if (const YAML::Node m = n["max_evaluations"]) {
    if (int_field(c, m, key + ".max_evaluations", 1, 10000000, v)) st.max_evaluations = static_cast<int>(v);
  } else {
    c.at(n, key + ".max_evaluations", "required key is missing: expected the number of evaluations this stage may use");
  }
  if (const YAML::Node p = n["population"]) {
    if (int_field(c, p, key + ".population", 0, 10000000, v)) st.population = static_cast<int>(v);
  }
  double x = 0;
  if (const YAML::Node p = n["initial_step"]) {
    if (real_field(c, p, key + ".initial_step", 0.0, 1.0, x, true)) st.initial_step = x;
  }
  if (const YAML::Node p = n["xtol"]) {
    if (real_field(c, p, key + ".xtol", 0.0, 1.0, x)) st.xtol = x;
  }
  if (const YAML::Node p = n["ftol_abs"]) {
    if (real_field(c, p, key + ".ftol_abs", 0.0, 1e300, x)) st.ftol_abs = x;
  }
}

}  // namespace

CalibrationSpec load_calibration_text(const std::string& yaml, const std::string& name, const std::string& dir,
                                      const ModelCatalog& catalog) {
  CalibrationSpec s;
  s.file = name;
  s.dir = dir;
  s.text = yaml;
  Checker c{name, {}};
  const YAML::Node root = parse_yaml_file(yaml, name);
  if (!root.IsMap() || !root["calibration"])
    throw ScenarioError({ScenarioIssue{name, 1, 1, "calibration", "a calibration file is a mapping with one key, 'calibration'"}});
  check_keys(c, root, "", {"calibration"});
  const YAML::Node cal = root["calibration"];
  if (!cal.IsMap()) {
    c.at(cal, "calibration", "expected a mapping with keys base, parameters, targets, optimizer, ...");
    c.flush();
  }
  check_keys(c, cal, "calibration",
             {"description", "base", "set", "parameters", "targets", "priors", "replicates", "seed", "optimizer", "budget",
              "identification"});
  if (const YAML::Node d = cal["description"]) s.description = d.IsScalar() ? d.Scalar() : "";

  // ---- base scenario and fixed overrides -------------------------------------------------------
  const YAML::Node base = cal["base"];
  if (!base) {
    c.missing("calibration.base", "required key is missing: expected the path of a scenario file");
    c.flush();
  }
  if (!base.IsScalar() || base.Scalar().empty()) {
    c.at(base, "calibration.base", "expected the path of a scenario file, found " + found(base));
    c.flush();
  }
  const fs::path bp = resolve_path(dir, base.Scalar());
  if (!fs::exists(bp)) {
    c.at(base, "calibration.base", "scenario file '" + bp.string() + "' does not exist");
    c.flush();
  }
  s.base = bp.string();
  const ResolvedScenario plain = load_scenario(s.base, {}, catalog);  // errors in the base name the base file
  s.model = plain.model;
  const ParamRegistry reg = catalog.registry(s.model);
  const auto keys = registry_keys(reg);
  const std::string plain_yaml = plain.params.to_yaml(s.model);
  std::set<std::string> fixed;
  if (const YAML::Node set = cal["set"]) {
    if (!set.IsMap()) {
      c.at(set, "calibration.set", "expected a mapping of parameter keys to values, e.g. {zhejiang.scale: 1000}");
    } else {
      for (auto it = set.begin(); it != set.end(); ++it) {
        const std::string k = it->first.as<std::string>();
        const ParamSpec* spec = reg.find(k);
        if (!spec) {
          c.at(it->first, "calibration.set." + k, unknown_msg("parameter", k, keys, false, " in model '" + s.model + "'"));
          continue;
        }
        if (k == "run.seed") {
          c.at(it->first, "calibration.set.run.seed", "the seeds of the runs derive from the calibration seed: use 'seed:'");
          continue;
        }
        if (!it->second.IsScalar()) {
          c.at(it->second, "calibration.set." + k, "expected a single value (write parameter keys in dotted form), found " + found(it->second));
          continue;
        }
        const std::string msg = sweep::check_value(plain_yaml, *spec, it->second.Scalar(), catalog);
        if (!msg.empty()) c.at(it->second, "calibration.set." + k, msg);
        s.set.push_back(k + "=" + it->second.Scalar());
        fixed.insert(k);
      }
    }
  }
  c.flush();  // the base with `set` applied is needed below
  const ResolvedScenario rs = load_scenario(s.base, s.set, catalog);
  s.base_yaml = rs.params.to_yaml(s.model);
  s.start_year = static_cast<int>(rs.params.integer("run.start_year"));
  s.end_year = static_cast<int>(rs.params.integer("run.end_year"));
  { Simulation check(rs, *catalog.find(s.model)); }  // the calendar

  // ---- priors file -----------------------------------------------------------------------------
  std::vector<std::vector<std::string>> prior_rows;
  std::vector<std::string> prior_ids;
  if (const YAML::Node pf = cal["priors"]) {
    std::string p;
    if (text_field(c, pf, "calibration.priors", p)) {
      s.priors_file = resolve_path(dir, p).string();
      if (!fs::exists(s.priors_file)) {
        c.at(pf, "calibration.priors", "priors file '" + s.priors_file + "' does not exist");
      } else {
        prior_rows = sweep::parse_csv(read_input_file(s.priors_file, "priors file"));
        if (prior_rows.empty() || prior_rows[0].empty() || prior_rows[0][0] != "id") {
          c.at(pf, "calibration.priors", "expected a CSV whose first column is 'id' (id,parameter,value_or_range,...)");
          prior_rows.clear();
        }
        for (std::size_t i = 1; i < prior_rows.size(); ++i)
          if (!prior_rows[i].empty() && !prior_rows[i][0].empty()) prior_ids.push_back(prior_rows[i][0]);
      }
    }
  }

  // ---- free parameters ---------------------------------------------------------------------------
  const YAML::Node params = cal["parameters"];
  if (!params) {
    c.missing("calibration.parameters",
              "required key is missing: expected a mapping of parameter keys to {bounds: [lo, hi], start: x}");
  } else if (!params.IsMap() || params.size() == 0) {
    c.at(params, "calibration.parameters", "expected a mapping of parameter keys to {bounds: [lo, hi], start: x}");
  } else {
    for (auto it = params.begin(); it != params.end(); ++it) {
      const std::string k = it->first.as<std::string>();
      const std::string pk = "calibration.parameters." + k;
      const ParamSpec* spec = reg.find(k);
      if (!spec) {
        c.at(it->first, pk, unknown_msg("parameter", k, keys, false, " in model '" + s.model + "'"));
        continue;
      }
      if (k.rfind("run.", 0) == 0) {
        c.at(it->first, pk, "run settings cannot be calibrated (the seeds derive from 'seed:'; fix the calendar under 'set')");
        continue;
      }
      if (spec->type != ParamType::Real) {
        c.at(it->first, pk, fmt::format("only real parameters can be calibrated; '{}' is of type {}: fix it under 'set' or sweep it",
                                        k, type_name(spec->type)));
        continue;
      }
      if (fixed.count(k)) c.at(it->first, pk, "is both fixed in 'set' and free in 'parameters'");
      const YAML::Node v = it->second;
      if (!v.IsMap()) {
        c.at(v, pk, "expected a mapping {bounds: [lo, hi], start: x, prior: ID}, found " + found(v));
        continue;
      }
      for (auto jt = v.begin(); jt != v.end(); ++jt) {
        const std::string f = jt->first.as<std::string>();
        if (f == "range") c.at(jt->first, pk + ".range", "write bounds: [lo, hi] (a calibration searches within bounds)");
        else if (f != "bounds" && f != "start" && f != "prior") c.at(jt->first, pk + "." + f, unknown_msg("key", f, {"bounds", "start", "prior"}));
      }
      FreeParam fp;
      fp.key = k;
      fp.unit = spec->unit;
      fp.doc = spec->doc;
      fp.declared_lo = spec->lo;
      fp.declared_hi = spec->hi;
      const YAML::Node b = v["bounds"];
      double lo = 0, hi = 0;
      bool ok = true;
      if (!b) {
        c.at(v, pk + ".bounds", "required key is missing: expected bounds: [lo, hi] inside the declared range" + declared_range(*spec));
        ok = false;
      } else if (!b.IsSequence() || b.size() != 2 || !scalar_double(b[0], lo) || !scalar_double(b[1], hi)) {
        c.at(b, pk + ".bounds", "expected [lo, hi] with two numbers");
        ok = false;
      } else if (!(lo < hi)) {
        c.at(b, pk + ".bounds", fmt::format("expected lo < hi, found [{}, {}]", lo, hi));
        ok = false;
      } else if (lo < spec->lo || hi > spec->hi) {
        c.at(b, pk + ".bounds", fmt::format("[{}, {}] leaves the declared range: expected bounds{}", lo, hi, declared_range(*spec)));
        ok = false;
      }
      fp.lo = lo;
      fp.hi = hi;
      if (const YAML::Node st = v["start"]) {
        double x = 0;
        fp.start_from_base = false;
        if (!scalar_double(st, x)) c.at(st, pk + ".start", "expected a number, found " + found(st));
        else if (ok && (x < lo || x > hi)) c.at(st, pk + ".start", fmt::format("start {} lies outside the bounds [{}, {}]", x, lo, hi));
        fp.start = x;
      } else if (ok) {
        fp.start = rs.params.real(k);
        if (fp.start < lo || fp.start > hi)
          c.at(b, pk + ".bounds", fmt::format("the base scenario's value {} lies outside the bounds [{}, {}]: give start: x inside them",
                                              fp.start, lo, hi));
      }
      if (const YAML::Node pr = v["prior"]) {
        std::string id;
        if (text_field(c, pr, pk + ".prior", id)) {
          fp.prior_id = id;
          if (s.priors_file.empty()) {
            c.at(pr, pk + ".prior", "a prior id needs the priors file: add priors: PATH (e.g. data/parameter_priors.csv)");
          } else if (!prior_rows.empty()) {
            bool hit = false;
            for (std::size_t i = 1; i < prior_rows.size(); ++i)
              if (!prior_rows[i].empty() && prior_rows[i][0] == id) {
                for (std::size_t j = 0; j < prior_rows[0].size() && j < prior_rows[i].size(); ++j)
                  fp.prior[prior_rows[0][j]] = prior_rows[i][j];
                hit = true;
              }
            if (!hit) c.at(pr, pk + ".prior", unknown_msg("prior id", id, prior_ids, false, " in " + s.priors_file));
          }
        }
      }
      s.params.push_back(std::move(fp));
    }
  }

  // ---- targets -----------------------------------------------------------------------------------
  const std::vector<std::string> indicators = model_indicators(s.base_yaml, s.base, catalog);
  const YAML::Node targets = cal["targets"];
  if (!targets) {
    c.missing("calibration.targets", "required key is missing: expected {fit: [...], held_out: [...]} (file and scope optional)");
  } else if (!targets.IsMap()) {
    c.at(targets, "calibration.targets", "expected a mapping {file: PATH, scope: NAME, fit: [...], held_out: [...]}");
  } else {
    check_keys(c, targets, "calibration.targets", {"file", "scope", "fit", "held_out"});
    TargetFile tf;
    const YAML::Node tfile = targets["file"];
    std::string tpath;
    if (tfile) {
      if (text_field(c, tfile, "calibration.targets.file", tpath)) tpath = resolve_path(dir, tpath).string();
    } else {
      tpath = rs.params.text("run.targets");
    }
    s.scope = rs.params.text("run.target_scope");
    if (const YAML::Node sc = targets["scope"]) text_field(c, sc, "calibration.targets.scope", s.scope);
    bool needs_file = false;
    for (const char* list : {"fit", "held_out"})
      if (const YAML::Node l = targets[list]; l && l.IsSequence())
        for (const auto& e : l)
          if (e.IsMap() && !e["synthetic_value"]) needs_file = true;
    if (!tpath.empty()) {
      s.targets_file = tpath;
      if (!fs::exists(tpath)) {
        c.at(tfile ? tfile : targets, "calibration.targets.file", "targets file '" + tpath + "' does not exist");
      } else {
        try {
          tf.rows = read_targets(tpath);
          tf.ok = true;
        } catch (const Error& e) {
          c.at(tfile ? tfile : targets, "calibration.targets.file", e.what());
        }
      }
      if (tf.ok && needs_file) {
        std::vector<std::string> scopes;
        for (const auto& r : tf.rows)
          if (std::find(scopes.begin(), scopes.end(), r.scope) == scopes.end()) scopes.push_back(r.scope);
        if (s.scope.empty()) {
          c.at(targets, "calibration.targets.scope", "no scope: give scope: NAME (scopes in the file: " + joined(scopes) + ")");
          tf.ok = false;
        } else if (std::find(scopes.begin(), scopes.end(), s.scope) == scopes.end()) {
          c.at(targets["scope"] ? targets["scope"] : targets, "calibration.targets.scope",
               unknown_msg("scope", s.scope, scopes, true, " in " + tpath));
          tf.ok = false;
        }
      }
    } else if (needs_file) {
      c.at(targets, "calibration.targets.file",
           "the base scenario sets no run.targets: give file: PATH (relative to this file)");
    }
    const YAML::Node fit = targets["fit"];
    if (!fit) c.at(targets, "calibration.targets.fit", "required key is missing: expected the list of targets of the objective");
    else read_target_list(c, fit, "calibration.targets.fit", false, indicators, tf, s.scope, s, s.fit);
    if (const YAML::Node ho = targets["held_out"])
      read_target_list(c, ho, "calibration.targets.held_out", true, indicators, tf, s.scope, s, s.held_out);
    std::set<std::pair<std::string, int>> seen;
    for (auto* list : {&s.fit, &s.held_out})
      for (const auto& t : *list)
        if (!seen.insert({t.indicator, t.year}).second)
          c.missing("calibration.targets", fmt::format("target {} {} is listed twice (in fit or held_out)", t.indicator, t.year));
  }

  // ---- replicates, seed ----------------------------------------------------------------------------
  std::int64_t v = 0;
  if (const YAML::Node n = cal["replicates"]) {
    if (int_field(c, n, "calibration.replicates", 1, 100000, v)) s.replicates = static_cast<int>(v);
  }
  if (const YAML::Node n = cal["seed"]) {
    if (int_field(c, n, "calibration.seed", 0, std::numeric_limits<std::int64_t>::max(), v)) s.seed = static_cast<std::uint64_t>(v);
  }

  // ---- optimiser -----------------------------------------------------------------------------------
  const YAML::Node opt = cal["optimizer"];
  if (!opt) {
    c.missing("calibration.optimizer",
              "required key is missing: expected {screen: {samples: N}, global: {algorithm: crs2|isres, max_evaluations: N}, "
              "local: {algorithm: bobyqa|sbplx, max_evaluations: N}} (global and/or local)");
  } else if (!opt.IsMap()) {
    c.at(opt, "calibration.optimizer", "expected a mapping with keys screen, global, local");
  } else {
    check_keys(c, opt, "calibration.optimizer", {"screen", "global", "local"});
    if (const YAML::Node sc = opt["screen"]) {
      if (!sc.IsMap()) {
        c.at(sc, "calibration.optimizer.screen", "expected {samples: N} (a Latin hypercube of N points over the bounds)");
      } else {
        check_keys(c, sc, "calibration.optimizer.screen", {"samples"});
        if (const YAML::Node n = sc["samples"]) {
          if (int_field(c, n, "calibration.optimizer.screen.samples", 1, 1000000, v)) s.screen_samples = static_cast<int>(v);
        } else {
          c.at(sc, "calibration.optimizer.screen.samples", "required key is missing: expected the number of points of the screen");
        }
      }
    }
    if (const YAML::Node g = opt["global"]) read_stage(c, g, "calibration.optimizer.global", true, s.global);
    if (const YAML::Node l = opt["local"]) read_stage(c, l, "calibration.optimizer.local", false, s.local);
    if (!opt["global"] && !opt["local"])
      c.at(opt, "calibration.optimizer", "expected a global stage (crs2 or isres), a local stage (bobyqa or sbplx), or both");
    if (s.local.enabled && s.local.algorithm == Algorithm::Bobyqa && s.params.size() == 1)
      c.at(opt["local"], "calibration.optimizer.local.algorithm", "bobyqa needs at least two free parameters: use sbplx for one");
  }

  // ---- budget, identification ----------------------------------------------------------------------
  if (const YAML::Node b = cal["budget"]) {
    if (!b.IsMap()) {
      c.at(b, "calibration.budget", "expected {max_evaluations: N, max_minutes: M}");
    } else {
      check_keys(c, b, "calibration.budget", {"max_evaluations", "max_minutes"});
      if (const YAML::Node n = b["max_evaluations"])
        if (int_field(c, n, "calibration.budget.max_evaluations", 1, 100000000, v)) s.max_evaluations = static_cast<int>(v);
      double x = 0;
      if (const YAML::Node n = b["max_minutes"])
        if (real_field(c, n, "calibration.budget.max_minutes", 0.0, 1e9, x, true)) s.max_minutes = x;
    }
  }
  if (const YAML::Node idn = cal["identification"]) {
    if (!idn.IsMap()) {
      c.at(idn, "calibration.identification", "expected {step: 0.05, check_seeds: 5, weak_threshold: 1, collinear_threshold: 0.95}");
    } else {
      check_keys(c, idn, "calibration.identification", {"step", "check_seeds", "weak_threshold", "collinear_threshold"});
      double x = 0;
      if (const YAML::Node n = idn["step"])
        if (real_field(c, n, "calibration.identification.step", 0.0, 0.5, x, true)) s.fd_step = x;
      if (const YAML::Node n = idn["check_seeds"])
        if (int_field(c, n, "calibration.identification.check_seeds", 0, 100000, v)) s.check_seeds = static_cast<int>(v);
      if (const YAML::Node n = idn["weak_threshold"])
        if (real_field(c, n, "calibration.identification.weak_threshold", 0.0, 1e12, x, true)) s.weak_threshold = x;
      if (const YAML::Node n = idn["collinear_threshold"])
        if (real_field(c, n, "calibration.identification.collinear_threshold", 0.0, 1.0, x, true, true)) s.collinear_threshold = x;
    }
  }
  c.flush();
  return s;
}

CalibrationSpec load_calibration(const std::string& path, const ModelCatalog& catalog) {
  const std::string text = read_input_file(path, "calibration file");
  const fs::path p = fs::weakly_canonical(path);
  return load_calibration_text(text, p.string(), p.parent_path().string(), catalog);
}

}  // namespace sim::calibrate
