#include "models/zhejiang/households.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "models/zhejiang/agriculture.hpp"
#include "models/zhejiang/choices.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/kin.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {
namespace {
std::uint8_t u8(int v) { return static_cast<std::uint8_t>(std::clamp(v, 0, 255)); }
}  // namespace


void Households::setup(World& w, const sim::Params& p) {
  wd_ = &w;
  p_ = sim::read_bound<HouseholdParams>(p, "zhejiang");
  auto& h = w.ctx->simulation().add_table("households", "Farmer, urban and migrant households (a 1/scale sample).");
  t_ = &h;
  w_.town = h.add<std::uint32_t>("town", "town of residence (or of the village)", kNone);
  w_.village = h.add<std::uint32_t>("village", "village of residence; none when living in the town", kNone);
  w_.home = h.add<std::uint32_t>("home_village", "village of the land contract", kNone);
  w_.lineage = h.add<std::uint32_t>("lineage", "kin group", kNone);
  w_.employer = h.add<std::uint32_t>("employer", "firm id of the wage workers", kNone);
  w_.market = h.add<std::uint32_t>("market", "market index of the stall", kNone);
  w_.firm = h.add<std::uint32_t>("firm", "firm id owned", kNone);
  w_.registered = h.add<std::uint32_t>("registered_county", "county of the household's hukou (none for migrants from other provinces)", kNone);
  w_.hukou = h.add<std::uint8_t>("hukou", "0 local rural, 1 local urban, 2 other province");
  w_.kids = h.add<std::uint8_t>("children", "members aged 0-14");
  w_.adults = h.add<std::uint8_t>("working_age", "members aged 15-64");
  w_.elderly = h.add<std::uint8_t>("elderly", "members aged 65+");
  w_.lf = h.add<std::uint8_t>("labour_force", "working-age members in the labour force");
  w_.farm = h.add<std::uint8_t>("farming", "members farming");
  w_.wage = h.add<std::uint8_t>("wage_work", "members working for a wage");
  w_.trade = h.add<std::uint8_t>("trading", "members trading at a stall");
  w_.own = h.add<std::uint8_t>("running_firm", "members running the household's firm");
  w_.unemp = h.add<std::uint8_t>("unemployed", "members without work");
  w_.seek = h.add<std::uint8_t>("seeking", "farmers and unemployed looking for wage work");
  w_.rent = h.add<std::uint8_t>("lets_ground_floor", "1 when the household has a ground floor to let");
  w_.family = h.add<std::uint8_t>("migrant_family", "1 when a migrant household came with its family");
  w_.left_kids = h.add<std::uint8_t>("left_behind_children", "children a migrant household left in its home province");
  w_.community = h.add<std::uint8_t>("urban_community", "1 when the household's village part was converted to an urban community");
  w_.ventured = h.add<std::uint8_t>("ventured", "1 once a member has founded a firm or taken a market stall");
  w_.unemp_months = h.add<std::uint16_t>("months_unemployed", "months with all labour force unemployed");
  w_.arrival = h.add<std::int16_t>("arrival_year", "year a migrant household arrived (0 for locals)");
  w_.land = h.add<double>("land", "contracted land (mu)");
  w_.savings = h.add<double>("savings", "1978 yuan");
  w_.skill = h.add<double>("skill", "wage multiplier", 1.0);
  w_.trait = h.add<double>("trait", "entrepreneurial trait (sd units)");
  w_.income_in = h.add<double>("income_pending", "farm, wage, stall and profit income earned this month, not yet spent");
  w_.y_farm = h.add<double>("y_farm", "farm income this year");
  w_.y_wage = h.add<double>("y_wage", "wage income this year");
  w_.y_trade = h.add<double>("y_trade", "trading income this year");
  w_.y_profit = h.add<double>("y_profit", "profit income this year");
  w_.y_rent = h.add<double>("y_rent", "rental income this year");
  w_.y_other = h.add<double>("y_other", "interest, pensions and transfers received, less remittances sent home for children left behind, this year");
  w_.ypc_last = h.add<double>("income_pc_last_year", "income per person last year");
  w_.skill_pow = h.add<double>("skill_pow", "skill^beta at this month's returns to skill (derived from skill)");
  w_.engel_log = h.add<double>("engel_log", "log(max(1, income per person last year) / 1978 rural income), the Engel curves' argument (derived)");
  ro_ = HouseholdColumns{w_.town.view(), w_.village.view(), w_.home.view(), w_.lineage.view(), w_.employer.view(),
                         w_.market.view(), w_.firm.view(), w_.registered.view(), w_.hukou.view(), w_.kids.view(), w_.adults.view(),
                         w_.elderly.view(), w_.lf.view(), w_.farm.view(), w_.wage.view(), w_.trade.view(),
                         w_.own.view(), w_.unemp.view(), w_.seek.view(), w_.rent.view(), w_.family.view(),
                         w_.left_kids.view(), w_.community.view(), w_.unemp_months.view(), w_.arrival.view(), w_.land.view(),
                         w_.savings.view(), w_.skill.view(), w_.trait.view(), w_.income_in.view(), w_.y_farm.view(),
                         w_.y_wage.view(), w_.y_trade.view(), w_.y_profit.view(), w_.y_rent.view(),
                         w_.y_other.view(), w_.ypc_last.view(), w_.skill_pow.view(), w_.engel_log.view()};
}

