#pragma once
// Parameter declarations and resolved values.
//
// Every parameter is declared once (key, type, unit, range, default, doc, source). The declaration
// drives scenario validation, `xiaoda describe` and the parameter tables in the docs. Models read
// values once, at setup, into typed structs: no string look-ups in the hot path.
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sim {

enum class ParamType { Real, Int, Bool, Choice, Text, Path, Schedule, RealList };
const char* type_name(ParamType t);

/// A time path given as (year, value) points, with step or linear interpolation. Before the first
/// point the first value holds, after the last point the last value.
struct Schedule {
  enum class Interp { Step, Linear };
  Interp interp = Interp::Step;
  std::vector<std::pair<double, double>> points;
  static Schedule constant(double v) { return Schedule{Interp::Step, {{0.0, v}}}; }
  double at(double year) const;
  bool operator==(const Schedule&) const = default;
};

struct ParamSpec {
  std::string key;
  ParamType type = ParamType::Real;
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  std::string unit, doc, source;
  bool required = false;
  // default value, by type
  double def_real = 0.0;
  std::int64_t def_int = 0;
  bool def_bool = false;
  std::string def_text;
  Schedule def_schedule;
  std::vector<double> def_list;
  std::vector<std::string> choices;

  // fluent setters
  ParamSpec& range(double l, double h) { lo = l; hi = h; return *this; }
  ParamSpec& units(std::string u) { unit = std::move(u); return *this; }
  ParamSpec& describe(std::string d) { doc = std::move(d); return *this; }
  ParamSpec& cite(std::string s) { source = std::move(s); return *this; }
  ParamSpec& mandatory() { required = true; return *this; }
  std::string default_string() const;
  std::string range_string() const;
};

/// All parameters one model accepts (engine run settings included).
class ParamRegistry {
 public:
  ParamSpec& real(const std::string& key, double def, std::string unit, std::string doc);
  ParamSpec& integer(const std::string& key, std::int64_t def, std::string unit, std::string doc);
  ParamSpec& flag(const std::string& key, bool def, std::string doc);
  ParamSpec& choice(const std::string& key, std::string def, std::vector<std::string> choices, std::string doc);
  ParamSpec& text(const std::string& key, std::string def, std::string doc);
  ParamSpec& path(const std::string& key, std::string def, std::string doc);
  ParamSpec& schedule(const std::string& key, Schedule def, std::string unit, std::string doc);
  ParamSpec& list(const std::string& key, std::vector<double> def, std::string unit, std::string doc);
  /// Documents a group of keys (for example "policies" or "policies.hukou_reform").
  void group(const std::string& prefix, std::string doc) { groups_[prefix] = std::move(doc); }
  /// Records that a key was renamed: a scenario that still uses `old_key` gets an error naming `new_key`.
  void renamed(const std::string& old_key, const std::string& new_key) { renamed_[old_key] = new_key; }
  /// Records that a key was removed: a scenario that still uses it gets an error saying why.
  void removed(const std::string& old_key, const std::string& why) { removed_[old_key] = why; }
  std::string removed_why(const std::string& old_key) const {
    auto it = removed_.find(old_key);
    return it == removed_.end() ? std::string() : it->second;
  }
  /// The new name of a renamed key, or empty.
  std::string renamed_to(const std::string& old_key) const {
    auto it = renamed_.find(old_key);
    return it == renamed_.end() ? std::string() : it->second;
  }

  const ParamSpec* find(const std::string& key) const;
  const std::vector<ParamSpec>& specs() const { return specs_; }
  const std::map<std::string, std::string>& groups() const { return groups_; }
  /// True when some declared key starts with prefix + ".".
  bool is_group(const std::string& prefix) const;
  /// Distinct next components below a prefix ("" for the top level).
  std::vector<std::string> children(const std::string& prefix) const;

 private:
  ParamSpec& add(const std::string& key, ParamType t);
  std::vector<ParamSpec> specs_;
  std::map<std::string, std::size_t> index_;
  std::map<std::string, std::string> groups_;
  std::map<std::string, std::string> renamed_, removed_;
};

/// A problem found by a model's validation of the resolved parameters: which key and what is wrong.
/// The scenario loader turns it into a ScenarioIssue at the file and line where the key was set.
struct ParamProblem {
  std::string key;
  std::string message;
};

struct ParamValue {
  ParamType type = ParamType::Real;
  double real = 0.0;
  std::int64_t integer = 0;
  bool boolean = false;
  std::string text;
  Schedule schedule;
  std::vector<double> list;
  std::string origin;  ///< "default", "file:line", or "--set"
  std::string file;    ///< where the value was set (scenario file or "--set ..."); empty for a default
  int line = 0, column = 0;
  std::string to_string() const;
};

/// Resolved values for every declared parameter.
class Params {
 public:
  double real(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  bool flag(const std::string& key) const;
  const std::string& text(const std::string& key) const;  ///< Choice, Text and Path values
  const Schedule& schedule(const std::string& key) const;
  const std::vector<double>& list(const std::string& key) const;
  bool has(const std::string& key) const { return values_.count(key) != 0; }
  const ParamValue& at(const std::string& key) const;
  void set(const std::string& key, ParamValue v) { values_[key] = std::move(v); }
  const std::map<std::string, ParamValue>& values() const { return values_; }
  /// Nested JSON of all values (for run.json).
  nlohmann::json to_json() const;
  /// Nested YAML that re-reads to exactly these values (for checkpoints and replays).
  std::string to_yaml(const std::string& model) const;

 private:
  std::map<std::string, ParamValue> values_;
};

/// Levenshtein edit distance (for "did you mean").
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace sim
