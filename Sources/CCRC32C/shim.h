#ifndef COMMSWATCH_CCRC32C_SHIM_H
#define COMMSWATCH_CCRC32C_SHIM_H

/* The CPU's CRC-32C instruction (SSE 4.2 on x86-64, the CRC extension on arm64), for the journal's
   record checksums. commswatch_crc32c_hardware() says whether this CPU has it; the update takes and
   returns the running value without the initial and final inversion. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

static inline int commswatch_crc32c_hardware(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2")))
static inline uint32_t commswatch_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t count) {
    uint64_t wide = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
        wide = __builtin_ia32_crc32di(wide, word);
        bytes += 8;
        count -= 8;
    }
    uint32_t value = (uint32_t)wide;
    while (count > 0) {
        value = __builtin_ia32_crc32qi(value, *bytes);
        bytes += 1;
        count -= 1;
    }
    return value;
}

#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>

static inline int commswatch_crc32c_hardware(void) { return 1; }

static inline uint32_t commswatch_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t count) {
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
        crc = __crc32cd(crc, word);
        bytes += 8;
        count -= 8;
    }
    while (count > 0) {
        crc = __crc32cb(crc, *bytes);
        bytes += 1;
        count -= 1;
    }
    return crc;
}

#else

static inline int commswatch_crc32c_hardware(void) { return 0; }

static inline uint32_t commswatch_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return crc;
}

#endif
#endif
