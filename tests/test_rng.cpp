#include <gtest/gtest.h>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <iostream>
#include <set>
#include <vector>

#include "sim/rng.hpp"

TEST(Rng, SameAddressSameNumbers) {
  sim::Rng a(7, 3, 11, 12345), b(7, 3, 11, 12345);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a(), b());
}

TEST(Rng, DifferentAddressesDiffer) {
  // seed, stream, tick, agent and sub-stream each change the numbers
  const std::uint32_t base = sim::Rng(7, 3, 11, 12345, 0)();
  EXPECT_NE(base, sim::Rng(8, 3, 11, 12345, 0)());
  EXPECT_NE(base, sim::Rng(7, 4, 11, 12345, 0)());
  EXPECT_NE(base, sim::Rng(7, 3, 12, 12345, 0)());
  EXPECT_NE(base, sim::Rng(7, 3, 11, 12346, 0)());
  EXPECT_NE(base, sim::Rng(7, 3, 11, 12345, 1)());
}

TEST(Rng, GoldenValues) {
  // Pinned outputs of Philox4x32-10 through our key/counter layout. A change here changes every run.
  sim::Rng r(1, 1, 0, 0);
  const std::uint32_t first = r();
  const std::uint32_t second = r();
  sim::Rng again(1, 1, 0, 0);
  EXPECT_EQ(first, again());
  EXPECT_EQ(second, again());
  sim::Rng g(42, 2, 5, 99);
  EXPECT_EQ(g(), 0xa07efe52u) << std::hex << "update only if the stream layout was changed on purpose";
}

TEST(Rng, UniformMomentsAndRange) {
  sim::Rng r(3, 1, 0, 0);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sq += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
  EXPECT_NEAR(sq / n - (sum / n) * (sum / n), 1.0 / 12.0, 0.002);
}

TEST(Rng, StreamsAreIndependent) {
  // Correlation between neighbouring agents' first draws is near zero.
  const int n = 100000;
  double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < n; ++i) {
    const double x = sim::Rng(5, 1, 0, i).uniform();
    const double y = sim::Rng(5, 1, 0, i + 1).uniform();
    sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
  }
  const double cov = sxy / n - sx / n * sy / n;
  const double corr = cov / std::sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
  EXPECT_LT(std::fabs(corr), 0.02);
}

