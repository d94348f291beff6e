#include "sim/sweep/summary.hpp"

#include <Eigen/Dense>
#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "sim/error.hpp"
#include "sim/output.hpp"
#include "sim/rng.hpp"
#include "sim/sweep/csv.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/results.hpp"

namespace fs = std::filesystem;

namespace sim::sweep {

namespace {

const double kNaN = std::nan("");

std::string num(double x) { return std::isnan(x) ? std::string{} : fmt::format("{:.6g}", x); }

// values[run][series]: series = year-major (plan.years x plan.record); NaN when absent.
struct Data {
  std::vector<bool> done;                   // per run
  std::vector<std::vector<double>> values;  // per run
  std::int64_t n_done = 0, n_failed = 0;
};

Data load(const std::string& db_path, const Plan& plan) {
  sqlite3* db = open_readonly(db_path);
  Data d;
  const auto runs = static_cast<std::size_t>(plan.run_count());
  const std::size_t ns = plan.years.size() * plan.record.size();
  d.done.assign(runs, false);
  d.values.assign(runs, std::vector<double>(ns, kNaN));
  std::map<std::pair<int, std::string>, std::size_t> series;
  for (std::size_t y = 0; y < plan.years.size(); ++y)
    for (std::size_t i = 0; i < plan.record.size(); ++i) series[{plan.years[y], plan.record[i]}] = y * plan.record.size() + i;
  auto query = [&](const char* sql, auto&& row) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
      const std::string msg = sqlite3_errmsg(db);
      sqlite3_close(db);
      throw Error("cannot read '" + db_path + "': " + msg);
    }
    while (sqlite3_step(st) == SQLITE_ROW) row(st);
    sqlite3_finalize(st);
  };
  query("SELECT run_id, status FROM runs", [&](sqlite3_stmt* st) {
    const auto r = static_cast<std::size_t>(sqlite3_column_int64(st, 0));
    const std::string s = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    if (r >= runs) return;
    if (s == "done") d.done[r] = true, ++d.n_done;
    if (s == "failed") ++d.n_failed;
  });
  query("SELECT run_id, year, indicator, value FROM indicators", [&](sqlite3_stmt* st) {
    const auto r = static_cast<std::size_t>(sqlite3_column_int64(st, 0));
    const int y = sqlite3_column_int(st, 1);
    const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
    const auto it = series.find({y, name});
    if (r >= runs || it == series.end() || sqlite3_column_type(st, 3) == SQLITE_NULL) return;
    d.values[r][it->second] = sqlite3_column_double(st, 3);
  });
  sqlite3_close(db);
  return d;
}

struct Stats {
  std::size_t n = 0;
  double mean = kNaN, sd = kNaN, lo = kNaN, hi = kNaN;
};

Stats stats(const std::vector<double>& xs) {
  Stats s;
  double sum = 0;
  for (double x : xs) sum += x;
  s.n = xs.size();
  if (s.n == 0) return s;
  s.mean = sum / static_cast<double>(s.n);
  if (s.n < 2) return s;
  double ss = 0;
  for (double x : xs) ss += (x - s.mean) * (x - s.mean);
  s.sd = std::sqrt(ss / static_cast<double>(s.n - 1));
  const boost::math::students_t t(static_cast<double>(s.n - 1));
  const double q = boost::math::quantile(boost::math::complement(t, 0.025));
  const double half = q * s.sd / std::sqrt(static_cast<double>(s.n));
  s.lo = s.mean - half;
  s.hi = s.mean + half;
  return s;
}

bool numeric_text(const std::string& s, double& x) {
  try {
    std::size_t used = 0;
    x = std::stod(s, &used);
    return used == s.size() && std::isfinite(x);
  } catch (...) {
    return false;
  }
}

