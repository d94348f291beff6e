#include "models/zhejiang/kin.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/households.hpp"

namespace models::zhejiang {
namespace {
struct KinParams {
  int per_lineage;
  void bind(sim::ParamBinder& b) {
    b.integer(per_lineage, "kin.households_per_lineage", 6, "sample households", 2, 1000,
              "sample households in a kin network (lineage), whatever the scale",
              "field notes 2 (guanxi of family and kin); assumption: about as many as a 1978 lineage had at 1:100 with its partners");
    b.renamed("kin.lineages_per_village", "kin.households_per_lineage");
  }
};
}  // namespace

void Kin::declare(sim::ParamRegistry& reg) { sim::declare_bound<KinParams>(reg, "zhejiang"); }

void Kin::setup(World& w, const sim::Params& p) {
  w_ = &w;
  per_lineage_ = sim::read_bound<KinParams>(p, "zhejiang").per_lineage;
}

// Villagers are grouped by town and village, townspeople by town, in groups of per_lineage
// households (a town's last, smaller group joins the one before when it is less than half full).
void Kin::assign_1978() {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  std::vector<std::size_t> rows(hh.size());
  for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  auto key = [&](std::size_t r) {
    const bool urban = h.village[r] == kNone;
    return std::make_tuple(h.town[r], urban ? 1 : 0, urban ? 0u : h.village[r], r);
  };
  std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  const auto N = static_cast<std::size_t>(per_lineage_);
  std::uint32_t next = 0;
  std::size_t i = 0;
  while (i < rows.size()) {  // one town and kind (villagers, townspeople) at a time
    std::size_t j = i;
    const auto group = [&](std::size_t r) { return std::make_pair(h.town[r], h.village[r] == kNone); };
    while (j < rows.size() && group(rows[j]) == group(rows[i])) ++j;
    const std::size_t n = j - i;
    const std::size_t lineages = std::max<std::size_t>(1, (n + N / 2) / N);
    for (std::size_t k = 0; k < n; ++k) hh.set_lineage(rows[i + k], next + static_cast<std::uint32_t>(k * lineages / n));
    next += static_cast<std::uint32_t>(lineages);
    i = j;
  }
  count_ = next;
}

void Kin::tally() {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  savings_.assign(count_, 0.0);
  members_.assign(count_, 0);
  if (best_firm_.size() < count_) best_firm_.resize(count_, kNone);
  for (std::size_t r = 0; r < hh.size(); ++r) {
    const std::uint32_t l = h.lineage[r];
    if (l == kNone || l >= count_) continue;
    savings_[l] += std::max(0.0, h.savings[r]);
    ++members_[l];
  }
}

void Kin::remember_best_firms() {
  const Firms& firms = *w_->firms;
  const auto& f = firms.col();
  const Households& hh = *w_->households;
  std::vector<double> best(count_, -1e300);
  best_firm_.assign(count_, kNone);
  for (std::size_t i = 0; i < firms.size(); ++i) {
    if (f.collective[i] || f.profit_year[i] <= 0) continue;
    const auto orow = hh.row_of(f.owner[i]);
    if (orow == sim::kNoRow) continue;
    const std::uint32_t l = hh.col().lineage[orow];
    if (l == kNone || l >= count_) continue;
    if (f.profit_year[i] > best[l]) {
      best[l] = f.profit_year[i];
      best_firm_[l] = firms.id(i);
    }
  }
}

void Kin::index_rows() {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  const std::size_t n = hh.size();
  std::size_t nl = 0;
  for (std::size_t r = 0; r < n; ++r)
    if (h.lineage[r] != kNone) nl = std::max<std::size_t>(nl, h.lineage[r] + 1u);
  off_.assign(nl + 1, 0);
  for (std::size_t r = 0; r < n; ++r)
    if (h.lineage[r] != kNone) ++off_[h.lineage[r] + 1u];
  for (std::size_t l = 0; l < nl; ++l) off_[l + 1] += off_[l];
  rows_.resize(off_[nl]);
  std::vector<std::size_t> fill(off_.begin(), off_.end() - 1);
  for (std::size_t r = 0; r < n; ++r)
    if (h.lineage[r] != kNone) rows_[fill[h.lineage[r]]++] = r;
}

void Kin::serialize(sim::Archive& ar) {
  ar.check("zhejiang.kin");
  ar.io(count_);
  ar.io(savings_);
  ar.io(members_);
  ar.io(best_firm_);
}

}  // namespace models::zhejiang
