/* The x86-64 kernels, written once and compiled once per instruction set: the including
   file defines
     KERNEL(name)        the function name with the variant's suffix,
     TARGET              __attribute__((target(...))) of the variant,
     DOT_U8S8(acc, u, s) acc + Σ of each 4 adjacent products u·s (u unsigned, s signed
                         bytes; vpdpbusd, or vpmaddubsw + vpmaddwd where each pair sum
                         stays below 2^15).
   Every function here carries TARGET, so nothing of it runs unless the dispatcher found
   the instruction set on the CPU. Layouts: QuantDotInternal.h. */

#include <immintrin.h>
#include "QuantDotInternal.h"

#define HELPER static inline TARGET

HELPER float KERNEL(hsum)(__m256 v) {
    __m128 r = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    r = _mm_add_ps(r, _mm_movehl_ps(r, r));
    r = _mm_add_ss(r, _mm_movehdup_ps(r));
    return _mm_cvtss_f32(r);
}

HELPER float KERNEL(half)(const uint8_t *p) {
    return _cvtsh_ss(guide_load_u16(p));
}

/// The half at the start of a block, converted, in lane 0. The load may take the two bytes
/// after it, so only for halves followed by at least two more bytes of the block.
HELPER __m128 KERNEL(leading_half)(const uint8_t *block) {
    return _mm_cvtph_ps(_mm_cvtsi32_si128((int)guide_load_u32(block)));
}

/// h·d_x in every lane, for h in lane 0 (the same product as the scalar h·d_x).
HELPER __m256 KERNEL(scale)(__m128 h, float d_x) {
    return _mm256_broadcastss_ps(_mm_mul_ss(h, _mm_set_ss(d_x)));
}

/// The 32 nibbles of 16 bytes as bytes: low nibbles in bytes 0–15, high in 16–31 (a
/// 128-bit broadcast, a shift and a blend: no cross-lane shuffle).
HELPER __m256i KERNEL(nibbles)(const uint8_t *p) {
    __m256i packed = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)p));
    return _mm256_and_si256(_mm256_blend_epi32(packed, _mm256_srli_epi16(packed, 4), 0xF0), _mm256_set1_epi8(0x0F));
}

/// Byte j = 0x10 where bit j of the 32 bits at p is set, else 0 (the fifth bit of Q5_0).
HELPER __m256i KERNEL(fifth_bits)(const uint8_t *p) {
    uint32_t bits = guide_load_u32(p);
    const __m256i spread = _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202,
                                             0x0101010101010101, 0x0000000000000000);
    __m256i bytes = _mm256_shuffle_epi8(_mm256_set1_epi32((int)bits), spread);
    bytes = _mm256_or_si256(bytes, _mm256_set1_epi64x(0x7FBFDFEFF7FBFDFE));
    bytes = _mm256_cmpeq_epi8(bytes, _mm256_set1_epi64x(-1));
    return _mm256_and_si256(bytes, _mm256_set1_epi8(0x10));
}

/// −offset·Σx of an activation block in int32 lane 0, zeros elsewhere (offset 8 or 16), from
/// a 32-bit load, a shift and a subtraction: exact, as |Σx| ≤ 32·127.
HELPER __m256i KERNEL(offset_term)(const guide_block_q8_0 *a, int shift) {
    __m128i sum = _mm_cvtsi32_si128(a->sum);
    return _mm256_zextsi128_si256(_mm_sub_epi32(_mm_setzero_si128(), _mm_sll_epi32(sum, _mm_cvtsi32_si128(shift))));
}

/* The 32-element formats (Q8_0, Q4_0, Q5_0) and the K formats below are written once for
   `V` activation vectors at a time (`stride` bytes apart): each weight block is unpacked
   once and multiplied with every vector. Each vector's arithmetic is the one-vector
   kernel's, operation for operation and in the same order (its own accumulators), so its
   result is bit-identical whatever V; the one-vector kernels are these with V = 1. */

#define MULTI static inline __attribute__((always_inline)) TARGET

/// The Q8_0 activation blocks of vector v.
#define VECTOR_Q8_0(x, stride, v) ((const guide_block_q8_0 *)((const uint8_t *)(x) + (stride) * (size_t)(v)))
#define VECTOR_Q8_K(x, stride, v) ((const guide_block_q8_K *)((const uint8_t *)(x) + (stride) * (size_t)(v)))

