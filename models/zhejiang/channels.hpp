#pragma once
// Channels: the points where a policy module acts inside the model's mechanisms. A module provides
// a channel by registering itself in World::channels when it is attached; an empty channel is the
// model without that policy (no entry support, no co-operative credit, no hukou access, ...).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace models::zhejiang {

/// Support for traders who found a manufacturing firm (manufacturing_promotion).
struct EntrySupport {
  virtual ~EntrySupport() = default;
  /// Share of the start-up capital the county pays, this year.
  virtual double subsidy_share(std::size_t county) const = 0;
  /// Multiplier on traders' propensity to found a manufacturing firm, this year.
  virtual double propensity_multiplier(std::size_t county) const = 0;
};

/// Credit for founders whose own and kin capital falls short (mutual_finance).
struct FounderCredit {
  virtual ~FounderCredit() = default;
  /// Largest loan a founder in the county may count on for start-up capital `need` (0 when none is lent).
  virtual double credit_line(std::size_t county, double need) const = 0;
  /// The loan granted for a shortfall (sample units), or 0.
  virtual double offer(std::size_t county, double shortfall, std::uint64_t household) const = 0;
  virtual void book(std::size_t county, std::uint64_t household, std::uint64_t firm, double amount) = 0;
};

/// The line that identifies low-income households (poverty_standard), real yuan per person per year.
struct Targeting {
  virtual ~Targeting() = default;
  virtual double targeting_line() const = 0;
};

/// What registration gives migrants from other provinces (hukou_reform).
struct HukouAccess {
  virtual ~HukouAccess() = default;
  /// Share of migrant children admitted to public schools without points.
  virtual double school_access() const = 0;
  /// Whether a migrant household is covered by social relief.
  virtual bool relief_covered(std::size_t row) const = 0;
  /// Factor on a migrant household's return hazard (settled families return less).
  virtual double return_factor(std::size_t row) const = 0;
  /// Chance that a local rural household may move to a town for work under the reform.
  virtual double rural_mobility() const = 0;
  /// Share of the children of local rural-hukou households living in a town (outside their
  /// registration) admitted to the town's public schools.
  virtual double local_school_access() const = 0;
};

/// Public services open to migrants by points, and the employment service (public_services).
struct ServiceAccess {
  virtual ~ServiceAccess() = default;
  /// Share of migrant children for whom points-based school seats exist.
  virtual double seat_share() const = 0;
  /// Whether a migrant household's points reach a school seat.
  virtual bool points_seat(std::size_t row) const = 0;
  /// Extra monthly chance that an unmatched seeker is matched across the province.
  virtual double search_boost() const = 0;
};

/// Relief of the cost of an illness for low-income households (public_services).
struct MedicalRelief {
  virtual ~MedicalRelief() = default;
  virtual bool active() const = 0;
  /// Pays (from the county's fund) relief to a household for an illness costing `cost`; returns
  /// what is paid (sample units).
  virtual double relieve(std::size_t row, std::size_t county, double cost) = 0;
};

/// A means-tested monthly transfer to households (subsistence_allowance).
struct MonthlyTransfer {
  virtual ~MonthlyTransfer() = default;
  virtual bool active() const = 0;
  /// Start of a household's month (before any payment).
  virtual void begin(std::size_t row) = 0;
  /// Whether pay() would consider the household at all this month (it may still pay nothing when
  /// the fund is spent). Reads only the household's own state: called in parallel.
  virtual bool may_pay(std::size_t row, bool urban, bool migrant, bool covered, double means) const = 0;
  /// Pays the household this month; `means` is its income per person of last year without transfers.
  virtual void pay(std::size_t row, std::size_t county, bool urban, bool migrant, bool covered, double means, double persons) = 0;
  /// What the household received last year (sample units).
  virtual double received_last_year(std::size_t row) const = 0;
};

struct Channels {
  const EntrySupport* entry_support = nullptr;
  FounderCredit* credit = nullptr;
  const Targeting* targeting = nullptr;
  const HukouAccess* hukou = nullptr;
  const ServiceAccess* services = nullptr;
  MedicalRelief* relief = nullptr;
  std::vector<MonthlyTransfer*> transfers;
};

}  // namespace models::zhejiang
