#pragma once
// Firms: the table of family firms (and of the 1978 collective and state units), a 1/scale sample
// of firms at their real size. Production with sector productivity growth and cluster
// agglomeration, sales through channels (local, wholesale market, online), taxes, wages, profits
// paid to owners and kin partners or reinvested, desired employment, exits by age and losses.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/zhejiang/context.hpp"
#include "models/zhejiang/world.hpp"
#include "sim/archive.hpp"
#include "sim/table.hpp"

namespace models::zhejiang {

inline constexpr int kTrades = 7;        ///< manufacturing trades 0..6
inline constexpr int kConstruction = 7;  ///< sector index of construction firms
inline constexpr int kServices = 8;      ///< sector index of trade & service firms
inline constexpr int kSectors = 9;
inline const char* const kSectorNames[kSectors] = {"socks_hosiery", "zippers", "jewellery", "printing_packing",
                                                   "knitwear", "electrical", "other_manufacturing",
                                                   "construction", "services"};
enum Channel : std::uint8_t { ChMarket = 1, ChOnline = 2 };

struct FirmParams {
  // 1978 (targets 1978)
  double gdp0, gdp_sec0, emp_sec0, emp_ter0, k_per_worker;
  // technology and accounts
  double labour_share, labour_share_svc, returns_to_scale, learning_mfg, learning_svc, entrant_level, depreciation, payout, owner_share,
      tax_rate, profit_tax;
  std::vector<double> trade_weights;
  std::string frontier_firms, own_size;
  // employment
  double hire_speed, target_floor, target_ceiling, target_extra, first_hires, collective_hiring, prod_sd;
  // enterprise reform: collective units keep part of their profits, for bonuses and for investment
  sim::Schedule collective_retention;
  double collective_bonus_share;
  double profit_signal_weight;
  // exit and channels
  std::vector<double> hazard_by_age;
  double loss_exit, loss_exit_capital, reach_local, market_sales_share, online_reach, online_adoption;
  int ecommerce_year;
  // where service firms sell: the province's pool, or each county's demand (residents and market trade)
  std::string services_demand;
  double services_market_share;
  void bind(sim::ParamBinder& b);
};

struct FirmColumns {
  sim::ColView<std::uint32_t> owner, p1, p2, town, market, workers, age;
  sim::ColView<std::uint8_t> sector, channel, collective;
  sim::ColView<double> capital, phi, base, skillsum, layoff_p, revenue, sales_year, profit_year, q;
  sim::ColView<std::int32_t> vacancies;
};

class Firms {
 public:
  static void declare(sim::ParamRegistry& reg);
  static void validate(const sim::Params& p, std::vector<sim::ParamProblem>& out);
  void setup(World& w, const sim::Params& p);
  const FirmParams& params() const { return p_; }
  const FirmColumns& col() const { return ro_; }
  std::size_t size() const { return t_->size(); }
  sim::AgentId id(std::size_t f) const { return t_->id(f); }
  std::uint32_t row_of(sim::AgentId id) const { return t_->row_of(id); }
  /// 1978 GDP in real yuan (the level the 1978 productivities reproduce).
  double initial_gdp() const { return p_.gdp0 * 1e8; }
  /// Labour elasticity of a sector's production function.
  double theta(std::size_t sector) const { return sector == kServices ? p_.labour_share_svc : p_.labour_share; }
  /// Returns to scale of an owner-managed firm (1 for collective units).
  double rho(std::size_t f) const { return w_c_.collective[f] ? 1.0 : p_.returns_to_scale; }
  /// Expected monthly profit per person employed in a sector (smoothed; what founders look at).
  double profit_rate(std::size_t sector) const { return profit_rate_[sector]; }
  double payout() const { return p_.payout; }
  /// Picks one of the trades with the trades' demand weights (x uniform in [0, total weight)).
  std::uint8_t pick_trade(double x) const;

  // ---- phases (firms.cpp, production.cpp)
  void create_1978();       ///< collective and state units of 1978 take the non-farm workers
  void year_start();        ///< yearly sales and profit reset
  void count_workforce();   ///< workers and their skill per firm (tally phase)
  void produce();           ///< output, sales, accounts, desired employment
  void exits_and_channels();///< parallel: exits by age and losses; market and online channels
  void year_end() { update_frontier(); }

