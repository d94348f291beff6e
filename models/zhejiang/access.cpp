#include "models/zhejiang/access.hpp"

#include <algorithm>

#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/context.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/migration.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang {

double Access::school_lottery(std::size_t row) const {
  const Households& hh = *w_->households;
  return w_->ctx->init_rng(draw::kSchoolLottery, hh.id(row)).uniform();
}

bool Access::registered_here(std::size_t row) const {
  const Households& hh = *w_->households;
  const auto& h = hh.col();
  if (h.hukou[row] == LocalUrban) return true;
  if (h.hukou[row] == OtherProvince) return false;
  return h.village[row] != kNone && h.registered[row] == w_->places->town_county(h.town[row]);
}

bool Access::school_seat(std::size_t row) const {
  const Households& hh = *w_->households;
  if (registered_here(row)) return true;  // children of the registered have their school
  const Channels& ch = *w_->channels;
  if (hh.col().hukou[row] == LocalRural) {  // a rural-hukou family in a town: the reform opens town schools
    const double local = ch.hukou ? ch.hukou->local_school_access() : 0.0;
    return school_lottery(row) < local;
  }
  const double school = ch.hukou ? ch.hukou->school_access() : 0.0;
  const double seats = ch.services ? ch.services->seat_share() : 0.0;
  if (school <= 0 && seats <= 0) return false;
  const double u = school_lottery(row);
  if (u < school) return true;
  return seats > 0 && u < school + seats && ch.services->points_seat(row);
}

bool Access::relief_covered(std::size_t row) const {
  const Households& hh = *w_->households;
  if (hh.col().hukou[row] != OtherProvince) return true;
  return w_->channels->hukou && w_->channels->hukou->relief_covered(row);
}

double Access::return_factor(std::size_t row) const { return w_->channels->hukou ? w_->channels->hukou->return_factor(row) : 1.0; }

double Access::school_access_share() const {
  const Channels& ch = *w_->channels;
  const double school = ch.hukou ? ch.hukou->school_access() : 0.0;
  const double seats = ch.services ? ch.services->seat_share() : 0.0;
  return 1.0 - (1.0 - school) * (1.0 - seats);
}

double Access::points(std::size_t r, const PointWeights& w) const {
  const auto& h = w_->households->col();
  const int year = w_->ctx->year();
  const double years = h.arrival[r] > 0 ? std::max(0, year - h.arrival[r]) : 0.0;
  return w.per_year * years + (h.family[r] ? w.family : 0.0) + (h.own[r] + h.trade[r] > 0 ? w.business : 0.0) + w.skill * h.skill[r];
}

// A hukou reform raises a national permission to its own local mobility where that is higher.
double Access::with_reform(double national) const {
  return w_->channels->hukou ? std::max(national, w_->channels->hukou->rural_mobility()) : national;
}

double Access::rural_mobility() const { return with_reform(w_->migration->national_rural_mobility()); }

double Access::town_settlement() const { return with_reform(w_->migration->national_town_settlement()); }

double Access::province_search_chance(double base, std::size_t row) const {
  const Households& hh = *w_->households;
  const Channels& ch = *w_->channels;
  // the employment service serves the registered, migrants the reform covers and, once the
  // reform has started, rural-hukou families in towns
  const bool served = registered_here(row) ||
                      (hh.col().hukou[row] == OtherProvince ? relief_covered(row) : ch.hukou && ch.hukou->rural_mobility() > 0);
  if (!served) return base;
  const double boost = w_->channels->services ? w_->channels->services->search_boost() : 0.0;
  return base + boost * (1.0 - base);
}

}  // namespace models::zhejiang
