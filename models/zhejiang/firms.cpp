// Family firms: initial collective firms of 1978, recount of workers, production and sales through
// channels, desired employment, the labour market (matching through town, county and province,
// wage adjustment), exits by age and losses, channel adoption, and the yearly identification of
// block-economy clusters with agglomeration effects.
#include <algorithm>
#include <cmath>

#include "models/zhejiang/model.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {
namespace {
std::uint8_t u8(int v) { return static_cast<std::uint8_t>(std::clamp(v, 0, 255)); }
int io_of(int sector) { return sector < kTrades ? IoManuf : (sector == kConstruction ? IoConstr : IoServ); }
}  // namespace

double ZhejiangModel::sector_tfp(int sector) const {
  const double years = sim_->clock().time() - p_.cpi.points.front().first;
  const double g = sector == kServices ? p_.svc_tfp_growth : p_.mfg_tfp_growth;
  return std::exp(g * std::max(0.0, years));
}

void ZhejiangModel::create_initial_firms() {
  // 1978: non-farm jobs are in collective and state units. Urban households work there; rural
  // households send members to commune and brigade enterprises until the 1978 shares are met.
  const std::size_t n = hh_->size();
  double lf = 0, urban_lf = 0, rural_hh = 0;
  for (std::size_t r = 0; r < n; ++r) {
    lf += h_lf_[r];
    if (h_hukou_[r] == LocalUrban) urban_lf += h_lf_[r];
    else if (h_lf_[r] > 0) rural_hh += 1;
  }
  const double sec = lf * p_.emp_sec0 / 100.0, ter = lf * p_.emp_ter0 / 100.0;
  const double need = std::max(0.0, sec + ter - urban_lf);
  const double q = rural_hh > 0 ? std::min(1.0, need / rural_hh) : 0.0;
  std::vector<std::uint8_t> kind(n, 0);  // 0 none, 1 secondary, 2 tertiary
  const double p_sec = sec / std::max(1.0, sec + ter);
  for (std::size_t r = 0; r < n; ++r) {
    auto rng = sim_->init_rng(hh_->id(r), 20);
    if (h_hukou_[r] == LocalUrban && h_lf_[r] > 0) {
      h_wage_[r] = h_unemp_[r];
      h_unemp_[r] = 0;
    } else if (h_lf_[r] > 0 && h_farm_[r] > 0 && rng.uniform() < q) {
      --h_farm_[r];
      h_wage_[r] = 1;
    } else continue;
    kind[r] = rng.uniform() < p_sec ? 1 : 2;
  }
  // pack the workers of each town and kind into firms
  const double a_m = io_colsum_[IoManuf], a_s = io_colsum_[IoServ];
  const double va_sec = p_.gdp0 * 1e8 * p_.gdp_sec0 / 100.0 / p_.scale;
  const double va_ter = p_.gdp0 * 1e8 * (100.0 - p_.gdp_pri0 - p_.gdp_sec0) / 100.0 / p_.scale;
  const double q_sec = va_sec / std::max(1.0, sec) / (1.0 - a_m) / 12.0;  // gross output per worker-month
  const double q_ter = va_ter / std::max(1.0, ter) / (1.0 - a_s) / 12.0;
  phi_mfg0_ = q_sec / std::pow(p_.k_per_worker, 1.0 - p_.labour_share);
  phi_svc0_ = q_ter / std::pow(p_.k_per_worker, 1.0 - p_.labour_share_svc);
  std::vector<std::vector<std::size_t>> by_town_kind(pl_.towns() * 2);
  for (std::size_t r = 0; r < n; ++r)
    if (kind[r]) by_town_kind[h_town_[r] * 2 + (kind[r] - 1u)].push_back(r);
  for (std::size_t tk = 0; tk < by_town_kind.size(); ++tk) {
    const auto& rows = by_town_kind[tk];
    const auto town = static_cast<std::uint32_t>(tk / 2);
    const bool services = tk % 2 == 1;
    std::size_t i = 0;
    std::uint64_t k = 0;
    while (i < rows.size()) {
      auto rng = sim_->init_rng(tk * 1000 + k++, 21);
      const bool seat = pl_.county_seat[pl_.town_county[town]] == town;
      const double median = services ? 8.0 : (seat ? 60.0 : 20.0);
      const double size = std::max(1.0, rng.lognormal(std::log(median), 0.8));
      const std::size_t fr = fm_->append();
      std::uint8_t sector = kServices;
      if (!services) {
        double x = rng.uniform() * 1.1, acc = 0;
        sector = kConstruction;
        for (int s = 0; s < kTrades; ++s)
          if ((acc += p_.trade_weights[static_cast<std::size_t>(s)]) > x) { sector = static_cast<std::uint8_t>(s); break; }
      }
      f_sector_[fr] = sector;
      f_town_[fr] = town;
      f_owner_[fr] = kNone;
      f_p1_[fr] = kNone;
      f_p2_[fr] = kNone;
      f_market_[fr] = kNone;
      f_collective_[fr] = 1;
      f_phi_[fr] = (services ? phi_svc0_ : phi_mfg0_) * rng.lognormal(-0.02, 0.2);
      f_age_[fr] = static_cast<std::uint32_t>(rng.below(240));
      double workers = 0;
      while (i < rows.size() && workers < size) {
        h_employer_[rows[i]] = fm_->id(fr);
        workers += h_wage_[rows[i]];
        ++i;
      }
      f_capital_[fr] = p_.k_per_worker * workers;
    }
  }
  // agriculture: scale so that 1978 farm value added matches the 1978 primary share of GDP
  recount();
  const double va_pri = p_.gdp0 * 1e8 * p_.gdp_pri0 / 100.0 / p_.scale;
  double base = 0;
  for (std::size_t v = 0; v < pl_.villages(); ++v)
    if (pl_.village_farmers[v] > 0 && pl_.village_land[v] > 0)
      base += std::pow(pl_.village_land[v], p_.land_elasticity) * std::pow(pl_.village_farmers[v], p_.labour_elasticity);
  agri_scale_ = base > 0 ? va_pri / (1.0 - io_colsum_[IoAgri]) / base : 0.0;
}

