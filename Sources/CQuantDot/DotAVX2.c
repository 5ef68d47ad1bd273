/* The x86-64 kernels with vpmaddubsw + vpmaddwd (AVX2, FMA, F16C: Haswell and later). */
#if defined(__x86_64__)
#define KERNEL(name) name##_avx2
#define TARGET __attribute__((target("avx2,fma,f16c")))
#define DOT_U8S8(acc, u, s) \
    _mm256_add_epi32((acc), _mm256_madd_epi16(_mm256_maddubs_epi16((u), (s)), _mm256_set1_epi16(1)))
#include "DotX86Kernels.h"
#endif
