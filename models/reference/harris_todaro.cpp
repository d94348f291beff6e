#include "models/reference/harris_todaro.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "models/reference/bench_util.hpp"
#include "sim/error.hpp"
#include "sim/parallel.hpp"
#include "sim/simulation.hpp"

namespace models::reference {
namespace {

constexpr std::uint8_t kRural = 0;
constexpr std::uint8_t kUrban = 1;

/// Workers per random stream of the review (and of the initial sectors). Fixed, so that the
/// numbers, and with them the results, do not depend on the thread count.
constexpr std::size_t kStreamChunk = 16384;

/// Economy parameters, read once at setup.
struct Technology {
  double A_A = 1, A_M = 1, alpha = 0.7, phi = 0.3, rho = 1, gamma = 1, w_M = 0.8;
  /// Manufacturing employment (share of the population) at which the marginal product equals w_M.
  double n_M_star() const { return std::pow(alpha * A_M / w_M, 1.0 / (1.0 - alpha)); }
};

/// The aggregate state implied by an urban share. Populations are shares of N (N_A + N_U = 1),
/// as in the papers; this is what makes the results independent of N.
struct Economy {
  double urban_share = 0, employed_share = 0, Y_A = 0, Y_M = 0, p = 0, w_A = 0, w_U_expected = 0;
  double unemployment = 0, income_per_capita = 0;
};

Economy economy(const Technology& t, double n_U) {
  Economy e;
  const double n_A = 1.0 - n_U;
  e.urban_share = n_U;
  e.employed_share = std::min(n_U, t.n_M_star());
  e.Y_A = t.A_A * std::pow(n_A, t.phi);
  e.Y_M = t.A_M * std::pow(e.employed_share, t.alpha);
  const double inf = std::numeric_limits<double>::infinity();
  e.p = e.Y_A > 0 ? t.rho * std::pow(e.Y_M / e.Y_A, t.gamma) : inf;
  // w_A = phi p A_A n_A^(phi-1) = phi p Y_A / n_A; without rural workers the marginal product is unbounded.
  e.w_A = n_A > 0 ? t.phi * e.p * e.Y_A / n_A : inf;
  e.w_U_expected = n_U > 0 ? t.w_M * e.employed_share / n_U : t.w_M;
  e.unemployment = n_U > 0 ? 1.0 - e.employed_share / n_U : 0.0;
  // value of output per head, in manufactured goods: p Y_A + Y_M, with p Y_A = rho Y_M^g Y_A^(1-g)
  // (finite at Y_A = 0 for gamma <= 1).
  e.income_per_capita = t.rho * std::pow(e.Y_M, t.gamma) * std::pow(e.Y_A, 1.0 - t.gamma) + e.Y_M;
  return e;
}

/// 1 / (1 + exp(-x)), with x = lambda * gap (+ social term); exact limits at +-infinity.
inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// lambda * (w_to - w_from), with lambda = 0 meaning indifference even for an unbounded wage.
inline double wage_term(double lambda, double w_to, double w_from) {
  if (lambda == 0.0) return 0.0;
  const double gap = w_to - w_from;
  return std::isnan(gap) ? 0.0 : lambda * gap;
}

/// Cross-key and open-interval checks of the resolved parameters (declared ranges are closed): run
/// by `xiaoda validate` and `xiaoda run` before anything is written, with the file and line.
void validate_params(const sim::Params& p, std::vector<sim::ParamProblem>& out) {
  auto key = [](const char* k) { return std::string("harris_todaro.") + k; };
  for (const char* k : {"alpha", "phi"}) {
    const double v = p.real(key(k));
    if (!(v > 0.0 && v < 1.0)) out.push_back({key(k), fmt::format("expected a value strictly between 0 and 1, found {}", v)});
  }
  for (const char* k : {"A_A", "A_M", "rho", "minimum_wage"}) {
    const double v = p.real(key(k));
    if (!(v > 0.0)) out.push_back({key(k), fmt::format("expected a positive value, found {}", v)});
  }
  const bool lattice = p.flag(key("lattice"));
  const auto n = p.integer(key("workers")), width = p.integer(key("lattice_width"));
  if (lattice && (width == 0 || n % width != 0))
    out.push_back({key("lattice_width"), fmt::format("the lattice needs workers ({}) to be a multiple of lattice_width ({})", n, width)});
  if (!lattice && p.real(key("coupling")) != 0.0)
    out.push_back({key("coupling"), "a neighbour coupling needs harris_todaro.lattice: true"});
}

class HarrisTodaro final : public sim::Model {
 public:
  void setup(sim::Simulation& s) override {
    sim_ = &s;
    const auto& p = s.params();
    n_ = static_cast<std::size_t>(p.integer("harris_todaro.workers"));
    share0_ = p.real("harris_todaro.initial_urban_share");
    tech_.A_A = p.real("harris_todaro.A_A");
    tech_.A_M = p.real("harris_todaro.A_M");
    tech_.alpha = p.real("harris_todaro.alpha");
    tech_.phi = p.real("harris_todaro.phi");
    tech_.rho = p.real("harris_todaro.rho");
    tech_.gamma = p.real("harris_todaro.gamma");
    tech_.w_M = p.real("harris_todaro.minimum_wage");
    activity_ = p.real("harris_todaro.activity");
    lambda_ = p.real("harris_todaro.lambda");
    lattice_ = p.flag("harris_todaro.lattice");
    width_ = static_cast<std::size_t>(p.integer("harris_todaro.lattice_width"));
    coupling_ = p.real("harris_todaro.coupling");
    // the same checks `xiaoda validate` runs (validate_params below); here for callers of the API
    std::vector<sim::ParamProblem> problems;
    validate_params(p, problems);
    if (!problems.empty()) throw sim::Error(problems.front().key + ": " + problems.front().message);

    auto& t = s.add_table("workers", "Workers; each is in the rural or the urban sector.");
    workers_ = &t;
    sector_ = t.add<std::uint8_t>("sector", "0 rural (agriculture), 1 urban (employed or unemployed)", kRural);

    s.add_phase("review",
                lattice_ ? "with probability `activity` a worker reviews its sector and switches with probability "
                           "1/(1+exp(-lambda (w_other - w_own) - coupling (k_other - k_own)/4)), k = neighbours "
                           "in a sector at the end of the last tick"
                         : "with probability `activity` a worker reviews its sector and switches with probability "
                           "1/(1+exp(-lambda (w_other - w_own))), wages of the end of the last tick",
                [this] { review(); }, sim::PhaseKind::PerAgent, "workers");
    s.add_phase("account", "computes outputs, terms of trade and wages of the new state from the urban count",
                [this] { account(); });

    s.add_indicator("urban_share", "share", "N_U / N", [this] { return econ_.urban_share; });
    s.add_indicator("unemployment_rate", "share", "urban unemployment 1 - N_M / N_U",
                    [this] { return econ_.unemployment; });
    s.add_indicator("w_A", "manufactured goods per worker", "rural wage phi p A_A N_A^(phi-1)",
                    [this] { return econ_.w_A; });
    s.add_indicator("w_U_expected", "manufactured goods per worker", "expected urban wage w_M N_M / N_U",
                    [this] { return econ_.w_U_expected; });
    s.add_indicator("Y_A", "agricultural goods per head", "agricultural output A_A N_A^phi (N = 1)",
                    [this] { return econ_.Y_A; });
    s.add_indicator("Y_M", "manufactured goods per head", "manufacturing output A_M N_M^alpha (N = 1)",
                    [this] { return econ_.Y_M; });
    s.add_indicator("terms_of_trade", "manufactured per agricultural good", "p = rho (Y_M / Y_A)^gamma",
                    [this] { return econ_.p; });
    s.add_indicator("income_per_capita", "manufactured goods per head", "value of output per head p Y_A + Y_M",
                    [this] { return econ_.income_per_capita; });
  }

