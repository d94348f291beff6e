#include "sim/rng.hpp"

#include <cmath>
#include <cstring>
#include <numbers>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define XIAODA_PHILOX_AVX2 1
#endif

namespace sim {

namespace detail {

void philox_blocks_portable(const std::uint32_t ctr[4], const std::uint32_t key[2], std::uint32_t* out,
                            std::size_t nblocks) {
  const Rng::Philox::key_type k = {{key[0], key[1]}};
  Rng::Philox philox;
  for (std::size_t b = 0; b < nblocks; ++b) {
    const Rng::Philox::ctr_type c = {{ctr[0] + static_cast<std::uint32_t>(b), ctr[1], ctr[2], ctr[3]}};
    const auto o = philox(c, k);
    std::memcpy(out + 4 * b, o.v, sizeof o.v);
  }
}

void philox_streams_portable(std::uint32_t c1, const std::uint32_t* c2, std::uint32_t c3, const std::uint32_t key[2],
                             std::uint32_t* out, std::size_t n, std::size_t nblocks) {
  const Rng::Philox::key_type k = {{key[0], key[1]}};
  Rng::Philox philox;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t b = 0; b < nblocks; ++b) {
      const Rng::Philox::ctr_type c = {{static_cast<std::uint32_t>(b), c1, c2[i], c3}};
      const auto o = philox(c, k);
      std::uint32_t* dst = out + (i / 8) * nblocks * 32 + b * 32 + i % 8;
      for (int w = 0; w < 4; ++w) dst[8 * w] = o.v[w];
    }
}

#ifdef XIAODA_PHILOX_AVX2
namespace {

// The AVX2 kernels hold eight blocks at once: lane l of x0..x3 holds word 0..3 of block l.
// mulhilo8: the high and low 32 bits of the eight products m * x.
__attribute__((target("avx2"))) inline void mulhilo8(__m256i m, __m256i x, __m256i& hi, __m256i& lo) {
  const __m256i even = _mm256_mul_epu32(x, m);                         // lanes 0, 2, 4, 6 as 64-bit products
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);   // lanes 1, 3, 5, 7
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

// The ten rounds of Philox4x32-10 (as Random123 defines it) on eight blocks: per round
// (hi0, lo0) = M0 * x0, (hi1, lo1) = M1 * x2, x = (hi1 ^ x1 ^ k0, lo1, hi0 ^ x3 ^ k1, lo0), the key
// bumped by the Weyl constants between rounds.
__attribute__((target("avx2"))) inline void philox_rounds8(const std::uint32_t key[2], __m256i& x0, __m256i& x1, __m256i& x2,
                                                           __m256i& x3) {
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(0xD2511F53u));
  const __m256i m1 = _mm256_set1_epi32(static_cast<int>(0xCD9E8D57u));
  std::uint32_t k0 = key[0], k1 = key[1];
  for (int r = 0; r < 10; ++r) {
    if (r > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    __m256i hi0, lo0, hi1, lo1;
    mulhilo8(m0, x0, hi0, lo0);
    mulhilo8(m1, x2, hi1, lo1);
    const __m256i y0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), _mm256_set1_epi32(static_cast<int>(k0)));
    const __m256i y2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), _mm256_set1_epi32(static_cast<int>(k1)));
    x0 = y0;
    x1 = lo1;
    x2 = y2;
    x3 = lo0;
  }
}

