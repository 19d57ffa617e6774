#include "csignals.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
enum { HELD_COUNT = sizeof(held_signals) / sizeof(held_signals[0]) };

static struct sigaction saved_actions[HELD_COUNT];
static int installed[HELD_COUNT];
static volatile sig_atomic_t arrived[HELD_COUNT];

static void record_signal(int signo) {
    for (int i = 0; i < HELD_COUNT; i++) {
        if (held_signals[i] == signo) arrived[i] = 1;
    }
}

void ah_signals_hold(void) {
    struct sigaction hold;
    memset(&hold, 0, sizeof hold);
    hold.sa_handler = record_signal;
    // Interrupted system calls resume: the store in progress must not see EINTR.
    hold.sa_flags = SA_RESTART;
    sigfillset(&hold.sa_mask);
    for (int i = 0; i < HELD_COUNT; i++) {
        arrived[i] = 0;
        installed[i] = 0;
        if (sigaction(held_signals[i], NULL, &saved_actions[i]) != 0) continue;
        if (saved_actions[i].sa_handler == SIG_IGN) continue;
        if (sigaction(held_signals[i], &hold, NULL) == 0) installed[i] = 1;
    }
}

int ah_signals_release(void) {
    int resent = 0;
    for (int i = 0; i < HELD_COUNT; i++) {
        if (!installed[i]) continue;
        sigaction(held_signals[i], &saved_actions[i], NULL);
        installed[i] = 0;
    }
    for (int i = 0; i < HELD_COUNT; i++) {
        if (!arrived[i]) continue;
        arrived[i] = 0;
        resent++;
        kill(getpid(), held_signals[i]);
    }
    return resent;
}
