// The Zhejiang model: its parameters, its components and, in setup(), the order in which they act
// each month. Reading the phase list tells what happens in a month.
#include "models/zhejiang/model.hpp"

#include <algorithm>

#include "sim/parallel.hpp"

namespace models::zhejiang {

void CoreParams::bind(sim::ParamBinder& b) {
  b.group("", "Zhejiang rural industrialisation model (docs/model.md). Money in real 1978 yuan.");
  b.real(scale, "scale", 100, "real persons per agent person", 1, 1e6,
         "households, persons, firms and their flows are a 1/scale sample; indicators are rescaled", "issue 3 (default 1:100)");
  std::vector<std::pair<double, double>> cpi_points = {
      {1978, 100.0}, {1979, 102.0}, {1980, 109.5}, {1981, 112.2}, {1982, 114.4}, {1983, 116.7}, {1984, 119.9}, {1985, 131.1},
      {1986, 139.6}, {1987, 149.8}, {1988, 177.9}, {1989, 209.9}, {1990, 216.4}, {1991, 223.8}, {1992, 238.1}, {1993, 273.1},
      {1994, 339.0}, {1995, 396.9}, {1996, 429.9}, {1997, 441.9}, {1998, 438.4}, {1999, 432.2}, {2000, 434.0}, {2001, 437.0},
      {2002, 433.5}, {2003, 438.7}, {2004, 455.8}, {2005, 464.0}, {2006, 471.0}, {2007, 493.6}, {2008, 522.7}, {2009, 519.0},
      {2010, 536.1}, {2011, 565.0}, {2012, 579.7}, {2013, 594.8}};
  b.schedule(cpi, "prices.cpi", sim::Schedule{sim::Schedule::Interp::Step, cpi_points}, "1978=100", 0, 1e6,
             "consumer price index (deflator for nominal indicators)", "scenarios/data/china_cpi_1978_2013.csv (national CPI)");
  b.real(poverty_line, "measure.poverty_line", 100, "1978 yuan per person per year", 0, 1e6, "absolute poverty line, fixed in real terms",
         "China's 1978 rural poverty standard (100 yuan per person per year; 250 million poor, 30.7 %: the national figure in the targets)");
  b.list(snapshot_years, "output.snapshot_years", {}, "years", 1900, 2200, "years at which households.csv and firms.csv snapshots are written",
         "convention");
}

namespace {

void declare(sim::ParamRegistry& reg) {
  sim::declare_bound<CoreParams>(reg, "zhejiang");
  Places::declare(reg);
  Households::declare(reg);
  Kin::declare(reg);
  Agriculture::declare(reg);
  Firms::declare(reg);
  GoodsMarket::declare(reg);
  Labour::declare(reg);
  Choices::declare(reg);
  Markets::declare(reg);
  Clusters::declare(reg);
  Migration::declare(reg);
  Government::declare(reg);
  Accounts::declare(reg);
  Welfare::declare(reg);
  policy_registry().declare(reg);
}

void validate(const sim::Params& p, std::vector<sim::ParamProblem>& out) {
  if (p.text("run.tick") != "month")
    out.push_back({"run.tick", "the Zhejiang model runs monthly ticks (its rates are per month and decisions quarterly): expected 'month', found '" +
                                   p.text("run.tick") + "'"});
  Places::validate(p, out);
  Households::validate(p, out);
  Agriculture::validate(p, out);
  Firms::validate(p, out);
  Accounts::validate(p, out);
  policy_registry().validate(p, out);
}

}  // namespace

void ZhejiangModel::setup(sim::Simulation& s) {
  const sim::Params& p = s.params();
  ctx_ = std::make_unique<Context>(s, sim::read_bound<CoreParams>(p, "zhejiang"));
  world_ = World{ctx_.get(), &places_, &households_, &kin_, &agriculture_, &firms_, &goods_, &labour_, &choices_, &markets_,
                 &clusters_, &migration_, &government_, &accounts_, &welfare_, &access_, &summary_, &ledger_, &channels_};
  World& w = world_;
  places_.setup(w, p);
  households_.setup(w, p);
  firms_.setup(w, p);
  kin_.setup(w, p);
  agriculture_.setup(w, p);
  goods_.setup(w, p);
  labour_.setup(w, p);
  choices_.setup(w, p);
  markets_.setup(w, p);
  clusters_.setup(w, p);
  migration_.setup(w, p);
  government_.setup(w, p);
  accounts_.setup(w, p);
  welfare_.setup(w, p);
  access_.setup(w);
  summary_.setup(w);
  ledger_.setup(w);
  policies_ = policy_registry().create(p);
  for (auto& [name, m] : policies_) m->attach(w);

  // ---- one month, in order
  s.add_phase("month_start", "the month's accounts start; in January: last year's income per person, annual sums reset, policies' year start",
              [this] { month_start(); });
  s.add_phase("demography", "return migration, births, deaths, ageing, grown children splitting off",
              [this] { households_.demography(); }, sim::PhaseKind::PerAgent, "households");
  s.add_phase("tally", "workers per firm, land and farmers per village, jobs per town, stall holders, kin savings, town wage premia (the six sums side by side, each in household order)",
              [this] { tally(); });
  s.add_phase("agriculture", "village farm output, the levy", [this] { agriculture_.produce(); });
  s.add_phase("production", "firms' output, sales through channels, taxes, wages, profits, desired employment (each firm reckoned in parallel; taxes, sales and payouts booked side by side, each in firm order)",
              [this] { firms_.produce(); });
  s.add_phase("markets", "market turnover, traders' commissions, stall rents", [this] { markets_.trade(); });
  s.add_phase("labour_market", "layoffs and moves to another county for work (parallel), matching in town, labour-market area and province (household order), wage adjustment", [this] { labour_.match(); });
  s.add_phase("incomes", "kin support within lineages, income by source, consumption, saving, spending on services and housing",
              [this] { households_.incomes(); }, sim::PhaseKind::PerAgent, "households");
  s.add_phase("choices", "quarterly: job search, stall requests (granted in household order), foundings planned, moves to town",
              [this] { choices_.decide(); }, sim::PhaseKind::PerAgent, "households");
  s.add_phase("founding", "quarterly: firms founded with own, kin and co-operative capital (household order)",
              [this] { choices_.found_firms(); });
  s.add_phase("migration", "arrivals from other provinces (Harris-Todaro)", [this] { migration_.arrivals(); });
  s.add_phase("firm_dynamics", "exits by age and losses, market and online channels", [this] { firms_.exits_and_channels(); },
              sim::PhaseKind::PerAgent, "firms");
  s.add_phase("government", "revenue to pensions, public services and the development fund; infrastructure",
              [this] { government_.month(); });
  s.add_phase("year_end", "last month: policies (markets, hukou conversion, loans, relocation), village conversion, clusters",
              [this] { year_end(); });
  s.add_phase("welfare", "illness shock, medical relief and subsistence allowance (draws and eligibility in parallel, payments in household order)", [this] { welfare_.month(); });
  s.add_phase("month_end", "goods markets settle with the outside; in December: sector accounts, year-end summaries, snapshots",
              [this] { month_end(); });
  add_indicators(s);
  add_invariants(s);
}

void ZhejiangModel::month_start() {
  households_.set_skill_returns(labour_.skill_beta());
  households_.begin_month();
  savings_start_ = households_.total_savings();
  gov_money_start_ = government_.money_held();
  if (!ctx_->first_month()) return;
  households_.year_start();
  firms_.year_start();
  markets_.year_start();
  choices_.year_start();
  accounts_.year_start();
  government_.year_start();
  welfare_.year_start();
  for (auto& [name, m] : policies_) m->year_start();
}

void ZhejiangModel::tally() {
  households_.release_from_closed();
  // independent sums over the households, each into its own arrays and in household order, run
  // side by side (largest first)
  sim::parallel_invoke([this] { places_.tally_jobs(); }, [this] { firms_.count_workforce(); },
                       [this] { places_.tally_residents(); }, [this] { kin_.tally(); },
                       [this] { markets_.count_occupants(); }, [this] { migration_.tally(); });
  labour_.update_town_premia();
}

void ZhejiangModel::year_end() {
  if (!ctx_->last_month()) return;
  for (auto& [name, m] : policies_) m->year_end();
  const auto share = places_.convert_villages();
  if (std::any_of(share.begin(), share.end(), [](double x) { return x > 0; })) households_.urbanize(share);
  clusters_.identify();
  kin_.remember_best_firms();
  firms_.year_end();
}

void ZhejiangModel::month_end() {
  goods_.settle();
  if (ctx_->tick() == 0) goods_.normalize();  // end of the first month: 1978 markets clear at price 1
  ledger_.end_tick();
  households_.end_month();
  close_year();
}

void ZhejiangModel::close_year() {
  if (!ctx_->last_month()) return;
  ledger_.close_year();
  accounts_.close_year();
  summary_.close_year();
  for (auto& [name, m] : policies_) m->close_year();
  const int y = ctx_->year();
  if (!ctx_->output_dir().empty())
    for (double sy : ctx_->core().snapshot_years)
      if (static_cast<int>(sy) == y) write_snapshot(y);
}

void ZhejiangModel::initialize(sim::Simulation&) {
  places_.build();
  clusters_.build();
  households_.create_1978();
  firms_.create_1978();
  // the 1978 tallies set the farm productivity at which farm value added is the 1978 primary share
  tally();
  agriculture_.calibrate_1978();
}

void ZhejiangModel::serialize(sim::Archive& ar) {
  ar.check("zhejiang");
  places_.serialize(ar);
  households_.serialize(ar);
  kin_.serialize(ar);
  agriculture_.serialize(ar);
  firms_.serialize(ar);
  goods_.serialize(ar);
  labour_.serialize(ar);
  choices_.serialize(ar);
  markets_.serialize(ar);
  clusters_.serialize(ar);
  migration_.serialize(ar);
  government_.serialize(ar);
  accounts_.serialize(ar);
  welfare_.serialize(ar);
  summary_.serialize(ar);
  ledger_.serialize(ar);
  ar.io(savings_start_);
  ar.io(gov_money_start_);
  for (auto& [name, m] : policies_) {
    ar.check(name);
    m->serialize(ar);
  }
}

void ZhejiangModel::finish(sim::Simulation&) {
  if (!ctx_->output_dir().empty()) ledger_.write(ctx_->output_dir());
}

sim::ModelInfo zhejiang_info() {
  sim::ModelInfo m;
  m.name = "zhejiang";
  m.doc = "Rural industrialisation of Zhejiang 1978-2013: farm households, family firms, block-economy clusters, "
          "wholesale markets, county governments and migrants (docs/model.md).";
  m.declare = declare;
  m.validate = validate;
  m.create = [] { return std::make_unique<ZhejiangModel>(); };
  return m;
}

}  // namespace models::zhejiang