void ZhejiangModel::recount() {
  const double beta = skill_beta();
  const std::size_t nf = fm_->size(), n = hh_->size();
  for (std::size_t f = 0; f < nf; ++f) {
    f_workers_[f] = 0;
    f_skillsum_[f] = 0;
  }
  std::fill(pl_.village_land.begin(), pl_.village_land.end(), 0.0);
  std::fill(pl_.village_farmers.begin(), pl_.village_farmers.end(), 0.0);
  std::fill(pl_.town_jobs.begin(), pl_.town_jobs.end(), 0.0);
  std::fill(pl_.town_urban_workers.begin(), pl_.town_urban_workers.end(), 0.0);
  for (auto& m : markets_) m.occupants = 0;
  lin_savings_.assign(next_lineage_, 0.0);
  lin_members_.assign(next_lineage_, 0);
  if (lin_firm_.size() < next_lineage_) lin_firm_.resize(next_lineage_, kNone);
  for (std::size_t r = 0; r < n; ++r) {
    if (h_employer_[r] != kNone) {
      const auto fr = fm_->row_of(h_employer_[r]);
      if (fr == sim::kNoRow || h_wage_[r] == 0) {  // the firm closed: its workers are unemployed
        h_unemp_[r] = u8(h_unemp_[r] + h_wage_[r]);
        h_wage_[r] = 0;
        h_employer_[r] = kNone;
      } else {
        f_workers_[fr] += h_wage_[r];
        f_skillsum_[fr] += h_wage_[r] * std::pow(h_skill_[r], beta);
        pl_.town_jobs[f_town_[fr]] += h_wage_[r];
      }
    }
    if (h_firm_[r] != kNone) {
      const auto fr = fm_->row_of(h_firm_[r]);
      if (fr == sim::kNoRow) {
        h_unemp_[r] = u8(h_unemp_[r] + h_own_[r]);
        h_own_[r] = 0;
        h_firm_[r] = kNone;
      } else {
        pl_.town_jobs[f_town_[fr]] += h_own_[r];
      }
    }
    if (h_market_[r] != kNone) {
      markets_[h_market_[r]].occupants += h_trade_[r];
      pl_.town_jobs[markets_[h_market_[r]].town] += h_trade_[r];
    }
    if (h_home_[r] != kNone) pl_.village_land[h_home_[r]] += h_land_[r];
    const std::uint32_t v = h_village_[r];
    if (v != kNone) pl_.village_farmers[v] += h_farm_[r];
    if (v == kNone) pl_.town_urban_workers[h_town_[r]] += h_lf_[r];
    else if (pl_.village_urban[v]) pl_.town_urban_workers[pl_.village_town[v]] += h_lf_[r];
    const std::uint32_t l = h_lineage_[r];
    if (l != kNone && l < next_lineage_) {
      lin_savings_[l] += std::max(0.0, h_savings_[r]);
      ++lin_members_[l];
    }
  }
  // agglomeration wage premium of each town (priors G2/G3)
  town_prem_.resize(pl_.towns());
  for (std::size_t t = 0; t < pl_.towns(); ++t)
    town_prem_[t] = std::clamp(std::pow(std::max(1.0, pl_.town_jobs[t] * p_.scale) / p_.town_wage_ref, p_.town_wage_elasticity), 0.4, 2.5);
}