TEST(Rng, BelowIsUnbiasedAndInRange) {
  sim::Rng r(9, 1, 0, 0);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) {
    const auto k = r.below(7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

TEST(Rng, NormalPoissonBinomialMoments) {
  sim::Rng r(11, 1, 0, 0);
  const int n = 100000;
  double s = 0, ss = 0, sp = 0, sb = 0;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    s += z;
    ss += z * z;
    sp += r.poisson(3.5);
    sb += r.binomial(20, 0.3);
  }
  EXPECT_NEAR(s / n, 0.0, 0.02);
  EXPECT_NEAR(ss / n, 1.0, 0.02);
  EXPECT_NEAR(sp / n, 3.5, 0.03);
  EXPECT_NEAR(sb / n, 6.0, 0.04);
}

TEST(Rng, BoostDistributionsOnTopArePinned) {
  // Boost.Random distributions accept the stream; pin their values so a Boost upgrade that changes
  // them is caught.
  sim::Rng r(2024, 1, 0, 0);
  boost::random::uniform_int_distribution<int> d(1, 6);
  const std::vector<int> golden{1, 6, 5, 2, 1, 5, 2, 5};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(d(r), golden[static_cast<std::size_t>(i)]) << "draw " << i;
  boost::random::normal_distribution<double> nd(0.0, 1.0);
  sim::Rng r3(2024, 1, 0, 0);
  EXPECT_DOUBLE_EQ(nd(r3), -1.318785957834768);
  // our own distributions are pinned too
  sim::Rng r4(5, 1, 0, 0);
  EXPECT_DOUBLE_EQ(r4.uniform(), 0.55023967891058112);
  EXPECT_DOUBLE_EQ(r4.normal(), -0.8237084434475993);
  EXPECT_EQ(r4.poisson(3.0), 4u);
  EXPECT_EQ(r4.binomial(100, 0.3), 27u);
}

// The inversion binomial (n <= 64) has the binomial's probabilities, in both tails.
TEST(Rng, SmallBinomialMatchesItsDistribution) {
  for (const auto& [n, p] : std::vector<std::pair<std::uint32_t, double>>{{3, 0.002}, {5, 0.3}, {12, 0.85}, {64, 0.5}}) {
    sim::Rng r(31, 2, 0, n);
    const int draws = 200000;
    std::vector<int> count(n + 1, 0);
    for (int i = 0; i < draws; ++i) {
      const auto k = r.binomial(n, p);
      ASSERT_LE(k, n);
      ++count[k];
    }
    double pk = std::pow(1.0 - p, n);
    for (std::uint32_t k = 0; k <= n; ++k) {
      const double sd = std::sqrt(draws * pk * (1.0 - pk));
      EXPECT_NEAR(count[k], draws * pk, 5.0 * sd + 1.0) << "n=" << n << " p=" << p << " k=" << k;
      pk *= p / (1.0 - p) * double(n - k) / double(k + 1);
    }
  }
}

// Rng::fill and BufferedRng give exactly the words of repeated operator() calls, from any position
// in the current block and for any length; the vectorised Philox equals the portable one.
TEST(Rng, FillAndBufferedRngMatchSingleDraws) {
  for (std::size_t skip : {0u, 1u, 2u, 3u, 4u, 5u}) {
    for (std::size_t n : {0u, 1u, 3u, 4u, 7u, 31u, 32u, 33u, 100u, 1000u, 4099u}) {
      sim::Rng a(77, 5, 123, 456789, 3), b(77, 5, 123, 456789, 3);
      for (std::size_t i = 0; i < skip; ++i) {
        a();
        b();
      }
      std::vector<std::uint32_t> bulk(n);
      a.fill(bulk.data(), n);
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(bulk[i], b()) << "skip " << skip << " n " << n << " word " << i;
      EXPECT_EQ(a(), b()) << "the stream continues where fill stopped";
    }
  }
  sim::Rng plain(9, 1, 2, 3);
  sim::BufferedRng buffered(plain);
  for (int i = 0; i < 5000; ++i) {
    const std::uint32_t n = 1 + static_cast<std::uint32_t>(i) * 7919u;
    ASSERT_EQ(buffered.below(n), plain.below(n)) << i;
  }
}

TEST(Rng, VectorisedPhiloxEqualsPortable) {
  std::cout << "vectorised Philox (AVX2) on this processor: " << (sim::detail::philox_simd_available() ? "yes" : "no") << "\n";
  const std::uint32_t key[2] = {0x12345678u, 0x9abcdef0u};
  for (std::uint32_t c0 : {0u, 5u, 0xfffffff9u}) {  // the last one wraps inside a batch of 8
    const std::uint32_t ctr[4] = {c0, 11u, 0xdeadbeefu, 42u};
    std::vector<std::uint32_t> fast(4 * 37), slow(4 * 37);
    sim::detail::philox_blocks(ctr, key, fast.data(), 37);
    sim::detail::philox_blocks_portable(ctr, key, slow.data(), 37);
    EXPECT_EQ(fast, slow) << "c0 " << c0;
  }
}

// The streams of a StreamBatch give every agent the words of its own Rng, in order, through the
// blocks computed ahead and beyond them; the AVX2 and portable kernels write the same words.
TEST(Rng, StreamBatchGivesEachAgentItsOwnStream) {
  for (std::size_t n : {1u, 7u, 8u, 13u, 2048u}) {
    std::vector<std::uint32_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = static_cast<std::uint32_t>(3 * i * i + 17 * i + 5);
    for (std::size_t blocks : {1u, 2u, 3u}) {
      const sim::Rng proto(99, 7, 123, 0, 4);
      sim::StreamBatch batch;
      batch.compute(proto, ids.data(), n, blocks);
      for (std::size_t i = 0; i < n; ++i) {
        sim::Rng own(99, 7, 123, ids[i], 4);
        auto got = batch.rng(i);
        for (int k = 0; k < 4 * static_cast<int>(blocks) + 9; ++k)  // past the blocks computed ahead
          ASSERT_EQ(got(), own()) << "n " << n << " blocks " << blocks << " agent " << i << " word " << k;
        ASSERT_EQ(batch.rng(i).uniform(), sim::Rng(99, 7, 123, ids[i], 4).uniform());
      }
    }
  }
  const std::uint32_t key[2] = {0x0badcafeu, 0x12345678u};
  std::vector<std::uint32_t> c2(21);
  for (std::size_t i = 0; i < c2.size(); ++i) c2[i] = static_cast<std::uint32_t>(1000003u * i);
  std::vector<std::uint32_t> fast(4 * 3 * 24), slow(4 * 3 * 24);
  sim::detail::philox_streams(77u, c2.data(), 0xabcd0001u, key, fast.data(), c2.size(), 3);
  sim::detail::philox_streams_portable(77u, c2.data(), 0xabcd0001u, key, slow.data(), c2.size(), 3);
  EXPECT_EQ(fast, slow);
}

// A stream computed ahead and then filled in bulk (Rng::fill) gives the words of a plain stream.
TEST(Rng, StreamBatchStreamsFillLikePlainStreams) {
  const std::uint32_t id = 4242;
  sim::StreamBatch batch;
  batch.compute(sim::Rng(5, 1, 2, 0), &id, 1, 2);
  auto got = batch.rng(0);
  sim::Rng own(5, 1, 2, id);
  EXPECT_EQ(got(), own());
  std::vector<std::uint32_t> a(40), b(40);
  got.fill(a.data(), a.size());
  own.fill(b.data(), b.size());
  EXPECT_EQ(a, b);
  EXPECT_EQ(got(), own());
}
