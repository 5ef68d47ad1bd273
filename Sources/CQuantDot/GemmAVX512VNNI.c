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

TARGET void guide_qgemm_tile_blocks_avx512vnni(const void *panel, const void *x0, const void *x1, int blocks,
                                               float *acc) {
    const guide_qgemm_row_block *weights = panel;
    const guide_qgemm_vector_block *v0 = x0, *v1 = x1;
    __m512 f00 = _mm512_load_ps(acc), f01 = _mm512_load_ps(acc + 16);
    __m512 f10 = _mm512_load_ps(acc + 32), f11 = _mm512_load_ps(acc + 48);
    __m512 m00 = _mm512_load_ps(acc + 64), m01 = _mm512_load_ps(acc + 80);
    __m512 m10 = _mm512_load_ps(acc + 96), m11 = _mm512_load_ps(acc + 112);
    for (int b = 0; b < blocks; b++) {
        const guide_qgemm_row_block *w0 = &weights[2 * b], *w1 = w0 + 1;
        const guide_qgemm_vector_block *a0 = v0 + b, *a1 = v1 + b;
        __m512i i00 = BROADCAST4(a0->correction), i10 = i00;
        __m512i i01 = BROADCAST4(a1->correction), i11 = i01;
        for (int g = 0; g < 8; g++) {
            __m512i u0 = _mm512_load_si512(w0->qs[g]), u1 = _mm512_load_si512(w1->qs[g]);
            __m512i s0 = BROADCAST4(a0->qs[g]), s1 = BROADCAST4(a1->qs[g]);
            i00 = _mm512_dpbusd_epi32(i00, u0, s0);
            i01 = _mm512_dpbusd_epi32(i01, u0, s1);
            i10 = _mm512_dpbusd_epi32(i10, u1, s0);
            i11 = _mm512_dpbusd_epi32(i11, u1, s1);
        }
        __m512 d0 = _mm512_load_ps(w0->d), d1 = _mm512_load_ps(w1->d);
        __m512 e0 = BROADCAST4F(a0->d), e1 = BROADCAST4F(a1->d);
        f00 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i00), _mm512_mul_ps(d0, e0), f00);
        f01 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i01), _mm512_mul_ps(d0, e1), f01);
        f10 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i10), _mm512_mul_ps(d1, e0), f10);
        f11 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i11), _mm512_mul_ps(d1, e1), f11);
        __m512 n0 = _mm512_load_ps(w0->m), n1 = _mm512_load_ps(w1->m);
        __m512 t0 = BROADCAST4F(a0->s), t1 = BROADCAST4F(a1->s);
        m00 = _mm512_fmadd_ps(n0, t0, m00);
        m01 = _mm512_fmadd_ps(n0, t1, m01);
        m10 = _mm512_fmadd_ps(n1, t0, m10);
        m11 = _mm512_fmadd_ps(n1, t1, m11);
    }
    _mm512_store_ps(acc, f00);
    _mm512_store_ps(acc + 16, f01);
    _mm512_store_ps(acc + 32, f10);
    _mm512_store_ps(acc + 48, f11);
    _mm512_store_ps(acc + 64, m00);
    _mm512_store_ps(acc + 80, m01);
    _mm512_store_ps(acc + 96, m10);
    _mm512_store_ps(acc + 112, m11);
}

