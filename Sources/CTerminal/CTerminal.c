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

static volatile sig_atomic_t kaoxue_resized = 0;

static void kaoxue_on_resize(int signal_number) {
    (void)signal_number;
    kaoxue_resized = 1;
}

void kaoxue_watch_resize(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = kaoxue_on_resize;
    sigemptyset(&action.sa_mask);
    sigaction(SIGWINCH, &action, NULL);
}

int kaoxue_take_resize(void) {
    int resized = kaoxue_resized != 0;
    kaoxue_resized = 0;
    return resized;
}

int kaoxue_resize_pending(void) { return kaoxue_resized != 0; }
