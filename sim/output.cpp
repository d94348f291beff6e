#include "sim/output.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "sim/error.hpp"

namespace fs = std::filesystem;

namespace sim {

AtomicFile::AtomicFile(std::string path, bool binary) : path_(std::move(path)) {
  const fs::path p(path_);
  tmp_ = (p.parent_path() / ("." + p.filename().string() + ".tmp")).string();
  out_.open(tmp_, binary ? std::ios::binary | std::ios::trunc : std::ios::trunc);
  if (!out_) throw Error("cannot write '" + tmp_ + "'");
}

AtomicFile::~AtomicFile() {
  if (!done_) {
    out_.close();
    std::error_code ec;
    fs::remove(tmp_, ec);
  }
}

void AtomicFile::commit() {
  out_.flush();
  if (!out_) throw Error("error while writing '" + tmp_ + "'");
  out_.close();
  fs::rename(tmp_, path_);
  done_ = true;
}

void write_file_atomic(const std::string& path, const std::string& content) {
  AtomicFile f(path);
  f.stream() << content;
  f.commit();
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

}  // namespace sim
