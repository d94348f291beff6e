#include "sim/app/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <thread>
#include <nlohmann/json.hpp>

#include "sim/compare.hpp"
#include "sim/app/parse_only.hpp"
#include "sim/app/calibrate_cli.hpp"
#include "sim/app/sweep_cli.hpp"
#include "sim/error.hpp"
#include "sim/output.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/targets.hpp"

namespace fs = std::filesystem;

namespace sim::app {

namespace {
/// A Markdown table cell: a '|' inside it (choices such as `all|private`) would end the cell.
std::string md_cell(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}
}  // namespace

std::string parameter_markdown(const ParamRegistry& reg) {
  std::string s = "| key | type | default | unit | range | description | source |\n|---|---|---|---|---|---|---|\n";
  for (const auto& p : reg.specs()) {
    s += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", p.key, type_name(p.type), md_cell(p.default_string()), md_cell(p.unit),
                     md_cell(p.range_string()), md_cell(p.doc), md_cell(p.source));
  }
  return s;
}

namespace {

void setup_logging(const std::string& level, const std::string& file) {
  std::vector<spdlog::sink_ptr> sinks;
  auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  err->set_pattern("[%H:%M:%S] [%^%l%$] %v");
  sinks.push_back(err);
  if (!file.empty()) {
    auto f = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file, true);
    f->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%l] %v");
    f->set_level(spdlog::level::debug);
    sinks.push_back(f);
  }
  auto logger = std::make_shared<spdlog::logger>("xiaoda", sinks.begin(), sinks.end());
  const auto lvl = spdlog::level::from_str(level);
  err->set_level(lvl);
  logger->set_level(file.empty() ? lvl : std::min(lvl, spdlog::level::debug));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

ResolvedScenario default_scenario(const ModelCatalog& catalog, const std::string& model) {
  return load_scenario_text("model: " + model + "\n", "(defaults of " + model + ")", {}, catalog);
}

void describe_model(const ModelCatalog& catalog, const ModelInfo& m, bool markdown) {
  const ParamRegistry reg = catalog.registry(m.name);
  Simulation s(default_scenario(catalog, m.name), m);
  s.setup();
  if (markdown) {
    std::cout << "## Model `" << m.name << "`\n\n" << m.doc << "\n\n### Parameters\n\n" << parameter_markdown(reg);
    std::cout << "\n### Agent types\n\n";
    for (const auto& t : s.tables()) {
      std::cout << "- **" << t->name() << "**: " << t->doc() << " Columns: ";
      for (std::size_t i = 0; i < t->columns().size(); ++i)
        std::cout << (i ? ", " : "") << "`" << t->columns()[i]->name() << "`";
      std::cout << ".\n";
    }
    std::cout << "\n### Phases (in order)\n\n";
    int i = 1;
    for (const auto& p : s.phases())
      std::cout << i++ << ". `" << p.name << "`" << (p.kind == PhaseKind::PerAgent ? " (parallel over " + p.table + ")" : " (model-wide)")
                << ": " << p.doc << "\n";
    std::cout << "\n### Indicators\n\n| name | unit | description |\n|---|---|---|\n";
    for (const auto& ind : s.indicators()) std::cout << "| `" << ind.name << "` | " << md_cell(ind.unit) << " | " << md_cell(ind.doc) << " |\n";
    std::cout << "\n";
    return;
  }
  std::cout << "MODEL " << m.name << "\n  " << m.doc << "\n\n  AGENT TYPES\n";
  for (const auto& t : s.tables()) {
    std::cout << "    " << t->name() << ": " << t->doc() << "\n      columns:";
    for (const auto& c : t->columns()) std::cout << " " << c->name();
    std::cout << "\n";
  }
  std::cout << "\n  PHASES (each tick, in order)\n";
  int i = 1;
  for (const auto& p : s.phases())
    std::cout << fmt::format("    {:>2}. {:<28} {:<22} {}\n", i++, p.name,
                             p.kind == PhaseKind::PerAgent ? "parallel over " + p.table : "model-wide", p.doc);
  const auto modules = reg.is_group("policies") ? reg.children("policies") : std::vector<std::string>{};
  if (!modules.empty()) {
    std::cout << "\n  POLICY MODULES\n";
    for (const auto& mod : modules) {
      const auto it = reg.groups().find("policies." + mod);
      std::cout << "    " << mod << (it != reg.groups().end() ? ": " + it->second : "") << "\n";
    }
  }
  std::cout << "\n  INDICATORS\n";
  for (const auto& ind : s.indicators()) std::cout << fmt::format("    {:<44} [{}] {}\n", ind.name, ind.unit, ind.doc);
  std::cout << "\n  PARAMETERS (key, type, default, unit, range: doc [source])\n";
  for (const auto& p : reg.specs()) {
    std::cout << fmt::format("    {} ({}) = {}{}{}\n        {}{}\n", p.key, type_name(p.type), p.default_string(),
                             p.unit.empty() ? "" : " " + p.unit,
                             p.range_string().empty() ? "" : "  range " + p.range_string(), p.doc,
                             p.source.empty() ? "" : " [" + p.source + "]");
  }
  std::cout << "\n";
}

