/* The quantized GEMM's tile kernel with 512-bit vpdpbusd (AVX-512 VNNI): four registers of
   16 (row, vector) lanes, one per pair of a row group and a vector group (QuantGemm.h),
   each with a product accumulator and a min accumulator. */

#if defined(__x86_64__)
#include <immintrin.h>
#include "QuantDotInternal.h"
#include "QuantGemm.h"

#define TARGET __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))

TARGET void guide_qgemm_tile_avx512vnni(const guide_qgemm_row_block *panel, const guide_qgemm_vector_block *x0,
                                        const guide_qgemm_vector_block *x1, int blocks, float *acc) {
    __m512 f00 = _mm512_load_ps(acc), f01 = _mm512_load_ps(acc + 16);
    __m512 f10 = _mm512_load_ps(acc + 32), f11 = _mm512_load_ps(acc + 48);
    __m512 m00 = _mm512_load_ps(acc + 64), m01 = _mm512_load_ps(acc + 80);
    __m512 m10 = _mm512_load_ps(acc + 96), m11 = _mm512_load_ps(acc + 112);
    for (int b = 0; b < blocks; b++) {
        const guide_qgemm_row_block *w0 = &panel[2 * b], *w1 = w0 + 1;
        const guide_qgemm_vector_block *a0 = x0 + b, *a1 = x1 + b;
        __m512i i00 = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)a0->correction)), i10 = i00;
        __m512i i01 = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)a1->correction)), i11 = i01;
        for (int g = 0; g < 8; g++) {
            __m512i u0 = _mm512_load_si512(w0->qs[g]), u1 = _mm512_load_si512(w1->qs[g]);
            __m512i s0 = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)a0->qs[g]));
            __m512i s1 = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)a1->qs[g]));
            i00 = _mm512_dpbusd_epi32(i00, u0, s0);
            i01 = _mm512_dpbusd_epi32(i01, u0, s1);
            i10 = _mm512_dpbusd_epi32(i10, u1, s0);
            i11 = _mm512_dpbusd_epi32(i11, u1, s1);
        }
        __m512 d0 = _mm512_load_ps(w0->d), d1 = _mm512_load_ps(w1->d);
        __m512 e0 = _mm512_broadcast_f32x4(_mm_loadu_ps(a0->d)), e1 = _mm512_broadcast_f32x4(_mm_loadu_ps(a1->d));
        f00 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i00), _mm512_mul_ps(d0, e0), f00);
        f01 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i01), _mm512_mul_ps(d0, e1), f01);
        f10 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i10), _mm512_mul_ps(d1, e0), f10);
        f11 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i11), _mm512_mul_ps(d1, e1), f11);
        __m512 n0 = _mm512_load_ps(w0->m), n1 = _mm512_load_ps(w1->m);
        __m512 t0 = _mm512_broadcast_f32x4(_mm_loadu_ps(a0->s)), t1 = _mm512_broadcast_f32x4(_mm_loadu_ps(a1->s));
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
#endif
