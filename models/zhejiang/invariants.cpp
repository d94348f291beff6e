// The identities the model keeps every month, checked after every tick with --check-invariants:
// the population accounts, one status per working-age member, and money that balances (every flow
// has a payer and a payee, the goods markets clear with the outside, the sectors' net lending sums
// to zero, and the households' and local governments' money changes by exactly their recorded flows).
#include <fmt/format.h>

#include <cmath>

#include "models/zhejiang/model.hpp"

namespace models::zhejiang {
namespace {

double sum_over_flows(const FlowMatrix& m, Sector s) {
  double x = 0;
  for (int f = 0; f < kFlows; ++f) x += m[static_cast<std::size_t>(f)][static_cast<std::size_t>(s)];
  return x;
}

// A month's gross output (sales of firms and household producers): the scale of the tolerance.
double output_of(const FlowMatrix& m) {
  const auto& sales = m[static_cast<std::size_t>(Flow::Sales)];
  return std::abs(sales[static_cast<std::size_t>(Sector::Firms)]) + std::abs(sales[static_cast<std::size_t>(Sector::Households)]);
}

std::string miss(const char* what, double lhs, double rhs, double tol) {
  if (std::abs(lhs - rhs) <= tol) return {};
  return fmt::format("{}: {} against {} (miss {:.6g}, tolerance {:.3g})", what, lhs, rhs, lhs - rhs, tol);
}

}  // namespace

void ZhejiangModel::add_invariants(sim::Simulation& s) {
  s.add_invariant("population", "persons = persons at the start of the month + births + in-migrants - deaths - out-migrants",
                  [this] { return households_.check_population(); });
  s.add_invariant("labour_statuses", "every working-age member in the labour force has exactly one status",
                  [this] { return households_.check_labour(); });
  s.add_invariant("double_entry", "every kind of flow is paid as much as it is received", [this]() -> std::string {
    const auto& m = ledger_.last_tick();
    const double tol = 1e-9 * std::max(1.0, output_of(m));
    for (int f = 0; f < kFlows; ++f) {
      double x = 0;
      for (double v : m[static_cast<std::size_t>(f)]) x += v;
      if (std::abs(x) > tol) return fmt::format("flow '{}' sums to {:.6g} over the sectors", flow_name(static_cast<Flow>(f)), x);
    }
    return {};
  });
  s.add_invariant("net_lending", "the sectors' net lending sums to zero (within 1e-9 of the month's output)", [this] {
    const auto& m = ledger_.last_tick();
    double total = 0;
    for (int k = 0; k < kLedgerSectors; ++k) total += sector_account(m, static_cast<Sector>(k)).net_lending;
    return miss("sum of net lending", total, 0.0, 1e-9 * std::max(1.0, output_of(m)));
  });
  s.add_invariant("markets_clear", "the goods markets' clearing account is settled with the outside every month", [this] {
    const auto& m = ledger_.last_tick();
    return miss("goods markets' balance", sum_over_flows(m, Sector::Markets), 0.0, 1e-9 * std::max(1.0, output_of(m)));
  });
  s.add_invariant("household_money", "households' savings change by exactly their recorded receipts and payments", [this] {
    const auto& m = ledger_.last_tick();
    const double now = households_.total_savings();
    const double tol = 1e-9 * std::max(1.0, output_of(m) + std::abs(now));
    return miss("households' savings minus those at the start of the month", now - savings_start_, sum_over_flows(m, Sector::Households), tol);
  });
  s.add_invariant("local_government_money", "local governments' funds change by exactly their recorded receipts and payments", [this] {
    const auto& m = ledger_.last_tick();
    const double now = government_.money_held();
    const double tol = 1e-9 * std::max(1.0, output_of(m) + std::abs(now));
    return miss("local governments' money minus that at the start of the month", now - gov_money_start_,
                sum_over_flows(m, Sector::LocalGov), tol);
  });
}

}  // namespace models::zhejiang
