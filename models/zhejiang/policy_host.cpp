// The Zhejiang model's side of the social-policy levers (issue 4): poverty lines, the subsistence
// allowance and medical relief paid in a serial monthly pass, the illness shock, hukou access and
// conversion, school seats, the co-operatives' loan book, relocation, and the indicators.
// With no module setting any terms, every lever is neutral: the pass changes nothing except the
// illness shock, which is a model mechanism (zhejiang.illness.*), not a policy.
#include <algorithm>
#include <cmath>

#include "models/zhejiang/model.hpp"

namespace models::zhejiang {

void PolicyState::serialize(sim::Archive& ar) {
  ar.check("policy_state");
  ar.io(lines);
  ar.io(allowance);
  ar.io(hukou);
  ar.io(services);
  ar.io(finance);
  ar.io(hukou_set);
  ar.io(services_set);
  ar.io(coop_capital);
  ar.io(coop_loans_year);
  ar.io(coop_defaults_year);
  ar.io(allowance_spent);
  ar.io(relief_spent);
  ar.io(fund_at_year_start);
  ar.io(loans);
  ar.io(rural_income_last);
  ar.io(median_income_last);
  ar.io(year);
  ar.io(summary);
  ar.io(relocated_total);
}

void declare_illness_params(sim::ParamRegistry& r) {
  r.group("zhejiang.illness", "Illness shock: a household member falls ill and the household pays for treatment.");
  r.real("zhejiang.illness.probability", 0.05, "per household per year", "chance of a costly illness in a household")
      .range(0, 1)
      .cite("assumption; presentation 'Medical Relief' (relief exists because illness impoverishes households)");
  r.real("zhejiang.illness.cost", 0.3, "share of the household's income of last year",
         "out-of-pocket cost of one illness (at least this share of a quarter of last year's rural income per capita per person)")
      .range(0, 100)
      .cite("assumption (no figure in the source)");
  r.real("zhejiang.migration.family_share_open", 0.7, "share of migrants",
         "migrants who would bring their family if their children were sure of a school seat")
      .range(0, 1)
      .cite("assumption; priors M4 (13.9 m migrant children aged 6-14 in the 2010 census); field notes: families vs children left behind");
}

void ZhejiangModel::setup_policy_state() {
  auto& h = *hh_;
  h_arrival_ = h.add<std::int16_t>("arrival_year", "year a migrant household arrived (0 for locals)");
  h_left_kids_ = h.add<std::uint8_t>("left_behind_children", "children a migrant household left in its home province");
  h_allowance_ = h.add<std::uint8_t>("allowance", "1 when the household received the subsistence allowance this month");
  h_relocated_ = h.add<std::uint8_t>("relocated", "1 when moved by the relocation programme");
  h_allow_year_ = h.add<double>("allowance_year", "subsistence allowance received this year");
  h_allow_last_ = h.add<double>("allowance_last_year", "subsistence allowance received last year");
  const auto C = static_cast<std::size_t>(p_.counties);
  ps_.coop_capital.assign(C, 0);
  ps_.coop_loans_year.assign(C, 0);
  ps_.coop_defaults_year.assign(C, 0);
  ps_.allowance_spent.assign(C, 0);
  ps_.relief_spent.assign(C, 0);
  ps_.fund_at_year_start.assign(C, 0);
  ps_.illness_probability = sim_->params().real("zhejiang.illness.probability");
  ps_.illness_cost = sim_->params().real("zhejiang.illness.cost");
  ps_.family_share_open = sim_->params().real("zhejiang.migration.family_share_open");
}

double ZhejiangModel::price_level() const { return p_.cpi.at(sim_->clock().year()) / 100.0; }

// Called at the first tick of a year, after last year's income per person is stored and before the
// YearStart modules run.
void ZhejiangModel::policy_year_start() {
  const std::size_t n = hh_->size();
  std::vector<std::pair<double, double>> inc;
  inc.reserve(n);
  double w = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const double pers = h_kids_[r] + h_adults_[r] + h_elderly_[r];
    if (pers > 0) {
      inc.emplace_back(h_ypc_last_[r], pers);
      w += pers;
    }
    h_allow_last_[r] = h_allow_year_[r];
    h_allow_year_[r] = 0;
  }
  std::sort(inc.begin(), inc.end());
  double acc = 0;
  ps_.median_income_last = 0;
  for (const auto& [y, p] : inc)
    if ((acc += p) >= 0.5 * w) {
      ps_.median_income_last = y;
      break;
    }
  ps_.rural_income_last = summary_.rural_persons > 0 ? summary_.rural_income / summary_.rural_persons : p_.rural_income0;
  ps_.year = PolicyCounters{};
  std::fill(ps_.coop_loans_year.begin(), ps_.coop_loans_year.end(), 0.0);
  std::fill(ps_.coop_defaults_year.begin(), ps_.coop_defaults_year.end(), 0.0);
  std::fill(ps_.allowance_spent.begin(), ps_.allowance_spent.end(), 0.0);
  std::fill(ps_.relief_spent.begin(), ps_.relief_spent.end(), 0.0);
  ps_.fund_at_year_start = fund_;
  // migrants whose children can now go to school bring the children they left behind
  if (ps_.hukou_set && ps_.hukou.reunite_rate > 0) {
    for (std::size_t r = 0; r < n; ++r) {
      if (h_hukou_[r] != OtherProvince || h_left_kids_[r] == 0) continue;
      if (sim_->init_rng(hh_->id(r), 79).uniform() >= ps_.hukou.school_access) continue;  // hukou seat needed
      auto rng = sim_->rng_stream(2005, hh_->id(r));
      if (rng.uniform() >= ps_.hukou.reunite_rate) continue;
      h_kids_[r] = static_cast<std::uint8_t>(std::min(255, h_kids_[r] + h_left_kids_[r]));
      h_left_kids_[r] = 0;
      h_family_[r] = 1;
    }
  }
}

