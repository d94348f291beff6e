#include "sim/calibrate/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace sim::calibrate {

void Checker::at(const YAML::Node& n, const std::string& key, std::string msg) {
  ScenarioIssue i{file, 0, 0, key, std::move(msg)};
  const auto m = n.Mark();
  if (!m.is_null()) {
    i.line = m.line + 1;
    i.column = m.column + 1;
  }
  issues.push_back(std::move(i));
}

void Checker::missing(const std::string& key, std::string msg) {
  issues.push_back(ScenarioIssue{file, 1, 1, key, std::move(msg)});
}

void Checker::flush() {
  if (!issues.empty()) throw ScenarioError(std::move(issues));
}

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
  if (best_d <= std::max<std::size_t>(3, word.size() / 4)) return best;
  // a name the word is the start of ("unemployment" for "unemployment_rate")
  if (word.size() >= 4)
    for (const auto& k : known)
      if (k.size() > word.size() && k.compare(0, word.size(), word) == 0) return k;
  return {};
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

std::string unknown_msg(const std::string& what, const std::string& word, const std::vector<std::string>& known,
                        bool list_known, const std::string& where) {
  std::string msg = fmt::format("unknown {} '{}'{}", what, word, where);
  if (list_known) msg += " (known: " + joined(known) + ")";
  const std::string near = nearest(word, known);
  if (!near.empty()) msg += "; did you mean '" + near + "'?";
  return msg;
}

void check_keys(Checker& c, const YAML::Node& map, const std::string& prefix, const std::vector<std::string>& allowed) {
  if (!map.IsMap()) return;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      c.at(it->first, prefix.empty() ? k : prefix + "." + k, unknown_msg("key", k, allowed));
  }
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
  if (!n || n.IsNull()) return "nothing";
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "nothing";
}

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

bool real_field(Checker& c, const YAML::Node& n, const std::string& key, double lo, double hi, double& out,
                bool lo_open, bool hi_open) {
  const std::string range = fmt::format("{}{}, {}{}", lo_open ? "(" : "[", lo, hi, hi_open ? ")" : "]");
  if (!scalar_double(n, out)) {
    c.at(n, key, fmt::format("expected a number in {}, found {}", range, found(n)));
    return false;
  }
  if (out < lo || out > hi || (lo_open && out == lo) || (hi_open && out == hi)) {
    c.at(n, key, fmt::format("value {} is out of range: expected a number in {}", n.Scalar(), range));
    return false;
  }
  return true;
}

bool text_field(Checker& c, const YAML::Node& n, const std::string& key, std::string& out) {
  if (!n || !n.IsScalar() || n.Scalar().empty()) {
    c.at(n, key, "expected a text value, found " + found(n));
    return false;
  }
  out = n.Scalar();
  return true;
}

std::vector<std::string> registry_keys(const ParamRegistry& reg) {
  std::vector<std::string> keys;
  for (const auto& s : reg.specs()) keys.push_back(s.key);
  return keys;
}

std::string declared_range(const ParamSpec& s) {
  return s.range_string().empty() ? std::string{}
                                  : " in " + s.range_string() + (s.unit.empty() ? "" : " (" + s.unit + ")");
}

YAML::Node parse_yaml_file(const std::string& text, const std::string& name) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& ex) {
    throw ScenarioError({ScenarioIssue{name, ex.mark.line + 1, ex.mark.column + 1, "(syntax)", "YAML syntax error: " + ex.msg}});
  }
}

std::string read_input_file(const std::string& path, const std::string& what) {
  if (!fs::exists(path) || fs::is_directory(path))
    throw ScenarioError({ScenarioIssue{path, 0, 0, "(file)", what + " does not exist"}});
  std::ifstream in(path);
  if (!in) throw ScenarioError({ScenarioIssue{path, 0, 0, "(file)", "cannot read " + what}});
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sim::calibrate