void ZhejiangModel::production() {
  const double t = sim_->clock().time();
  const std::size_t nf = fm_->size();
  // agriculture: village output with diminishing returns to land and labour
  const double atfp = agri_scale_ * p_.agri_tfp.at(t) / 12.0;
  double agri = 0;
  for (std::size_t v = 0; v < pl_.villages(); ++v) {
    const double y = pl_.village_farmers[v] > 0 && pl_.village_land[v] > 0
                         ? atfp * std::pow(pl_.village_land[v], p_.land_elasticity) * std::pow(pl_.village_farmers[v], p_.labour_elasticity)
                         : 0.0;
    pl_.village_output[v] = y;
    agri += y;
  }
  fl_.gross[IoAgri] += agri;
  const double levy = p_.agri_levy.at(t);
  for (std::size_t v = 0; v < pl_.villages(); ++v)
    rev_month_[pl_.town_county[pl_.village_town[v]]] += levy * pl_.village_output[v] * (1.0 - io_colsum_[IoAgri]);
  // firms: output
  std::array<double, kSectors> tfp{};
  for (int s = 0; s < kSectors; ++s) tfp[static_cast<std::size_t>(s)] = sector_tfp(s);
  sim::parallel_rows(nf, [&](std::size_t f) {
    const double L = f_workers_[f] + (f_collective_[f] ? 0.0 : 1.0);
    const std::size_t s = f_sector_[f];
    const double th = p_.theta(s);
    const double agg = s < kTrades ? cl_agglo_[pl_.town_county[f_town_[f]] * kSectors + s] : 1.0;
    f_q_[f] = L > 0 ? f_phi_[f] * tfp[s] * agg * std::pow(L, th) * std::pow(std::max(1.0, f_capital_[f]), 1.0 - th) : 0.0;
  });
  auto reach = [&](std::size_t f) {
    if (f_sector_[f] >= kTrades || f_collective_[f]) return 1.0;  // collectives sell through state commerce
    double x = p_.reach_local;
    if (f_channel_[f] & ChMarket) x = 1.0;
    if (f_channel_[f] & ChOnline) x = std::max(x, p_.online_reach);
    return x;
  };
  std::array<double, kSectors> Q{}, Qr{}, D{};
  for (std::size_t f = 0; f < nf; ++f) {
    Q[f_sector_[f]] += f_q_[f];
    Qr[f_sector_[f]] += f_q_[f] * reach(f);
  }
  const double inv_last = fl_.investment;
  fl_.investment_last = inv_last;
  fl_.investment = 0;
  const double idx = p_.demand_index(t);
  for (int s = 0; s < kSectors; ++s) {
    const auto k = static_cast<std::size_t>(s);
    if (!normalized_) D[k] = Qr[k];
    else if (s < kTrades) D[k] = demand_norm_[k] * idx;
    else if (s == kConstruction) D[k] = demand_norm_[k] * inv_last;
    else D[k] = demand_norm_[k] * (fl_.household_services + fl_.public_services + fl_.business_services);
  }
  std::array<double, kSectors> R{};
  const double ie = 1.0 / p_.demand_elasticity;
  for (std::size_t k = 0; k < kSectors; ++k) {
    R[k] = Qr[k] > 0 && D[k] > 0 ? std::pow(D[k], ie) * std::pow(Qr[k], 1.0 - ie) : 0.0;
    price_[k] = Q[k] > 0 ? R[k] / Q[k] : 1.0;
  }
  // firms: sales, accounts, desired employment
  const double w = fl_.wage;
  std::array<double, kSectors> profit_sum{}, firm_count{};  // private firms: profit per person employed
  double business = 0;
  for (auto& m : markets_) m.firm_flow_month = 0;
  for (std::size_t f = 0; f < nf; ++f) {
    const std::size_t s = f_sector_[f];
    const int io = io_of(static_cast<int>(s));
    const double rev = Qr[s] > 0 ? R[s] * f_q_[f] * reach(f) / Qr[s] : 0.0;
    const double va = rev * (1.0 - io_colsum_[static_cast<std::size_t>(io)]);
    const double tax = p_.tax_rate * va;
    const double prem = town_prem_[f_town_[f]];
    const double wagebill = w * f_skillsum_[f] * prem;
    const double dep = p_.depreciation / 12.0 * f_capital_[f];
    double profit = va - tax - wagebill - dep;
    const std::uint32_t county = pl_.town_county[f_town_[f]];
    rev_month_[county] += tax;
    if (!f_collective_[f] && profit > 0) {  // enterprise income tax on private profits
      const double ptax = p_.profit_tax * profit;
      rev_month_[county] += ptax;
      profit -= ptax;
    }
    fl_.gross[static_cast<std::size_t>(io)] += rev;
    if (s != kServices) business += rev * p_.io[static_cast<std::size_t>(IoServ * kIoSectors + io)];
    f_revenue_[f] = rev;
    f_profit_[f] = profit;
    f_sales_year_[f] += rev;
    f_profit_year_[f] += profit;
    if ((f_channel_[f] & ChMarket) && f_market_[f] != kNone) markets_[f_market_[f]].firm_flow_month += p_.market_sales_share * rev;
    if (f_channel_[f] & ChOnline) fl_.online_sales += rev * 0.3;
    fl_.investment += dep;  // replacement investment
    if (f_collective_[f]) {
      profit_sum[s] += profit / std::max(1.0, double(f_workers_[f])) * 0.5;  // a weak signal while no private firm exists
      firm_count[s] += 0.5;
      rev_month_[county] += profit;  // collective and state units hand profits (or losses) to the budget
    } else {
      profit_sum[s] += profit / std::max(1.0, double(f_workers_[f]) + 1.0);
      firm_count[s] += 1;
      if (profit > 0) {
        const double out = p_.payout * profit;
        const int partners = (f_p1_[f] != kNone) + (f_p2_[f] != kNone);
        const double owner_share = partners ? 0.6 : 1.0;
        const auto orow = hh_->row_of(f_owner_[f]);
        if (orow != sim::kNoRow) h_profit_in_[orow] += out * owner_share;
        for (std::uint32_t pid : {f_p1_[f], f_p2_[f]}) {
          if (pid == kNone) continue;
          const auto pr = hh_->row_of(pid);
          if (pr != sim::kNoRow) h_profit_in_[pr] += out * (1.0 - owner_share) / partners;
        }
        const double inv = profit - out;
        f_capital_[f] += inv;
        fl_.investment += inv;
      } else {
        f_capital_[f] += profit;  // losses eat the owners' capital
      }
    }
    // desired employment: marginal revenue product of labour against the wage
    const double L = f_workers_[f] + (f_collective_[f] ? 0.0 : 1.0);
    const double avg_skill = f_workers_[f] > 0 ? f_skillsum_[f] / f_workers_[f] : 1.0;
    double target = L;
    if (L > 0 && rev > 0) {
      const double th = p_.theta(s);
      const double mrp = th * va * (1.0 - p_.tax_rate) / L;
      const double ratio = mrp / (w * avg_skill * prem);
      target = std::clamp(L * std::pow(ratio, 1.0 / (1.0 - th)), 0.5 * L, 2.0 * L + 2.0);
    } else if (!f_collective_[f]) {
      target = 2.0;  // a new firm hires its first workers
    }
    // collective units follow labour plans: they fill only part of the gap (new urban cohorts were assigned jobs)
    // and do not lay workers off (the 'iron rice bowl')
    const double gap = f_collective_[f] ? p_.collective_hiring * std::max(0.0, target - L) : target - L;
    auto rng = sim_->rng(fm_->id(f));
    if (gap > 0) {
      const double want = p_.hire_speed * gap;
      f_vacancies_[f] = static_cast<std::int32_t>(want) + (rng.uniform() < want - std::floor(want) ? 1 : 0);
      f_layoff_p_[f] = 0;
    } else {
      f_vacancies_[f] = 0;
      f_layoff_p_[f] = f_workers_[f] > 0 ? std::min(1.0, p_.hire_speed * (-gap) / f_workers_[f]) : 0.0;
    }
  }
  fl_.business_services = business;
  for (std::size_t k = 0; k < kSectors; ++k)
    if (firm_count[k] > 0) sector_profit_rate_[k] = 0.9 * sector_profit_rate_[k] + 0.1 * profit_sum[k] / firm_count[k];
}