double ZhejiangModel::policy_points(std::size_t r, double per_year, double family, double business, double skill) const {
  const double years = h_arrival_[r] > 0 ? std::max(0, year() - h_arrival_[r]) : 0.0;
  return per_year * years + (h_family_[r] ? family : 0.0) + (h_own_[r] + h_trade_[r] > 0 ? business : 0.0) +
         skill * h_skill_[r];
}

bool ZhejiangModel::migrant_has_seat(std::size_t r) const {
  if (h_hukou_[r] != OtherProvince) return true;  // local children have their school
  const double school = ps_.hukou_set ? ps_.hukou.school_access : 0.0;
  const double seats = ps_.services_set ? ps_.services.seat_share : 0.0;
  if (school <= 0 && seats <= 0) return false;
  // a household's place in the admission lottery is fixed for its life
  const double u = sim_->init_rng(hh_->id(r), 79).uniform();
  if (u < school) return true;
  const auto& s = ps_.services;
  return seats > 0 && u < school + seats &&
         policy_points(r, s.per_year, s.family_points, s.business_points, s.skill_points) >= s.seat_threshold;
}

double ZhejiangModel::return_factor(std::size_t r) const {
  if (!ps_.hukou_set || ps_.hukou.settle_effect <= 0) return 1.0;
  const double relief = sim_->init_rng(hh_->id(r), 78).uniform() < ps_.hukou.relief_access ? 0.5 : 0.0;
  // only hukou access counts here: a points seat (public_services) does not make the stay secure
  const double school = h_family_[r] && sim_->init_rng(hh_->id(r), 79).uniform() < ps_.hukou.school_access ? 0.5 : 0.0;
  return 1.0 - ps_.hukou.settle_effect * (relief + school);
}

