#pragma once
// Counter-based random streams (Random123 Philox4x32-10).
//
// A stream is keyed by the run seed and addressed by (stream id, tick, agent id, sub-stream);
// draws within a stream are numbered. The same address gives the same numbers whatever the thread
// schedule, so no agent ever touches a shared generator.
#include <Random123/philox.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>

namespace sim {

namespace detail {
/// Philox4x32-10 of the blocks with counters {c0 + b, c1, c2, c3} (c0 + b wrapping at 2^32, as
/// Rng's counter does), b = 0 .. nblocks-1, written as 4 words per block in order. Uses AVX2 when
/// the processor has it (checked once at run time), else the portable code; the words are the same.
void philox_blocks(const std::uint32_t ctr[4], const std::uint32_t key[2], std::uint32_t* out, std::size_t nblocks);
/// The portable version (for the tests that compare the two).
void philox_blocks_portable(const std::uint32_t ctr[4], const std::uint32_t key[2], std::uint32_t* out,
                            std::size_t nblocks);
/// True when philox_blocks uses the AVX2 code on this processor.
bool philox_simd_available();
/// Philox4x32-10 of blocks 0 .. nblocks-1 of n streams that differ only in counter word 2 (word 3
/// is shared): stream i has counter {b, c1, c2[i], c3}. Stream i's block b is
/// written interleaved with the other seven of its group of eight: word w at
/// out[(i / 8) * nblocks * 32 + b * 32 + w * 8 + i % 8]. AVX2 when the processor has it; the words
/// are the same.
void philox_streams(std::uint32_t c1, const std::uint32_t* c2, std::uint32_t c3, const std::uint32_t key[2],
                    std::uint32_t* out, std::size_t n, std::size_t nblocks);
/// The portable version (for the tests that compare the two).
void philox_streams_portable(std::uint32_t c1, const std::uint32_t* c2, std::uint32_t c3, const std::uint32_t key[2],
                             std::uint32_t* out, std::size_t n, std::size_t nblocks);

/// Uniform integer in [0, n) from a source of 32-bit words, without modulo bias (Lemire's method).
template <class Words>
std::uint32_t below(Words& words, std::uint32_t n) {
  std::uint64_t m = static_cast<std::uint64_t>(words()) * n;
  auto l = static_cast<std::uint32_t>(m);
  if (l < n) {
    const std::uint32_t t = static_cast<std::uint32_t>(-n) % n;
    while (l < t) {
      m = static_cast<std::uint64_t>(words()) * n;
      l = static_cast<std::uint32_t>(m);
    }
  }
  return static_cast<std::uint32_t>(m >> 32);
}

/// Uniform double in [0, 1) with 53 random bits from two 32-bit words.
template <class Words>
double uniform(Words& words) {
  const std::uint64_t a = words() >> 5;  // 27 bits
  const std::uint64_t b = words() >> 6;  // 26 bits
  return static_cast<double>((a << 26) | b) * (1.0 / 9007199254740992.0);
}
}  // namespace detail

class Rng {
 public:
  using result_type = std::uint32_t;
  using Philox = r123::Philox4x32;

  /// seed: run seed; stream: phase or purpose id (16 bits); tick; agent: agent id; sub: sub-stream (16 bits).
  Rng(std::uint64_t seed, std::uint32_t stream, std::uint32_t tick, std::uint64_t agent, std::uint32_t sub = 0) {
    key_ = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    ctr_ = {{0u, tick, static_cast<std::uint32_t>(agent),
             ((stream & 0xffffu) << 16) ^ (sub & 0xffffu) ^ (static_cast<std::uint32_t>(agent >> 32) * 0x9E3779B9u)}};
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (have_ == 0) next_block();
    return out_.v[4 - have_--];
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return detail::uniform(*this); }
  /// Uniform double in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }
  /// Uniform integer in [0, n) without modulo bias (Lemire's method). n > 0.
  std::uint32_t below(std::uint32_t n) { return detail::below(*this, n); }
  /// Writes the next n words of the stream to out: exactly the words n calls of operator() would
  /// return, computed many blocks at a time.
  void fill(std::uint32_t* out, std::size_t n);
  /// Standard normal draw (Box-Muller on two uniforms; fixed number of draws per call).
  double normal();
  double normal(double mean, double sd) { return mean + sd * normal(); }
  /// Log-normal draw with the given log-mean and log-sd.
  double lognormal(double mu, double sigma);
  /// Poisson draw (inversion for small means, normal approximation above 50).
  std::uint32_t poisson(double mean);
  /// Binomial draw: exact inversion on one word for n <= 64, normal approximation above.
  std::uint32_t binomial(std::uint32_t n, double p);