void ZhejiangModel::labour_market() {
  const double beta = skill_beta();
  const std::size_t n = hh_->size(), nf = fm_->size();
  // layoffs
  sim::parallel_rows(n, [&](std::size_t r) {
    if (h_employer_[r] == kNone || h_wage_[r] == 0) return;
    const auto fr = fm_->row_of(h_employer_[r]);
    if (fr == sim::kNoRow || f_layoff_p_[fr] <= 0) return;
    auto rng = sim_->rng(hh_->id(r));
    const auto lost = rng.binomial(h_wage_[r], f_layoff_p_[fr]);
    if (lost == 0) return;
    h_wage_[r] = u8(h_wage_[r] - static_cast<int>(lost));
    const bool can_farm = h_village_[r] != kNone && !pl_.village_urban[h_village_[r]] && h_land_[r] > 0;
    if (can_farm) h_farm_[r] = u8(h_farm_[r] + static_cast<int>(lost));
    else h_unemp_[r] = u8(h_unemp_[r] + static_cast<int>(lost));
    if (h_wage_[r] == 0) h_employer_[r] = kNone;
  });
  // vacancies by town, county and province (firm row order)
  const std::size_t T = pl_.towns();
  std::vector<std::vector<std::size_t>> town_vac(T);
  for (std::size_t f = 0; f < nf; ++f)
    if (f_vacancies_[f] > 0) town_vac[f_town_[f]].push_back(f);
  std::vector<std::size_t> town_cursor(T, 0);
  std::vector<std::vector<std::uint32_t>> county_towns(static_cast<std::size_t>(p_.counties));
  for (std::uint32_t t = 0; t < T; ++t)
    if (!town_vac[t].empty()) county_towns[pl_.town_county[t]].push_back(t);
  auto next_vacancy = [&](std::uint32_t t) -> std::size_t {
    auto& cur = town_cursor[t];
    while (cur < town_vac[t].size() && f_vacancies_[town_vac[t][cur]] <= 0) ++cur;
    return cur < town_vac[t].size() ? town_vac[t][cur] : nf;
  };
  double seekers_local = 0, hired_local = 0, seekers_mig = 0, hired_mig = 0;
  const double mobility = p_.rural_mobility(sim_->clock().time());
  auto hire = [&](std::size_t r, std::size_t f) {
    if (h_unemp_[r]) --h_unemp_[r];
    else --h_farm_[r];
    --h_seek_[r];
    ++h_wage_[r];
    h_employer_[r] = fm_->id(f);
    --f_vacancies_[f];
    ++f_workers_[f];
    f_skillsum_[f] += std::pow(h_skill_[r], beta);
  };
  std::vector<std::size_t> remaining;
  for (std::size_t pass = 0; pass < 3; ++pass) {
    const std::size_t limit = pass == 0 ? n : remaining.size();
    std::vector<std::size_t> still;
    for (std::size_t i = 0; i < limit; ++i) {
      const std::size_t r = pass == 0 ? i : remaining[i];
      h_seek_[r] = std::min<std::uint8_t>(h_seek_[r], u8(h_farm_[r] + h_unemp_[r]));
      if (h_seek_[r] == 0) continue;
      const bool mig = h_hukou_[r] == OtherProvince;
      if (pass == 0) (mig ? seekers_mig : seekers_local) += h_seek_[r];
      auto rng = sim_->rng(hh_->id(r), static_cast<std::uint32_t>(pass + 1));
      while (h_seek_[r] > 0) {
        std::size_t f = nf;
        if (h_employer_[r] != kNone) {  // family members join the household's employer
          const auto fr = fm_->row_of(h_employer_[r]);
          if (fr != sim::kNoRow && f_vacancies_[fr] > 0) f = fr;
          else break;
        } else if (pass == 0) {
          f = next_vacancy(h_town_[r]);
        } else if (pass == 1) {
          const auto& ct = county_towns[pl_.town_county[h_town_[r]]];
          for (std::size_t k = 0; k < ct.size() && f == nf; ++k) f = next_vacancy(ct[(k + rng.below(static_cast<std::uint32_t>(ct.size()))) % ct.size()]);
        } else if (rng.uniform() < province_search_chance()) {
          for (int tries = 0; tries < 8 && f == nf; ++tries) f = next_vacancy(rng.below(static_cast<std::uint32_t>(T)));
        }
        if (f == nf) break;
        // a job in another town beyond commuting distance: the household moves there
        const std::uint32_t ft = f_town_[f];
        if (ft != h_town_[r]) {
          const double d = pl_.town_dist_seat[ft] + pl_.town_dist_seat[h_town_[r]];
          if (d > p_.commute_km || pl_.town_county[ft] != pl_.town_county[h_town_[r]]) {
            if (h_own_[r] > 0 || h_trade_[r] > 0) break;  // tied to their business
            if (h_hukou_[r] == LocalRural && rng.uniform() >= mobility) break;  // hukou limits moving
            h_town_[r] = ft;
            h_village_[r] = kNone;
            h_farm_[r] = 0;
          }
        }
        if (h_farm_[r] + h_unemp_[r] == 0) break;
        hire(r, f);
        (mig ? hired_mig : hired_local) += 1;
      }
      if (h_seek_[r] > 0 && h_employer_[r] == kNone) still.push_back(r);
    }
    remaining.swap(still);
  }
  if (seekers_local > 0) fl_.local_job_rate = 0.8 * fl_.local_job_rate + 0.2 * (hired_local / seekers_local);
  if (seekers_mig > 0) fl_.migrant_job_rate = 0.8 * fl_.migrant_job_rate + 0.2 * (hired_mig / seekers_mig);
  // wages respond to excess demand for labour
  double unfilled = 0, workers = 0, idle = 0;
  for (std::size_t f = 0; f < nf; ++f) {
    unfilled += std::max(0, f_vacancies_[f]);
    workers += f_workers_[f];
  }
  for (std::size_t r = 0; r < n; ++r) idle += h_unemp_[r];
  const double x = (unfilled - idle) / std::max(1.0, workers);
  fl_.wage *= std::exp(p_.wage_adjust * (x > 0 ? std::min(x, 0.2) : 0.2 * std::max(x, -0.2)));
}

