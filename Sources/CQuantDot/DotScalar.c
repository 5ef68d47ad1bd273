/* Scalar twins of the SIMD kernels: the reference they are tested against, written as
   the block layouts read (QuantDotInternal.h). Integer sums are exact; each block's (or
   super-block's) integer sum is scaled in float and added in block order. */

#include "QuantDotInternal.h"

float guide_dot_q4_0_scalar(const void *w, const void *x, int blocks) {
    const uint8_t *row = w;
    const guide_block_q8_0 *a = x;
    float sum = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + 18 * b;
        int isum = 0;
        for (int j = 0; j < 16; j++) {
            isum += ((block[2 + j] & 0xF) - 8) * a[b].qs[j] + ((block[2 + j] >> 4) - 8) * a[b].qs[j + 16];
        }
        sum += guide_half_to_float(guide_load_u16(block)) * a[b].d * (float)isum;
    }
    return sum;
}

float guide_dot_q4_1_scalar(const void *w, const void *x, int blocks) {
    const uint8_t *row = w;
    const guide_block_q8_0 *a = x;
    float sum = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + 20 * b;
        int isum = 0;
        for (int j = 0; j < 16; j++) {
            isum += (block[4 + j] & 0xF) * a[b].qs[j] + (block[4 + j] >> 4) * a[b].qs[j + 16];
        }
        sum += guide_half_to_float(guide_load_u16(block)) * a[b].d * (float)isum
             + guide_half_to_float(guide_load_u16(block + 2)) * a[b].d * (float)a[b].sum;
    }
    return sum;
}

float guide_dot_q5_0_scalar(const void *w, const void *x, int blocks) {
    const uint8_t *row = w;
    const guide_block_q8_0 *a = x;
    float sum = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + 22 * b;
        uint32_t qh = guide_load_u32(block + 2);
        int isum = 0;
        for (int j = 0; j < 16; j++) {
            int low = (block[6 + j] & 0xF) | (((qh >> j) & 1) << 4);
            int high = (block[6 + j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
            isum += (low - 16) * a[b].qs[j] + (high - 16) * a[b].qs[j + 16];
        }
        sum += guide_half_to_float(guide_load_u16(block)) * a[b].d * (float)isum;
    }
    return sum;
}

float guide_dot_q8_0_scalar(const void *w, const void *x, int blocks) {
    const uint8_t *row = w;
    const guide_block_q8_0 *a = x;
    float sum = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + 34 * b;
        int isum = 0;
        for (int j = 0; j < 32; j++) isum += (int8_t)block[2 + j] * a[b].qs[j];
        sum += guide_half_to_float(guide_load_u16(block)) * a[b].d * (float)isum;
    }
    return sum;
}

/* Q4_K and Q5_K: Σ_j scale_j·Σ q·x over the 8 sub-blocks, minus Σ_j min_j·Σx_j. */
static float dot_k_with_mins(const uint8_t *row, const guide_block_q8_K *a, int blocks, int bytes, int five) {
    float sum = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + bytes * b;
        const uint8_t *qh = block + 16, *qs = block + (five ? 48 : 16);
        int isum = 0, msum = 0;
        for (int c = 0; c < 4; c++) {
            uint8_t sc1, m1, sc2, m2;
            guide_scale_min_k4(2 * c, block + 4, &sc1, &m1);
            guide_scale_min_k4(2 * c + 1, block + 4, &sc2, &m2);
            int first = 0, second = 0;
            for (int l = 0; l < 32; l++) {
                int low = qs[32 * c + l] & 0xF, high = qs[32 * c + l] >> 4;
                if (five) {
                    low |= ((qh[l] >> (2 * c)) & 1) << 4;
                    high |= ((qh[l] >> (2 * c + 1)) & 1) << 4;
                }
                first += low * a[b].qs[64 * c + l];
                second += high * a[b].qs[64 * c + 32 + l];
            }
            isum += sc1 * first + sc2 * second;
            msum += m1 * (a[b].bsums[4 * c] + a[b].bsums[4 * c + 1])
                  + m2 * (a[b].bsums[4 * c + 2] + a[b].bsums[4 * c + 3]);
        }
        float d = guide_half_to_float(guide_load_u16(block)), dmin = guide_half_to_float(guide_load_u16(block + 2));
        sum += a[b].d * (d * (float)isum - dmin * (float)msum);
    }
    return sum;
}

float guide_dot_q4_K_scalar(const void *w, const void *x, int blocks) {
    return dot_k_with_mins(w, x, blocks, 144, 0);
}

float guide_dot_q5_K_scalar(const void *w, const void *x, int blocks) {
    return dot_k_with_mins(w, x, blocks, 176, 1);
}

float guide_dot_q6_K_scalar(const void *w, const void *x, int blocks) {
    const uint8_t *row = w;
    const guide_block_q8_K *a = x;
    float sum = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + 210 * b;
        const uint8_t *ql = block, *qh = block + 128;
        const int8_t *scales = (const int8_t *)(block + 192);
        int sub[16] = {0};
        for (int n = 0; n < 2; n++) {
            for (int l = 0; l < 32; l++) {
                int lowA = ql[64 * n + l], lowB = ql[64 * n + l + 32], h = qh[32 * n + l];
                int q1 = ((lowA & 0xF) | ((h & 3) << 4)) - 32;
                int q2 = ((lowB & 0xF) | (((h >> 2) & 3) << 4)) - 32;
                int q3 = ((lowA >> 4) | (((h >> 4) & 3) << 4)) - 32;
                int q4 = ((lowB >> 4) | (((h >> 6) & 3) << 4)) - 32;
                const int8_t *xs = a[b].qs + 128 * n + l;
                int s = 8 * n + l / 16;
                sub[s] += q1 * xs[0];
                sub[s + 2] += q2 * xs[32];
                sub[s + 4] += q3 * xs[64];
                sub[s + 6] += q4 * xs[96];
            }
        }
        int isum = 0;
        for (int s = 0; s < 16; s++) isum += scales[s] * sub[s];
        sum += guide_half_to_float(guide_load_u16(block + 208)) * a[b].d * (float)isum;
    }
    return sum;
}