double ZhejiangModel::family_migration_share() const {
  const double base = p_.family_migration;
  const double school = ps_.hukou_set ? ps_.hukou.school_access : 0.0;
  const double seats = ps_.services_set ? ps_.services.seat_share : 0.0;
  const double access = 1.0 - (1.0 - school) * (1.0 - seats);
  if (access <= 0) return base;
  const double top = std::max(base, ps_.family_share_open);
  return base + (top - base) * access;
}

std::size_t ZhejiangModel::convert_hukou(const policies::ConversionTerms& t) {
  if (t.quota <= 0) return 0;
  std::size_t converted = 0;
  for (std::size_t r = 0; r < hh_->size(); ++r) {
    if (h_hukou_[r] != OtherProvince) continue;
    if (policy_points(r, t.per_year, t.family_points, t.business_points, t.skill_points) < t.threshold) continue;
    auto rng = sim_->rng_stream(2004, hh_->id(r));
    if (rng.uniform() >= t.quota) continue;
    h_hukou_[r] = LocalUrban;
    if (h_left_kids_[r] > 0) {  // a registered family brings its children
      h_kids_[r] = static_cast<std::uint8_t>(std::min(255, h_kids_[r] + h_left_kids_[r]));
      h_left_kids_[r] = 0;
      h_family_[r] = 1;
    }
    ++converted;
  }
  ps_.year.converted += static_cast<double>(converted);
  return converted;
}

// ---- mutual finance

double ZhejiangModel::coop_credit_line(std::size_t c) const {
  if (!ps_.finance.lending || ps_.coop_capital[c] <= 0) return 0.0;
  return ps_.finance.loan_cap;
}

// A sample founder stands for `scale` real founders; when the county's capital cannot fund all of
// them, the loan is granted with the chance capital / (shortfall x scale), so that expected lending
// equals the capital at any scale (the capital may then dip below zero until repayments and deposits
// restore it; no new loans meanwhile).
double ZhejiangModel::coop_offer(std::size_t c, double shortfall, std::uint64_t household) const {
  if (shortfall <= 0 || shortfall > coop_credit_line(c)) return 0.0;
  const double chance = ps_.coop_capital[c] / (shortfall * p_.scale);
  if (chance >= 1.0) return shortfall;
  return sim_->rng_stream(2006, household).uniform() < chance ? shortfall : 0.0;
}

void ZhejiangModel::coop_book(std::size_t c, std::uint64_t household, std::uint64_t firm, double amount) {
  ps_.coop_capital[c] -= amount * p_.scale;
  const double i = ps_.finance.interest;
  const int T = std::max(1, ps_.finance.term_years);
  const double payment = i > 0 ? amount * i / (1.0 - std::pow(1.0 + i, -T)) : amount / T;
  ps_.loans.push_back({household, firm, static_cast<std::uint32_t>(c), amount, payment, 0});
  ps_.coop_loans_year[c] += 1;
  ps_.year.founded_with_finance += 1;
}

void ZhejiangModel::add_lending_capital(std::size_t c, double amount) { ps_.coop_capital[c] += std::max(0.0, amount); }

policies::LoanBook ZhejiangModel::loan_book(std::size_t c) const {
  policies::LoanBook b;
  b.capital = ps_.coop_capital[c];
  for (const auto& l : ps_.loans)
    if (l.county == c) b.outstanding += l.principal * p_.scale;
  b.loans_year = ps_.coop_loans_year[c];
  b.defaults_year = ps_.coop_defaults_year[c];
  return b;
}

