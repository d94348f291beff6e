#include "sim/sweep/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace sim::sweep {

std::string format_duration(double s) {
  if (!(s >= 0) || s > 1e8) return "?";
  const auto t = static_cast<long long>(s + 0.5);
  if (t >= 3600) return fmt::format("{}h{:02d}m", t / 3600, (t % 3600) / 60);
  if (t >= 60) return fmt::format("{}m{:02d}s", t / 60, t % 60);
  return fmt::format("{}s", t);
}

SweepProgress::SweepProgress(bool enabled, std::int64_t todo, std::int64_t finished_before, std::int64_t total)
    : enabled_(enabled), tty_(isatty(2) != 0), todo_(todo), before_(finished_before), total_(total) {
  start_ = std::chrono::steady_clock::now();
  last_ = start_ - std::chrono::hours(1);
}

void SweepProgress::update(std::int64_t done, std::int64_t failed, bool force) {
  done_ = done;
  failed_ = failed;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && std::chrono::duration<double>(now - last_).count() < (tty_ ? 0.2 : 10.0)) return;
  last_ = now;
  const double el = std::chrono::duration<double>(now - start_).count();
  const std::int64_t n = done + failed;
  const double rate = el > 0 ? n / el : 0.0;  // runs per second
  const double left = rate > 0 ? (todo_ - n) / rate : -1.0;
  const std::int64_t finished = before_ + n;
  const std::string text = fmt::format("{}/{} runs  done {}  failed {}  {:.1f} runs/min  {} left", finished, total_,
                                       done, failed, rate * 60.0, n >= todo_ ? "0s" : format_duration(left));
  if (tty_) {
    const int width = 30;
    const int filled = total_ > 0 ? static_cast<int>(width * finished / total_) : width;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r[%s] %s   ", bar.c_str(), text.c_str());
  } else {
    std::fprintf(stderr, "sweep: %s\n", text.c_str());
  }
  std::fflush(stderr);
}

void SweepProgress::note(const std::string& line) {
  std::fprintf(stderr, "%s%s\n", enabled_ && tty_ ? "\r\033[K" : "", line.c_str());
  last_ = start_ - std::chrono::hours(1);
}

void SweepProgress::finish(std::int64_t done, std::int64_t failed) {
  update(done, failed, true);
  if (enabled_ && tty_) std::fprintf(stderr, "\n");
}

}  // namespace sim::sweep
