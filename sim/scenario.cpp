#include "sim/scenario.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/error.hpp"

namespace fs = std::filesystem;

namespace sim {

std::string ScenarioIssue::format() const {
  std::string where = file;
  if (line > 0) where += fmt::format(":{}:{}", line, column);
  return fmt::format("{}: error: key '{}': {}", where, key, message);
}

static std::string join_issues(const std::vector<ScenarioIssue>& issues) {
  std::string s;
  for (std::size_t i = 0; i < issues.size(); ++i) s += (i ? "\n" : "") + issues[i].format();
  return s;
}

ScenarioError::ScenarioError(std::vector<ScenarioIssue> issues)
    : Error(join_issues(issues)), issues_(std::move(issues)) {}

namespace {

struct Entry {
  YAML::Node node;
  std::string file;
  int line = 0, col = 0;
  std::string base_dir;  // for relative paths
};

struct Flat {
  std::string model;
  Entry model_entry;
  std::string description;
  std::map<std::string, Entry> entries;
  std::vector<std::string> chain;
};

Entry make_entry(const YAML::Node& n, const std::string& file, const std::string& dir) {
  Entry e;
  e.node = n;
  e.file = file;
  e.base_dir = dir;
  const auto m = n.Mark();
  if (!m.is_null()) {
    e.line = m.line + 1;
    e.col = m.column + 1;
  }
  return e;
}

ScenarioIssue issue_at(const Entry& e, const std::string& key, std::string msg) {
  return ScenarioIssue{e.file, e.line, e.col, key, std::move(msg)};
}

YAML::Node parse_yaml(const std::string& text, const std::string& name) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& ex) {
    throw ScenarioError({ScenarioIssue{name, ex.mark.line + 1, ex.mark.column + 1, "(syntax)",
                                       "YAML syntax error: " + ex.msg}});
  }
}

std::string read_file(const std::string& path, const std::string& from_file, int line, int col) {
  std::ifstream in(path);
  if (!in) {
    throw ScenarioError({ScenarioIssue{from_file, line, col, from_file.empty() ? "(file)" : "extends",
                                       "cannot open scenario file '" + path + "'"}});
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Collect raw (unflattened) documents along the extends chain, most basic first.
struct Doc {
  YAML::Node root;
  std::string file, dir;
};

void collect_chain(const YAML::Node& root, const std::string& file, const std::string& dir, std::vector<Doc>& docs,
                   std::set<std::string>& seen) {
  if (!root.IsMap()) {
    throw ScenarioError({ScenarioIssue{file, 1, 1, "(document)", "a scenario must be a YAML mapping of keys"}});
  }
  if (const YAML::Node ext = root["extends"]) {
    const Entry e = make_entry(ext, file, dir);
    if (!ext.IsScalar()) throw ScenarioError({issue_at(e, "extends", "expected the path of a scenario file")});
    fs::path p = ext.as<std::string>();
    if (p.is_relative()) p = fs::path(dir) / p;
    p = fs::weakly_canonical(p);
    if (seen.count(p.string()))
      throw ScenarioError({issue_at(e, "extends", "inheritance cycle through '" + p.string() + "'")});
    seen.insert(p.string());
    const std::string text = read_file(p.string(), file, e.line, e.col);
    collect_chain(parse_yaml(text, p.string()), p.string(), p.parent_path().string(), docs, seen);
  }
  docs.push_back(Doc{root, file, dir});
}

void flatten(const YAML::Node& map, const std::string& prefix, const Doc& doc, const ParamRegistry& reg, Flat& out,
             std::vector<ScenarioIssue>& issues) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.as<std::string>();
    const std::string key = prefix.empty() ? k : prefix + "." + k;
    const YAML::Node key_node = it->first;  // copies: *it is a temporary proxy
    const YAML::Node v = it->second;
    if (prefix.empty() && (k == "model" || k == "extends" || k == "description")) continue;
    const ParamSpec* spec = reg.find(key);
    if (v.IsMap() && !(spec && spec->type == ParamType::Schedule)) {
      if (spec) {
        issues.push_back(issue_at(make_entry(v, doc.file, doc.dir), key,
                                  fmt::format("expected a {} value, found a mapping", type_name(spec->type))));
        continue;
      }
      Entry ke = make_entry(key_node, doc.file, doc.dir);
      out.entries[key + ".__group__"] = ke;  // remembered for "unknown group" messages
      flatten(v, key, doc, reg, out, issues);
      continue;
    }
    Entry e = make_entry(v, doc.file, doc.dir);
    if (v.IsNull()) e = make_entry(key_node, doc.file, doc.dir);
    Entry ke = make_entry(key_node, doc.file, doc.dir);
    e.line = e.line ? e.line : ke.line;
    e.col = e.col ? e.col : ke.col;
    // keep the key position for unknown-key errors, value position for type errors
    out.entries[key] = e;
    out.entries[key].line = e.line;
    out.entries[key + ".__key__"] = ke;
  }
}

