#include "models/zhejiang/ledger.hpp"

#include <fmt/format.h>

#include "models/zhejiang/context.hpp"
#include "sim/output.hpp"

namespace models::zhejiang {

const char* sector_name(Sector s) {
  static const char* names[kLedgerSectors] = {"households", "firms", "collectives", "credit", "local_government",
                                              "central_government", "rest_of_china", "abroad", "markets"};
  return names[static_cast<int>(s)];
}

const char* flow_name(Flow f) {
  static const char* names[kFlows] = {"consumption", "intermediate", "investment", "sales", "net_exports",
                                      "wages", "dividends", "interest", "rent", "production_taxes",
                                      "income_taxes", "pensions", "social_transfers", "government_transfers", "remittances",
                                      "capital_transfers", "deposits", "equity", "loans", "migrant_wealth", "bequests"};
  return names[static_cast<int>(f)];
}

bool is_financial(Flow f) { return f >= Flow::Deposits; }

SectorAccount sector_account(const FlowMatrix& m, Sector s) {
  const auto k = static_cast<std::size_t>(s);
  auto at = [&](Flow f) { return m[static_cast<std::size_t>(f)][k]; };
  SectorAccount a;
  for (int i = 0; i < kFlows; ++i) {
    const auto f = static_cast<Flow>(i);
    if (is_financial(f) || f == Flow::Consumption || f == Flow::Investment || f == Flow::CapitalTransfers) continue;
    a.income += at(f);
  }
  a.transfers = at(Flow::Pensions) + at(Flow::SocialTransfers) + at(Flow::GovTransfers);
  a.consumption = -at(Flow::Consumption);
  a.saving = a.income - a.consumption;
  a.capital_transfers = at(Flow::CapitalTransfers);
  a.investment = -at(Flow::Investment);
  a.net_lending = a.saving + a.capital_transfers - a.investment;
  return a;
}

void Ledger::end_tick() {
  last_ = tick_;
  for (int f = 0; f < kFlows; ++f)
    for (int s = 0; s < kLedgerSectors; ++s) {
      year_[static_cast<std::size_t>(f)][static_cast<std::size_t>(s)] += tick_[static_cast<std::size_t>(f)][static_cast<std::size_t>(s)];
      tick_[static_cast<std::size_t>(f)][static_cast<std::size_t>(s)] = 0;
    }
}

void Ledger::close_year() {
  const Context& ctx = *w_->ctx;
  const int y = ctx.year();
  const double to_yi = ctx.cpi(y) / 100.0 * ctx.scale() / 1e8;  // real sample yuan -> 100 million current yuan
  for (int s = 0; s < kLedgerSectors; ++s) {
    const auto a = sector_account(year_, static_cast<Sector>(s));
    if (static_cast<Sector>(s) != Sector::Markets)  // the clearing account: its flows are in accounts_flows.csv
      accounts_rows_ += fmt::format("{},{},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g}\n", y,
                                  sector_name(static_cast<Sector>(s)), a.income * to_yi, a.consumption * to_yi,
                                  a.transfers * to_yi, a.saving * to_yi, a.capital_transfers * to_yi,
                                  a.investment * to_yi, a.net_lending * to_yi);
    for (int f = 0; f < kFlows; ++f) {
      const double x = year_[static_cast<std::size_t>(f)][static_cast<std::size_t>(s)];
      if (x != 0) flow_rows_ += fmt::format("{},{},{},{:.10g}\n", y, sector_name(static_cast<Sector>(s)), flow_name(static_cast<Flow>(f)), x * to_yi);
    }
  }
  year_ = FlowMatrix{};
}

void Ledger::write(const std::string& dir) const {
  sim::write_file_atomic(dir + "/accounts.csv",
                         "year,sector,income,consumption,transfers,saving,capital_transfers,investment,net_lending\n" + accounts_rows_);
  sim::write_file_atomic(dir + "/accounts_flows.csv", "year,sector,flow,amount\n" + flow_rows_);
}

void Ledger::serialize(sim::Archive& ar) {
  ar.check("zhejiang.ledger");
  ar.io(tick_);
  ar.io(last_);
  ar.io(year_);
  ar.io(accounts_rows_);
  ar.io(flow_rows_);
}

}  // namespace models::zhejiang
