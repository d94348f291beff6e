#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "sim/graph.hpp"
#include "sim/output.hpp"
#include "test_util.hpp"

TEST(Graph, CsrNeighboursSortedAndSymmetric) {
  const auto g = sim::Graph::from_edges(4, {{0, 2, 1.0}, {0, 1, 2.0}, {2, 3, 1.5}});
  EXPECT_EQ(g.vertices(), 4u);
  EXPECT_EQ(g.edges(), 6u);
  auto n0 = g.neighbors(0);
  ASSERT_EQ(n0.size(), 2u);
  EXPECT_EQ(n0[0], 1u);
  EXPECT_EQ(n0[1], 2u);
  EXPECT_EQ(g.weights(0)[0], 2.0);
  EXPECT_EQ(g.degree(3), 1u);
  EXPECT_EQ(g.neighbors(3)[0], 2u);
}

TEST(Graph, DijkstraDistances) {
  // 0-1 (1), 1-2 (1), 0-2 (5): shortest 0->2 is 2 through 1; 3 unreachable
  const auto g = sim::Graph::from_edges(4, {{0, 1, 1.0}, {1, 2, 1.0}, {0, 2, 5.0}});
  const auto d = g.distances_from(0);
  EXPECT_EQ(d[0], 0.0);
  EXPECT_EQ(d[1], 1.0);
  EXPECT_EQ(d[2], 2.0);
  EXPECT_TRUE(std::isinf(d[3]));
}

TEST(AtomicFile, UncommittedLeavesNothing) {
  const std::string dir = testutil::temp_dir("atomic");
  {
    sim::AtomicFile f(dir + "/a.csv");
    f.stream() << "partial";
  }  // destroyed without commit: as if the run crashed
  EXPECT_FALSE(std::filesystem::exists(dir + "/a.csv"));
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  sim::write_file_atomic(dir + "/b.csv", "x,y\n");
  EXPECT_EQ(testutil::read(dir + "/b.csv"), "x,y\n");
  EXPECT_FALSE(std::filesystem::exists(dir + "/.b.csv.tmp"));
}