__attribute__((target("avx2"))) void philox_blocks_avx2(const std::uint32_t ctr[4], const std::uint32_t key[2],
                                                        std::uint32_t* out, std::size_t nblocks) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  std::size_t b = 0;
  for (; b + 8 <= nblocks; b += 8) {
    __m256i x0 = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(ctr[0] + static_cast<std::uint32_t>(b))), lanes);
    __m256i x1 = _mm256_set1_epi32(static_cast<int>(ctr[1]));
    __m256i x2 = _mm256_set1_epi32(static_cast<int>(ctr[2]));
    __m256i x3 = _mm256_set1_epi32(static_cast<int>(ctr[3]));
    philox_rounds8(key, x0, x1, x2, x3);
    // 4 x 8 transpose: block l's four words go to out[4 (b + l) .. 4 (b + l) + 3]
    const __m256i t0 = _mm256_unpacklo_epi32(x0, x1), t1 = _mm256_unpackhi_epi32(x0, x1);
    const __m256i t2 = _mm256_unpacklo_epi32(x2, x3), t3 = _mm256_unpackhi_epi32(x2, x3);
    const __m256i u0 = _mm256_unpacklo_epi64(t0, t2);  // blocks 0 | 4
    const __m256i u1 = _mm256_unpackhi_epi64(t0, t2);  // blocks 1 | 5
    const __m256i u2 = _mm256_unpacklo_epi64(t1, t3);  // blocks 2 | 6
    const __m256i u3 = _mm256_unpackhi_epi64(t1, t3);  // blocks 3 | 7
    auto* o = reinterpret_cast<__m256i*>(out + 4 * b);
    _mm256_storeu_si256(o + 0, _mm256_permute2x128_si256(u0, u1, 0x20));
    _mm256_storeu_si256(o + 1, _mm256_permute2x128_si256(u2, u3, 0x20));
    _mm256_storeu_si256(o + 2, _mm256_permute2x128_si256(u0, u1, 0x31));
    _mm256_storeu_si256(o + 3, _mm256_permute2x128_si256(u2, u3, 0x31));
  }
  if (b < nblocks) {
    const std::uint32_t rest[4] = {ctr[0] + static_cast<std::uint32_t>(b), ctr[1], ctr[2], ctr[3]};
    philox_blocks_portable(rest, key, out + 4 * b, nblocks - b);
  }
}

// Eight streams at once: lane l holds stream i + l, counter {b, c1, c2[i + l], c3}; the four
// words of the eight blocks are stored as they are (the interleaved layout).
__attribute__((target("avx2"))) void philox_streams_avx2(std::uint32_t c1, const std::uint32_t* c2, std::uint32_t c3,
                                                         const std::uint32_t key[2], std::uint32_t* out, std::size_t n,
                                                         std::size_t nblocks) {
  for (std::size_t i = 0; i + 8 <= n; i += 8) {
    const __m256i s2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c2 + i));
    for (std::size_t b = 0; b < nblocks; ++b) {
      __m256i x0 = _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(b)));
      __m256i x1 = _mm256_set1_epi32(static_cast<int>(c1));
      __m256i x2 = s2;
      __m256i x3 = _mm256_set1_epi32(static_cast<int>(c3));
      philox_rounds8(key, x0, x1, x2, x3);
      auto* o = reinterpret_cast<__m256i*>(out + (i / 8) * nblocks * 32 + b * 32);
      _mm256_storeu_si256(o + 0, x0);
      _mm256_storeu_si256(o + 1, x1);
      _mm256_storeu_si256(o + 2, x2);
      _mm256_storeu_si256(o + 3, x3);
    }
  }
  const std::size_t done = n / 8 * 8;
  if (done < n) philox_streams_portable(c1, c2 + done, c3, key, out + (done / 8) * nblocks * 32, n - done, nblocks);
}

bool have_avx2() {
  static const bool have = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return have;
}

}  // namespace

bool philox_simd_available() { return have_avx2(); }

void philox_blocks(const std::uint32_t ctr[4], const std::uint32_t key[2], std::uint32_t* out, std::size_t nblocks) {
  if (have_avx2()) philox_blocks_avx2(ctr, key, out, nblocks);
  else philox_blocks_portable(ctr, key, out, nblocks);
}
void philox_streams(std::uint32_t c1, const std::uint32_t* c2, std::uint32_t c3, const std::uint32_t key[2],
                    std::uint32_t* out, std::size_t n, std::size_t nblocks) {
  if (have_avx2()) philox_streams_avx2(c1, c2, c3, key, out, n, nblocks);
  else philox_streams_portable(c1, c2, c3, key, out, n, nblocks);
}
#else
bool philox_simd_available() { return false; }
void philox_blocks(const std::uint32_t ctr[4], const std::uint32_t key[2], std::uint32_t* out, std::size_t nblocks) {
  philox_blocks_portable(ctr, key, out, nblocks);
}
void philox_streams(std::uint32_t c1, const std::uint32_t* c2, std::uint32_t c3, const std::uint32_t key[2],
                    std::uint32_t* out, std::size_t n, std::size_t nblocks) {
  philox_streams_portable(c1, c2, c3, key, out, n, nblocks);
}
#endif

}  // namespace detail

