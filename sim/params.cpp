#include "sim/params.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/error.hpp"

namespace sim {

const char* type_name(ParamType t) {
  switch (t) {
    case ParamType::Real: return "real";
    case ParamType::Int: return "integer";
    case ParamType::Bool: return "boolean";
    case ParamType::Choice: return "choice";
    case ParamType::Text: return "text";
    case ParamType::Path: return "path";
    case ParamType::Schedule: return "schedule";
    case ParamType::RealList: return "list of reals";
  }
  return "?";
}

double Schedule::at(double year) const {
  if (points.empty()) return 0.0;
  if (year <= points.front().first) return points.front().second;
  if (year >= points.back().first) return points.back().second;
  // last point with x <= year
  auto it = std::upper_bound(points.begin(), points.end(), year,
                             [](double y, const std::pair<double, double>& p) { return y < p.first; });
  const auto& hi = *it;
  const auto& lo = *(it - 1);
  if (interp == Interp::Step) return lo.second;
  const double w = (year - lo.first) / (hi.first - lo.first);
  return lo.second + w * (hi.second - lo.second);
}

static std::string num(double v) { return fmt::format("{}", v); }

static std::string schedule_string(const Schedule& s) {
  std::string out = s.interp == Schedule::Interp::Linear ? "linear[" : "step[";
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    if (i) out += ", ";
    out += num(s.points[i].first) + ":" + num(s.points[i].second);
  }
  return out + "]";
}

std::string ParamSpec::default_string() const {
  switch (type) {
    case ParamType::Real: return num(def_real);
    case ParamType::Int: return std::to_string(def_int);
    case ParamType::Bool: return def_bool ? "true" : "false";
    case ParamType::Choice:
    case ParamType::Text:
    case ParamType::Path: return def_text.empty() ? "\"\"" : def_text;
    case ParamType::Schedule: return schedule_string(def_schedule);
    case ParamType::RealList: {
      std::string o = "[";
      for (std::size_t i = 0; i < def_list.size(); ++i) o += (i ? ", " : "") + num(def_list[i]);
      return o + "]";
    }
  }
  return "";
}

std::string ParamSpec::range_string() const {
  if (type == ParamType::Choice) {
    std::string o;
    for (std::size_t i = 0; i < choices.size(); ++i) o += (i ? "|" : "") + choices[i];
    return o;
  }
  if (type != ParamType::Real && type != ParamType::Int && type != ParamType::Schedule && type != ParamType::RealList)
    return "";
  if (std::isinf(lo) && std::isinf(hi)) return "";
  return fmt::format("[{}, {}]", std::isinf(lo) ? "-inf" : num(lo), std::isinf(hi) ? "inf" : num(hi));
}

ParamSpec& ParamRegistry::add(const std::string& key, ParamType t) {
  if (index_.count(key)) throw Error("parameter '" + key + "' declared twice");
  index_[key] = specs_.size();
  specs_.emplace_back();
  specs_.back().key = key;
  specs_.back().type = t;
  return specs_.back();
}

ParamSpec& ParamRegistry::real(const std::string& key, double def, std::string unit, std::string doc) {
  auto& s = add(key, ParamType::Real);
  s.def_real = def;
  s.unit = std::move(unit);
  s.doc = std::move(doc);
  return s;
}
ParamSpec& ParamRegistry::integer(const std::string& key, std::int64_t def, std::string unit, std::string doc) {
  auto& s = add(key, ParamType::Int);
  s.def_int = def;
  s.unit = std::move(unit);
  s.doc = std::move(doc);
  return s;
}
ParamSpec& ParamRegistry::flag(const std::string& key, bool def, std::string doc) {
  auto& s = add(key, ParamType::Bool);
  s.def_bool = def;
  s.doc = std::move(doc);
  return s;
}
ParamSpec& ParamRegistry::choice(const std::string& key, std::string def, std::vector<std::string> choices,
                                 std::string doc) {
  auto& s = add(key, ParamType::Choice);
  s.def_text = std::move(def);
  s.choices = std::move(choices);
  s.doc = std::move(doc);
  return s;
}
ParamSpec& ParamRegistry::text(const std::string& key, std::string def, std::string doc) {
  auto& s = add(key, ParamType::Text);
  s.def_text = std::move(def);
  s.doc = std::move(doc);
  return s;
}
ParamSpec& ParamRegistry::path(const std::string& key, std::string def, std::string doc) {
  auto& s = add(key, ParamType::Path);
  s.def_text = std::move(def);
  s.doc = std::move(doc);
  return s;
}
ParamSpec& ParamRegistry::schedule(const std::string& key, Schedule def, std::string unit, std::string doc) {
  auto& s = add(key, ParamType::Schedule);
  s.def_schedule = std::move(def);
  s.unit = std::move(unit);
  s.doc = std::move(doc);
  return s;
}
ParamSpec& ParamRegistry::list(const std::string& key, std::vector<double> def, std::string unit, std::string doc) {
  auto& s = add(key, ParamType::RealList);
  s.def_list = std::move(def);
  s.unit = std::move(unit);
  s.doc = std::move(doc);
  return s;
}

const ParamSpec* ParamRegistry::find(const std::string& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &specs_[it->second];
}

