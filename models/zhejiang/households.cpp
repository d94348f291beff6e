// Households: demography (births, ageing, deaths, splitting), incomes by source, consumption and
// saving, quarterly occupation and entrepreneurship choices, moves to town, and in-migration from
// other provinces (Harris-Todaro) with return migration.
#include <algorithm>
#include <cmath>

#include "models/zhejiang/model.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {
namespace {

struct SplitReq {
  std::size_t row;
  std::uint8_t adults;
};
struct Demo {
  double births = 0, deaths = 0, emigrants = 0;
};
struct Spend {
  double services = 0, housing = 0, pensions = 0;
};

std::uint8_t u8(int v) { return static_cast<std::uint8_t>(std::clamp(v, 0, 255)); }

}  // namespace

std::size_t ZhejiangModel::new_household(std::uint32_t town, std::uint32_t village, std::uint8_t hukou) {
  const std::size_t r = hh_->append();
  h_town_[r] = town;
  h_village_[r] = village;
  h_home_[r] = village;
  h_hukou_[r] = hukou;
  h_lineage_[r] = kNone;
  h_employer_[r] = kNone;
  h_market_[r] = kNone;
  h_firm_[r] = kNone;
  h_skill_[r] = 1.0;
  return r;
}

void ZhejiangModel::add_labour_member(std::size_t r) {
  ++h_lf_[r];
  const bool can_farm = h_village_[r] != kNone && !pl_.village_urban[h_village_[r]] && h_land_[r] > 0;
  if (can_farm) ++h_farm_[r];
  else ++h_unemp_[r];
}

void ZhejiangModel::remove_worker(std::size_t r, sim::Rng&) {
  if (h_lf_[r] == 0) return;
  --h_lf_[r];
  if (h_unemp_[r]) --h_unemp_[r];
  else if (h_farm_[r]) --h_farm_[r];
  else if (h_trade_[r]) --h_trade_[r];
  else if (h_wage_[r]) --h_wage_[r];
  else if (h_own_[r]) --h_own_[r];
  if (h_trade_[r] == 0) h_market_[r] = kNone;
  if (h_wage_[r] == 0) h_employer_[r] = kNone;
  h_seek_[r] = std::min<std::uint8_t>(h_seek_[r], u8(h_farm_[r] + h_unemp_[r]));
}

void ZhejiangModel::create_households() {
  const double n_persons = p_.pop0 * 1e4 / p_.scale;
  const double urban_target = n_persons * p_.urban0 / 100.0;
  const auto C = static_cast<std::uint32_t>(p_.counties);
  const auto T = static_cast<std::uint32_t>(pl_.towns());
  const auto V = static_cast<std::uint32_t>(pl_.villages());
  const auto pioneer = static_cast<std::uint32_t>(sim_->params().integer("policies.market_building.pioneer_county"));
  static const double terrain_weight[5] = {1.5, 0.8, 0.7, 0.8, 0.5};
  double persons = 0, urban = 0;
  std::uint64_t k = 0;
  while (persons < n_persons) {
    auto rng = sim_->init_rng(k++, 10);
    const bool is_urban = urban < urban_target;
    std::uint32_t town, village = kNone;
    if (is_urban) {
      town = rng.uniform() < 0.6 ? pl_.county_seat[rng.below(C)] : rng.below(T);
    } else {
      do village = rng.below(V);
      while (rng.uniform() * 1.5 > terrain_weight[pl_.village_terrain[village]]);
      town = pl_.village_town[village];
    }
    const std::size_t r = new_household(town, village, is_urban ? LocalUrban : LocalRural);
    const int size = std::min(9, 1 + static_cast<int>(rng.poisson(p_.hh_size0 - 1.0)));
    int kids = 0, adults = 0, eld = 0;
    for (int i = 0; i < size; ++i) {
      const double u = rng.uniform();
      if (u < p_.kid_share0) ++kids;
      else if (u < p_.kid_share0 + p_.elderly_share0) ++eld;
      else ++adults;
    }
    if (adults == 0) {
      adults = 1;
      if (kids > 0) --kids;
      else if (eld > 0) --eld;
    }
    h_kids_[r] = u8(kids);
    h_adults_[r] = u8(adults);
    h_elderly_[r] = u8(eld);
    h_lf_[r] = u8(static_cast<int>(rng.binomial(static_cast<std::uint32_t>(adults), p_.participation)));
    if (is_urban) h_unemp_[r] = h_lf_[r];  // given jobs in create_initial_firms
    else h_farm_[r] = h_lf_[r];
    h_skill_[r] = rng.lognormal(-0.5 * p_.skill_sd * p_.skill_sd, p_.skill_sd) * (is_urban ? p_.urban_skill : 1.0);
    h_trait_[r] = rng.normal(p_.trait_mean, p_.trait_sd) + (pl_.town_county[town] == pioneer ? p_.yiwu_trait : 0.0);
    h_land_[r] = is_urban ? 0.0 : p_.land_pc0 * size * rng.lognormal(-0.5 * p_.land_sd * p_.land_sd, p_.land_sd);
    h_savings_[r] = p_.savings_pc0 * size * rng.lognormal(-0.5, 1.0);
    h_lineage_[r] = is_urban ? V * static_cast<std::uint32_t>(p_.lineages_per_village) + town
                             : village * static_cast<std::uint32_t>(p_.lineages_per_village) +
                                   rng.below(static_cast<std::uint32_t>(p_.lineages_per_village));
    h_ypc_last_[r] = is_urban ? p_.urban_income0 : p_.rural_income0;
    persons += size;
    if (is_urban) urban += size;
  }
  next_lineage_ = V * static_cast<std::uint32_t>(p_.lineages_per_village) + T;
}

