#include <gtest/gtest.h>

#include "models/registry.hpp"
#include "sim/error.hpp"
#include "sim/scenario.hpp"
#include "test_util.hpp"

namespace {

const sim::ModelCatalog& cat() {
  static const sim::ModelCatalog c = models::catalog();
  return c;
}

// Returns the first issue of a scenario that must fail.
sim::ScenarioIssue first_issue(const std::string& path, std::vector<std::string> sets = {}) {
  try {
    sim::load_scenario(path, sets, cat());
  } catch (const sim::ScenarioError& e) {
    EXPECT_FALSE(e.issues().empty());
    return e.issues().front();
  }
  ADD_FAILURE() << "scenario " << path << " was accepted";
  return {};
}

struct ScenarioFiles : ::testing::Test {
  std::string dir = testutil::temp_dir("scenario");
  std::string file(const std::string& name, const std::string& text) {
    const std::string p = dir + "/" + name;
    testutil::write(p, text);
    return p;
  }
};

}  // namespace

TEST_F(ScenarioFiles, DefaultsFillUndeclaredKeys) {
  const auto rs = sim::load_scenario(file("a.yaml", "model: boltzmann\nboltzmann:\n  agents: 50\n"), {}, cat());
  EXPECT_EQ(rs.params.integer("boltzmann.agents"), 50);
  EXPECT_EQ(rs.params.integer("boltzmann.places"), 100);
  EXPECT_EQ(rs.params.text("run.tick"), "month");
}

TEST_F(ScenarioFiles, ExtendsAndOverrides) {
  file("base.yaml", "model: boltzmann\nboltzmann:\n  agents: 50\n  places: 7\nrun:\n  seed: 3\n");
  const auto child = file("child.yaml", "extends: base.yaml\nboltzmann:\n  places: 9\n");
  auto rs = sim::load_scenario(child, {}, cat());
  EXPECT_EQ(rs.params.integer("boltzmann.agents"), 50);  // inherited
  EXPECT_EQ(rs.params.integer("boltzmann.places"), 9);   // overridden by the child
  EXPECT_EQ(rs.params.integer("run.seed"), 3);
  EXPECT_EQ(rs.chain.size(), 2u);
  rs = sim::load_scenario(child, {"boltzmann.places=11", "boltzmann.move_probability=0.25"}, cat());
  EXPECT_EQ(rs.params.integer("boltzmann.places"), 11);  // --set wins over files
  EXPECT_DOUBLE_EQ(rs.params.real("boltzmann.move_probability"), 0.25);
}

TEST_F(ScenarioFiles, ExtendsCycleIsAnError) {
  file("x.yaml", "extends: y.yaml\nmodel: boltzmann\n");
  const auto y = file("y.yaml", "extends: x.yaml\n");
  const auto is = first_issue(y);
  EXPECT_EQ(is.key, "extends");
  EXPECT_NE(is.message.find("cycle"), std::string::npos);
}

TEST_F(ScenarioFiles, MisspeltKeyNamesLineAndNearestKey) {
  const auto p = file("bad.yaml", "model: boltzmann\nboltzmann:\n  agents: 10\n  move_probabilty: 0.3\n");
  const auto is = first_issue(p);
  EXPECT_EQ(is.file, p);
  EXPECT_EQ(is.line, 4);
  EXPECT_EQ(is.column, 3);
  EXPECT_EQ(is.key, "boltzmann.move_probabilty");
  EXPECT_NE(is.message.find("did you mean 'boltzmann.move_probability'"), std::string::npos) << is.message;
  EXPECT_NE(is.format().find(p + ":4:3"), std::string::npos) << is.format();
}

TEST_F(ScenarioFiles, WrongTypeNamesExpectedType) {
  const auto is = first_issue(file("bad.yaml", "model: boltzmann\nboltzmann:\n  agents: many\n"));
  EXPECT_EQ(is.line, 3);
  EXPECT_EQ(is.key, "boltzmann.agents");
  EXPECT_NE(is.message.find("expected an integer"), std::string::npos) << is.message;
  EXPECT_NE(is.message.find("many"), std::string::npos);
}

