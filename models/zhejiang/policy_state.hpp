#pragma once
// State the Zhejiang model keeps for the social-policy levers (issue 4): the terms the policy modules
// set, the co-operatives' loan book, the illness shock's parameters and the year's policy counters.
// Everything here is neutral when no module sets it: the levers then change nothing.
#include <cstdint>
#include <vector>

#include "models/policies/policy.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct Loan {
  std::uint64_t household = 0, firm = 0;
  std::uint32_t county = 0;
  double principal = 0, payment = 0;  ///< outstanding (sample units) and yearly annuity
  std::uint32_t late = 0;             ///< consecutive years the borrower could not pay in full
};

struct PolicyCounters {
  double allowance_persons = 0, relocated_households = 0, founded_with_finance = 0, converted = 0;
  double illness_events = 0, relief_paid = 0, allowance_paid = 0;
};

/// Year-end measures of the social-policy indicators (persons in sample units).
struct PolicySummary {
  double urban_persons = 0, rural_persons = 0;
  double poor_urban[3] = {0, 0, 0}, poor_rural[3] = {0, 0, 0};  ///< absolute, relative, OECD
  double low_income_rural = 0, allowance_persons = 0, left_behind = 0;
  double children = 0, migrant_children = 0, migrant_children_seat = 0, migrants_converted = 0;
  double loans_outstanding = 0;
};

struct PolicyState {
  policies::PovertyLines lines;
  policies::AllowanceTerms allowance;
  policies::HukouTerms hukou;
  policies::ServiceTerms services;
  policies::FinanceTerms finance;
  bool hukou_set = false, services_set = false;
  std::vector<double> coop_capital, coop_loans_year, coop_defaults_year;
  std::vector<double> allowance_spent, relief_spent, fund_at_year_start;
  std::vector<Loan> loans;
  double rural_income_last = 0, median_income_last = 0;
  PolicyCounters year;              ///< this year
  PolicySummary summary;            ///< last year end
  double relocated_total = 0;       ///< households relocated since the start (sample units)
  // illness shock (a model mechanism, not a policy): zhejiang.illness.*
  double illness_probability = 0, illness_cost = 0;
  double family_share_open = 0;  ///< zhejiang.migration.family_share_open
  void serialize(sim::Archive& ar);
};

/// Declares zhejiang.illness.* and zhejiang.migration.family_share_open (called from the model's declaration).
void declare_illness_params(sim::ParamRegistry& reg);

}  // namespace models::zhejiang
