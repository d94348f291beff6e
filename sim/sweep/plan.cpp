#include "sim/sweep/plan.hpp"

#include <boost/random/sobol.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>

#include "sim/error.hpp"
#include "sim/output.hpp"
#include "sim/rng.hpp"
#include "sim/sweep/csv.hpp"

namespace fs = std::filesystem;

namespace sim::sweep {

std::uint32_t run_seed(std::uint64_t sweep_seed, std::int64_t point, int replicate) {
  Rng rng(sweep_seed, 0x5eed, static_cast<std::uint32_t>(replicate), static_cast<std::uint64_t>(point));
  return rng();
}

std::string fnv1a_hex(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

std::vector<std::string> Plan::overrides(std::int64_t run) const {
  const auto& pt = points.at(static_cast<std::size_t>(point_of(run)));
  std::vector<std::string> o;
  o.reserve(keys.size() + 1);
  for (std::size_t j = 0; j < keys.size(); ++j) o.push_back(keys[j] + "=" + pt[j]);
  o.push_back("run.seed=" + std::to_string(seed_of(run)));
  return o;
}

std::string Plan::csv() const {
  std::vector<std::string> head = {"run_id", "point", "replicate", "seed"};
  head.insert(head.end(), keys.begin(), keys.end());
  std::string s = csv_line(head);
  for (std::int64_t r = 0; r < run_count(); ++r) {
    std::vector<std::string> row = {std::to_string(r), std::to_string(point_of(r)), std::to_string(replicate_of(r)),
                                    std::to_string(seed_of(r))};
    const auto& pt = points[static_cast<std::size_t>(point_of(r))];
    row.insert(row.end(), pt.begin(), pt.end());
    s += csv_line(row);
  }
  return s;
}

namespace {

// Value of a range factor at unit coordinate u in [0, 1].
std::string range_value(const Factor& f, double u) {
  if (f.type == ParamType::Int) {
    const double lo = std::ceil(f.lo), hi = std::floor(f.hi);
    const double x = std::min(hi, lo + std::floor(u * (hi - lo + 1.0)));
    return format_value(ParamType::Int, x);
  }
  return format_value(ParamType::Real, f.lo + u * (f.hi - f.lo));
}

// Unit-cube designs: rows of k coordinates in [0, 1].
using Unit = std::vector<std::vector<double>>;

Unit latin_hypercube(int n, std::size_t k, std::uint64_t seed) {
  Unit u(static_cast<std::size_t>(n), std::vector<double>(k));
  for (std::size_t d = 0; d < k; ++d) {
    std::vector<std::uint32_t> perm(static_cast<std::size_t>(n));
    std::iota(perm.begin(), perm.end(), 0u);
    Rng rng(seed, 0x4c48, static_cast<std::uint32_t>(d), 0);
    for (std::size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[rng.below(static_cast<std::uint32_t>(i))]);
    for (std::size_t i = 0; i < perm.size(); ++i) u[i][d] = (perm[i] + rng.uniform()) / n;
  }
  return u;
}

Unit sobol_points(int n, std::size_t k) {
  boost::random::sobol gen(k);  // starts at (0.5, ...): the all-zero point is skipped
  Unit u(static_cast<std::size_t>(n), std::vector<double>(k));
  for (auto& row : u)
    for (auto& x : row) x = std::ldexp(static_cast<double>(gen()), -64);
  return u;
}

// Saltelli (2010) blocks: for each base sample j, rows A_j, AB_j^(1..k), B_j (k + 2 rows).
Unit saltelli(int n, std::size_t k) {
  const Unit ab = sobol_points(n, 2 * k);
  Unit u;
  for (const auto& row : ab) {
    std::vector<double> a(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(k));
    std::vector<double> b(row.begin() + static_cast<std::ptrdiff_t>(k), row.end());
    u.push_back(a);
    for (std::size_t i = 0; i < k; ++i) {
      auto m = a;
      m[i] = b[i];
      u.push_back(m);
    }
    u.push_back(b);
  }
  return u;
}

// Morris trajectories on a grid of p levels, step delta = p / (2 (p - 1)); k + 1 rows each.
Unit morris(int r, int p, std::size_t k, std::uint64_t seed) {
  const double delta = p / (2.0 * (p - 1));
  Unit u;
  for (int t = 0; t < r; ++t) {
    Rng rng(seed, 0x4d4f, static_cast<std::uint32_t>(t), 0);
    std::vector<double> x(k);
    for (auto& xi : x) xi = rng.below(static_cast<std::uint32_t>(p)) / double(p - 1);
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), 0u);
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[rng.below(static_cast<std::uint32_t>(i))]);
    u.push_back(x);
    for (std::size_t i : order) {
      x[i] += (x[i] + delta <= 1.0 + 1e-12) ? delta : -delta;
      x[i] = std::clamp(x[i], 0.0, 1.0);
      u.push_back(x);
    }
  }
  return u;
}

