// GNU readline (Debian: libreadline-dev) for ReadlineLineEditor, the only Swift code that links it.
// Swift 6 cannot assign C globals such as rl_attempted_completion_function: these static inline setters do.
#ifndef KAOXUE_CREADLINE_H
#define KAOXUE_CREADLINE_H

#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

typedef char *(*kaoxue_generator)(const char *, int);

static inline void kaoxue_rl_set_completion(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}

static inline char **kaoxue_rl_matches(const char *text, kaoxue_generator generator) {
    // No filename completion when nothing matches.
    rl_attempted_completion_over = 1;
    return rl_completion_matches(text, generator);
}

static inline void kaoxue_rl_set_word_breaks(const char *breaks) {
    rl_basic_word_break_characters = (char *)breaks;
}

static inline void kaoxue_rl_set_name(const char *name) {
    rl_readline_name = name;
}

/// Bracketed paste wraps pasted text in escape codes; off, so pasted answers and pty tests stay clean.
static inline void kaoxue_rl_disable_bracketed_paste(void) {
    rl_variable_bind("enable-bracketed-paste", "off");
}

/// Prints `text` above the line being edited (callback mode) and redraws the prompt and the typed text.
static inline void kaoxue_rl_print_above(const char *text) {
    rl_clear_visible_line();
    fputs(text, rl_outstream ? rl_outstream : stdout);
    fflush(rl_outstream ? rl_outstream : stdout);
    rl_on_new_line();
    rl_redisplay();
}

/// Changes the prompt of the line being edited (callback mode) and redraws it.
static inline void kaoxue_rl_replace_prompt(const char *prompt) {
    rl_set_prompt(prompt);
    rl_clear_visible_line();
    rl_on_new_line();
    rl_redisplay();
}

#endif
