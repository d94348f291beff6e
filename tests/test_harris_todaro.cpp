// Harris-Todaro reference model: the plateau against the analytic results of
// docs/reference-models.md (balance of flows, n_U* = alpha / (alpha + rho phi), the numerically
// found equilibrium for gamma != 1), indicator formulas, and determinism across thread counts.
//
// The economy is re-derived here, written from the formulas (w_A = phi p A_A n_A^(phi-1)),
// independently of the model's code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "sim/error.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "test_util.hpp"

namespace {

const sim::ModelCatalog& cat() {
  static const sim::ModelCatalog c = models::catalog();
  return c;
}

struct Case {
  double alpha = 0.7, phi = 0.3, rho = 1.0, gamma = 1.0, w_M = 0.8, A_A = 1.0, A_M = 1.0;
  double lambda = 50, activity = 0.01, initial = 0.2;
  long workers = 1000000;
  int ticks = 100;
  int threads = 2;
  bool lattice = false;
  double coupling = 0.0;
  long width = 1000;
};

double n_M_star(const Case& c) { return std::pow(c.alpha * c.A_M / c.w_M, 1.0 / (1.0 - c.alpha)); }

/// Rural wage and expected urban wage at urban share n (shares of a population of 1).
std::pair<double, double> wages(const Case& c, double n) {
  const double n_A = 1.0 - n, n_M = std::min(n, n_M_star(c));
  const double Y_A = c.A_A * std::pow(n_A, c.phi), Y_M = c.A_M * std::pow(n_M, c.alpha);
  const double p = c.rho * std::pow(Y_M / Y_A, c.gamma);
  const double w_A = c.phi * p * c.A_A * std::pow(n_A, c.phi - 1.0);
  const double w_U = c.w_M * n_M / n;
  return {w_A, w_U};
}

/// Root of an increasing function on (0, 1), by bisection.
double bisect(const std::function<double(double)>& f) {
  double lo = 1e-9, hi = 1.0 - 1e-9;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) > 0 ? hi : lo) = mid;
  }
  return 0.5 * (lo + hi);
}

/// Urban share where the flows balance: n / (1 - n) = exp(lambda (w_U^e - w_A)).
double balance_share(const Case& c) {
  return bisect([&](double n) {
    const auto [w_A, w_U] = wages(c, n);
    return std::log(n / (1.0 - n)) - c.lambda * (w_U - w_A);
  });
}

/// Harris-Todaro equilibrium w_A = w_U^e (w_A - w_U^e increases with n).
double equilibrium_share(const Case& c) {
  return bisect([&](double n) {
    const auto [w_A, w_U] = wages(c, n);
    return w_A - w_U;
  });
}

double unemployment_at(const Case& c, double n) { return 1.0 - std::min(n, n_M_star(c)) / n; }

std::string yaml(const Case& c) {
  return "model: harris_todaro\n"
         "run: {start_year: 1, end_year: " + std::to_string(c.ticks) + ", tick: year, record: every_tick, seed: 5}\n"
         "harris_todaro:\n"
         "  workers: " + std::to_string(c.workers) + "\n"
         "  alpha: " + std::to_string(c.alpha) + "\n"
         "  phi: " + std::to_string(c.phi) + "\n"
         "  rho: " + std::to_string(c.rho) + "\n"
         "  gamma: " + std::to_string(c.gamma) + "\n"
         "  minimum_wage: " + std::to_string(c.w_M) + "\n"
         "  A_A: " + std::to_string(c.A_A) + "\n"
         "  A_M: " + std::to_string(c.A_M) + "\n"
         "  lambda: " + std::to_string(c.lambda) + "\n"
         "  activity: " + std::to_string(c.activity) + "\n"
         "  initial_urban_share: " + std::to_string(c.initial) + "\n"
         "  lattice: " + (c.lattice ? "true" : "false") + "\n"
         "  lattice_width: " + std::to_string(c.width) + "\n"
         "  coupling: " + std::to_string(c.coupling) + "\n";
}

sim::RunResult run(const Case& c) {
  const auto rs = sim::load_scenario_text(yaml(c), "harris_todaro test", {}, cat());
  sim::RunOptions o;
  o.threads = c.threads;
  o.progress = false;
  return sim::execute_run(cat(), rs, o);
}