 private:
  friend class StreamBatch;
  /// A stream whose first `ready` blocks were computed ahead (StreamBatch), interleaved by 8.
  Rng(const Philox::key_type& key, const Philox::ctr_type& ctr, const std::uint32_t* ahead, int ready)
      : ctr_(ctr), key_(key), ready_(ready), ahead_(ahead) {}
  void next_block() {
    if (ready_ > 0) take_ahead();
    else out_ = Philox()(ctr_, key_);
    ++ctr_.v[0];
    have_ = 4;
  }
  /// The next block computed ahead by a StreamBatch: the same words Philox gives here.
  void take_ahead();
  Philox::ctr_type ctr_{};
  Philox::key_type key_{};
  Philox::ctr_type out_{};
  int have_ = 0;
  int ready_ = 0;                          ///< blocks at ahead_ still to be used
  const std::uint32_t* ahead_ = nullptr;  ///< this stream's next block computed ahead (word w at ahead_[8 w])
};

/// A stream read through a buffer that is refilled 64 Philox blocks at a time (Rng::fill): the same
/// words, in the same order, as the Rng it was made from, but cheaper per word when a loop takes
/// thousands of words from one stream (Schelling's shuffle and empty-cell draws, Harris-Todaro's
/// reviewers). Draws words, `below` and `uniform`; it owns its copy of the stream, so the Rng it
/// was made from is not advanced.
class BufferedRng {
 public:
  using result_type = std::uint32_t;
  explicit BufferedRng(const Rng& rng) : rng_(rng) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    if (pos_ == kWords) {
      rng_.fill(buf_.data(), kWords);
      pos_ = 0;
    }
    return buf_[pos_++];
  }
  /// Uniform integer in [0, n), as Rng::below.
  std::uint32_t below(std::uint32_t n) { return detail::below(*this, n); }
  /// Uniform double in [0, 1), as Rng::uniform.
  double uniform() { return detail::uniform(*this); }

 private:
  static constexpr std::size_t kWords = 256;
  Rng rng_;
  std::array<std::uint32_t, kWords> buf_{};
  std::size_t pos_ = kWords;
};

/// The streams of many agents with 32-bit ids (one stream id, tick and sub-stream) with their first
/// blocks computed ahead, eight agents at a time (detail::philox_streams): a loop that gives every
/// agent of a chunk its own stream and takes a few words from each pays a fraction of the per-block
/// cost. Each stream gives exactly the words the agent's own Rng would (ctx.rng(stream, id)); one
/// that needs more than the blocks computed ahead computes the rest itself. The batch must outlive
/// its streams and stay unchanged while they are used.
class StreamBatch {
 public:
  /// proto: the stream of agent 0 (its seed, stream id, tick and sub-stream are used).
  void compute(const Rng& proto, const std::uint32_t* agents, std::size_t n, std::size_t blocks);
  /// The stream of agents[i] of the last compute.
  Rng rng(std::size_t i) const {
    Rng::Philox::ctr_type c = ctr_;
    c.v[2] = c2_[i];
    return Rng(key_, c, words_.get() + (i / 8) * blocks_ * 32 + i % 8, static_cast<int>(blocks_));
  }

 private:
  Rng::Philox::key_type key_{};
  Rng::Philox::ctr_type ctr_{};  ///< words 0, 1 and 3 of every stream's first counter
  std::size_t blocks_ = 0;
  std::unique_ptr<std::uint32_t[]> c2_, words_;
};

}  // namespace sim
