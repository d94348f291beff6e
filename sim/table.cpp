#include "sim/table.hpp"

#include "sim/parallel.hpp"

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
  // Rows before the first dead one stay where they are; the live rows after it move down in order.
  // The moves are done column by column (one tight loop per column over the list of source rows),
  // which gives exactly the layout the row-by-row loop gave, with one virtual call per column.
  const std::size_t n = ids_.size();
  std::size_t first = 0;
  while (first < n && !dead_[first]) ++first;
  if (first == n) return 0;
  // The list of source rows (live rows after `first`, in order): live rows counted per fixed chunk,
  // then each chunk writes its own at its offset; the dead rows' ids are forgotten on the way.
  const std::size_t tail = n - first;
  std::vector<std::size_t> offset(chunk_count(tail) + 1, 0);
  parallel_chunks(tail, [&](std::size_t c, std::size_t b, std::size_t e) {
    std::size_t live = 0;
    for (std::size_t i = b; i < e; ++i) live += dead_[first + i] ? 0 : 1;
    offset[c + 1] = live;
  });
  for (std::size_t c = 1; c < offset.size(); ++c) offset[c] += offset[c - 1];
  std::vector<std::uint32_t> src(offset.back());
  parallel_chunks(tail, [&](std::size_t c, std::size_t b, std::size_t e) {
    std::size_t o = offset[c];
    for (std::size_t i = b; i < e; ++i) {
      const std::size_t r = first + i;
      if (dead_[r]) row_of_id_[ids_[r]] = kNoRow;
      else src[o++] = static_cast<std::uint32_t>(r);
    }
  });
  // Each column (and the id list) is an independent task: the same moves, in the same order within
  // each, whatever the thread count.
  const std::size_t ncols = cols_.size();
  parallel_chunks(
      ncols + 1,
      [&](std::size_t, std::size_t b, std::size_t e) {
        for (std::size_t k = b; k < e; ++k) {
          if (k < ncols) {
            cols_[k]->gather(first, src);
            continue;
          }
          for (std::size_t i = 0; i < src.size(); ++i) {
            const std::size_t w = first + i;
            ids_[w] = ids_[src[i]];
            row_of_id_[ids_[w]] = static_cast<std::uint32_t>(w);
          }
        }
      },
      1);
  const std::size_t w = first + src.size();
  const std::size_t removed = n - w;
  ids_.resize(w);
  dead_.assign(w, 0);
  for (auto& c : cols_) c->resize(w);
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
