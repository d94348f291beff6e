#pragma once
// The interface between the Zhejiang model and its policy modules.
//
// A policy module is a small class that
//   * declares its parameters under `policies.<name>.*` (PolicyInfo::declare),
//   * is created from the resolved parameters, or not at all when it is disabled (PolicyInfo::create
//     returns nullptr: a disabled module runs no code, so it has exactly zero effect),
//   * names the hooks (points in the model's schedule) it takes part in, and
//   * acts only through the PolicyHost: it reads what the host exposes and changes the model only
//     through the host's few documented levers, paying from county budgets. A module whose budget is
//     zero can pull no lever that costs money, so it too has zero effect.
// Hooks run serially, counties in index order, so modules keep the model deterministic.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::policies {

/// Points of the model's schedule where policy modules run.
enum class Hook : std::uint8_t {
  YearStart,   ///< first tick of each year, before households decide (set entry support, ...)
  Government,  ///< last tick of each year, after taxes are collected (build markets, spend budgets)
};

// ---- terms that social-policy modules set on the host (all money in real 1978 yuan)

/// Poverty lines for measurement and targeting, per person per year. A line of 0 is "not measured".
struct PovertyLines {
  double absolute = 0;   ///< fixed real line (World Bank 1.25 $/day PPP converted)
  double relative = 0;   ///< share of last year's rural income per capita (45 % in Zhejiang)
  double oecd = 0;       ///< share of last year's median income per capita (OECD: 60 %)
  double targeting = 0;  ///< the line that identifies low-income households for the other modules
};

/// Minimum living guarantee (subsistence allowance): a means-tested top-up of income per person.
struct AllowanceTerms {
  double urban_line = 0, rural_line = 0;  ///< standards per person per year
  double take_up = 0;                     ///< share of eligible households that apply and are reached
  double budget_share = 0;                ///< most of a county's development fund it may spend per year
  bool cover_migrants = false;            ///< migrants covered as far as hukou access allows
};

/// Hukou: how far migrant households reach urban services, and how they settle.
struct HukouTerms {
  double school_access = 0;       ///< share of migrant children admitted to public schools regardless of points
  double relief_access = 0;       ///< share of migrant households covered by social relief
  double settle_effect = 0;       ///< reduction of a family migrant's return probability per unit of access
  double reunite_rate = 0;        ///< yearly chance that a migrant with a school seat brings left-behind children
};

/// Conversion of migrants' hukou by a points score (years of residence, family, business, skill).
struct ConversionTerms {
  double threshold = 0, per_year = 0, family_points = 0, business_points = 0, skill_points = 0;
  double quota = 0;  ///< yearly chance that an eligible household converts
};

/// Public services: school seats by points, employment service, medical relief.
struct ServiceTerms {
  double seat_share = 0;          ///< most migrant children (share) for whom points-based seats exist
  double seat_threshold = 0;      ///< points (same score as ConversionTerms) needed for a seat
  double per_year = 0, family_points = 0, business_points = 0, skill_points = 0;
  double search_boost = 0;        ///< extra chance per month that a job seeker is matched province-wide
  double relief_share = 0;        ///< share of a low-income household's medical cost paid by relief
  double budget_share = 0;        ///< most of a county's fund that relief may spend per year
};

/// Mutual finance co-operatives: credit to members who found firms.
struct FinanceTerms {
  bool lending = false;     ///< new loans are made this year
  double loan_cap = 0;      ///< largest loan per founder
  double interest = 0;      ///< yearly rate
  int term_years = 1;
  double recovery = 0;      ///< share of the outstanding principal recovered from a defaulter's savings
};

struct LoanBook {
  double capital = 0, outstanding = 0;
  double loans_year = 0, defaults_year = 0;  ///< agent counts this year
};

/// A household that a relocation programme could move.
struct RelocationCandidate {
  std::uint64_t household = 0;  ///< household id
  std::uint32_t village = 0, home_town = 0;
  double persons = 0;
};

/// One wholesale market as policies see it.
struct MarketView {
  std::size_t index = 0;
  std::uint32_t town = 0;
  double capacity_stalls = 0;  ///< real stalls
  double occupied_stalls = 0;  ///< real stalls in use
  int expansions = 0;
};

