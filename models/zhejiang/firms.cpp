#include "models/zhejiang/firms.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/agriculture.hpp"
#include "models/zhejiang/choices.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/labour.hpp"
#include "models/zhejiang/markets.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void FirmParams::bind(sim::ParamBinder& b) {
  b.real(gdp0, "init.gdp", 124, "100 million RMB", 0, 1e9, "GDP 1978 (sets 1978 productivities)", "targets 1978");
  b.real(gdp_sec0, "init.gdp_share_secondary", 43.3, "percent", 0, 100, "secondary share of GDP 1978", "targets 1978");
  b.real(emp_sec0, "init.employment_share_secondary", 29.8, "percent", 0, 100, "secondary share 1978 (collective firms)", "targets 1978");
  b.real(emp_ter0, "init.employment_share_tertiary", 17.0, "percent", 0, 100, "tertiary share 1978 (service units)", "targets 1978");
  b.real(k_per_worker, "firms.capital_per_worker", 600, "1978 yuan", 0, 1e7, "capital per worker of 1978 collective firms", "assumption");
  b.real(labour_share, "firms.labour_elasticity", 0.6, "elasticity", 0.05, 0.95, "output elasticity of labour in manufacturing and construction firms",
         "assumption (labour-intensive small commodities, presentation p.12)");
  b.real(labour_share_svc, "firms.labour_elasticity_services", 0.463, "elasticity", 0.05, 0.95,
         "output elasticity of labour in service firms (tertiary value added includes capital-intensive finance, real estate and transport)",
         "calibrated: tertiary employment and GDP shares 2013 (targets); assumption that it is below manufacturing's; estimated: scenarios/calibration/zhejiang_baseline.yaml (CRS2, docs/calibration.md section 7)");
  b.real(returns_to_scale, "firms.returns_to_scale", 0.9459, "elasticity", 0.5, 1,
         "returns to scale of an owner-managed firm (span of control): output = productivity x (L^a K^(1-a))^this, scaled to equal constant returns at one worker with 1978 capital",
         "Lucas (1978) span of control; Guner, Ventura & Xu (2008) and Restuccia & Rogerson (2008) use 0.80-0.90 (memory); estimated: scenarios/calibration/zhejiang_prices.yaml (Sbplx, stage 7, docs/calibration.md section 7), above that range");
  b.real(learning_mfg, "firms.learning", 0.194, "elasticity", 0, 2,
         "learning by doing of manufacturing and construction firms: productivity x (1 + age in years)^this",
         "assumption (learning-by-doing elasticities of ~0.2 in the literature; firms' productivity grows with age, priors F4: entrants are small); calibrated; estimated: scenarios/calibration/zhejiang_prices.yaml (Sbplx, stage 7, docs/calibration.md section 7)");
  b.real(learning_svc, "firms.learning_services", 0.2937, "elasticity", 0, 2, "learning by doing of service firms", "as firms.learning; calibrated; estimated: scenarios/calibration/zhejiang_prices.yaml (Sbplx, stage 7, docs/calibration.md section 7; near the upper bound 0.3 of its search range, at it in stages 5 and 6)");
  b.real(entrant_level, "firms.entrant_level", 1.0, "ratio", 0.1, 10,
         "mean productivity of a new firm relative to its sector's incumbent private firms (spillovers from kin, neighbours and former employers)",
         "priors F4 (entrants are small and less productive); assumption");
  b.choice(frontier_firms, "firms.frontier_firms", "all", {"all", "private", "expected"},
           "incumbents new firms learn from: all firms of the sector group, collective units included (weighted by employment), or private firms only; "
           "'expected' is 'all' with each private firm at the productivity its founder could expect (base_productivity) grown by its learning, "
           "so that founders' luck does not compound through the frontier (a trial: docs/model.md section 8, Scale)",
           "assumption: founders learned from the firms they and their kin had worked in, in the 1980s mostly collective units; 'private' makes the "
           "frontier a ratchet fed by a few sample firms in the first years (seed cv of 2013 GDP per capita 24 %, docs/model.md section 9)");
  b.choice(own_size, "firms.own_size_in_town", "scaled", {"scaled", "once", "residents"},
           "how a firm counts its own workers in its town's jobs (wage premium) and in its cell's workforce (agglomeration gain, "
           "supplier saving): 'scaled' takes the town's and cell's sample workers times the scale, the firm's own included; 'once' "
           "takes the other firms' sample workers times the scale plus its own workers once (a sample firm is a real firm, and the "
           "scale firms it stands for are spread over the province, not in its town); 'residents' sets the wage premium by the town's "
           "resident labour force times the scale (many sample households even in a coarse sample) and the cells as 'scaled' - a trial: docs/model.md section 8, Scale",
           "sampling convention; 'scaled' is the estimated model's (docs/calibration.md)");
  for (const char* k : {"firms.tfp_growth_manufacturing", "firms.tfp_growth_services"})
    b.removed(k, "productivity now grows from firms' learning and entrants' spillovers (firms.learning, firms.entrant_level), not a fitted rate");
  b.real(depreciation, "firms.depreciation", 0.08, "per year", 0, 1, "capital depreciation", "assumption");
  b.real(payout, "firms.payout", 0.1321, "share of profit", 0, 1, "share of after-tax profits paid to owners and partners (the rest is reinvested)",
         "calibrated: rural and urban income 2013 (family firms reinvest most profits; priors F5/N4 context); estimated: scenarios/calibration/zhejiang_prices.yaml (Sbplx, stage 7, docs/calibration.md section 7)");
  b.real(owner_share, "firms.owner_share", 0.6, "share of the payout", 0, 1,
         "share of a partnership's payout the founding household receives (the kin partners share the rest)",
         "assumption (presentation p.16: joint stock partnerships)");
  b.real(tax_rate, "firms.tax_rate", 0.15, "share of value added", 0, 1, "taxes on firms' value added", "calibrated: fiscal revenue / GDP 1978 and 2013 (targets)");
  b.real(profit_tax, "firms.profit_tax", 0.25, "share of profit", 0, 0.5, "enterprise income tax on private firms' positive profits (county revenue)",
         "enterprise income tax law (33% to 2007, 25% from 2008; lower rates for small firms); value: assumption within that range");
  b.list(trade_weights, "firms.trade_weights", {0.12, 0.06, 0.06, 0.08, 0.14, 0.14, 0.40}, "shares", 0, 1,
         "shares of outside demand for socks, zippers, jewellery, printing/packing, knitwear, electrical, other manufacturing",
         "field notes 6 (trades named); shares: assumption");
  b.real(hire_speed, "firms.hire_speed", 0.2, "per month", 0, 1, "share of the gap to desired employment closed each month",
         "assumption (0.3 raised the secondary share but destabilised GDP)");
  b.real(target_floor, "firms.target_floor", 0.5, "ratio", 0, 1, "desired employment is at least this multiple of current employment",
         "assumption (firms adjust gradually)");
  b.real(target_ceiling, "firms.target_ceiling", 2.0, "ratio", 1, 100, "desired employment is at most this multiple of current employment (plus target_extra)",
         "assumption (firms adjust gradually)");
  b.real(target_extra, "firms.target_extra", 2.0, "persons", 0, 100, "persons a firm may add beyond target_ceiling x its employment", "assumption");
  b.real(first_hires, "firms.first_hires", 2.0, "persons", 0, 100, "desired employment of a new firm before its first sales", "assumption (small workshops, priors F5)");
  b.real(collective_hiring, "firms.collective_hiring", 0.3, "share", 0, 1,
         "collective units fill this share of the gap to their desired employment (1978 labour plans absorbed new urban cohorts)",
         "calibrated: 1978-85 employment structure (urban unemployment, no rise of the farming share); 1.0 made urbanisation jump");
  b.schedule(collective_retention, "firms.collective_retention",
             sim::Schedule{sim::Schedule::Interp::Linear, {{1979, 0.0}, {1984, 0.4}, {1987, 0.5}}}, "share of profit", 0, 1,
             "share of a collective unit's profit it keeps (the rest goes to the budget): enterprise reform",
             "dated reforms: profit retention from 1979, tax for profit 1983-84, contract responsibility 1987; levels: approximate retained "
             "share of state-enterprise profits (Naughton 1995, Growing Out of the Plan, ch. 3; from memory), assumption for collective units (not fitted)");
  b.real(collective_bonus_share, "firms.collective_bonus_share", 0.5, "share of retained profit", 0, 1,
         "part of a collective unit's retained profit paid to its workers as bonuses and welfare (the rest is invested in the unit)",
         "assumption: the retention rules of 1979 split retained profits among production development, welfare and bonus funds");
  b.real(prod_sd, "firms.productivity_sd", 0.5, "log sd", 0, 3, "dispersion of founders' productivity draws", "priors F1 (fat-tailed sizes)");
  b.real(profit_signal_weight, "firms.profit_signal_weight", 0.1, "share", 0, 1,
         "weight of this month in the smoothed profit per person that founders compare with their income (the rest is memory)",
         "assumption (about ten months of memory)");
  b.list(hazard_by_age, "firms.hazard_by_age", {0.016, 0.063, 0.095, 0.09, 0.085, 0.082, 0.08, 0.06}, "per year", 0, 1,
         "exit hazard by firm age in years (last value for older firms)", "priors F3 (SAIC 2013)");
  b.real(loss_exit, "firms.loss_exit", 0.15, "per month", 0, 1, "exit hazard of a firm whose owners' capital is gone", "priors F4 (shadow of death)");
  b.real(loss_exit_capital, "firms.loss_exit_capital", 0.1, "share of start-up capital", 0, 1,
         "capital below which a firm counts as having lost its owners' capital", "assumption");
  b.real(reach_local, "firms.reach_local", 0.35, "share", 0, 1, "share of outside demand a firm reaches without a market or online channel",
         "presentation p.14: markets 'save them challenges and costs of expanding markets'; priors K4; value: calibrated");
  b.real(market_sales_share, "firms.market_sales_share", 0.30, "share", 0, 1, "share of a market-channel firm's sales passing through the market",
         "priors K3 (75% of Yiwu exports via market procurement: an upper bound, since most firms outside Yiwu sell mainly direct); estimated: scenarios/calibration/zhejiang_refine.yaml (Sbplx from the global estimate, docs/calibration.md section 7)");
  b.real(online_reach, "firms.online_reach", 1.1, "relative reach", 0, 10, "reach of a firm selling online (market = 1)", "assumption; field notes 10");
  b.integer(ecommerce_year, "firms.ecommerce_year", 2003, "year", 1978, 2100, "first year of the online channel", "issue 3 (~2003); priors K5");
  b.real(online_adoption, "firms.online_adoption", 0.08, "per year", 0, 1, "hazard that a firm starts selling online", "priors K5 (Taobao villages from 2009)");
  b.choice(services_demand, "firms.services_demand", "province", {"province", "county"},
           "where service firms sell: 'province' shares the province's demand for services among all service firms by output; "
           "'county' divides it among the counties first, by their residents and (firms.services_market_share) by their wholesale "
           "markets' turnover last month, then among each county's service firms by output (demand of a county without service "
           "firms goes to the others in proportion)",
           "assumption: most services are sold where they are produced; presentation p.14 (markets to become centres of distribution, "
           "warehousing and logistics), field notes 5 (ground floors let as storehouses to businesses employing migrants)");
  b.real(services_market_share, "firms.services_market_share", 0.2, "share", 0, 1,
         "with firms.services_demand 'county': share of the demand for services that follows the wholesale markets' turnover "
         "(freight, warehousing, agents, lodging and catering for buyers); the rest follows residents",
         "assumption (wholesale, retail, transport and storage were about a third of Zhejiang's tertiary value added; the part "
         "bought by market trade is a fraction of it)");
}

