// Every `xiaoda ...` command line quoted in README.md and docs/*.md must parse with the real
// command-line definition, so that the docs and the CLI cannot drift apart. The docs are read when
// the test runs: a page or a command added later is covered without touching this file.
//
// What counts as a quoted command
//   - In fenced code blocks (``` or ~~~): every logical line (lines ending in `\` are joined), a
//     leading `$ ` prompt removed, `# comment` tails removed, split at the shell separators
//     `|`, `||`, `&&`, `;` and `&` written as separate words.
//   - Outside fenced blocks: every inline code span (`...`, also across a line break).
//   - In either, the command is what follows the program: a word that is `xiaoda` or ends in
//     `/xiaoda` (`./build/release/xiaoda`, `build/release/xiaoda`), wherever it stands in the line
//     (`/usr/bin/time -v build/release/xiaoda run ...`, `mpirun -np N xiaoda sweep run DIR`).
//     The program's name alone (`xiaoda`) is a mention, not a command. Output lines such as
//     `xiaoda: error ...` are not commands (the word is `xiaoda:`).
//
// Placeholders and notation
//   - `...` after `run` stands for its required arguments (`S.yaml --out DIR`, as the commands
//     around it show); after anything else it stands for further options and is dropped.
//   - `[optional words]`: the command must parse both with every bracketed group (brackets
//     removed) and without any of them.
//   - `a|b|c` in one unquoted word: each alternative is checked.
//   - `MODEL`: every model of the catalogue (after `bench`: every model that has a benchmark).
//   - Numeric placeholders: N, T, J, K -> 2; R -> 3; S -> 5 (as option values); `K/N` -> `0/2`.
//   - Every other word, placeholders in capitals included (S.yaml, DIR, A, B, SWEEP.yaml,
//     OTHER_DIR), is passed as it is: the parser only needs a string there.
//
// What is checked for each command (and each expansion of it)
//   1. `xiaoda --parse-only ARGS` exits 0 (sim/app/parse_only.hpp: the real CLI11 definition,
//      and for `bench MODEL ARGS` the model's own benchmark options). A command made only of
//      subcommand names (`xiaoda sweep run`, `xiaoda bench`) is a reference to that command: it
//      passes when the parse selected exactly those subcommands and failed only for missing
//      required arguments.
//   2. Cheap commands run for real: `describe ...` must exit 0.
//   3. Scenario files of the repository (a word starting with `scenarios/` and ending in `.yaml`)
//      named by `run`, `validate` or `compare` must exist and pass `xiaoda validate FILE` with the
//      command's `--set` overrides (and `--seed`).
//   A command that cannot be checked must be listed in kNotCheckable below with the reason; an
//   entry that no longer matches any quoted command fails the test, so the list cannot rot.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;

namespace {

/// Quoted commands that cannot be checked: a substring of the command text and the reason.
struct NotCheckable {
  const char* contains;
  const char* reason;
};
const std::vector<NotCheckable> kNotCheckable = {
    // (none at present)
};

struct Word {
  std::string text;
  bool quoted = false;  ///< some part was quoted: no placeholder or notation processing
};

/// One quoted command: where it is and the words after the program.
struct Quoted {
  std::string file;
  int line = 0;
  bool inline_code = false;
  std::string source;  ///< the quoted text as written (one logical line)
  std::vector<Word> args;
};

/// Shell-like split: whitespace separates words; '...' and "..." quote; backslash escapes.
std::vector<Word> shell_words(const std::string& s) {
  std::vector<Word> out;
  Word cur;
  bool in_word = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = s.find(c, i + 1);
      const std::size_t stop = end == std::string::npos ? s.size() : end;
      cur.text += s.substr(i + 1, stop - i - 1);
      cur.quoted = true;
      in_word = true;
      i = stop;
    } else if (c == '\\' && i + 1 < s.size()) {
      cur.text += s[++i];
      cur.quoted = true;
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) out.push_back(cur);
      cur = Word{};
      in_word = false;
    } else {
      cur.text += c;
      in_word = true;
    }
  }
  if (in_word) out.push_back(cur);
  return out;
}

bool is_program(const Word& w) {
  return !w.quoted && (w.text == "xiaoda" || (w.text.size() > 7 && w.text.ends_with("/xiaoda")));
}