  // ---- for other components
  void fill_vacancy(std::size_t f, double skill_w);
  /// A household founds a firm (returns its row).
  std::size_t found(sim::AgentId owner, sim::AgentId p1, sim::AgentId p2, std::uint8_t sector, std::uint32_t town,
                    double capital, double phi);
  /// Productivity of a new firm: its group's frontier (entrant_base), a lognormal draw and the founder's skill.
  double new_firm_productivity(std::uint8_t sector, sim::Rng& rng, double skill) const;

  void serialize(sim::Archive& ar);

 private:
  /// Learning: a private firm's productivity rises with its age by (1 + age in years)^learning
  /// (1 for the collective units); learned = productivity x that factor.
  double learning_factor(std::size_t f) const;
  double learned(std::size_t f) const { return w_c_.phi[f] * learning_factor(f); }
  /// Persons working in a firm: its workers and, in a private firm, the owner.
  double staff(std::size_t f) const { return w_c_.workers[f] + (w_c_.collective[f] ? 0.0 : 1.0); }
  /// What a founder in this sector can expect before the draw: entrant level x the group's frontier.
  double entrant_base(std::uint8_t sector) const { return p_.entrant_level * frontier_[static_cast<std::size_t>(group_of(sector))]; }
  static int group_of(std::size_t sector) { return sector < kTrades ? 0 : sector == kConstruction ? 1 : 2; }
  /// Yearly: the employment-weighted mean learned productivity of each group's firms (collective
  /// units included unless firms.frontier_firms is 'private'; with 'expected' a private firm counts
  /// at its base_productivity grown by its learning), the level new firms start from (they learn
  /// from incumbents: kin, neighbours, former employers).
  void update_frontier();
  double reach(std::size_t f) const;
  void output();
  /// What the month's production loop adds up before it is recorded in the ledger.
  struct Totals {
    std::array<double, 5> sales{}, inputs{};  ///< by IO sector (inputs: gross output at the usual input share)
    double wages = 0, dividends = 0, investment = 0;
  };
  /// A firm's month, computed from its own state (run in parallel).
  struct Booking {
    double rev = 0, inputs = 0, tax = 0, ptax = 0, wagebill = 0, dep = 0, profit = 0;
    double bonus = 0, reinvest = 0;  // a collective unit's retained profit: paid to its workers, added to its capital
    bool profit_taxed = false;
  };
  Booking reckon(std::size_t f, const std::array<double, kSectors>& R, const std::array<double, kSectors>& Qr, double retention);
  /// Its payments and the sums, in firm order.
  void book_taxes(std::size_t f, const Booking& b);
  void book_sales(std::size_t f, const Booking& b, Totals& t);
  void book_owners(std::size_t f, const Booking& b, std::array<double, kSectors>& profit_sum, std::array<double, kSectors>& firm_count,
                   Totals& t);
  void pay_out(std::size_t f, double profit, Totals& t);
  void pay_wages();
  void plan_employment(std::size_t f, double va);
  void pack_collective_units(const std::vector<std::uint8_t>& kind);

  World* w_ = nullptr;
  FirmParams p_{};
  sim::Table* t_ = nullptr;
  struct Writable {
    sim::Col<std::uint32_t> owner, p1, p2, town, market, workers, age;
    sim::Col<std::uint8_t> sector, channel, collective;
    sim::Col<double> capital, phi, base, skillsum, layoff_p, revenue, sales_year, profit_year, q;
    sim::Col<std::int32_t> vacancies;
  } w_c_;
  FirmColumns ro_;
  std::array<double, kSectors> profit_rate_{};
  double phi_mfg0_ = 1.0, phi_svc0_ = 1.0;
  std::array<double, 3> frontier_{};  ///< manufacturing, construction, services
  void set_premia();
  enum class OwnRule { Scaled, Once, Residents };
  OwnRule own_rule_ = OwnRule::Scaled;  ///< firms.own_size_in_town, read once
  bool county_services_ = false;        ///< firms.services_demand is 'county' (read once)
  /// Scratch of produce with county services demand: revenue per unit of output of each county's
  /// service firms this month (their county's demand over their output).
  std::vector<double> svc_rate_;
  void county_services_rates(double revenue);
  std::vector<Booking> booking_;      ///< scratch of produce: this month's booking of each firm
  std::vector<double> prem_;          ///< scratch of produce: each firm's wage premium this month (firms.own_size_in_town)
};

}  // namespace models::zhejiang
