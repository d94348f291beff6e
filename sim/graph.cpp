#include "sim/graph.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>
#include <tuple>

namespace sim {

Graph Graph::from_edges(std::size_t n, const std::vector<Edge>& edges, bool undirected) {
  std::vector<Edge> all;
  all.reserve(undirected ? edges.size() * 2 : edges.size());
  for (const auto& e : edges) {
    all.push_back(e);
    if (undirected && e.from != e.to) all.push_back(Edge{e.to, e.from, e.weight});
  }
  std::sort(all.begin(), all.end(), [](const Edge& a, const Edge& b) {
    return std::tie(a.from, a.to, a.weight) < std::tie(b.from, b.to, b.weight);
  });
  Graph g;
  g.offsets_.assign(n + 1, 0);
  for (const auto& e : all) ++g.offsets_[e.from + 1];
  for (std::size_t i = 0; i < n; ++i) g.offsets_[i + 1] += g.offsets_[i];
  g.targets_.reserve(all.size());
  g.weights_.reserve(all.size());
  for (const auto& e : all) {
    g.targets_.push_back(e.to);
    g.weights_.push_back(e.weight);
  }
  return g;
}

std::vector<double> Graph::distances_from(std::uint32_t source) const {
  using BG = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                   boost::property<boost::edge_weight_t, double>>;
  const std::size_t n = vertices();
  BG bg(n);
  for (std::uint32_t v = 0; v < n; ++v) {
    auto nb = neighbors(v);
    auto w = weights(v);
    for (std::size_t i = 0; i < nb.size(); ++i) boost::add_edge(v, nb[i], w[i], bg);
  }
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  boost::dijkstra_shortest_paths(bg, boost::vertex(source, bg),
                                 boost::distance_map(boost::make_iterator_property_map(
                                     dist.begin(), boost::get(boost::vertex_index, bg))));
  // Boost marks unreachable vertices with the largest finite value; report them as infinite.
  for (double& d : dist)
    if (d == std::numeric_limits<double>::max()) d = std::numeric_limits<double>::infinity();
  return dist;
}

}  // namespace sim
