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
/// against the reference before anything runs (a scenario's model declares them; a run folder's
/// indicators.csv names them).
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

// ---- differences over time (`xiaoda compare ... --plot FILE.png`) --------------------------------

/// Panels a plot shows when no indicators are chosen (the reference's first ones, in model order).
inline constexpr std::size_t kComparePlotDefaultPanels = 9;

/// The over-time CSV written next to a plot: DIR/STEM.png -> DIR/STEM_over_time.csv.
std::string over_time_csv_path(const std::string& png);

/// Checks a --plot path before anything runs: it must end in .png, and its CSV must not be `out_csv`.
void check_plot_path(const std::string& png, const std::string& out_csv);

/// Columns: alternative, indicator, year, mean_reference, mean_alternative, mean_difference,
/// sd_difference, n, ci95_low, ci95_high, relative_difference (mean_difference / mean_reference).
/// Empty fields where undefined: sd and interval with one replicate or unpaired inputs, the
/// relative difference where the reference's mean is 0.
std::string compare_over_time_csv(const std::vector<CompareRow>& rows);

struct ComparePlot {
  std::vector<std::string> indicators;  ///< the indicators plotted (one panel each)
  std::string csv;                      ///< the over-time CSV (always written)
  std::string png;                      ///< "" when not drawn
  std::string note;                     ///< why the PNG was not drawn
};

/// Differences over every year the reference recorded, for `indicators` (empty: the reference's
/// first kComparePlotDefaultPanels, with a logged note), written to over_time_csv_path(png); then
/// tools/plot_compare.py draws png when python3 with matplotlib is there (otherwise only the note).
ComparePlot plot_compare(const std::vector<std::string>& inputs, const std::vector<std::vector<IndicatorTable>>& tables,
                         const std::vector<std::string>& indicators, const std::string& png);

}  // namespace sim
