#ifndef GUIDE_CPU_FEATURES_H
#define GUIDE_CPU_FEATURES_H

/* What the CPU this process runs on can execute, asked of the CPU itself (CPUID and the
   OS's saved-state mask through the compiler's cpu model), not of /proc/cpuinfo, which
   an emulator such as qemu-user passes through from its host. Each returns 0 on a CPU
   that is not x86-64. */

/// 1 when the CPU and the OS support AVX2 and FMA (OpenBLAS's Haswell kernels), else 0.
int guide_cpu_has_avx2_fma(void);

/// 1 when the CPU and the OS support AVX2, FMA and F16C (the integer dot kernels' base), else 0.
int guide_cpu_has_avx2_fma_f16c(void);

/// 1 when the CPU supports AVX-VNNI (VEX-encoded vpdpbusd) on top of AVX2, FMA and F16C, else 0.
int guide_cpu_has_avx_vnni(void);

/// 1 when the CPU and the OS support AVX-512 F, BW, VL and VNNI (EVEX vpdpbusd on 256-bit
/// registers) on top of AVX2, FMA and F16C, else 0.
int guide_cpu_has_avx512_vnni(void);

#endif
