#include "models/zhejiang/choices.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/access.hpp"
#include "models/zhejiang/agriculture.hpp"
#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/clusters.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/kin.hpp"
#include "models/zhejiang/labour.hpp"
#include "models/zhejiang/markets.hpp"
#include "models/zhejiang/places.hpp"
#include "sim/parallel.hpp"

namespace models::zhejiang {

void ChoiceParams::bind(sim::ParamBinder& b) {
  b.real(entry_capital, "entry.capital", 3000, "1978 yuan at the 1978 wage", 0, 1e9,
         "start-up capital of a family firm outside a cluster; it rises with the real wage (workshops, machines and stock cost more as the economy grows)",
         "priors F5 (mean 160,700 deflated, min 500; scaled to a small workshop); assumption");
  b.real(entry_rate, "entry.rate", 0.00408, "per quarter", 0, 1, "founding propensity of a household with the capital and an average trait",
         "calibrated: firm counts and employment shares; estimated: scenarios/calibration/zhejiang_baseline.yaml (CRS2, docs/calibration.md section 7)");
  b.real(founding_cap, "entry.founding_cap", 0.5, "per quarter", 0, 1, "highest founding propensity of any household", "assumption");
  b.real(entry_size, "entry.expected_size", 3, "persons", 1, 1000, "size of a new firm used to judge its expected profit", "priors F5 (small workshops); assumption");
  b.real(profit_weight, "entry.profit_weight", 1.0, "elasticity", 0, 10, "response of founding to the expected profit/wage ratio", "assumption");
  b.real(alt_wage_floor, "entry.alternative_wage_floor", 0.5, "share of the own wage", 0, 10,
         "a would-be founder values his alternative at no less than this share of the wage he could earn", "assumption");
  b.real(services_capital, "entry.services_capital", 0.5, "share", 0, 10, "start-up capital of a service business relative to a workshop", "assumption");
  b.real(trait_mean, "entry.trait_mean", 0.0, "sd units", -5, 5, "mean entrepreneurial trait", "convention");
  b.real(trait_sd, "entry.trait_sd", 1.0, "sd units", 0, 5, "sd of the entrepreneurial trait", "convention");
  b.real(yiwu_trait, "entry.trading_tradition", 1.0, "sd units", 0, 5, "trait premium of the pioneer county (Yiwu's trading tradition)",
         "field notes 1 ('Entrepreneurship in tradition'); value: assumption");
  b.real(trait_inheritance, "entry.trait_inheritance", 0.5, "share", 0, 1,
         "share of the parents' trait a split-off household inherits (the rest is a fresh draw)", "assumption");
  b.real(trait_inherited_sd, "entry.trait_inherited_sd", 0.85, "share of trait_sd", 0, 2, "sd of the fresh part of an inherited trait", "assumption");
  b.real(migrant_trait_offset, "entry.migrant_trait_offset", 0.3, "sd units", -5, 5,
         "how much lower the mean trait of migrants from other provinces is (they come for wage work)", "assumption");
  b.real(kin_follow, "entry.kin_follow", 0.7, "probability", 0, 1,
         "a founder whose lineage owns a profitable firm copies its trade and town",
         "presentation p.18 ('first entrepreneurs bring along followers'); field notes 2 (kin share customers and suppliers)");
  b.real(neighbour_follow, "entry.neighbour_follow", 0.0, "probability", 0, 1,
         "chance that a founder who chooses a small-commodity trade (not following his kin) copies his neighbours: a trade of his town, or "
         "a town x trade cell of his county (entry.neighbour_scope), drawn with chance proportional to (its workers and owners last December)"
         "^entry.neighbour_exponent; otherwise he picks a trade by the trades' demand weights",
         "presentation p.13 ('farmers set up small businesses of a specialty industry within an area which gradually becomes a business "
         "cluster'), field notes 2 (the second generation trades similar commodities); value: off, tried and not adopted (docs/model.md section 9)");
  b.real(neighbour_exponent, "entry.neighbour_exponent", 2.0, "exponent", 0, 10,
         "how strongly copying neighbours favours a town's largest trade: 1 copies in proportion to its workers (a town's mix drifts only "
         "by chance, less so the more firms a town has), above 1 a town's leading trade draws more than its share (towns specialise more, "
         "and more so in a coarse sample: docs/model.md section 9)",
         "assumption (docs/model.md section 9)");
  b.choice(neighbour_scope, "entry.neighbour_scope", "town", {"town", "county"},
           "whose manufacturing a founder who copies neighbours looks at: his town's trades (he sets up in his town), or the county's "
           "town x trade cells (he sets up in the town and trade drawn, as founders who follow kin set up in their firm's town)",
           "assumption (docs/model.md section 9)");
  b.real(kin_pool_share, "entry.kin_pool_share", 0.3, "share", 0, 1, "share of its savings a kin household puts into a partnership",
         "presentation p.16 ('joint stock partnerships'); priors N4 (25% from family and friends)");
  b.real(credit_access, "entry.credit_access", 0.0, "share of capital", 0, 1, "share of start-up capital formal credit provides", "priors N4 (banks 0.34%)");
  b.real(mfg_choice, "entry.manufacturing_choice", 0.4287, "share", 0, 1,
         "share of founders without a kin firm to copy (and not stall traders, who always manufacture) who choose a small-commodity trade",
         "field notes 3 and presentation p.12 (small-commodity manufacturing dominates); calibrated: secondary and tertiary employment shares 2013; estimated: scenarios/calibration/zhejiang_prices.yaml (Sbplx, stage 7, docs/calibration.md section 7)");
  b.real(constr_choice, "entry.construction_choice", 0.25, "share", 0, 1,
         "of the remaining founders, the share who start a construction firm (the others open a service business)",
         "assumption (building boom of the five-storey houses, field notes 5)");
  b.real(trader_switch, "markets.trader_propensity", 0.0192, "per quarter", 0, 1, "propensity of a better-off option to draw a member into trading", "calibrated; estimated: scenarios/calibration/zhejiang_baseline.yaml (CRS2, docs/calibration.md section 7)");
  b.real(trader_hurdle, "markets.trader_hurdle", 1.1, "ratio", 0, 100, "stall income must beat the member's current income by this factor", "assumption");
  b.real(trader_trait_weight, "markets.trader_trait_weight", 0.5, "per sd", 0, 10, "how the entrepreneurial trait raises the propensity to trade (exp(weight x trait))", "assumption");
  b.real(trader_elsewhere, "markets.trader_elsewhere", 0.7, "share", 0, 1,
         "share of the province's average stall income a member expects where the county has no market", "assumption");
  b.real(trader_exit, "markets.trader_exit", 0.8, "ratio", 0, 100,
         "a stall holder gives up when his stall earns less than this multiple of what he could expect from wage work or his farm",
         "assumption (free exit; crowded markets shed traders)");
  b.real(trader_quit, "markets.trader_quit_rate", 0.2, "per quarter", 0, 1, "propensity of a stall holder below that income to give up the stall", "assumption");
  b.real(farm_attachment, "labour.farm_attachment", 3.033, "ratio", 0, 100,
         "a farmer looks for wage work when the expected wage exceeds this multiple of his share of the farm's labour income",
         "calibrated: primary employment share 2013 (priors A6: under-employed rural labour held back); estimated: scenarios/calibration/zhejiang_prices.yaml (Sbplx, stage 7, docs/calibration.md section 7)");
  b.real(job_search, "labour.search_intensity", 0.2, "per quarter", 0, 1, "propensity of a farmer with a better expected wage to look for a job",
         "calibrated: primary employment share 2013 and farmers in non-agricultural work 2013");
  b.real(move_to_town, "urban.move_to_town", 0.01288, "per year", 0, 1, "hazard that a rural household whose workers all work in a town moves there",
         "urbanisation 2013; estimated: scenarios/calibration/zhejiang_reform.yaml (Sbplx, stage 6, docs/calibration.md section 7), kept by stage 7 (0.08 in stage 5, when settling in a town needed migration.rural_mobility)");
}

void Choices::declare(sim::ParamRegistry& reg) { sim::declare_bound<ChoiceParams>(reg, "zhejiang"); }

void Choices::setup(World& w, const sim::Params& p) {
  w_ = &w;
  p_ = sim::read_bound<ChoiceParams>(p, "zhejiang");
  county_scope_ = p_.neighbour_scope == "county";
}

double Choices::initial_trait(sim::Rng& rng, std::uint32_t county) const {
  return rng.normal(p_.trait_mean, p_.trait_sd) + (county == w_->places->yiwu_county() ? p_.yiwu_trait : 0.0);
}

double Choices::inherited_trait(sim::Rng& rng, double parent) const {
  return p_.trait_inheritance * parent + rng.normal(p_.trait_inheritance * p_.trait_mean, p_.trait_sd * p_.trait_inherited_sd);
}

double Choices::migrant_trait(sim::Rng& rng) const { return rng.normal(p_.trait_mean - p_.migrant_trait_offset, p_.trait_sd); }

void Choices::decide() {
  if (!w_->ctx->decision_month()) return;
  Households& hh = *w_->households;
  const std::size_t n = hh.size();
  const Labour& lab = *w_->labour;
  const Shared shared{lab.local_find(), lab.migrant_find()};
  sim::ChunkBuffers<Request> reqs(n);
  const sim::Rng proto = w_->ctx->rng(draw::kChoices, 0);
  sim::parallel_chunks(n, [&](std::size_t c, std::size_t b, std::size_t e) {
    sim::StreamBatch streams;  // each household's stream with its first two blocks computed ahead
    streams.compute(proto, hh.ids() + b, e - b, 2);
    for (std::size_t r = b; r < e; ++r) {
      if (hh.col().lf[r] == 0) continue;
      auto rng = streams.rng(r - b);
      decide_household(r, rng, shared, reqs[c]);
    }
  });
  // the median household's savings (who counts as the lower half when founding), taken from a copy
  // of the savings before any request is granted, beside the granting (which touches no copy)
  std::vector<double> sv(n);
  sim::parallel_rows(n, [&](std::size_t r) { sv[r] = hh.col().savings[r]; });
  sim::parallel_invoke(
      [&] {
        if (n > 0) {
          std::nth_element(sv.begin(), sv.begin() + static_cast<std::ptrdiff_t>(n / 2), sv.end());
          median_savings_ = sv[n / 2];
        }
      },
      [&] {
        std::vector<std::size_t> stall_rows;
        std::vector<std::uint8_t> at_hub;
        foundings_.clear();
        reqs.drain([&](const Request& q) {
          if (q.kind == Ask::Stall || q.kind == Ask::StallAtHub) {
            stall_rows.push_back(q.row);
            at_hub.push_back(q.kind == Ask::StallAtHub ? 1 : 0);
          } else if (q.kind == Ask::GiveUpStall) {
            w_->markets->leave(hh.col().market[q.row]);
            hh.stop_trading(q.row);
          } else if (q.kind == Ask::FoundFirm) {
            foundings_.push_back({q.row, q.sector, q.town, q.capital});
          } else {
            hh.move_to_town(q.row);
          }
        });
        w_->markets->admit_traders(stall_rows, at_hub);
      });
}

void Choices::decide_household(std::size_t r, sim::Rng& rng, const Shared& s, std::vector<Request>& out) const {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  const Agriculture& agri = *w_->agriculture;
  const Labour& lab = *w_->labour;
  const Places& pl = *w_->places;
  const std::uint32_t v = h.village[r];
  const std::uint32_t county = pl.town_county(h.town[r]);
  const double w = lab.wage();
  const double skill = h.skill_pow[r];  // skill^beta
  // a farmer compares the expected wage with his own share of the family farm's labour income
  const double mpl = agri.marginal_product(v);
  // searching is worth the wage times the chance of a job within a year
  const double find = h.hukou[r] == OtherProvince ? s.find_migrant : s.find_local;
  // from a rural village, town jobs are worth less the farther away it is (commuting)
  const double access = hh.rural_village(r) ? pl.job_access(v) : 1.0;
  const double exp_wage = w * skill * find * lab.town_premium(h.town[r]) * access;
  int seek = h.unemp[r];
  const double own_farm = agri.labour_income_per_farmer(v);
  if (h.farm[r] > 0 && exp_wage > p_.farm_attachment * own_farm) seek += static_cast<int>(rng.binomial(h.farm[r], p_.job_search));
  hh.set_seeking(r, static_cast<std::uint8_t>(std::clamp(seek, 0, 255)));
  // current marginal occupation income of a member who could switch
  const double alt = h.unemp[r] > 0 ? 0.0 : (h.farm[r] > 0 ? mpl : w * skill);
  const bool movable = h.unemp[r] + h.farm[r] + h.wage[r] > 0;
  // trading at a stall
  // (at home, or at the hub if it pays enough more to move; a business or farm land ties one down)
  const Markets& mk = *w_->markets;
  const bool county_market = mk.trader_income_in(county) > 0;
  const double home = county_market ? mk.trader_income_in(county) : p_.trader_elsewhere * mk.trader_income_province();
  const bool can_move = h.own[r] == 0 && (h.village[r] == kNone || h.land[r] <= 0 || h.farm[r] == 0);
  const bool hub = can_move && mk.hub() != kNone && mk.market(mk.hub()).county != county &&
                   (1.0 - mk.hub_move_cost()) * mk.hub_income() > home;
  const double trade_income = hub ? (1.0 - mk.hub_move_cost()) * mk.hub_income() : home;
  // a stall must beat both his present work and a factory wage (trading ties up savings and time)
  const double factory_wage = w * skill * lab.town_premium(h.town[r]);
  if (movable && h.trade[r] == 0 && trade_income > p_.trader_hurdle * std::max(alt, factory_wage) &&
      rng.uniform() < p_.trader_switch * std::exp(p_.trader_trait_weight * h.trait[r]))
    out.push_back({r, hub ? Ask::StallAtHub : Ask::Stall, 0, h.town[r], 0});
  // a stall holder whose stall earns too little gives it up
  if (h.trade[r] > 0 && h.market[r] != kNone &&
      mk.market(h.market[r]).income < p_.trader_exit * std::max(h.farm[r] > 0 || hh.can_farm(r) ? mpl : 0.0, exp_wage) &&
      rng.uniform() < p_.trader_quit)
    out.push_back({r, Ask::GiveUpStall, 0, h.town[r], 0});
  Request q{r, Ask::FoundFirm, 0, h.town[r], 0};
  if (h.firm[r] == kNone && (movable || h.trade[r] > 0) && wants_firm(r, rng, alt, skill, q)) out.push_back(q);
  // a rural household whose workers all work off the farm moves to its town (hukou permitting)
  if (hh.rural_village(r) && h.farm[r] == 0 && h.wage[r] + h.own[r] + h.trade[r] > 0 &&
      rng.uniform() < p_.move_to_town / kDecisionsPerYear * w_->access->town_settlement())
    out.push_back({r, Ask::MoveToTown, 0, h.town[r], 0});
}

// Founding: the trade (copied from the lineage's most profitable firm, or chosen), the propensity
// (trait and expected owner income against the alternative) and whether own, kin and co-operative
// capital can cover the start-up capital. A lineage has the same number of sample households at
// every scale, so copying within it (a self-reinforcing process) runs alike at every scale.
bool Choices::wants_firm(std::size_t r, sim::Rng& rng, double alt, double skill, Request& q) const {
  const auto& h = w_->households->col();
  const Firms& firms = *w_->firms;
  const Kin& kin = *w_->kin;
  const Channels& ch = *w_->channels;
  const std::uint32_t lin = h.lineage[r];
  const std::uint32_t kf = lin != kNone ? kin.best_firm(lin) : kNone;
  const std::uint32_t kfr = kf != kNone ? firms.row_of(kf) : sim::kNoRow;
  const double u = rng.uniform();
  std::uint8_t sector;
  std::uint32_t town = h.town[r];
  if (kfr != sim::kNoRow && rng.uniform() < p_.kin_follow) {
    sector = firms.col().sector[kfr];
    town = firms.col().town[kfr];
  } else if (h.trade[r] > 0 || u < p_.mfg_choice) {
    sector = std::min<std::uint8_t>(firms.pick_trade(rng.uniform()), kTrades - 1);
    if (p_.neighbour_follow > 0 && rng.uniform() < p_.neighbour_follow) {  // no draw while the option is off
      // his town's cells, or (scope 'county') those of every town of his county
      const Places& pl = *w_->places;
      const std::uint32_t c = pl.town_county(town);
      const std::uint32_t first = county_scope_ ? pl.first_town(c) : town, last = county_scope_ ? pl.end_town(c) : town + 1;
      w_->clusters->copy_cell(first, last, p_.neighbour_exponent, rng.uniform(), town, sector);
    }
  } else {
    sector = u < p_.mfg_choice + (1.0 - p_.mfg_choice) * p_.constr_choice ? kConstruction : kServices;
  }
  const std::uint32_t fc = w_->places->town_county(town);
  const double owner_income = firms.payout() * firms.profit_rate(sector) * p_.entry_size;
  const double ratio = owner_income / std::max(1.0, std::max(alt, p_.alt_wage_floor * w_->labour->wage() * skill));
  const bool promoted = h.trade[r] > 0 && sector < kTrades;
  const double mult = promoted && ch.entry_support ? ch.entry_support->propensity_multiplier(fc) : 1.0;
  const double x = std::max(0.0, ratio);
  const double response = p_.profit_weight == 1.0 ? x : std::pow(x, p_.profit_weight);  // pow(x, 1) is x exactly
  double prob = p_.entry_rate * std::exp(h.trait[r]) * response * (promoted ? mult : 1.0);
  prob = std::min(prob, p_.founding_cap);
  if (rng.uniform() >= prob) return false;
  const double subsidy = promoted && ch.entry_support ? ch.entry_support->subsidy_share(fc) : 0.0;
  const double need = p_.entry_capital * w_->labour->wage_index() * (w_->clusters->is_cluster(town, sector) ? w_->clusters->capital_discount() : 1.0) *
                      (sector == kServices ? p_.services_capital : 1.0) * (1.0 - p_.credit_access) *
                      (promoted ? 1.0 - subsidy : 1.0);
  double avail = std::max(0.0, h.savings[r]);
  if (lin != kNone && kin.members(lin) > 1) {
    const double others = std::max(0.0, kin.savings(lin) - avail) / double(kin.members(lin) - 1);
    avail += p_.kin_pool_share * others * std::min<double>(2.0, kin.members(lin) - 1);
  }
  const double line = ch.credit ? ch.credit->credit_line(fc, need) : 0.0;
  if (!(avail + line >= need && need >= 0)) return false;
  q.sector = sector;
  q.town = town;
  q.capital = need;
  return true;
}

}  // namespace models::zhejiang