void Firms::declare(sim::ParamRegistry& reg) { sim::declare_bound<FirmParams>(reg, "zhejiang"); }

void Firms::validate(const sim::Params& p, std::vector<sim::ParamProblem>& out) {
  const auto q = sim::read_bound<FirmParams>(p, "zhejiang");
  if (q.trade_weights.size() != kTrades)
    out.push_back({"zhejiang.firms.trade_weights", "expected 7 values (one per trade), found " + std::to_string(q.trade_weights.size())});
  if (q.target_floor > q.target_ceiling)
    out.push_back({"zhejiang.firms.target_floor", "expected a floor not above firms.target_ceiling"});
}

void Firms::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<FirmParams>(p, "zhejiang");
  own_rule_ = p_.own_size == "once" ? OwnRule::Once : p_.own_size == "residents" ? OwnRule::Residents : OwnRule::Scaled;
  county_services_ = p_.services_demand == "county";
  auto& f = w.ctx->simulation().add_table("firms", "Family firms (and 1978 collective units), a 1/scale sample at real size.");
  t_ = &f;
  auto& c = w_c_;
  c.owner = f.add<std::uint32_t>("owner", "founding household id", kNone);
  c.p1 = f.add<std::uint32_t>("partner1", "kin partner household id", kNone);
  c.p2 = f.add<std::uint32_t>("partner2", "kin partner household id", kNone);
  c.town = f.add<std::uint32_t>("town", "town");
  c.market = f.add<std::uint32_t>("market", "market used by the market channel", kNone);
  c.workers = f.add<std::uint32_t>("workers", "wage workers");
  c.age = f.add<std::uint32_t>("age_months", "age in months");
  c.sector = f.add<std::uint8_t>("sector", "0-6 trades, 7 construction, 8 services");
  c.channel = f.add<std::uint8_t>("channels", "bit 1 market stall, bit 2 online");
  c.collective = f.add<std::uint8_t>("collective", "1 for 1978 collective/state units");
  c.capital = f.add<double>("capital", "1978 yuan");
  c.phi = f.add<double>("productivity", "firm productivity");
  c.base = f.add<double>("base_productivity", "productivity a founder could expect when the firm was founded (entrant level x the group's frontier); the collective units' own");
  c.skillsum = f.add<double>("skill_sum", "sum of workers' skill");
  c.layoff_p = f.add<double>("layoff_probability", "this month");
  c.revenue = f.add<double>("revenue", "this month");
  c.sales_year = f.add<double>("sales_year", "this year");
  c.profit_year = f.add<double>("profit_year", "this year");
  c.q = f.add<double>("output", "real output this month");
  c.vacancies = f.add<std::int32_t>("vacancies", "open positions");
  ro_ = FirmColumns{c.owner.view(), c.p1.view(), c.p2.view(), c.town.view(), c.market.view(), c.workers.view(),
                    c.age.view(), c.sector.view(), c.channel.view(), c.collective.view(), c.capital.view(),
                    c.phi.view(), c.base.view(), c.skillsum.view(), c.layoff_p.view(), c.revenue.view(),
                    c.sales_year.view(), c.profit_year.view(), c.q.view(), c.vacancies.view()};
}