void ZhejiangModel::demography() {
  const auto& clk = sim_->clock();
  const double cbr = p_.cbr.at(clk.time()) / 1000.0 / 12.0;
  const double dk = p_.death_kid / 12, da = p_.death_adult / 12, de = p_.death_elderly / 12;
  const double ak = p_.age_kid / 12, aa = p_.age_adult / 12;
  const double split = p_.split_rate / 12, ret = p_.return_rate / 12;
  const std::size_t n = hh_->size();
  sim::ChunkBuffers<SplitReq> splits(n);
  std::vector<Demo> demo(sim::chunk_count(n));
  sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
    Demo d;
    for (std::size_t r = b; r < e; ++r) {
      auto rng = sim_->rng(hh_->id(r));
      const bool migrant = h_hukou_[r] == OtherProvince;
      const int persons = h_kids_[r] + h_adults_[r] + h_elderly_[r];
      // return migration (Harris-Todaro: the unemployed go home first)
      if (migrant) {
        const bool jobless = h_lf_[r] > 0 && h_unemp_[r] == h_lf_[r] && h_own_[r] == 0;
        const double pr = (jobless && h_unemp_months_[r] >= 2 ? p_.unemployed_return : ret) * return_factor(r);
        if (rng.uniform() < pr && h_own_[r] == 0) {
          d.emigrants += persons;
          hh_->kill(r);
          continue;
        }
      }
      // births
      if (!migrant || h_family_[r]) {
        const double pb = cbr * persons * (migrant ? 0.6 : 1.0);
        if (rng.uniform() < pb && h_adults_[r] > 0) {
          h_kids_[r] = u8(h_kids_[r] + 1);
          d.births += 1;
        }
      }
      // deaths
      const auto kd = rng.binomial(h_kids_[r], dk);
      const auto ad = rng.binomial(h_adults_[r], da);
      const auto ed = rng.binomial(h_elderly_[r], de);
      d.deaths += kd + ad + ed;
      h_kids_[r] = u8(h_kids_[r] - static_cast<int>(kd));
      h_elderly_[r] = u8(h_elderly_[r] - static_cast<int>(ed));
      for (std::uint32_t i = 0; i < ad; ++i) {
        if (rng.uniform() * h_adults_[r] < h_lf_[r]) remove_worker(r, rng);
        h_adults_[r] = u8(h_adults_[r] - 1);
      }
      // ageing
      const auto ka = rng.binomial(h_kids_[r], ak);
      const auto ae = rng.binomial(h_adults_[r], aa);
      for (std::uint32_t i = 0; i < ae; ++i) {
        if (rng.uniform() * h_adults_[r] < h_lf_[r]) remove_worker(r, rng);
        h_adults_[r] = u8(h_adults_[r] - 1);
        h_elderly_[r] = u8(h_elderly_[r] + 1);
      }
      for (std::uint32_t i = 0; i < ka; ++i) {
        h_kids_[r] = u8(h_kids_[r] - 1);
        h_adults_[r] = u8(h_adults_[r] + 1);
        if (rng.uniform() < (migrant ? p_.participation_migrant : p_.participation)) add_labour_member(r);
      }
      if (h_adults_[r] == 0 && h_kids_[r] > 0) {  // orphaned children: the eldest takes over
        h_kids_[r] = u8(h_kids_[r] - 1);
        h_adults_[r] = 1;
      }
      if (h_adults_[r] == 0 && h_elderly_[r] > 0 && h_own_[r] > 0) h_own_[r] = 0;
      if (h_kids_[r] + h_adults_[r] + h_elderly_[r] == 0) {
        hh_->kill(r);
        continue;
      }
      // grown children split off as a new household
      if (!migrant && h_adults_[r] >= 3 && rng.uniform() < split)
        splits[c].push_back({r, static_cast<std::uint8_t>(h_adults_[r] >= 4 ? 2 : 1)});
    }
    demo[c] = d;
  });
  for (const auto& d : demo) {
    fl_.births += d.births;
    fl_.deaths += d.deaths;
    fl_.emigrants += d.emigrants;
  }
  splits.drain([&](const SplitReq& s) {
    const std::size_t p = s.row;
    const std::uint8_t before = h_adults_[p];
    const std::size_t r = new_household(h_town_[p], h_village_[p], h_hukou_[p]);
    h_home_[r] = h_home_[p];
    h_lineage_[r] = h_lineage_[p];
    h_adults_[r] = s.adults;
    h_adults_[p] = u8(before - s.adults);
    auto rng = sim_->rng(hh_->id(p), 7);
    int move = std::min<int>(s.adults, h_lf_[p] > 0 ? h_lf_[p] - (h_own_[p] ? 1 : 0) : 0);
    move = std::max(0, move);
    const int keep_lf = std::min<int>(h_lf_[p] - move, h_adults_[p]);
    move = h_lf_[p] - keep_lf;
    for (int i = 0; i < move; ++i) {
      ++h_lf_[r];
      --h_lf_[p];
      if (h_farm_[p]) { --h_farm_[p]; ++h_farm_[r]; }
      else if (h_unemp_[p]) { --h_unemp_[p]; ++h_unemp_[r]; }
      else if (h_wage_[p]) { --h_wage_[p]; ++h_wage_[r]; h_employer_[r] = h_employer_[p]; }
      else if (h_trade_[p]) { --h_trade_[p]; ++h_trade_[r]; h_market_[r] = h_market_[p]; }
      else { ++h_unemp_[r]; if (h_own_[p]) --h_own_[p]; }
    }
    if (h_wage_[p] == 0) h_employer_[p] = kNone;
    if (h_trade_[p] == 0) h_market_[p] = kNone;
    h_seek_[p] = std::min<std::uint8_t>(h_seek_[p], u8(h_farm_[p] + h_unemp_[p]));
    const double share = double(s.adults) / double(before);
    h_land_[r] = h_land_[p] * share;
    h_land_[p] -= h_land_[r];
    h_savings_[r] = 0.2 * std::max(0.0, h_savings_[p]);
    h_savings_[p] -= h_savings_[r];
    h_skill_[r] = h_skill_[p] * rng.lognormal(-0.02, 0.2);
    h_trait_[r] = 0.5 * h_trait_[p] + rng.normal(0.5 * p_.trait_mean, p_.trait_sd * 0.85);
    h_rent_[r] = 0;
    h_ypc_last_[r] = h_ypc_last_[p];
  });
  hh_->compact();
}