/// Q8_0 · Q8_0 through |w| and sign(x, w), so both operands fit vpmaddubsw.
MULTI void KERNEL(rows_q8_0)(const uint8_t *row, const void *x, size_t stride, int V, int blocks, float *out) {
    __m256 acc0[GUIDE_QDOT_MAX_VECTORS], acc1[GUIDE_QDOT_MAX_VECTORS];
    for (int v = 0; v < V; v++) acc0[v] = acc1[v] = _mm256_setzero_ps();
    int b = 0;
    for (; b + 1 < blocks; b += 2) {
        const uint8_t *b0 = row + 34 * b, *b1 = b0 + 34;
        __m256i w0 = _mm256_loadu_si256((const __m256i *)(b0 + 2));
        __m256i w1 = _mm256_loadu_si256((const __m256i *)(b1 + 2));
        __m256i u0 = _mm256_sign_epi8(w0, w0), u1 = _mm256_sign_epi8(w1, w1);
        __m128 h0 = KERNEL(leading_half)(b0), h1 = KERNEL(leading_half)(b1);
        for (int v = 0; v < V; v++) {
            const guide_block_q8_0 *a = VECTOR_Q8_0(x, stride, v);
            __m256i x0 = _mm256_loadu_si256((const __m256i *)a[b].qs);
            __m256i x1 = _mm256_loadu_si256((const __m256i *)a[b + 1].qs);
            __m256i p0 = DOT_U8S8(_mm256_setzero_si256(), u0, _mm256_sign_epi8(x0, w0));
            __m256i p1 = DOT_U8S8(_mm256_setzero_si256(), u1, _mm256_sign_epi8(x1, w1));
            acc0[v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p0), KERNEL(scale)(h0, a[b].d), acc0[v]);
            acc1[v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p1), KERNEL(scale)(h1, a[b + 1].d), acc1[v]);
        }
    }
    for (; b < blocks; b++) {
        const uint8_t *b0 = row + 34 * b;
        __m256i w0 = _mm256_loadu_si256((const __m256i *)(b0 + 2));
        __m256i u0 = _mm256_sign_epi8(w0, w0);
        __m128 h0 = KERNEL(leading_half)(b0);
        for (int v = 0; v < V; v++) {
            const guide_block_q8_0 *a = VECTOR_Q8_0(x, stride, v);
            __m256i x0 = _mm256_loadu_si256((const __m256i *)a[b].qs);
            __m256i p0 = DOT_U8S8(_mm256_setzero_si256(), u0, _mm256_sign_epi8(x0, w0));
            acc0[v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p0), KERNEL(scale)(h0, a[b].d), acc0[v]);
        }
    }
    for (int v = 0; v < V; v++) out[v] = KERNEL(hsum)(_mm256_add_ps(acc0[v], acc1[v]));
}

