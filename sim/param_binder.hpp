#pragma once
// One list of calls that both declares parameters and reads them into a struct.
//
// A component writes `void bind(sim::ParamBinder& b)` once, with one call per field:
//   b.real(x, "rate", 0.2, "per year", 0, 1, "what it is", "where the value comes from");
// Bound to a registry, the call declares the key with its default, unit, range, doc and source;
// bound to resolved parameters, it reads the value into the field. So the declaration is the only
// place a default is written, and a key cannot be declared under one name and read under another.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/params.hpp"

namespace sim {

class ParamBinder {
 public:
  /// Declares keys `prefix.key` into `reg`.
  static ParamBinder declaring(ParamRegistry& reg, std::string prefix) { return ParamBinder(&reg, nullptr, std::move(prefix)); }
  /// Reads keys `prefix.key` from resolved parameters.
  static ParamBinder reading(const Params& from, std::string prefix) { return ParamBinder(nullptr, &from, std::move(prefix)); }

  bool declaring() const { return reg_ != nullptr; }
  const std::string& prefix() const { return prefix_; }
  std::string key(const std::string& k) const { return prefix_.empty() ? k : prefix_ + "." + k; }

  /// Documents a group below the prefix ("" for the prefix itself).
  void group(const std::string& sub, const std::string& doc) {
    if (reg_) reg_->group(sub.empty() ? prefix_ : key(sub), doc);
  }
  /// A renamed key below the prefix: scenarios using the old name get an error naming the new one.
  void renamed(const std::string& old_key, const std::string& new_key) {
    if (reg_) reg_->renamed(key(old_key), key(new_key));
  }

  /// A key that no longer exists: scenarios using it get an error saying why.
  void removed(const std::string& old_key, const std::string& why) {
    if (reg_) reg_->removed(key(old_key), why);
  }

  void real(double& x, const std::string& k, double def, const char* unit, double lo, double hi, const char* doc,
            const char* src) {
    if (reg_) reg_->real(key(k), def, unit, doc).range(lo, hi).cite(src);
    if (from_) x = from_->real(key(k));
  }
  void integer(int& x, const std::string& k, int def, const char* unit, double lo, double hi, const char* doc,
               const char* src) {
    if (reg_) reg_->integer(key(k), def, unit, doc).range(lo, hi).cite(src);
    if (from_) x = static_cast<int>(from_->integer(key(k)));
  }
  void flag(bool& x, const std::string& k, bool def, const char* doc, const char* src) {
    if (reg_) reg_->flag(key(k), def, doc).cite(src);
    if (from_) x = from_->flag(key(k));
  }
  void choice(std::string& x, const std::string& k, const char* def, std::vector<std::string> choices, const char* doc,
              const char* src) {
    if (reg_) reg_->choice(key(k), def, std::move(choices), doc).cite(src);
    if (from_) x = from_->text(key(k));
  }
  void schedule(Schedule& x, const std::string& k, Schedule def, const char* unit, double lo, double hi,
                const char* doc, const char* src) {
    if (reg_) reg_->schedule(key(k), std::move(def), unit, doc).range(lo, hi).cite(src);
    if (from_) x = from_->schedule(key(k));
  }
  void list(std::vector<double>& x, const std::string& k, std::vector<double> def, const char* unit, double lo,
            double hi, const char* doc, const char* src) {
    if (reg_) reg_->list(key(k), std::move(def), unit, doc).range(lo, hi).cite(src);
    if (from_) x = from_->list(key(k));
  }

 private:
  ParamBinder(ParamRegistry* reg, const Params* from, std::string prefix)
      : reg_(reg), from_(from), prefix_(std::move(prefix)) {}
  ParamRegistry* reg_;
  const Params* from_;
  std::string prefix_;
};

/// Declares the parameters of a struct with a `bind(ParamBinder&)` member under `prefix`.
template <class P>
void declare_bound(ParamRegistry& reg, const std::string& prefix) {
  P p{};
  auto b = ParamBinder::declaring(reg, prefix);
  p.bind(b);
}

/// Reads the parameters of a struct with a `bind(ParamBinder&)` member from `prefix`.
template <class P>
P read_bound(const Params& from, const std::string& prefix) {
  P p{};
  auto b = ParamBinder::reading(from, prefix);
  p.bind(b);
  return p;
}

}  // namespace sim
