// C helpers for TerminalIO that Swift cannot reach directly.
#ifndef KAOXUE_CTERMINAL_H
#define KAOXUE_CTERMINAL_H

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <wchar.h>

/// Terminal columns of one character in the current LC_CTYPE (wcwidth is hidden from Swift's Glibc module).
static inline int kaoxue_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

/// Ctrl-C no longer ends the process at once: a SIGINT handler sets a flag, and the system call waiting for input
/// returns (no SA_RESTART), so the session can say what was kept before it ends. SIGINT is unblocked too (a parent
/// may have left it blocked; the mask is inherited across exec). Defined in CTerminal.c, whose system headers would
/// clash with Swift's Glibc module here.
void kaoxue_catch_interrupt(void);

/// Whether Ctrl-C was pressed since `kaoxue_catch_interrupt`.
int kaoxue_was_interrupted(void);

/// A SIGWINCH handler (no SA_RESTART) that notes the terminal was resized, so the wait for input returns and the
/// line being edited is redrawn for the new width.
void kaoxue_watch_resize(void);

/// Whether the terminal was resized since the last call (and clears the note).
int kaoxue_take_resize(void);

/// Whether a resize was noted and not yet taken.
int kaoxue_resize_pending(void);

#endif
