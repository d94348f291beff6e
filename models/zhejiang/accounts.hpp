#pragma once
// Sector accounts: a small input-output table (Eigen). Given gross outputs by sector and the
// technical coefficients, computes intermediate use, value added and final demand the way
// statisticians do, and GDP with its primary/secondary/tertiary shares from value added.
// The Accounts component collects the year's gross output by sector from the producing
// components and closes the accounts at the end of each year.
#include <array>
#include <vector>

#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

inline constexpr int kIoSectors = 5;  ///< agriculture, manufacturing, construction, trade, services
enum IoSector { IoAgri = 0, IoManuf = 1, IoConstr = 2, IoTrade = 3, IoServ = 4 };

struct SectorAccounts {
  std::array<double, kIoSectors> gross{}, intermediate_inputs{}, intermediate_use{}, value_added{}, final_demand{};
  double gdp = 0;                            ///< real 1978 yuan (sample scale)
  double share_primary = 0, share_secondary = 0, share_tertiary = 0;  ///< percent of GDP
};

/// Column sums of a row-major kIoSectors x kIoSectors coefficient list (inputs per unit of output).
std::array<double, kIoSectors> io_column_sums(const std::vector<double>& coeff);

/// Accounts from gross outputs. Throws sim::Error when the coefficients are not 25 values or
/// a column sums to 1 or more (no value added).
SectorAccounts compute_accounts(const std::vector<double>& coeff, const std::array<double, kIoSectors>& gross);

class Accounts {
 public:
  static void declare(sim::ParamRegistry& reg);
  static void validate(const sim::Params& p, std::vector<sim::ParamProblem>& out);
  void setup(World& w, const sim::Params& p);
  /// Intermediate inputs per unit of gross output of a sector (the IO column sum).
  double input_share(IoSector s) const { return colsum_[s]; }
  /// Input coefficient: supplies of `from` per unit of output of `to`.
  double coefficient(IoSector from, IoSector to) const { return io_[static_cast<std::size_t>(from * kIoSectors + to)]; }
  void add_gross(IoSector s, double x) { gross_[s] += x; }
  void year_start() { gross_ = {}; }
  /// Year end: closes the accounts, counting ground-floor rents as housing services.
  void close_year();
  const SectorAccounts& last() const { return acc_; }
  void serialize(sim::Archive& ar);

 private:
  World* w_ = nullptr;
  std::vector<double> io_;
  std::array<double, kIoSectors> colsum_{}, gross_{};
  SectorAccounts acc_;
};

}  // namespace models::zhejiang