std::string nearest_key(const std::string& key, const ParamRegistry& reg) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& s : reg.specs()) {
    const std::size_t d = edit_distance(key, s.key);
    if (d < best_d) {
      best_d = d;
      best = s.key;
    }
  }
  const std::size_t limit = std::max<std::size_t>(3, key.size() / 4);
  return best_d <= limit ? best : std::string{};
}

std::string list_names(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

bool parse_double(const YAML::Node& n, double& out) {
  if (!n.IsScalar()) return false;
  const std::string s = n.Scalar();
  if (s.empty()) return false;
  try {
    std::size_t used = 0;
    out = std::stod(s, &used);
    return used == s.size() && std::isfinite(out);
  } catch (...) {
    return false;
  }
}

bool parse_int(const YAML::Node& n, std::int64_t& out) {
  if (!n.IsScalar()) return false;
  const std::string s = n.Scalar();
  if (s.empty()) return false;
  try {
    std::size_t used = 0;
    out = std::stoll(s, &used);
    return used == s.size();
  } catch (...) {
    return false;
  }
}

std::string range_msg(const ParamSpec& s) {
  return fmt::format("in {}{}", s.range_string(), s.unit.empty() ? "" : " (" + s.unit + ")");
}

// Converts one entry to a value; adds issues and returns false when it does not fit the spec.
bool convert(const Entry& e, const std::string& key, const ParamSpec& s, ParamValue& v,
             std::vector<ScenarioIssue>& issues) {
  v.type = s.type;
  v.origin = e.line ? fmt::format("{}:{}", e.file, e.line) : e.file;
  v.file = e.file;
  v.line = e.line;
  v.column = e.col;
  const YAML::Node& n = e.node;
  auto fail = [&](std::string msg) {
    issues.push_back(issue_at(e, key, std::move(msg)));
    return false;
  };
  auto in_range = [&](double x) { return x >= s.lo && x <= s.hi; };
  switch (s.type) {
    case ParamType::Real: {
      if (!parse_double(n, v.real)) return fail("expected a real number" + (s.range_string().empty() ? "" : " " + range_msg(s)) + ", found '" + (n.IsScalar() ? n.Scalar() : std::string("a list or mapping")) + "'");
      if (!in_range(v.real)) return fail(fmt::format("value {} is out of range: expected {}", n.Scalar(), range_msg(s)));
      return true;
    }
    case ParamType::Int: {
      if (!parse_int(n, v.integer)) return fail("expected an integer" + (s.range_string().empty() ? "" : " " + range_msg(s)) + ", found '" + (n.IsScalar() ? n.Scalar() : std::string("a list or mapping")) + "'");
      if (!in_range(static_cast<double>(v.integer))) return fail(fmt::format("value {} is out of range: expected {}", n.Scalar(), range_msg(s)));
      return true;
    }
    case ParamType::Bool: {
      if (n.IsScalar()) {
        const std::string x = n.Scalar();
        if (x == "true" || x == "True" || x == "yes" || x == "on") { v.boolean = true; return true; }
        if (x == "false" || x == "False" || x == "no" || x == "off") { v.boolean = false; return true; }
      }
      return fail("expected true or false, found '" + (n.IsScalar() ? n.Scalar() : std::string("a list or mapping")) + "'");
    }
    case ParamType::Choice: {
      if (n.IsScalar()) {
        v.text = n.Scalar();
        for (const auto& c : s.choices) if (c == v.text) return true;
      }
      std::string msg = "expected one of " + list_names(s.choices) + ", found '" + (n.IsScalar() ? n.Scalar() : std::string("a list or mapping")) + "'";
      return fail(msg);
    }
    case ParamType::Text:
    case ParamType::Path: {
      if (!n.IsScalar()) return fail("expected a text value");
      v.text = n.Scalar();
      if (s.type == ParamType::Path && !v.text.empty()) {
        fs::path p = v.text;
        if (p.is_relative() && !e.base_dir.empty()) p = fs::path(e.base_dir) / p;
        if (!fs::exists(p)) return fail("file '" + p.string() + "' does not exist");
        v.text = fs::weakly_canonical(p).string();
      }
      return true;
    }
    case ParamType::Schedule: {
      v.schedule = Schedule{};
      double c = 0;
      if (parse_double(n, c)) {
        if (!in_range(c)) return fail(fmt::format("value {} is out of range: expected {}", n.Scalar(), range_msg(s)));
        v.schedule = Schedule::constant(c);
        return true;
      }
      YAML::Node pts = n;
      if (n.IsMap()) {
        for (auto it = n.begin(); it != n.end(); ++it) {
          const std::string k = it->first.as<std::string>();
          if (k != "interpolation" && k != "points")
            return fail("unknown schedule field '" + k + "': expected 'interpolation' (step|linear) and 'points'");
        }
        if (const auto ip = n["interpolation"]) {
          const std::string m = ip.IsScalar() ? ip.Scalar() : "";
          if (m == "linear") v.schedule.interp = Schedule::Interp::Linear;
          else if (m != "step") return fail("schedule interpolation must be 'step' or 'linear', found '" + m + "'");
        }
        pts = n["points"];
      }
      const std::string form = "a number, a list of [year, value] pairs, or {interpolation: step|linear, points: [[year, value], ...]}";
      if (!pts || !pts.IsSequence() || pts.size() == 0) return fail("expected a schedule: " + form);
      double last_year = -1e300;
      for (const auto& p : pts) {
        double y = 0, x = 0;
        if (!p.IsSequence() || p.size() != 2 || !parse_double(p[0], y) || !parse_double(p[1], x))
          return fail("each schedule point must be [year, value]; expected " + form);
        if (y <= last_year) return fail(fmt::format("schedule years must increase (year {} after {})", y, last_year));
        if (!in_range(x)) return fail(fmt::format("schedule value {} at year {} is out of range: expected {}", x, y, range_msg(s)));
        last_year = y;
        v.schedule.points.emplace_back(y, x);
      }
      return true;
    }
    case ParamType::RealList: {
      double x = 0;
      if (!n.IsSequence()) return fail("expected a list of real numbers");
      v.list.clear();
      for (const auto& p : n) {
        if (!parse_double(p, x)) return fail("expected a list of real numbers");
        if (!in_range(x)) return fail(fmt::format("list value {} is out of range: expected {}", x, range_msg(s)));
        v.list.push_back(x);
      }
      return true;
    }
  }
  return false;
}

ParamValue default_value(const ParamSpec& s) {
  ParamValue v;
  v.type = s.type;
  v.origin = "default";
  v.real = s.def_real;
  v.integer = s.def_int;
  v.boolean = s.def_bool;
  v.text = s.def_text;
  v.schedule = s.def_schedule;
  v.list = s.def_list;
  return v;
}

ResolvedScenario resolve(const YAML::Node& root, const std::string& file, const std::string& dir,
                         const std::vector<std::string>& overrides, const ModelCatalog& catalog) {
  std::vector<Doc> docs;
  std::set<std::string> seen{file};
  collect_chain(root, file, dir, docs, seen);

  // The model comes from the most derived file that names one.
  std::string model;
  Entry model_entry;
  std::string description;
  for (const auto& d : docs) {
    if (const auto m = d.root["model"]) {
      model_entry = make_entry(m, d.file, d.dir);
      if (!m.IsScalar()) throw ScenarioError({issue_at(model_entry, "model", "expected a model name")});
      model = m.Scalar();
    }
    if (const auto ds = d.root["description"]) description = ds.IsScalar() ? ds.Scalar() : "";
  }
  if (model.empty()) {
    throw ScenarioError({ScenarioIssue{file, 1, 1, "model",
                                       "required key is missing: expected one of " + list_names(catalog.names())}});
  }
  if (!catalog.find(model)) {
    std::string msg = "unknown model '" + model + "': expected one of " + list_names(catalog.names());
    for (const auto& n : catalog.names())
      if (edit_distance(n, model) <= 3) msg += "; did you mean '" + n + "'?";
    throw ScenarioError({issue_at(model_entry, "model", msg)});
  }
  const ParamRegistry reg = catalog.registry(model);

  std::vector<ScenarioIssue> issues;
  Flat flat;
  for (const auto& d : docs) flatten(d.root, "", d, reg, flat, issues);

  for (const auto& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0) {
      issues.push_back(ScenarioIssue{"--set", 0, 0, o, "expected key.path=value"});
      continue;
    }
    const std::string key = o.substr(0, eq);
    const std::string val = o.substr(eq + 1);
    YAML::Node n;
    try {
      n = YAML::Load(val);
    } catch (const YAML::Exception&) {
      n = YAML::Node(val);
    }
    Entry e;
    e.node = n;
    e.file = "--set " + o;
    e.base_dir = fs::current_path().string();
    flat.entries[key] = e;
    flat.entries[key + ".__key__"] = e;
  }

  ResolvedScenario rs;
  rs.model = model;
  rs.file = file;
  rs.overrides = overrides;
  rs.description = description;
  for (const auto& d : docs) rs.chain.push_back(d.file);

  for (const auto& [key, e] : flat.entries) {
    if (key.size() > 8 && (key.ends_with(".__key__") || key.ends_with(".__group__"))) continue;
    const ParamSpec* spec = reg.find(key);
    if (!spec) {
      const auto kit = flat.entries.find(key + ".__key__");
      const Entry& ke = kit != flat.entries.end() ? kit->second : e;
      std::string msg;
      if (const std::string now = reg.renamed_to(key); !now.empty()) {
        msg = "'" + key + "' was renamed to '" + now + "'";
      } else if (const std::string why = reg.removed_why(key); !why.empty()) {
        msg = "'" + key + "' was removed: " + why;
      } else if (reg.is_group(key)) {
        msg = "'" + key + "' is a group of parameters: expected a mapping with keys " + list_names(reg.children(key));
      } else {
        // find the longest declared group prefix, to say which entry of it is unknown
        std::string prefix = key;
        std::string group;
        while (true) {
          const auto dot = prefix.rfind('.');
          if (dot == std::string::npos) break;
          prefix = prefix.substr(0, dot);
          if (reg.is_group(prefix)) {
            group = prefix;
            break;
          }
        }
        const std::string rest = group.empty() ? key : key.substr(group.size() + 1);
        const std::string unknown = rest.substr(0, rest.find('.'));
        const auto known = reg.children(group);
        msg = group.empty() ? "unknown key '" + unknown + "' at the top level"
                            : "'" + group + "' has no entry '" + unknown + "'";
        msg += " (known: " + list_names(known) + ")";
        const std::string near = nearest_key(key, reg);
        if (!near.empty()) msg += "; did you mean '" + near + "'?";
      }
      issues.push_back(issue_at(ke, key, msg));
      continue;
    }
    ParamValue v;
    if (convert(e, key, *spec, v, issues)) rs.params.set(key, std::move(v));
  }
  for (const auto& s : reg.specs()) {
    if (rs.params.has(s.key)) continue;
    if (s.required) {
      issues.push_back(ScenarioIssue{file, 1, 1, s.key,
                                     fmt::format("required key is missing: expected a {} ({})", type_name(s.type), s.doc)});
      continue;
    }
    rs.params.set(s.key, default_value(s));
  }
  if (!issues.empty()) throw ScenarioError(std::move(issues));
  // cross-key checks of the engine and the model, reported where the offending key was set
  std::vector<ParamProblem> problems;
  validate_run_params(rs.params, problems);
  if (const ModelInfo* info = catalog.find(model); info && info->validate) info->validate(rs.params, problems);
  for (const auto& pr : problems) {
    const ParamValue* v = rs.params.has(pr.key) ? &rs.params.at(pr.key) : nullptr;
    if (v && !v->file.empty()) issues.push_back(ScenarioIssue{v->file, v->line, v->column, pr.key, pr.message});
    else issues.push_back(ScenarioIssue{file, 0, 0, pr.key, pr.message + " (the default value)"});
  }
  if (!issues.empty()) throw ScenarioError(std::move(issues));
  return rs;
}

}  // namespace

ResolvedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                               const ModelCatalog& catalog) {
  fs::path p = path;
  if (!fs::exists(p)) throw ScenarioError({ScenarioIssue{path, 0, 0, "(file)", "scenario file does not exist"}});
  p = fs::weakly_canonical(p);
  const std::string text = read_file(p.string(), "", 0, 0);
  return resolve(parse_yaml(text, p.string()), p.string(), p.parent_path().string(), overrides, catalog);
}

ResolvedScenario load_scenario_text(const std::string& yaml, const std::string& name,
                                    const std::vector<std::string>& overrides, const ModelCatalog& catalog) {
  return resolve(parse_yaml(yaml, name), name, fs::current_path().string(), overrides, catalog);
}

}  // namespace sim
