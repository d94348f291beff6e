#include "models/zhejiang/kin.hpp"

#include <algorithm>

#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang {
namespace {
struct KinParams {
  int per_village;
  void bind(sim::ParamBinder& b) {
    b.integer(per_village, "kin.lineages_per_village", 6, "count", 1, 1000, "kin groups (lineages) per village",
              "field notes 2 (guanxi of family and kin); assumption");
  }
};
}  // namespace

void Kin::declare(sim::ParamRegistry& reg) { sim::declare_bound<KinParams>(reg, "zhejiang"); }

void Kin::setup(World& w, const sim::Params& p) {
  w_ = &w;
  per_village_ = sim::read_bound<KinParams>(p, "zhejiang").per_village;
}

std::uint32_t Kin::initial_lineage(bool urban, std::uint32_t town, std::uint32_t village, sim::Rng& rng) {
  const auto V = static_cast<std::uint32_t>(w_->places->villages());
  const auto T = static_cast<std::uint32_t>(w_->places->towns());
  const auto L = static_cast<std::uint32_t>(per_village_);
  count_ = V * L + T;
  return urban ? V * L + town : village * L + rng.below(L);
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
