#pragma once
// Year-end measures of the policy modules, read by the model's indicator list (indicators.cpp).
// Zero for a module that is not enabled.
namespace models::zhejiang {

struct PolicyMeasures {
  double urban_persons = 0, rural_persons = 0;
  double poor_urban[3] = {0, 0, 0}, poor_rural[3] = {0, 0, 0};  ///< absolute, relative, OECD
  double targeting_line = 0, low_income_rural = 0;
  double allowance_persons = 0, allowance_paid = 0;
  double converted = 0, relocated_total = 0;
  double loans_outstanding = 0, defaults = 0, founded_with_finance = 0;
  double relief_paid = 0;
};

}  // namespace models::zhejiang
