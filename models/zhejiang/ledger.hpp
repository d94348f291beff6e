#pragma once
// The money ledger: every payment in the model has a payer and a payee among the institutional
// sectors below, and is recorded once, as a flow of a kind, so that each kind's payments equal its
// receipts and the sectors' net lending sums to zero by construction. Goods and services are bought
// from a clearing account ("markets", kept by the goods market): buyers pay into it, local producers
// are paid out of it, and what is left is settled with the outside each month (net exports), so the
// clearing account is always 0 at the end of a month. Each year the ledger writes the sector accounts (accounts.csv) and every flow
// (accounts_flows.csv) in 100 million RMB current prices.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"

namespace models::zhejiang {

enum class Sector : std::uint8_t {
  Households,   ///< farm, urban and migrant households (farms and stall traders are household enterprises)
  Firms,        ///< family firms and the 1978 collective and state units
  Collectives,  ///< village collectives (their share of the farm levy, spent on the village)
  Credit,       ///< banks and credit co-operatives (deposits, loans, interest)
  LocalGov,     ///< county and provincial governments
  CentralGov,   ///< the central government (its share of taxes, transfers)
  RestOfChina,  ///< other provinces
  Abroad,       ///< the rest of the world
  Markets,      ///< clearing account of the goods markets (always 0)
};
inline constexpr int kLedgerSectors = 9;

enum class Flow : std::uint8_t {
  // goods and services
  Consumption,   ///< final consumption purchases (households, government)
  Intermediate,  ///< purchases of inputs
  Investment,    ///< gross fixed capital formation (buildings, equipment, houses)
  Sales,         ///< output sold by producers
  NetExports,    ///< the goods markets' balance with the outside
  // primary incomes
  Wages,
  Dividends,      ///< profits paid to owners (households; the state for collective units)
  Interest,
  Rent,           ///< ground floors let to migrants, stall rents
  ProductionTaxes,///< taxes on value added, the farm levy
  IncomeTaxes,    ///< enterprise income tax
  // current transfers
  Pensions,
  SocialTransfers,  ///< subsistence allowance, medical relief
  GovTransfers,     ///< between central and local government
  Remittances,      ///< migrants' money for children left at home in other provinces
  // capital transfers
  CapitalTransfers,  ///< start-up subsidies, relocation subsidies
  // financial (not part of net lending)
  Deposits,        ///< households' deposits placed with co-operatives
  Equity,          ///< capital put into a new firm
  Loans,           ///< loans granted (+) and repaid (-)
  MigrantWealth,   ///< savings migrants take home
  Bequests,        ///< savings of a household that dies out, to its heir
};
inline constexpr int kFlows = 21;

const char* sector_name(Sector s);
const char* flow_name(Flow f);
bool is_financial(Flow f);

/// One year's net flows (receipts minus payments) by flow and sector, real 1978 yuan, sample units.
using FlowMatrix = std::array<std::array<double, kLedgerSectors>, kFlows>;

/// A sector's account for a year: income = net current receipts (sales, intermediate purchases,
/// primary incomes, taxes, current transfers), saving = income - consumption, net lending =
/// saving + capital transfers - investment.
struct SectorAccount {
  double income = 0, consumption = 0, transfers = 0, saving = 0, capital_transfers = 0, investment = 0, net_lending = 0;
};
SectorAccount sector_account(const FlowMatrix& m, Sector s);

class Ledger {
 public:
  void setup(World& w) { w_ = &w; }
  /// Records a payment of `amount` (real yuan, sample units; may be negative) from one sector to another.
  void pay(Flow f, Sector from, Sector to, double amount) {
    auto& row = tick_[static_cast<std::size_t>(f)];
    row[static_cast<std::size_t>(from)] -= amount;
    row[static_cast<std::size_t>(to)] += amount;
  }
  /// The net flows of the running tick and of the running year (the year includes the tick's only
  /// after end_tick()).
  const FlowMatrix& tick() const { return tick_; }
  /// The flows of the last completed tick (for the end-of-tick checks).
  const FlowMatrix& last_tick() const { return last_; }
  const FlowMatrix& year() const { return year_; }
  /// Adds the tick's flows to the year's and starts a new tick.
  void end_tick();
  /// Year end: appends the year's rows to the output tables and starts a new year.
  void close_year();
  /// Writes accounts.csv and accounts_flows.csv into the run folder.
  void write(const std::string& dir) const;

  void serialize(sim::Archive& ar);

 private:
  World* w_ = nullptr;
  FlowMatrix tick_{}, last_{}, year_{};
  std::string accounts_rows_, flow_rows_;
};

}  // namespace models::zhejiang
