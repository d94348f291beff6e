#include <gtest/gtest.h>

#include <sstream>

#include "sim/table.hpp"

TEST(Table, AppendGivesStableIncreasingIds) {
  sim::Table t("a", "");
  auto x = t.add<int>("x");
  t.append(5);
  for (std::size_t r = 0; r < 5; ++r) {
    EXPECT_EQ(t.id(r), r);
    x[r] = static_cast<int>(r * 10);
  }
  const auto r = t.append();
  EXPECT_EQ(t.id(r), 5u);
  EXPECT_EQ(x[r], 0);
}

TEST(Table, CompactKeepsOrderAndIds) {
  sim::Table t("a", "");
  auto x = t.add<int>("x");
  auto y = t.add<double>("y", "", 2.5);
  t.append(10);
  for (std::size_t r = 0; r < 10; ++r) x[r] = static_cast<int>(r);
  t.kill(0);
  t.kill(3);
  t.kill(9);
  EXPECT_EQ(t.compact(), 3u);
  ASSERT_EQ(t.size(), 7u);
  const std::vector<int> expect{1, 2, 4, 5, 6, 7, 8};
  for (std::size_t r = 0; r < t.size(); ++r) {
    EXPECT_EQ(x[r], expect[r]);
    EXPECT_EQ(t.id(r), static_cast<sim::AgentId>(expect[r]));
    EXPECT_EQ(t.row_of(t.id(r)), r);
    EXPECT_EQ(y[r], 2.5);
  }
  EXPECT_FALSE(t.alive(0));
  EXPECT_FALSE(t.alive(3));
  EXPECT_TRUE(t.alive(4));
  // births after deaths get new ids, never reused
  const auto r = t.append();
  EXPECT_EQ(t.id(r), 10u);
  EXPECT_EQ(t.row_of(10), r);
}

TEST(Table, SerializeRoundTrip) {
  sim::Table t("a", "");
  auto x = t.add<int>("x");
  t.append(4);
  for (std::size_t r = 0; r < 4; ++r) x[r] = static_cast<int>(r + 1);
  t.kill(1);
  t.compact();
  std::stringstream ss;
  auto w = sim::Archive::writer(ss);
  t.serialize(w);
  sim::Table u("a", "");
  auto ux = u.add<int>("x");
  auto rd = sim::Archive::reader(ss);
  u.serialize(rd);
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(ux[1], 3);
  EXPECT_EQ(u.row_of(2), 1u);
  EXPECT_FALSE(u.alive(1));
  EXPECT_EQ(u.next_id(), 4u);
}

TEST(Table, LoadRejectsDifferentLayout) {
  sim::Table t("a", "");
  t.add<int>("x");
  t.append(2);
  std::stringstream ss;
  auto w = sim::Archive::writer(ss);
  t.serialize(w);
  sim::Table u("a", "");
  u.add<double>("x");
  auto rd = sim::Archive::reader(ss);
  EXPECT_THROW(u.serialize(rd), sim::CheckpointError);
}