void ZhejiangModel::settle_loans() {
  std::vector<Loan> keep;
  keep.reserve(ps_.loans.size());
  for (auto l : ps_.loans) {
    const auto hr = hh_->row_of(static_cast<sim::AgentId>(l.household));
    const bool firm_alive = fm_->row_of(static_cast<sim::AgentId>(l.firm)) != sim::kNoRow;
    const double due = std::min(l.payment, l.principal * (1.0 + ps_.finance.interest));
    if (firm_alive && hr != sim::kNoRow) {
      // the borrower pays what its savings allow; a second short year in a row is a default
      const double paid = std::clamp(h_savings_[hr], 0.0, due);
      l.late = paid + 1e-9 < due ? l.late + 1 : 0;
      if (l.late < 2) {
        h_savings_[hr] -= paid;
        ps_.coop_capital[l.county] += paid * p_.scale;
        l.principal = l.principal * (1.0 + ps_.finance.interest) - paid;
        if (l.principal > 1e-6) keep.push_back(l);
        continue;
      }
    }
    // default: part of the principal is recovered from the borrower's savings
    double recovered = 0;
    if (hr != sim::kNoRow) {
      recovered = std::min(std::max(0.0, h_savings_[hr]), ps_.finance.recovery * l.principal);
      h_savings_[hr] -= recovered;
    }
    ps_.coop_capital[l.county] += recovered * p_.scale;
    ps_.coop_defaults_year[l.county] += 1;
  }
  ps_.loans = std::move(keep);
}

// ---- relocation

std::vector<policies::RelocationCandidate> ZhejiangModel::relocation_candidates(std::size_t c, const std::vector<int>& terrains) const {
  std::vector<policies::RelocationCandidate> out;
  for (std::size_t r = 0; r < hh_->size(); ++r) {
    const std::uint32_t v = h_village_[r];
    if (v == kNone || pl_.village_urban[v] || h_relocated_[r]) continue;
    if (pl_.town_county[h_town_[r]] != c) continue;
    if (std::find(terrains.begin(), terrains.end(), int(pl_.village_terrain[v])) == terrains.end()) continue;
    out.push_back({hh_->id(r), v, pl_.village_town[v], double(h_kids_[r] + h_adults_[r] + h_elderly_[r])});
  }
  return out;
}

bool ZhejiangModel::relocate(std::uint64_t household, std::uint32_t town, double housing_subsidy) {
  const auto r = hh_->row_of(static_cast<sim::AgentId>(household));
  if (r == sim::kNoRow || town >= pl_.towns()) return false;
  const double persons = h_kids_[r] + h_adults_[r] + h_elderly_[r];
  h_village_[r] = kNone;
  h_town_[r] = town;
  h_unemp_[r] = static_cast<std::uint8_t>(std::min(255, h_unemp_[r] + h_farm_[r]));
  h_farm_[r] = 0;
  h_seek_[r] = h_unemp_[r];
  h_relocated_[r] = 1;
  fl_.investment += std::max(0.0, housing_subsidy) * persons;  // the new house (sample units)
  ps_.year.relocated_households += 1;
  ps_.relocated_total += 1;
  return true;
}

// ---- the monthly pass: illness, medical relief, subsistence allowance (serial, household order)

