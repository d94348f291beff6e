#include "models/zhejiang/clusters.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang {

void ClusterParams::bind(sim::ParamBinder& b) {
  b.real(agglomeration, "clusters.agglomeration", 0.0424, "elasticity", 0, 0.3, "productivity elasticity to cluster employment", "priors G1-G4 (0.03-0.12, centre 0.06); estimated: scenarios/calibration/zhejiang_baseline.yaml (CRS2, docs/calibration.md section 7)");
  b.real(ref_workers, "clusters.reference_workers", 1000, "real workers", 1, 1e9,
         "employment of a trade in a town from which it is a cluster (its agglomeration gain starts there)", "assumption");
  b.renamed("clusters.min_firms", "clusters.reference_workers");
  b.real(capital_discount, "clusters.capital_discount", 0.5, "share", 0, 1, "start-up capital needed inside a cluster relative to outside",
         "priors F5 note and G4 (division of labour lowers the entry barrier)");
  b.real(supplier_saving, "clusters.supplier_saving", 0.05, "share of inputs", 0, 1,
         "part of their intermediate inputs the firms of a cluster save by buying from local specialised suppliers",
         "priors G4 (clusters lower costs and give trade credit; Long & Zhang 2011), K4 (3-5 % intermediation); value: assumption");
  b.real(block_sales, "clusters.block_sales_threshold", 10, "100 million RMB current prices", 0, 1e9, "sales above which a cluster is a block economy",
         "presentation p.13 (RMB 1 billion)");
}

void Clusters::declare(sim::ParamRegistry& reg) { sim::declare_bound<ClusterParams>(reg, "zhejiang"); }

void Clusters::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<ClusterParams>(p, "zhejiang");
}

void Clusters::build() {
  const std::size_t n = w_->places->towns() * kSectors;
  agglo_.assign(n, 1.0);
  cell_workers_.assign(n, 0.0);
  is_cluster_.assign(n, 0);
}

std::size_t Clusters::index(std::size_t town, std::size_t sector) const { return town * kSectors + sector; }

void Clusters::identify() {
  const Firms& firms = *w_->firms;
  const auto& f = firms.col();
  const Places& pl = *w_->places;
  const double scale = w_->ctx->scale();
  const std::size_t nc = pl.towns() * kSectors;
  std::vector<double> workers(nc, 0), sales(nc, 0);
  for (std::size_t i = 0; i < firms.size(); ++i) {
    const std::size_t k = index(f.town[i], f.sector[i]);
    workers[k] += f.workers[i] + (f.collective[i] ? 0 : 1);
    sales[k] += f.sales_year[i];
  }
  const double cpi = w_->ctx->cpi(w_->ctx->year()) / 100.0;
  block_count_ = 0;
  block_practitioners_ = 0;
  cluster_practitioners_ = 0;
  block_sales_ = 0;
  mfg_sales_ = 0;
  double leading = 0, mfg_workers = 0;  // a town's workers in its largest trade, and in all trades
  for (std::size_t t = 0; t < pl.towns(); ++t) {
    double top = 0;
    for (std::size_t s = 0; s < static_cast<std::size_t>(kTrades); ++s) {
      top = std::max(top, workers[index(t, s)]);
      mfg_workers += workers[index(t, s)];
      mfg_sales_ += sales[index(t, s)] * scale * cpi / 1e8;
    }
    leading += top;
  }
  leading_share_ = mfg_workers > 0 ? leading / mfg_workers : 0.0;
  for (std::size_t k = 0; k < nc; ++k) {
    cell_workers_[k] = workers[k];
    const bool trade = k % kSectors < kTrades;
    const bool cluster = trade && workers[k] * scale >= p_.ref_workers;
    is_cluster_[k] = cluster ? 1 : 0;
    agglo_[k] = cluster ? gain(workers[k] * scale) : 1.0;
    if (cluster) cluster_practitioners_ += workers[k] * scale;
    if (cluster && sales[k] * scale * cpi / 1e8 >= p_.block_sales) {
      block_count_ += 1;
      block_practitioners_ += workers[k] * scale;
      block_sales_ += sales[k] * scale * cpi / 1e8;
    }
  }
}

bool Clusters::copy_cell(std::uint32_t first, std::uint32_t last, double exponent, double u, std::uint32_t& town,
                         std::uint8_t& trade) const {
  if (cell_workers_.empty()) return false;
  auto weight = [&](std::uint32_t t, std::size_t k) {
    const double x = cell_workers_[index(t, k)];
    return x > 0 ? (exponent == 1.0 ? x : std::pow(x, exponent)) : 0.0;
  };
  double total = 0;
  for (std::uint32_t t = first; t < last; ++t)
    for (std::size_t k = 0; k < static_cast<std::size_t>(kTrades); ++k) total += weight(t, k);
  if (!(total > 0)) return false;
  double x = u * total;
  for (std::uint32_t t = first; t < last; ++t)
    for (std::size_t k = 0; k < static_cast<std::size_t>(kTrades); ++k) {
      const double wk = weight(t, k);
      if (wk <= 0) continue;
      town = t;  // the last cell present, should rounding carry x past the top
      trade = static_cast<std::uint8_t>(k);
      if (x < wk) return true;
      x -= wk;
    }
  return true;
}

double Clusters::real_workers_own(std::size_t town, std::size_t sector, double own) const {
  return std::max(0.0, cell_workers_[index(town, sector)] - own) * w_->ctx->scale() + own;
}

double Clusters::gain(double real_workers) const { return std::pow(std::max(1.0, real_workers / p_.ref_workers), p_.agglomeration); }

double Clusters::agglomeration_own(std::size_t town, std::size_t sector, double own) const {
  if (sector >= static_cast<std::size_t>(kTrades)) return 1.0;
  const double W = real_workers_own(town, sector, own);
  return W >= p_.ref_workers ? gain(W) : 1.0;
}

double Clusters::supplier_saving_own(std::size_t town, std::size_t sector, double own) const {
  if (sector >= static_cast<std::size_t>(kTrades)) return 0.0;
  return real_workers_own(town, sector, own) >= p_.ref_workers ? p_.supplier_saving : 0.0;
}

void Clusters::serialize(sim::Archive& ar) {
  ar.check("zhejiang.clusters");
  ar.io(agglo_);
  ar.io(cell_workers_);
  ar.io(is_cluster_);
  ar.io(block_count_);
  ar.io(block_practitioners_);
  ar.io(cluster_practitioners_);
  ar.io(block_sales_);
  ar.io(mfg_sales_);
  ar.io(leading_share_);
}

}  // namespace models::zhejiang
