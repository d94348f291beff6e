#pragma once
// Households' quarterly choices: looking for wage work, asking for a market stall, founding a
// family firm with own and kin capital ("Small Capital & Big Cooperation", presentation p.16),
// and moving from the village into the town. Decisions are made in parallel from last month's
// state; stalls and foundings are then granted serially in household order.
#include <cstdint>
#include <string>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/params.hpp"
#include "sim/rng.hpp"

namespace models::zhejiang {

struct ChoiceParams {
  // entrepreneurship (priors F5, N4; presentation p.16-18)
  double entry_capital, entry_rate, founding_cap, entry_size, profit_weight, alt_wage_floor, services_capital;
  double trait_mean, trait_sd, yiwu_trait, trait_inheritance, trait_inherited_sd, migrant_trait_offset;
  double kin_follow, kin_pool_share, credit_access, mfg_choice, constr_choice, neighbour_follow, neighbour_exponent;
  // occupations
  double trader_switch, trader_hurdle, trader_trait_weight, trader_elsewhere, trader_exit, trader_quit;
  double farm_attachment, job_search, move_to_town;
  std::string neighbour_scope;
  void bind(sim::ParamBinder& b);
};

class Choices {
 public:
  static void declare(sim::ParamRegistry& reg);
  void setup(World& w, const sim::Params& p);

  // ---- the entrepreneurial trait (sd units)
  double initial_trait(sim::Rng& rng, std::uint32_t county) const;
  double inherited_trait(sim::Rng& rng, double parent) const;
  double migrant_trait(sim::Rng& rng) const;
  double entry_capital() const { return p_.entry_capital; }

  /// Quarterly (parallel): decisions; then stalls are granted and moves made (serial).
  void decide();
  /// Quarterly (serial): foundings, with own, kin and borrowed capital.
  void found_firms();

  /// January: the year's founding counts start from zero.
  void year_start() {
    founded_ = 0;
    founded_lower_half_ = 0;
  }
  /// Firms founded this year, and those founded by households in the lower half of the wealth
  /// distribution (savings below the median household's at the quarter's decisions), sample units.
  double founded() const { return founded_; }
  double founded_lower_half() const { return founded_lower_half_; }

  void serialize(sim::Archive& ar) {
    ar.io(founded_);
    ar.io(founded_lower_half_);
    ar.io(median_savings_);
  }

 private:
  /// What a household asks for at the end of its quarterly decision (granted in household order).
  enum class Ask : std::uint8_t { Stall, FoundFirm, MoveToTown, StallAtHub, GiveUpStall };
  struct Request {
    std::size_t row;
    Ask kind;
    std::uint8_t sector;
    std::uint32_t town;
    double capital;
  };
  struct Founding {
    std::size_t row;
    std::uint8_t sector;
    std::uint32_t town;
    double capital;
  };
  /// What every household's decision this month shares, read once before they decide.
  struct Shared {
    double find_local;     ///< chance of a job within a year: locals ...
    double find_migrant;   ///< ... and migrants from other provinces
  };
  void decide_household(std::size_t r, sim::Rng& rng, const Shared& s, std::vector<Request>& out) const;
  bool wants_firm(std::size_t r, sim::Rng& rng, double alt, double skill, Request& q) const;

  double kin_partners(std::size_t r, double rest, std::uint32_t partners[2], std::size_t prow[2], int& found) const;
  void found_one(const Founding& f);

  World* w_ = nullptr;
  ChoiceParams p_{};
  bool county_scope_ = false;  ///< entry.neighbour_scope is 'county' (read once)
  std::vector<Founding> foundings_;
  double founded_ = 0, founded_lower_half_ = 0, median_savings_ = 0;  ///< granted this quarter (between decide and found_firms)
};

}  // namespace models::zhejiang