void ZhejiangModel::firm_dynamics() {
  const std::size_t nf = fm_->size();
  const int y = sim_->clock().year();
  const bool online = y >= p_.ecommerce_year;
  // nearest market of each county (first built)
  std::vector<std::uint32_t> county_market(static_cast<std::size_t>(p_.counties), kNone);
  for (std::size_t m = 0; m < markets_.size(); ++m)
    if (county_market[markets_[m].county] == kNone) county_market[markets_[m].county] = static_cast<std::uint32_t>(m);
  sim::parallel_rows(nf, [&](std::size_t f) {
    auto rng = sim_->rng(fm_->id(f));
    ++f_age_[f];
    const std::size_t age_y = f_age_[f] / 12;
    const auto& hz = p_.hazard_by_age;
    const double h = hz.empty() ? 0.0 : hz[std::min(age_y, hz.size() - 1)];
    bool close = rng.uniform() < h / 12.0;
    if (!f_collective_[f]) {
      const auto orow = hh_->row_of(f_owner_[f]);
      if (orow == sim::kNoRow || h_own_[orow] == 0 || h_firm_[orow] != fm_->id(f)) close = true;
      if (f_capital_[f] < 0.1 * p_.entry_capital && rng.uniform() < p_.loss_exit) close = true;
    } else if (f_capital_[f] <= 0) {
      close = true;
    }
    if (close) {
      fm_->kill(f);
      return;
    }
    if (f_sector_[f] < kTrades) {
      const std::uint32_t c = pl_.town_county[f_town_[f]];
      if (!(f_channel_[f] & ChMarket) && county_market[c] != kNone) {
        f_channel_[f] |= ChMarket;
        f_market_[f] = county_market[c];
      }
      if (online && !(f_channel_[f] & ChOnline) && rng.uniform() < p_.online_adoption / 12.0) f_channel_[f] |= ChOnline;
    }
  });
  fm_->compact();
}