void Rng::take_ahead() {
  for (int w = 0; w < 4; ++w) out_.v[w] = ahead_[8 * w];
  ahead_ += 32;
  --ready_;
}

void StreamBatch::compute(const Rng& proto, const std::uint32_t* agents, std::size_t n, std::size_t blocks) {
  key_ = proto.key_;
  ctr_ = proto.ctr_;  // agent 0: word 3 holds the stream id and sub-stream only
  ctr_.v[0] = 0;
  const std::size_t padded = (n + 7) / 8 * 8;  // whole groups of eight (the lanes past n are never read)
  c2_ = std::make_unique_for_overwrite<std::uint32_t[]>(padded);
  words_ = std::make_unique_for_overwrite<std::uint32_t[]>(4 * padded * blocks);
  blocks_ = blocks;
  for (std::size_t i = 0; i < n; ++i) c2_[i] = agents[i];
  for (std::size_t i = n; i < padded; ++i) c2_[i] = 0;
  detail::philox_streams(ctr_.v[1], c2_.get(), ctr_.v[3], key_.v, words_.get(), padded, blocks);
}

void Rng::fill(std::uint32_t* out, std::size_t n) {
  while (n > 0 && have_ > 0) {  // words left in the current block
    *out++ = (*this)();
    --n;
  }
  ready_ = 0;  // the blocks below are computed here, from the counter
  const std::size_t blocks = n / 4;
  if (blocks > 0) {
    detail::philox_blocks(ctr_.v, key_.v, out, blocks);
    ctr_.v[0] += static_cast<std::uint32_t>(blocks);
    out += 4 * blocks;
    n -= 4 * blocks;
  }
  while (n > 0) {
    *out++ = (*this)();
    --n;
  }
}

double Rng::normal() {
  // Box-Muller: always two uniforms, so the draw count per call is fixed and portable.
  double u1 = uniform();
  const double u2 = uniform();
  if (u1 < 1e-300) u1 = 1e-300;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

std::uint32_t Rng::poisson(double mean) {
  if (mean <= 0.0) return 0;
  if (mean > 50.0) {
    const double x = std::round(mean + std::sqrt(mean) * normal());
    return x < 0.0 ? 0u : static_cast<std::uint32_t>(x);
  }
  const double limit = std::exp(-mean);
  double prod = uniform();
  std::uint32_t k = 0;
  while (prod > limit) {
    prod *= uniform();
    ++k;
  }
  return k;
}

std::uint32_t Rng::binomial(std::uint32_t n, double p) {
  if (p <= 0.0 || n == 0) return 0;
  if (p >= 1.0) return n;
  if (n <= 64) {
    // Exact inversion with one 32-bit word: k is the least value with P(K <= k) > u. The small
    // tail (q <= 1/2, by symmetry) keeps the walk short; P(0) = (1-q)^n is most of the mass for the
    // monthly hazards this serves, so a draw usually costs one word and a few multiplications.
    const bool flip = p > 0.5;
    const double q = flip ? 1.0 - p : p;
    const double u = (static_cast<double>((*this)()) + 0.5) * 0x1p-32;
    double pk = 1.0;
    for (std::uint32_t i = 0; i < n; ++i) pk *= 1.0 - q;
    if (u < pk) return flip ? n : 0;  // k = 0, the common case for small hazards
    const double ratio = q / (1.0 - q);
    double cdf = pk;
    std::uint32_t k = 0;
    while (u >= cdf && k < n) {
      pk *= ratio * static_cast<double>(n - k) / static_cast<double>(k + 1);
      ++k;
      cdf += pk;
    }
    return flip ? n - k : k;
  }
  const double mean = n * p, sd = std::sqrt(n * p * (1.0 - p));
  double x = std::round(mean + sd * normal());
  if (x < 0.0) x = 0.0;
  if (x > n) x = n;
  return static_cast<std::uint32_t>(x);
}

}  // namespace sim
