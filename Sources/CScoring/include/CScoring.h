// C helpers for Scoring that Swift cannot reach directly.
#ifndef KAOXUE_CSCORING_H
#define KAOXUE_CSCORING_H

#include <stdint.h>

/// Asks for the cache line at `address` to be loaded ahead of its use (a hint: it never faults, and an address
/// outside any mapping is ignored).
static inline void kaoxue_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Whether this processor can run `kaoxue_split_row` (x86-64 with AVX-512 VBMI2); when not, it always returns -2.
int kaoxue_split_row_available(void);

/// Splits the unquoted CSV row that starts at `start` 64 bytes at a time, for a sheet whose answers are option
/// letters: for each field in order, stores its *quick bits* at `bits[0]`, `bits[1]`, …, their number at
/// `*fieldCount`, the indices where the first `keptEnds` fields end (their comma or the line feed) at
/// `ends[0]`, … and how many of them it stored at `*endsFound`; returns the index of the row's line feed.
///
/// A field's quick bits are the OR of its bytes' option bits when it holds only the letters A–G (either case)
/// and the separators between letters (space, tab, `;`, `/`, `+`, `.`, CR), and is at most 7 bytes long; for
/// any other field they are 0x80 and its letters must be read byte by byte.
///
/// Returns -1 when the row has a quote (its fields need a real CSV reader), and -2 when this splitter cannot
/// answer: no AVX-512, the row ends within 64 bytes of `end` or has no line feed, or it has more than
/// `capacity` fields. `bits` must have room for `capacity + 64` bytes (up to 64 are written past the last field).
long kaoxue_split_row(const uint8_t *base, long start, long end, uint8_t *bits, long capacity, long *ends, long keptEnds,
                      long *fieldCount, long *endsFound);

#endif