const char* type_key(ParamType t) { return type_name(t); }

ParamType type_from(const std::string& s) {
  for (ParamType t : {ParamType::Real, ParamType::Int, ParamType::Bool, ParamType::Choice, ParamType::Text,
                      ParamType::Path, ParamType::Schedule, ParamType::RealList})
    if (s == type_name(t)) return t;
  throw Error("sweep.json: unknown parameter type '" + s + "'");
}

Design design_from(const std::string& s) {
  for (Design d : {Design::Grid, Design::LatinHypercube, Design::Sobol, Design::Morris, Design::Saltelli, Design::File})
    if (s == design_name(d)) return d;
  throw Error("sweep.json: unknown design '" + s + "'");
}

std::string hash_of(const std::string& plan_csv, const std::string& base_yaml, const Plan& p) {
  std::string s = plan_csv + "\n--\n" + base_yaml + "\n--\n";
  for (const auto& r : p.record) s += r + ",";
  s += "\n";
  for (int y : p.years) s += std::to_string(y) + ",";
  return fnv1a_hex(s);
}

}  // namespace

Plan make_plan(const SweepSpec& spec) {
  Plan plan;
  plan.model = spec.model;
  plan.design = spec.design;
  plan.factors = spec.factors;
  plan.replicates = spec.replicates;
  plan.seed = spec.seed;
  plan.record = spec.record;
  plan.years = spec.years;
  plan.trajectories = spec.trajectories;
  plan.levels = spec.design == Design::Morris ? spec.levels : 0;
  plan.samples = spec.samples;

  if (spec.design == Design::File) {
    plan.keys = spec.file_columns;
    plan.types = spec.file_types;
    plan.points = spec.file_rows;
    plan.per_cell = static_cast<std::int64_t>(plan.points.size());
    return plan;
  }

  // Grid part: list-valued factors, and (in grid designs) ranges with steps.
  std::vector<const Factor*> grid, sampled;
  std::vector<std::vector<std::string>> grid_values;
  for (const auto& f : spec.factors) {
    if (!f.is_range || spec.design == Design::Grid) {
      grid.push_back(&f);
      std::vector<std::string> vals = f.levels;
      if (f.is_range)
        for (int i = 0; i < f.steps; ++i) vals.push_back(range_value(f, f.steps > 1 ? double(i) / (f.steps - 1) : 0.0));
      if (f.is_range && f.type == ParamType::Int) {  // rounding may repeat values
        std::vector<std::string> uniq;
        for (auto& v : vals)
          if (std::find(uniq.begin(), uniq.end(), v) == uniq.end()) uniq.push_back(v);
        vals = uniq;
      }
      grid_values.push_back(vals);
    } else {
      sampled.push_back(&f);
    }
  }
  for (const auto* f : grid) plan.keys.push_back(f->key), plan.types.push_back(f->type);
  for (const auto* f : sampled) plan.keys.push_back(f->key), plan.types.push_back(f->type);
  if (spec.design != Design::Grid)
    for (const auto* f : grid) plan.cell_keys.push_back(f->key);
  for (const auto* f : sampled) plan.sampled_keys.push_back(f->key);

  Unit unit;
  const std::size_t k = sampled.size();
  switch (spec.design) {
    case Design::Grid: unit.assign(1, {}); break;
    case Design::LatinHypercube: unit = latin_hypercube(spec.samples, k, spec.seed); break;
    case Design::Sobol: unit = sobol_points(spec.samples, k); break;
    case Design::Saltelli: unit = saltelli(spec.samples, k); break;
    case Design::Morris: unit = morris(spec.trajectories, spec.levels, k, spec.seed); break;
    case Design::File: break;
  }
  std::int64_t cells = 1;
  for (const auto& v : grid_values) cells *= static_cast<std::int64_t>(v.size());
  plan.per_cell = spec.design == Design::Grid ? 1 : static_cast<std::int64_t>(unit.size());
  plan.cells = spec.design == Design::Grid ? 1 : cells;
  const std::int64_t total = cells * static_cast<std::int64_t>(unit.size());
  if (total * spec.replicates > 100000000)
    throw ScenarioError({ScenarioIssue{spec.file, 0, 0, "sweep", fmt::format("the plan has {} runs; more than 100 million is surely a mistake", total * spec.replicates)}});
  plan.points.reserve(static_cast<std::size_t>(total));
  for (std::int64_t c = 0; c < cells; ++c) {
    std::vector<std::string> cell_vals(grid.size());
    std::int64_t rest = c;  // last grid factor varies fastest
    for (std::size_t g = grid.size(); g-- > 0;) {
      const auto n = static_cast<std::int64_t>(grid_values[g].size());
      cell_vals[g] = grid_values[g][static_cast<std::size_t>(rest % n)];
      rest /= n;
    }
    for (const auto& row : unit) {
      std::vector<std::string> pt = cell_vals;
      for (std::size_t d = 0; d < k; ++d) pt.push_back(range_value(*sampled[d], row[d]));
      plan.points.push_back(std::move(pt));
    }
  }
  return plan;
}