void ZhejiangModel::incomes() {
  const double levy = p_.agri_levy.at(sim_->clock().time());
  const double ab = p_.land_elasticity + p_.labour_elasticity;
  const double land_part = ab > 0 ? p_.land_elasticity / ab : 0.0, lab_part = 1.0 - land_part;
  const double agri_net = (1.0 - io_colsum_[IoAgri]) * (1.0 - levy);
  const double w = fl_.wage;
  const std::size_t n = hh_->size();
  // town rent demand: migrant households per letting household
  std::vector<double> town_mig(pl_.towns(), 0), town_let(pl_.towns(), 0);
  for (std::size_t r = 0; r < n; ++r) {
    if (h_hukou_[r] == OtherProvince) town_mig[h_town_[r]] += 1;
    if (h_rent_[r]) town_let[h_town_[r]] += 1;
  }
  // old-age pensions (presentation p.22-23): employee basic old-age insurance for urban-hukou
  // elderly, a share of the going wage times the household's skill; the flat resident pension
  // for rural-hukou elderly from its start year (given in current yuan)
  const int year = sim_->clock().year();
  const double beta = skill_beta();
  const double rural_pension =
      year >= p_.pension_rural_year ? p_.pension_rural * 100.0 / p_.cpi.at(year) : 0.0;
  std::vector<Spend> spend(sim::chunk_count(n));
  sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
    Spend s;
    for (std::size_t r = b; r < e; ++r) {
      const std::uint32_t v = h_village_[r], hv = h_home_[r];
      double farm = 0;
      if (v != kNone && h_farm_[r] > 0 && pl_.village_farmers[v] > 0)
        farm += lab_part * pl_.village_output[v] * agri_net * h_farm_[r] / pl_.village_farmers[v];
      if (hv != kNone && h_land_[r] > 0 && pl_.village_land[hv] > 0)
        farm += land_part * pl_.village_output[hv] * agri_net * h_land_[r] / pl_.village_land[hv];
      double wage = 0;
      if (h_employer_[r] != kNone) {
        const auto fr = fm_->row_of(h_employer_[r]);
        wage = w * std::pow(h_skill_[r], beta) * h_wage_[r] * (fr != sim::kNoRow ? town_prem_[f_town_[fr]] : 1.0);
      }
      double trade = 0;
      if (h_market_[r] != kNone && h_trade_[r] > 0) trade = trader_income_county_[markets_[h_market_[r]].county] * h_trade_[r];
      const double profit = h_profit_in_[r];
      h_profit_in_[r] = 0;
      double rent = 0;
      if (h_rent_[r] && town_let[h_town_[r]] > 0)
        rent = p_.floor_rent * fl_.wage * std::min(1.0, town_mig[h_town_[r]] / town_let[h_town_[r]]);
      const double interest = std::max(0.0, h_savings_[r]) * p_.deposit_rate / 12.0;
      double pension = 0;
      if (h_elderly_[r] > 0) {
        if (h_hukou_[r] == LocalUrban) pension = p_.pension_urban * w * std::pow(h_skill_[r], beta) * h_elderly_[r];
        else if (h_hukou_[r] == LocalRural) pension = rural_pension * h_elderly_[r];
      }
      s.pensions += pension;
      const double inc = farm + wage + trade + profit + rent + interest + pension;
      const int persons = h_kids_[r] + h_adults_[r] + h_elderly_[r];
      const double sub = p_.subsistence * persons / 12.0;
      double cons;
      if (inc >= sub) cons = sub + (1.0 - p_.saving_rate) * (inc - sub);
      else cons = std::min(sub, inc + 0.1 * std::max(0.0, h_savings_[r]));
      const double housing = p_.housing_share * std::max(0.0, inc - sub);
      h_savings_[r] += inc - cons - housing;
      const double ypc = std::max(1.0, h_ypc_last_[r]);
      const double sshare = std::clamp(p_.service_share0 + p_.service_share_slope * std::log(ypc / p_.rural_income0), 0.0,
                                       p_.service_share_max);
      s.services += sshare * cons;
      s.housing += housing;
      h_inc_month_[r] = inc;
      y_farm_[r] += farm;
      y_wage_[r] += wage;
      y_trade_[r] += trade;
      y_profit_[r] += profit;
      y_rent_[r] += rent;
      y_other_[r] += interest + pension;
      y_cons_[r] += cons;
      if (h_lf_[r] > 0 && h_unemp_[r] == h_lf_[r]) h_unemp_months_[r] = static_cast<std::uint16_t>(std::min(60000, h_unemp_months_[r] + 1));
      else h_unemp_months_[r] = 0;
    }
    spend[c] = s;
  });
  fl_.household_services = 0;
  fl_.pensions = 0;
  double housing = 0;
  for (const auto& s : spend) {
    fl_.household_services += s.services;
    housing += s.housing;
    fl_.pensions += s.pensions;
  }
  fl_.investment += housing;
}

