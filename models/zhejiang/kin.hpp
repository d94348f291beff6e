#pragma once
// Kin: households belong to lineages, kin networks of neighbouring households (of one village, or of
// the villages of one town when the sample is thin; townspeople by town). A lineage is a sampling
// device of a fixed number of sample households whatever the scale: what matters for behaviour is
// the savings of one or two kin partners ("joint stock partnerships", presentation p.16) and the
// best firm among one's kin, and N sample households give the same distribution of those at every
// scale. Each month the model tallies each lineage's savings and households; each year each
// lineage remembers its most profitable firm, which kin founders copy ("first entrepreneurs bring
// along followers", presentation p.18; field notes 2). Lineages are also where the savings and
// land of a household that dies out go.
#include <cstdint>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"
#include "sim/rng.hpp"

namespace models::zhejiang {

class Kin {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);
  /// 1978: households are grouped into lineages of about households_per_lineage neighbours.
  void assign_1978();

  void tally();              ///< savings and households per lineage (tally phase)
  void remember_best_firms();///< yearly: each lineage's most profitable firm

  /// Savings (positive parts) and households of a lineage at the last tally.
  double savings(std::uint32_t lin) const { return lin < savings_.size() ? savings_[lin] : 0.0; }
  std::uint32_t members(std::uint32_t lin) const { return lin < members_.size() ? members_[lin] : 0u; }
  /// The lineage's most profitable firm last year (firm id), or kNone.
  std::uint32_t best_firm(std::uint32_t lin) const { return lin < best_firm_.size() ? best_firm_[lin] : kNone; }

  /// Household rows of each lineage, in row order (valid until rows move).
  void index_rows();
  const std::size_t* rows_begin(std::uint32_t lin) const { return rows_.data() + off_[lin]; }
  std::size_t rows_count(std::uint32_t lin) const { return off_[lin + 1] - off_[lin]; }

  void serialize(sim::Archive& ar);

 private:
  World* w_ = nullptr;
  int per_lineage_ = 6;
  std::uint32_t count_ = 0;  ///< lineages created
  std::vector<double> savings_;
  std::vector<std::uint32_t> members_, best_firm_;
  std::vector<std::size_t> off_, rows_;
};

}  // namespace models::zhejiang