// Mean over the finished replicates of a point, per series.
std::vector<std::vector<double>> point_means(const Plan& plan, const Data& d) {
  const std::size_t ns = plan.years.size() * plan.record.size();
  std::vector<std::vector<double>> m(plan.points.size(), std::vector<double>(ns, kNaN));
  for (std::size_t p = 0; p < plan.points.size(); ++p)
    for (std::size_t s = 0; s < ns; ++s) {
      double sum = 0;
      int n = 0;
      for (int r = 0; r < plan.replicates; ++r) {
        const auto run = static_cast<std::size_t>(static_cast<std::int64_t>(p) * plan.replicates + r);
        if (d.done[run] && !std::isnan(d.values[run][s])) sum += d.values[run][s], ++n;
      }
      if (n > 0) m[p][s] = sum / n;
    }
  return m;
}

std::vector<std::size_t> key_columns(const Plan& plan, const std::vector<std::string>& keys) {
  std::vector<std::size_t> idx;
  for (const auto& k : keys) idx.push_back(static_cast<std::size_t>(std::find(plan.keys.begin(), plan.keys.end(), k) - plan.keys.begin()));
  return idx;
}

const Factor* factor(const Plan& plan, const std::string& key) {
  for (const auto& f : plan.factors)
    if (f.key == key) return &f;
  return nullptr;
}

}  // namespace