void ZhejiangModel::choices() {
  const double beta = skill_beta();
  if (sim_->clock().tick_in_year() % 3 != 1) return;  // quarterly
  const double levy = p_.agri_levy.at(sim_->clock().time());
  const double agri_net = (1.0 - io_colsum_[IoAgri]) * (1.0 - levy);
  const double w = fl_.wage;
  const std::size_t n = hh_->size();
  struct Req {
    std::size_t row;
    std::uint8_t kind;  // 0 stall, 1 found firm, 2 move to town
    std::uint8_t sector;
    std::uint32_t town;
    double capital;
  };
  sim::ChunkBuffers<Req> reqs(n);
  sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      if (h_lf_[r] == 0) continue;
      auto rng = sim_->rng(hh_->id(r));
      const std::uint32_t v = h_village_[r];
      const std::uint32_t county = pl_.town_county[h_town_[r]];
      const double skill = std::pow(h_skill_[r], beta);
      // farm labour: marginal product of one more farmer in the village
      double mpl = 0;
      if (v != kNone && pl_.village_farmers[v] > 0)
        mpl = p_.labour_elasticity * pl_.village_output[v] * agri_net / pl_.village_farmers[v];
      const double job_rate = h_hukou_[r] == OtherProvince ? fl_.migrant_job_rate : fl_.local_job_rate;
      const double exp_wage = w * skill * job_rate * town_prem_[h_town_[r]];
      int seek = h_unemp_[r];
      // a farmer compares the wage with his own share of the family farm's labour income
      const double own_farm = v != kNone && pl_.village_farmers[v] > 0
                                  ? (1.0 - p_.land_elasticity / (p_.land_elasticity + p_.labour_elasticity)) * pl_.village_output[v] * agri_net / pl_.village_farmers[v]
                                  : 0.0;
      if (h_farm_[r] > 0 && exp_wage > p_.farm_attachment * own_farm) seek += static_cast<int>(rng.binomial(h_farm_[r], p_.job_search));
      h_seek_[r] = u8(seek);
      // current marginal occupation income of a member who could switch
      const double alt = h_unemp_[r] > 0 ? 0.0 : (h_farm_[r] > 0 ? mpl : w * skill);
      const bool movable = h_unemp_[r] + h_farm_[r] + h_wage_[r] > 0;
      // trading at a stall
      const bool county_market = trader_income_county_[county] > 0;
      const double trade_income = county_market ? trader_income_county_[county] : 0.7 * trader_income_province_;
      if (movable && h_trade_[r] == 0 && trade_income > 1.1 * alt &&
          rng.uniform() < p_.trader_switch * std::exp(0.5 * h_trait_[r]))
        reqs[c].push_back({r, 0, 0, h_town_[r], 0});
      // founding a family firm
      if (h_firm_[r] == kNone && (movable || h_trade_[r] > 0)) {
        std::uint8_t sector;
        std::uint32_t town = h_town_[r];
        const std::uint32_t lin = h_lineage_[r];
        const std::uint32_t kf = lin != kNone && lin < lin_firm_.size() ? lin_firm_[lin] : kNone;
        const std::uint32_t kfr = kf != kNone ? fm_->row_of(kf) : sim::kNoRow;
        const double u = rng.uniform();
        if (kfr != sim::kNoRow && rng.uniform() < p_.kin_follow) {
          sector = f_sector_[kfr];
          town = f_town_[kfr];
        } else if (h_trade_[r] > 0 || u < p_.entry_mfg_choice) {
          double x = rng.uniform(), acc = 0;
          sector = kTrades - 1;
          for (int s = 0; s < kTrades; ++s)
            if ((acc += p_.trade_weights[static_cast<std::size_t>(s)]) > x) { sector = static_cast<std::uint8_t>(s); break; }
        } else {
          sector = u < p_.entry_mfg_choice + (1.0 - p_.entry_mfg_choice) * p_.entry_constr_choice ? kConstruction : kServices;
        }
        const std::uint32_t fc = pl_.town_county[town];
        const std::size_t ci = fc * kSectors + sector;
        const double owner_income = p_.payout * sector_profit_rate_[sector] * p_.entry_size;
        const double ratio = owner_income / std::max(1.0, std::max(alt, 0.5 * w * skill));
        const bool promoted = h_trade_[r] > 0 && sector < kTrades;
        double prob = p_.entry_rate * std::exp(h_trait_[r]) * std::pow(std::max(0.0, ratio), p_.entry_profit_weight) *
                      (promoted ? entry_mult_[fc] : 1.0);
        prob = std::min(prob, 0.5);
        if (rng.uniform() < prob) {
          double need = p_.entry_capital * (cl_is_cluster_[ci] ? p_.cluster_capital_discount : 1.0) *
                        (sector == kServices ? 0.5 : 1.0) * (1.0 - p_.credit_access) *
                        (promoted ? 1.0 - entry_subsidy_[fc] : 1.0);
          double avail = std::max(0.0, h_savings_[r]);
          if (lin != kNone && lin < lin_members_.size() && lin_members_[lin] > 1) {
            const double others = std::max(0.0, lin_savings_[lin] - avail) / double(lin_members_[lin] - 1);
            avail += p_.kin_pool_share * others * std::min<double>(2.0, lin_members_[lin] - 1);
          }
          if (avail + coop_credit_line(fc) >= need && need >= 0) reqs[c].push_back({r, 1, sector, town, need});
        }
      }
      // a rural household whose workers all work off the farm moves to its town
      if (v != kNone && !pl_.village_urban[v] && h_farm_[r] == 0 && h_wage_[r] + h_own_[r] + h_trade_[r] > 0 &&
          rng.uniform() < p_.move_to_town / 4.0 * p_.rural_mobility(sim_->clock().time()))
        reqs[c].push_back({r, 2, 0, h_town_[r], 0});
    }
  });
  // serial: requests in household order
  std::vector<std::size_t> stall_rows;
  struct Found {
    std::size_t row;
    std::uint8_t sector;
    std::uint32_t town;
    double capital;
  };
  std::vector<Found> founds;
  reqs.drain([&](const Req& q) {
    if (q.kind == 0) stall_rows.push_back(q.row);
    else if (q.kind == 1) founds.push_back({q.row, q.sector, q.town, q.capital});
    else h_village_[q.row] = kNone;
  });
  // stalls; the county queue is the largest number turned away in one quarter of the year
  std::vector<double> turned_away(queue_.size(), 0.0);
  for (const std::size_t r : stall_rows) {
    const std::uint32_t county = pl_.town_county[h_town_[r]];
    // A sample trader stands for `scale` real ones: a market with room for fewer than that takes
    // them with the chance (free stalls / scale), so that expected occupancy equals capacity at any
    // scale (at 1:500 a 300-stall market could otherwise never take a trader).
    std::size_t best = markets_.size();
    const double u = sim_->rng_stream(1012, hh_->id(r)).uniform();
    for (std::size_t m = 0; m < markets_.size(); ++m) {
      if (markets_[m].county != county) continue;
      const double free = markets_[m].capacity / p_.scale - markets_[m].occupants;
      if (free >= 1.0 - 1e-9 || (free > 0 && u < free)) {
        best = m;
        break;
      }
    }
    if (best == markets_.size()) {
      turned_away[county] += p_.scale;
      continue;
    }
    // the member comes from unemployment, farming or wage work
    if (h_unemp_[r]) --h_unemp_[r];
    else if (h_farm_[r]) --h_farm_[r];
    else if (h_wage_[r]) { --h_wage_[r]; if (!h_wage_[r]) h_employer_[r] = kNone; }
    else continue;
    ++h_trade_[r];
    h_market_[r] = static_cast<std::uint32_t>(best);
    ++markets_[best].occupants;
    h_seek_[r] = std::min<std::uint8_t>(h_seek_[r], u8(h_farm_[r] + h_unemp_[r]));
  }
  for (std::size_t c = 0; c < queue_.size(); ++c) queue_[c] = std::max(queue_[c], turned_away[c]);
  // household rows of each lineage, in row order (rows do not move while firms are founded below)
  std::vector<std::size_t> lin_off, lin_rows;
  if (!founds.empty()) {
    std::size_t nl = 0;
    for (std::size_t r = 0; r < n; ++r)
      if (h_lineage_[r] != kNone) nl = std::max<std::size_t>(nl, h_lineage_[r] + 1u);
    lin_off.assign(nl + 1, 0);
    for (std::size_t r = 0; r < n; ++r)
      if (h_lineage_[r] != kNone) ++lin_off[h_lineage_[r] + 1u];
    for (std::size_t l = 0; l < nl; ++l) lin_off[l + 1] += lin_off[l];
    lin_rows.resize(lin_off[nl]);
    std::vector<std::size_t> fill(lin_off.begin(), lin_off.end() - 1);
    for (std::size_t r = 0; r < n; ++r)
      if (h_lineage_[r] != kNone) lin_rows[fill[h_lineage_[r]]++] = r;
  }
  // firms
  for (const auto& f : founds) {
    const std::size_t r = f.row;
    if (h_firm_[r] != kNone) continue;
    const std::uint32_t county = pl_.town_county[f.town];
    const bool promoted = h_trade_[r] > 0 && f.sector < kTrades && entry_subsidy_[county] > 0;
    double subsidy = 0;
    if (promoted) {
      const double full = f.capital / (1.0 - entry_subsidy_[county]);
      subsidy = spend(county, (full - f.capital) * p_.scale) / p_.scale;
      if (subsidy < full - f.capital - 1e-9) {  // county fund exhausted: no subsidy
        fund_[county] += subsidy * p_.scale;
        fl_.investment -= subsidy;
        subsidy = 0;
      }
    }
    const double need = promoted && subsidy > 0 ? f.capital : f.capital / (1.0 - (promoted ? entry_subsidy_[county] : 0.0));
    // own savings first, then kin partners (up to two kin households, in id order from a random start)
    double own = std::min(std::max(0.0, h_savings_[r]), need - subsidy);
    double rest = need - subsidy - own;
    std::uint32_t partners[2] = {kNone, kNone};
    double loan = 0;  // from the mutual finance co-operative (policy_host.cpp), when kin capital falls short
    if (rest > 1e-9) {
      const std::uint32_t lin = h_lineage_[r];
      if (lin == kNone) continue;
      // kin households of this lineage in row order from a random row (wrapping round the table);
      // the lineage's row list gives the same households in the same order as scanning the table
      auto rng = sim_->rng(hh_->id(r), 9);
      const std::size_t n_h = hh_->size();
      std::size_t start = rng.below(static_cast<std::uint32_t>(n_h));
      int found = 0;
      double pooled = 0;
      std::size_t prow[2] = {0, 0};
      const std::size_t* lb = lin_rows.data() + lin_off[lin];
      const std::size_t m = lin_off[lin + 1] - lin_off[lin];
      const std::size_t first = static_cast<std::size_t>(std::lower_bound(lb, lb + m, start) - lb);
      for (std::size_t j = 0; j < m && found < 2 && pooled < rest; ++j) {
        const std::size_t k = lb[(first + j) % m];
        if (k == r || h_savings_[k] <= 0) continue;
        prow[found] = k;
        partners[found] = hh_->id(k);
        pooled += p_.kin_pool_share * h_savings_[k];
        ++found;
        if ((k + n_h - start) % n_h > 4000) break;  // rows scanned from the start (the old scan's cap)
      }
      if (pooled + 1e-9 < rest) loan = coop_offer(county, rest - pooled, hh_->id(r));
      if (pooled + loan + 1e-9 < rest) {
        if (subsidy > 0) { fund_[county] += subsidy * p_.scale; fl_.investment -= subsidy; }
        continue;
      }
      const double scale_take = pooled > 0 ? (rest - loan) / pooled : 0.0;
      for (int i = 0; i < found; ++i) h_savings_[prow[i]] -= p_.kin_pool_share * h_savings_[prow[i]] * scale_take;
    }
    h_savings_[r] -= own;
    // the founder's member starts working in the firm
    if (h_unemp_[r]) --h_unemp_[r];
    else if (h_farm_[r]) --h_farm_[r];
    else if (h_trade_[r]) { --h_trade_[r]; if (!h_trade_[r]) h_market_[r] = kNone; }
    else if (h_wage_[r]) { --h_wage_[r]; if (!h_wage_[r]) h_employer_[r] = kNone; }
    ++h_own_[r];
    h_seek_[r] = std::min<std::uint8_t>(h_seek_[r], u8(h_farm_[r] + h_unemp_[r]));
    const std::size_t fr = fm_->append();
    auto rng = sim_->rng(hh_->id(r), 11);
    f_owner_[fr] = hh_->id(r);
    f_p1_[fr] = partners[0];
    f_p2_[fr] = partners[1];
    f_sector_[fr] = f.sector;
    f_town_[fr] = f.town;
    f_market_[fr] = kNone;
    f_capital_[fr] = need;
    const double base = f.sector >= kServices ? phi_svc0_ : phi_mfg0_;
    f_phi_[fr] = base * rng.lognormal(-0.5 * p_.prod_sd * p_.prod_sd, p_.prod_sd) * std::sqrt(std::max(0.5, h_skill_[r]));
    f_age_[fr] = 0;
    f_collective_[fr] = 0;
    h_firm_[r] = fm_->id(fr);
    if (loan > 0) coop_book(county, hh_->id(r), fm_->id(fr), loan);
  }
}