std::size_t Households::new_household(std::uint32_t town, std::uint32_t village, std::uint8_t hukou) {
  const std::size_t r = t_->append();
  w_.town[r] = town;
  w_.village[r] = village;
  w_.home[r] = village;
  w_.hukou[r] = hukou;
  w_.registered[r] = hukou == OtherProvince ? kNone : wd_->places->town_county(town);
  w_.lineage[r] = kNone;
  w_.employer[r] = kNone;
  w_.market[r] = kNone;
  w_.firm[r] = kNone;
  set_skill(r, 1.0);
  set_ypc_last(r, 0.0);
  return r;
}

bool Households::can_farm(std::size_t r) const { return rural_village(r) && w_.land[r] > 0; }

void Households::add_labour_member(std::size_t r) {
  ++w_.lf[r];
  if (can_farm(r)) ++w_.farm[r];
  else ++w_.unemp[r];
}

void Households::keep_a_worker(std::size_t r) {
  if (w_.adults[r] > 0 && w_.lf[r] == 0) add_labour_member(r);
}

void Households::remove_worker(std::size_t r) {
  if (w_.lf[r] == 0) return;
  --w_.lf[r];
  if (w_.unemp[r]) --w_.unemp[r];
  else if (w_.farm[r]) --w_.farm[r];
  else if (w_.trade[r]) --w_.trade[r];
  else if (w_.wage[r]) --w_.wage[r];
  else if (w_.own[r]) --w_.own[r];
  if (w_.trade[r] == 0) w_.market[r] = kNone;
  if (w_.wage[r] == 0) w_.employer[r] = kNone;
  clamp_seeking(r);
}

