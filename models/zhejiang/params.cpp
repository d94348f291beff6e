#include "models/zhejiang/params.hpp"

#include <algorithm>
#include <cmath>

namespace models::zhejiang {
namespace {

using sim::Schedule;

Schedule linear(std::vector<std::pair<double, double>> pts) { return Schedule{Schedule::Interp::Linear, std::move(pts)}; }
Schedule step(std::vector<std::pair<double, double>> pts) { return Schedule{Schedule::Interp::Step, std::move(pts)}; }

struct Visitor {
  sim::ParamRegistry* reg;
  const sim::Params* from;
  static std::string key(const std::string& k) { return "zhejiang." + k; }

  void real(double& x, const std::string& k, double def, const char* unit, double lo, double hi, const char* doc,
            const char* src) {
    if (reg) reg->real(key(k), def, unit, doc).range(lo, hi).cite(src);
    if (from) x = from->real(key(k));
  }
  void integer(int& x, const std::string& k, int def, const char* unit, double lo, double hi, const char* doc,
               const char* src) {
    if (reg) reg->integer(key(k), def, unit, doc).range(lo, hi).cite(src);
    if (from) x = static_cast<int>(from->integer(key(k)));
  }
  void schedule(Schedule& x, const std::string& k, Schedule def, const char* unit, double lo, double hi,
                const char* doc, const char* src) {
    if (reg) reg->schedule(key(k), std::move(def), unit, doc).range(lo, hi).cite(src);
    if (from) x = from->schedule(key(k));
  }
  void list(std::vector<double>& x, const std::string& k, std::vector<double> def, const char* unit, double lo,
            double hi, const char* doc, const char* src) {
    if (reg) reg->list(key(k), std::move(def), unit, doc).range(lo, hi).cite(src);
    if (from) x = from->list(key(k));
  }
};

}  // namespace

double ZjParams::demand_index(double t) const {
  const double y = t - 1978.0;
  double lx = demand_growth * std::max(0.0, y);
  lx += wto_boost * std::clamp(t - wto_year, 0.0, wto_years);
  lx += std::log(1.0 - crisis_drop) * std::clamp(t - crisis_year, 0.0, 1.0);
  return std::exp(lx);
}

double ZjParams::theta(std::size_t sector) const { return sector == kServices ? labour_share_svc : labour_share; }

double ZjParams::rural_mobility(double t) const {
  return mobility_lo + (mobility_hi - mobility_lo) / (1.0 + std::exp(-(t - mobility_mid) / mobility_width));
}

void visit_params(sim::ParamRegistry* reg, const sim::Params* from, ZjParams& p) {
  Visitor v{reg, from};
  if (reg) reg->group("zhejiang", "Zhejiang rural industrialisation model (issue 3). Money in real 1978 yuan.");
  // ---- scale and geography
  v.real(p.scale, "scale", 100, "real persons per agent person", 1, 1e6,
         "households, persons, firms and their flows are a 1/scale sample; indicators are rescaled", "issue 3 (default 1:100)");
  v.integer(p.counties, "counties", 90, "count", 1, 10000, "counties (county-level units)", "targets: counties 2013 = 90; presentation p.15");
  v.integer(p.towns, "towns", 639, "count", 1, 100000, "small towns (the first towns of each county are county seats)",
            "targets: small_towns 2013 = 639; presentation p.15");
  v.integer(p.villages_per_town, "villages_per_town", 8, "count", 1, 1000, "villages under each town",
            "assumption (aggregated villages; Zhejiang has ~30k administrative villages)");
  v.list(p.terrain_shares, "terrain_shares", {0.40, 0.45, 0.06, 0.04, 0.05}, "shares", 0, 1,
         "shares of villages on plain, hill/mountain, island, reservoir area, coastal boat-dwelling",
         "presentation p.5 ('many residents, mountains, and islands'); p.31 relocation targets; shares: assumption");
  v.real(p.commute_km, "commute_km", 12, "km", 0, 1000, "households work in firms within this distance without moving",
         "assumption");
  // ---- initial state
  v.real(p.pop0, "init.population", 3751, "10k persons", 1, 1e6, "resident population 1978", "targets 1978");
  v.real(p.urban0, "init.urbanization", 14.5, "percent", 0, 100, "urbanisation rate 1978", "targets 1978");
  v.real(p.employed0, "init.employed", 1795, "10k persons", 0, 1e6, "employed persons 1978 (sets participation)", "targets 1978");
  v.real(p.emp_sec0, "init.employment_share_secondary", 29.8, "percent", 0, 100, "secondary share 1978 (collective firms)", "targets 1978");
  v.real(p.emp_ter0, "init.employment_share_tertiary", 17.0, "percent", 0, 100, "tertiary share 1978 (service units)", "targets 1978");
  v.real(p.gdp0, "init.gdp", 124, "100 million RMB", 0, 1e9, "GDP 1978 (sets 1978 productivities)", "targets 1978");
  v.real(p.gdp_pri0, "init.gdp_share_primary", 38.1, "percent", 0, 100, "primary share of GDP 1978", "targets 1978");
  v.real(p.gdp_sec0, "init.gdp_share_secondary", 43.3, "percent", 0, 100, "secondary share of GDP 1978", "targets 1978");
  v.real(p.hh_size0, "init.household_size", 4.0, "persons", 1, 10, "mean household size 1978", "priors D1");
  v.real(p.kid_share0, "init.child_share", 0.33, "share", 0, 1, "children (0-14) share of persons 1978",
         "assumption (national 1982 ~0.33; priors D7 note)");
  v.real(p.elderly_share0, "init.elderly_share", 0.06, "share", 0, 1, "elderly (65+) share 1978", "assumption (priors D7 note)");
  v.real(p.rural_income0, "init.rural_income", 165, "yuan per person", 0, 1e6, "rural net income per capita 1978", "targets 1978");
  v.real(p.urban_income0, "init.urban_income", 332, "yuan per person", 0, 1e6, "urban disposable income per capita 1978", "targets 1978");
  v.real(p.savings_pc0, "init.savings_per_capita", 21.6, "yuan per person", 0, 1e6, "personal savings per capita 1978", "targets 1978");
  v.real(p.land_pc0, "init.land_per_capita", 0.7, "mu per rural person", 0, 100, "contracted land per rural resident 1978", "priors A2 (memory), A1");
  v.real(p.skill_sd, "init.skill_sd", 0.35, "log sd", 0, 3, "dispersion of household skill (wage multiplier)", "calibrated: 1978 poverty rate 36.1% (targets)");
  v.real(p.urban_skill, "init.urban_skill_premium", 2.5, "ratio", 1, 3,
         "mean skill (wage multiplier) of urban-hukou households relative to rural ones (schooling); inherited by split households",
         "calibrated: urban/rural income 1978 (332/165) and 2013 (37851/16106) (targets); M4 note (urban hourly pay > 2x migrants')");
  v.real(p.land_sd, "init.land_sd", 0.45, "log sd", 0, 3, "dispersion of land per person across households", "calibrated: 1978 poverty rate 36.1% (targets)");
  // ---- demography
  v.schedule(p.cbr, "demography.birth_rate", linear({{1978, 18}, {1985, 15}, {1990, 14}, {1998, 11.15}, {2012, 10.12}}),
             "per 1000 persons per year", 0, 100, "crude birth rate of local households", "priors D5");
  v.real(p.death_kid, "demography.death_child", 0.002, "per year", 0, 1, "death hazard of children", "priors D6 (calibrated so CDR ~6 per 1000)");
  v.real(p.death_adult, "demography.death_adult", 0.002, "per year", 0, 1, "death hazard of working-age persons", "priors D6 (calibrated)");
  v.real(p.death_elderly, "demography.death_elderly", 0.07, "per year", 0, 1, "death hazard of the elderly", "calibrated: crude death rate ~6 per 1000 (priors D6) with life expectancy ~14 years at 65");
  v.real(p.age_kid, "demography.child_ageing", 1.0 / 15, "per year", 0, 1, "rate at which children reach working age", "15-year age group");
  v.real(p.age_adult, "demography.adult_ageing", 0.012, "per year", 0, 1, "rate at which working-age persons reach 65", "calibrated: working-age share 70-77% 1990-2012 (priors D7); young 1978 age pyramid (the small pre-1949 cohorts reach 65 first)");
  v.real(p.split_rate, "demography.split_rate", 0.1, "per year", 0, 1,
         "hazard that a household with 3+ working-age members splits off a young couple",
         "calibrated: household size 4.0 -> 3.46 -> 2.99 -> 2.62 (priors D1-D4)");
  v.real(p.participation, "demography.participation", 0.8, "share", 0, 1,
         "share of working-age locals in the labour force", "calibrated: employed 1795 / population 3751 in 1978 (targets)");
  v.real(p.participation_migrant, "demography.participation_migrant", 0.95, "share", 0, 1,
         "share of working-age migrants in the labour force", "assumption (migrants come to work)");
  // ---- agriculture
  v.schedule(p.agri_tfp, "agriculture.tfp", linear({{1978, 1.0}, {1984, 1.45}, {2013, 6.0}}), "index 1978=1", 0, 100,
             "agricultural TFP: household-responsibility jump 1978-84 then ~4%/yr", "priors A5 (calibrated within 3-5%/yr: 4.9%/yr after 1984): primary GDP share 2013");
  v.real(p.land_elasticity, "agriculture.land_elasticity", 0.5, "elasticity", 0, 1, "output elasticity of land", "priors A4 note (0.3-0.6)");
  v.real(p.labour_elasticity, "agriculture.labour_elasticity", 0.15, "elasticity", 0, 1, "output elasticity of farm labour", "priors A4 (0.05-0.30)");
  v.schedule(p.agri_levy, "agriculture.levy", linear({{1978, 0.15}, {1985, 0.08}, {2004, 0.04}, {2005, 0.0}}), "share of farm value added", 0, 1,
             "state and collective levy on farm value added (a fiscal revenue)",
             "presentation p.16: 'state first, collectives second and household third'; values: assumption");
  // ---- firms and demand
  v.real(p.labour_share, "firms.labour_elasticity", 0.6, "elasticity", 0.05, 0.95, "output elasticity of labour in manufacturing and construction firms", "assumption (labour-intensive small commodities, presentation p.12)");
  v.real(p.labour_share_svc, "firms.labour_elasticity_services", 0.55, "elasticity", 0.05, 0.95,
         "output elasticity of labour in service firms (tertiary value added includes capital-intensive finance, real estate and transport)",
         "calibrated: tertiary employment and GDP shares 2013 (targets); assumption that it is below manufacturing's");
  v.real(p.demand_elasticity, "firms.demand_elasticity", 2.0, "elasticity", 1.01, 20, "price elasticity of demand for a sector's goods", "assumption");
  v.real(p.demand_growth, "firms.demand_growth", 0.072, "per year", 0, 0.3,
         "trend growth of outside (domestic and export) demand for Zhejiang's manufactures (index 1978 = 1)",
         "calibrated: GDP per capita 2013 (targets); a constant rate, no fitted path");
  v.real(p.wto_year, "firms.wto_year", 2002, "year", 1978, 2100, "first year of extra export growth after WTO accession", "issue 3 (export growth after 2001)");
  v.real(p.wto_boost, "firms.wto_boost", 0.04, "per year", 0, 0.3, "extra demand growth after WTO accession", "issue 3 named shock; value: assumption (export boom 2002-2007)");
  v.real(p.wto_years, "firms.wto_years", 6, "years", 0, 50, "years the WTO boost lasts", "assumption (2002-2007 until the crisis)");
  v.real(p.crisis_year, "firms.crisis_year", 2009, "year", 1978, 2100, "year of the global-crisis demand drop", "issue 3 (2008 crisis; Zhejiang exports fell in 2009)");
  v.real(p.crisis_drop, "firms.crisis_drop", 0.10, "share", 0, 1, "permanent level drop of outside demand phased in over the crisis year", "assumption (exports fell ~10-15% in 2009)");
  v.list(p.trade_weights, "firms.trade_weights", {0.12, 0.06, 0.06, 0.08, 0.14, 0.14, 0.40}, "shares", 0, 1,
         "shares of outside demand for socks, zippers, jewellery, printing/packing, knitwear, electrical, other manufacturing",
         "field notes 6 (trades named); shares: assumption");
  v.real(p.mfg_tfp_growth, "firms.tfp_growth_manufacturing", 0.015, "per year", 0, 0.2, "productivity growth of manufacturing firms", "calibrated: secondary GDP share 2013");
  v.real(p.svc_tfp_growth, "firms.tfp_growth_services", 0.065, "per year", 0, 0.2, "productivity growth of service firms", "calibrated: tertiary GDP share 2013");
  v.real(p.k_per_worker, "firms.capital_per_worker", 600, "1978 yuan", 0, 1e7, "capital per worker of 1978 collective firms", "assumption");
  v.real(p.depreciation, "firms.depreciation", 0.08, "per year", 0, 1, "capital depreciation", "assumption");
  v.real(p.payout, "firms.payout", 0.2, "share of profit", 0, 1, "share of after-tax profits paid to owners and partners (the rest is reinvested)", "calibrated: rural and urban income 2013 (family firms reinvest most profits; priors F5/N4 context)");
  v.real(p.tax_rate, "firms.tax_rate", 0.15, "share of value added", 0, 1, "taxes on firms' value added", "calibrated: fiscal revenue / GDP 1978 and 2013 (targets)");
  v.real(p.profit_tax, "firms.profit_tax", 0.25, "share of profit", 0, 0.5,
         "enterprise income tax on private firms' positive profits (county revenue)",
         "enterprise income tax law (33% to 2007, 25% from 2008; lower rates for small firms); value: assumption within that range");
  v.real(p.hire_speed, "firms.hire_speed", 0.2, "per month", 0, 1, "share of the gap to desired employment closed each month", "assumption (0.3 raised the secondary share but destabilised GDP)");
  v.real(p.prod_sd, "firms.productivity_sd", 0.5, "log sd", 0, 3, "dispersion of founders' productivity draws", "priors F1 (fat-tailed sizes)");
  v.list(p.hazard_by_age, "firms.hazard_by_age", {0.016, 0.063, 0.095, 0.09, 0.085, 0.082, 0.08, 0.06}, "per year", 0, 1,
         "exit hazard by firm age in years (last value for older firms)", "priors F3 (SAIC 2013)");
  v.real(p.loss_exit, "firms.loss_exit", 0.15, "per month", 0, 1, "exit hazard of a firm whose owners' capital is gone", "priors F4 (shadow of death)");
  v.real(p.reach_local, "firms.reach_local", 0.35, "share", 0, 1, "share of outside demand a firm reaches without a market or online channel",
         "presentation p.14: markets 'save them challenges and costs of expanding markets'; priors K4; value: calibrated");
  v.real(p.market_sales_share, "firms.market_sales_share", 0.6, "share", 0, 1, "share of a market-channel firm's sales passing through the market",
         "priors K3 (75% of Yiwu exports via market procurement)");
  v.real(p.online_reach, "firms.online_reach", 1.1, "relative reach", 0, 10, "reach of a firm selling online (market = 1)", "assumption; field notes 10");
  v.integer(p.ecommerce_year, "firms.ecommerce_year", 2003, "year", 1978, 2100, "first year of the online channel", "issue 3 (~2003); priors K5");
  v.real(p.online_adoption, "firms.online_adoption", 0.08, "per year", 0, 1, "hazard that a firm starts selling online", "priors K5 (Taobao villages from 2009)");
  v.real(p.agglomeration, "clusters.agglomeration", 0.06, "elasticity", 0, 0.3, "productivity elasticity to cluster employment", "priors G1-G4 (0.03-0.12, centre 0.06)");
  v.real(p.cluster_ref_workers, "clusters.reference_workers", 2000, "real workers", 1, 1e9, "cluster employment where the agglomeration gain is zero", "assumption");
  v.real(p.cluster_min_firms, "clusters.min_firms", 5, "real firms", 0, 1e9, "firms of one trade in a county needed to count as a cluster", "assumption");
  v.real(p.cluster_capital_discount, "clusters.capital_discount", 0.5, "share", 0, 1,
         "start-up capital needed inside a cluster relative to outside", "priors F5 note and G4 (division of labour lowers the entry barrier)");
  v.real(p.block_sales_threshold, "clusters.block_sales_threshold", 10, "100 million RMB current prices", 0, 1e9,
         "sales above which a cluster is a block economy", "presentation p.13 (RMB 1 billion)");
  // ---- entrepreneurship and finance
  v.real(p.entry_capital, "entry.capital", 3000, "1978 yuan", 0, 1e9, "start-up capital of a family firm outside a cluster",
         "priors F5 (mean 160,700 deflated, min 500; scaled to a small workshop); calibrated");
  v.real(p.entry_rate, "entry.rate", 0.003, "per quarter", 0, 1, "founding propensity of a household with the capital and an average trait",
         "calibrated: firm counts and employment shares");
  v.real(p.trait_mean, "entry.trait_mean", 0.0, "sd units", -5, 5, "mean entrepreneurial trait", "convention");
  v.real(p.trait_sd, "entry.trait_sd", 1.0, "sd units", 0, 5, "sd of the entrepreneurial trait", "convention");
  v.real(p.yiwu_trait, "entry.trading_tradition", 1.0, "sd units", 0, 5, "trait premium of the pioneer county (Yiwu's trading tradition)",
         "field notes 1 ('Entrepreneurship in tradition'); value: assumption");
  v.real(p.kin_follow, "entry.kin_follow", 0.7, "probability", 0, 1, "a founder with a firm-owning kin household copies its trade and town",
         "presentation p.18 ('first entrepreneurs bring along followers'); field notes 2");
  v.real(p.kin_pool_share, "entry.kin_pool_share", 0.3, "share", 0, 1, "share of its savings a kin household puts into a partnership",
         "presentation p.16 ('joint stock partnerships'); priors N4 (25% from family and friends)");
  v.real(p.credit_access, "entry.credit_access", 0.0, "share of capital", 0, 1, "share of start-up capital formal credit provides", "priors N4 (banks 0.34%)");
  v.real(p.entry_mfg_choice, "entry.manufacturing_choice", 0.7, "share", 0, 1,
         "share of founders without a kin firm to copy (and not stall traders, who always manufacture) who choose a small-commodity trade",
         "field notes 3 and presentation p.12 (small-commodity manufacturing dominates); calibrated: secondary and tertiary employment shares 2013");
  v.real(p.entry_constr_choice, "entry.construction_choice", 0.25, "share", 0, 1,
         "of the remaining founders, the share who start a construction firm (the others open a service business)",
         "assumption (building boom of the five-storey houses, field notes 5)");
  v.real(p.entry_size, "entry.expected_size", 3, "persons", 1, 1000, "size of a new firm used to judge its expected profit", "priors F5 (small workshops); assumption");
  v.real(p.entry_profit_weight, "entry.profit_weight", 1.0, "elasticity", 0, 10, "response of founding to the expected profit/wage ratio", "assumption");
  v.integer(p.lineages_per_village, "kin.lineages_per_village", 6, "count", 1, 1000, "kin groups (lineages) per village", "field notes 2 (guanxi of family and kin); assumption");
  // ---- trade and markets
  v.real(p.commission, "markets.commission", 0.05, "share", 0, 1, "traders' margin on market turnover", "priors K4 (3-5%)");
  v.real(p.trade_pool, "markets.outside_goods", 2e9, "1978 yuan per year", 0, 1e15,
         "goods from elsewhere traded through Zhejiang's markets at 1978 demand (grows with the demand index)",
         "field notes 3 (trading 'dependent on external supply'); calibrated: commodity market turnover 2013");
  v.real(p.stall_rent, "markets.stall_rent", 60, "1978 yuan per stall per year", 0, 1e9, "rent paid to the market (county revenue)", "priors K2 (memory; free for calibration)");
  v.real(p.trader_switch, "markets.trader_propensity", 0.05, "per quarter", 0, 1, "propensity of a better-off option to draw a member into trading", "calibrated");
  // ---- consumption and services
  v.real(p.subsistence, "households.subsistence", 120, "1978 yuan per person per year", 0, 1e6, "subsistence consumption", "assumption (near the 1978 rural consumption, priors N3)");
  v.real(p.saving_rate, "households.saving_rate", 0.25, "share", 0, 1, "saving rate out of income above subsistence", "priors N2, N3 (13% rising to 25-39%)");
  v.real(p.service_share0, "households.service_share", 0.12, "share", 0, 1, "share of consumption spent on services at 1978 incomes", "assumption (Engel's law)");
  v.real(p.service_share_slope, "households.service_share_slope", 0.15, "per log point", 0, 1, "rise of the service share per log point of income", "calibrated: tertiary employment share 2013");
  v.real(p.service_share_max, "households.service_share_max", 0.6, "share", 0, 1, "upper bound of the service share", "assumption");
  v.real(p.housing_share, "households.housing_share", 0.06, "share of income", 0, 1, "household spending on building houses (construction demand)", "assumption");
  v.real(p.deposit_rate, "households.deposit_rate", 0.02, "per year", 0, 0.2, "real return on savings", "assumption");
  v.real(p.public_service_share, "government.public_service_share", 0.4, "share of revenue net of pensions", 0, 1,
         "share of revenue net of pensions spent on public services (schools, clinics: service demand); the rest goes to the development fund",
         "presentation p.20-24 (public services); calibrated (pass 6): tertiary employment share 2013");
  v.real(p.pension_urban, "government.pension_urban", 0.45, "share of the going wage x household skill", 0, 2,
         "monthly employee old-age pension of each urban-hukou elderly person (paid out of government revenue)",
         "presentation p.22-23 (Employee Basic Old-age Insurance); value: assumption (enterprise pensions ~45 % of the average wage in the 2010s); calibrated: urban disposable income 2013");
  v.real(p.pension_rural, "government.pension_rural", 55, "yuan per month, current prices", 0, 1e5,
         "flat resident old-age pension of each rural-hukou elderly person from its start year",
         "presentation p.22-23 (Urban-rural Resident Social Old-age Insurance); 55 yuan: national basic pension of the 2009 new rural pension scheme");
  v.integer(p.pension_rural_year, "government.pension_rural_year", 2009, "year", 1978, 2100, "first year of the rural resident pension",
            "new rural social pension pilot (2009)");
  // ---- labour market
  v.real(p.wage0, "labour.wage", 26, "1978 yuan per month", 0, 1e6, "wage of a worker of skill 1 in 1978 (urban workers have skill ~2)", "calibrated: 1978 urban income 332 with the urban skill premium (state-sector wage ~50/month); priors F6");
  v.schedule(p.skill_returns, "labour.skill_returns", linear({{1978, 0.5}, {1988, 0.5}, {2001, 1.0}}), "exponent", 0, 3,
             "returns to skill: a worker's wage multiplier is skill ^ this (the compressed pre-reform wage scale widened in the 1990s)",
             "Zhang, Zhao, Park & Song 2005, J. Comparative Economics 33 (returns to schooling in urban China rose from ~4 % in 1988 to ~10 % in 2001); value 0.5: calibrated to the 1978 urban income 332 (targets)");
  v.real(p.wage_adjust, "labour.wage_adjustment", 0.08, "per month", 0, 1, "wage response to excess labour demand (share of workforce)", "assumption");
  v.real(p.town_wage_elasticity, "labour.town_wage_elasticity", 0.3, "elasticity", 0, 0.3,
         "wage premium of a firm's town with its employment (agglomeration wage premium)", "priors G2 (0.07 developing, China 0.19), G3 (0.10-0.15); calibrated: 1978 rural income (brigade-enterprise pay below state wages) and urban/rural ratio");
  v.real(p.town_wage_ref, "labour.town_wage_reference", 5000, "real jobs", 1, 1e9, "town employment at which the premium is 1", "assumption (normalisation)");
  v.real(p.collective_hiring, "firms.collective_hiring", 0.3, "share", 0, 1,
         "collective units fill this share of the gap to their desired employment (1978 labour plans absorbed new urban cohorts)", "calibrated: 1978-85 employment structure (urban unemployment, no rise of the farming share); 1.0 made urbanisation jump");
  v.real(p.farm_attachment, "labour.farm_attachment", 0.9, "ratio", 0, 100,
         "a farmer looks for wage work when the expected wage exceeds this multiple of his share of the farm's labour income",
         "calibrated: primary employment share 2013 (priors A6: under-employed rural labour held back)");
  v.real(p.job_search, "labour.search_intensity", 0.2, "per quarter", 0, 1, "propensity of a farmer with a better expected wage to look for a job", "calibrated: primary employment share 2013 and farmers in non-agricultural work 2013");
  // ---- migration
  v.schedule(p.reservation_income, "migration.reservation_income",
             linear({{1978, 134}, {1990, 317}, {2000, 519}, {2013, 1496}}), "1978 yuan per worker per year", 0, 1e7,
             "income of a worker staying in a rural home province", "national rural net income per capita deflated by the CPI (targets: china 2013; priors N3 memory denominators)");
  v.real(p.reservoir, "migration.reservoir", 5000, "10k persons", 0, 1e6, "workers in other provinces who could migrate", "priors D11 (77 m cross-province, 85% to the east)");
  v.real(p.migration_elasticity, "migration.elasticity", 1.5, "elasticity", 0, 10, "elasticity of migration to the expected income ratio", "priors M2 (1-3), M1");
  v.real(p.migration_rate, "migration.rate", 0.005, "per month", 0, 1, "share of the reservoir moving at an expected income ratio of e", "calibrated: residents from other provinces 2013");
  v.real(p.living_cost, "migration.living_cost_share", 0.34, "share of the wage", 0, 1, "city living cost of a migrant as a share of the wage", "priors M3 (892 of 2,609 yuan/month in 2013)");
  v.real(p.mobility_lo, "migration.rural_mobility_start", 0.01, "probability", 0, 1,
         "chance that a rural-hukou household may move to a town for work, before the hukou reforms", "issue 3 (hukou limits); assumption");
  v.real(p.mobility_hi, "migration.rural_mobility_end", 0.3, "probability", 0, 1, "the same chance after the reforms", "assumption");
  v.real(p.mobility_mid, "migration.rural_mobility_mid", 1992, "year", 1978, 2100, "mid-point of the gradual (logistic) hukou relaxation",
         "1984 peasants allowed into towns, 1990s-2001 small-town hukou reforms (assumption)");
  v.real(p.mobility_width, "migration.rural_mobility_width", 4, "years", 0.1, 50, "time scale of the logistic relaxation", "assumption");
  v.real(p.opening_mid, "migration.opening_mid", 1997, "year", 1978, 2100,
         "mid-point of the gradual (logistic) fall of barriers to inter-provincial migration (multiplies the Harris-Todaro flow)",
         "priors M2 (Zhu & Poncet: border effects shrinking in the 1990s; Tombe & Zhu: costs falling to 2005); calibrated: residents from other provinces 2013");
  v.real(p.opening_width, "migration.opening_width", 3, "years", 0.1, 50, "time scale of that fall", "assumption");
  v.real(p.move_cost, "migration.move_cost", 0.2, "share of reservation income", 0, 10, "moving and border cost", "priors M1 (distance elasticity ~1.5)");
  v.real(p.return_rate, "migration.return_rate", 0.015, "per year", 0, 1, "return hazard of employed migrants", "priors M5");
  v.real(p.unemployed_return, "migration.unemployed_return", 0.2, "per month", 0, 1, "return hazard of migrants without work", "assumption (Harris-Todaro)");
  v.real(p.family_migration, "migration.family_share", 0.3, "share", 0, 1, "share of migrants who bring their family (children are otherwise left behind)",
         "targets: migrant_married_families_3y_plus 39.6%; field notes 8 (children left behind)");
  // ---- urbanisation
  v.real(p.conversion_ratio, "urban.conversion_growth", 1.5, "share", 0, 100,
         "a town converts its nearest village to an urban community each time its urban workforce has grown by this share", "field notes 5; value: calibrated");
  v.real(p.conversion_min_workers, "urban.conversion_min_workers", 5000, "real workers", 0, 1e9,
         "urban workforce a town needs (x (1 + conversion_growth)) before its first village conversion", "assumption; calibrated: urbanisation path (no early jump)");
  v.real(p.floor_rent, "urban.floor_rent", 0.174, "share of the monthly wage", 0, 5,
         "monthly rent a migrant household pays for a let ground floor (room, workshop or store), as a share of the going wage; "
         "converted households share their town's migrant tenants",
         "field notes 5 ('let out the ground floor'); priors M3 (migrants' housing 453 of a 2,609 yuan monthly wage in 2013)");
  v.real(p.move_to_town, "urban.move_to_town", 0.05, "per year", 0, 1, "hazard that a rural household whose workers all work in a town moves there", "calibrated: urbanisation 2013");
  // ---- prices and measurement
  v.schedule(p.cpi, "prices.cpi", step({{1978, 100.0}, {1979, 102.0}, {1980, 109.5}, {1981, 112.2}, {1982, 114.4}, {1983, 116.7}, {1984, 119.9}, {1985, 131.1}, {1986, 139.6}, {1987, 149.8}, {1988, 177.9}, {1989, 209.9}, {1990, 216.4}, {1991, 223.8}, {1992, 238.1}, {1993, 273.1}, {1994, 339.0}, {1995, 396.9}, {1996, 429.9}, {1997, 441.9}, {1998, 438.4}, {1999, 432.2}, {2000, 434.0}, {2001, 437.0}, {2002, 433.5}, {2003, 438.7}, {2004, 455.8}, {2005, 464.0}, {2006, 471.0}, {2007, 493.6}, {2008, 522.7}, {2009, 519.0}, {2010, 536.1}, {2011, 565.0}, {2012, 579.7}, {2013, 594.8}}), "1978=100", 0, 1e6, "consumer price index (deflator for nominal indicators)",
             "scenarios/data/china_cpi_1978_2013.csv (national CPI)");
  v.real(p.poverty_line, "measure.poverty_line", 130, "1978 yuan per person per year", 0, 1e6, "absolute poverty line, fixed in real terms",
         "calibrated: 1978 poverty rate 36.1% with the initial income distribution (targets)");
  v.list(p.snapshot_years, "output.snapshot_years", {}, "years", 1900, 2200, "years at which households.csv and firms.csv snapshots are written", "convention");
  v.list(p.io, "accounts.io_coefficients",
         {0.20, 0.12, 0.00, 0.02, 0.01,   // inputs from agriculture into agri, manuf, constr, trade, services
          0.12, 0.43, 0.45, 0.05, 0.10,   // from manufacturing
          0.01, 0.01, 0.05, 0.01, 0.02,   // from construction
          0.02, 0.04, 0.03, 0.03, 0.05,   // from trade
          0.02, 0.15, 0.07, 0.06, 0.12},  // from services
         "input per unit of output", 0, 1,
         "5x5 technical coefficients, row = supplying sector, column = using sector (agriculture, manufacturing, construction, trade, services)",
         "assumption, shaped like China's input-output tables (manufacturing intermediate share ~0.7)");
}

}  // namespace models::zhejiang
