#include "models/zhejiang/accounts.hpp"

#include <Eigen/Dense>
#include <string>

#include "models/zhejiang/households.hpp"
#include "sim/error.hpp"
#include "sim/param_binder.hpp"

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

namespace {
struct AccountsParams {
  std::vector<double> io;
  void bind(sim::ParamBinder& b) {
    b.list(io, "accounts.io_coefficients",
           {0.20, 0.12, 0.00, 0.02, 0.01,   // inputs from agriculture into agri, manuf, constr, trade, services
            0.12, 0.43, 0.45, 0.05, 0.10,   // from manufacturing
            0.01, 0.01, 0.05, 0.01, 0.02,   // from construction
            0.02, 0.04, 0.03, 0.03, 0.05,   // from trade
            0.02, 0.15, 0.07, 0.06, 0.12},  // from services
           "input per unit of output", 0, 1,
           "5x5 technical coefficients, row = supplying sector, column = using sector (agriculture, manufacturing, construction, trade, services)",
           "assumption, shaped like China's input-output tables (manufacturing intermediate share ~0.7)");
  }
};
}  // namespace

void Accounts::declare(sim::ParamRegistry& reg) { sim::declare_bound<AccountsParams>(reg, "zhejiang"); }

void Accounts::validate(const sim::Params& p, std::vector<sim::ParamProblem>& out) {
  const auto q = sim::read_bound<AccountsParams>(p, "zhejiang");
  try {
    to_matrix(q.io);
  } catch (const sim::Error& e) {
    out.push_back({"zhejiang.accounts.io_coefficients", std::string(e.what()).substr(std::string("zhejiang.accounts.io_coefficients: ").size())});
  }
}

void Accounts::setup(World& w, const sim::Params& p) {
  w_ = &w;
  io_ = sim::read_bound<AccountsParams>(p, "zhejiang").io;
  colsum_ = io_column_sums(io_);
}

void Accounts::close_year() {
  const Households& hh = *w_->households;
  double rents = 0;
  for (std::size_t r = 0; r < hh.size(); ++r) rents += hh.col().y_rent[r];
  auto gross = gross_;
  gross[IoServ] += rents;  // housing services: ground floors let to migrants' workshops and stores
  acc_ = compute_accounts(io_, gross);
}

void Accounts::serialize(sim::Archive& ar) {
  ar.check("zhejiang.accounts");
  ar.io(gross_);
  ar.io(acc_);
}

}  // namespace models::zhejiang
