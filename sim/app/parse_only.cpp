#include "sim/app/parse_only.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>

#include "sim/error.hpp"

namespace sim::app {

std::string parsed_command_path(const CLI::App& app) {
  std::string path;
  const CLI::App* cur = &app;
  while (true) {
    const auto subs = cur->get_subcommands();  // the parsed ones
    if (subs.empty()) break;
    cur = subs.front();
    path += (path.empty() ? "" : " ") + cur->get_name();
  }
  return path;
}

const ModelInfo& bench_model(const ModelCatalog& catalog, const std::string& name) {
  std::string n = name;
  if (!catalog.find(n)) std::replace(n.begin(), n.end(), '-', '_');
  const ModelInfo* m = catalog.find(n);
  if (!m)
    throw UsageError("unknown model '" + name + "' (known: " + fmt::format("{}", fmt::join(catalog.names(), ", ")) + ")");
  if (!m->bench) throw UsageError("model '" + m->name + "' has no benchmark");
  return *m;
}

int parse_only_report(CLI::App& app, const ModelCatalog& catalog) {
  const std::string path = parsed_command_path(app);
  try {
    CLI::App* bench = app.get_subcommand("bench");
    if (bench->parsed()) {
      const ModelInfo& m = bench_model(catalog, bench->get_option("model")->as<std::string>());
      if (!m.bench_check) throw UsageError("model '" + m.name + "' has a benchmark but no bench_check to check its arguments");
      m.bench_check(bench->remaining());
    }
  } catch (const std::exception& e) {
    std::cout << "parse-only: error: " << path << "\n";
    std::cerr << "xiaoda: " << e.what() << "\n";
    return 2;
  }
  std::cout << "parse-only: ok: " << path << "\n";
  return 0;
}

void parse_only_failure(const CLI::App& app, const CLI::ParseError& e) {
  // CLI11's get_name() is not always the error type (ExtrasError carries the program name)
  const char* kind = dynamic_cast<const CLI::RequiredError*>(&e)  ? "RequiredError"
                     : dynamic_cast<const CLI::ExtrasError*>(&e) ? "ExtrasError"
                                                                 : "ParseError";
  std::cout << "parse-only: " << kind << ": " << parsed_command_path(app) << "\n";
}

}  // namespace sim::app
