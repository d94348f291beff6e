#pragma once
// Structure-of-arrays agent table with stable ids.
//
// Rows are kept in id order: births append (ids grow), deaths mark a row and compact() removes
// marked rows stably. An id stays valid for the life of its agent; row_of(id) finds its row.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "sim/archive.hpp"

namespace sim {

using AgentId = std::uint32_t;
inline constexpr std::uint32_t kNoRow = 0xffffffffu;
inline constexpr AgentId kNoAgent = 0xffffffffu;

class ColumnBase {
 public:
  ColumnBase(std::string name, std::string doc) : name_(std::move(name)), doc_(std::move(doc)) {}
  virtual ~ColumnBase() = default;
  const std::string& name() const { return name_; }
  const std::string& doc() const { return doc_; }
  virtual std::size_t elem_size() const = 0;
  virtual void push_default() = 0;
  virtual void resize(std::size_t n) = 0;
  /// Compaction: row first + i takes the value of row src[i], for i = 0, 1, ... (src ascending and
  /// src[i] >= first + i, so the moves can be done in place in that order).
  virtual void gather(std::size_t first, const std::vector<std::uint32_t>& src) = 0;
  virtual void serialize(Archive& ar) = 0;
  virtual std::size_t bytes() const = 0;

 private:
  std::string name_, doc_;
};

template <class T>
class Column final : public ColumnBase {
  static_assert(std::is_trivially_copyable_v<T>, "columns hold trivially copyable values");

 public:
  Column(std::string name, std::string doc, T init) : ColumnBase(std::move(name), std::move(doc)), init_(init) {}
  std::size_t elem_size() const override { return sizeof(T); }
  void push_default() override { v.push_back(init_); }
  void resize(std::size_t n) override { v.resize(n, init_); }
  void gather(std::size_t first, const std::vector<std::uint32_t>& src) override {
    T* d = v.data() + first;
    const T* s = v.data();
    for (std::size_t i = 0, m = src.size(); i < m; ++i) d[i] = s[src[i]];
  }
  void serialize(Archive& ar) override { ar.io(v); }
  std::size_t bytes() const override { return v.capacity() * sizeof(T); }
  std::vector<T> v;

 private:
  T init_;
};

/// Read-only handle on a column: what one component hands to others that may read, not write.
template <class T>
class ColView {
 public:
  ColView() = default;
  explicit ColView(const Column<T>* c) : c_(c) {}
  const T& operator[](std::size_t row) const { return c_->v[row]; }
  const T* data() const { return c_->v.data(); }
  std::size_t size() const { return c_->v.size(); }

 private:
  const Column<T>* c_ = nullptr;
};

/// Typed handle on a column: cheap to copy, no string look-up when used.
template <class T>
class Col {
 public:
  Col() = default;
  explicit Col(Column<T>* c) : c_(c) {}
  T& operator[](std::size_t row) const { return c_->v[row]; }
  T* data() const { return c_->v.data(); }
  std::size_t size() const { return c_->v.size(); }
  ColView<T> view() const { return ColView<T>(c_); }

 private:
  Column<T>* c_ = nullptr;
};

class Table {
 public:
  Table(std::string name, std::string doc) : name_(std::move(name)), doc_(std::move(doc)) {}
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  const std::string& name() const { return name_; }
  const std::string& doc() const { return doc_; }

  /// Adds a column; only before the first agent exists.
  template <class T>
  Col<T> add(std::string col_name, std::string col_doc = {}, T init = T{}) {
    auto c = std::make_unique<Column<T>>(std::move(col_name), std::move(col_doc), init);
    c->resize(size());
    Column<T>* raw = c.get();
    cols_.push_back(std::move(c));
    return Col<T>(raw);
  }

  std::size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  AgentId id(std::size_t row) const { return ids_[row]; }
  const std::vector<AgentId>& ids() const { return ids_; }
  /// Row of a live agent, or kNoRow.
  std::uint32_t row_of(AgentId id) const { return id < row_of_id_.size() ? row_of_id_[id] : kNoRow; }
  bool alive(AgentId id) const { return row_of(id) != kNoRow; }

  /// Appends one agent with default values; returns its row. Serial code only.
  std::size_t append();
  /// Appends n agents; returns the first new row. Serial code only.
  std::size_t append(std::size_t n);
  /// Marks a row for removal. Safe from a parallel loop when each row is marked by one task.
  void kill(std::size_t row) { dead_[row] = 1; }
  bool dying(std::size_t row) const { return dead_[row] != 0; }
  /// Removes marked rows, keeping order. Returns the number removed.
  std::size_t compact();

  AgentId next_id() const { return next_id_; }
  std::size_t bytes() const;
  const std::vector<std::unique_ptr<ColumnBase>>& columns() const { return cols_; }
  void serialize(Archive& ar);

 private:
  std::string name_, doc_;
  std::vector<std::unique_ptr<ColumnBase>> cols_;
  std::vector<AgentId> ids_;
  std::vector<std::uint8_t> dead_;
  std::vector<std::uint32_t> row_of_id_;
  AgentId next_id_ = 0;
};

}  // namespace sim
