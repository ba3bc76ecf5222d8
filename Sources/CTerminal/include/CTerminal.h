// C helpers for TerminalIO that Swift cannot reach directly.
#ifndef KAOXUE_CTERMINAL_H
#define KAOXUE_CTERMINAL_H

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <wchar.h>

/// Terminal columns of one character in the current LC_CTYPE (wcwidth is hidden from Swift's Glibc module).
static inline int kaoxue_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

/// The SIGINT handler: sets `kaoxue_interrupted` (async-signal-safe, nothing else).
void kaoxue_on_interrupt(int signal_number);

/// Set by the SIGINT handler `kaoxue_catch_interrupt` installs (Ctrl-C in an interactive command).
extern volatile sig_atomic_t kaoxue_interrupted;

/// Ctrl-C no longer ends the process at once: it sets `kaoxue_interrupted`, and the system call waiting for input
/// returns (no SA_RESTART), so the session can say what was kept before it ends.
static inline void kaoxue_catch_interrupt(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = kaoxue_on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    // A parent may have left SIGINT blocked (the mask is inherited across exec): unblock it, or Ctrl-C does nothing.
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
}

static inline int kaoxue_was_interrupted(void) { return kaoxue_interrupted != 0; }

#endif