  void initialize(sim::Simulation& s) override {
    workers_->append(n_);
    // one stream per fixed chunk of workers: worker r is urban when the (r - b)-th uniform of its
    // chunk's stream is below the initial share
    std::uint8_t* sec = sector_.data();
    sim::parallel_chunks(
        n_,
        [&](std::size_t c, std::size_t b, std::size_t e) {
          sim::BufferedRng rng(s.init_rng(c, 1));
          for (std::size_t r = b; r < e; ++r) sec[r] = rng.uniform() < share0_ ? kUrban : kRural;
        },
        kStreamChunk);
    urban_ = sim::parallel_reduce<std::uint64_t>(
        n_, 0, [&](std::size_t r) { return std::uint64_t{sec[r]}; },
        [](std::uint64_t x, std::uint64_t y) { return x + y; });
    account();
  }

  void serialize(sim::Archive& ar) override {
    ar.check("harris_todaro-2");
    ar.io(econ_);
    ar.io(urban_);
  }

 private:
  /// Each worker reviews with probability a, independently. Only reviewers cost anything: in each
  /// fixed chunk of kStreamChunk workers, one stream (keyed by seed, phase, tick and chunk) gives the
  /// gaps between reviewers, geometric with P(gap = k) = (1 - a)^k a, and each reviewer's switching
  /// draw. Reviewers read the state at the end of the last tick; their switches are applied after all
  /// chunks have decided (the lattice neighbours of a reviewer may be in another chunk).
  void review() {
    const std::size_t n = workers_->size();
    const double a = activity_;
    if (n == 0 || !(a > 0.0)) return;
    const double to_urban = wage_term(lambda_, econ_.w_U_expected, econ_.w_A);
    const double to_rural = wage_term(lambda_, econ_.w_A, econ_.w_U_expected);
    const double p_to_urban = logistic(to_urban), p_to_rural = logistic(to_rural);
    const bool everyone = a >= 1.0;
    const double log_stay = std::log1p(-a);  // log(1 - a) < 0
    const std::uint8_t* sec = sector_.data();
    const std::size_t w = width_, h = n / width_;
    const double J = coupling_;
    const std::size_t chunks = sim::chunk_count(n, kStreamChunk);
    flips_.resize(chunks);
    sim::parallel_chunks(
        n,
        [&](std::size_t c, std::size_t b, std::size_t e) {
          sim::BufferedRng rng(sim_->rng(c, 1));
          std::vector<std::uint32_t>& flips = flips_[c];
          flips.clear();
          // gap to the next reviewer: floor(log(U) / log(1 - a)), U uniform in (0, 1]
          auto skip = [&](std::size_t from) -> std::size_t {
            if (everyone) return from;
            const double gap = std::floor(std::log(1.0 - rng.uniform()) / log_stay);
            return gap < static_cast<double>(e - from) ? from + static_cast<std::size_t>(gap) : e;
          };
          for (std::size_t r = skip(b); r < e; r = skip(r + 1)) {
            const bool urban = sec[r] == kUrban;
            double p = urban ? p_to_rural : p_to_urban;
            if (lattice_) {
              const std::size_t x = r % w, y = r / w;
              const int urban_nb = sec[y * w + (x + 1) % w] + sec[y * w + (x + w - 1) % w] +
                                   sec[((y + 1) % h) * w + x] + sec[((y + h - 1) % h) * w + x];
              const int other = urban ? 4 - urban_nb : urban_nb;  // neighbours in the sector it would join
              const double social = J * (other - (4 - other)) / 4.0;
              p = logistic((urban ? to_rural : to_urban) + social);
            }
            if (rng.uniform() < p) flips.push_back(static_cast<std::uint32_t>(r));
          }
        },
        kStreamChunk);
    // apply the switches, chunk by chunk; the urban count changes by +1 / -1 per switch
    std::vector<std::int64_t> delta(chunks, 0);
    std::uint8_t* out = sector_.data();
    sim::parallel_chunks(
        chunks,
        [&](std::size_t, std::size_t cb, std::size_t ce) {
          for (std::size_t c = cb; c < ce; ++c)
            for (const std::uint32_t r : flips_[c]) {
              delta[c] += out[r] == kUrban ? -1 : 1;
              out[r] ^= 1;
            }
        },
        1);
    std::int64_t d = 0;
    for (const auto x : delta) d += x;
    urban_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(urban_) + d);
  }

