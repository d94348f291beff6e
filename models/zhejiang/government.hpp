#pragma once
// County governments and the centre: taxes on firms' value added and profits, collective units'
// profits, the farm levy and stall rents are collected in each county; after the tax-sharing
// reform of 1994 (and the income-tax sharing of 2002) part of the shared taxes goes to the central
// government. Of the counties' revenue, old-age pensions are paid first (presentation p.22-23;
// a shortfall is covered by a central transfer); of the rest a share goes to public services
// (schools, clinics: demand for services) and the remainder to each county's development fund,
// from which policy modules build markets, subsidise entrants and pay transfers, and a steady share
// goes to infrastructure (construction demand).
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/ledger.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

enum class Tax : std::uint8_t {
  ValueAdded,        ///< value-added tax on manufacturing (shared with the centre from 1994)
  Business,          ///< business tax on construction and services (local)
  EnterpriseIncome,  ///< enterprise income tax (shared with the centre from 2002)
  Levy,              ///< the state part of the farm levy (local)
  StallRent,         ///< rents of the state-owned market companies (local non-tax revenue)
  CollectiveProfit,  ///< profits (or losses) of the 1978 collective and state units (local)
};

struct GovernmentParams {
  double public_service_share, pension_urban, pension_rural, infrastructure_share;
  int pension_rural_year;
  sim::Schedule central_vat, central_income_tax;
  void bind(sim::ParamBinder& b);
};

class Government {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);

  /// Collects a tax (sample units) from a payer in a county; the central share goes to the centre.
  void collect(std::size_t county, double x, Tax tax, Sector payer);
  /// Old-age pensions households received this month (paid out of this month's revenue).
  void set_pensions_due(double x) { pensions_ = x; }
  /// Monthly employee pension of an urban-hukou elderly person, as a share of the going wage x skill.
  double urban_pension_share() const { return p_.pension_urban; }
  /// Monthly resident pension of a rural-hukou elderly person this year (real yuan; 0 before it starts).
  double rural_pension() const;

  /// Development fund of a county (real yuan, real scale) and what it held at the start of the year.
  double fund(std::size_t county) const { return fund_[county]; }
  double fund_at_year_start(std::size_t county) const { return fund_start_[county]; }
  double total_funds() const;
  /// Spends up to `amount` (real scale) on construction; returns what was spent.
  double spend(std::size_t county, double amount);
  /// Pays `amount` (real scale) out of the fund as a transfer of `kind` to `to` (not construction).
  void transfer(std::size_t county, double amount, Flow kind, Sector to);
  /// The province raises up to `amount` (real scale) from the counties' funds, in proportion to what
  /// they hold, into its reserve; returns what it raised.
  double raise_provincial(double amount);
  /// Pays `amount` (real scale) out of the provincial reserve as a transfer of `kind` to `to`.
  void pay_from_provincial(double amount, Flow kind, Sector to);
  /// Money the local governments hold: development funds, the provincial reserve, and revenue not
  /// yet paid out (sample units), for the stock-flow check.
  double money_held() const;
  /// Revenue collected this year, all taxes and the local governments' part (real yuan, sample).
  double fiscal_revenue_year() const { return local_year_ + central_year_; }
  double local_revenue_year() const { return local_year_; }

  void year_start();
  void month();  ///< government phase

  void serialize(sim::Archive& ar);

 private:
  World* w_ = nullptr;
  GovernmentParams p_{};
  std::vector<double> fund_, rev_month_, fund_start_;
  double pensions_ = 0, local_year_ = 0, central_year_ = 0, reserve_ = 0;
  // the central government's shares of VAT and enterprise income tax at `shares_time_` (the
  // schedules are read once a tick, not once a payment; derived state, not serialised)
  double shares_time_ = -1, central_vat_now_ = 0, central_eit_now_ = 0;
};

}  // namespace models::zhejiang