std::string joined_args(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

void print_fit(const ResolvedScenario& rs, const IndicatorTable& table) {
  const std::string& tpath = rs.params.text("run.targets");
  if (tpath.empty()) return;
  const auto rows = compute_fit(read_targets(tpath), rs.params.text("run.target_scope"), table);
  std::cout << "\nFit against " << tpath << " (scope " << rs.params.text("run.target_scope") << ")\n"
            << fit_table_text(rows);
}

}  // namespace

int run_cli(int argc, char** argv, const ModelCatalog& catalog) {
  CLI::App app{"xiaoda: agent-based simulation of rural-to-urban industrialization"};
  app.require_subcommand(1);
  app.fallthrough();  // global options (--log-level) also after the subcommand
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace|debug|info|warn|error|off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  // hidden: parse only, run nothing (sim/app/parse_only.hpp; tests/test_documented_commands.cpp)
  auto* parse_only = app.add_flag("--parse-only")->description("Parse the command line and stop")->group("");

  // run
  std::string scenario_path, out_dir;
  std::vector<std::string> sets;
  std::int64_t seed = -1;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool force = false, no_progress = false, profile = false, check_invariants = false;
  std::int64_t checkpoint_every = 0, stop_after = -1;
  auto* run = app.add_subcommand("run", "Run a scenario");
  run->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  run->add_option("--out", out_dir, "Output folder")->required();
  run->add_option("--seed", seed, "Run seed (overrides run.seed)");
  run->add_option("--threads", threads, "Worker threads (default: all cores; output does not depend on it)")->check(CLI::Range(1, 1024));
  run->add_option("--set", sets, "Override a key: key.path=value (repeatable)");
  run->add_flag("--force", force, "Write into a non-empty output folder");
  run->add_option("--checkpoint-every", checkpoint_every, "Write a checkpoint every N ticks")->check(CLI::NonNegativeNumber);
  run->add_option("--stop-after", stop_after, "Stop after N ticks as if interrupted (for testing resume)");
  run->add_flag("--no-progress", no_progress, "No progress bar or progress log lines");
  run->add_flag("--profile", profile, "Print the time spent in each phase at the end (always in run.json and xiaoda.log)");
  run->add_flag("--check-invariants", check_invariants,
                "Check the model's identities (population, labour, money) after every tick; stop with exit 1 when one fails");

  // validate
  auto* validate = app.add_subcommand("validate", "Check a scenario without running it");
  validate->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  validate->add_option("--set", sets, "Override a key: key.path=value (repeatable)");

  // describe
  std::string describe_model_name;
  bool markdown = false;
  auto* describe = app.add_subcommand("describe", "List models, agent types, phases, policy modules and parameters");
  describe->add_option("model", describe_model_name, "Only this model");
  describe->add_flag("--markdown", markdown, "Markdown tables (for the docs)");

  // resume
  std::string resume_dir;
  auto* resume = app.add_subcommand("resume", "Continue an interrupted run from its newest checkpoint");
  resume->add_option("dir", resume_dir, "Output folder of the interrupted run")->required();
  resume->add_option("--threads", threads, "Worker threads")->check(CLI::Range(1, 1024));
  resume->add_option("--checkpoint-every", checkpoint_every, "Write a checkpoint every N ticks");
  resume->add_flag("--no-progress", no_progress, "No progress bar or progress log lines");
  resume->add_flag("--profile", profile, "Print the time spent in each phase at the end");
  resume->add_flag("--check-invariants", check_invariants, "Check the model's identities after every tick");

  // fit
  std::string fit_dir;
  auto* fit = app.add_subcommand("fit", "Print the fit table of a finished run and write fit.csv");
  fit->add_option("dir", fit_dir, "Output folder of a run")->required();

  // bench
  // One positional (the model); prefix_command() then hands every later argument, in order, to
  // remaining(). (A vector positional here took the option values but dropped the option names.)
  std::string bench_model;
  auto* bench = app.add_subcommand("bench", "Benchmark a model: xiaoda bench MODEL [options]");
  bench->add_option("model", bench_model, "Model name; the arguments after it go to its benchmark")->required();
  bench->allow_extras();
  bench->prefix_command();
  // Subcommands inherit the top-level fallthrough(); here it handed `--size` etc. to the top
  // level, which refused them ("The following arguments were not expected").
  bench->fallthrough(false);

  // sweep plan | run | summary | merge (sim/app/sweep_cli.cpp)
  SweepCommands sweep_commands(app);
  CalibrateCommands calibrate_commands(app);  // calibrate, sensitivity (sim/app/calibrate_cli.cpp)

  // compare
  std::vector<std::string> compare_inputs_list;
  CompareOptions cmp;
  std::string cmp_years, cmp_indicators, cmp_out, cmp_plot;
  auto* compare = app.add_subcommand("compare", "Differences of indicators between runs or scenarios (first = reference)");
  compare->add_option("inputs", compare_inputs_list, "Run folders or scenario files; the first is the reference")
      ->required()->expected(2, 1000);
  compare->add_option("--years", cmp_years, "Comma-separated years (default: every recorded year)");
  compare->add_option("--indicators", cmp_indicators,
                      "Comma-separated indicators of the table, --out and --plot (default: all; --plot: the first 9)");
  compare->add_option("--replicates", cmp.replicates, "Seeds per scenario file (paired across scenarios)")
      ->check(CLI::Range(1, 100000));
  compare->add_option("--seed", cmp.base_seed, "Replicate r uses seed SEED + r");
  compare->add_option("--threads", cmp.threads, "Threads per run")->check(CLI::Range(1, 1024));
  compare->add_option("--jobs", cmp.jobs, "Runs at once")->check(CLI::Range(1, 1024));
  compare->add_option("--set", cmp.sets, "Override a key in every scenario (repeatable)");
  compare->add_option("--out", cmp_out, "Write compare.csv to this file");
  compare->add_option("--plot", cmp_plot,
                      "Differences over time: one panel per indicator (mean paired difference, 95 % band) in this "
                      ".png, their data in STEM_over_time.csv beside it (PNG needs python3 with matplotlib)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (parse_only->count() > 0) parse_only_failure(app, e);
    return app.exit(e);
  }
  if (parse_only->count() > 0) return parse_only_report(app, catalog);

  try {
    if (sweep_commands.selected()) {
      setup_logging(log_level, "");
      return sweep_commands.execute(catalog, log_level);
    }
    if (calibrate_commands.selected()) {
      setup_logging(log_level, "");
      return calibrate_commands.execute(catalog, log_level);
    }
    if (*describe) {
      setup_logging(log_level, "");
      if (!describe_model_name.empty()) {
        const ModelInfo* m = catalog.find(describe_model_name);
        if (!m) throw UsageError("unknown model '" + describe_model_name + "'");
        describe_model(catalog, *m, markdown);
      } else {
        for (const auto& m : catalog.models()) describe_model(catalog, m, markdown);
      }
      return 0;
    }
    if (*validate) {
      setup_logging(log_level, "");
      const auto rs = load_scenario(scenario_path, sets, catalog);
      // Also check the calendar (which depends on several keys).
      Simulation s(rs, *catalog.find(rs.model));
      std::cout << scenario_path << ": valid scenario for model '" << rs.model << "' (" << rs.params.values().size()
                << " parameters, " << rs.chain.size() << " file(s))\n";
      return 0;
    }
    if (*run) {
      setup_logging(log_level, "");
      if (seed >= 0) sets.push_back("run.seed=" + std::to_string(seed));
      const auto rs = load_scenario(scenario_path, sets, catalog);  // errors before touching the folder
      { Simulation check(rs, *catalog.find(rs.model)); }
      prepare_output_dir(out_dir, force);
      setup_logging(log_level, (fs::path(out_dir) / "xiaoda.log").string());
      RunOptions opt;
      opt.threads = threads;
      opt.out_dir = out_dir;
      opt.force = force;
      opt.checkpoint_every = checkpoint_every;
      opt.stop_after = stop_after;
      opt.progress = !no_progress;
      opt.profile = profile;
      opt.check_invariants = check_invariants;
      opt.command_line = joined_args(argc, argv);
      const auto res = execute_run(catalog, rs, opt);
      if (res.completed) {
        print_fit(rs, res.table);
        std::cout << "\nOutputs in " << out_dir << ": indicators.csv, run.json, xiaoda.log\n";
      }
      return 0;
    }
    if (*resume) {
      setup_logging(log_level, (fs::path(resume_dir) / "xiaoda.log").string());
      const std::string ckpt = latest_checkpoint(resume_dir);
      if (ckpt.empty()) throw UsageError("no checkpoint in '" + resume_dir + "/checkpoints'");
      const std::string yaml = checkpoint_scenario(ckpt);
      auto rs = load_scenario_text(yaml, ckpt, {}, catalog);
      // keep the original scenario's file name for the record
      const auto meta_path = fs::path(resume_dir) / "run.json";
      if (fs::exists(meta_path)) {
        const auto meta = nlohmann::json::parse(read_text_file(meta_path.string()));
        if (meta.contains("scenario_file")) rs.file = meta["scenario_file"].get<std::string>();
      }
      RunOptions opt;
      opt.threads = threads;
      opt.out_dir = resume_dir;
      opt.force = true;
      opt.checkpoint_every = checkpoint_every;
      opt.progress = !no_progress;
      opt.check_invariants = check_invariants;
      opt.resume_from = ckpt;
      opt.profile = profile;
      opt.command_line = joined_args(argc, argv);
      const auto res = execute_run(catalog, rs, opt);
      if (res.completed) print_fit(rs, res.table);
      return 0;
    }
    if (*fit) {
      setup_logging(log_level, "");
      const auto table = read_indicators_csv((fs::path(fit_dir) / "indicators.csv").string());
      const auto meta = nlohmann::json::parse(read_text_file((fs::path(fit_dir) / "run.json").string()));
      const auto tpath = fs::path(fit_dir) / "targets.csv";
      if (!fs::exists(tpath)) throw UsageError("run '" + fit_dir + "' has no targets.csv: its scenario set no run.targets");
      const std::string scope = meta["scenario"]["run"]["target_scope"].get<std::string>();
      const auto rows = compute_fit(read_targets(tpath.string()), scope, table);
      std::cout << fit_table_text(rows);
      write_file_atomic((fs::path(fit_dir) / "fit.csv").string(), fit_csv(rows));
      std::cout << "wrote " << (fs::path(fit_dir) / "fit.csv").string() << "\n";
      return 0;
    }
    if (*compare) {
      setup_logging(log_level, "");
      auto split = [](const std::string& text) {
        std::vector<std::string> v;
        std::string cur;
        for (char c : text + ",") {
          if (c == ',') {
            if (!cur.empty()) v.push_back(cur);
            cur.clear();
          } else if (c != ' ') {
            cur += c;
          }
        }
        return v;
      };
      for (const auto& y : split(cmp_years)) {
        try {
          cmp.years.push_back(std::stoi(y));
        } catch (...) {
          throw UsageError("--years: '" + y + "' is not a year");
        }
      }
      cmp.indicators = split(cmp_indicators);
      if (!cmp_plot.empty()) check_plot_path(cmp_plot, cmp_out);  // before anything runs
      const auto tables = compare_tables(catalog, compare_inputs_list, cmp);
      const auto rows = compare_rows(compare_inputs_list, tables, cmp.indicators, cmp.years);
      std::cout << compare_text(rows);
      if (!cmp_out.empty()) {
        write_file_atomic(cmp_out, compare_csv(rows));
        std::cout << "wrote " << cmp_out << "\n";
      }
      if (!cmp_plot.empty()) {
        const auto plot = plot_compare(compare_inputs_list, tables, cmp.indicators, cmp_plot);
        std::cout << "wrote " << plot.csv << "\n";
        if (!plot.png.empty()) std::cout << "wrote " << plot.png << "\n";
      }
      return 0;
    }
    if (*bench) {
      setup_logging(log_level, "");
      return sim::app::bench_model(catalog, bench_model).bench(bench->remaining());
    }
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "xiaoda: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "xiaoda: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace sim::app
