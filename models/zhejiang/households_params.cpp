// The households' parameters (declared once, with unit, range and source) and their cross-key
// checks; the component itself is in households.cpp.
#include "models/zhejiang/households.hpp"

namespace models::zhejiang {

void HouseholdParams::bind(sim::ParamBinder& b) {
  using sim::Schedule;
  const auto linear = [](std::vector<std::pair<double, double>> pts) { return Schedule{Schedule::Interp::Linear, std::move(pts)}; };
  b.real(pop0, "init.population", 3751, "10k persons", 1, 1e6, "resident population 1978", "targets 1978");
  b.real(urban0, "init.urbanization", 14.5, "percent", 0, 100, "urbanisation rate 1978", "targets 1978");
  b.real(hh_size0, "init.household_size", 4.0, "persons", 1, 10, "mean household size 1978", "priors D1");
  b.real(kid_share0, "init.child_share", 0.33, "share", 0, 1, "children (0-14) share of persons 1978",
         "assumption (national 1982 ~0.33; priors D7 note)");
  b.real(elderly_share0, "init.elderly_share", 0.06, "share", 0, 1, "elderly (65+) share 1978", "assumption (priors D7 note)");
  b.real(rural_income0, "init.rural_income", 165, "yuan per person", 0, 1e6, "rural net income per capita 1978", "targets 1978");
  b.real(urban_income0, "init.urban_income", 332, "yuan per person", 0, 1e6, "urban disposable income per capita 1978", "targets 1978");
  b.real(savings_pc0, "init.savings_per_capita", 21.6, "yuan per person", 0, 1e6, "personal savings per capita 1978", "targets 1978");
  b.real(land_pc0, "init.land_per_capita", 0.7, "mu per rural person", 0, 100, "contracted land per rural resident 1978", "priors A2 (memory), A1");
  b.real(skill_sd, "init.skill_sd", 0.35, "log sd", 0, 3, "dispersion of household skill (wage multiplier)", "calibrated: 1978 poverty rate 36.1% (targets)");
  b.real(urban_skill, "init.urban_skill_premium", 2.5, "ratio", 1, 3,
         "mean skill (wage multiplier) of urban-hukou households relative to rural ones (schooling); inherited by split households",
         "calibrated: urban/rural income 1978 (332/165) and 2013 (37851/16106) (targets); M4 note (urban hourly pay > 2x migrants')");
  b.real(land_sd, "init.land_sd", 0.45, "log sd", 0, 3, "dispersion of land per person across households", "calibrated: 1978 poverty rate 36.1% (targets)");
  b.schedule(cbr, "demography.birth_rate", linear({{1978, 18}, {1985, 15}, {1990, 14}, {1998, 11.15}, {2012, 10.12}}),
             "per 1000 persons per year", 0, 100, "crude birth rate of local households", "priors D5");
  b.real(death_kid, "demography.death_child", 0.002, "per year", 0, 1, "death hazard of children", "priors D6 (calibrated so CDR ~6 per 1000)");
  b.real(death_adult, "demography.death_adult", 0.002, "per year", 0, 1, "death hazard of working-age persons", "priors D6 (calibrated)");
  b.real(death_elderly, "demography.death_elderly", 0.07, "per year", 0, 1, "death hazard of the elderly",
         "calibrated: crude death rate ~6 per 1000 (priors D6) with life expectancy ~14 years at 65");
  b.real(age_kid, "demography.child_ageing", 1.0 / 15, "per year", 0, 1, "rate at which children reach working age", "15-year age group");
  b.real(age_adult, "demography.adult_ageing", 0.012, "per year", 0, 1, "rate at which working-age persons reach 65",
         "calibrated: working-age share 70-77% 1990-2012 (priors D7); young 1978 age pyramid (the small pre-1949 cohorts reach 65 first)");
  b.real(split_rate, "demography.split_rate", 0.1, "per year", 0, 1, "hazard that a household with 3+ working-age members splits off a young couple",
         "calibrated: household size 4.0 -> 3.46 -> 2.99 -> 2.62 (priors D1-D4)");
  b.real(split_savings, "demography.split_savings_share", 0.2, "share", 0, 1,
         "share of the parents' savings a split-off household takes with it", "assumption");
  b.real(participation, "demography.participation", 0.61, "share", 0, 1,
         "chance that a working-age local other than the household's first worker is in the labour force (the first always is)",
         "calibrated: employed 1795 / population 3751 in 1978 (targets); about 0.79 of all working-age locals");
  b.real(participation_migrant, "demography.participation_migrant", 0.95, "share", 0, 1, "share of working-age migrants in the labour force",
         "assumption (migrants come to work)");
  b.real(migrant_fertility, "demography.migrant_fertility", 0.6, "ratio", 0, 2,
         "birth rate of migrant families living in Zhejiang relative to local households (single migrants have none here)",
         "assumption (field notes 8: children are often left at home)");
  b.real(subsistence, "households.subsistence", 120, "1978 yuan per person per year", 0, 1e6, "subsistence consumption",
         "assumption (near the 1978 rural consumption, priors N3)");
  b.real(saving_rate, "households.saving_rate", 0.25, "share", 0, 1, "saving rate out of income above subsistence", "priors N2, N3 (13% rising to 25-39%)");
  b.real(dissaving, "households.dissaving_rate", 0.1, "share of savings per month", 0, 1,
         "most a household whose income is below subsistence draws from its savings in a month", "assumption");
  b.real(food_share0, "households.food_share", 0.6, "share of goods consumption", 0, 1,
         "share of consumption other than services spent on food at 1978 rural incomes (Engel's law)",
         "assumption (Engel coefficients of about 0.6 in 1978 and 0.35 in 2013, memory)");
  b.real(food_share_slope, "households.food_share_slope", 0.1, "per log point", 0, 1, "fall of the food share per log point of income", "assumption (Engel's law)");
  b.real(food_share_min, "households.food_share_min", 0.25, "share of goods consumption", 0, 1, "lowest food share", "assumption");
  b.real(service_share0, "households.service_share", 0.12, "share", 0, 1, "share of consumption spent on services at 1978 incomes", "assumption (Engel's law)");
  b.real(service_share_slope, "households.service_share_slope", 0.15, "per log point", 0, 1, "rise of the service share per log point of income",
         "calibrated: tertiary employment share 2013");
  b.real(service_share_max, "households.service_share_max", 0.6, "share", 0, 1, "upper bound of the service share", "assumption");
  b.real(housing_share, "households.housing_share", 0.06, "share of income", 0, 1, "household spending on building houses (construction demand)", "assumption");
  b.real(deposit_rate, "households.deposit_rate", 0.02, "per year", 0, 0.2, "real return on savings", "assumption");
  b.real(school_fee, "private_school_fee", 0.08, "share of the wage per child per month", 0, 10,
         "fees of a private (migrant) school or a public school's 'borrowing fee' for a child without a public seat",
         "assumption (migrant schools charged roughly 1,000-3,000 yuan a year around 2010, against wages of 2,000-2,600 a month: priors F6, M4)");
  b.real(remittance, "left_behind_remittance", 1.0, "share of subsistence per child", 0, 10,
         "money a migrant household sends home for each child left with grandparents (a transfer paid: it is not disposable income)",
         "assumption (field notes 8: children left at home); NBS counts transfers paid to other households outside disposable income");
  b.real(kin_support, "households.kin_support", 0.2, "share of the gap", 0, 1,
         "each month, within a lineage, local households earning less than the lineage's earnings per person (times their persons) "
         "receive this share of the smaller of the lineage's total gap and the surplus of its households above both that level and "
         "their subsistence, who give it (grown children to parents, brothers to brothers): a transfer between households, so the "
         "lineage's total is unchanged, and a lineage of poor households gives little",
         "Cai, Giles & Meng 2006, J. Public Economics 90 (private transfers to parents rise as their income falls); field notes 5 (the "
         "elderly stay with the adult son's family); value: set by hand to low-income rural persons 2013 (417 (10k), targets) and the "
         "source's Gini goal (0.45): 480 and 0.444 on seeds 1-10 at 0.2 (docs/model.md section 9, Income distribution)");
  b.real(land_compensation, "households.land_compensation", 0.0, "years of the land's output", 0, 30,
         "when its village (or the part it lives in) is converted to an urban community, a household that loses its land contract "
         "is paid this many years of the land's gross farm output (its land x the village's output per unit of land in the month of "
         "conversion x 12) by its county, out of the development fund, into its savings",
         "Land Administration Law 1998, art. 47: land compensation 6-10 times the land's average yearly output value of the last "
         "three years plus a resettlement subsidy of 4-6 times per person to be resettled, together at most 30 times; field notes 5 "
         "(converted villagers in new houses, shareholders of the village co-operative); 0: none (the model before this option)");
  b.real(floor_rent, "urban.floor_rent", 0.174, "share of the monthly wage", 0, 5,
         "monthly rent a migrant household pays for a let ground floor (room, workshop or store), as a share of the going wage; "
         "converted households share their town's migrant tenants",
         "field notes 5 ('let out the ground floor'); priors M3 (migrants' housing 453 of a 2,609 yuan monthly wage in 2013)");
}

void Households::declare(sim::ParamRegistry& reg) { sim::declare_bound<HouseholdParams>(reg, "zhejiang"); }

void Households::validate(const sim::Params& p, std::vector<sim::ParamProblem>& out) {
  const auto q = sim::read_bound<HouseholdParams>(p, "zhejiang");
  if (q.kid_share0 + q.elderly_share0 >= 1.0)
    out.push_back({"zhejiang.init.elderly_share", "children and elderly shares must leave room for working-age persons (their sum must be below 1)"});
}

}  // namespace models::zhejiang
