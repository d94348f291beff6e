#pragma once
// Validation helpers shared by the calibration and sensitivity files: issues with file, line,
// column and key (the ScenarioIssue machinery of scenarios and sweeps), nearest-name hints, and
// strict scalar parsing.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "sim/params.hpp"

namespace sim::calibrate {

/// Collects the issues of one file; flush() throws them all at once.
struct Checker {
  std::string file;
  std::vector<ScenarioIssue> issues;
  void at(const YAML::Node& n, const std::string& key, std::string msg);
  /// An issue without a position in the file (line 1, column 1), e.g. a missing required key.
  void missing(const std::string& key, std::string msg);
  void flush();
};

/// The nearest of `known` to `word` (edit distance), or "" when nothing is close.
std::string nearest(const std::string& word, const std::vector<std::string>& known);
std::string joined(const std::vector<std::string>& v);
/// "unknown WHAT 'word'WHERE (known: ...); did you mean '...'?"
std::string unknown_msg(const std::string& what, const std::string& word, const std::vector<std::string>& known,
                        bool list_known = true, const std::string& where = "");
/// Flags every key of mapping `map` that is not in `allowed` (with a nearest-name hint).
void check_keys(Checker& c, const YAML::Node& map, const std::string& prefix, const std::vector<std::string>& allowed);

bool scalar_double(const YAML::Node& n, double& out);
bool scalar_int(const YAML::Node& n, std::int64_t& out);
/// "'text'", "a list", "a mapping": what was found, for messages.
std::string found(const YAML::Node& n);
/// Reads an integer in [lo, hi]; adds an issue and returns false otherwise.
bool int_field(Checker& c, const YAML::Node& n, const std::string& key, std::int64_t lo, std::int64_t hi,
               std::int64_t& out);
/// Reads a number in [lo, hi] (open ends when lo_open / hi_open); adds an issue and returns false otherwise.
bool real_field(Checker& c, const YAML::Node& n, const std::string& key, double lo, double hi, double& out,
                bool lo_open = false, bool hi_open = false);
/// Reads a non-empty scalar; adds an issue and returns false otherwise.
bool text_field(Checker& c, const YAML::Node& n, const std::string& key, std::string& out);

/// Keys of a registry, in declaration order.
std::vector<std::string> registry_keys(const ParamRegistry& reg);
/// " in [lo, hi] (unit)" for messages.
std::string declared_range(const ParamSpec& s);

/// Parses YAML text; a syntax error becomes a ScenarioError at its position.
YAML::Node parse_yaml_file(const std::string& text, const std::string& name);
/// Reads a whole file; a missing file becomes a ScenarioError naming it.
std::string read_input_file(const std::string& path, const std::string& what);

}  // namespace sim::calibrate
