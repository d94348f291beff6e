#include "sim/simulation.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/error.hpp"
#include "sim/output.hpp"

namespace sim {

namespace {
using SteadyClock = std::chrono::steady_clock;
double seconds_since(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}
}  // namespace

static const char* kMagic = "XIAODA-CKPT-1";

std::string IndicatorTable::to_csv() const {
  std::string out = "tick,year";
  for (const auto& n : names) out += "," + n;
  out += "\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += fmt::format("{},{}", ticks[r], years[r]);
    for (double v : rows[r]) {
      if (std::isnan(v)) out += ",";
      else out += fmt::format(",{:.17g}", v);
    }
    out += "\n";
  }
  return out;
}

int IndicatorTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

double IndicatorTable::value(const std::string& name, int year) const {
  const int c = column(name);
  if (c < 0) return std::numeric_limits<double>::quiet_NaN();
  for (std::size_t r = rows.size(); r-- > 0;)
    if (years[r] == year) return rows[r][static_cast<std::size_t>(c)];
  return std::numeric_limits<double>::quiet_NaN();
}

void IndicatorTable::serialize(Archive& ar) {
  ar.check("indicators");
  ar.io(names);
  ar.io(units);
  ar.io(ticks);
  ar.io(years);
  ar.io(rows);
}

Simulation::Simulation(ResolvedScenario scenario, const ModelInfo& info)
    : scenario_(std::move(scenario)), info_(info) {
  const Params& p = scenario_.params;
  clock_.start_year = static_cast<int>(p.integer("run.start_year"));
  clock_.end_year = static_cast<int>(p.integer("run.end_year"));
  if (clock_.end_year < clock_.start_year)
    throw ScenarioError({ScenarioIssue{scenario_.file, 0, 0, "run.end_year",
                                       fmt::format("expected a year not before run.start_year ({}), found {}",
                                                   clock_.start_year, clock_.end_year)}});
  const std::string& tick = p.text("run.tick");
  clock_.ticks_per_year = tick == "month" ? 12 : tick == "quarter" ? 4 : 1;
  clock_.total_ticks = static_cast<std::int64_t>(clock_.end_year - clock_.start_year + 1) * clock_.ticks_per_year;
  seed_ = static_cast<std::uint64_t>(p.integer("run.seed"));
  record_every_tick_ = p.text("run.record") == "every_tick";
}

Simulation::~Simulation() = default;

Table& Simulation::add_table(const std::string& name, const std::string& doc) {
  for (auto& t : tables_)
    if (t->name() == name) throw Error("table '" + name + "' added twice");
  tables_.push_back(std::make_unique<Table>(name, doc));
  return *tables_.back();
}

Table& Simulation::table(const std::string& name) {
  for (auto& t : tables_)
    if (t->name() == name) return *t;
  throw Error("no table named '" + name + "'");
}

void Simulation::add_phase(const std::string& name, const std::string& doc, std::function<void()> fn, PhaseKind kind,
                           const std::string& table) {
  phases_.push_back(PhaseInfo{name, doc, kind, table, std::move(fn)});
}

void Simulation::add_indicator(const std::string& name, const std::string& unit, const std::string& doc,
                               std::function<double()> fn) {
  for (auto& i : indicators_)
    if (i.name == name) throw Error("indicator '" + name + "' declared twice");
  indicators_.push_back(IndicatorInfo{name, unit, doc, std::move(fn)});
}

void Simulation::setup() {
  model_ = info_.create();
  model_->setup(*this);
  recorded_.names.clear();
  recorded_.units.clear();
  for (const auto& i : indicators_) {
    recorded_.names.push_back(i.name);
    recorded_.units.push_back(i.unit);
  }
}

void Simulation::initialize() {
  const auto t0 = SteadyClock::now();
  clock_.tick = 0;
  model_->initialize(*this);
  start_timing_ = PhaseTiming{"(initialize)", seconds_since(t0), 1};
}

void Simulation::record_row() {
  std::vector<double> row;
  row.reserve(indicators_.size());
  for (const auto& i : indicators_) row.push_back(i.fn());
  recorded_.ticks.push_back(clock_.tick);
  recorded_.years.push_back(clock_.year());
  recorded_.rows.push_back(std::move(row));
}

