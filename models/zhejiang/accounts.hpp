#pragma once
// Sector accounts: a small input-output table (Eigen). Given gross outputs by sector and the
// technical coefficients, computes intermediate use, value added and final demand the way
// statisticians do, and GDP with its primary/secondary/tertiary shares from value added.
#include <array>
#include <vector>

#include "sim/archive.hpp"

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

}  // namespace models::zhejiang