TARGET void guide_qgemm_tile_superblocks_avx512vnni(const void *panel, const void *x0, const void *x1, int blocks,
                                                    float *acc) {
    const guide_qgemm_row_superblock *weights = panel;
    const guide_qgemm_vector_superblock *v0 = x0, *v1 = x1;
    __m512 f00 = _mm512_load_ps(acc), f01 = _mm512_load_ps(acc + 16);
    __m512 f10 = _mm512_load_ps(acc + 32), f11 = _mm512_load_ps(acc + 48);
    __m512 m00 = _mm512_load_ps(acc + 64), m01 = _mm512_load_ps(acc + 80);
    __m512 m10 = _mm512_load_ps(acc + 96), m11 = _mm512_load_ps(acc + 112);
    for (int b = 0; b < blocks; b++) {
        const guide_qgemm_row_superblock *w0 = &weights[2 * b], *w1 = w0 + 1;
        const guide_qgemm_vector_superblock *a0 = v0 + b, *a1 = v1 + b;
        __m512i i00 = _mm512_setzero_si512(), i01 = i00, i10 = i00, i11 = i00;
        for (int s = 0; s < 16; s++) {
            __m512i t00 = BROADCAST4(a0->correction[s]), t10 = t00;
            __m512i t01 = BROADCAST4(a1->correction[s]), t11 = t01;
            for (int g = 4 * s; g < 4 * s + 4; g++) {
                __m512i u0 = _mm512_load_si512(w0->qs[g]), u1 = _mm512_load_si512(w1->qs[g]);
                __m512i s0 = BROADCAST4(a0->qs[g]), s1 = BROADCAST4(a1->qs[g]);
                t00 = _mm512_dpbusd_epi32(t00, u0, s0);
                t01 = _mm512_dpbusd_epi32(t01, u0, s1);
                t10 = _mm512_dpbusd_epi32(t10, u1, s0);
                t11 = _mm512_dpbusd_epi32(t11, u1, s1);
            }
            __m512i c0 = _mm512_load_si512(w0->scales[s]), c1 = _mm512_load_si512(w1->scales[s]);
            i00 = _mm512_add_epi32(i00, _mm512_mullo_epi32(t00, c0));
            i01 = _mm512_add_epi32(i01, _mm512_mullo_epi32(t01, c0));
            i10 = _mm512_add_epi32(i10, _mm512_mullo_epi32(t10, c1));
            i11 = _mm512_add_epi32(i11, _mm512_mullo_epi32(t11, c1));
        }
        __m512i n00 = _mm512_setzero_si512(), n01 = n00, n10 = n00, n11 = n00;
        for (int m = 0; m < 8; m++) {
            __m512i c0 = _mm512_load_si512(w0->mins[m]), c1 = _mm512_load_si512(w1->mins[m]);
            __m512i s0 = BROADCAST4(a0->sums[m]), s1 = BROADCAST4(a1->sums[m]);
            n00 = _mm512_add_epi32(n00, _mm512_mullo_epi32(c0, s0));
            n01 = _mm512_add_epi32(n01, _mm512_mullo_epi32(c0, s1));
            n10 = _mm512_add_epi32(n10, _mm512_mullo_epi32(c1, s0));
            n11 = _mm512_add_epi32(n11, _mm512_mullo_epi32(c1, s1));
        }
        __m512 e0 = BROADCAST4F(a0->d), e1 = BROADCAST4F(a1->d);
        __m512 d0 = _mm512_load_ps(w0->d), d1 = _mm512_load_ps(w1->d);
        f00 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i00), _mm512_mul_ps(d0, e0), f00);
        f01 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i01), _mm512_mul_ps(d0, e1), f01);
        f10 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i10), _mm512_mul_ps(d1, e0), f10);
        f11 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i11), _mm512_mul_ps(d1, e1), f11);
        __m512 h0 = _mm512_load_ps(w0->negated_dmin), h1 = _mm512_load_ps(w1->negated_dmin);
        m00 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(n00), _mm512_mul_ps(h0, e0), m00);
        m01 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(n01), _mm512_mul_ps(h0, e1), m01);
        m10 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(n10), _mm512_mul_ps(h1, e0), m10);
        m11 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(n11), _mm512_mul_ps(h1, e1), m11);
    }
    _mm512_store_ps(acc, f00);
    _mm512_store_ps(acc + 16, f01);
    _mm512_store_ps(acc + 32, f10);
    _mm512_store_ps(acc + 48, f11);
    _mm512_store_ps(acc + 64, m00);
    _mm512_store_ps(acc + 80, m01);
    _mm512_store_ps(acc + 96, m10);
    _mm512_store_ps(acc + 112, m11);
}
#endif