  /// Outputs, terms of trade and wages of the new state, from the urban count.
  void account() {
    const std::size_t n = workers_->size();
    econ_ = economy(tech_, n > 0 ? double(urban_) / double(n) : 0.0);
  }

  sim::Simulation* sim_ = nullptr;
  sim::Table* workers_ = nullptr;
  sim::Col<std::uint8_t> sector_;
  Technology tech_;
  Economy econ_;
  std::uint64_t urban_ = 0;
  std::vector<std::vector<std::uint32_t>> flips_;  ///< per stream chunk, the rows that switch this tick
  std::size_t n_ = 0, width_ = 1;
  double share0_ = 0.2, activity_ = 0.01, lambda_ = 50, coupling_ = 0;
  bool lattice_ = false;
};

struct BenchConfig {
  std::int64_t agents = 0, ticks = 0;
  int threads = 1, reps = 21;
};

BenchConfig parse_bench(const std::vector<std::string>& args) {
  const std::string usage = "xiaoda bench harris_todaro --agents N [--threads T] [--ticks K] [--reps R]";
  const auto opts = bench::parse_options(args, {"agents", "threads", "ticks", "reps"}, usage);
  BenchConfig c;
  c.agents = bench::int_option(opts, "agents", 1000000, 1, 2000000000);
  c.threads = static_cast<int>(bench::int_option(opts, "threads", 1, 1, 1024));
  c.ticks = bench::int_option(opts, "ticks", 100, 1, 2000);
  c.reps = static_cast<int>(bench::int_option(opts, "reps", 21, 1, 1000));
  return c;
}

int run_bench(const std::vector<std::string>& args) {
  const auto [agents, ticks, threads, reps] = parse_bench(args);
  const std::string yaml = fmt::format(
      "model: harris_todaro\nrun: {{start_year: 1, end_year: {}, tick: year, seed: 1}}\n"
      "harris_todaro: {{workers: {}}}\n",
      ticks, agents);
  const auto t = bench::time_runs(harris_todaro_info(), yaml, threads, reps);
  bench::print(fmt::format("harris_todaro: {} workers, {} ticks, default parameters", agents, ticks), t,
               double(agents) * double(ticks), reps, threads);
  return 0;
}

}  // namespace