std::string base_path(const std::string& dir) { return (fs::path(dir) / "base.yaml").string(); }

void write_sweep_dir(const std::string& dir, const SweepSpec& spec, const Plan& plan_in, bool force) {
  if (fs::exists(dir)) {
    if (!fs::is_directory(dir)) throw UsageError("'" + dir + "' exists and is not a folder");
    if (!fs::is_empty(dir) && !force)
      throw UsageError("sweep folder '" + dir + "' is not empty (use --force to plan into it anyway)");
    if (!fs::is_empty(dir) && fs::exists(fs::path(dir) / "results.sqlite"))
      throw UsageError("sweep folder '" + dir + "' already holds results.sqlite; plan into a new folder");
  }
  fs::create_directories(dir);
  Plan plan = plan_in;
  const std::string csv = plan.csv();
  plan.hash = hash_of(csv, spec.base_yaml, plan);

  nlohmann::json j;
  j["format"] = "xiaoda-sweep-1";
  j["sweep_file"] = spec.file;
  j["base_scenario"] = spec.base;
  j["fixed"] = spec.set;
  j["model"] = plan.model;
  j["design"] = design_name(plan.design);
  j["samples"] = plan.samples;
  j["trajectories"] = plan.trajectories;
  j["levels"] = plan.levels;
  j["replicates"] = plan.replicates;
  j["seed"] = plan.seed;
  j["record"] = plan.record;
  j["years"] = plan.years;
  j["keys"] = plan.keys;
  std::vector<std::string> types;
  for (auto t : plan.types) types.push_back(type_key(t));
  j["types"] = types;
  j["cells"] = plan.cells;
  j["per_cell"] = plan.per_cell;
  j["cell_keys"] = plan.cell_keys;
  j["sampled_keys"] = plan.sampled_keys;
  nlohmann::json fs_json = nlohmann::json::array();
  for (const auto& f : plan.factors) {
    nlohmann::json fj;
    fj["key"] = f.key;
    fj["type"] = type_key(f.type);
    if (f.is_range) {
      fj["range"] = {f.lo, f.hi};
      if (f.steps) fj["steps"] = f.steps;
    } else {
      fj["levels"] = f.levels;
    }
    fs_json.push_back(fj);
  }
  j["factors"] = fs_json;
  j["points"] = plan.points.size();
  j["runs"] = plan.run_count();
  j["plan_hash"] = plan.hash;

  write_file_atomic((fs::path(dir) / "sweep.yaml").string(), spec.text);
  write_file_atomic(base_path(dir), "# Base scenario of the sweep, fully resolved (fixed overrides applied).\n"
                                    "# Any run: xiaoda run base.yaml --set KEY=VALUE ... --seed SEED --out OUT\n" +
                                        spec.base_yaml);
  write_file_atomic((fs::path(dir) / "plan.csv").string(), csv);
  write_file_atomic((fs::path(dir) / "sweep.json").string(), j.dump(2) + "\n");
}