bool ParamRegistry::is_group(const std::string& prefix) const {
  const std::string p = prefix + ".";
  auto it = index_.lower_bound(p);
  return it != index_.end() && it->first.compare(0, p.size(), p) == 0;
}

std::vector<std::string> ParamRegistry::children(const std::string& prefix) const {
  std::set<std::string> out;
  const std::string p = prefix.empty() ? "" : prefix + ".";
  for (const auto& [k, i] : index_) {
    if (k.compare(0, p.size(), p) != 0) continue;
    const std::string rest = k.substr(p.size());
    out.insert(rest.substr(0, rest.find('.')));
  }
  return {out.begin(), out.end()};
}

std::string ParamValue::to_string() const {
  switch (type) {
    case ParamType::Real: return num(real);
    case ParamType::Int: return std::to_string(integer);
    case ParamType::Bool: return boolean ? "true" : "false";
    case ParamType::Choice:
    case ParamType::Text:
    case ParamType::Path: return text;
    case ParamType::Schedule: return schedule_string(schedule);
    case ParamType::RealList: {
      std::string o = "[";
      for (std::size_t i = 0; i < list.size(); ++i) o += (i ? ", " : "") + num(list[i]);
      return o + "]";
    }
  }
  return "";
}

const ParamValue& Params::at(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw Error("internal: parameter '" + key + "' was read but never declared");
  return it->second;
}

static void expect_type(const std::string& key, const ParamValue& v, ParamType t) {
  if (v.type != t)
    throw Error(fmt::format("internal: parameter '{}' is a {}, read as a {}", key, type_name(v.type), type_name(t)));
}

double Params::real(const std::string& key) const {
  const auto& v = at(key);
  if (v.type == ParamType::Int) return static_cast<double>(v.integer);
  expect_type(key, v, ParamType::Real);
  return v.real;
}
std::int64_t Params::integer(const std::string& key) const {
  const auto& v = at(key);
  expect_type(key, v, ParamType::Int);
  return v.integer;
}
bool Params::flag(const std::string& key) const {
  const auto& v = at(key);
  expect_type(key, v, ParamType::Bool);
  return v.boolean;
}
const std::string& Params::text(const std::string& key) const {
  const auto& v = at(key);
  if (v.type != ParamType::Choice && v.type != ParamType::Text && v.type != ParamType::Path)
    expect_type(key, v, ParamType::Text);
  return v.text;
}
const Schedule& Params::schedule(const std::string& key) const {
  const auto& v = at(key);
  expect_type(key, v, ParamType::Schedule);
  return v.schedule;
}
const std::vector<double>& Params::list(const std::string& key) const {
  const auto& v = at(key);
  expect_type(key, v, ParamType::RealList);
  return v.list;
}

static nlohmann::json value_json(const ParamValue& v) {
  switch (v.type) {
    case ParamType::Real: return v.real;
    case ParamType::Int: return v.integer;
    case ParamType::Bool: return v.boolean;
    case ParamType::Choice:
    case ParamType::Text:
    case ParamType::Path: return v.text;
    case ParamType::Schedule: {
      nlohmann::json pts = nlohmann::json::array();
      for (auto& [y, x] : v.schedule.points) pts.push_back({y, x});
      return {{"interpolation", v.schedule.interp == Schedule::Interp::Linear ? "linear" : "step"}, {"points", pts}};
    }
    case ParamType::RealList: return v.list;
  }
  return nullptr;
}

nlohmann::json Params::to_json() const {
  nlohmann::json root = nlohmann::json::object();
  for (const auto& [key, v] : values_) {
    nlohmann::json* node = &root;
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = key.find('.', start);
      const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (dot == std::string::npos) {
        (*node)[part] = value_json(v);
        break;
      }
      node = &(*node)[part];
      start = dot + 1;
    }
  }
  return root;
}

static std::string exact(double v) { return fmt::format("{:.17g}", v); }

std::string Params::to_yaml(const std::string& model) const {
  YAML::Node root;
  root["model"] = model;
  for (const auto& [key, v] : values_) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = key.find('.', start);
      parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    YAML::Node leaf;
    switch (v.type) {
      case ParamType::Real: leaf = exact(v.real); break;
      case ParamType::Int: leaf = std::to_string(v.integer); break;
      case ParamType::Bool: leaf = v.boolean ? "true" : "false"; break;
      case ParamType::Choice:
      case ParamType::Text:
      case ParamType::Path: leaf = v.text; break;
      case ParamType::Schedule: {
        leaf["interpolation"] = v.schedule.interp == Schedule::Interp::Linear ? "linear" : "step";
        YAML::Node pts(YAML::NodeType::Sequence);
        for (auto& [y, x] : v.schedule.points) {
          YAML::Node p(YAML::NodeType::Sequence);
          p.push_back(exact(y));
          p.push_back(exact(x));
          pts.push_back(p);
        }
        leaf["points"] = pts;
        break;
      }
      case ParamType::RealList: {
        leaf = YAML::Node(YAML::NodeType::Sequence);
        for (double x : v.list) leaf.push_back(exact(x));
        break;
      }
    }
    // yaml-cpp node references: walk by copy of handles
    YAML::Node cur = root;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      YAML::Node next = cur[parts[i]];
      cur.reset(next);
    }
    cur[parts.back()] = leaf;
  }
  YAML::Emitter em;
  em << root;
  return std::string(em.c_str()) + "\n";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace sim