TEST_F(ScenarioFiles, OutOfRangeNamesRange) {
  const auto is = first_issue(file("bad.yaml", "model: boltzmann\nboltzmann:\n  move_probability: 1.5\n"));
  EXPECT_EQ(is.line, 3);
  EXPECT_NE(is.message.find("out of range"), std::string::npos) << is.message;
  EXPECT_NE(is.message.find("[0, 1]"), std::string::npos) << is.message;
}

TEST_F(ScenarioFiles, BadChoiceListsChoices) {
  const auto is = first_issue(file("bad.yaml", "model: boltzmann\nrun:\n  tick: fortnight\n"));
  EXPECT_EQ(is.key, "run.tick");
  EXPECT_NE(is.message.find("month, quarter, year"), std::string::npos) << is.message;
}

TEST_F(ScenarioFiles, MissingModelIsAnError) {
  const auto is = first_issue(file("bad.yaml", "boltzmann:\n  agents: 3\n"));
  EXPECT_EQ(is.key, "model");
  EXPECT_NE(is.message.find("required"), std::string::npos);
}

TEST_F(ScenarioFiles, UnknownModelListsModels) {
  const auto is = first_issue(file("bad.yaml", "model: boltzman\n"));
  EXPECT_EQ(is.key, "model");
  EXPECT_EQ(is.line, 1);
  EXPECT_NE(is.message.find("did you mean 'boltzmann'"), std::string::npos) << is.message;
}

TEST_F(ScenarioFiles, UnknownGroupEntryListsKnownEntries) {
  const auto is = first_issue(file("bad.yaml", "model: boltzmann\nrun:\n  sead: 4\n"));
  EXPECT_NE(is.message.find("'run' has no entry 'sead'"), std::string::npos) << is.message;
  EXPECT_NE(is.message.find("did you mean 'run.seed'"), std::string::npos) << is.message;
}

TEST_F(ScenarioFiles, BadSetOverrideIsReported) {
  const auto p = file("ok.yaml", "model: boltzmann\n");
  const auto is = first_issue(p, {"boltzmann.agents=-4"});
  EXPECT_EQ(is.key, "boltzmann.agents");
  EXPECT_NE(is.file.find("--set"), std::string::npos);
}

TEST_F(ScenarioFiles, YamlSyntaxErrorHasLine) {
  const auto is = first_issue(file("bad.yaml", "model: boltzmann\nboltzmann:\n  agents: [1, 2\n"));
  EXPECT_GT(is.line, 0);
  EXPECT_NE(is.message.find("syntax"), std::string::npos);
}

TEST_F(ScenarioFiles, AllIssuesAreReportedAtOnce) {
  try {
    sim::load_scenario(file("bad.yaml", "model: boltzmann\nboltzmann:\n  agents: x\n  placs: 3\n"), {}, cat());
    FAIL();
  } catch (const sim::ScenarioError& e) {
    EXPECT_EQ(e.issues().size(), 2u);
  }
}

TEST(Schedule, StepAndLinear) {
  sim::Schedule s{sim::Schedule::Interp::Step, {{1990, 1.0}, {2000, 3.0}}};
  EXPECT_EQ(s.at(1980), 1.0);
  EXPECT_EQ(s.at(1995), 1.0);
  EXPECT_EQ(s.at(2005), 3.0);
  s.interp = sim::Schedule::Interp::Linear;
  EXPECT_DOUBLE_EQ(s.at(1995), 2.0);
}

TEST(Params, YamlRoundTripIsExact) {
  const auto rs = sim::load_scenario_text("model: boltzmann\nboltzmann:\n  move_probability: 0.1\n", "t", {}, cat());
  const auto again = sim::load_scenario_text(rs.params.to_yaml("boltzmann"), "t2", {}, cat());
  for (const auto& [k, v] : rs.params.values()) EXPECT_EQ(v.to_string(), again.params.at(k).to_string()) << k;
  EXPECT_EQ(again.params.real("boltzmann.move_probability"), 0.1);
}
