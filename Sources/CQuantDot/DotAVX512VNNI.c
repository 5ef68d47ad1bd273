/* The x86-64 kernels with EVEX-encoded vpdpbusd on 256-bit lanes (AVX-512 VNNI + VL:
   Ice Lake, Zen 4 and later). */
#if defined(__x86_64__)
#define KERNEL(name) name##_avx512vnni
#define TARGET __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))
#define DOT_U8S8(acc, u, s) _mm256_dpbusd_epi32((acc), (u), (s))
#include "DotX86Kernels.h"
#endif