SummaryOutcome summarize_sweep(const std::string& dir, const std::string& out_dir_in) {
  const Plan plan = read_sweep_dir(dir);
  const std::string db_path = (fs::path(dir) / "results.sqlite").string();
  if (!fs::exists(db_path)) {
    std::string hint = "run `xiaoda sweep run " + dir + "` first";
    if (fs::exists(fs::path(dir) / "shards")) hint = "merge the shards first: `xiaoda sweep merge " + dir + "`";
    throw UsageError("no results in '" + dir + "': " + hint);
  }
  const std::string out_dir = out_dir_in.empty() ? (fs::path(dir) / "summary").string() : out_dir_in;
  fs::create_directories(out_dir);
  const Data d = load(db_path, plan);
  SummaryOutcome res;
  const std::size_t nrec = plan.record.size();
  auto series_of = [&](std::size_t y, std::size_t i) { return y * nrec + i; };
  res.text = fmt::format("sweep {}: {} of {} runs done, {} failed, {} pending\n", dir, d.n_done, plan.run_count(), d.n_failed,
                         plan.run_count() - d.n_done - d.n_failed);

  // ---- points.csv: replicate statistics ---------------------------------------------------
  {
    std::vector<std::string> head = {"point"};
    head.insert(head.end(), plan.keys.begin(), plan.keys.end());
    for (const char* h : {"indicator", "year", "n", "mean", "sd", "ci95_low", "ci95_high"}) head.push_back(h);
    std::string csv = csv_line(head);
    for (std::size_t p = 0; p < plan.points.size(); ++p)
      for (std::size_t i = 0; i < nrec; ++i)
        for (std::size_t y = 0; y < plan.years.size(); ++y) {
          std::vector<double> xs;
          for (int r = 0; r < plan.replicates; ++r) {
            const auto run = static_cast<std::size_t>(static_cast<std::int64_t>(p) * plan.replicates + r);
            const double v = d.values[run][series_of(y, i)];
            if (d.done[run] && !std::isnan(v)) xs.push_back(v);
          }
          const Stats s = stats(xs);
          std::vector<std::string> row = {std::to_string(p)};
          row.insert(row.end(), plan.points[p].begin(), plan.points[p].end());
          for (const auto& f : {plan.record[i], std::to_string(plan.years[y]), std::to_string(s.n), num(s.mean), num(s.sd),
                                num(s.lo), num(s.hi)})
            row.push_back(f);
          csv += csv_line(row);
        }
    const std::string path = (fs::path(out_dir) / "points.csv").string();
    write_file_atomic(path, csv);
    res.files.push_back(path);
  }

  const auto means = point_means(plan, d);
  const auto cell_cols = key_columns(plan, plan.cell_keys);
  const auto samp_cols = key_columns(plan, plan.sampled_keys);
  auto cell_head = [&](std::vector<std::string> tail) {
    std::vector<std::string> head = {"cell"};
    head.insert(head.end(), plan.cell_keys.begin(), plan.cell_keys.end());
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };
  auto cell_prefix = [&](std::int64_t c) {
    std::vector<std::string> row = {std::to_string(c)};
    const auto& pt = plan.points[static_cast<std::size_t>(c * plan.per_cell)];
    for (auto j : cell_cols) row.push_back(pt[j]);
    return row;
  };

  // ---- morris.csv: elementary effects ------------------------------------------------------
  if (plan.design == Design::Morris) {
    const std::size_t k = plan.sampled_keys.size();
    std::string csv = csv_line(cell_head({"indicator", "year", "parameter", "mu", "mu_star", "sigma", "effects"}));
    std::string top;
    for (std::int64_t c = 0; c < plan.cells; ++c)
      for (std::size_t i = 0; i < nrec; ++i)
        for (std::size_t y = 0; y < plan.years.size(); ++y) {
          std::vector<std::vector<double>> ee(k);
          for (int t = 0; t < plan.trajectories; ++t) {
            const auto base = static_cast<std::size_t>(c * plan.per_cell + static_cast<std::int64_t>(t) * static_cast<std::int64_t>(k + 1));
            for (std::size_t s = 0; s < k; ++s) {
              const auto& a = plan.points[base + s];
              const auto& b = plan.points[base + s + 1];
              for (std::size_t f = 0; f < k; ++f) {
                const std::size_t col = samp_cols[f];
                if (a[col] == b[col]) continue;
                const Factor* fac = factor(plan, plan.sampled_keys[f]);
                double xa = 0, xb = 0;
                if (!fac || !numeric_text(a[col], xa) || !numeric_text(b[col], xb)) continue;
                const double ya = means[base + s][series_of(y, i)], yb = means[base + s + 1][series_of(y, i)];
                if (std::isnan(ya) || std::isnan(yb)) continue;
                ee[f].push_back((yb - ya) / ((xb - xa) / (fac->hi - fac->lo)));
              }
            }
          }
          for (std::size_t f = 0; f < k; ++f) {
            double mu = 0, mus = 0;
            for (double e : ee[f]) mu += e, mus += std::abs(e);
            const double n = static_cast<double>(ee[f].size());
            double sg = kNaN;
            if (!ee[f].empty()) {
              mu /= n;
              mus /= n;
              double ss = 0;
              for (double e : ee[f]) ss += (e - mu) * (e - mu);
              if (ee[f].size() > 1) sg = std::sqrt(ss / (n - 1));
            } else {
              mu = mus = kNaN;
            }
            auto row = cell_prefix(c);
            for (const auto& v : {plan.record[i], std::to_string(plan.years[y]), plan.sampled_keys[f], num(mu), num(mus), num(sg),
                                  std::to_string(ee[f].size())})
              row.push_back(v);
            csv += csv_line(row);
            if (c == 0 && y + 1 == plan.years.size())
              top += fmt::format("  {:<28} {:<40} mu* {:>12}  sigma {:>12}\n", plan.record[i], plan.sampled_keys[f], num(mus), num(sg));
          }
        }
    const std::string path = (fs::path(out_dir) / "morris.csv").string();
    write_file_atomic(path, csv);
    res.files.push_back(path);
    res.text += fmt::format("\nMorris elementary effects (unit-scaled parameters), year {}{}:\n", plan.years.back(),
                            plan.cells > 1 ? ", cell 0" : "") + top;
  }

  // ---- sobol_indices.csv: Saltelli (2010) first order, Jansen total, bootstrap intervals --------
  if (plan.design == Design::Saltelli) {
    const std::size_t k = plan.sampled_keys.size();
    const auto n = static_cast<std::size_t>(plan.samples);
    std::string csv = csv_line(cell_head({"indicator", "year", "parameter", "S1", "S1_ci95_low", "S1_ci95_high", "ST",
                                          "ST_ci95_low", "ST_ci95_high", "samples"}));
    std::string top;
    for (std::int64_t c = 0; c < plan.cells; ++c)
      for (std::size_t i = 0; i < nrec; ++i)
        for (std::size_t y = 0; y < plan.years.size(); ++y) {
          // blocks whose A, B and every AB_i finished
          std::vector<std::size_t> blocks;
          for (std::size_t j = 0; j < n; ++j) {
            const auto base = static_cast<std::size_t>(c * plan.per_cell) + j * (k + 2);
            bool ok = true;
            for (std::size_t q = 0; q < k + 2; ++q) ok = ok && !std::isnan(means[base + q][series_of(y, i)]);
            if (ok) blocks.push_back(base);
          }
          const auto m = static_cast<Eigen::Index>(blocks.size());
          Eigen::VectorXd fa(m), fb(m);
          Eigen::MatrixXd fab(m, static_cast<Eigen::Index>(k));
          for (Eigen::Index j = 0; j < m; ++j) {
            const std::size_t base = blocks[static_cast<std::size_t>(j)];
            fa(j) = means[base][series_of(y, i)];
            fb(j) = means[base + k + 1][series_of(y, i)];
            for (std::size_t f = 0; f < k; ++f) fab(j, static_cast<Eigen::Index>(f)) = means[base + 1 + f][series_of(y, i)];
          }
          auto estimate = [&](const std::vector<Eigen::Index>& pick, std::size_t f, double& s1, double& st) {
            // outputs centred on the mean of f(A) and f(B) first: the estimator's sampling error
            // otherwise grows with the square of that mean
            const auto mm = static_cast<double>(pick.size());
            double mean = 0;
            for (Eigen::Index j : pick) mean += fa(j) + fb(j);
            mean /= 2 * mm;
            double var = 0, num1 = 0, numt = 0;
            for (Eigen::Index j : pick) {
              const double a = fa(j) - mean, b = fb(j) - mean, ab = fab(j, static_cast<Eigen::Index>(f)) - mean;
              var += a * a + b * b;
              num1 += b * (ab - a);
              numt += (a - ab) * (a - ab);
            }
            var /= 2 * mm;
            s1 = var > 0 ? num1 / mm / var : kNaN;
            st = var > 0 ? 0.5 * numt / mm / var : kNaN;
          };
          for (std::size_t f = 0; f < k; ++f) {
            double s1 = kNaN, st = kNaN, s1l = kNaN, s1h = kNaN, stl = kNaN, sth = kNaN;
            if (m >= 2) {
              std::vector<Eigen::Index> all(static_cast<std::size_t>(m));
              for (Eigen::Index j = 0; j < m; ++j) all[static_cast<std::size_t>(j)] = j;
              estimate(all, f, s1, st);
              // percentile bootstrap over blocks (fixed seed: the same summary every time)
              std::vector<double> b1, bt;
              for (std::uint32_t b = 0; b < 500; ++b) {
                Rng rng(plan.seed, 0x5b0b, b, f);
                std::vector<Eigen::Index> pick(all.size());
                for (auto& p : pick) p = static_cast<Eigen::Index>(rng.below(static_cast<std::uint32_t>(m)));
                double x1 = 0, xt = 0;
                estimate(pick, f, x1, xt);
                if (!std::isnan(x1)) b1.push_back(x1), bt.push_back(xt);
              }
              if (b1.size() > 20) {
                std::sort(b1.begin(), b1.end());
                std::sort(bt.begin(), bt.end());
                auto at = [](const std::vector<double>& v, double q) { return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))]; };
                s1l = at(b1, 0.025), s1h = at(b1, 0.975), stl = at(bt, 0.025), sth = at(bt, 0.975);
              }
            }
            auto row = cell_prefix(c);
            for (const auto& v : {plan.record[i], std::to_string(plan.years[y]), plan.sampled_keys[f], num(s1), num(s1l), num(s1h),
                                  num(st), num(stl), num(sth), std::to_string(m)})
              row.push_back(v);
            csv += csv_line(row);
            if (c == 0 && y + 1 == plan.years.size())
              top += fmt::format("  {:<28} {:<40} S1 {:>9} [{}, {}]  ST {:>9}\n", plan.record[i], plan.sampled_keys[f], num(s1),
                                 num(s1l), num(s1h), num(st));
          }
        }
    const std::string path = (fs::path(out_dir) / "sobol_indices.csv").string();
    write_file_atomic(path, csv);
    res.files.push_back(path);
    res.text += fmt::format("\nSobol indices (Saltelli 2010 first order, Jansen total; 95% bootstrap intervals), year {}{}:\n",
                            plan.years.back(), plan.cells > 1 ? ", cell 0" : "") + top;
  }

  // ---- regression.csv: standardized regression coefficients over all finished runs -----------
  std::vector<std::size_t> num_cols;
  for (std::size_t j = 0; j < plan.keys.size(); ++j) {
    bool all_num = true;
    std::set<std::string> distinct;
    for (const auto& pt : plan.points) {
      double x = 0;
      all_num = all_num && numeric_text(pt[j], x);
      distinct.insert(pt[j]);
    }
    if (all_num && distinct.size() > 1) num_cols.push_back(j);
  }
  if (!num_cols.empty()) {
    std::vector<std::string> tail = {"indicator", "year", "runs", "r_squared"};
    for (auto j : num_cols) tail.push_back("src:" + plan.keys[j]);
    std::string csv = csv_line(tail);
    std::string top;
    for (std::size_t i = 0; i < nrec; ++i)
      for (std::size_t y = 0; y < plan.years.size(); ++y) {
        std::vector<std::size_t> runs;
        for (std::size_t r = 0; r < d.done.size(); ++r)
          if (d.done[r] && !std::isnan(d.values[r][series_of(y, i)])) runs.push_back(r);
        const auto m = static_cast<Eigen::Index>(runs.size());
        const auto p = static_cast<Eigen::Index>(num_cols.size());
        std::vector<std::string> row = {plan.record[i], std::to_string(plan.years[y]), std::to_string(m)};
        if (m <= p + 1) {
          row.push_back("");
          for (Eigen::Index q = 0; q < p; ++q) row.push_back("");
          csv += csv_line(row);
          continue;
        }
        Eigen::MatrixXd x(m, p);
        Eigen::VectorXd v(m);
        for (Eigen::Index a = 0; a < m; ++a) {
          const std::size_t r = runs[static_cast<std::size_t>(a)];
          const auto& pt = plan.points[static_cast<std::size_t>(plan.point_of(static_cast<std::int64_t>(r)))];
          for (Eigen::Index q = 0; q < p; ++q) x(a, q) = std::stod(pt[num_cols[static_cast<std::size_t>(q)]]);
          v(a) = d.values[r][series_of(y, i)];
        }
        // standardize, then least squares without intercept: coefficients are SRCs
        auto standardize = [&](auto&& col) {
          const double mu = col.mean();
          const double sd = std::sqrt((col.array() - mu).square().sum() / static_cast<double>(m - 1));
          col = (col.array() - mu) / (sd > 0 ? sd : 1.0);
          return sd;
        };
        for (Eigen::Index q = 0; q < p; ++q) standardize(x.col(q));
        const double ysd = standardize(v);
        if (!(ysd > 0)) {
          row.push_back("");
          for (Eigen::Index q = 0; q < p; ++q) row.push_back("");
          csv += csv_line(row);
          continue;
        }
        const Eigen::VectorXd b = x.colPivHouseholderQr().solve(v);
        const double r2 = 1.0 - (v - x * b).squaredNorm() / v.squaredNorm();
        row.push_back(num(r2));
        for (Eigen::Index q = 0; q < p; ++q) row.push_back(num(b(q)));
        csv += csv_line(row);
        if (y + 1 == plan.years.size()) {
          top += fmt::format("  {:<28} R2 {:>6}", plan.record[i], num(r2));
          for (Eigen::Index q = 0; q < p; ++q) top += fmt::format("  {} {}", plan.keys[num_cols[static_cast<std::size_t>(q)]], num(b(q)));
          top += "\n";
        }
      }
    const std::string path = (fs::path(out_dir) / "regression.csv").string();
    write_file_atomic(path, csv);
    res.files.push_back(path);
    res.text += fmt::format("\nStandardized regression coefficients (all finished runs), year {}:\n", plan.years.back()) + top;
  }
  res.text += "\nwrote";
  for (const auto& f : res.files) res.text += " " + f;
  res.text += "\n";
  return res;
}

}  // namespace sim::sweep
