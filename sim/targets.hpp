#pragma once
// Calibration targets (tidy CSV) and the fit table comparing a run with them.
#include <string>
#include <vector>

#include "sim/simulation.hpp"

namespace sim {

struct Target {
  std::string scope, indicator;
  int year = 0;
  double value = 0.0;
  std::string unit, note;
};

/// Reads scope,indicator,year,value,unit,note (quoted fields allowed). Throws on a malformed row.
std::vector<Target> read_targets(const std::string& path);

struct FitRow {
  std::string indicator;
  int year = 0;
  double target = 0.0, simulated = 0.0;
  std::string unit;
  double error() const { return simulated - target; }
  double rel_error() const { return target != 0.0 ? (simulated - target) / target : 0.0; }
};

/// Rows of `targets` in `scope` whose indicator and year the run recorded.
std::vector<FitRow> compute_fit(const std::vector<Target>& targets, const std::string& scope,
                                const IndicatorTable& table);
std::string fit_table_text(const std::vector<FitRow>& rows);
std::string fit_csv(const std::vector<FitRow>& rows);

/// Reads an indicators.csv written by a run.
IndicatorTable read_indicators_csv(const std::string& path);

/// Splits one CSV line (RFC 4180 quotes).
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace sim
