#pragma once
// Comparing runs: differences of indicators between a reference and other runs or scenarios, with
// replicates (paired seeds) summarized by mean and 95 % interval.
#include <string>
#include <vector>

#include "sim/model.hpp"
#include "sim/simulation.hpp"

namespace sim {

struct CompareOptions {
  std::vector<int> years;               ///< empty: every year the reference recorded
  std::vector<std::string> indicators;  ///< empty: every indicator of the reference
  int replicates = 1;                   ///< seeds per scenario (scenario inputs only)
  std::int64_t base_seed = 1;           ///< replicate r runs with seed base_seed + r
  int threads = 1;                      ///< threads per run
  int jobs = 1;                         ///< runs at once
  std::vector<std::string> sets;        ///< --set overrides applied to every scenario
};

struct CompareRow {
  std::string label;  ///< the compared input (not the reference)
  std::string indicator;
  int year = 0;
  double reference_mean = 0, other_mean = 0;
  double diff_mean = 0, diff_sd = 0, ci_low = 0, ci_high = 0;
  int n = 0;
};

/// Two-sided 95 % Student-t quantile for df degrees of freedom.
double t_quantile_975(int df);

/// Replicate tables of every input, in the order of `inputs`: a run folder (with indicators.csv)
/// gives one table, a scenario file options.replicates (run here). options.indicators are checked
/// against the reference before the other inputs run.
std::vector<std::vector<IndicatorTable>> compare_tables(const ModelCatalog& catalog, const std::vector<std::string>& inputs,
                                                        const CompareOptions& options);

/// Rows of tables from compare_tables: every input after the first minus the first, for these
/// indicators and years (empty: every indicator / every year the reference recorded).
std::vector<CompareRow> compare_rows(const std::vector<std::string>& inputs,
                                     const std::vector<std::vector<IndicatorTable>>& tables,
                                     const std::vector<std::string>& indicators, const std::vector<int>& years);

/// Inputs are run folders (with indicators.csv) or scenario files (run here with replicates).
/// The first input is the reference; every other input is compared with it.
std::vector<CompareRow> compare_inputs(const ModelCatalog& catalog, const std::vector<std::string>& inputs,
                                       const CompareOptions& options);
std::string compare_text(const std::vector<CompareRow>& rows);
std::string compare_csv(const std::vector<CompareRow>& rows);

}  // namespace sim