/// Q4_0 and Q5_0: Σ(q − o)·x = Σ q·x − o·Σx (o = 8, or 16 with q = nibble | fifth bit), the
/// unsigned quants against the signed activation.
MULTI void KERNEL(rows_q4_0_q5_0)(const uint8_t *row, const void *x, size_t stride, int V, int blocks, float *out,
                                   int five) {
    const int bytes = five ? 22 : 18, shift = five ? 4 : 3;  /* offset 16 or 8 */
    __m256 acc0[GUIDE_QDOT_MAX_VECTORS], acc1[GUIDE_QDOT_MAX_VECTORS];
    for (int v = 0; v < V; v++) acc0[v] = acc1[v] = _mm256_setzero_ps();
    int b = 0;
    for (; b + 1 < blocks; b += 2) {
        const uint8_t *b0 = row + bytes * b, *b1 = b0 + bytes;
        __m256i q0 = five ? _mm256_or_si256(KERNEL(nibbles)(b0 + 6), KERNEL(fifth_bits)(b0 + 2)) : KERNEL(nibbles)(b0 + 2);
        __m256i q1 = five ? _mm256_or_si256(KERNEL(nibbles)(b1 + 6), KERNEL(fifth_bits)(b1 + 2)) : KERNEL(nibbles)(b1 + 2);
        __m128 h0 = KERNEL(leading_half)(b0), h1 = KERNEL(leading_half)(b1);
        for (int v = 0; v < V; v++) {
            const guide_block_q8_0 *a = VECTOR_Q8_0(x, stride, v);
            __m256i p0 = DOT_U8S8(KERNEL(offset_term)(&a[b], shift), q0, _mm256_loadu_si256((const __m256i *)a[b].qs));
            __m256i p1 = DOT_U8S8(KERNEL(offset_term)(&a[b + 1], shift), q1,
                                  _mm256_loadu_si256((const __m256i *)a[b + 1].qs));
            acc0[v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p0), KERNEL(scale)(h0, a[b].d), acc0[v]);
            acc1[v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p1), KERNEL(scale)(h1, a[b + 1].d), acc1[v]);
        }
    }
    for (; b < blocks; b++) {
        const uint8_t *b0 = row + bytes * b;
        __m256i q0 = five ? _mm256_or_si256(KERNEL(nibbles)(b0 + 6), KERNEL(fifth_bits)(b0 + 2)) : KERNEL(nibbles)(b0 + 2);
        __m128 h0 = KERNEL(leading_half)(b0);
        for (int v = 0; v < V; v++) {
            const guide_block_q8_0 *a = VECTOR_Q8_0(x, stride, v);
            __m256i p0 = DOT_U8S8(KERNEL(offset_term)(&a[b], shift), q0, _mm256_loadu_si256((const __m256i *)a[b].qs));
            acc0[v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p0), KERNEL(scale)(h0, a[b].d), acc0[v]);
        }
    }
    for (int v = 0; v < V; v++) out[v] = KERNEL(hsum)(_mm256_add_ps(acc0[v], acc1[v]));
}

/// Q4_1: d·Σq·x + m·Σx, the min term from the activation's block sums. A block's d and m
/// are loaded and converted together, and the min term rides in lane 1 of a vector
/// accumulator (the same fused multiply-add as a scalar one; the other lanes are never
/// read), so a block needs two shuffle-port operations (the conversion and the broadcast
/// of d·d_x).
TARGET float KERNEL(guide_dot_q4_1)(const void *w, const void *x, int blocks) {
    const uint8_t *row = w;
    const guide_block_q8_0 *a = x;
    __m256 acc = _mm256_setzero_ps();
    __m128 mins = _mm_setzero_ps();
    for (int b = 0; b < blocks; b++) {
        const uint8_t *b0 = row + 20 * (size_t)b;
        __m256i p = DOT_U8S8(_mm256_setzero_si256(), KERNEL(nibbles)(b0 + 4),
                             _mm256_loadu_si256((const __m256i *)a[b].qs));
        /* (d·d_x, m·d_x) in lanes 0 and 1. */
        __m128 scaled = _mm_mul_ps(_mm_cvtph_ps(_mm_cvtsi32_si128((int)guide_load_u32(b0))), _mm_set1_ps(a[b].d));
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_broadcastss_ps(scaled), acc);
        /* Lane 1 of (d_x, Σx) as floats is Σx; lane 0 only meets lane 0's d·d_x, never read. */
        __m128 sum = _mm_cvtepi32_ps(_mm_loadl_epi64((const __m128i *)&a[b]));
        mins = _mm_fmadd_ps(scaled, sum, mins);
    }
    return KERNEL(hsum)(acc) + _mm_cvtss_f32(_mm_movehdup_ps(mins));
}

/// Σ of each 4 adjacent products of unsigned q (< 64) and signed x, times `scale` (int16
/// lanes: each pair of products stays below 2^15).
HELPER __m256i KERNEL(scaled_dot)(__m256i q, const int8_t *x, __m256i scale) {
    __m256i pairs = _mm256_maddubs_epi16(q, _mm256_loadu_si256((const __m256i *)x));
    return _mm256_madd_epi16(pairs, scale);
}

