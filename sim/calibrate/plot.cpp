#include "sim/calibrate/plot.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

#ifndef XIAODA_TOOLS_DIR
#define XIAODA_TOOLS_DIR ""
#endif

namespace sim::calibrate {

namespace {

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

int shell(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return rc != -1 && WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace

std::string find_tool(const std::string& name) {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("XIAODA_TOOLS_DIR"); env && *env) dirs.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(exe.parent_path().parent_path().parent_path() / "tools");
  if (*XIAODA_TOOLS_DIR) dirs.emplace_back(XIAODA_TOOLS_DIR);
  for (const auto& d : dirs)
    if (fs::exists(d / name)) return (d / name).string();
  return {};
}

bool run_plot(const std::string& script, const std::vector<std::string>& args, std::string& why) {
  const std::string path = find_tool(script);
  if (path.empty()) {
    why = "tools/" + script + " not found (set XIAODA_TOOLS_DIR to the project's tools folder)";
    return false;
  }
  std::vector<std::string> pythons;
  if (const char* env = std::getenv("XIAODA_PYTHON"); env && *env) pythons.emplace_back(env);
  pythons.emplace_back("python3");
  pythons.emplace_back("/usr/bin/python3");
  for (const auto& py : pythons) {
    if (shell(quoted(py) + " -c 'import matplotlib' > /dev/null 2>&1") != 0) continue;
    std::string cmd = quoted(py) + " " + quoted(path);
    for (const auto& a : args) cmd += " " + quoted(a);
    if (shell(cmd + " > /dev/null 2>&1") == 0) return true;
    why = "the plot script failed: " + cmd;
    return false;
  }
  why = "no python3 with matplotlib (apt-get install python3-matplotlib)";
  return false;
}

}  // namespace sim::calibrate
