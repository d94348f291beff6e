// Private and mutual finance (presentation, "Small Finance & Big Service"): farmers who "fail to get
// service from regular financial institutions" borrowed the idle capital of others through private
// and mutual finance; the "micro-finance organizations set up by farmers were eliminated" for lack
// of monitoring, and after "rural financial system reform, farmers start establishing mutual
// finance co-ops again". From start_year the households of each county put deposit_share of their
// savings each year into a county pool (informal associations and co-operatives), which lends to
// founders whose own and kin capital falls short, up to loan_share of the start-up capital, while it
// has capital; loans are annuities over term_years at the interest rate, collected each year from
// the borrower's savings, and repayments return to the pool. A loan defaults when its firm closes
// or the borrower cannot pay two years running; recovery_share of the principal is then taken from
// the borrower's savings. At each year end the pool pays what it has not lent back to the county's
// households in proportion to their savings (deposits are theirs; only money lent out stays out).
// Between closure_year and reestablish_year no new loans are made and no
// deposits raised; old loans are still collected.
#include "models/zhejiang/policies/mutual_finance.hpp"

#include <algorithm>
#include <cmath>

#include "models/zhejiang/channels.hpp"
#include "models/zhejiang/firms.hpp"
#include "models/zhejiang/households.hpp"
#include "models/zhejiang/ledger.hpp"
#include "models/zhejiang/places.hpp"

namespace models::zhejiang::policies {
namespace {

struct Settings {
  int start, closure, reopen, term_years;
  double deposit_share, loan_share, interest, recovery;
  void bind(sim::ParamBinder& b) {
    b.integer(start, "start_year", 1984, "year", 1978, 2100, "first co-operatives", "assumption (private finance of the 1980s)");
    b.integer(closure, "closure_year", 1999, "year", 1978, 2100, "early farmers' finance organizations eliminated",
              "presentation: 'micro-finance organizations set up by farmers were eliminated at that time'; year: assumption (1999 closure of rural co-operative foundations)");
    b.integer(reopen, "reestablish_year", 2009, "year", 1978, 2100, "co-operatives re-established after rural finance reform",
              "presentation: 'Motivated by rural financial system reform, farmers start establishing mutual finance co-ops again'; year: assumption");
    b.real(deposit_share, "deposit_share", 0.02, "share of savings per year", 0, 1,
           "share of their savings the county's households put into the pool each lending year (idle capital of earlier entrepreneurs and savers)",
           "presentation, 'Small Finance & Big Service' (mutual finance of farmers' idle capital); value: assumption, calibrated");
    b.real(loan_share, "loan_share", 0.5, "share of start-up capital", 0, 1, "largest loan to one founder, as a share of the start-up capital",
           "priors N4 (loans and fund-raising were a minor part of start-up capital in Wenzhou) and N5; value: assumption");
    for (const char* k : {"lending_capital", "yearly_deposits"})
      b.removed(k, "the pool is funded by a share of the county's savings (deposit_share), so it grows with the economy");
    b.removed("loan_cap", "the largest loan is a share of the start-up capital (loan_share)");
    b.real(interest, "interest", 0.15, "per year", 0, 1, "loan interest rate",
           "priors N1 (informal rates of 2-3 %/month in the 1980s-90s, ~25 %/yr in 2011; co-operatives lend cheaper); value: assumption between");
    b.integer(term_years, "term_years", 3, "years", 1, 50, "repayment period", "assumption");
    b.real(recovery, "recovery_share", 0.5, "share of principal", 0, 1, "recovered from a defaulter's savings", "assumption");
  }
};

struct Loan {
  std::uint64_t household = 0, firm = 0;
  std::uint32_t county = 0;
  double principal = 0, payment = 0;  ///< outstanding (sample units) and yearly annuity
  std::uint32_t late = 0;             ///< consecutive years the borrower could not pay in full
};

class MutualFinance final : public Policy, public FounderCredit {
 public:
  explicit MutualFinance(Settings s) : s_(s) {}
  void attach(World& w) override {
    w_ = &w;
    w.channels->credit = this;
    const std::size_t C = w.places->counties();
    capital_.assign(C, 0);
    defaults_.assign(C, 0);
  }
  void year_start() override {
    const int y = w_->ctx->year();
    lending_ = y >= s_.start && (y < s_.closure || y >= s_.reopen);
    founded_ = 0;
    std::fill(defaults_.begin(), defaults_.end(), 0.0);
    if (!lending_) return;
    raise_deposits(s_.deposit_share);
  }
  void year_end() override {
    settle();
    pay_back();
  }
  void close_year() override { outstanding_ = static_cast<double>(loans_.size()); }
  double outstanding() const { return outstanding_; }
  double founded() const { return founded_; }
  double defaults() const {
    double d = 0;
    for (double x : defaults_) d += x;
    return d;
  }
  double scale() const { return w_->ctx->scale(); }
  double credit_line(std::size_t c, double need) const override { return lending_ && capital_[c] > 0 ? s_.loan_share * need : 0.0; }
  // A sample founder stands for `scale` real founders; when the county's capital cannot fund all of
  // them, the loan is granted with the chance capital / (shortfall x scale), so that expected lending
  // equals the capital at any scale (the capital may then dip below zero until repayments and
  // deposits restore it; no new loans meanwhile).
  double offer(std::size_t c, double shortfall, std::uint64_t household) const override {
    if (shortfall <= 0 || !lending_ || capital_[c] <= 0) return 0.0;
    const double chance = capital_[c] / (shortfall * w_->ctx->scale());
    if (chance >= 1.0) return shortfall;
    return w_->ctx->rng(draw::kCoopOffer, household).uniform() < chance ? shortfall : 0.0;
  }
  void book(std::size_t c, std::uint64_t household, std::uint64_t firm, double amount) override {
    capital_[c] -= amount * w_->ctx->scale();
    const double i = s_.interest;
    const int T = std::max(1, s_.term_years);
    const double payment = i > 0 ? amount * i / (1.0 - std::pow(1.0 + i, -T)) : amount / T;
    loans_.push_back({household, firm, static_cast<std::uint32_t>(c), amount, payment, 0});
    founded_ += 1;
  }
  void serialize(sim::Archive& ar) override {
    ar.io(lending_);
    ar.io(capital_);
    ar.io(defaults_);
    ar.io(loans_);
    ar.io(founded_);
    ar.io(outstanding_);
  }