/// Q4_K and Q5_K: Σ_j scale_j·Σq·x in integer lanes per super-block, minus
/// Σ_j min_j·Σx_j from the activation's sums of 16.
MULTI void KERNEL(rows_k_with_mins)(const uint8_t *row, const void *x, size_t stride, int V, int blocks, float *out,
                                     int five) {
    const int bytes = five ? 176 : 144;
    __m256 acc[GUIDE_QDOT_MAX_VECTORS];
    float mins[GUIDE_QDOT_MAX_VECTORS];
    for (int v = 0; v < V; v++) { acc[v] = _mm256_setzero_ps(); mins[v] = 0; }
    const __m256i low_nibble = _mm256_set1_epi8(0x0F), bit = _mm256_set1_epi8(1);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + bytes * b;
        const uint8_t *qs = block + (five ? 48 : 16);
        __m256i high_bits = five ? _mm256_loadu_si256((const __m256i *)(block + 16)) : _mm256_setzero_si256();
        __m256i isum[GUIDE_QDOT_MAX_VECTORS];
        int msum[GUIDE_QDOT_MAX_VECTORS];
        for (int v = 0; v < V; v++) { isum[v] = _mm256_setzero_si256(); msum[v] = 0; }
        for (int c = 0; c < 4; c++) {
            uint8_t sc1, m1, sc2, m2;
            guide_scale_min_k4(2 * c, block + 4, &sc1, &m1);
            guide_scale_min_k4(2 * c + 1, block + 4, &sc2, &m2);
            __m256i q = _mm256_loadu_si256((const __m256i *)(qs + 32 * c));
            __m256i first = _mm256_and_si256(q, low_nibble);
            __m256i second = _mm256_and_si256(_mm256_srli_epi16(q, 4), low_nibble);
            if (five) {
                first = _mm256_or_si256(first, _mm256_slli_epi16(_mm256_and_si256(high_bits, bit), 4));
                second = _mm256_or_si256(second,
                                         _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(high_bits, 1), bit), 4));
                high_bits = _mm256_srli_epi16(high_bits, 2);
            }
            __m256i scale1 = _mm256_set1_epi16(sc1), scale2 = _mm256_set1_epi16(sc2);
            for (int v = 0; v < V; v++) {
                const guide_block_q8_K *a = VECTOR_Q8_K(x, stride, v);
                isum[v] = _mm256_add_epi32(isum[v], KERNEL(scaled_dot)(first, a[b].qs + 64 * c, scale1));
                isum[v] = _mm256_add_epi32(isum[v], KERNEL(scaled_dot)(second, a[b].qs + 64 * c + 32, scale2));
                msum[v] += m1 * (a[b].bsums[4 * c] + a[b].bsums[4 * c + 1])
                         + m2 * (a[b].bsums[4 * c + 2] + a[b].bsums[4 * c + 3]);
            }
        }
        float d = KERNEL(half)(block), dmin = KERNEL(half)(block + 2);
        for (int v = 0; v < V; v++) {
            const guide_block_q8_K *a = VECTOR_Q8_K(x, stride, v);
            acc[v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[v]), _mm256_set1_ps(d * a[b].d), acc[v]);
            mins[v] += dmin * a[b].d * (float)msum[v];
        }
    }
    for (int v = 0; v < V; v++) out[v] = KERNEL(hsum)(acc[v]) - mins[v];
}