void ZhejiangModel::policy_month() {
  const auto& A = ps_.allowance;
  const auto& S = ps_.services;
  const bool allow_on = A.take_up > 0 && A.budget_share > 0 && (A.urban_line > 0 || A.rural_line > 0);
  const bool relief_on = S.relief_share > 0 && S.budget_share > 0 && ps_.lines.targeting > 0;
  const bool ill_on = ps_.illness_probability > 0 && ps_.illness_cost > 0;
  const std::size_t n = hh_->size();
  if (!allow_on && !relief_on && !ill_on) return;
  const double ill_p = ps_.illness_probability / 12.0;
  double medical = 0;
  for (std::size_t r = 0; r < n; ++r) {
    h_allowance_[r] = 0;
    const double pers = h_kids_[r] + h_adults_[r] + h_elderly_[r];
    if (pers <= 0) continue;
    const std::size_t c = pl_.town_county[h_town_[r]];
    const bool urban = h_village_[r] == kNone || pl_.village_urban[h_village_[r]];
    const bool migrant = h_hukou_[r] == OtherProvince;
    // income per person last year, without last year's allowance (the means test)
    const double means = h_ypc_last_[r] - h_allow_last_[r] / pers;
    const bool covered = !migrant || (ps_.hukou_set && sim_->init_rng(hh_->id(r), 78).uniform() < ps_.hukou.relief_access);
    if (ill_on) {
      auto rng = sim_->rng_stream(2001, hh_->id(r));
      if (rng.uniform() < ill_p) {
        const double ill_cost = ps_.illness_cost * pers * std::max(h_ypc_last_[r], 0.25 * ps_.rural_income_last);
        double relief = 0;
        if (relief_on && covered && means < ps_.lines.targeting) {
          const double want = S.relief_share * ill_cost * p_.scale;
          const double room = std::min(fund_[c], S.budget_share * ps_.fund_at_year_start[c] - ps_.relief_spent[c]);
          const double pay = std::clamp(want, 0.0, std::max(0.0, room));
          fund_[c] -= pay;
          ps_.relief_spent[c] += pay;
          relief = pay / p_.scale;
          ps_.year.relief_paid += relief;
        }
        const double net = ill_cost - relief;
        y_other_[r] -= net;
        h_savings_[r] -= net;
        medical += ill_cost;
        ps_.year.illness_events += 1;
      }
    }
    if (allow_on && (!migrant || A.cover_migrants) && covered) {
      const double line = urban ? A.urban_line : A.rural_line;
      if (means < line && sim_->init_rng(hh_->id(r), 77).uniform() < A.take_up) {
        const double want = (line - std::max(0.0, means)) / 12.0 * pers * p_.scale;
        const double room = std::min(fund_[c], A.budget_share * ps_.fund_at_year_start[c] - ps_.allowance_spent[c]);
        const double pay = std::clamp(want, 0.0, std::max(0.0, room));
        if (pay > 0) {
          fund_[c] -= pay;
          ps_.allowance_spent[c] += pay;
          y_other_[r] += pay / p_.scale;
          h_savings_[r] += pay / p_.scale;
          h_allow_year_[r] += pay / p_.scale;
          h_allowance_[r] = 1;
          ps_.year.allowance_paid += pay / p_.scale;
        }
      }
    }
  }
  fl_.household_services += medical;  // treatment is bought from service firms next month
}

// ---- indicators

void ZhejiangModel::summarize_policy() {
  PolicySummary s;
  const auto& L = ps_.lines;
  const double lines[3] = {L.absolute, L.relative, L.oecd};
  for (std::size_t r = 0; r < hh_->size(); ++r) {
    const double pers = h_kids_[r] + h_adults_[r] + h_elderly_[r];
    if (pers <= 0) continue;
    const double y = y_farm_[r] + y_wage_[r] + y_trade_[r] + y_profit_[r] + y_rent_[r] + y_other_[r];
    const double ypc = y / pers;
    const bool urban = h_village_[r] == kNone || pl_.village_urban[h_village_[r]];
    (urban ? s.urban_persons : s.rural_persons) += pers;
    for (int k = 0; k < 3; ++k)
      if (lines[k] > 0 && ypc < lines[k]) (urban ? s.poor_urban[k] : s.poor_rural[k]) += pers;
    if (h_hukou_[r] == LocalRural && L.targeting > 0 && ypc < L.targeting) s.low_income_rural += pers;
    if (h_allowance_[r]) s.allowance_persons += pers;
    s.children += h_kids_[r];
    if (h_hukou_[r] == OtherProvince) {
      s.left_behind += h_left_kids_[r];
      s.migrant_children += h_kids_[r];
      if (h_kids_[r] > 0 && migrant_has_seat(r)) s.migrant_children_seat += h_kids_[r];
    }
  }
  s.loans_outstanding = static_cast<double>(ps_.loans.size());
  s.migrants_converted = ps_.year.converted;
  ps_.summary = s;
}

