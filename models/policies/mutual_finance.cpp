// Mutual finance (presentation, "Mutual Finance"): farmers who "fail to get service from regular
// financial institutions" borrowed through private and mutual finance; the "micro-finance
// organizations set up by farmers were eliminated" for lack of monitoring, and after "rural financial
// system reform, farmers start establishing mutual finance co-ops again". The co-operatives of each
// county hold members' lending capital (seeded when they open, topped up by deposits each year they
// lend). A founder whose own and kin capital falls short borrows the rest, up to loan_cap, while the
// co-operatives lend and have capital; loans are annuities over term_years at the interest rate,
// collected each year from the borrower's savings. A loan defaults when its firm closes or the
// borrower cannot pay; recovery_share of the principal is then taken from the borrower's savings.
// Between closure_year and reestablish_year no new loans are made; old loans are still collected.
#include "models/policies/mutual_finance.hpp"

#include "sim/error.hpp"

namespace models::policies {
namespace {

struct Settings {
  int start = 1984, closure = 1999, reopen = 2009;
  double capital = 0, deposits = 0;
  FinanceTerms terms;
};

class MutualFinance final : public PolicyModule {
 public:
  explicit MutualFinance(Settings s) : s_(s) {}
  const char* name() const override { return "mutual_finance"; }
  std::vector<Hook> hooks() const override { return {Hook::YearStart, Hook::Government}; }
  void run(Hook hook, PolicyHost& h) override {
    const int y = h.year();
    const bool lending = y >= s_.start && (y < s_.closure || y >= s_.reopen);
    if (hook == Hook::YearStart) {
      FinanceTerms t = s_.terms;
      t.lending = lending;
      h.set_finance_terms(t);
      if (!lending) return;
      const bool opening = y == s_.start || y == s_.reopen;
      for (std::size_t c = 0; c < h.counties(); ++c) h.add_lending_capital(c, (opening ? s_.capital : 0.0) + s_.deposits);
    } else {
      h.settle_loans();
    }
  }

 private:
  Settings s_;
};

}  // namespace

PolicyInfo mutual_finance_info() {
  PolicyInfo info;
  info.name = "mutual_finance";
  info.doc = "Farmers' mutual finance co-operatives lending to members who found firms.";
  info.declare = [](sim::ParamRegistry& r) {
    const std::string k = "policies.mutual_finance.";
    r.flag(k + "enabled", true, "co-operatives exist").cite("presentation: 'many farmers who have utilized mutual finance'");
    r.integer(k + "start_year", 1984, "year", "first co-operatives").range(1978, 2100).cite("assumption (private finance of the 1980s)");
    r.integer(k + "closure_year", 1999, "year", "early farmers' finance organizations eliminated").range(1978, 2100)
        .cite("presentation: 'micro-finance organizations set up by farmers were eliminated at that time'; year: assumption (1999 closure of rural co-operative foundations)");
    r.integer(k + "reestablish_year", 2009, "year", "co-operatives re-established after rural finance reform").range(1978, 2100)
        .cite("presentation: 'Motivated by rural financial system reform, farmers start establishing mutual finance co-ops again'; year: assumption");
    r.real(k + "lending_capital", 5e4, "1978 yuan per county (real scale)", "members' capital when the co-operatives open").range(0, 1e12)
        .cite("assumption (no figure in the source); set so co-operative loans stay a modest share of start-ups (priors N5: formal microcredit reached <5% of micro-enterprises)");
    r.real(k + "yearly_deposits", 1e4, "1978 yuan per county per year (real scale)", "new members' deposits each lending year").range(0, 1e12)
        .cite("assumption");
    r.real(k + "loan_cap", 1000, "1978 yuan", "largest loan to one founder").range(0, 1e9)
        .cite("priors N5: 1990s microcredit 1,000-3,000 nominal yuan; cap set at about 4,000 nominal yuan of 1995");
    r.real(k + "interest", 0.08, "per year", "loan interest rate").range(0, 1).cite("assumption");
    r.integer(k + "term_years", 3, "years", "repayment period").range(1, 50).cite("assumption");
    r.real(k + "recovery_share", 0.5, "share of principal", "recovered from a defaulter's savings").range(0, 1).cite("assumption");
  };
  info.create = [](const sim::Params& p) -> std::unique_ptr<PolicyModule> {
    const std::string k = "policies.mutual_finance.";
    if (!p.flag(k + "enabled")) return nullptr;
    Settings s;
    s.start = static_cast<int>(p.integer(k + "start_year"));
    s.closure = static_cast<int>(p.integer(k + "closure_year"));
    s.reopen = static_cast<int>(p.integer(k + "reestablish_year"));
    if (s.closure < s.start || s.reopen < s.closure)
      throw sim::Error("policies.mutual_finance: need start_year <= closure_year <= reestablish_year");
    s.capital = p.real(k + "lending_capital");
    s.deposits = p.real(k + "yearly_deposits");
    s.terms.loan_cap = p.real(k + "loan_cap");
    s.terms.interest = p.real(k + "interest");
    s.terms.term_years = static_cast<int>(p.integer(k + "term_years"));
    s.terms.recovery = p.real(k + "recovery_share");
    return std::make_unique<MutualFinance>(s);
  };
  return info;
}

}  // namespace models::policies