 private:
  void settle();
  void raise_deposits(double share);
  void pay_back();
  Settings s_;
  World* w_ = nullptr;
  bool lending_ = false;
  std::vector<double> capital_, defaults_;  ///< lending capital (real scale); defaults this year (sample loans)
  std::vector<Loan> loans_;
  double founded_ = 0;      ///< firms founded with a loan this year (sample)
  double outstanding_ = 0;  ///< loans outstanding at the last year end (sample)
};

// Members' deposits: each household puts `share` of its savings into its county's pool.
void MutualFinance::raise_deposits(double share) {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  const Places& pl = *w_->places;
  const double scale = w_->ctx->scale();
  double raised = 0;
  std::vector<double> by_county(capital_.size(), 0.0);
  for (std::size_t r = 0; r < hh.size(); ++r) {
    const std::size_t c = pl.town_county(h.town[r]);
    const double x = share * std::max(0.0, h.savings[r]);
    if (x <= 0) continue;
    hh.draw_savings(r, x);
    by_county[c] += x;
    raised += x;
  }
  for (std::size_t c = 0; c < capital_.size(); ++c) capital_[c] += by_county[c] * scale;
  w_->ledger->pay(Flow::Deposits, Sector::Households, Sector::Credit, raised);
}

// The pool's money not lent out goes back to the county's households, in proportion to savings.
void MutualFinance::pay_back() {
  Households& hh = *w_->households;
  const auto& h = hh.col();
  const Places& pl = *w_->places;
  const double scale = w_->ctx->scale();
  std::vector<double> wealth(capital_.size(), 0.0);
  for (std::size_t r = 0; r < hh.size(); ++r) wealth[pl.town_county(h.town[r])] += std::max(0.0, h.savings[r]);
  double back = 0;
  for (std::size_t r = 0; r < hh.size(); ++r) {
    const std::size_t c = pl.town_county(h.town[r]);
    if (capital_[c] <= 0 || wealth[c] <= 0 || h.savings[r] <= 0) continue;
    const double x = capital_[c] / scale * h.savings[r] / wealth[c];
    hh.draw_savings(r, -x);
    back += x;
  }
  for (std::size_t c = 0; c < capital_.size(); ++c)
    if (capital_[c] > 0 && wealth[c] > 0) capital_[c] = 0;
  w_->ledger->pay(Flow::Deposits, Sector::Credit, Sector::Households, back);
}

// Collects a year's repayments; a loan whose firm has closed, or whose owner cannot pay two years
// running, defaults and part of the principal is recovered from the borrower's savings.
void MutualFinance::settle() {
  Households& hh = *w_->households;
  const double scale = w_->ctx->scale();
  std::vector<Loan> keep;
  keep.reserve(loans_.size());
  double interest_paid = 0, repaid = 0;
  for (auto l : loans_) {
    const auto hr = hh.row_of(static_cast<sim::AgentId>(l.household));
    const bool firm_alive = w_->firms->row_of(static_cast<sim::AgentId>(l.firm)) != sim::kNoRow;
    const double due = std::min(l.payment, l.principal * (1.0 + s_.interest));
    if (firm_alive && hr != sim::kNoRow) {
      const double paid = std::clamp(hh.col().savings[hr], 0.0, due);
      l.late = paid + 1e-9 < due ? l.late + 1 : 0;
      if (l.late < 2) {
        hh.draw_savings(hr, paid);
        capital_[l.county] += paid * scale;
        const double interest = std::min(paid, l.principal * s_.interest);
        interest_paid += interest;
        repaid += paid - interest;
        l.principal = l.principal * (1.0 + s_.interest) - paid;
        if (l.principal > 1e-6) keep.push_back(l);
        continue;
      }
    }
    double recovered = 0;
    if (hr != sim::kNoRow) {
      recovered = std::min(std::max(0.0, hh.col().savings[hr]), s_.recovery * l.principal);
      hh.draw_savings(hr, recovered);
    }
    repaid += recovered;
    capital_[l.county] += recovered * scale;
    defaults_[l.county] += 1;  // the rest of the principal is lost to the co-operative
  }
  loans_ = std::move(keep);
  w_->ledger->pay(Flow::Interest, Sector::Households, Sector::Credit, interest_paid);
  w_->ledger->pay(Flow::Loans, Sector::Households, Sector::Credit, repaid);
}

void indicators(sim::Simulation& s, const Policy* instance) {
  using M = MutualFinance;
  policy_indicator<M>(s, instance, "mutual_finance_loans", "count", "co-operative loans outstanding at year end (real count)",
                      [](const M& m) { return m.outstanding() * m.scale(); });
  policy_indicator<M>(s, instance, "mutual_finance_defaults", "count", "co-operative loans defaulted this year (real count)",
                      [](const M& m) { return m.defaults() * m.scale(); });
  policy_indicator<M>(s, instance, "firms_founded_with_finance", "count", "firms founded this year with a co-operative loan (real count)",
                      [](const M& m) { return m.founded() * m.scale(); });
}

}  // namespace

PolicyInfo mutual_finance_info() {
  PolicyInfo info;
  info.name = "mutual_finance";
  info.doc = "Farmers' mutual finance co-operatives lending to members who found firms.";
  info.source = "presentation: 'many farmers who have utilized mutual finance'";
  info.declare = [](sim::ParamBinder& b) {
    Settings s{};
    s.bind(b);
  };
  info.validate = [](const sim::Params& p, const std::string& prefix, std::vector<sim::ParamProblem>& out) {
    const auto s = sim::read_bound<Settings>(p, prefix);
    if (s.closure < s.start) out.push_back({prefix + ".closure_year", "expected a year not before start_year (" + std::to_string(s.start) + ")"});
    if (s.reopen < s.closure) out.push_back({prefix + ".reestablish_year", "expected a year not before closure_year (" + std::to_string(s.closure) + ")"});
  };
  info.indicators = indicators;
  info.create = [](const sim::Params& p, const std::string& prefix) -> std::unique_ptr<Policy> {
    return std::make_unique<MutualFinance>(sim::read_bound<Settings>(p, prefix));
  };
  return info;
}

}  // namespace models::zhejiang::policies
