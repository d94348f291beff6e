// Founding family firms (presentation p.16-17; priors F5, N4): the founder's own savings first,
// then up to two kin households of the lineage pooling a share of theirs, then a co-operative
// loan where mutual finance exists; a trader founding a manufacturing firm may get a start-up
// subsidy from the county (manufacturing promotion). Serial, in household order.
#include <algorithm>
#include <cmath>

#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/choices.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/goods.hpp"
#include "models/zhejiang/ledger.hpp"
#include "models/zhejiang/government.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/kin.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang {

void Choices::found_firms() {
  if (foundings_.empty()) return;
  w_->kin->index_rows();  // rows do not move while firms are founded
  for (const auto& f : foundings_) found_one(f);
  foundings_.clear();
}

// Kin households of the founder's lineage, in row order from a random place in the lineage, put in
// kin_pool_share of their savings until `rest` is covered; at most two partners.
double Choices::kin_partners(std::size_t r, double rest, std::uint32_t partners[2], std::size_t prow[2], int& found) const {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  const Kin& kin = *w_->kin;
  const std::uint32_t lin = h.lineage[r];
  auto rng = w_->ctx->rng(draw::kKinPartners, hh.id(r));
  double pooled = 0;
  const std::size_t* lb = kin.rows_begin(lin);
  const std::size_t m = kin.rows_count(lin);
  const std::size_t first = rng.below(static_cast<std::uint32_t>(m));
  for (std::size_t j = 0; j < m && found < 2 && pooled < rest; ++j) {
    const std::size_t k = lb[(first + j) % m];
    if (k == r || h.savings[k] <= 0) continue;
    prow[found] = k;
    partners[found] = hh.id(k);
    pooled += p_.kin_pool_share * h.savings[k];
    ++found;
  }
  return pooled;
}

void Choices::found_one(const Founding& f) {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  Government& gov = *w_->government;
  const Channels& ch = *w_->channels;
  Ledger& led = *w_->ledger;
  const double scale = w_->ctx->scale();
  const std::size_t r = f.row;
  if (h.firm[r] != kNone || !hh.has_free_member(r)) return;
  const std::uint32_t county = w_->places->town_county(f.town);
  const double share = ch.entry_support ? ch.entry_support->subsidy_share(county) : 0.0;
  const bool promoted = h.trade[r] > 0 && f.sector < kTrades && share > 0;
  // the county pays the subsidy while its fund can (a capital transfer to the new firm)
  double subsidy = 0;
  if (promoted) {
    const double full = f.capital / (1.0 - share);
    if (gov.fund(county) >= (full - f.capital) * scale) subsidy = full - f.capital;
  }
  const double need = promoted && subsidy > 0 ? f.capital : f.capital / (1.0 - (promoted ? share : 0.0));
  const bool lower_half = h.savings[r] < median_savings_;
  const double own = std::min(std::max(0.0, h.savings[r]), need - subsidy);
  const double rest = need - subsidy - own;
  std::uint32_t partners[2] = {kNone, kNone};
  std::size_t prow[2] = {0, 0};
  double loan = 0, kin = 0;
  if (rest > 1e-9) {
    if (h.lineage[r] == kNone) return;
    int found = 0;
    const double pooled = kin_partners(r, rest, partners, prow, found);
    if (pooled + 1e-9 < rest && ch.credit) loan = ch.credit->offer(county, rest - pooled, hh.id(r));
    if (pooled + loan + 1e-9 < rest) return;
    const double take = pooled > 0 ? (rest - loan) / pooled : 0.0;
    for (int i = 0; i < found; ++i) {
      const double x = p_.kin_pool_share * h.savings[prow[i]] * take;
      hh.draw_savings(prow[i], x);
      kin += x;
    }
  }
  hh.draw_savings(r, own);
  if (subsidy > 0) gov.transfer(county, subsidy * scale, Flow::CapitalTransfers, Sector::Firms);
  led.pay(Flow::Loans, Sector::Credit, Sector::Households, loan);  // the founder borrows ...
  led.pay(Flow::Equity, Sector::Households, Sector::Firms, own + kin + loan);  // ... and puts it into the firm with kin money
  Firms& firms = *w_->firms;
  auto rng = w_->ctx->rng(draw::kNewFirm, hh.id(r));
  const double phi = firms.new_firm_productivity(f.sector, rng, h.skill[r]);
  const std::size_t fr = firms.found(hh.id(r), partners[0], partners[1], f.sector, f.town, need, phi);
  w_->goods->buy(IoConstr, Flow::Investment, Sector::Firms, need);  // the start-up capital is spent on workshops and equipment
  founded_ += 1;
  if (lower_half) founded_lower_half_ += 1;
  hh.start_firm(r, firms.id(fr));
  if (loan > 0) ch.credit->book(county, hh.id(r), firms.id(fr), loan);
}

}  // namespace models::zhejiang
