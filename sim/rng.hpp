#pragma once
// Counter-based random streams (Random123 Philox4x32-10).
//
// A stream is keyed by the run seed and addressed by (stream id, tick, agent id, sub-stream);
// draws within a stream are numbered. The same address gives the same numbers whatever the thread
// schedule, so no agent ever touches a shared generator.
#include <Random123/philox.h>

#include <cstdint>
#include <limits>

namespace sim {

class Rng {
 public:
  using result_type = std::uint32_t;
  using Philox = r123::Philox4x32;

  /// seed: run seed; stream: phase or purpose id (16 bits); tick; agent: agent id; sub: sub-stream (16 bits).
  Rng(std::uint64_t seed, std::uint32_t stream, std::uint32_t tick, std::uint64_t agent, std::uint32_t sub = 0) {
    key_ = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    ctr_ = {{0u, tick, static_cast<std::uint32_t>(agent),
             ((stream & 0xffffu) << 16) ^ (sub & 0xffffu) ^ (static_cast<std::uint32_t>(agent >> 32) * 0x9E3779B9u)}};
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (have_ == 0) {
      out_ = Philox()(ctr_, key_);
      ++ctr_.v[0];
      have_ = 4;
    }
    return out_.v[4 - have_--];
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() {
    const std::uint64_t a = (*this)() >> 5;  // 27 bits
    const std::uint64_t b = (*this)() >> 6;  // 26 bits
    return static_cast<double>((a << 26) | b) * (1.0 / 9007199254740992.0);
  }
  /// Uniform double in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }
  /// Uniform integer in [0, n) without modulo bias (Lemire's method). n > 0.
  std::uint32_t below(std::uint32_t n) {
    std::uint64_t m = static_cast<std::uint64_t>((*this)()) * n;
    auto l = static_cast<std::uint32_t>(m);
    if (l < n) {
      const std::uint32_t t = static_cast<std::uint32_t>(-n) % n;
      while (l < t) {
        m = static_cast<std::uint64_t>((*this)()) * n;
        l = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }
  /// Standard normal draw (Box-Muller on two uniforms; fixed number of draws per call).
  double normal();
  double normal(double mean, double sd) { return mean + sd * normal(); }
  /// Log-normal draw with the given log-mean and log-sd.
  double lognormal(double mu, double sigma);
  /// Poisson draw (inversion for small means, normal approximation above 50).
  std::uint32_t poisson(double mean);
  /// Binomial draw.
  std::uint32_t binomial(std::uint32_t n, double p);

 private:
  Philox::ctr_type ctr_{};
  Philox::key_type key_{};
  Philox::ctr_type out_{};
  int have_ = 0;
};

}  // namespace sim