std::uint8_t Firms::pick_trade(double x) const {
  double acc = 0;
  for (int s = 0; s < kTrades; ++s)
    if ((acc += p_.trade_weights[static_cast<std::size_t>(s)]) > x) return static_cast<std::uint8_t>(s);
  return kTrades;  // beyond the trades' total weight
}

// 1978: non-farm jobs are in collective and state units. Urban households work there; rural
// households send members to commune and brigade enterprises until the 1978 shares are met.
void Firms::create_1978() {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  const std::size_t n = hh.size();
  double lf = 0, urban_lf = 0, rural_hh = 0;
  for (std::size_t r = 0; r < n; ++r) {
    lf += h.lf[r];
    if (h.hukou[r] == LocalUrban) urban_lf += h.lf[r];
    else if (h.lf[r] > 0) rural_hh += 1;
  }
  const double sec = lf * p_.emp_sec0 / 100.0, ter = lf * p_.emp_ter0 / 100.0;
  const double need = std::max(0.0, sec + ter - urban_lf);
  const double q = rural_hh > 0 ? std::min(1.0, need / rural_hh) : 0.0;
  std::vector<std::uint8_t> kind(n, 0);  // 0 none, 1 secondary, 2 tertiary
  const double p_sec = sec / std::max(1.0, sec + ter);
  for (std::size_t r = 0; r < n; ++r) {
    auto rng = w_->ctx->init_rng(draw::kInitCollectiveJobs, hh.id(r));
    if (h.hukou[r] == LocalUrban && h.lf[r] > 0) hh.take_1978_jobs(r);
    else if (h.lf[r] > 0 && h.farm[r] > 0 && rng.uniform() < q) hh.take_1978_jobs(r);
    else continue;
    kind[r] = rng.uniform() < p_sec ? 1 : 2;
  }
  // productivities at which the 1978 workers produce the 1978 value added
  const double scale = w_->ctx->scale();
  const double a_m = w_->accounts->input_share(IoManuf), a_s = w_->accounts->input_share(IoServ);
  const double va_sec = p_.gdp0 * 1e8 * p_.gdp_sec0 / 100.0 / scale;
  const double va_ter = p_.gdp0 * 1e8 * (100.0 - w_->agriculture->gdp_share_1978() - p_.gdp_sec0) / 100.0 / scale;
  const double q_sec = va_sec / std::max(1.0, sec) / (1.0 - a_m) / kMonths;  // gross output per worker-month
  const double q_ter = va_ter / std::max(1.0, ter) / (1.0 - a_s) / kMonths;
  phi_mfg0_ = q_sec / std::pow(p_.k_per_worker, 1.0 - p_.labour_share);
  phi_svc0_ = q_ter / std::pow(p_.k_per_worker, 1.0 - p_.labour_share_svc);
  frontier_ = {phi_mfg0_, phi_mfg0_, phi_svc0_};
  pack_collective_units(kind);
}

