#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace testutil {

inline std::string temp_dir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("xiaoda_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

inline void write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

inline std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The lines of a plain CSV text (no quoting; a quoted note with commas splits into more cells, so
/// only the leading columns should be read), the header first, each split at commas; empty lines
/// skipped.
inline std::vector<std::vector<std::string>> csv_lines(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::vector<std::string>> lines;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::istringstream cells(line);
    lines.emplace_back();
    for (std::string c; std::getline(cells, c, ',');) lines.back().push_back(c);
  }
  return lines;
}

/// Runs the xiaoda binary; returns exit code; stdout+stderr into out.
inline int xiaoda(const std::string& args, std::string& out) {
  const std::string log = std::filesystem::temp_directory_path() / ("xiaoda_cli_" + std::to_string(::getpid()) + ".log");
  const std::string cmd = std::string(XIAODA_BINARY) + " " + args + " > " + log + " 2>&1";
  const int rc = std::system(cmd.c_str());
  out = read(log);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace testutil