void Households::create_1978() {
  const Context& ctx = *wd_->ctx;
  const Places& pl = *wd_->places;
  const Choices& choices = *wd_->choices;
  const double n_persons = p_.pop0 * 1e4 / ctx.scale();
  const double urban_target = n_persons * p_.urban0 / 100.0;
  const auto C = static_cast<std::uint32_t>(pl.counties());
  const auto T = static_cast<std::uint32_t>(pl.towns());
  const auto V = static_cast<std::uint32_t>(pl.villages());
  static const double terrain_weight[kTerrains] = {1.5, 0.8, 0.7, 0.8, 0.5};  // settlement density by terrain
  double made = 0, urban = 0;
  std::uint64_t k = 0;
  while (made < n_persons) {
    auto rng = ctx.init_rng(draw::kInitHouseholds, k++);
    const bool is_urban = urban < urban_target;
    std::uint32_t town, village = kNone;
    if (is_urban) {
      town = rng.uniform() < 0.6 ? pl.county_seat(rng.below(C)) : rng.below(T);  // 60 % of townspeople in county seats
    } else {
      do village = rng.below(V);
      while (rng.uniform() * 1.5 > terrain_weight[pl.terrain(village)]);
      town = pl.village_town(village);
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
    w_.kids[r] = u8(kids);
    w_.adults[r] = u8(adults);
    w_.elderly[r] = u8(eld);
    // the household's first working-age member works; each other one with chance `participation`
    w_.lf[r] = u8(1 + static_cast<int>(rng.binomial(static_cast<std::uint32_t>(adults - 1), p_.participation)));
    if (is_urban) w_.unemp[r] = w_.lf[r];  // given jobs in collective units by Firms::create_1978
    else w_.farm[r] = w_.lf[r];
    set_skill(r, rng.lognormal(-0.5 * p_.skill_sd * p_.skill_sd, p_.skill_sd) * (is_urban ? p_.urban_skill : 1.0));
    w_.trait[r] = choices.initial_trait(rng, pl.town_county(town));
    w_.land[r] = is_urban ? 0.0 : p_.land_pc0 * size * rng.lognormal(-0.5 * p_.land_sd * p_.land_sd, p_.land_sd);
    w_.savings[r] = p_.savings_pc0 * size * rng.lognormal(-0.5, 1.0);
    set_ypc_last(r, is_urban ? p_.urban_income0 : p_.rural_income0);
    made += size;
    if (is_urban) urban += size;
  }
  flows_.persons_start = 0;
  for (std::size_t i = 0; i < this->size(); ++i) flows_.persons_start += persons(i);
  wd_->kin->assign_1978();
}

void Households::take_1978_jobs(std::size_t r) {
  if (w_.hukou[r] == LocalUrban) {
    w_.wage[r] = w_.unemp[r];
    w_.unemp[r] = 0;
  } else {
    --w_.farm[r];
    w_.wage[r] = 1;
  }
}

void Households::set_skill_returns(double beta) {
  if (beta == skill_beta_) return;
  skill_beta_ = beta;
  sim::parallel_rows(size(), [&](std::size_t r) { w_.skill_pow[r] = std::pow(w_.skill[r], beta); });
}

void Households::year_start() {
  const std::size_t n = size();
  const bool first_year = wd_->ctx->tick() == 0;
  double total = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const double pers = persons(r);
    total += pers;
    const double y = income_year(r);
    if (!first_year) set_ypc_last(r, y / std::max(1.0, pers));
    w_.y_farm[r] = w_.y_wage[r] = w_.y_trade[r] = w_.y_profit[r] = w_.y_rent[r] = w_.y_other[r] = 0;
  }
  flows_ = PopulationFlows{};
  flows_.persons_start = total;
}

void Households::release_from_closed() {
  const Firms& firms = *wd_->firms;
  sim::parallel_rows(size(), [&](std::size_t r) {  // each household changes only itself
    if (w_.employer[r] != kNone && (firms.row_of(w_.employer[r]) == sim::kNoRow || w_.wage[r] == 0)) {
      w_.unemp[r] = u8(w_.unemp[r] + w_.wage[r]);
      w_.wage[r] = 0;
      w_.employer[r] = kNone;
    }
    if (w_.firm[r] != kNone && firms.row_of(w_.firm[r]) == sim::kNoRow) {
      w_.unemp[r] = u8(w_.unemp[r] + w_.own[r]);
      w_.own[r] = 0;
      w_.firm[r] = kNone;
    }
  });
}

void Households::lay_off(std::size_t r, std::uint32_t n) {
  w_.wage[r] = u8(w_.wage[r] - static_cast<int>(n));
  if (can_farm(r)) w_.farm[r] = u8(w_.farm[r] + static_cast<int>(n));
  else w_.unemp[r] = u8(w_.unemp[r] + static_cast<int>(n));
  if (w_.wage[r] == 0) w_.employer[r] = kNone;
}

void Households::take_job(std::size_t r, sim::AgentId firm) {
  if (w_.unemp[r]) --w_.unemp[r];
  else --w_.farm[r];
  --w_.seek[r];
  ++w_.wage[r];
  w_.employer[r] = firm;
}