/// The xiaoda commands in one logical shell line (or inline code span).
std::vector<std::vector<Word>> commands_in_line(const std::string& line) {
  std::vector<Word> words = shell_words(line);
  if (!words.empty() && !words.front().quoted && words.front().text == "$") words.erase(words.begin());
  // comment tail
  for (std::size_t i = 0; i < words.size(); ++i)
    if (!words[i].quoted && words[i].text.starts_with("#")) {
      words.resize(i);
      break;
    }
  // segments between shell separators
  std::vector<std::vector<Word>> segments(1);
  for (const Word& w : words) {
    if (!w.quoted && (w.text == "|" || w.text == "||" || w.text == "&&" || w.text == ";" || w.text == "&")) {
      segments.emplace_back();
    } else if (!w.quoted && w.text.size() > 1 && w.text.ends_with(";")) {
      segments.back().push_back(Word{w.text.substr(0, w.text.size() - 1), false});
      segments.emplace_back();
    } else {
      segments.back().push_back(w);
    }
  }
  std::vector<std::vector<Word>> out;
  for (const auto& seg : segments) {
    for (std::size_t i = 0; i < seg.size(); ++i)
      if (is_program(seg[i])) {
        std::vector<Word> args(seg.begin() + static_cast<std::ptrdiff_t>(i) + 1, seg.end());
        if (!args.empty()) out.push_back(args);  // the program's name alone is a mention
        break;
      }
  }
  return out;
}

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

/// Every quoted command of a Markdown text.
std::vector<Quoted> extract(const std::string& file, const std::string& text) {
  std::vector<std::string> lines;
  {
    std::string cur;
    for (char c : text) {
      if (c == '\n') {
        lines.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) lines.push_back(cur);
  }
  std::vector<Quoted> out;
  auto add = [&](int line, bool inl, const std::string& src) {
    for (auto& args : commands_in_line(src)) out.push_back(Quoted{file, line, inl, trim(src), args});
  };
  std::string fence;  // the opening fence while inside a block
  std::string para;   // prose paragraph being collected (for inline code across lines)
  int para_line = 0;
  auto flush_paragraph = [&] {
    // inline code spans: a run of n backticks up to the next run of exactly n backticks
    std::size_t i = 0;
    while ((i = para.find('`', i)) != std::string::npos) {
      std::size_t n = 0;
      while (i + n < para.size() && para[i + n] == '`') ++n;
      const std::string run(n, '`');
      std::size_t j = i + n, close = std::string::npos;
      while ((j = para.find(run, j)) != std::string::npos) {
        if ((j + n >= para.size() || para[j + n] != '`') && (j == 0 || para[j - 1] != '`')) {
          close = j;
          break;
        }
        while (j < para.size() && para[j] == '`') ++j;
      }
      if (close == std::string::npos) break;
      std::string span = para.substr(i + n, close - i - n);
      std::replace(span.begin(), span.end(), '\n', ' ');
      const int line = para_line + static_cast<int>(std::count(para.begin(), para.begin() + static_cast<std::ptrdiff_t>(i), '\n'));
      add(line, true, span);
      i = close + n;
    }
    para.clear();
  };
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const std::string t = trim(lines[k]);
    const int lineno = static_cast<int>(k) + 1;
    if (fence.empty()) {
      if (t.starts_with("```") || t.starts_with("~~~")) {
        flush_paragraph();
        std::size_t n = 0;
        while (n < t.size() && t[n] == t[0]) ++n;
        fence = t.substr(0, n);
        continue;
      }
      if (t.empty()) {
        flush_paragraph();
        continue;
      }
      if (para.empty()) para_line = lineno;
      else para += "\n";
      para += lines[k];
      continue;
    }
    // inside a fenced block
    if (t.starts_with(fence) && t.find_first_not_of(fence[0]) == std::string::npos) {
      fence.clear();
      continue;
    }
    std::string logical = lines[k];
    while (!trim(logical).empty() && trim(logical).back() == '\\' && k + 1 < lines.size()) {
      logical = trim(logical);
      logical.pop_back();
      logical += " " + lines[++k];
    }
    add(lineno, false, logical);
  }
  flush_paragraph();
  return out;
}

std::vector<std::string> doc_files() {
  const fs::path root = XIAODA_SOURCE_DIR;
  std::vector<std::string> files = {(root / "README.md").string()};
  std::vector<std::string> docs;
  for (const auto& e : fs::directory_iterator(root / "docs"))
    if (e.is_regular_file() && e.path().extension() == ".md") docs.push_back(e.path().string());
  std::sort(docs.begin(), docs.end());
  files.insert(files.end(), docs.begin(), docs.end());
  return files;
}

std::string relative(const std::string& path) {
  return fs::relative(path, XIAODA_SOURCE_DIR).string();
}

std::vector<Quoted> all_quoted() {
  std::vector<Quoted> all;
  for (const auto& f : doc_files()) {
    const auto q = extract(relative(f), testutil::read(f));
    all.insert(all.end(), q.begin(), q.end());
  }
  return all;
}

// ---- expansion of notation and placeholders --------------------------------------------------

using Variant = std::vector<std::string>;

