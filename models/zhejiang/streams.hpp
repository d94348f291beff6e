#pragma once
// The named random streams of the Zhejiang model. Every draw the model makes names one of these:
// a (stream, sub-stream) pair of the engine's keyed Philox generator, keyed further by the tick and
// the agent (sim/rng.hpp). Two purposes must never share a pair, or their numbers would be
// correlated; tests/test_zhejiang_streams.cpp checks that the list below has no duplicates.
//
// Per-tick streams 2..10 keep the numbers the phases had when streams were the phase's position in
// the schedule, so the redesign of the model left every draw unchanged.
#include <array>
#include <cstdint>

namespace models::zhejiang {

struct Draw {
  std::uint16_t stream;  ///< 0 for draws made while creating the 1978 population (no tick)
  std::uint16_t sub;
  const char* name;
};

namespace draw {
// per tick, keyed by household or firm id
inline constexpr Draw kDemography{2, 0, "households: return migration, births, deaths, ageing, splitting"};
inline constexpr Draw kSplit{2, 7, "households: skill and trait of a split-off household"};
inline constexpr Draw kVacancies{4, 0, "firms: rounding of the month's vacancies"};
inline constexpr Draw kLayoffs{6, 0, "labour market: layoffs"};
inline constexpr Draw kSearchTown{6, 1, "labour market: search in the home town"};
inline constexpr Draw kSearchCounty{6, 2, "labour market: search in the county"};
inline constexpr Draw kSearchProvince{6, 3, "labour market: search across the province"};
inline constexpr Draw kMoveForWork{6, 4, "labour market: a local household moves to another county for work"};
inline constexpr Draw kChoices{8, 0, "choices: job search, trading, founding, moving to town"};
inline constexpr Draw kKinPartners{8, 9, "founding: where the search for kin partners starts"};
inline constexpr Draw kNewFirm{8, 11, "founding: productivity of a new firm"};
inline constexpr Draw kFirmDynamics{10, 0, "firms: exit and sales channels"};
inline constexpr Draw kInMigration{1001, 0, "migration: arrivals from other provinces (agent 0)"};
inline constexpr Draw kStallAdmission{1012, 0, "markets: admission of a sample trader to a stall"};
inline constexpr Draw kIllness{2001, 0, "welfare: illness shock"};
inline constexpr Draw kLeftBehind{2003, 0, "migration: children a migrant couple left at home"};
inline constexpr Draw kHukouConversion{2004, 0, "hukou_reform: conversion quota"};
inline constexpr Draw kReunite{2005, 0, "hukou_reform: children brought from home"};
inline constexpr Draw kCoopOffer{2006, 0, "mutual_finance: loan granted when capital is short"};
inline constexpr Draw kConversion{1013, 0, "places: which households of a converting village become an urban community"};
// initial population and lifelong lotteries (stream 0: no tick)
inline constexpr Draw kInitVillages{0, 3, "places: terrain and distance of a village"};
inline constexpr Draw kInitHouseholds{0, 10, "households: the 1978 population"};
inline constexpr Draw kInitCollectiveJobs{0, 20, "firms: 1978 jobs in collective units"};
inline constexpr Draw kInitCollectiveFirms{0, 21, "firms: sizes and sectors of 1978 collective units"};
inline constexpr Draw kAllowanceLottery{0, 77, "subsistence_allowance: whether a household takes the allowance up"};
inline constexpr Draw kReliefLottery{0, 78, "hukou_reform: whether a migrant household is covered by relief"};
inline constexpr Draw kSchoolLottery{0, 79, "access: a migrant household's place in the school admission lottery"};
}  // namespace draw

inline constexpr std::array kAllDraws = {
    draw::kDemography, draw::kSplit, draw::kVacancies, draw::kLayoffs, draw::kSearchTown, draw::kSearchCounty,
    draw::kSearchProvince, draw::kMoveForWork, draw::kChoices, draw::kKinPartners, draw::kNewFirm, draw::kFirmDynamics,
    draw::kInMigration, draw::kStallAdmission, draw::kIllness, draw::kLeftBehind, draw::kHukouConversion,
    draw::kReunite, draw::kCoopOffer, draw::kConversion, draw::kInitVillages, draw::kInitHouseholds,
    draw::kInitCollectiveJobs, draw::kInitCollectiveFirms, draw::kAllowanceLottery, draw::kReliefLottery,
    draw::kSchoolLottery};

}  // namespace models::zhejiang