void ZhejiangModel::migration() {
  // Harris-Todaro: expected income in Zhejiang (wage x chance of a job, less the extra living cost)
  // against the reservation income at home plus the cost of moving.
  const double res = p_.reservation_income.at(sim_->clock().time()) / 12.0 * (1.0 + p_.move_cost);
  const double expected = fl_.wage * fl_.migrant_job_rate * (1.0 - p_.living_cost);
  if (expected <= 0 || res <= 0) return;
  const double ratio = expected / res;
  // smooth response: the flow rises with the expected-income ratio (no threshold that switches it on)
  const double flow_real = p_.migration_rate * p_.reservoir * 1e4 * std::pow(ratio, p_.migration_elasticity) *
                           p_.opening(sim_->clock().time());
  auto rng = sim_->rng_stream(1001, 0);
  const double agents = flow_real / p_.scale;
  auto count = static_cast<std::uint32_t>(agents);
  if (rng.uniform() < agents - count) ++count;
  if (count == 0) return;
  // they go where vacancies are (towns weighted by unfilled vacancies, else by jobs)
  std::vector<double> weight(pl_.towns(), 0);
  double total = 0;
  for (std::size_t f = 0; f < fm_->size(); ++f) weight[f_town_[f]] += std::max(0, f_vacancies_[f]) + 0.05 * f_workers_[f];
  for (double x : weight) total += x;
  if (total <= 0) return;
  for (std::uint32_t i = 0; i < count; ++i) {
    double x = rng.uniform() * total;
    std::uint32_t t = 0;
    while (t + 1 < weight.size() && (x -= weight[t]) >= 0) ++t;
    const std::size_t r = new_household(t, kNone, OtherProvince);
    const bool family = rng.uniform() < family_migration_share();
    h_adults_[r] = family ? 2 : (rng.uniform() < 0.3 ? 2 : 1);
    h_kids_[r] = family ? static_cast<std::uint8_t>(1 + rng.below(2)) : 0;
    h_family_[r] = family ? 1 : 0;
    h_lf_[r] = static_cast<std::uint8_t>(rng.binomial(h_adults_[r], p_.participation_migrant));
    if (h_lf_[r] == 0) h_lf_[r] = 1;
    h_unemp_[r] = h_lf_[r];
    h_seek_[r] = h_lf_[r];
    h_skill_[r] = rng.lognormal(-0.1 - 0.5 * p_.skill_sd * p_.skill_sd, p_.skill_sd);
    h_trait_[r] = rng.normal(p_.trait_mean - 0.3, p_.trait_sd);
    h_savings_[r] = 0;
    h_ypc_last_[r] = fl_.wage * 12 / 2;
    h_arrival_[r] = static_cast<std::int16_t>(year());
    if (!family && h_adults_[r] == 2)  // a couple without children here left them at home
      h_left_kids_[r] = static_cast<std::uint8_t>(1 + sim_->rng_stream(2003, hh_->id(r)).below(2));
    fl_.immigrants += h_kids_[r] + h_adults_[r];
  }
}

}  // namespace models::zhejiang
