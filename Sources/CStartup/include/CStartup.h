#ifndef LECTERN_CSTARTUP_H
#define LECTERN_CSTARTUP_H

/// What the processor and the operating system together let kernels use, from weakest to strongest.
typedef enum {
    LecternVectorLevelSSE = 0,
    LecternVectorLevelAVX = 1,
    LecternVectorLevelAVX2 = 2,  // AVX2 and FMA
    LecternVectorLevelAVX512 = 3,  // AVX-512 F, CD, BW, DQ and VL
} LecternVectorLevel;

typedef enum {
    LecternCPUVendorOther = 0,
    LecternCPUVendorIntel = 1,
    LecternCPUVendorAMD = 2,
} LecternCPUVendor;

/// The vector level of this processor, with the register state the OS saves (XGETBV) taken into account.
LecternVectorLevel lectern_cpu_vector_level(void);
LecternCPUVendor lectern_cpu_vendor(void);

/// The vector level an OpenBLAS core name's kernels use, or -1 for a name this table does not know.
int lectern_blas_core_level(const char *core);

/// The OPENBLAS_CORETYPE that fits a processor better than `core`, or NULL when `core` fits (or is unknown).
const char *lectern_blas_better_core(const char *core, LecternVectorLevel level, LecternCPUVendor vendor);

/// OpenBLAS's name for the kernel set it runs, and its build configuration (version first).
const char *lectern_blas_core_name(void);
const char *lectern_blas_config(void);

#endif
