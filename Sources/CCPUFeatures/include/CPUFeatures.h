#ifndef GUIDE_CPU_FEATURES_H
#define GUIDE_CPU_FEATURES_H

/* What the CPU this process runs on can execute, asked of the CPU itself (CPUID and the
   OS's saved-state mask through the compiler's cpu model), not of /proc/cpuinfo, which
   an emulator such as qemu-user passes through from its host. It returns 0 on a CPU that
   is not x86-64. */

/// 1 when the CPU and the OS support AVX2 and FMA (OpenBLAS's Haswell kernels), else 0.
int guide_cpu_has_avx2_fma(void);

#endif