sim::ModelInfo harris_todaro_info() {
  sim::ModelInfo m;
  m.name = "harris_todaro";
  m.doc = "Agent-based Harris-Todaro rural-urban migration (Espindola, Silveira & Penna 2006), optionally on a "
          "lattice with neighbour coupling.";
  m.validate = validate_params;
  m.declare = [](sim::ParamRegistry& r) {
    const std::string bjp = "Espindola, Silveira & Penna, Braz. J. Phys. 36(3A) 2006";
    r.group("harris_todaro", "Agent-based Harris-Todaro migration model (docs/reference-models.md).");
    r.integer("harris_todaro.workers", 100000, "workers", "number of workers N").range(1, 2e9).cite("assumption");
    r.real("harris_todaro.initial_urban_share", 0.2, "share", "probability that a worker starts in the urban sector")
        .range(0, 1).cite(bjp);
    r.real("harris_todaro.A_A", 1.0, "", "agricultural productivity A_A in Y_A = A_A N_A^phi").range(0, 1e9).cite(bjp);
    r.real("harris_todaro.A_M", 1.0, "", "manufacturing productivity A_M in Y_M = A_M N_M^alpha").range(0, 1e9).cite(bjp);
    r.real("harris_todaro.alpha", 0.7, "", "manufacturing output elasticity alpha, 0 < alpha < 1").range(0, 1).cite(bjp);
    r.real("harris_todaro.phi", 0.3, "", "agricultural output elasticity phi, 0 < phi < 1").range(0, 1).cite(bjp);
    r.real("harris_todaro.rho", 1.0, "", "scale rho of the terms of trade p = rho (Y_M/Y_A)^gamma").range(0, 1e9).cite(bjp);
    r.real("harris_todaro.gamma", 1.0, "", "elasticity gamma of the terms of trade").range(0, 10).cite(bjp);
    r.real("harris_todaro.minimum_wage", 0.8, "manufactured goods per worker", "rigid urban minimum wage w_M")
        .range(0, 1e9).cite(bjp);
    r.real("harris_todaro.activity", 0.01, "per tick", "probability a that a worker reviews its sector in a tick")
        .range(0, 1).cite("assumption: the regime where the plateau approaches n_U* (issue 6)");
    r.real("harris_todaro.lambda", 50.0, "per unit of wage", "sensitivity lambda of the logistic switching rule")
        .range(0, 1e6).cite("assumption: the regime where the plateau approaches n_U* (issue 6)");
    r.flag("harris_todaro.lattice", false,
           "place workers on a periodic lattice (lattice_width columns, row order) and add the neighbour term")
        .cite("after Silveira, Espindola & Penna, Physica A 364 (2006)");
    r.integer("harris_todaro.lattice_width", 1000, "sites", "columns of the lattice; workers must be a multiple")
        .range(1, 2e9).cite("assumption");
    r.real("harris_todaro.coupling", 0.0, "logit units",
           "neighbour coupling J: adds J (k_other - k_own)/4 to the switching logit, k = von Neumann neighbours "
           "in each sector")
        .range(-1e6, 1e6).cite("after Silveira, Espindola & Penna, Physica A 364 (2006); value an assumption");
  };
  m.create = [] { return std::make_unique<HarrisTodaro>(); };
  m.bench = run_bench;
  m.bench_check = [](const std::vector<std::string>& args) { parse_bench(args); };
  return m;
}

}  // namespace models::reference