/// Q6_K: Σ_s scale_s·Σ(q − 32)·x = Σ_s scale_s·Σq·x − 32·Σ_s scale_s·Σx_s.
MULTI void KERNEL(rows_q6_K)(const uint8_t *row, const void *x, size_t stride, int V, int blocks, float *out) {
    __m256 acc[GUIDE_QDOT_MAX_VECTORS];
    for (int v = 0; v < V; v++) acc[v] = _mm256_setzero_ps();
    const __m256i low_nibble = _mm256_set1_epi8(0x0F), two_bits = _mm256_set1_epi8(3);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + 210 * b;
        const int8_t *scales = (const int8_t *)(block + 192);
        __m256i scale_words = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)scales));
        __m256i isum[GUIDE_QDOT_MAX_VECTORS];
        for (int v = 0; v < V; v++) {
            const guide_block_q8_K *a = VECTOR_Q8_K(x, stride, v);
            __m256i offset = _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)a[b].bsums), scale_words);
            isum[v] = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_slli_epi32(offset, 5));
        }
        for (int n = 0; n < 2; n++) {
            __m256i la = _mm256_loadu_si256((const __m256i *)(block + 64 * n));
            __m256i lb = _mm256_loadu_si256((const __m256i *)(block + 64 * n + 32));
            __m256i h = _mm256_loadu_si256((const __m256i *)(block + 128 + 32 * n));
            __m256i q[4] = {
                _mm256_or_si256(_mm256_and_si256(la, low_nibble),
                                _mm256_slli_epi16(_mm256_and_si256(h, two_bits), 4)),
                _mm256_or_si256(_mm256_and_si256(lb, low_nibble),
                                _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), two_bits), 4)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(la, 4), low_nibble),
                                _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 4), two_bits), 4)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(lb, 4), low_nibble),
                                _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 6), two_bits), 4)),
            };
            for (int k = 0; k < 4; k++) {
                int s = 8 * n + 2 * k;
                __m256i scale = _mm256_set_m128i(_mm_set1_epi16(scales[s + 1]), _mm_set1_epi16(scales[s]));
                for (int v = 0; v < V; v++) {
                    const guide_block_q8_K *a = VECTOR_Q8_K(x, stride, v);
                    isum[v] = _mm256_add_epi32(isum[v], KERNEL(scaled_dot)(q[k], a[b].qs + 128 * n + 32 * k, scale));
                }
            }
        }
        float d = KERNEL(half)(block + 208);
        for (int v = 0; v < V; v++) {
            const guide_block_q8_K *a = VECTOR_Q8_K(x, stride, v);
            acc[v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[v]), _mm256_set1_ps(d * a[b].d), acc[v]);
        }
    }
    for (int v = 0; v < V; v++) out[v] = KERNEL(hsum)(acc[v]);
}

/* The exported kernels: one vector, and 1 to GUIDE_QDOT_MAX_VECTORS vectors (each count
   compiled apart, so the loops over vectors unroll into registers). */
#define EXPORT_KERNELS(type, call)                                                            \
    TARGET float KERNEL(guide_dot_##type)(const void *w, const void *x, int blocks) {          \
        float out;                                                                            \
        call(w, x, 0, 1, blocks, &out);                                                       \
        return out;                                                                           \
    }                                                                                         \
    TARGET void KERNEL(guide_dots_##type)(const void *w, const void *x, size_t stride, int vectors, \
                                          int blocks, float *out) {                            \
        switch (vectors) {                                                                    \
        case 1: call(w, x, stride, 1, blocks, out); break;                                    \
        case 2: call(w, x, stride, 2, blocks, out); break;                                    \
        case 3: call(w, x, stride, 3, blocks, out); break;                                    \
        default: call(w, x, stride, 4, blocks, out); break;                                   \
        }                                                                                     \
    }

#define CALL_Q8_0(w, x, stride, V, blocks, out) KERNEL(rows_q8_0)(w, x, stride, V, blocks, out)
#define CALL_Q4_0(w, x, stride, V, blocks, out) KERNEL(rows_q4_0_q5_0)(w, x, stride, V, blocks, out, 0)
#define CALL_Q5_0(w, x, stride, V, blocks, out) KERNEL(rows_q4_0_q5_0)(w, x, stride, V, blocks, out, 1)
#define CALL_Q4_K(w, x, stride, V, blocks, out) KERNEL(rows_k_with_mins)(w, x, stride, V, blocks, out, 0)
#define CALL_Q5_K(w, x, stride, V, blocks, out) KERNEL(rows_k_with_mins)(w, x, stride, V, blocks, out, 1)
#define CALL_Q6_K(w, x, stride, V, blocks, out) KERNEL(rows_q6_K)(w, x, stride, V, blocks, out)
EXPORT_KERNELS(q8_0, CALL_Q8_0)
EXPORT_KERNELS(q4_0, CALL_Q4_0)
EXPORT_KERNELS(q5_0, CALL_Q5_0)
EXPORT_KERNELS(q4_K, CALL_Q4_K)
EXPORT_KERNELS(q5_K, CALL_Q5_K)
EXPORT_KERNELS(q6_K, CALL_Q6_K)
#undef EXPORT_KERNELS
#undef CALL_Q8_0
#undef CALL_Q4_0
#undef CALL_Q5_0
#undef CALL_Q4_K
#undef CALL_Q5_K
#undef CALL_Q6_K
#undef VECTOR_Q8_0
#undef VECTOR_Q8_K
#undef MULTI

#undef HELPER
