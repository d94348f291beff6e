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
