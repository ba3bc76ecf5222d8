// C helpers for TerminalIO that Swift cannot reach directly.
#ifndef KAOXUE_CTERMINAL_H
#define KAOXUE_CTERMINAL_H

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <wchar.h>

/// Terminal columns of one character in the current LC_CTYPE (wcwidth is hidden from Swift's Glibc module).
static inline int kaoxue_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

#endif
