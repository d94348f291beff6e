#pragma once
// Minimal CSV reading and writing (RFC 4180 quoting) for plan files and summaries.
#include <string>
#include <vector>

namespace sim::sweep {

/// Parses CSV text into rows of fields. Handles quoted fields with commas, quotes and newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);
/// Quotes a field when it needs it.
std::string csv_field(const std::string& s);
/// Joins fields into one CSV line (with newline).
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace sim::sweep
