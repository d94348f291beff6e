#include "sim/sweep/spec.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/error.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/sweep/csv.hpp"

namespace fs = std::filesystem;

namespace sim::sweep {

const char* design_name(Design d) {
  switch (d) {
    case Design::Grid: return "grid";
    case Design::LatinHypercube: return "latin_hypercube";
    case Design::Sobol: return "sobol";
    case Design::Morris: return "morris";
    case Design::Saltelli: return "saltelli";
    case Design::File: return "file";
  }
  return "?";
}

std::string format_value(ParamType type, double x) {
  if (type == ParamType::Int) return fmt::format("{}", static_cast<std::int64_t>(std::llround(x)));
  return fmt::format("{}", x);  // shortest text that reads back to the same double
}

namespace {

// Collects issues with positions in the sweep file.
struct Checker {
  std::string file;
  std::vector<ScenarioIssue> issues;
  void at(const YAML::Node& n, const std::string& key, std::string msg) {
    ScenarioIssue i{file, 0, 0, key, std::move(msg)};
    const auto m = n.Mark();
    if (!m.is_null()) {
      i.line = m.line + 1;
      i.column = m.column + 1;
    }
    issues.push_back(std::move(i));
  }
  void flush() {
    if (!issues.empty()) throw ScenarioError(std::move(issues));
  }
};

std::string nearest(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& k : known) {
    const std::size_t d = edit_distance(word, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return best_d <= std::max<std::size_t>(3, word.size() / 4) ? best : std::string{};
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

std::string unknown_msg(const std::string& what, const std::string& word, const std::vector<std::string>& known,
                        bool list_known = true, const std::string& where = "") {
  std::string msg = fmt::format("unknown {} '{}'{}", what, word, where);
  if (list_known) msg += " (known: " + joined(known) + ")";
  const std::string near = nearest(word, known);
  if (!near.empty()) msg += "; did you mean '" + near + "'?";
  return msg;
}

bool scalar_double(const YAML::Node& n, double& out) {
  if (!n || !n.IsScalar() || n.Scalar().empty()) return false;
  try {
    std::size_t used = 0;
    out = std::stod(n.Scalar(), &used);
    return used == n.Scalar().size() && std::isfinite(out);
  } catch (...) {
    return false;
  }
}

bool scalar_int(const YAML::Node& n, std::int64_t& out) {
  if (!n || !n.IsScalar() || n.Scalar().empty()) return false;
  try {
    std::size_t used = 0;
    out = std::stoll(n.Scalar(), &used);
    return used == n.Scalar().size();
  } catch (...) {
    return false;
  }
}

std::string found(const YAML::Node& n) {
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "nothing";
}

// Reads an integer field; adds an issue when it is not an integer in [lo, hi].
bool int_field(Checker& c, const YAML::Node& n, const std::string& key, std::int64_t lo, std::int64_t hi,
               std::int64_t& out) {
  if (!scalar_int(n, out)) {
    c.at(n, key, fmt::format("expected an integer in [{}, {}], found {}", lo, hi, found(n)));
    return false;
  }
  if (out < lo || out > hi) {
    c.at(n, key, fmt::format("value {} is out of range: expected an integer in [{}, {}]", out, lo, hi));
    return false;
  }
  return true;
}

std::vector<std::string> registry_keys(const ParamRegistry& reg) {
  std::vector<std::string> keys;
  for (const auto& s : reg.specs()) keys.push_back(s.key);
  return keys;
}

std::string range_text(const ParamSpec& s) {
  return s.range_string().empty() ? std::string{} : " in " + s.range_string() + (s.unit.empty() ? "" : " (" + s.unit + ")");
}

}  // namespace

std::string check_value(const std::string& base_yaml, const ParamSpec& spec, const std::string& value,
                        const ModelCatalog& catalog) {
  if (spec.type == ParamType::Real || spec.type == ParamType::Int) {
    YAML::Node n(value);
    if (spec.type == ParamType::Real) {
      double x = 0;
      if (!scalar_double(n, x)) return "expected a real number" + range_text(spec) + ", found '" + value + "'";
      if (x < spec.lo || x > spec.hi) return "value " + value + " is out of range: expected" + range_text(spec);
    } else {
      std::int64_t x = 0;
      if (!scalar_int(n, x)) return "expected an integer" + range_text(spec) + ", found '" + value + "'";
      if (static_cast<double>(x) < spec.lo || static_cast<double>(x) > spec.hi)
        return "value " + value + " is out of range: expected" + range_text(spec);
    }
    return {};
  }
  try {
    (void)load_scenario_text(base_yaml, "(base)", {spec.key + "=" + value}, catalog);
  } catch (const ScenarioError& e) {
    return e.issues().empty() ? std::string(e.what()) : e.issues().front().message;
  }
  return {};
}

namespace {

void read_plan_file(SweepSpec& s, const YAML::Node& where, Checker& c, const ParamRegistry& reg,
                    const ModelCatalog& catalog, std::vector<std::string>& columns,
                    std::vector<std::vector<std::string>>& rows) {
  std::ifstream in(s.plan_file);
  if (!in) {
    c.at(where, "design.file", "cannot open plan file '" + s.plan_file + "'");
    return;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const auto table = parse_csv(ss.str());
  std::vector<ScenarioIssue> issues;
  auto bad = [&](std::size_t line, std::size_t col, const std::string& key, std::string msg) {
    issues.push_back(ScenarioIssue{s.plan_file, static_cast<int>(line), static_cast<int>(col), key, std::move(msg)});
  };
  if (table.empty() || table.front().empty()) {
    bad(1, 1, "(header)", "expected a header row naming the parameters (one column per parameter key)");
    throw ScenarioError(std::move(issues));
  }
  columns = table.front();
  std::vector<const ParamSpec*> specs;
  const auto keys = registry_keys(reg);
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const ParamSpec* spec = reg.find(columns[j]);
    if (!spec) bad(1, j + 1, columns[j], unknown_msg("parameter", columns[j], keys, false));
    else if (spec->key == "run.seed")
      bad(1, j + 1, columns[j], "the seed of each run derives from the sweep seed: use `replicates` and `seed:` instead");
    for (std::size_t i = 0; i < j; ++i)
      if (columns[i] == columns[j]) bad(1, j + 1, columns[j], "column appears twice");
    specs.push_back(spec);
    s.file_types.push_back(spec ? spec->type : ParamType::Text);
  }
  if (!issues.empty()) throw ScenarioError(std::move(issues));
  std::map<std::pair<std::size_t, std::string>, std::string> checked;
  for (std::size_t i = 1; i < table.size(); ++i) {
    const auto& row = table[i];
    if (row.size() == 1 && row[0].empty()) continue;  // blank line
    if (row.size() != columns.size()) {
      bad(i + 1, 1, "(row)", fmt::format("expected {} values, found {}", columns.size(), row.size()));
      continue;
    }
    for (std::size_t j = 0; j < row.size(); ++j) {
      auto [it, fresh] = checked.try_emplace({j, row[j]});
      if (fresh) it->second = check_value(s.base_yaml, *specs[j], row[j], catalog);
      if (!it->second.empty()) bad(i + 1, j + 1, columns[j], it->second);
    }
    rows.push_back(row);
    if (issues.size() > 20) break;
  }
  if (rows.empty() && issues.empty()) bad(2, 1, "(rows)", "the plan file has a header but no rows");
  if (!issues.empty()) throw ScenarioError(std::move(issues));
}

}  // namespace

SweepSpec load_sweep_text(const std::string& yaml, const std::string& name, const std::string& dir,
                          const ModelCatalog& catalog) {
  SweepSpec s;
  s.file = name;
  s.text = yaml;
  Checker c{name, {}};
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& ex) {
    throw ScenarioError({ScenarioIssue{name, ex.mark.line + 1, ex.mark.column + 1, "(syntax)", "YAML syntax error: " + ex.msg}});
  }
  if (!root.IsMap() || !root["sweep"]) {
    throw ScenarioError({ScenarioIssue{name, 1, 1, "sweep", "a sweep file is a mapping with one key, 'sweep'"}});
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string k = it->first.as<std::string>();
    if (k != "sweep") c.at(it->first, k, unknown_msg("key", k, {"sweep"}) + " at the top level");
  }
  const YAML::Node sw = root["sweep"];
  if (!sw.IsMap()) {
    c.at(sw, "sweep", "expected a mapping with keys base, vary, design, ...");
    c.flush();
  }
  const std::vector<std::string> allowed = {"base", "description", "set", "vary", "design", "samples", "trajectories",
                                            "levels", "replicates", "seed", "record", "years"};
  for (auto it = sw.begin(); it != sw.end(); ++it) {
    const std::string k = it->first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      c.at(it->first, "sweep." + k, unknown_msg("key", k, allowed));
  }

  // ---- base scenario and fixed overrides -------------------------------------------------
  const YAML::Node base = sw["base"];
  if (!base) {
    c.issues.push_back(ScenarioIssue{name, 1, 1, "sweep.base", "required key is missing: expected the path of a scenario file"});
    c.flush();
  }
  if (!base.IsScalar() || base.Scalar().empty()) {
    c.at(base, "sweep.base", "expected the path of a scenario file, found " + found(base));
    c.flush();
  }
  fs::path bp = base.Scalar();
  if (bp.is_relative()) bp = fs::path(dir) / bp;
  if (!fs::exists(bp)) {
    c.at(base, "sweep.base", "scenario file '" + bp.string() + "' does not exist");
    c.flush();
  }
  s.base = fs::weakly_canonical(bp).string();
  const ResolvedScenario plain = load_scenario(s.base, {}, catalog);  // errors in the base name the base file
  s.model = plain.model;
  const ParamRegistry reg = catalog.registry(s.model);
  const auto keys = registry_keys(reg);
  const std::string plain_yaml = plain.params.to_yaml(s.model);

  std::set<std::string> fixed_keys;
  const std::size_t issues_before_set = c.issues.size();
  if (const YAML::Node set = sw["set"]) {
    if (!set.IsMap()) {
      c.at(set, "sweep.set", "expected a mapping of parameter keys to values, e.g. {run.end_year: 1990}");
    } else {
      for (auto it = set.begin(); it != set.end(); ++it) {
        const std::string k = it->first.as<std::string>();
        const ParamSpec* spec = reg.find(k);
        if (!spec) {
          c.at(it->first, "sweep.set." + k, unknown_msg("parameter", k, keys, false));
          continue;
        }
        if (!it->second.IsScalar()) {
          c.at(it->second, "sweep.set." + k, "expected a single value (write parameter keys in dotted form), found " + found(it->second));
          continue;
        }
        const std::string msg = check_value(plain_yaml, *spec, it->second.Scalar(), catalog);
        if (!msg.empty()) c.at(it->second, "sweep.set." + k, msg);
        s.set.push_back(k + "=" + it->second.Scalar());
        fixed_keys.insert(k);
      }
    }
  }
  if (c.issues.size() > issues_before_set) c.flush();  // the base with `set:` applied is needed below
  const ResolvedScenario rs = load_scenario(s.base, s.set, catalog);
  s.base_yaml = rs.params.to_yaml(s.model);
  s.start_year = static_cast<int>(rs.params.integer("run.start_year"));
  s.end_year = static_cast<int>(rs.params.integer("run.end_year"));

  // ---- design ------------------------------------------------------------------------------
  const YAML::Node design = sw["design"];
  const std::vector<std::string> designs = {"grid", "latin_hypercube", "sobol", "morris", "saltelli"};
  if (!design) {
    s.design = Design::Grid;
  } else if (design.IsMap()) {
    if (design.size() != 1 || !design["file"] || !design["file"].IsScalar()) {
      c.at(design, "sweep.design", "expected one of " + joined(designs) + ", or {file: plan.csv}");
    } else {
      s.design = Design::File;
      fs::path pp = design["file"].Scalar();
      if (pp.is_relative()) pp = fs::path(dir) / pp;
      s.plan_file = fs::weakly_canonical(pp).string();
    }
  } else if (design.IsScalar()) {
    const std::string d = design.Scalar();
    if (d == "grid") s.design = Design::Grid;
    else if (d == "latin_hypercube") s.design = Design::LatinHypercube;
    else if (d == "sobol") s.design = Design::Sobol;
    else if (d == "morris") s.design = Design::Morris;
    else if (d == "saltelli") s.design = Design::Saltelli;
    else if (d == "file") c.at(design, "sweep.design", "write the plan file as design: {file: plan.csv}");
    else c.at(design, "sweep.design", unknown_msg("design", d, designs) + ", or {file: plan.csv}");
  } else {
    c.at(design, "sweep.design", "expected one of " + joined(designs) + ", or {file: plan.csv}");
  }
  if (s.design == Design::File) {
    c.flush();
    read_plan_file(s, design["file"], c, reg, catalog, s.file_columns, s.file_rows);
  }
  const bool sampled = s.design == Design::LatinHypercube || s.design == Design::Sobol || s.design == Design::Saltelli;
  std::int64_t v = 0;
  if (const YAML::Node n = sw["samples"]) {
    if (!sampled) c.at(n, "sweep.samples", fmt::format("design {} takes no 'samples' (latin_hypercube, sobol and saltelli do)", design_name(s.design)));
    else if (int_field(c, n, "sweep.samples", 1, 10000000, v)) s.samples = static_cast<int>(v);
  } else if (sampled) {
    c.issues.push_back(ScenarioIssue{name, 1, 1, "sweep.samples", fmt::format("required key is missing: design {} needs 'samples' (number of sampled points)", design_name(s.design))});
  }
  if (const YAML::Node n = sw["trajectories"]) {
    if (s.design != Design::Morris) c.at(n, "sweep.trajectories", "only design morris takes 'trajectories'");
    else if (int_field(c, n, "sweep.trajectories", 2, 1000000, v)) s.trajectories = static_cast<int>(v);
  } else if (s.design == Design::Morris) {
    c.issues.push_back(ScenarioIssue{name, 1, 1, "sweep.trajectories", "required key is missing: design morris needs 'trajectories' (10 to 50 is usual)"});
  }
  if (const YAML::Node n = sw["levels"]) {
    if (s.design != Design::Morris) c.at(n, "sweep.levels", "only design morris takes 'levels'");
    else if (int_field(c, n, "sweep.levels", 2, 1000, v)) {
      if (v % 2 != 0) c.at(n, "sweep.levels", fmt::format("expected an even number of levels (4 is usual), found {}", v));
      s.levels = static_cast<int>(v);
    }
  }
  if (const YAML::Node n = sw["replicates"]) {
    if (int_field(c, n, "sweep.replicates", 1, 1000000, v)) s.replicates = static_cast<int>(v);
  }
  if (const YAML::Node n = sw["seed"]) {
    if (int_field(c, n, "sweep.seed", 0, std::numeric_limits<std::int64_t>::max(), v)) s.seed = static_cast<std::uint64_t>(v);
  }

  // ---- varied parameters ---------------------------------------------------------------------
  const YAML::Node vary = sw["vary"];
  if (s.design == Design::File) {
    if (vary) c.at(vary, "sweep.vary", "a plan file names the parameters in its header: remove 'vary' or use another design");
  } else if (!vary) {
    c.issues.push_back(ScenarioIssue{name, 1, 1, "sweep.vary", "required key is missing: expected a mapping of parameter keys to a list of values or {range: [lo, hi]}"});
  } else if (!vary.IsMap() || vary.size() == 0) {
    c.at(vary, "sweep.vary", "expected a mapping of parameter keys to a list of values or {range: [lo, hi]}");
  } else {
    for (auto it = vary.begin(); it != vary.end(); ++it) {
      const std::string k = it->first.as<std::string>();
      const std::string ik = "sweep.vary." + k;
      const ParamSpec* spec = reg.find(k);
      if (!spec) {
        c.at(it->first, ik, unknown_msg("parameter", k, keys, false, " in model '" + s.model + "'"));
        continue;
      }
      if (k == "run.seed") {
        c.at(it->first, ik, "the seed of each run derives from the sweep seed: use `replicates` and `seed:` instead");
        continue;
      }
      if (fixed_keys.count(k)) c.at(it->first, ik, "is both fixed in 'set' and varied in 'vary'");
      Factor f;
      f.key = k;
      f.type = spec->type;
      const YAML::Node val = it->second;
      if (val.IsSequence()) {
        if (val.size() == 0) c.at(val, ik, "expected at least one value");
        for (const auto& lv : val) {
          if (!lv.IsScalar()) {
            c.at(lv, ik, "expected a single value, found " + found(lv));
            continue;
          }
          const std::string msg = check_value(s.base_yaml, *spec, lv.Scalar(), catalog);
          if (!msg.empty()) c.at(lv, ik, msg);
          f.levels.push_back(lv.Scalar());
        }
      } else if (val.IsMap()) {
        for (auto jt = val.begin(); jt != val.end(); ++jt) {
          const std::string f2 = jt->first.as<std::string>();
          if (f2 != "range" && f2 != "steps") c.at(jt->first, ik + "." + f2, unknown_msg("field", f2, {"range", "steps"}));
        }
        const YAML::Node r = val["range"];
        double lo = 0, hi = 0;
        if (spec->type != ParamType::Real && spec->type != ParamType::Int) {
          c.at(val, ik, fmt::format("a range needs a real or integer parameter; '{}' is a {}: give a list of values", k, type_name(spec->type)));
          continue;
        }
        if (!r || !r.IsSequence() || r.size() != 2 || !scalar_double(r[0], lo) || !scalar_double(r[1], hi)) {
          const YAML::Node where = r ? r : val;
          c.at(where, ik + ".range", "expected [lo, hi] with two numbers");
          continue;
        }
        if (!(lo < hi)) c.at(r, ik + ".range", fmt::format("expected lo < hi, found [{}, {}]", lo, hi));
        if (lo < spec->lo || hi > spec->hi)
          c.at(r, ik + ".range", fmt::format("[{}, {}] leaves the declared range: expected values{}", lo, hi, range_text(*spec)));
        f.is_range = true;
        f.lo = lo;
        f.hi = hi;
        if (const YAML::Node st = val["steps"]) {
          if (s.design != Design::Grid) c.at(st, ik + ".steps", fmt::format("'steps' is for design grid; design {} samples the range", design_name(s.design)));
          else if (int_field(c, st, ik + ".steps", 2, 1000000, v)) f.steps = static_cast<int>(v);
        } else if (s.design == Design::Grid) {
          c.at(val, ik, "design grid needs a list of values or {range: [lo, hi], steps: N}");
        }
      } else if (val.IsScalar()) {
        c.at(val, ik, "expected a list of values or {range: [lo, hi]}; to fix a value for every run, put it under 'set'");
      } else {
        c.at(val, ik, "expected a list of values or {range: [lo, hi]}");
      }
      s.factors.push_back(std::move(f));
    }
    const bool any_range = std::any_of(s.factors.begin(), s.factors.end(), [](const Factor& f) { return f.is_range; });
    if (s.design != Design::Grid && !any_range && c.issues.empty())
      c.at(vary, "sweep.vary", fmt::format("design {} samples ranges: give at least one key as {{range: [lo, hi]}} (or use design grid)", design_name(s.design)));
  }

  // ---- what to record ----------------------------------------------------------------------
  std::vector<std::string> indicators;
  {
    Simulation sim(rs, *catalog.find(s.model));
    sim.setup();
    for (const auto& ind : sim.indicators()) indicators.push_back(ind.name);
  }
  if (const YAML::Node rec = sw["record"]) {
    if (!rec.IsSequence() || rec.size() == 0) {
      c.at(rec, "sweep.record", "expected a list of indicator names (known: " + joined(indicators) + ")");
    } else {
      for (const auto& n : rec) {
        if (!n.IsScalar()) { c.at(n, "sweep.record", "expected an indicator name, found " + found(n)); continue; }
        if (std::find(indicators.begin(), indicators.end(), n.Scalar()) == indicators.end())
          c.at(n, "sweep.record", unknown_msg("indicator", n.Scalar(), indicators) + " of model '" + s.model + "'");
        else if (std::find(s.record.begin(), s.record.end(), n.Scalar()) != s.record.end())
          c.at(n, "sweep.record", "indicator '" + n.Scalar() + "' is listed twice");
        else s.record.push_back(n.Scalar());
      }
    }
  } else {
    s.record = indicators;
  }
  if (const YAML::Node yrs = sw["years"]) {
    if (!yrs.IsSequence() || yrs.size() == 0) {
      c.at(yrs, "sweep.years", fmt::format("expected a list of years in [{}, {}]", s.start_year, s.end_year));
    } else {
      for (const auto& n : yrs) {
        std::int64_t y = 0;
        if (int_field(c, n, "sweep.years", s.start_year, s.end_year, y)) {
          if (std::find(s.years.begin(), s.years.end(), static_cast<int>(y)) != s.years.end())
            c.at(n, "sweep.years", fmt::format("year {} is listed twice", y));
          else s.years.push_back(static_cast<int>(y));
        }
      }
    }
  } else {
    for (int y = s.start_year; y <= s.end_year; ++y) s.years.push_back(y);
  }
  for (const auto& f : s.factors)
    if (f.key == "run.start_year" || f.key == "run.end_year")
      c.at(vary[f.key], "sweep.vary." + f.key, "the calendar is shared by every run of a sweep: fix it under 'set'");
  c.flush();
  return s;
}

SweepSpec load_sweep(const std::string& path, const ModelCatalog& catalog) {
  if (!fs::exists(path)) throw ScenarioError({ScenarioIssue{path, 0, 0, "(file)", "sweep file does not exist"}});
  const fs::path p = fs::weakly_canonical(path);
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return load_sweep_text(ss.str(), p.string(), p.parent_path().string(), catalog);
}

}  // namespace sim::sweep