const std::map<std::string, std::vector<std::string>> kEllipsis = {{"run", {"S.yaml", "--out", "DIR"}}};
const std::map<std::string, std::string> kNumbers = {{"N", "2"}, {"T", "2"}, {"J", "2"}, {"K", "2"},
                                                     {"R", "3"}, {"S", "5"}, {"K/N", "0/2"}};

std::vector<std::string> model_names(bool with_bench) {
  static const sim::ModelCatalog catalog = models::catalog();
  std::vector<std::string> names;
  for (const auto& m : catalog.models())
    if (!with_bench || m.bench) names.push_back(m.name);
  return names;
}

/// All variants a quoted command stands for.
std::vector<Variant> expand(const std::vector<Word>& args) {
  // `...`
  std::vector<Word> words;
  for (const Word& w : args) {
    if (!w.quoted && w.text == "...") {
      std::string prefix;
      for (const Word& p : words) prefix += (prefix.empty() ? "" : " ") + p.text;
      const auto it = kEllipsis.find(prefix);
      if (it != kEllipsis.end())
        for (const auto& x : it->second) words.push_back(Word{x, false});
      continue;
    }
    words.push_back(w);
  }
  // [optional] groups: all present, or none
  std::vector<std::vector<Word>> forms;
  {
    std::vector<Word> with, without;
    bool in_group = false, any_group = false;
    for (Word w : words) {
      bool opens = !w.quoted && w.text.starts_with("[");
      bool closes = !w.quoted && w.text.ends_with("]");
      if (opens) {
        w.text.erase(0, 1);
        in_group = any_group = true;
      }
      if (closes && in_group) w.text.pop_back();
      if (!w.text.empty()) {
        with.push_back(w);
        if (!in_group) without.push_back(w);
      }
      if (closes && in_group) in_group = false;
    }
    forms.push_back(with);
    if (any_group) forms.push_back(without);
  }
  // alternatives and placeholders, word by word (cartesian product)
  std::vector<Variant> out;
  for (const auto& form : forms) {
    std::vector<Variant> partial = {{}};
    for (std::size_t i = 0; i < form.size(); ++i) {
      const Word& w = form[i];
      std::vector<std::string> choices;
      if (w.quoted) {
        choices = {w.text};
      } else if (w.text == "MODEL") {
        choices = model_names(i > 0 && form[i - 1].text == "bench");
      } else if (kNumbers.count(w.text) && i > 0 && form[i - 1].text.starts_with("-")) {
        choices = {kNumbers.at(w.text)};
      } else if (w.text.find('|') != std::string::npos) {
        std::string cur;
        for (char c : w.text + "|") {
          if (c == '|') {
            if (!cur.empty()) choices.push_back(cur);
            cur.clear();
          } else {
            cur += c;
          }
        }
      } else {
        choices = {w.text};
      }
      std::vector<Variant> next;
      for (const auto& p : partial)
        for (const auto& c : choices) {
          Variant v = p;
          v.push_back(c);
          next.push_back(v);
        }
      partial = std::move(next);
    }
    out.insert(out.end(), partial.begin(), partial.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string joined(const Variant& v, bool quote) {
  std::string s;
  for (const auto& w : v) s += (s.empty() ? "" : " ") + (quote ? shell_quote(w) : w);
  return s;
}

bool is_name_word(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '-'; });
}

const NotCheckable* not_checkable(const Quoted& q) {
  for (const auto& n : kNotCheckable)
    if (q.source.find(n.contains) != std::string::npos) return &n;
  return nullptr;
}

/// Checks one variant; returns an empty string when it passes, else what went wrong.
std::string check_variant(const Variant& v) {
  std::string out;
  const int rc = testutil::xiaoda("--parse-only " + joined(v, true), out);
  if (rc != 0) {
    const bool names_only = std::all_of(v.begin(), v.end(), is_name_word);
    const bool reference = names_only && out.find("parse-only: RequiredError: " + joined(v, false) + "\n") != std::string::npos;
    if (!reference) return "does not parse (exit " + std::to_string(rc) + "):\n" + out;
    return {};
  }
  if (v.front() == "describe") {
    if (testutil::xiaoda(joined(v, true), out) != 0) return "`xiaoda " + joined(v, false) + "` fails:\n" + out;
  }
  if (v.front() == "run" || v.front() == "validate" || v.front() == "compare") {
    std::vector<std::string> scenarios, sets;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if ((v[i] == "--set") && i + 1 < v.size()) sets.push_back(v[++i]);
      else if (v[i] == "--seed" && i + 1 < v.size()) sets.push_back("run.seed=" + v[++i]);
      else if (v[i].starts_with("scenarios/") && v[i].ends_with(".yaml")) scenarios.push_back(v[i]);
    }
    for (const auto& s : scenarios) {
      if (!fs::exists(fs::path(XIAODA_SOURCE_DIR) / s)) return "names " + s + ", which does not exist";
      std::string args = "validate " + shell_quote(s);
      for (const auto& x : sets) args += " --set " + shell_quote(x);
      if (testutil::xiaoda(args, out) != 0) return "`xiaoda " + args + "` fails:\n" + out;
    }
  }
  return {};
}

}  // namespace