// The workers of each county and kind are packed, town by town (county seat first), into units of
// lognormal size (median 60 in county seats, 20 in other towns, 8 for services), located in the
// town of their first worker. Packing by county keeps unit sizes when the sample is thin.
void Firms::pack_collective_units(const std::vector<std::uint8_t>& kind) {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  const Places& pl = *w_->places;
  auto& c = w_c_;
  std::vector<std::vector<std::size_t>> by_county_kind(pl.counties() * 2);
  for (std::size_t r = 0; r < hh.size(); ++r)
    if (kind[r]) by_county_kind[pl.town_county(h.town[r]) * 2 + (kind[r] - 1u)].push_back(r);
  for (std::size_t ck = 0; ck < by_county_kind.size(); ++ck) {
    auto& rows = by_county_kind[ck];
    const auto county = static_cast<std::uint32_t>(ck / 2);
    const std::uint32_t seat = pl.county_seat(county);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      const bool sa = h.town[a] == seat, sb = h.town[b] == seat;
      return sa != sb ? sa : h.town[a] < h.town[b];
    });
    const bool services = ck % 2 == 1;
    std::size_t i = 0;
    std::uint64_t k = 0;
    while (i < rows.size()) {
      auto rng = w_->ctx->init_rng(draw::kInitCollectiveFirms, ck * 100000 + k++);
      const std::uint32_t town = h.town[rows[i]];
      const double median = services ? 8.0 : (town == seat ? 60.0 : 20.0);
      const double size = std::max(1.0, rng.lognormal(std::log(median), 0.8));
      const std::size_t fr = t_->append();
      // secondary units: a trade by its weight, else (one in eleven) construction
      const std::uint8_t sector = services ? std::uint8_t{kServices} : pick_trade(rng.uniform() * 1.1);
      c.sector[fr] = sector == kTrades ? std::uint8_t{kConstruction} : sector;
      c.town[fr] = town;
      c.owner[fr] = kNone;
      c.p1[fr] = kNone;
      c.p2[fr] = kNone;
      c.market[fr] = kNone;
      c.collective[fr] = 1;
      c.phi[fr] = (services ? phi_svc0_ : phi_mfg0_) * rng.lognormal(-0.02, 0.2);
      c.base[fr] = c.phi[fr];
      c.age[fr] = static_cast<std::uint32_t>(rng.below(240));
      double workers = 0;
      while (i < rows.size() && workers < size) {
        hh.set_1978_employer(rows[i], t_->id(fr));
        workers += h.wage[rows[i]];
        ++i;
      }
      c.capital[fr] = p_.k_per_worker * workers;
    }
  }
}

