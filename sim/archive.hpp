#pragma once
// A binary archive that reads or writes with the same calls, so a model writes one serialize()
// for checkpoints. Only trivially copyable values, vectors of them, strings and nested vectors.
#include <cstdint>
#include <cstring>
#include <iosfwd>
#include <istream>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/error.hpp"

namespace sim {

class Archive {
 public:
  static Archive writer(std::ostream& os) { return Archive(&os, nullptr); }
  static Archive reader(std::istream& is) { return Archive(nullptr, &is); }
  bool loading() const { return in_ != nullptr; }

  void bytes(void* p, std::size_t n) {
    if (in_) {
      in_->read(static_cast<char*>(p), static_cast<std::streamsize>(n));
      if (!*in_) throw CheckpointError("checkpoint truncated or unreadable");
    } else {
      out_->write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
    }
  }

  template <class T>
    requires std::is_trivially_copyable_v<T>
  void io(T& v) {
    bytes(&v, sizeof(T));
  }
  void io(std::string& s) {
    std::uint64_t n = s.size();
    io(n);
    if (loading()) s.resize(n);
    if (n) bytes(s.data(), n);
  }
  template <class T>
  void io(std::vector<T>& v) {
    std::uint64_t n = v.size();
    io(n);
    if (loading()) v.resize(n);
    if constexpr (std::is_trivially_copyable_v<T>) {
      if (n) bytes(v.data(), n * sizeof(T));
    } else {
      for (auto& x : v) io(x);
    }
  }
  /// A tag that must match on load: catches a checkpoint written by a different model layout.
  void check(const std::string& tag) {
    std::string t = tag;
    io(t);
    if (loading() && t != tag) throw CheckpointError("checkpoint section '" + t + "' found where '" + tag + "' was expected");
  }

 private:
  Archive(std::ostream* o, std::istream* i) : out_(o), in_(i) {}
  std::ostream* out_;
  std::istream* in_;
};

}  // namespace sim
