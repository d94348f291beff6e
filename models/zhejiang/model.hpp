#pragma once
// The Zhejiang model: its components and the order in which they act in a month (model.cpp).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/accounts.hpp"
#include "models/zhejiang/agriculture.hpp"
#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/choices.hpp"
#include "models/zhejiang/clusters.hpp"
#include "models/zhejiang/context.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/kin.hpp"
#include "models/zhejiang/labour.hpp"
#include "models/zhejiang/ledger.hpp"
#include "models/zhejiang/markets.hpp"
#include "models/zhejiang/migration.hpp"
#include "models/zhejiang/places.hpp"
#include "models/zhejiang/policy.hpp"
#include "models/zhejiang/summary.hpp"
#include "models/zhejiang/welfare.hpp"
#include "sim/model.hpp"

namespace models::zhejiang {

class ZhejiangModel final : public sim::Model {
 public:
  void setup(sim::Simulation& s) override;
  void initialize(sim::Simulation& s) override;
  void serialize(sim::Archive& ar) override;
  void finish(sim::Simulation& s) override;

 private:
  void month_start();
  void tally();
  void year_end();
  void month_end();
  void close_year();
  void add_invariants(sim::Simulation& s);
  void add_indicators(sim::Simulation& s);
  void write_snapshot(int year) const;

  std::unique_ptr<Context> ctx_;
  Places places_;
  Households households_;
  Kin kin_;
  Agriculture agriculture_;
  Firms firms_;
  GoodsMarket goods_;
  Labour labour_;
  Choices choices_;
  Markets markets_;
  Clusters clusters_;
  Migration migration_;
  Government government_;
  Accounts accounts_;
  Welfare welfare_;
  Access access_;
  Summary summary_;
  Channels channels_;
  Ledger ledger_;
  double savings_start_ = 0, gov_money_start_ = 0;  ///< at the start of the month
  std::vector<std::pair<std::string, std::unique_ptr<Policy>>> policies_;
  World world_;
};

sim::ModelInfo zhejiang_info();

}  // namespace models::zhejiang
