#include "sim/targets.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "sim/error.hpp"

namespace sim {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::vector<Target> read_targets(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read targets file '" + path + "'");
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  if (header.size() < 5 || header[0] != "scope" || header[1] != "indicator" || header[2] != "year" ||
      header[3] != "value")
    throw Error(path + ":1: expected the header scope,indicator,year,value,unit,note");
  std::vector<Target> out;
  int lineno = 1;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    const auto f = split_csv_line(line);
    if (f.size() < 5) throw Error(fmt::format("{}:{}: expected at least 5 fields, found {}", path, lineno, f.size()));
    Target t;
    t.scope = f[0];
    t.indicator = f[1];
    try {
      t.year = std::stoi(f[2]);
      t.value = std::stod(f[3]);
    } catch (...) {
      throw Error(fmt::format("{}:{}: year and value must be numbers", path, lineno));
    }
    t.unit = f[4];
    t.note = f.size() > 5 ? f[5] : "";
    out.push_back(t);
  }
  return out;
}

std::vector<FitRow> compute_fit(const std::vector<Target>& targets, const std::string& scope,
                                const IndicatorTable& table) {
  std::vector<FitRow> rows;
  for (const auto& t : targets) {
    if (t.scope != scope) continue;
    const double v = table.value(t.indicator, t.year);
    if (std::isnan(v)) continue;
    rows.push_back(FitRow{t.indicator, t.year, t.value, v, t.unit});
  }
  return rows;
}

std::string fit_table_text(const std::vector<FitRow>& rows) {
  std::string s = fmt::format("{:<44} {:>5} {:>12} {:>12} {:>12} {:>8}\n", "indicator", "year", "target",
                              "simulated", "error", "error%");
  for (const auto& r : rows)
    s += fmt::format("{:<44} {:>5} {:>12.4g} {:>12.4g} {:>12.4g} {:>7.1f}%\n", r.indicator, r.year, r.target,
                     r.simulated, r.error(), 100.0 * r.rel_error());
  return s;
}

std::string fit_csv(const std::vector<FitRow>& rows) {
  std::string s = "indicator,year,target,simulated,error,rel_error,unit\n";
  for (const auto& r : rows)
    s += fmt::format("{},{},{:.17g},{:.17g},{:.17g},{:.17g},\"{}\"\n", r.indicator, r.year, r.target, r.simulated,
                     r.error(), r.rel_error(), r.unit);
  return s;
}

IndicatorTable read_indicators_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read '" + path + "'");
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  if (header.size() < 2 || header[0] != "tick" || header[1] != "year")
    throw Error(path + ":1: expected an indicators.csv header starting with tick,year");
  IndicatorTable t;
  t.names.assign(header.begin() + 2, header.end());
  int lineno = 1;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    const auto f = split_csv_line(line);
    if (f.size() != header.size())
      throw Error(fmt::format("{}:{}: expected {} fields, found {}", path, lineno, header.size(), f.size()));
    t.ticks.push_back(std::stoll(f[0]));
    t.years.push_back(std::stoi(f[1]));
    std::vector<double> row;
    for (std::size_t i = 2; i < f.size(); ++i)
      row.push_back(f[i].empty() ? std::nan("") : std::stod(f[i]));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace sim
