#pragma once
// Clusters and block economies ("Small Firm & Big Cluster", presentation p.13; priors G1-G4): each
// year a trade in a town with enough workers (real persons) is a cluster, where they form: kin copy
// each other's trade and town, and a cluster's firms share an agglomeration gain that rises with its
// employment, buy inputs from local suppliers for less (division of labour among firms of one
// trade) and are founded with less capital. A cluster whose yearly sales exceed RMB 1 billion is a
// block economy.
#include <cstdint>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"

namespace models::zhejiang {

struct ClusterParams {
  double agglomeration, ref_workers, capital_discount, supplier_saving, block_sales;
  void bind(sim::ParamBinder& b);
};

class Clusters {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);
  /// After the places are built: one cell per town and trade, none a cluster yet.
  void build();

  double agglomeration(std::size_t town, std::size_t sector) const { return agglo_[index(town, sector)]; }
  bool is_cluster(std::size_t town, std::size_t sector) const { return is_cluster_[index(town, sector)] != 0; }
  double capital_discount() const { return p_.capital_discount; }
  /// Share of its intermediate inputs a firm of a cluster saves by buying from local suppliers.
  double supplier_saving(std::size_t town, std::size_t sector) const { return is_cluster(town, sector) ? p_.supplier_saving : 0.0; }
  /// The same for a firm that counts its own `own` workers once and the rest of its cell's sample
  /// workers times the scale (firms.own_size_in_town: once).
  double agglomeration_own(std::size_t town, std::size_t sector, double own) const;
  double supplier_saving_own(std::size_t town, std::size_t sector, double own) const;
  /// A town x trade cell for a founder who copies his neighbours (entry.neighbour_follow): among the
  /// manufacturing cells of towns [first, last), one drawn with chance proportional to (its workers
  /// and owners at the last identify())^exponent, u uniform in [0, 1). False when those towns had no
  /// manufacturing then (or before the first identify()). Shares of sample workers estimate the real
  /// shares at any scale.
  bool copy_cell(std::uint32_t first, std::uint32_t last, double exponent, double u, std::uint32_t& town, std::uint8_t& trade) const;
  double block_economies() const { return block_count_; }
  /// Workers and owners (real persons) in block economies and in all clusters.
  double block_practitioners() const { return block_practitioners_; }
  double cluster_practitioners() const { return cluster_practitioners_; }
  /// Yearly sales (100 million RMB, current prices) of the block economies and of all manufacturing.
  double block_sales() const { return block_sales_; }
  double manufacturing_sales() const { return mfg_sales_; }
  /// Share of manufacturing workers and owners who work in their town's largest trade (1 when every
  /// town makes one product; about the largest trade weight when towns do not specialise).
  double leading_trade_share() const { return leading_share_; }

  void identify();  ///< yearly

  void serialize(sim::Archive& ar);

 private:
  std::size_t index(std::size_t town, std::size_t sector) const;
  double real_workers_own(std::size_t town, std::size_t sector, double own) const;
  /// Agglomeration gain of a cluster with this many real workers and owners.
  double gain(double real_workers) const;
  World* w_ = nullptr;
  ClusterParams p_{};
  std::vector<double> agglo_;
  std::vector<double> cell_workers_;  ///< sample workers and owners of each cell at the last identify()
  std::vector<std::uint8_t> is_cluster_;
  double block_count_ = 0, block_practitioners_ = 0, cluster_practitioners_ = 0;
  double block_sales_ = 0, mfg_sales_ = 0, leading_share_ = 0;
};

}  // namespace models::zhejiang