// The extraction conventions above, on a made-up page.
TEST(DocumentedCommands, ExtractionFollowsTheConventions) {
  const std::string page =
      "Intro `xiaoda describe boltzmann` and `xiaoda` alone and `runs/x/xiaoda.log`.\n"
      "An inline span across lines: `build/release/xiaoda compare\n"
      "A B --years 2000` end.\n"
      "\n"
      "```\n"
      "$ xiaoda sweep plan s.yaml --out d   # comment\n"
      "xiaoda: error: not a command\n"
      "/usr/bin/time -v ./build/release/xiaoda run S.yaml \\\n"
      "    --out DIR --set 'a.b=[1, 2]'\n"
      "mpirun -np 3 xiaoda sweep run DIR | tail -1 && xiaoda sweep summary DIR\n"
      "```\n"
      "`xiaoda_bench` is another program.\n";
  const auto q = extract("page.md", page);
  std::vector<std::string> got;
  for (const auto& c : q) {
    std::string s = std::to_string(c.line) + (c.inline_code ? "i:" : "f:");
    for (const auto& w : c.args) s += " " + w.text;
    got.push_back(s);
  }
  const std::vector<std::string> want = {
      "1i: describe boltzmann",
      "2i: compare A B --years 2000",
      "6f: sweep plan s.yaml --out d",
      "8f: run S.yaml --out DIR --set a.b=[1, 2]",
      "10f: sweep run DIR",
      "10f: sweep summary DIR",
  };
  EXPECT_EQ(got, want);

  // notation
  auto variants = [](const std::string& cmd) { return expand(shell_words(cmd)); };
  EXPECT_EQ(variants("run ... --checkpoint-every 120"),
            (std::vector<Variant>{{"run", "S.yaml", "--out", "DIR", "--checkpoint-every", "120"}}));
  EXPECT_EQ(variants("bench MODEL ...").size(), model_names(true).size());
  EXPECT_EQ(variants("sweep run DIR [--jobs J --threads T --shard K/N]"),
            (std::vector<Variant>{{"sweep", "run", "DIR"},
                                  {"sweep", "run", "DIR", "--jobs", "2", "--threads", "2", "--shard", "0/2"}}));
  EXPECT_EQ(variants("bench schelling --size small|large").size(), 2u);
  EXPECT_EQ(variants("run s.yaml --set 'x=a|b'").size(), 1u);  // quoted: no alternatives
}

// The check itself must be able to fail: a made-up option and a made-up subcommand do not parse.
TEST(DocumentedCommands, CheckRejectsUnknownCommandsAndOptions) {
  EXPECT_NE(check_variant({"run", "S.yaml", "--out", "DIR", "--no-such-option"}), "");
  EXPECT_NE(check_variant({"no-such-command"}), "");
  EXPECT_NE(check_variant({"bench", "schelling", "--size", "medium"}), "");
  EXPECT_EQ(check_variant({"sweep", "run"}), "");  // a reference to the command by its name
  EXPECT_NE(check_variant({"sweep", "run", "--jobs", "x"}), "");
  EXPECT_NE(check_variant({"validate", "scenarios/no_such_file.yaml"}), "");
  EXPECT_EQ(check_variant({"bench", "schelling", "--size", "small"}), "");
}

TEST(DocumentedCommands, EveryQuotedCommandParses) {
  const auto quoted = all_quoted();
  // the extraction must find the commands the README shows (guards against a silent no-op)
  ASSERT_GE(quoted.size(), 30u);
  std::set<std::string> used_exceptions;
  int checked = 0;
  for (const auto& q : quoted) {
    const std::string where = q.file + ":" + std::to_string(q.line) + ": `" + q.source + "`";
    if (const NotCheckable* n = not_checkable(q)) {
      used_exceptions.insert(n->contains);
      std::cout << "not checked: " << where << " (" << n->reason << ")\n";
      continue;
    }
    for (const auto& v : expand(q.args)) {
      ++checked;
      const std::string problem = check_variant(v);
      if (!problem.empty()) ADD_FAILURE() << where << "\n  as `xiaoda " << joined(v, false) << "`: " << problem;
    }
  }
  for (const auto& n : kNotCheckable)
    EXPECT_TRUE(used_exceptions.count(n.contains)) << "kNotCheckable entry '" << n.contains << "' matches no quoted command";
  std::cout << checked << " command lines checked from " << quoted.size() << " quoted commands\n";
}