struct Plateau {
  double urban = 0, unemployment = 0, gap = 0, min_urban = 1, max_urban = 0;
};

/// Means over the last half of the run.
Plateau plateau(const sim::RunResult& r) {
  const auto& t = r.table;
  const auto cu = static_cast<std::size_t>(t.column("urban_share"));
  const auto ce = static_cast<std::size_t>(t.column("unemployment_rate"));
  const auto ca = static_cast<std::size_t>(t.column("w_A"));
  const auto cw = static_cast<std::size_t>(t.column("w_U_expected"));
  Plateau p;
  const std::size_t from = t.rows.size() / 2;
  for (std::size_t i = from; i < t.rows.size(); ++i) {
    p.urban += t.rows[i][cu];
    p.unemployment += t.rows[i][ce];
    p.gap += t.rows[i][cw] - t.rows[i][ca];
    p.min_urban = std::min(p.min_urban, t.rows[i][cu]);
    p.max_urban = std::max(p.max_urban, t.rows[i][cu]);
  }
  const double k = double(t.rows.size() - from);
  p.urban /= k;
  p.unemployment /= k;
  p.gap /= k;
  return p;
}

}  // namespace

// (2) The plateau is where the flows balance, N_U/N_A = exp(lambda (w_U^e - w_A)), for several
// (alpha, phi, rho, lambda) at N = 10^6; the wage gap settles at a constant, not at zero.
TEST(HarrisTodaro, PlateauSatisfiesBalanceCondition) {
  std::vector<Case> cases(4);
  cases[0].alpha = 0.7, cases[0].phi = 0.3, cases[0].rho = 1.0, cases[0].lambda = 5, cases[0].activity = 0.1;
  cases[1].alpha = 0.5, cases[1].phi = 0.5, cases[1].rho = 1.5, cases[1].lambda = 2, cases[1].activity = 0.2;
  cases[2].alpha = 0.8, cases[2].phi = 0.4, cases[2].rho = 0.7, cases[2].lambda = 10, cases[2].activity = 0.05;
  cases[2].w_M = 1.0;
  cases[3].alpha = 0.6, cases[3].phi = 0.2, cases[3].rho = 1.0, cases[3].lambda = 1, cases[3].activity = 0.3;
  for (auto& c : cases) {
    c.ticks = 80;
    const double expected = balance_share(c);
    const auto r = run(c);
    ASSERT_TRUE(r.completed);
    const Plateau p = plateau(r);
    SCOPED_TRACE("alpha " + std::to_string(c.alpha) + " phi " + std::to_string(c.phi) + " rho " +
                 std::to_string(c.rho) + " lambda " + std::to_string(c.lambda));
    EXPECT_NEAR(p.urban, expected, 0.005);
    EXPECT_NEAR(p.unemployment, unemployment_at(c, expected), 0.005);
    // every case has urban unemployment at its plateau, and a plateau away from n_U*
    EXPECT_GT(p.unemployment, 0.02);
    EXPECT_GT(std::abs(p.urban - c.alpha / (c.alpha + c.rho * c.phi)), 0.02);
    // the generalised condition, read from the recorded wages: lambda * gap = ln(N_U / N_A) != 0
    EXPECT_NEAR(c.lambda * p.gap, std::log(p.urban / (1.0 - p.urban)), 0.03);
    EXPECT_GT(std::abs(p.gap), 0.05);
  }
}

// (1) With lambda >= 50 and activity <= 0.01 the plateau is within 0.01 of n_U* = alpha/(alpha+rho phi),
// and unemployment within 0.01 of 1 - N_M*/N_U*.
TEST(HarrisTodaro, PlateauApproachesHarrisTodaroShare) {
  std::vector<Case> cases(3);
  cases[0].lambda = 50, cases[0].activity = 0.01, cases[0].ticks = 150;
  cases[1].alpha = 0.6, cases[1].phi = 0.4, cases[1].rho = 1.2, cases[1].lambda = 100, cases[1].activity = 0.01;
  cases[1].ticks = 100;
  cases[2].lambda = 200, cases[2].activity = 0.005, cases[2].ticks = 200;
  for (auto& c : cases) {
    c.initial = 0.5;  // shortens the transient; the plateau does not depend on it
    const double n_star = c.alpha / (c.alpha + c.rho * c.phi);
    ASSERT_LT(n_M_star(c), n_star);  // the result needs N_M* < N_U
    const Plateau p = plateau(run(c));
    SCOPED_TRACE("lambda " + std::to_string(c.lambda) + " activity " + std::to_string(c.activity));
    EXPECT_NEAR(p.urban, n_star, 0.01);
    EXPECT_NEAR(p.unemployment, 1.0 - n_M_star(c) / n_star, 0.01);
    // the closed form agrees with the numerically found w_A = w_U^e
    EXPECT_NEAR(equilibrium_share(c), n_star, 1e-9);
  }
}

