#pragma once
// Exception types of the engine. Library code throws; only the command line turns errors into exit codes.
#include <stdexcept>
#include <string>
#include <vector>

namespace sim {

/// Base class of every error the engine reports to a user.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One problem in a scenario file: where it is, which key, and what was expected.
struct ScenarioIssue {
  std::string file;  ///< scenario file, or "--set" for a command-line override
  int line = 0;      ///< 1-based; 0 when unknown
  int column = 0;    ///< 1-based; 0 when unknown
  std::string key;   ///< dotted key path
  std::string message;
  std::string format() const;
};

/// A scenario (or sweep) file that does not validate. Carries every issue found.
class ScenarioError : public Error {
 public:
  explicit ScenarioError(std::vector<ScenarioIssue> issues);
  const std::vector<ScenarioIssue>& issues() const { return issues_; }

 private:
  std::vector<ScenarioIssue> issues_;
};

/// Bad command-line use (missing folder, non-empty output folder without --force, ...).
class UsageError : public Error {
 public:
  using Error::Error;
};

/// A model identity (population accounts, balanced money flows, ...) that failed during a run
/// started with invariant checking.
class InvariantError : public Error {
 public:
  using Error::Error;
};

/// A checkpoint that cannot be read or does not match the build.
class CheckpointError : public Error {
 public:
  using Error::Error;
};

}  // namespace sim