void Households::move_for_job(std::size_t r, std::uint32_t town) {
  w_.town[r] = town;
  w_.village[r] = kNone;
  w_.unemp[r] = static_cast<std::uint8_t>(w_.unemp[r] + w_.farm[r]);  // the farmers leave the farm and look for work there
  w_.farm[r] = 0;
}

void Households::clamp_seeking(std::size_t r) { w_.seek[r] = std::min<std::uint8_t>(w_.seek[r], u8(w_.farm[r] + w_.unemp[r])); }

bool Households::start_trading(std::size_t r, std::uint32_t market) {
  if (w_.unemp[r]) --w_.unemp[r];
  else if (w_.farm[r]) --w_.farm[r];
  else if (w_.wage[r]) {
    --w_.wage[r];
    if (!w_.wage[r]) w_.employer[r] = kNone;
  } else {
    return false;
  }
  ++w_.trade[r];
  w_.market[r] = market;
  first_venture(r);
  clamp_seeking(r);
  return true;
}

void Households::first_venture(std::size_t r) {
  if (w_.ventured[r]) return;
  w_.ventured[r] = 1;
  if (w_.hukou[r] == LocalRural) rural_ventures_ += 1;
}

void Households::stop_trading(std::size_t r) {
  if (w_.trade[r] == 0) return;
  --w_.trade[r];
  if (w_.trade[r] == 0) w_.market[r] = kNone;
  if (can_farm(r)) ++w_.farm[r];
  else ++w_.unemp[r];
  clamp_seeking(r);
}

void Households::start_firm(std::size_t r, sim::AgentId firm) {
  if (w_.unemp[r]) --w_.unemp[r];
  else if (w_.farm[r]) --w_.farm[r];
  else if (w_.trade[r]) {
    --w_.trade[r];
    if (!w_.trade[r]) w_.market[r] = kNone;
  } else if (w_.wage[r]) {
    --w_.wage[r];
    if (!w_.wage[r]) w_.employer[r] = kNone;
  }
  ++w_.own[r];
  clamp_seeking(r);
  w_.firm[r] = firm;
  first_venture(r);
}

std::size_t Households::add_migrant(std::uint32_t town, std::uint8_t adults, std::uint8_t kids, bool family,
                                    std::uint8_t lf, double skill, double trait, double income_pc) {
  const std::size_t r = new_household(town, kNone, OtherProvince);
  w_.adults[r] = adults;
  w_.kids[r] = kids;
  w_.family[r] = family ? 1 : 0;
  w_.lf[r] = lf;
  w_.unemp[r] = lf;
  w_.seek[r] = lf;
  set_skill(r, skill);
  w_.trait[r] = trait;
  w_.savings[r] = 0;
  set_ypc_last(r, income_pc);
  w_.arrival[r] = static_cast<std::int16_t>(wd_->ctx->year());
  month_.immigrants += kids + adults;
  return r;
}

void Households::urbanize(const std::vector<double>& share) {
  const Context& ctx = *wd_->ctx;
  const Agriculture& agri = *wd_->agriculture;
  const bool compensate = p_.land_compensation > 0;
  std::vector<double> paid(compensate ? size() : 0, 0.0);  // land compensation by household (households.land_compensation)
  auto lose_land = [&](std::size_t r, std::uint32_t v) {
    if (compensate && w_.land[r] > 0) {
      paid[r] = p_.land_compensation * kMonths * agri.output_per_land(v) * w_.land[r];
      w_.savings[r] += paid[r];
    }
    w_.land[r] = 0;
  };
  sim::parallel_rows(size(), [&](std::size_t r) {
    const std::uint32_t v = w_.village[r], home = w_.home[r];
    const bool lives = v != kNone && !w_.community[r] && share[v] > 0;
    const bool holds = home != kNone && w_.land[r] > 0 && share[home] > 0 && !lives;
    if (!lives && !holds) return;
    const double u = ctx.rng(draw::kConversion, id(r)).uniform();
    if (lives && u < share[v]) {
      w_.community[r] = 1;
      if (w_.hukou[r] == LocalRural) {
        w_.hukou[r] = LocalUrban;
        w_.rent[r] = 1;
      }
      lose_land(r, home != kNone ? home : v);
      w_.unemp[r] = static_cast<std::uint8_t>(w_.unemp[r] + w_.farm[r]);
      w_.farm[r] = 0;
    } else if (holds && u < share[home]) {
      lose_land(r, home);  // landholders living elsewhere lose the contract too
    }
  });
  if (!compensate) return;
  // the counties pay, in household order
  std::vector<double> by_county(wd_->places->counties(), 0.0);
  for (std::size_t r = 0; r < size(); ++r)
    if (paid[r] > 0) {
      const std::uint32_t v = w_.home[r] != kNone ? w_.home[r] : w_.village[r];
      by_county[wd_->places->village_county(v)] += paid[r];
    }
  const double scale = ctx.scale();
  for (std::size_t c = 0; c < by_county.size(); ++c)
    if (by_county[c] > 0) wd_->government->transfer(c, by_county[c] * scale, Flow::CapitalTransfers, Sector::Households);
}