void Firms::year_start() {
  for (std::size_t f = 0; f < size(); ++f) w_c_.sales_year[f] = w_c_.profit_year[f] = 0;
}

void Firms::count_workforce() {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  for (std::size_t f = 0; f < size(); ++f) {
    w_c_.workers[f] = 0;
    w_c_.skillsum[f] = 0;
  }
  // workers and their skill terms (skill^beta, kept by the households) added up per firm in
  // household order
  for (std::size_t r = 0; r < hh.size(); ++r) {
    if (h.employer[r] == kNone) continue;
    const auto fr = row_of(h.employer[r]);
    w_c_.workers[fr] += h.wage[r];
    w_c_.skillsum[fr] += h.wage[r] * h.skill_pow[r];
  }
}

void Firms::exits_and_channels() {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  const Places& pl = *w_->places;
  const Context& ctx = *w_->ctx;
  const bool online = ctx.year() >= p_.ecommerce_year;
  const std::vector<std::uint32_t> county_market = w_->markets->main_market_by_county();
  const double lost = p_.loss_exit_capital * w_->choices->entry_capital();
  auto& c = w_c_;
  const sim::Rng proto = ctx.rng(draw::kFirmDynamics, 0);
  sim::parallel_chunks(size(), [&](std::size_t, std::size_t b, std::size_t e) {
    sim::StreamBatch streams;  // each firm's stream with its first block computed ahead
    streams.compute(proto, t_->ids().data() + b, e - b, 1);
    for (std::size_t f = b; f < e; ++f) {
      auto rng = streams.rng(f - b);
      ++c.age[f];
      const std::size_t age_y = c.age[f] / 12;
      const auto& hz = p_.hazard_by_age;
      const double hazard = hz.empty() ? 0.0 : hz[std::min(age_y, hz.size() - 1)];
      bool close = rng.uniform() < hazard / kMonths;
      if (!c.collective[f]) {
        const auto orow = hh.row_of(c.owner[f]);
        if (orow == sim::kNoRow || h.own[orow] == 0 || h.firm[orow] != id(f)) close = true;  // the owners gave up or died out
        if (c.capital[f] < lost && rng.uniform() < p_.loss_exit) close = true;
      } else if (c.capital[f] <= 0) {
        close = true;
      }
      if (close) {
        t_->kill(f);
        continue;
      }
      if (c.sector[f] < kTrades) {
        const std::uint32_t county = pl.town_county(c.town[f]);
        if (!(c.channel[f] & ChMarket) && county_market[county] != kNone) {
          c.channel[f] |= ChMarket;
          c.market[f] = county_market[county];
        }
        if (online && !(c.channel[f] & ChOnline) && rng.uniform() < p_.online_adoption / kMonths) c.channel[f] |= ChOnline;
      }
    }
  });
  t_->compact();
}

