#include "sim/table.hpp"

namespace sim {

std::size_t Table::append() {
  const std::size_t row = ids_.size();
  const AgentId id = next_id_++;
  ids_.push_back(id);
  dead_.push_back(0);
  row_of_id_.push_back(static_cast<std::uint32_t>(row));
  for (auto& c : cols_) c->push_default();
  return row;
}

std::size_t Table::append(std::size_t n) {
  const std::size_t first = ids_.size();
  ids_.reserve(first + n);
  for (std::size_t i = 0; i < n; ++i) {
    ids_.push_back(next_id_);
    row_of_id_.push_back(static_cast<std::uint32_t>(first + i));
    ++next_id_;
  }
  dead_.resize(first + n, 0);
  for (auto& c : cols_) c->resize(first + n);
  return first;
}

std::size_t Table::compact() {
  const std::size_t n = ids_.size();
  std::size_t w = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (dead_[r]) {
      row_of_id_[ids_[r]] = kNoRow;
      continue;
    }
    if (w != r) {
      ids_[w] = ids_[r];
      for (auto& c : cols_) c->move_row(r, w);
    }
    row_of_id_[ids_[w]] = static_cast<std::uint32_t>(w);
    ++w;
  }
  const std::size_t removed = n - w;
  if (removed) {
    ids_.resize(w);
    dead_.assign(w, 0);
    for (auto& c : cols_) c->resize(w);
  }
  return removed;
}

std::size_t Table::bytes() const {
  std::size_t b = ids_.capacity() * sizeof(AgentId) + dead_.capacity() + row_of_id_.capacity() * 4;
  for (const auto& c : cols_) b += c->bytes();
  return b;
}

void Table::serialize(Archive& ar) {
  ar.check("table:" + name_);
  std::uint64_t ncols = cols_.size();
  ar.io(ncols);
  if (ncols != cols_.size()) throw CheckpointError("table '" + name_ + "': column count differs from this build");
  for (auto& c : cols_) {
    ar.check(c->name());
    std::uint64_t es = c->elem_size();
    ar.io(es);
    if (es != c->elem_size()) throw CheckpointError("column '" + c->name() + "': element size differs");
    c->serialize(ar);
  }
  ar.io(ids_);
  ar.io(next_id_);
  if (ar.loading()) {
    dead_.assign(ids_.size(), 0);
    row_of_id_.assign(next_id_, kNoRow);
    for (std::size_t r = 0; r < ids_.size(); ++r) row_of_id_[ids_[r]] = static_cast<std::uint32_t>(r);
  }
}

}  // namespace sim
