#pragma once
// Files that appear complete or not at all: written to a hidden temporary name, renamed on commit.
#include <fstream>
#include <string>

namespace sim {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path, bool binary = false);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  std::ofstream& stream() { return out_; }
  void commit();

 private:
  std::string path_, tmp_;
  std::ofstream out_;
  bool done_ = false;
};

/// Writes a whole text file atomically.
void write_file_atomic(const std::string& path, const std::string& content);
std::string read_text_file(const std::string& path);

/// Peak resident set size of this process, in MiB.
double peak_rss_mib();

}  // namespace sim
