// Debian's OpenBLAS picks its kernels from a table of processors it knew when it was built; on a newer
// processor it falls back to its generic SSE kernels, several times slower. OpenBLAS reads
// OPENBLAS_CORETYPE only while it loads, so a program that finds the generic kernels on a capable
// processor re-executes itself once with the matching core named. This runs as a constructor, after
// OpenBLAS has loaded and before any Swift code, in every program that links Tensors.
#include "CStartup.h"

#include <cpuid.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

extern char *openblas_get_corename(void);
extern char *openblas_get_config(void);

const char *lectern_blas_core_name(void) { return openblas_get_corename(); }
const char *lectern_blas_config(void) { return openblas_get_config(); }

static uint64_t xcr0(void) {
    uint32_t low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((uint64_t)high << 32) | low;
}

LecternVectorLevel lectern_cpu_vector_level(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return LecternVectorLevelSSE;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    if (!osxsave || !avx) return LecternVectorLevelSSE;
    uint64_t saved = xcr0();
    if ((saved & 0x6) != 0x6) return LecternVectorLevelSSE;  // the OS does not save YMM registers
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return LecternVectorLevelAVX;
    int avx2 = (b >> 5) & 1;
    const unsigned avx512 = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);  // F DQ CD BW VL
    if (avx2 && fma && (b & avx512) == avx512 && (saved & 0xe6) == 0xe6) return LecternVectorLevelAVX512;
    if (avx2 && fma) return LecternVectorLevelAVX2;
    return LecternVectorLevelAVX;
}

LecternCPUVendor lectern_cpu_vendor(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(0, &a, &b, &c, &d)) return LecternCPUVendorOther;
    char vendor[13];
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &c, 4);
    vendor[12] = 0;
    if (strcmp(vendor, "GenuineIntel") == 0) return LecternCPUVendorIntel;
    if (strcmp(vendor, "AuthenticAMD") == 0 || strcmp(vendor, "HygonGenuine") == 0) return LecternCPUVendorAMD;
    return LecternCPUVendorOther;
}

static const struct {
    const char *name;
    int level;
} known_cores[] = {
    {"Katmai", 0}, {"Coppermine", 0}, {"Northwood", 0}, {"Prescott", 0}, {"Banias", 0},
    {"Atom", 0}, {"Core2", 0}, {"Penryn", 0}, {"Dunnington", 0}, {"Nehalem", 0},
    {"Athlon", 0}, {"Opteron", 0}, {"Opteron_SSE3", 0}, {"Barcelona", 0}, {"Nano", 0},
    {"Bobcat", 0}, {"Sandybridge", 1}, {"Bulldozer", 1}, {"Piledriver", 1}, {"Steamroller", 1},
    {"Excavator", 1}, {"Haswell", 2}, {"Zen", 2}, {"SkylakeX", 3}, {"Cooperlake", 3},
    {"SapphireRapids", 3},
};

int lectern_blas_core_level(const char *core) {
    if (!core) return -1;
    for (size_t i = 0; i < sizeof known_cores / sizeof known_cores[0]; i++) {
        if (strcasecmp(core, known_cores[i].name) == 0) return known_cores[i].level;
    }
    return -1;
}

const char *lectern_blas_better_core(const char *core, LecternVectorLevel level, LecternCPUVendor vendor) {
    int current = lectern_blas_core_level(core);
    if (current < 0 || current >= (int)level) return NULL;
    switch (level) {
    case LecternVectorLevelAVX512: return "SkylakeX";
    case LecternVectorLevelAVX2: return vendor == LecternCPUVendorAMD ? "Zen" : "Haswell";
    case LecternVectorLevelAVX: return "Sandybridge";
    default: return NULL;
    }
}

// glibc passes argc, argv and the environment to constructors.
__attribute__((constructor)) static void lectern_choose_blas_kernel(int argc, char **argv, char **envp) {
    (void)argc;
    (void)envp;
    if (getenv("LECTERN_BLAS_CHECKED")) return;  // this process is the re-executed one
    // A core the user named is the user's choice, unless a test asks to treat it as OpenBLAS's fallback.
    if (getenv("OPENBLAS_CORETYPE") && !getenv("LECTERN_BLAS_TREAT_CORETYPE_AS_FALLBACK")) return;
    const char *core = openblas_get_corename();
    const char *better = lectern_blas_better_core(core, lectern_cpu_vector_level(), lectern_cpu_vendor());
    if (!better || !argv) return;
    setenv("LECTERN_BLAS_CHECKED", "1", 1);
    setenv("LECTERN_BLAS_REPLACED_CORE", core, 1);
    setenv("OPENBLAS_CORETYPE", better, 1);
    unsetenv("LECTERN_BLAS_TREAT_CORETYPE_AS_FALLBACK");
    execv("/proc/self/exe", argv);
    // The re-execution failed (no /proc, say): carry on with the kernels OpenBLAS chose.
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv("LECTERN_BLAS_REPLACED_CORE");
}
