#pragma once
// Summaries of a finished (or partly finished) sweep: replicate statistics per point, and the
// sensitivity measures the design allows: Morris elementary effects (design morris), Sobol
// indices by the Saltelli/Jansen estimators (design saltelli), standardized regression
// coefficients (any design with numeric parameters).
#include <string>
#include <vector>

namespace sim::sweep {

struct SummaryOutcome {
  std::vector<std::string> files;  ///< CSV files written
  std::string text;                ///< a short report for the terminal
};

/// Reads DIR/results.sqlite and writes CSV files into out_dir (default DIR/summary).
SummaryOutcome summarize_sweep(const std::string& dir, const std::string& out_dir);

}  // namespace sim::sweep