// n_U* does not depend on w_M, A_A, A_M (nor N): same plateau share, different unemployment.
TEST(HarrisTodaro, HarrisTodaroShareIndependentOfWagesAndProductivity) {
  Case a;
  a.lambda = 100, a.activity = 0.01, a.initial = 0.5, a.ticks = 120, a.workers = 200000;
  Case b = a;
  b.w_M = 1.2, b.A_A = 2.0, b.A_M = 1.1;
  ASSERT_LT(n_M_star(b), 0.7);
  const Plateau pa = plateau(run(a)), pb = plateau(run(b));
  EXPECT_NEAR(pa.urban, 0.7, 0.01);
  EXPECT_NEAR(pb.urban, 0.7, 0.01);
  EXPECT_NEAR(pb.unemployment, 1.0 - n_M_star(b) / 0.7, 0.01);
  EXPECT_GT(std::abs(pa.unemployment - pb.unemployment), 0.02);
}

// gamma != 1: no closed form; the plateau matches the numerically found balance point (+-0.005)
// and, with lambda = 50, the numerically found equilibrium w_A = w_U^e (+-0.01).
TEST(HarrisTodaro, GammaNotOneMatchesNumericalEquilibrium) {
  for (double gamma : {0.5, 1.5}) {
    Case c;
    c.gamma = gamma, c.lambda = 50, c.activity = 0.02, c.initial = 0.5, c.ticks = 100;
    const double eq = equilibrium_share(c);
    ASSERT_GT(std::abs(eq - 0.7), 0.004);  // gamma really moves the equilibrium off n_U*
    const Plateau p = plateau(run(c));
    SCOPED_TRACE("gamma " + std::to_string(gamma));
    EXPECT_NEAR(p.urban, balance_share(c), 0.005);
    EXPECT_NEAR(p.urban, eq, 0.01);
    EXPECT_NEAR(p.unemployment, unemployment_at(c, eq), 0.01);
  }
}

// Large activity with a steep response overshoots: the share oscillates instead of settling.
TEST(HarrisTodaro, LargeActivityOscillates) {
  Case c;
  c.lambda = 50, c.activity = 0.2, c.initial = 0.5, c.ticks = 60, c.workers = 100000;
  const Plateau p = plateau(run(c));
  EXPECT_GT(p.max_urban - p.min_urban, 0.05);
  Case calm = c;
  calm.activity = 0.01;
  calm.ticks = 150;
  const Plateau q = plateau(run(calm));
  EXPECT_LT(q.max_urban - q.min_urban, 0.01);
}

// The recorded indicators are the formulas at the recorded urban share.
TEST(HarrisTodaro, IndicatorsFollowTheFormulas) {
  Case c;
  c.gamma = 0.8, c.lambda = 5, c.activity = 0.1, c.ticks = 30, c.workers = 50000;
  const auto r = run(c);
  const auto& t = r.table;
  auto col = [&](const char* name) { return static_cast<std::size_t>(t.column(name)); };
  for (const auto& row : t.rows) {
    const double n = row[col("urban_share")];
    const auto [w_A, w_U] = wages(c, n);
    const double n_M = std::min(n, n_M_star(c));
    const double Y_A = c.A_A * std::pow(1.0 - n, c.phi), Y_M = c.A_M * std::pow(n_M, c.alpha);
    const double p = c.rho * std::pow(Y_M / Y_A, c.gamma);
    EXPECT_NEAR(row[col("w_A")], w_A, 1e-12);
    EXPECT_NEAR(row[col("w_U_expected")], w_U, 1e-12);
    EXPECT_NEAR(row[col("Y_A")], Y_A, 1e-12);
    EXPECT_NEAR(row[col("Y_M")], Y_M, 1e-12);
    EXPECT_NEAR(row[col("terms_of_trade")], p, 1e-12);
    EXPECT_NEAR(row[col("income_per_capita")], p * Y_A + Y_M, 1e-12);
    EXPECT_NEAR(row[col("unemployment_rate")], 1.0 - n_M / n, 1e-12);
  }
}

