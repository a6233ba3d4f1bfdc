#ifndef PODIUM_SCAN_H
#define PODIUM_SCAN_H

/* Byte scanning for the sales hot path, 16 bytes at a time where the CPU has SSE2 (every x86-64),
 * byte by byte elsewhere; both forms give the same answers (ByteScanTests). In C because Swift's
 * SIMD types have no "mask of lanes as bits"; docs/performance.md keeps the measurement that
 * put it here (the sales stage of the 10M month: 4.8 s -> 3.2 s with this and the ASCII
 * shortcuts of ByteText). */

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// What `podium_scan_line` found.
typedef struct {
    /// Offset of the first line feed, or -1 when there is none in the bytes given.
    long newline;
    /// Delimiters before the line feed (all of them, even past the capacity given).
    long delimiters;
    /// 1: a quote, or a carriage return not directly before the line feed, before the line feed
    /// (the line needs the full CSV scanner; `newline` and `delimiters` are then incomplete).
    /// 2: a byte >= 0x80 before the line feed (the line needs a UTF-8 check).
    int flags;
} podium_line_scan;

#define PODIUM_SCAN_SPECIAL 1
#define PODIUM_SCAN_HIGH 2

static inline int podium_scan_byte(const uint8_t *p, long n, long i, uint8_t delim, long *delims, long capacity,
                                   podium_line_scan *r) {
    uint8_t c = p[i];
    if (c == '\n') { r->newline = i; return 1; }
    if (c == delim) {
        if (r->delimiters < capacity) delims[r->delimiters] = i;
        r->delimiters += 1;
    } else if (c == '"') {
        r->flags |= PODIUM_SCAN_SPECIAL;
        return 1;
    } else if (c == '\r') {
        if (!(i + 1 < n && p[i + 1] == '\n')) { r->flags |= PODIUM_SCAN_SPECIAL; return 1; }
    } else if (c >= 0x80) {
        r->flags |= PODIUM_SCAN_HIGH;
    }
    return 0;
}

/// Scans `p[0..<n]` up to the first line feed: where the delimiters are (the first `capacity`
/// of them go to `delims`), and whether anything needs a closer look. Reads no byte past `n`.
static inline podium_line_scan podium_scan_line(const uint8_t *p, long n, uint8_t delim, long *delims, long capacity) {
    podium_line_scan r = { -1, 0, 0 };
    long i = 0;
#if defined(__SSE2__)
    const __m128i vd = _mm_set1_epi8((char)delim), vn = _mm_set1_epi8('\n');
    const __m128i vq = _mm_set1_epi8('"'), vr = _mm_set1_epi8('\r');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        unsigned nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vn));
        unsigned limit = nl ? ((1u << __builtin_ctz(nl)) - 1u) : 0xFFFFu;
        unsigned quote = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vq)) & limit;
        unsigned cr = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vr)) & limit;
        unsigned high = (unsigned)_mm_movemask_epi8(v) & limit;
        unsigned dm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd)) & limit;
        if (quote) { r.flags |= PODIUM_SCAN_SPECIAL; return r; }
        while (cr) {
            long j = i + __builtin_ctz(cr);
            if (!(j + 1 < n && p[j + 1] == '\n')) { r.flags |= PODIUM_SCAN_SPECIAL; return r; }
            cr &= cr - 1;
        }
        if (high) r.flags |= PODIUM_SCAN_HIGH;
        while (dm) {
            if (r.delimiters < capacity) delims[r.delimiters] = i + __builtin_ctz(dm);
            r.delimiters += 1;
            dm &= dm - 1;
        }
        if (nl) { r.newline = i + __builtin_ctz(nl); return r; }
    }
#endif
    for (; i < n; i++) {
        if (podium_scan_byte(p, n, i, delim, delims, capacity, &r)) return r;
    }
    return r;
}

/// True when `p[0..<n]` is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF; a sequence cut off at `n` is not well-formed).
static inline int podium_utf8_valid(const uint8_t *p, long n) {
    long i = 0;
    while (i < n) {
#if defined(__SSE2__)
        /* runs of ASCII (most of a sales line) are skipped 16 bytes at a time */
        while (i + 16 <= n) {
            unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(p + i)));
            if (high) { i += __builtin_ctz(high); break; }
            i += 16;
        }
        if (i >= n) break;
#endif
        uint8_t c = p[i];
        if (c < 0x80) { i++; continue; }
        long need;
        uint8_t lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0; else if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90; else if (c == 0xF4) hi = 0x8F;
        } else return 0;
        if (i + need >= n) return 0;
        uint8_t x = p[i + 1];
        if (x < lo || x > hi) return 0;
        for (long k = 2; k <= need; k++) if ((p[i + k] & 0xC0) != 0x80) return 0;
        i += need + 1;
    }
    return 1;
}

#endif
