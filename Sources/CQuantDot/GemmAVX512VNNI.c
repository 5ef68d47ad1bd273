/* The quantized GEMM's tile kernels with 512-bit vpdpbusd (AVX-512 VNNI): four registers of
   16 (row, vector) lanes, one per pair of a row group and a vector group (QuantGemm.h),
   each with a product accumulator and a min accumulator; every lane does what the scalar
   kernels (GemmBlocks.c, GemmSuperBlocks.c) do for its pair, in the same order. */

#if defined(__x86_64__)
#include <immintrin.h>
#include "GemmInternal.h"

#define TARGET __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))

/// 16 lanes from four 32-bit values repeated: lane 4r + c gets p[c].
#define BROADCAST4(p) _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(p)))
#define BROADCAST4F(p) _mm512_broadcast_f32x4(_mm_loadu_ps(p))

/// A tile's accumulators: products and mins of the pairs (row group i, vector group j) at 2i + j.
typedef struct {
    __m512 product[4], min[4];
} accumulators;

static inline TARGET accumulators load_accumulators(const float *acc) {
    accumulators a;
    for (int k = 0; k < 4; k++) {
        a.product[k] = _mm512_load_ps(acc + 16 * k);
        a.min[k] = _mm512_load_ps(acc + 64 + 16 * k);
    }
    return a;
}

static inline TARGET void store_accumulators(float *acc, const accumulators *a) {
    for (int k = 0; k < 4; k++) {
        _mm512_store_ps(acc + 16 * k, a->product[k]);
        _mm512_store_ps(acc + 64 + 16 * k, a->min[k]);
    }
}

/// sums[2i + j] += the products of group g's four bytes of row group i (`w0`, `w1`) with those
/// of vector group j (`x0`, `x1`), lane by lane.
static inline TARGET void dot_group(__m512i sums[4], const uint8_t *w0, const uint8_t *w1, const int8_t *x0,
                                    const int8_t *x1) {
    __m512i u[2] = {_mm512_load_si512(w0), _mm512_load_si512(w1)};
    __m512i x[2] = {BROADCAST4(x0), BROADCAST4(x1)};
    for (int k = 0; k < 4; k++) sums[k] = _mm512_dpbusd_epi32(sums[k], u[k / 2], x[k % 2]);
}

/// total[2i + j] ← fma(float(sums[2i + j]), row[i]·vector[j], total[2i + j]): one block's (or
/// super-block's) integer sums scaled into the accumulators.
static inline TARGET void scale_into(__m512 total[4], const __m512i sums[4], const __m512 row[2], const __m512 vector[2]) {
    for (int k = 0; k < 4; k++) {
        total[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums[k]), _mm512_mul_ps(row[k / 2], vector[k % 2]), total[k]);
    }
}

TARGET void guide_qgemm_tile_blocks_avx512vnni(const void *panel, const void *x0, const void *x1, int blocks,
                                               float *acc) {
    const guide_qgemm_row_block *weights = panel;
    const guide_qgemm_vector_block *v0 = x0, *v1 = x1;
    accumulators a = load_accumulators(acc);
    for (int b = 0; b < blocks; b++) {
        const guide_qgemm_row_block *w0 = &weights[2 * b], *w1 = w0 + 1;
        const guide_qgemm_vector_block *a0 = v0 + b, *a1 = v1 + b;
        __m512i c0 = BROADCAST4(a0->correction), c1 = BROADCAST4(a1->correction);
        __m512i sums[4] = {c0, c1, c0, c1};
        for (int g = 0; g < 8; g++) dot_group(sums, w0->qs[g], w1->qs[g], a0->qs[g], a1->qs[g]);
        __m512 d[2] = {_mm512_load_ps(w0->d), _mm512_load_ps(w1->d)};
        __m512 e[2] = {BROADCAST4F(a0->d), BROADCAST4F(a1->d)};
        scale_into(a.product, sums, d, e);
        __m512 m[2] = {_mm512_load_ps(w0->m), _mm512_load_ps(w1->m)};
        __m512 t[2] = {BROADCAST4F(a0->s), BROADCAST4F(a1->s)};
        for (int k = 0; k < 4; k++) a.min[k] = _mm512_fmadd_ps(m[k / 2], t[k % 2], a.min[k]);
    }
    store_accumulators(acc, &a);
}

TARGET void guide_qgemm_tile_superblocks_avx512vnni(const void *panel, const void *x0, const void *x1, int blocks,
                                                    float *acc) {
    const guide_qgemm_row_superblock *weights = panel;
    const guide_qgemm_vector_superblock *v0 = x0, *v1 = x1;
    accumulators a = load_accumulators(acc);
    for (int b = 0; b < blocks; b++) {
        const guide_qgemm_row_superblock *w0 = &weights[2 * b], *w1 = w0 + 1;
        const guide_qgemm_vector_superblock *a0 = v0 + b, *a1 = v1 + b;
        __m512i sums[4], min_sums[4];
        for (int k = 0; k < 4; k++) sums[k] = min_sums[k] = _mm512_setzero_si512();
        for (int s = 0; s < 16; s++) {
            __m512i c0 = BROADCAST4(a0->correction[s]), c1 = BROADCAST4(a1->correction[s]);
            __m512i t[4] = {c0, c1, c0, c1};
            for (int g = 4 * s; g < 4 * s + 4; g++) dot_group(t, w0->qs[g], w1->qs[g], a0->qs[g], a1->qs[g]);
            __m512i scale[2] = {_mm512_load_si512(w0->scales[s]), _mm512_load_si512(w1->scales[s])};
            for (int k = 0; k < 4; k++) sums[k] = _mm512_add_epi32(sums[k], _mm512_mullo_epi32(t[k], scale[k / 2]));
        }
        for (int m = 0; m < 8; m++) {
            __m512i mins[2] = {_mm512_load_si512(w0->mins[m]), _mm512_load_si512(w1->mins[m])};
            __m512i x[2] = {BROADCAST4(a0->sums[m]), BROADCAST4(a1->sums[m])};
            for (int k = 0; k < 4; k++) {
                min_sums[k] = _mm512_add_epi32(min_sums[k], _mm512_mullo_epi32(mins[k / 2], x[k % 2]));
            }
        }
        __m512 e[2] = {BROADCAST4F(a0->d), BROADCAST4F(a1->d)};
        __m512 d[2] = {_mm512_load_ps(w0->d), _mm512_load_ps(w1->d)};
        __m512 h[2] = {_mm512_load_ps(w0->negated_dmin), _mm512_load_ps(w1->negated_dmin)};
        scale_into(a.product, sums, d, e);
        scale_into(a.min, min_sums, h, e);
    }
    store_accumulators(acc, &a);
}
#endif
