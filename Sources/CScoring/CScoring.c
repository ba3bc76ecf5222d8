// The row splitter with AVX-512 (see kaoxue_split_row in include/CScoring.h); the other helpers are static
// inline in the header.
#include "CScoring.h"

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

#define KAOXUE_AVX512 __attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,bmi,popcnt")))

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winitializer-overrides"
/// What each ASCII byte adds to its field's quick bits: A–G (either case) their option bit, the separators
/// between letters (space, tab, `;`, `/`, `+`, `.`, CR) and the comma and line feed nothing, anything else 0x80.
/// Bytes from 0x80 up are 0x80 too (added by the splitter).
static const uint8_t quickClasses[128] __attribute__((aligned(64))) = {
    [0 ... 127] = 0x80,
    ['A'] = 1, ['B'] = 2, ['C'] = 4, ['D'] = 8, ['E'] = 16, ['F'] = 32, ['G'] = 64,
    ['a'] = 1, ['b'] = 2, ['c'] = 4, ['d'] = 8, ['e'] = 16, ['f'] = 32, ['g'] = 64,
    [' '] = 0, ['\t'] = 0, [';'] = 0, ['/'] = 0, ['+'] = 0, ['.'] = 0, ['\r'] = 0, [','] = 0, ['\n'] = 0,
};
#pragma clang diagnostic pop

/// Byte i of the result is byte i - shift of the source (the lanes below `shift` are masked off by the caller).
KAOXUE_AVX512 static inline __m512i kaoxue_back_indices(int shift) {
    uint8_t indices[64];
    for (int i = 0; i < 64; i++) indices[i] = (uint8_t)((i - shift) & 63);
    return _mm512_loadu_si512(indices);
}

KAOXUE_AVX512
static long kaoxue_split_row_avx512(const uint8_t *base, long start, long end, uint8_t *bits, long capacity, long *ends,
                                    long keptEnds, long *fieldCount, long *endsFound) {
    const __m512i classesLow = _mm512_load_si512(quickClasses), classesHigh = _mm512_load_si512(quickClasses + 64);
    const __m512i high = _mm512_set1_epi8((char)0x80);
    const __m512i back1 = kaoxue_back_indices(1), back2 = kaoxue_back_indices(2), back4 = kaoxue_back_indices(4);
    long found = 0;
    // Block 0 reports its 64 bytes; each later block starts 56 bytes on and reports its last 56, its first 8
    // (reported by the block before) being there so that a field's last 8 bytes are always in one block.
    uint64_t reported = ~0ull;
    for (long position = start;; position += 56, reported = ~0xFFull) {
        if (position + 64 > end || found > capacity) return -2;
        __m512i bytes = _mm512_loadu_si512(base + position);
        uint64_t comma = _mm512_cmpeq_epi8_mask(bytes, _mm512_set1_epi8(','));
        uint64_t lineFeed = _mm512_cmpeq_epi8_mask(bytes, _mm512_set1_epi8('\n')) & reported;
        uint64_t quote = _mm512_cmpeq_epi8_mask(bytes, _mm512_set1_epi8('"'));
        // The bytes of the row: up to its line feed.
        uint64_t row = reported & (lineFeed ? _blsmsk_u64(lineFeed) : ~0ull);
        if (quote & row) return -1;
        uint64_t terminators = (comma | lineFeed) & row;
        // A field starts after a comma (or at the row's start); each byte ORs in the bytes before it in its field,
        // 1, then 2, then 4 back: a field's comma (or line feed) then holds the OR of the 7 bytes before it and
        // its own, which is the whole field's when the field started within them.
        uint64_t starts = (comma << 1) | (reported & 1);
        __m512i quick = _mm512_or_si512(_mm512_permutex2var_epi8(classesLow, bytes, classesHigh), _mm512_and_si512(bytes, high));
        uint64_t pull = ~starts & ~1ull;
        quick = _mm512_or_si512(quick, _mm512_maskz_permutexvar_epi8(pull, back1, quick));
        pull &= pull << 1;
        quick = _mm512_or_si512(quick, _mm512_maskz_permutexvar_epi8(pull, back2, quick));
        pull &= pull << 2;
        quick = _mm512_or_si512(quick, _mm512_maskz_permutexvar_epi8(pull, back4, quick));
        pull &= pull << 4;
        // A field of more than 7 bytes (no start among those 8) was not all seen: 0x80, read byte by byte.
        quick = _mm512_mask_mov_epi8(quick, pull & terminators, high);
        _mm512_storeu_si512(bits + found, _mm512_maskz_compress_epi8(terminators, quick));
        if (reported & 1) {
            uint64_t first = terminators;
            long kept = 0;
            for (; kept < keptEnds && first; kept++, first &= first - 1) ends[kept] = position + (long)__builtin_ctzll(first);
            *endsFound = kept;
        }
        found += __builtin_popcountll(terminators);
        if (lineFeed) {
            if (found > capacity) return -2;
            *fieldCount = found;
            return position + (long)__builtin_ctzll(lineFeed);
        }
    }
}

static int kaoxue_avx512_usable(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi")
        && __builtin_cpu_supports("avx512vbmi2");
}
#endif

int kaoxue_split_row_available(void) {
#if defined(__x86_64__) && defined(__clang__)
    return kaoxue_avx512_usable();
#else
    return 0;
#endif
}

long kaoxue_split_row(const uint8_t *base, long start, long end, uint8_t *bits, long capacity, long *ends, long keptEnds,
                      long *fieldCount, long *endsFound) {
#if defined(__x86_64__) && defined(__clang__)
    return kaoxue_split_row_avx512(base, start, end, bits, capacity, ends, keptEnds, fieldCount, endsFound);
#else
    (void)base, (void)start, (void)end, (void)bits, (void)capacity, (void)ends, (void)keptEnds, (void)fieldCount, (void)endsFound;
    return -2;
#endif
}
