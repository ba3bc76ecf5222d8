// Most helpers live in include/CTerminal.h as static inline functions; the interrupt flag and its handler are here.
#include "CTerminal.h"

volatile sig_atomic_t kaoxue_interrupted = 0;

void kaoxue_on_interrupt(int signal_number) {
    (void)signal_number;
    kaoxue_interrupted = 1;
}
