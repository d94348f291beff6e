#pragma once
// Optional plots drawn by the Python scripts in tools/ (python3 with matplotlib). The CSV files
// they read are always written; a missing Python or matplotlib only skips the picture.
#include <string>
#include <vector>

namespace sim::calibrate {

/// tools/NAME: looked for in $XIAODA_TOOLS_DIR, next to the binary's source tree (../../tools from
/// build/<preset>/xiaoda) and in the source folder the binary was built from. "" when not found.
std::string find_tool(const std::string& name);

/// Runs `python3 tools/SCRIPT ARGS...` with a Python that has matplotlib ($XIAODA_PYTHON, python3,
/// /usr/bin/python3). Returns true when the script succeeded; otherwise `why` says what was missing.
bool run_plot(const std::string& script, const std::vector<std::string>& args, std::string& why);

}  // namespace sim::calibrate