void ZhejiangModel::clusters() {
  const std::size_t nc = static_cast<std::size_t>(p_.counties) * kSectors;
  cl_workers_.assign(nc, 0);
  cl_firms_.assign(nc, 0);
  cl_sales_.assign(nc, 0);
  const std::size_t nf = fm_->size();
  for (std::size_t f = 0; f < nf; ++f) {
    const std::size_t i = pl_.town_county[f_town_[f]] * kSectors + f_sector_[f];
    cl_workers_[i] += f_workers_[f] + (f_collective_[f] ? 0 : 1);
    cl_firms_[i] += 1;
    cl_sales_[i] += f_sales_year_[f];
  }
  const double cpi = p_.cpi.at(sim_->clock().year()) / 100.0;
  block_count_ = 0;
  block_practitioners_ = 0;
  cluster_practitioners_ = 0;
  for (std::size_t i = 0; i < nc; ++i) {
    const bool trade = i % kSectors < kTrades;
    const bool cluster = trade && cl_firms_[i] * p_.scale >= p_.cluster_min_firms;
    cl_is_cluster_[i] = cluster ? 1 : 0;
    cl_agglo_[i] = cluster ? std::pow(std::max(1.0, cl_workers_[i] * p_.scale / p_.cluster_ref_workers), p_.agglomeration) : 1.0;
    if (cluster) cluster_practitioners_ += cl_workers_[i] * p_.scale;
    if (cluster && cl_sales_[i] * p_.scale * cpi / 1e8 >= p_.block_sales_threshold) {
      block_count_ += 1;
      block_practitioners_ += cl_workers_[i] * p_.scale;
    }
  }
  // kin: each lineage remembers its most profitable firm (imitated by kin founders)
  std::vector<double> best(next_lineage_, -1e300);
  lin_firm_.assign(next_lineage_, kNone);
  for (std::size_t f = 0; f < nf; ++f) {
    if (f_collective_[f] || f_profit_year_[f] <= 0) continue;
    const auto orow = hh_->row_of(f_owner_[f]);
    if (orow == sim::kNoRow) continue;
    const std::uint32_t l = h_lineage_[orow];
    if (l == kNone || l >= next_lineage_) continue;
    if (f_profit_year_[f] > best[l]) {
      best[l] = f_profit_year_[f];
      lin_firm_[l] = fm_->id(f);
    }
  }
}

}  // namespace models::zhejiang