TEST(HarrisTodaro, BitIdenticalAcrossThreadCounts) {
  for (bool lattice : {false, true}) {
    Case c;
    c.workers = 100000, c.ticks = 40, c.lambda = 5, c.activity = 0.1, c.threads = 1;
    c.lattice = lattice, c.coupling = lattice ? 2.0 : 0.0, c.width = 400;
    const std::string one = run(c).table.to_csv();
    for (int threads : {2, 4}) {
      c.threads = threads;
      EXPECT_EQ(one, run(c).table.to_csv()) << "threads " << threads << (lattice ? " (lattice)" : "");
    }
  }
}

// The lattice with coupling 0 is the plain model, draw for draw; a coupling changes the path.
TEST(HarrisTodaro, LatticeWithoutCouplingIsThePlainModel) {
  Case c;
  c.workers = 60000, c.ticks = 30, c.lambda = 5, c.activity = 0.1, c.width = 300;
  const std::string plain = run(c).table.to_csv();
  c.lattice = true;
  EXPECT_EQ(plain, run(c).table.to_csv());
  c.coupling = 3.0;
  EXPECT_NE(plain, run(c).table.to_csv());
}

TEST(HarrisTodaro, RejectsInconsistentSettings) {
  Case c;
  c.workers = 1001, c.lattice = true, c.width = 100, c.ticks = 1;
  try {
    run(c);
    FAIL() << "expected an error";
  } catch (const sim::Error& e) {
    EXPECT_NE(std::string(e.what()).find("harris_todaro.lattice_width"), std::string::npos) << e.what();
  }
  Case d;
  d.workers = 100, d.coupling = 1.0, d.ticks = 1;
  EXPECT_THROW(run(d), sim::Error);
  Case f;
  f.workers = 100, f.alpha = 1.0, f.ticks = 1;
  EXPECT_THROW(run(f), sim::Error);
}

// The model's state outside its tables goes through checkpoints: a run cut after 13 ticks and
// resumed from its tick-10 checkpoint ends with the same indicators as an uninterrupted run.
TEST(HarrisTodaro, ResumeFromCheckpointIsBitIdentical) {
  const std::string dir = testutil::temp_dir("harristodaro_resume");
  const std::string scen = std::string(XIAODA_SOURCE_DIR) + "/scenarios/reference/harris_todaro_lattice.yaml";
  const std::string extra = " --set run.end_year=20 --set harris_todaro.workers=100000 --set harris_todaro.lattice_width=500";
  std::string out;
  ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/full --no-progress" + extra, out), 0) << out;
  ASSERT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/cut --no-progress --checkpoint-every 5 --stop-after 13" +
                                 extra,
                             out),
            0)
      << out;
  ASSERT_EQ(testutil::xiaoda("resume " + dir + "/cut --threads 2 --no-progress", out), 0) << out;
  EXPECT_EQ(testutil::read(dir + "/full/indicators.csv"), testutil::read(dir + "/cut/indicators.csv"));
  EXPECT_FALSE(testutil::read(dir + "/full/indicators.csv").empty());
}

