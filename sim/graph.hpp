#pragma once
// Networks: compressed adjacency (CSR) that parallel phases read without locks. Built once from
// an edge list; shortest paths use Boost.Graph's Dijkstra.
#include <cstdint>
#include <span>
#include <vector>

#include "sim/archive.hpp"

namespace sim {

struct Edge {
  std::uint32_t from = 0, to = 0;
  double weight = 1.0;
};

class Graph {
 public:
  Graph() = default;
  /// Builds a CSR graph with n vertices. Undirected graphs store each edge both ways.
  /// Neighbours of a vertex are sorted by id, so iteration order is deterministic.
  static Graph from_edges(std::size_t n, const std::vector<Edge>& edges, bool undirected = true);

  std::size_t vertices() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::size_t edges() const { return targets_.size(); }
  std::span<const std::uint32_t> neighbors(std::uint32_t v) const {
    return {targets_.data() + offsets_[v], targets_.data() + offsets_[v + 1]};
  }
  std::span<const double> weights(std::uint32_t v) const {
    return {weights_.data() + offsets_[v], weights_.data() + offsets_[v + 1]};
  }
  std::size_t degree(std::uint32_t v) const { return offsets_[v + 1] - offsets_[v]; }
  /// Shortest-path distances (sum of weights) from source to every vertex (infinity if unreachable).
  std::vector<double> distances_from(std::uint32_t source) const;
  void serialize(Archive& ar) {
    ar.io(offsets_);
    ar.io(targets_);
    ar.io(weights_);
  }

 private:
  std::vector<std::uint64_t> offsets_;
  std::vector<std::uint32_t> targets_;
  std::vector<double> weights_;
};

}  // namespace sim