void Households::convert_to_urban_hukou(std::size_t r) {
  w_.hukou[r] = LocalUrban;
  w_.registered[r] = wd_->places->town_county(w_.town[r]);
}

void Households::bring_children(std::size_t r) {
  month_.immigrants += w_.left_kids[r];  // the children move in from their home province
  w_.kids[r] = static_cast<std::uint8_t>(std::min(255, w_.kids[r] + w_.left_kids[r]));
  w_.left_kids[r] = 0;
  w_.family[r] = 1;
}

void Households::relocate(std::size_t r, std::uint32_t town) {
  w_.village[r] = kNone;
  w_.town[r] = town;
  w_.unemp[r] = static_cast<std::uint8_t>(std::min(255, w_.unemp[r] + w_.farm[r]));
  w_.farm[r] = 0;
  w_.seek[r] = w_.unemp[r];
}

double Households::total_savings() const {
  double s = 0;
  for (std::size_t r = 0; r < size(); ++r) s += w_.savings[r];
  return s;
}

double Households::total_persons() const {
  // whole numbers: the sum is exact in any order
  return sim::parallel_sum(size(), [&](std::size_t r) { return static_cast<double>(persons(r)); });
}

void Households::begin_month() {
  month_ = PopulationFlows{};
  month_.persons_start = total_persons();
}

std::string Households::check_population() const {
  const double now = total_persons();
  const double expected = month_.persons_start + month_.births + month_.immigrants - month_.deaths - month_.emigrants;
  if (std::abs(now - expected) <= 1e-9 * std::max(1.0, now)) return {};
  return fmt::format("persons {} but start {} + births {} + in-migrants {} - deaths {} - out-migrants {} = {} (miss {})", now,
                     month_.persons_start, month_.births, month_.immigrants, month_.deaths, month_.emigrants, expected, now - expected);
}

std::string Households::check_labour() const {
  for (std::size_t r = 0; r < size(); ++r) {
    const int statuses = w_.farm[r] + w_.wage[r] + w_.trade[r] + w_.own[r] + w_.unemp[r];
    if (statuses != w_.lf[r] || w_.lf[r] > w_.adults[r] || w_.seek[r] > w_.farm[r] + w_.unemp[r])
      return fmt::format("household {} (row {}): labour force {}, working age {}, farming {} + wage work {} + trading {} + running a firm {} + "
                         "unemployed {} = {}, seeking {}",
                         id(r), r, int(w_.lf[r]), int(w_.adults[r]), int(w_.farm[r]), int(w_.wage[r]), int(w_.trade[r]),
                         int(w_.own[r]), int(w_.unemp[r]), statuses, int(w_.seek[r]));
  }
  return {};
}

void Households::end_month() {
  flows_.births += month_.births;
  flows_.deaths += month_.deaths;
  flows_.immigrants += month_.immigrants;
  flows_.emigrants += month_.emigrants;
}

void Households::serialize(sim::Archive& ar) {
  ar.check("zhejiang.households");
  ar.io(flows_);
  ar.io(month_);
  ar.io(land_lost_);
  ar.io(rural_ventures_);
}

}  // namespace models::zhejiang