// Reviewers are found by geometric skips inside fixed chunks of 16384 workers, one random stream
// per chunk and tick. With lambda = 0 a reviewer switches with probability 1/2, so a worker
// switches with probability a/2 in a tick: checked over all workers, per position in the chunk
// (eight bands, and the first worker of every chunk) and for a = 1 (everyone reviews). The urban
// count the model keeps from the switches must equal the count of the sector column every tick.
TEST(HarrisTodaro, EachWorkerReviewsWithProbabilityActivity) {
  constexpr std::size_t kChunk = 16384;
  for (double a : {0.01, 0.3, 1.0}) {
    Case c;
    c.workers = 9 * static_cast<long>(kChunk) + 123, c.lambda = 0, c.activity = a, c.initial = 0.5;
    c.ticks = a < 0.1 ? 200 : 20;
    sim::Simulation s(sim::load_scenario_text(yaml(c), "skips", {}, cat()), *cat().find("harris_todaro"));
    s.setup();
    s.initialize();
    sim::Table& t = s.table("workers");
    const std::vector<std::uint8_t>* sector = nullptr;
    for (const auto& col : t.columns())
      if (col->name() == "sector") sector = &dynamic_cast<sim::Column<std::uint8_t>&>(*col).v;
    ASSERT_NE(sector, nullptr);
    const std::size_t n = sector->size();
    std::vector<double> band(8, 0.0);  // switches by position in the chunk
    double first = 0, total = 0;
    while (!s.done()) {
      const std::vector<std::uint8_t> before = *sector;
      s.step();
      std::size_t urban = 0;
      for (std::size_t r = 0; r < n; ++r) {
        urban += (*sector)[r];
        if ((*sector)[r] == before[r]) continue;
        total += 1;
        band[(r % kChunk) * 8 / kChunk] += 1;
        if (r % kChunk == 0) first += 1;
      }
      const auto& row = s.recorded().rows.back();
      ASSERT_EQ(row[static_cast<std::size_t>(s.recorded().column("urban_share"))], double(urban) / double(n));
    }
    SCOPED_TRACE("activity " + std::to_string(a));
    const double q = a / 2, trials = double(n) * c.ticks;
    EXPECT_NEAR(total, q * trials, 5 * std::sqrt(trials * q * (1 - q)));
    // rows per band: 9 full chunks contribute 2048 each; the partial chunk's 123 rows fall in band 0
    for (std::size_t b = 0; b < 8; ++b) {
      const double rows = 9.0 * kChunk / 8 + (b == 0 ? 123 : 0), m = rows * c.ticks;
      EXPECT_NEAR(band[b], q * m, 5 * std::sqrt(m * q * (1 - q)) + 1) << "band " << b;
    }
    const double m0 = 10.0 * c.ticks;  // the first worker of each of the 10 chunks
    EXPECT_NEAR(first, q * m0, 5 * std::sqrt(m0 * q * (1 - q)) + 2);
  }
}

TEST(ReferenceModelValidation, CrossKeyChecksRunInValidateWithTheLine) {
  // checks that need more than one key (or an open interval) are found by `xiaoda validate`, at the
  // line of the offending key, and `xiaoda run` writes nothing
  struct Case {
    std::string body, key, message;
    int line;
  };
  const std::vector<Case> cases = {
      {"model: harris_todaro\nharris_todaro:\n  workers: 1000\n  lattice: true\n  lattice_width: 7\n", "harris_todaro.lattice_width",
       "multiple of lattice_width", 5},
      {"model: harris_todaro\nharris_todaro:\n  coupling: 0.5\n", "harris_todaro.coupling", "needs harris_todaro.lattice", 3},
      {"model: harris_todaro\nharris_todaro:\n  workers: 100\n  alpha: 1.0\n", "harris_todaro.alpha", "strictly between 0 and 1", 4},
      {"model: schelling\nschelling:\n  width: 10\n  agents: 100\n", "schelling.agents", "cells of a 10 x 10 grid", 4},
  };
  for (const auto& c : cases) {
    const std::string dir = testutil::temp_dir("ref_validate");
    const std::string scen = dir + "/s.yaml";
    testutil::write(scen, c.body);
    std::string out;
    EXPECT_EQ(testutil::xiaoda("validate " + scen, out), 2) << out;
    EXPECT_NE(out.find(scen + ":" + std::to_string(c.line) + ":"), std::string::npos) << out;
    EXPECT_NE(out.find(c.key), std::string::npos) << out;
    EXPECT_NE(out.find(c.message), std::string::npos) << out;
    EXPECT_EQ(testutil::xiaoda("run " + scen + " --out " + dir + "/r", out), 2) << out;
    EXPECT_FALSE(std::filesystem::exists(dir + "/r")) << c.key;
  }
}