Plan read_sweep_dir(const std::string& dir) {
  const fs::path d(dir);
  for (const char* f : {"sweep.json", "plan.csv", "base.yaml"})
    if (!fs::exists(d / f))
      throw UsageError(fmt::format("'{}' is not a sweep folder: {} is missing (create one with `xiaoda sweep plan SWEEP.yaml --out {}`)",
                                   dir, f, dir));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(read_text_file((d / "sweep.json").string()));
  } catch (const nlohmann::json::exception& e) {
    throw Error("cannot read " + (d / "sweep.json").string() + ": " + e.what());
  }
  Plan p;
  p.model = j.at("model").get<std::string>();
  p.design = design_from(j.at("design").get<std::string>());
  p.samples = j.at("samples").get<int>();
  p.trajectories = j.at("trajectories").get<int>();
  p.levels = j.at("levels").get<int>();
  p.replicates = j.at("replicates").get<int>();
  p.seed = j.at("seed").get<std::uint64_t>();
  p.record = j.at("record").get<std::vector<std::string>>();
  p.years = j.at("years").get<std::vector<int>>();
  p.keys = j.at("keys").get<std::vector<std::string>>();
  for (const auto& t : j.at("types")) p.types.push_back(type_from(t.get<std::string>()));
  p.cells = j.at("cells").get<std::int64_t>();
  p.per_cell = j.at("per_cell").get<std::int64_t>();
  p.cell_keys = j.at("cell_keys").get<std::vector<std::string>>();
  p.sampled_keys = j.at("sampled_keys").get<std::vector<std::string>>();
  for (const auto& fj : j.at("factors")) {
    Factor f;
    f.key = fj.at("key").get<std::string>();
    f.type = type_from(fj.at("type").get<std::string>());
    if (fj.contains("range")) {
      f.is_range = true;
      f.lo = fj["range"][0].get<double>();
      f.hi = fj["range"][1].get<double>();
      f.steps = fj.value("steps", 0);
    } else {
      f.levels = fj.at("levels").get<std::vector<std::string>>();
    }
    p.factors.push_back(f);
  }
  const std::string csv = read_text_file((d / "plan.csv").string());
  const auto rows = parse_csv(csv);
  const std::size_t ncol = 4 + p.keys.size();
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (row.size() != ncol) throw Error(fmt::format("{}:{}: expected {} fields, found {}", (d / "plan.csv").string(), i + 1, ncol, row.size()));
    const auto r = static_cast<std::int64_t>(i - 1);
    if (row[0] != std::to_string(r) || row[3] != std::to_string(p.seed_of(r)))
      throw Error(fmt::format("{}:{}: run id or seed differs from the plan (plan.csv must not be edited; plan again)", (d / "plan.csv").string(), i + 1));
    if (p.replicate_of(r) == 0) p.points.emplace_back(row.begin() + 4, row.end());
  }
  const std::string base = read_text_file(base_path(dir));
  const std::string marker = "--out OUT\n";
  const auto pos = base.find(marker);
  const std::string base_yaml = pos == std::string::npos ? base : base.substr(pos + marker.size());
  p.hash = hash_of(csv, base_yaml, p);
  if (p.hash != j.at("plan_hash").get<std::string>())
    throw Error("plan.csv or base.yaml in '" + dir + "' changed after `xiaoda sweep plan`: plan the sweep again into a new folder");
  return p;
}

}  // namespace sim::sweep
