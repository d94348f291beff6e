#pragma once
// Progress of a whole sweep on stderr: a bar on a terminal, a log line every 10 s otherwise.
#include <chrono>
#include <cstdint>
#include <string>

namespace sim::sweep {

class SweepProgress {
 public:
  /// todo: runs this invocation will do; finished_before / total: of the whole database.
  SweepProgress(bool enabled, std::int64_t todo, std::int64_t finished_before, std::int64_t total);
  void update(std::int64_t done, std::int64_t failed, bool force = false);
  /// A message line above the bar (failed runs); printed even when the bar is off.
  void note(const std::string& line);
  void finish(std::int64_t done, std::int64_t failed);

 private:
  bool enabled_, tty_;
  std::int64_t todo_, before_, total_;
  std::int64_t done_ = 0, failed_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
};

/// "1h02m", "4m05s", "12s".
std::string format_duration(double seconds);

}  // namespace sim::sweep
