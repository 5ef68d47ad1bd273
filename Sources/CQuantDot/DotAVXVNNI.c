/* The x86-64 kernels with VEX-encoded vpdpbusd (AVX-VNNI: Alder Lake, Zen 5 and later). */
#if defined(__x86_64__)
#define KERNEL(name) name##_avxvnni
#define TARGET __attribute__((target("avx2,fma,f16c,avxvnni")))
#define DOT_U8S8(acc, u, s) _mm256_dpbusd_avx_epi32((acc), (u), (s))
#include "DotX86Kernels.h"
#endif
