#pragma once
// `xiaoda --parse-only ARGS` (hidden): parses a command line with the real command-line
// definition, reports what was parsed and runs nothing. tests/test_documented_commands.cpp uses
// it to check every command quoted in the docs.
#include <CLI/CLI.hpp>

#include <string>

#include "sim/model.hpp"

namespace sim::app {

/// Names of the subcommands the parse selected, outermost first ("sweep run"); empty when none.
std::string parsed_command_path(const CLI::App& app);

/// The model `xiaoda bench NAME` benchmarks ("harris-todaro" is accepted for "harris_todaro").
/// Throws UsageError for an unknown model or one without a benchmark.
const ModelInfo& bench_model(const ModelCatalog& catalog, const std::string& name);

/// After a successful parse with --parse-only: for `bench MODEL ARGS` also checks the model and
/// its benchmark arguments (ModelInfo::bench_check). Prints "parse-only: ok: PATH" and returns 0,
/// or prints the error and returns 2.
int parse_only_report(CLI::App& app, const ModelCatalog& catalog);

/// After a failed parse with --parse-only: prints "parse-only: ERROR_NAME: PATH" (PATH as far as
/// the parse got), so that a reference to a command by its name alone (`xiaoda sweep run`) can be
/// told from a broken command line.
void parse_only_failure(const CLI::App& app, const CLI::ParseError& e);

}  // namespace sim::app
