#include "sim/calibrate/analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/rng.hpp"
#include "sim/sweep/csv.hpp"

namespace sim::calibrate {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
constexpr int kBootstrap = 200;

std::string num(double x) {
  if (std::isnan(x)) return "";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return fmt::format("{:.6g}", x);
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? kNaN : s / static_cast<double>(v.size());
}

double sd_of(const std::vector<double>& v) {
  if (v.size() < 2) return kNaN;
  const double m = mean_of(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

}  // namespace

double objective_of_means(const CalibrationSpec& spec, const std::vector<double>& mean) {
  double f = 0;
  for (std::size_t i = 0; i < spec.fit.size(); ++i) {
    const auto& t = spec.fit[i];
    const double z = (mean[i] - t.value) / t.scale();
    f += t.weight * z * z;
  }
  return f;
}

ObjectiveValue objective(const CalibrationSpec& spec, const std::vector<RunValues>& reps, std::uint64_t seed) {
  ObjectiveValue o;
  const std::size_t ns = spec.fit.size() + spec.held_out.size();
  o.n = static_cast<int>(reps.size());
  o.mean.assign(ns, kNaN);
  o.sd_rep.assign(ns, kNaN);
  for (const auto& r : reps)
    if (!r.ok) {
      o.failed = true;
      o.error = r.error;
    }
  if (!o.failed) {
    for (std::size_t i = 0; i < ns; ++i) {
      std::vector<double> xs;
      for (const auto& r : reps) xs.push_back(r.values[i]);
      o.mean[i] = mean_of(xs);
      o.sd_rep[i] = sd_of(xs);
    }
    for (std::size_t i = 0; i < spec.fit.size(); ++i)
      if (!std::isfinite(o.mean[i])) {
        o.failed = true;
        o.error = fmt::format("no finite value of {} in {}", spec.fit[i].indicator, spec.fit[i].year);
      }
  }
  if (o.failed) {
    o.f = kFailedObjective;
    o.sd = kNaN;
    return o;
  }
  o.f = objective_of_means(spec, o.mean);
  // Noise of f: bootstrap over the replicates (the same resamples for every candidate).
  const std::size_t R = reps.size();
  if (R < 2) {
    o.sd = kNaN;
    return o;
  }
  std::vector<double> fs;
  fs.reserve(kBootstrap);
  std::vector<double> m(spec.fit.size());
  for (int b = 0; b < kBootstrap; ++b) {
    Rng rng(seed, 0xB007, 0, static_cast<std::uint64_t>(b));
    std::fill(m.begin(), m.end(), 0.0);
    for (std::size_t k = 0; k < R; ++k) {
      const std::size_t pick = rng.below(static_cast<std::uint32_t>(R));
      for (std::size_t i = 0; i < m.size(); ++i) m[i] += reps[pick].values[i];
    }
    for (auto& v : m) v /= static_cast<double>(R);
    fs.push_back(objective_of_means(spec, m));
  }
  o.sd = sd_of(fs);
  return o;
}

Identification identify(const CalibrationSpec& spec, const std::vector<double>& x, const std::vector<double>& x_minus,
                        const std::vector<double>& x_plus, const std::vector<std::vector<RunValues>>& minus,
                        const std::vector<std::vector<RunValues>>& plus) {
  Identification id;
  const std::size_t k = spec.params.size(), m = spec.fit.size();
  for (const auto& p : spec.params) id.params.push_back(p.key);
  for (const auto& t : spec.fit) id.targets.push_back(fmt::format("{} {}", t.indicator, t.year));
  id.x = x;
  id.x_minus = x_minus;
  id.x_plus = x_plus;
  id.S = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(k));
  id.SE = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(k), kNaN);
  std::vector<bool> failed(k, false);
  for (std::size_t j = 0; j < k; ++j) {
    const auto& p = spec.params[j];
    const double dx = x_plus[j] - x_minus[j];
    for (std::size_t r = 0; r < minus[j].size(); ++r)
      if (!minus[j][r].ok || !plus[j][r].ok) failed[j] = true;
    if (failed[j]) {
      id.failures.push_back(fmt::format("{}: runs at {} or {} failed", p.key, x_minus[j], x_plus[j]));
      for (std::size_t i = 0; i < m; ++i) id.S(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = kNaN;
      continue;
    }
    for (std::size_t i = 0; i < m; ++i) {
      const auto& t = spec.fit[i];
      const double factor = (p.hi - p.lo) * std::sqrt(t.weight) / t.scale();
      std::vector<double> d;
      for (std::size_t r = 0; r < minus[j].size(); ++r) d.push_back((plus[j][r].values[i] - minus[j][r].values[i]) / dx);
      const auto ii = static_cast<Eigen::Index>(i), jj = static_cast<Eigen::Index>(j);
      id.S(ii, jj) = mean_of(d) * factor;
      id.SE(ii, jj) = d.size() > 1 ? sd_of(d) / std::sqrt(static_cast<double>(d.size())) * factor : kNaN;
    }
  }
  // Columns: norms and weak parameters.
  for (std::size_t j = 0; j < k; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    if (failed[j]) {
      id.norms.push_back(kNaN);
      id.weak.push_back(true);
      id.weak_reason.push_back("finite-difference runs failed");
      continue;
    }
    const double norm = id.S.col(jj).norm();
    id.norms.push_back(norm);
    bool significant = false, se_known = true;
    for (std::size_t i = 0; i < m; ++i) {
      const double se = id.SE(static_cast<Eigen::Index>(i), jj);
      if (std::isnan(se)) se_known = false;
      else if (std::abs(id.S(static_cast<Eigen::Index>(i), jj)) > 2.0 * se && id.S(static_cast<Eigen::Index>(i), jj) != 0.0)
        significant = true;
    }
    if (norm == 0.0) {
      id.weak.push_back(true);
      id.weak_reason.push_back("no target moves at all when it changes");
    } else if (norm < spec.weak_threshold) {
      id.weak.push_back(true);
      id.weak_reason.push_back(fmt::format("moving it across its whole range moves the targets by {:.3g} tolerance units "
                                           "(below weak_threshold {:.3g})",
                                           norm, spec.weak_threshold));
    } else if (se_known && !significant) {
      id.weak.push_back(true);
      id.weak_reason.push_back("its effects are within the noise of the finite differences (no |S| above 2 standard errors)");
    } else {
      id.weak.push_back(false);
      id.weak_reason.push_back("");
    }
  }
  // Trade-offs: cosines of the columns (J'J normalised).
  const auto K = static_cast<Eigen::Index>(k);
  id.cosines = Eigen::MatrixXd::Constant(K, K, kNaN);
  for (Eigen::Index a = 0; a < K; ++a)
    for (Eigen::Index b = 0; b < K; ++b) {
      const double na = id.S.col(a).norm(), nb = id.S.col(b).norm();
      if (na > 0 && nb > 0 && std::isfinite(na) && std::isfinite(nb)) id.cosines(a, b) = id.S.col(a).dot(id.S.col(b)) / (na * nb);
    }
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = a + 1; b < k; ++b) {
      const double c = id.cosines(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
      if (!id.weak[a] && !id.weak[b] && std::abs(c) > spec.collinear_threshold) id.collinear.push_back({a, b, c});
    }
  // Eigen-decomposition of S'S (failed columns as zero).
  Eigen::MatrixXd S0 = id.S.unaryExpr([](double v) { return std::isfinite(v) ? v : 0.0; });
  const Eigen::MatrixXd H = S0.transpose() * S0;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(H);
  id.eigenvalues = es.eigenvalues();
  id.eigenvectors = es.eigenvectors();
  const double lmax = K > 0 ? std::max(0.0, id.eigenvalues(K - 1)) : 0.0;
  for (std::size_t j = 0; j < k; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    const double range = spec.params[j].hi - spec.params[j].lo;
    const double hjj = H(jj, jj);
    id.alone.push_back(hjj > 0 ? range / std::sqrt(hjj) : kInf);
    // with the others re-fitted: sqrt of the diagonal of the inverse; infinite when the parameter
    // loads on a direction the targets do not determine
    double inv = 0;
    bool undetermined = false;
    for (Eigen::Index e = 0; e < K; ++e) {
      const double l = id.eigenvalues(e), v = id.eigenvectors(jj, e);
      if (l <= 1e-12 * lmax || l <= 0) {
        if (std::abs(v) > 1e-3) undetermined = true;
      } else {
        inv += v * v / l;
      }
    }
    id.adjusting.push_back(undetermined || !(lmax > 0) ? kInf : range * std::sqrt(inv));
  }
  return id;
}

std::string identification_text(const CalibrationSpec& spec, const Identification& id) {
  const std::size_t k = id.params.size(), m = id.targets.size();
  std::string s = fmt::format(
      "Identification at the optimum (central finite differences of {:g} % of each range, the calibration's {} replicate "
      "seed(s))\n\n",
      100 * spec.fd_step, spec.replicates);
  s += "Sensitivity S: change of each target, in tolerance units, when a parameter moves across its whole range\n"
       "(linearised), +- its standard error over the replicates\n\n";
  std::size_t w = 12;
  for (const auto& t : id.targets) w = std::max(w, t.size() + 2);
  s += fmt::format("{:<{}}", "target", w);
  for (std::size_t j = 0; j < k; ++j) s += fmt::format(" {:>22}", fmt::format("[{}]", j + 1));
  s += "\n";
  for (std::size_t i = 0; i < m; ++i) {
    s += fmt::format("{:<{}}", id.targets[i], w);
    for (std::size_t j = 0; j < k; ++j) {
      const double v = id.S(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
      const double e = id.SE(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
      s += fmt::format(" {:>22}", std::isnan(e) ? num(v) : fmt::format("{:.3g} +- {:.2g}", v, e));
    }
    s += "\n";
  }
  s += "\nParameters (|S_j|: how strongly the targets pin the parameter down; 'alone': change that adds 1 to the\n"
       "objective with the others fixed; 'adjusting': the same when the others re-fit, inf = not determined)\n\n";
  for (std::size_t j = 0; j < k; ++j)
    s += fmt::format("  [{}] {:<44} x* {:<12} |S| {:<10} alone +-{:<10} adjusting +-{:<10} {}\n", j + 1, id.params[j],
                     num(id.x[j]), num(id.norms[j]), num(id.alone[j]), num(id.adjusting[j]),
                     id.weak[j] ? "WEAK: " + id.weak_reason[j] : "identified");
  s += "\nWeak parameters (the targets do not pin them down; their calibrated values mean little): ";
  std::vector<std::string> weak;
  for (std::size_t j = 0; j < k; ++j)
    if (id.weak[j]) weak.push_back(id.params[j]);
  s += weak.empty() ? "none\n" : "\n";
  for (const auto& p : weak) s += "  " + p + "\n";
  s += fmt::format("\nTrade-offs (pairs of identified parameters whose columns have |cosine| > {:g}): ", spec.collinear_threshold);
  s += id.collinear.empty() ? "none\n" : "\n";
  for (const auto& p : id.collinear)
    s += fmt::format("  {} and {}: cosine {:.3f}: {}; with the others re-fitted each is determined {:.2g} and {:.2g} times "
                     "less precisely than alone\n",
                     id.params[p.a], id.params[p.b], p.cosine,
                     p.cosine > 0 ? "raising one and lowering the other leaves the fit nearly unchanged"
                                  : "raising both together leaves the fit nearly unchanged",
                     id.adjusting[p.a] / id.alone[p.a], id.adjusting[p.b] / id.alone[p.b]);
  s += "\nEigenvalues of S'S (ascending) and their directions (a small eigenvalue: the fit hardly changes along it)\n";
  for (Eigen::Index e = 0; e < id.eigenvalues.size(); ++e) {
    s += fmt::format("  {:<12}", num(id.eigenvalues(e)));
    for (std::size_t j = 0; j < k; ++j) {
      const double v = id.eigenvectors(static_cast<Eigen::Index>(j), e);
      if (std::abs(v) >= 0.1) s += fmt::format(" {:+.2f} [{}]", v, j + 1);
    }
    s += "\n";
  }
  const auto K = static_cast<Eigen::Index>(k);
  if (K > 0 && id.eigenvalues(0) > 0)
    s += fmt::format("  condition number {:.3g}\n", id.eigenvalues(K - 1) / id.eigenvalues(0));
  for (const auto& f : id.failures) s += "  failed: " + f + "\n";
  return s;
}

std::string identification_csv(const CalibrationSpec& spec, const Identification& id) {
  std::string csv = sweep::csv_line({"indicator", "year", "parameter", "S", "SE", "column_norm", "weak", "alone", "adjusting",
                                     "x", "x_minus", "x_plus"});
  for (std::size_t i = 0; i < id.targets.size(); ++i)
    for (std::size_t j = 0; j < id.params.size(); ++j) {
      const auto ii = static_cast<Eigen::Index>(i), jj = static_cast<Eigen::Index>(j);
      csv += sweep::csv_line({spec.fit[i].indicator, std::to_string(spec.fit[i].year), id.params[j], num(id.S(ii, jj)), num(id.SE(ii, jj)), num(id.norms[j]),
                              id.weak[j] ? "1" : "0", num(id.alone[j]), num(id.adjusting[j]), fmt::format("{}", id.x[j]),
                              fmt::format("{}", id.x_minus[j]), fmt::format("{}", id.x_plus[j])});
    }
  return csv;
}

}  // namespace sim::calibrate