/// What a policy module may read and do. Implemented by the Zhejiang model.
class PolicyHost {
 public:
  virtual ~PolicyHost() = default;
  virtual int year() const = 0;
  virtual std::size_t counties() const = 0;
  /// Development fund of a county (real 1978 yuan, real-world scale) that policies may spend.
  virtual double budget(std::size_t county) const = 0;
  /// Spends from a county's fund on construction (counts as construction demand). Returns the amount
  /// actually spent (never more than the fund).
  virtual double spend(std::size_t county, double amount) = 0;

  // ---- wholesale markets
  /// Would-be traders (real persons) in the county who asked for a stall last year and found none.
  virtual double stall_queue(std::size_t county) const = 0;
  /// Traders' and firms' market sales in the county last year (real 1978 yuan, real-world scale).
  virtual double trading_activity(std::size_t county) const = 0;
  virtual std::vector<MarketView> markets_in(std::size_t county) const = 0;
  /// Town of the county with the most non-farm activity (where a new market goes).
  virtual std::uint32_t busiest_town(std::size_t county) const = 0;
  virtual void build_market(std::uint32_t town, double stalls) = 0;
  virtual void expand_market(std::size_t market, double extra_stalls) = 0;

  // ---- entry support for manufacturing
  /// Sets, for this year, the share of a manufacturing start-up's capital that the county pays for
  /// traders who found a manufacturing firm, and a multiplier on their founding propensity. The
  /// subsidy is paid from the county fund when the firm is founded; with no fund, none is paid.
  virtual void set_entry_support(std::size_t county, double subsidy_share, double propensity_multiplier) = 0;

  // ---- incomes and poverty (all real 1978 yuan per person per year)
  /// Consumer price index of this year (1978 = 1), to turn nominal standards into real ones.
  virtual double price_level() const = 0;
  /// Last completed year's rural income per capita (residents of villages) and median income per capita.
  virtual double rural_income_last_year() const = 0;
  virtual double median_income_last_year() const = 0;
  virtual void set_poverty_lines(const PovertyLines& lines) = 0;
  virtual void set_allowance(const AllowanceTerms& terms) = 0;
  virtual void set_hukou_terms(const HukouTerms& terms) = 0;
  /// Converts, in household order, migrants whose points reach the threshold (each with chance quota).
  /// Returns the number of households converted this call.
  virtual std::size_t convert_hukou(const ConversionTerms& terms) = 0;
  virtual void set_services(const ServiceTerms& terms) = 0;

  // ---- mutual finance
  virtual void set_finance_terms(const FinanceTerms& terms) = 0;
  /// Adds members' lending capital (real yuan, real-world scale) to a county's co-operatives.
  virtual void add_lending_capital(std::size_t county, double amount) = 0;
  virtual LoanBook loan_book(std::size_t county) const = 0;
  /// Collects a year's repayments; a loan whose firm has closed, or whose owner cannot pay, defaults.
  virtual void settle_loans() = 0;

  // ---- relocation
  /// Rural households of villages with the given terrains (indices of the model's Terrain), id order.
  virtual std::vector<RelocationCandidate> relocation_candidates(std::size_t county, const std::vector<int>& terrains) const = 0;
  /// Seat of the county, and the town the village belongs to (its central town).
  virtual std::uint32_t county_seat(std::size_t county) const = 0;
  /// Moves a household to a town: it gives up farming (its land contract stays and is farmed by the
  /// village), its workers look for jobs in town, and housing_subsidy (per person, real yuan) is spent
  /// on its new house. Returns false when the household no longer exists.
  virtual bool relocate(std::uint64_t household, std::uint32_t town, double housing_subsidy) = 0;
};

class PolicyModule {
 public:
  virtual ~PolicyModule() = default;
  virtual const char* name() const = 0;
  virtual std::vector<Hook> hooks() const = 0;
  virtual void run(Hook hook, PolicyHost& host) = 0;
  /// State kept between years (for checkpoints).
  virtual void serialize(sim::Archive& ar) { (void)ar; }
};

struct PolicyInfo {
  std::string name, doc;
  std::function<void(sim::ParamRegistry&)> declare;
  /// nullptr when the module is disabled.
  std::function<std::unique_ptr<PolicyModule>(const sim::Params&)> create;
};

/// Every policy module, in the order they run at a hook. One line per module in policy.cpp.
const std::vector<PolicyInfo>& all_policies();

/// Declares every module's parameters (and the `policies` group).
void declare_policies(sim::ParamRegistry& reg);

/// Creates the enabled modules.
std::vector<std::unique_ptr<PolicyModule>> create_policies(const sim::Params& p);

}  // namespace models::policies
