#include "sim/compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "sim/calibrate/plot.hpp"
#include "sim/error.hpp"
#include "sim/output.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"
#include "sim/sweep/csv.hpp"
#include "sim/targets.hpp"

namespace fs = std::filesystem;

namespace sim {

double t_quantile_975(int df) {
  static const double table[] = {0,      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201,  2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
                                 2.074,  2.069,  2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df <= 0) return std::nan("");
  if (df <= 30) return table[df];
  if (df <= 60) return 2.042 + (2.000 - 2.042) * (df - 30) / 30.0;
  if (df <= 120) return 2.000 + (1.980 - 2.000) * (df - 60) / 60.0;
  return 1.960;
}

namespace {

// Replicate tables of one input.
std::vector<IndicatorTable> tables_of(const ModelCatalog& catalog, const std::string& input,
                                      const CompareOptions& opt) {
  if (fs::is_directory(input)) {
    const auto csv = fs::path(input) / "indicators.csv";
    if (!fs::exists(csv)) throw UsageError("'" + input + "' has no indicators.csv (not a finished run folder)");
    return {read_indicators_csv(csv.string())};
  }
  if (!fs::exists(input)) throw UsageError("'" + input + "' is neither a run folder nor a scenario file");
  std::vector<ResolvedScenario> scen;
  for (int r = 0; r < opt.replicates; ++r) {
    auto sets = opt.sets;
    sets.push_back("run.seed=" + std::to_string(opt.base_seed + r));
    scen.push_back(load_scenario(input, sets, catalog));
  }
  std::vector<IndicatorTable> out(static_cast<std::size_t>(opt.replicates));
  std::vector<std::string> errors(out.size());
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  auto worker = [&] {
    while (true) {
      const int i = next++;
      if (i >= opt.replicates) return;
      try {
        RunOptions ro;
        ro.threads = opt.threads;
        ro.progress = false;
        out[static_cast<std::size_t>(i)] = execute_run(catalog, scen[static_cast<std::size_t>(i)], ro).table;
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(i)] = e.what();
      }
      spdlog::info("compare: {} replicate {}/{} done", input, ++done, opt.replicates);
    }
  };
  // spdlog builds its registry on first use; do it here, before the workers log, so that its
  // one-time initialisation (inside the uninstrumented libspdlog) is ordered for ThreadSanitizer
  spdlog::default_logger_raw();
  std::vector<std::thread> pool;
  for (int j = 0; j < std::max(1, opt.jobs); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  for (std::size_t i = 0; i < errors.size(); ++i)
    if (!errors[i].empty()) throw Error(fmt::format("{} (seed {}): {}", input, opt.base_seed + static_cast<int>(i), errors[i]));
  return out;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? std::nan("") : s / static_cast<double>(v.size());
}

void check_indicators(const std::vector<std::string>& names, const IndicatorTable& reference, const std::string& input) {
  for (const auto& n : names)
    if (reference.column(n) < 0) throw UsageError("indicator '" + n + "' is not recorded by '" + input + "'");
}

// One row: `other` minus `ref` for indicator n in year y; paired (seed by seed) when both have the
// same number of replicates, with a t interval over the paired differences.
CompareRow compare_row(const std::vector<IndicatorTable>& ref, const std::vector<IndicatorTable>& other,
                       const std::string& n, int y) {
  const bool paired = other.size() == ref.size();
  std::vector<double> a, b, d;
  for (const auto& t : ref) a.push_back(t.value(n, y));
  for (const auto& t : other) b.push_back(t.value(n, y));
  if (paired)
    for (std::size_t i = 0; i < a.size(); ++i) d.push_back(b[i] - a[i]);
  CompareRow r;
  r.indicator = n;
  r.year = y;
  r.reference_mean = mean_of(a);
  r.other_mean = mean_of(b);
  r.diff_mean = r.other_mean - r.reference_mean;
  r.n = static_cast<int>(paired ? d.size() : std::min(a.size(), b.size()));
  if (paired && d.size() > 1) {
    double ss = 0;
    for (double x : d) ss += (x - r.diff_mean) * (x - r.diff_mean);
    r.diff_sd = std::sqrt(ss / static_cast<double>(d.size() - 1));
    const double half = t_quantile_975(static_cast<int>(d.size()) - 1) * r.diff_sd / std::sqrt(double(d.size()));
    r.ci_low = r.diff_mean - half;
    r.ci_high = r.diff_mean + half;
  } else {
    r.diff_sd = std::nan("");
    r.ci_low = r.ci_high = std::nan("");
  }
  return r;
}

// The indicators a scenario file records, known before it runs: its model declares them in setup.
// Empty for a run folder or a missing file (tables_of reports those).
IndicatorTable declared_indicators(const ModelCatalog& catalog, const std::string& input, const CompareOptions& opt) {
  IndicatorTable t;
  if (fs::is_directory(input) || !fs::exists(input)) return t;
  const auto scen = load_scenario(input, opt.sets, catalog);
  const ModelInfo* info = catalog.find(scen.model);
  if (!info) return t;
  Simulation s(scen, *info);
  s.setup();
  for (const auto& ind : s.indicators()) t.names.push_back(ind.name);
  return t;
}

}  // namespace

std::vector<std::vector<IndicatorTable>> compare_tables(const ModelCatalog& catalog, const std::vector<std::string>& inputs,
                                                        const CompareOptions& opt) {
  if (inputs.size() < 2) throw UsageError("compare needs a reference and at least one other run or scenario");
  std::vector<std::vector<IndicatorTable>> tables;
  if (!opt.indicators.empty()) {  // an unknown indicator of a scenario is refused before anything runs
    const auto declared = declared_indicators(catalog, inputs[0], opt);
    if (!declared.names.empty()) check_indicators(opt.indicators, declared, inputs[0]);
  }
  tables.push_back(tables_of(catalog, inputs[0], opt));
  check_indicators(opt.indicators, tables[0][0], inputs[0]);  // before the other inputs run
  for (std::size_t k = 1; k < inputs.size(); ++k) tables.push_back(tables_of(catalog, inputs[k], opt));
  return tables;
}

std::vector<CompareRow> compare_rows(const std::vector<std::string>& inputs,
                                     const std::vector<std::vector<IndicatorTable>>& tables,
                                     const std::vector<std::string>& indicators, const std::vector<int>& years) {
  if (inputs.size() < 2 || tables.size() != inputs.size())
    throw Error("compare_rows: one list of tables per input, and at least two inputs");
  const auto& ref = tables[0];
  const std::vector<std::string> names = indicators.empty() ? ref[0].names : indicators;
  check_indicators(names, ref[0], inputs[0]);
  std::vector<int> ys = years;
  if (ys.empty()) {
    const std::set<int> recorded(ref[0].years.begin(), ref[0].years.end());
    ys.assign(recorded.begin(), recorded.end());
  }
  std::vector<CompareRow> rows;
  for (std::size_t k = 1; k < inputs.size(); ++k) {
    for (const auto& n : names) {
      for (int y : ys) {
        rows.push_back(compare_row(ref, tables[k], n, y));
        rows.back().label = inputs[k];
      }
    }
  }
  return rows;
}

std::vector<CompareRow> compare_inputs(const ModelCatalog& catalog, const std::vector<std::string>& inputs,
                                       const CompareOptions& opt) {
  return compare_rows(inputs, compare_tables(catalog, inputs, opt), opt.indicators, opt.years);
}

std::string compare_text(const std::vector<CompareRow>& rows) {
  std::string s = fmt::format("{:<40} {:>5} {:>12} {:>12} {:>12} {:>25} {:>3}\n", "indicator", "year", "reference",
                              "other", "difference", "95% interval", "n");
  std::string label;
  for (const auto& r : rows) {
    if (r.label != label) {
      label = r.label;
      s += "--- " + label + " minus reference\n";
    }
    const std::string ci =
        std::isnan(r.ci_low) ? "" : fmt::format("[{:.4g}, {:.4g}]", r.ci_low, r.ci_high);
    s += fmt::format("{:<40} {:>5} {:>12.5g} {:>12.5g} {:>12.5g} {:>25} {:>3}\n", r.indicator, r.year,
                     r.reference_mean, r.other_mean, r.diff_mean, ci, r.n);
  }
  return s;
}

std::string compare_csv(const std::vector<CompareRow>& rows) {
  auto f = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{:.17g}", v); };
  std::string s = "compared,indicator,year,reference_mean,other_mean,diff_mean,diff_sd,ci95_low,ci95_high,n\n";
  for (const auto& r : rows)
    s += fmt::format("\"{}\",{},{},{},{},{},{},{},{},{}\n", r.label, r.indicator, r.year, f(r.reference_mean),
                     f(r.other_mean), f(r.diff_mean), f(r.diff_sd), f(r.ci_low), f(r.ci_high), r.n);
  return s;
}

// ---- differences over time ---------------------------------------------------------------------

namespace {

std::string number_or_empty(double v) { return std::isnan(v) ? std::string() : fmt::format("{:.17g}", v); }

// The indicators a plot shows: the chosen ones, else the reference's first few (said in the log).
std::vector<std::string> plotted_indicators(const IndicatorTable& reference, const std::vector<std::string>& chosen) {
  if (!chosen.empty()) return chosen;
  if (reference.names.size() <= kComparePlotDefaultPanels) return reference.names;
  std::vector<std::string> first(reference.names.begin(),
                                 reference.names.begin() + static_cast<std::ptrdiff_t>(kComparePlotDefaultPanels));
  spdlog::warn("compare --plot: no --indicators given; plotting the first {} of {} indicators ({}); choose with --indicators",
               first.size(), reference.names.size(), fmt::join(first, ", "));
  return first;
}

// "runs/x/" -> "x", "scenarios/a.yaml" -> "a.yaml": short enough for a plot title.
std::string short_name(const std::string& input) {
  fs::path p = fs::path(input).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p.filename().empty() ? input : p.filename().string();
}

}  // namespace

std::string over_time_csv_path(const std::string& png) {
  const fs::path p(png);
  return (p.parent_path() / (p.stem().string() + "_over_time.csv")).string();
}

void check_plot_path(const std::string& png, const std::string& out_csv) {
  if (fs::path(png).extension() != ".png") throw UsageError("--plot: '" + png + "' must name a .png file");
  if (fs::is_directory(png)) throw UsageError("--plot: '" + png + "' is a folder, not a .png file");
  const auto same = [](const std::string& a, const std::string& b) {
    return fs::absolute(a).lexically_normal() == fs::absolute(b).lexically_normal();
  };
  if (!out_csv.empty() && same(out_csv, over_time_csv_path(png)))
    throw UsageError("--out '" + out_csv + "' is where --plot writes its differences over time; choose another --out");
}

std::string compare_over_time_csv(const std::vector<CompareRow>& rows) {
  std::string s = sweep::csv_line({"alternative", "indicator", "year", "mean_reference", "mean_alternative",
                                   "mean_difference", "sd_difference", "n", "ci95_low", "ci95_high",
                                   "relative_difference"});
  for (const auto& r : rows) {
    // relative to the reference's mean level; undefined where that level is 0
    const double relative = r.reference_mean == 0 ? std::nan("") : r.diff_mean / r.reference_mean;
    s += sweep::csv_line({r.label, r.indicator, std::to_string(r.year), number_or_empty(r.reference_mean),
                          number_or_empty(r.other_mean), number_or_empty(r.diff_mean), number_or_empty(r.diff_sd),
                          std::to_string(r.n), number_or_empty(r.ci_low), number_or_empty(r.ci_high),
                          number_or_empty(relative)});
  }
  return s;
}

ComparePlot plot_compare(const std::vector<std::string>& inputs, const std::vector<std::vector<IndicatorTable>>& tables,
                         const std::vector<std::string>& indicators, const std::string& png) {
  if (tables.empty() || tables[0].empty()) throw Error("plot_compare: no reference tables");
  ComparePlot out;
  out.indicators = plotted_indicators(tables[0][0], indicators);
  const auto rows = compare_rows(inputs, tables, out.indicators, {});  // every recorded year
  if (const auto dir = fs::path(png).parent_path(); !dir.empty()) fs::create_directories(dir);
  out.csv = over_time_csv_path(png);
  write_file_atomic(out.csv, compare_over_time_csv(rows));
  fs::remove(png);  // an older picture must not pass for this comparison when none is drawn now
  const std::vector<std::string> args = {out.csv, "--out", png, "--reference", short_name(inputs[0])};
  if (calibrate::run_plot("plot_compare.py", args, out.note))
    out.png = png;
  else
    spdlog::warn("compare: no {}: {} ({} holds the differences)", png, out.note, out.csv);
  return out;
}

}  // namespace sim