void Firms::fill_vacancy(std::size_t f, double skill_w) {
  --w_c_.vacancies[f];
  ++w_c_.workers[f];
  w_c_.skillsum[f] += skill_w;
}

std::size_t Firms::found(sim::AgentId owner, sim::AgentId p1, sim::AgentId p2, std::uint8_t sector, std::uint32_t town,
                         double capital, double phi) {
  auto& c = w_c_;
  const std::size_t fr = t_->append();
  c.owner[fr] = owner;
  c.p1[fr] = p1;
  c.p2[fr] = p2;
  c.sector[fr] = sector;
  c.town[fr] = town;
  c.market[fr] = kNone;
  c.capital[fr] = capital;
  c.phi[fr] = phi;
  c.base[fr] = entrant_base(sector);
  c.age[fr] = 0;
  c.collective[fr] = 0;
  return fr;
}

double Firms::new_firm_productivity(std::uint8_t sector, sim::Rng& rng, double skill) const {
  return entrant_base(sector) * rng.lognormal(-0.5 * p_.prod_sd * p_.prod_sd, p_.prod_sd) * std::sqrt(std::max(0.5, skill));
}

double Firms::learning_factor(std::size_t f) const {
  if (w_c_.collective[f]) return 1.0;
  const double rate = w_c_.sector[f] == kServices ? p_.learning_svc : p_.learning_mfg;
  return std::pow(1.0 + w_c_.age[f] / 12.0, rate);
}

void Firms::update_frontier() {
  std::array<double, 3> sum{}, weight{};
  const bool all = p_.frontier_firms != "private", expected = p_.frontier_firms == "expected";
  for (std::size_t f = 0; f < size(); ++f) {
    if (w_c_.collective[f] && !all) continue;
    const int g = group_of(w_c_.sector[f]);
    const double L = staff(f);
    const double level = (expected && !w_c_.collective[f] ? w_c_.base[f] : w_c_.phi[f]) * learning_factor(f);
    sum[static_cast<std::size_t>(g)] += L * level;
    weight[static_cast<std::size_t>(g)] += L;
  }
  for (std::size_t g = 0; g < 3; ++g)
    if (weight[g] > 0) frontier_[g] = sum[g] / weight[g];
}

void Firms::serialize(sim::Archive& ar) {
  ar.check("zhejiang.firms");
  ar.io(profit_rate_);
  ar.io(phi_mfg0_);
  ar.io(phi_svc0_);
  ar.io(frontier_);
}

}  // namespace models::zhejiang
