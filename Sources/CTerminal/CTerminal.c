// The interrupt flag and its handler; the other helpers live in include/CTerminal.h as static inline functions.
#include "CTerminal.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t kaoxue_interrupted = 0;

static void kaoxue_on_interrupt(int signal_number) {
    (void)signal_number;
    kaoxue_interrupted = 1;
}

void kaoxue_catch_interrupt(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = kaoxue_on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
}

int kaoxue_was_interrupted(void) { return kaoxue_interrupted != 0; }
