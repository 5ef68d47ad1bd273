#ifndef GUIDE_QUANT_DOT_H
#define GUIDE_QUANT_DOT_H

#include <stddef.h>
#include <stdint.h>

/* Integer dot products of quantized weight rows with 8-bit activations, as llama.cpp's CPU
   backend computes them: the activation vector is quantized once per matrix (Q8_0 blocks
   of 32 for the 32-element formats, Q8_K blocks of 256 for the K formats), then each
   weight block is multiplied with it in integer lanes and scaled by d_w·d_x in float.

   The activation formats round exactly as the engine's `LlamaRounding` does, so the
   products equal those of the float kernels on the rounded activations up to the order
   in which per-block partial sums are added.

   Every instruction-set variant lives in functions compiled with their own target
   attribute; `guide_qdot_best_isa` asks the CPU at run time which one may run, so a
   binary built for a baseline CPU never executes an instruction the CPU lacks. */

/// One Q8_0 activation block: 32 int8 quants, their scale (the F16-rounded max|x|/127,
/// widened to float) and the sum of the quants (for formats with an additive min).
typedef struct {
    float d;
    int32_t sum;
    int8_t qs[32];
} guide_block_q8_0;

/// One Q8_K activation block (ggml's layout): scale, 256 int8 quants, sums of each 16.
typedef struct {
    float d;
    int8_t qs[256];
    int16_t bsums[16];
} guide_block_q8_K;

/// Instruction sets a kernel can be built for.
typedef enum {
    GUIDE_QDOT_SCALAR = 0,      ///< portable C, the reference
    GUIDE_QDOT_AVX2 = 1,        ///< vpmaddubsw + vpmaddwd (AVX2, FMA, F16C)
    GUIDE_QDOT_AVX_VNNI = 2,    ///< vpdpbusd, VEX encoded (AVX-VNNI)
    GUIDE_QDOT_AVX512_VNNI = 3, ///< vpdpbusd on 256-bit lanes, EVEX encoded (AVX-512 VNNI + VL)
} guide_qdot_isa;

/// The fastest variant this CPU runs, or -1 when none beats the engine's float kernels
/// (no SIMD variant exists for this architecture).
int guide_qdot_best_isa(void);

/// 1 when the variant `isa` may run on this CPU, else 0. The scalar variant always may.
int guide_qdot_isa_available(int isa);

/// 1 when a dot kernel exists for the GGML type id `type` (Q4_0, Q4_1, Q5_0, Q8_0, Q4_K,
/// Q5_K, Q6_K), else 0.
int guide_qdot_supports(uint32_t type);

/// 1 when weights of GGML type `type` multiply Q8_K activations, 0 for Q8_0.
int guide_qdot_uses_q8_K(uint32_t type);

/// Quantizes `count` floats (a multiple of 32) into `count / 32` Q8_0 blocks.
void guide_quantize_q8_0(const float *x, int count, guide_block_q8_0 *out);

/// Quantizes `count` floats (a multiple of 256) into `count / 256` Q8_K blocks.
void guide_quantize_q8_K(const float *x, int count, guide_block_q8_K *out);

/// y[v·y_stride + r] = row r · activation v for `rows` rows of `cols` elements of GGML type
/// `type`, stored `row_bytes` apart from `weights`, and `vectors` quantized activations
/// (Q8_0 or Q8_K blocks as `guide_qdot_uses_q8_K` says) stored `activation_stride` bytes
/// apart, with the variant `isa`. Each weight block is unpacked once for up to four
/// vectors; every product is bit-identical to the one for that vector alone. Returns 0 and
/// writes nothing when the type or the variant is not available.
int guide_qdot_rows_vectors(int isa, uint32_t type, const void *weights, size_t row_bytes, int rows,
                            const void *activations, size_t activation_stride, int vectors, int cols,
                            float *y, size_t y_stride);

#endif
