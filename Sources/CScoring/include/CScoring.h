// C helpers for Scoring that Swift cannot reach directly.
#ifndef KAOXUE_CSCORING_H
#define KAOXUE_CSCORING_H

/// Asks for the cache line at `address` to be loaded ahead of its use (a hint: it never faults, and an address
/// outside any mapping is ignored).
static inline void kaoxue_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
