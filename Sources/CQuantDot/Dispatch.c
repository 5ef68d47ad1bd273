/* Chooses the kernel for a weight type and instruction set, and runs it over rows. */

#include "CPUFeatures.h"
#include "QuantDotInternal.h"

int guide_qdot_isa_available(int isa) {
    switch (isa) {
    case GUIDE_QDOT_SCALAR: return 1;
    case GUIDE_QDOT_AVX2: return guide_cpu_has_avx2_fma_f16c();
    case GUIDE_QDOT_AVX_VNNI: return guide_cpu_has_avx_vnni();
    case GUIDE_QDOT_AVX512_VNNI: return guide_cpu_has_avx512_vnni();
    default: return 0;
    }
}

int guide_qdot_best_isa(void) {
    /* AVX-512 VNNI first: on CPUs with both, the two vpdpbusd encodings run alike. */
    static const int preferred[] = {GUIDE_QDOT_AVX512_VNNI, GUIDE_QDOT_AVX_VNNI, GUIDE_QDOT_AVX2};
    for (unsigned i = 0; i < sizeof preferred / sizeof preferred[0]; i++) {
        if (guide_qdot_isa_available(preferred[i])) return preferred[i];
    }
    return -1;
}

int guide_qdot_supports(uint32_t type) {
    switch (type) {
    case GUIDE_TYPE_Q4_0: case GUIDE_TYPE_Q4_1: case GUIDE_TYPE_Q5_0: case GUIDE_TYPE_Q8_0:
    case GUIDE_TYPE_Q4_K: case GUIDE_TYPE_Q5_K: case GUIDE_TYPE_Q6_K:
        return 1;
    default:
        return 0;
    }
}

int guide_qdot_uses_q8_K(uint32_t type) {
    return type == GUIDE_TYPE_Q4_K || type == GUIDE_TYPE_Q5_K || type == GUIDE_TYPE_Q6_K;
}

#define GUIDE_PICK(suffix)                                           \
    switch (type) {                                                  \
    case GUIDE_TYPE_Q4_0: return guide_dot_q4_0_##suffix;            \
    case GUIDE_TYPE_Q4_1: return guide_dot_q4_1_##suffix;            \
    case GUIDE_TYPE_Q5_0: return guide_dot_q5_0_##suffix;            \
    case GUIDE_TYPE_Q8_0: return guide_dot_q8_0_##suffix;            \
    case GUIDE_TYPE_Q4_K: return guide_dot_q4_K_##suffix;            \
    case GUIDE_TYPE_Q5_K: return guide_dot_q5_K_##suffix;            \
    case GUIDE_TYPE_Q6_K: return guide_dot_q6_K_##suffix;            \
    default: return 0;                                               \
    }

static guide_row_kernel kernel_for(int isa, uint32_t type) {
    switch (isa) {
    case GUIDE_QDOT_SCALAR: GUIDE_PICK(scalar)
#if defined(__x86_64__)
    case GUIDE_QDOT_AVX2: GUIDE_PICK(avx2)
    case GUIDE_QDOT_AVX_VNNI: GUIDE_PICK(avxvnni)
    case GUIDE_QDOT_AVX512_VNNI: GUIDE_PICK(avx512vnni)
#endif
    default: return 0;
    }
}


#define GUIDE_PICK_MULTI(suffix)                                     \
    switch (type) {                                                  \
    case GUIDE_TYPE_Q4_0: return guide_dots_q4_0_##suffix;           \
    case GUIDE_TYPE_Q5_0: return guide_dots_q5_0_##suffix;           \
    case GUIDE_TYPE_Q8_0: return guide_dots_q8_0_##suffix;           \
    case GUIDE_TYPE_Q4_K: return guide_dots_q4_K_##suffix;           \
    case GUIDE_TYPE_Q5_K: return guide_dots_q5_K_##suffix;           \
    case GUIDE_TYPE_Q6_K: return guide_dots_q6_K_##suffix;           \
    default: return 0;                                               \
    }

/* The multi-vector kernel, or 0 where the variant has none for the type (then the row
   kernel runs once per vector, with the same results). */
static guide_rows_kernel multi_kernel_for(int isa, uint32_t type) {
    switch (isa) {
#if defined(__x86_64__)
    case GUIDE_QDOT_AVX2: GUIDE_PICK_MULTI(avx2)
    case GUIDE_QDOT_AVX_VNNI: GUIDE_PICK_MULTI(avxvnni)
    case GUIDE_QDOT_AVX512_VNNI: GUIDE_PICK_MULTI(avx512vnni)
#endif
    default: return 0;
    }
}

int guide_qdot_rows_vectors(int isa, uint32_t type, const void *weights, size_t row_bytes, int rows,
                            const void *activations, size_t activation_stride, int vectors, int cols,
                            float *y, size_t y_stride) {
    guide_row_kernel kernel = kernel_for(isa, type);
    if (!kernel || !guide_qdot_isa_available(isa)) return 0;
    guide_rows_kernel multi = multi_kernel_for(isa, type);
    int blocks = cols / (guide_qdot_uses_q8_K(type) ? 256 : 32);
    const uint8_t *row = weights;
    const uint8_t *x = activations;
    for (int r = 0; r < rows; r++, row += row_bytes) {
        for (int v = 0; v < vectors; v += GUIDE_QDOT_MAX_VECTORS) {
            int count = vectors - v < GUIDE_QDOT_MAX_VECTORS ? vectors - v : GUIDE_QDOT_MAX_VECTORS;
            float out[GUIDE_QDOT_MAX_VECTORS];
            if (multi) {
                multi(row, x + activation_stride * (size_t)v, activation_stride, count, blocks, out);
            } else {
                for (int i = 0; i < count; i++) out[i] = kernel(row, x + activation_stride * (size_t)(v + i), blocks);
            }
            for (int i = 0; i < count; i++) y[y_stride * (size_t)(v + i) + (size_t)r] = out[i];
        }
    }
    return 1;
}