void ZhejiangModel::add_policy_indicators() {
  auto& s = *sim_;
  const PolicySummary& m = ps_.summary;
  auto pct = [](double a, double b) { return b > 0 ? 100.0 * a / b : 0.0; };
  auto real10k = [this](double agents) { return agents * p_.scale / 1e4; };
  const char* std_name[3] = {"absolute", "relative", "oecd"};
  const char* std_doc[3] = {"the absolute line (World Bank 1.25 $/day PPP, fixed in real terms)",
                            "the relative line (share of last year's rural income per capita, 45 % in Zhejiang)",
                            "the OECD line (60 % of last year's median income per capita)"};
  for (int k = 0; k < 3; ++k) {
    s.add_indicator(std::string("urban_poverty_rate_") + std_name[k], "percent of urban residents",
                    std::string("urban residents below ") + std_doc[k] + "; 0 when poverty_standard is off",
                    [&m, pct, k] { return pct(m.poor_urban[k], m.urban_persons); });
    s.add_indicator(std::string("rural_poverty_rate_") + std_name[k], "percent of rural residents",
                    std::string("rural residents below ") + std_doc[k] + "; 0 when poverty_standard is off",
                    [&m, pct, k] { return pct(m.poor_rural[k], m.rural_persons); });
  }
  s.add_indicator("poverty_line_targeting_nominal", "RMB per person per year", "low-income line in use (poverty_standard.targeting)",
                  [this] { return to_nominal(ps_.lines.targeting); });
  s.add_indicator("low_income_rural_persons", "10k persons", "rural-hukou persons below the targeting line",
                  [=, &m] { return real10k(m.low_income_rural); });
  s.add_indicator("subsistence_allowance_recipients", "10k persons", "members of households paid the allowance in December",
                  [=, &m] { return real10k(m.allowance_persons); });
  s.add_indicator("left_behind_children", "10k persons", "children migrants left in their home province",
                  [=, &m] { return real10k(m.left_behind); });
  s.add_indicator("migrant_children_primary_share", "percent of children", "children of other-province households living in Zhejiang, share of all children aged 0-14 (proxy for primary pupils)",
                  [=, &m] { return pct(m.migrant_children, m.children); });
  s.add_indicator("migrant_children_public_seat_share", "percent of migrant children", "migrant children living in Zhejiang with a public school seat",
                  [=, &m] { return pct(m.migrant_children_seat, m.migrant_children); });
  s.add_indicator("hukou_conversions", "10k households", "migrant households converted to local urban hukou this year",
                  [=, &m] { return real10k(m.migrants_converted); });
  s.add_indicator("households_relocated", "10k households", "households moved by the relocation programme since 1978 (cumulative)",
                  [=, this] { return real10k(ps_.relocated_total); });
  s.add_indicator("mutual_finance_loans", "count", "co-operative loans outstanding at year end (real count)",
                  [this, &m] { return m.loans_outstanding * p_.scale; });
  s.add_indicator("mutual_finance_defaults", "count", "co-operative loans defaulted this year (real count)", [this] {
    double x = 0;
    for (double d : ps_.coop_defaults_year) x += d;
    return x * p_.scale;
  });
  s.add_indicator("firms_founded_with_finance", "count", "firms founded this year with a co-operative loan (real count)",
                  [this] { return ps_.year.founded_with_finance * p_.scale; });
  s.add_indicator("illness_events", "10k households", "households hit by a costly illness this year",
                  [=, this] { return real10k(ps_.year.illness_events); });
  s.add_indicator("medical_relief_paid", "100 million RMB current prices", "medical relief paid this year",
                  [this] { return to_nominal(ps_.year.relief_paid) * p_.scale / 1e8; });
  s.add_indicator("subsistence_allowance_paid", "100 million RMB current prices", "allowance paid this year",
                  [this] { return to_nominal(ps_.year.allowance_paid) * p_.scale / 1e8; });
}

}  // namespace models::zhejiang
