#include "sim/rng.hpp"

#include <cmath>
#include <numbers>

namespace sim {

double Rng::normal() {
  // Box-Muller: always two uniforms, so the draw count per call is fixed and portable.
  double u1 = uniform();
  const double u2 = uniform();
  if (u1 < 1e-300) u1 = 1e-300;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

std::uint32_t Rng::poisson(double mean) {
  if (mean <= 0.0) return 0;
  if (mean > 50.0) {
    const double x = std::round(mean + std::sqrt(mean) * normal());
    return x < 0.0 ? 0u : static_cast<std::uint32_t>(x);
  }
  const double limit = std::exp(-mean);
  double prod = uniform();
  std::uint32_t k = 0;
  while (prod > limit) {
    prod *= uniform();
    ++k;
  }
  return k;
}

std::uint32_t Rng::binomial(std::uint32_t n, double p) {
  if (p <= 0.0 || n == 0) return 0;
  if (p >= 1.0) return n;
  if (n <= 64) {
    std::uint32_t k = 0;
    for (std::uint32_t i = 0; i < n; ++i) k += uniform() < p ? 1u : 0u;
    return k;
  }
  const double mean = n * p, sd = std::sqrt(n * p * (1.0 - p));
  double x = std::round(mean + sd * normal());
  if (x < 0.0) x = 0.0;
  if (x > n) x = n;
  return static_cast<std::uint32_t>(x);
}

}  // namespace sim
