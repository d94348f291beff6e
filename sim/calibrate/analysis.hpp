#pragma once
// The objective of a calibration (weighted squared distance between simulated means and targets,
// in tolerance units) with its own noise, and the identification report at the optimum.
#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/calibrate/runner.hpp"
#include "sim/calibrate/spec.hpp"

namespace sim::calibrate {

/// Objective of an evaluation whose runs failed (or gave no value for a target): large, finite
/// (NLopt's local methods need finite values), and never the best.
inline constexpr double kFailedObjective = 1e10;

struct ObjectiveValue {
  double f = 0.0;                ///< sum over fit targets of weight * ((mean - target) / tolerance)^2
  double sd = 0.0;               ///< bootstrap standard deviation of f over the replicates (NaN with one replicate)
  bool failed = false;
  std::string error;
  std::vector<double> mean, sd_rep;  ///< per series (fit targets, then held-out): over the replicates
  int n = 0;                     ///< replicates
};

/// f and its noise from the replicates' values (each RunValues holds the values of spec.series()).
/// The bootstrap draws its resamples from a counter-based stream keyed by `seed`.
ObjectiveValue objective(const CalibrationSpec& spec, const std::vector<RunValues>& reps, std::uint64_t seed);
/// f of a set of per-series means.
double objective_of_means(const CalibrationSpec& spec, const std::vector<double>& mean);

/// Identification at the optimum from central finite differences (common random numbers).
struct Identification {
  std::vector<std::string> params;     ///< free parameter keys
  std::vector<std::string> targets;    ///< "indicator year" of the fit targets
  std::vector<double> x, x_minus, x_plus;
  /// Scaled sensitivities: change of target i, in its tolerance units (times sqrt(weight)), when
  /// parameter j moves across its whole range (linearised); and their standard errors over replicates.
  Eigen::MatrixXd S, SE;
  std::vector<double> norms;           ///< column norms |S_j|
  std::vector<bool> weak;
  std::vector<std::string> weak_reason;
  struct Pair {
    std::size_t a = 0, b = 0;
    double cosine = 0.0;
  };
  std::vector<Pair> collinear;         ///< near-collinear columns (trade-offs)
  Eigen::MatrixXd cosines;             ///< all column cosines
  Eigen::VectorXd eigenvalues;         ///< of S'S, ascending
  Eigen::MatrixXd eigenvectors;        ///< columns, in parameter order
  std::vector<double> alone;           ///< change of parameter j alone that adds 1 to the objective (model units)
  std::vector<double> adjusting;       ///< same with the other parameters re-fitted (inf: not determined)
  std::vector<std::string> failures;   ///< finite-difference points whose runs failed
};

/// plus[j][r] / minus[j][r]: the runs of replicate r at the upper / lower point of parameter j.
Identification identify(const CalibrationSpec& spec, const std::vector<double>& x, const std::vector<double>& x_minus,
                        const std::vector<double>& x_plus, const std::vector<std::vector<RunValues>>& minus,
                        const std::vector<std::vector<RunValues>>& plus);

/// The identification report as text.
std::string identification_text(const CalibrationSpec& spec, const Identification& id);
/// S, SE and the column summaries as CSV (one row per target and parameter).
std::string identification_csv(const CalibrationSpec& spec, const Identification& id);

}  // namespace sim::calibrate
