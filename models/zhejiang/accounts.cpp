#include "models/zhejiang/accounts.hpp"

#include <Eigen/Dense>
#include <string>

#include "sim/error.hpp"

namespace models::zhejiang {

using Mat = Eigen::Matrix<double, kIoSectors, kIoSectors, Eigen::RowMajor>;
using Vec = Eigen::Matrix<double, kIoSectors, 1>;

static Mat to_matrix(const std::vector<double>& coeff) {
  if (coeff.size() != kIoSectors * kIoSectors)
    throw sim::Error("zhejiang.accounts.io_coefficients: expected 25 values (5x5), found " + std::to_string(coeff.size()));
  Mat a;
  for (int i = 0; i < kIoSectors; ++i)
    for (int j = 0; j < kIoSectors; ++j) a(i, j) = coeff[static_cast<std::size_t>(i * kIoSectors + j)];
  for (int j = 0; j < kIoSectors; ++j)
    if (a.col(j).sum() >= 1.0)
      throw sim::Error("zhejiang.accounts.io_coefficients: column " + std::to_string(j) + " sums to 1 or more (no value added)");
  return a;
}

std::array<double, kIoSectors> io_column_sums(const std::vector<double>& coeff) {
  const Mat a = to_matrix(coeff);
  std::array<double, kIoSectors> s{};
  for (int j = 0; j < kIoSectors; ++j) s[static_cast<std::size_t>(j)] = a.col(j).sum();
  return s;
}

SectorAccounts compute_accounts(const std::vector<double>& coeff, const std::array<double, kIoSectors>& gross) {
  const Mat a = to_matrix(coeff);
  const Vec x = Eigen::Map<const Vec>(gross.data());
  const Vec inputs = (a.colwise().sum().transpose()).cwiseProduct(x);  // what each sector buys
  const Vec use = a * x;                 // what each sector sells to others
  const Vec va = x - inputs;
  const Vec fd = x - use;  // final demand: output not used up by other sectors
  SectorAccounts acc;
  for (int i = 0; i < kIoSectors; ++i) {
    const auto k = static_cast<std::size_t>(i);
    acc.gross[k] = x(i);
    acc.intermediate_inputs[k] = inputs(i);
    acc.intermediate_use[k] = use(i);
    acc.value_added[k] = va(i);
    acc.final_demand[k] = fd(i);
  }
  acc.gdp = va.sum();
  if (acc.gdp > 0) {
    acc.share_primary = 100.0 * va(IoAgri) / acc.gdp;
    acc.share_secondary = 100.0 * (va(IoManuf) + va(IoConstr)) / acc.gdp;
    acc.share_tertiary = 100.0 * (va(IoTrade) + va(IoServ)) / acc.gdp;
  }
  return acc;
}

}  // namespace models::zhejiang