void Simulation::add_invariant(const std::string& name, const std::string& doc, std::function<std::string()> check) {
  for (const auto& i : invariants_)
    if (i.name == name) throw Error("invariant '" + name + "' declared twice");
  invariants_.push_back({name, doc, std::move(check)});
}

void Simulation::check_invariants() const {
  for (const auto& inv : invariants_) {
    const std::string miss = inv.check();
    if (!miss.empty())
      throw InvariantError(fmt::format("tick {} ({}, month {} of {}): invariant '{}' does not hold: {}", clock_.tick, clock_.year(),
                                       clock_.tick_in_year() + 1, clock_.ticks_per_year, inv.name, miss));
  }
}

bool Simulation::step() {
  if (done()) return false;
  if (phase_seconds_.size() != phases_.size()) {
    phase_seconds_.resize(phases_.size(), 0.0);
    phase_calls_.resize(phases_.size(), 0);
  }
  auto t = SteadyClock::now();
  for (std::uint32_t i = 0; i < phases_.size(); ++i) {
    current_phase_ = i;
    phases_[i].fn();
    const auto t1 = SteadyClock::now();
    phase_seconds_[i] += std::chrono::duration<double>(t1 - t).count();
    ++phase_calls_[i];
    t = t1;
  }
  current_phase_ = 0;
  if (check_invariants_) check_invariants();
  if (record_every_tick_ || clock_.last_tick_of_year()) {
    record_row();
    record_timing_.seconds += seconds_since(t);
    ++record_timing_.calls;
  }
  ++clock_.tick;
  return !done();
}

std::vector<PhaseTiming> Simulation::phase_timings() const {
  std::vector<PhaseTiming> out;
  for (std::size_t i = 0; i < phases_.size(); ++i)
    out.push_back(PhaseTiming{phases_[i].name, i < phase_seconds_.size() ? phase_seconds_[i] : 0.0,
                              i < phase_calls_.size() ? phase_calls_[i] : 0});
  out.push_back(record_timing_);
  if (start_timing_.calls > 0) out.push_back(start_timing_);
  return out;
}

std::size_t Simulation::agents_alive() const {
  std::size_t n = 0;
  for (const auto& t : tables_) n += t->size();
  return n;
}

std::size_t Simulation::state_bytes() const {
  std::size_t n = 0;
  for (const auto& t : tables_) n += t->bytes();
  return n;
}

void Simulation::save_checkpoint(const std::string& path) {
  AtomicFile f(path, /*binary=*/true);
  Archive ar = Archive::writer(f.stream());
  std::string magic = kMagic;
  ar.io(magic);
  std::string yaml = scenario_.params.to_yaml(scenario_.model);
  ar.io(yaml);
  ar.io(clock_.tick);
  recorded_.serialize(ar);
  std::uint64_t nt = tables_.size();
  ar.io(nt);
  for (auto& t : tables_) t->serialize(ar);
  ar.check("model");
  model_->serialize(ar);
  ar.check("end");
  f.commit();
}

void Simulation::load_state(Archive& ar) {
  const auto t0 = SteadyClock::now();
  std::string magic, yaml;
  ar.io(magic);
  if (magic != kMagic) throw CheckpointError("not a Xiaoda checkpoint");
  ar.io(yaml);
  ar.io(clock_.tick);
  recorded_.serialize(ar);
  std::uint64_t nt = 0;
  ar.io(nt);
  if (nt != tables_.size()) throw CheckpointError("checkpoint has a different number of tables than this model");
  for (auto& t : tables_) t->serialize(ar);
  ar.check("model");
  model_->serialize(ar);
  ar.check("end");
  start_timing_ = PhaseTiming{"(load checkpoint)", seconds_since(t0), 1};
}

std::string checkpoint_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CheckpointError("cannot open checkpoint '" + path + "'");
  Archive ar = Archive::reader(in);
  std::string magic, yaml;
  ar.io(magic);
  if (magic != kMagic) throw CheckpointError("'" + path + "' is not a Xiaoda checkpoint");
  ar.io(yaml);
  return yaml;
}

}  // namespace sim
