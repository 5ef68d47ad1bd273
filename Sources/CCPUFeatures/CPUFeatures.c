#include "CPUFeatures.h"

int guide_cpu_has_avx2_fma(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int guide_cpu_has_avx2_fma_f16c(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return guide_cpu_has_avx2_fma() && __builtin_cpu_supports("f16c");
#else
    return 0;
#endif
}

int guide_cpu_has_avx_vnni(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return guide_cpu_has_avx2_fma_f16c() && __builtin_cpu_supports("avxvnni");
#else
    return 0;
#endif
}

int guide_cpu_has_avx512_vnni(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return guide_cpu_has_avx2_fma_f16c() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
#else
    return 0;
#endif
}
