#include "csignals.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
enum { HELD_COUNT = sizeof(held_signals) / sizeof(held_signals[0]) };

static struct sigaction saved_actions[HELD_COUNT];
static int installed[HELD_COUNT];
static volatile sig_atomic_t arrived[HELD_COUNT];
static volatile sig_atomic_t arrivals;

static const char first_notice[] =
    "authhelper: finishing the refresh so the session is kept (press Ctrl-C again to abandon it)\n";
static const char abandon_notice[] =
    "authhelper: refresh abandoned; the session may be lost (if the next call says so, run `authhelper login`)\n";

static void say(const char *text, size_t length) {
    // write(2) is async-signal-safe; a short or failed write only loses the notice.
    ssize_t ignored = write(STDERR_FILENO, text, length);
    (void)ignored;
}

static void record_signal(int signo) {
    for (int i = 0; i < HELD_COUNT; i++) {
        if (held_signals[i] != signo) continue;
        arrivals++;
        if (arrivals == 1) {
            arrived[i] = 1;
            say(first_notice, sizeof first_notice - 1);
            return;
        }
        // A second signal: the person insists. Restore what the signal did before the hold and
        // send it again; it takes effect when this handler returns (sigaction and raise are
        // async-signal-safe).
        say(abandon_notice, sizeof abandon_notice - 1);
        sigaction(signo, &saved_actions[i], NULL);
        raise(signo);
        return;
    }
}

void ah_signals_hold(void) {
    arrivals = 0;
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

static volatile pid_t forward_child;
static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

static void forward_signal(int signo, siginfo_t *info, void *context) {
    (void)context;
    // SI_USER (kill), SI_QUEUE (sigqueue) and SI_TKILL are <= 0; the terminal's are > 0
    // (SI_KERNEL): the child got those from the terminal itself.
    if (info != NULL && info->si_code > 0) return;
    if (forward_child > 0) kill(forward_child, signo);
}

void ah_signals_forward_to(pid_t child) {
    forward_child = child;
    struct sigaction forward;
    memset(&forward, 0, sizeof forward);
    forward.sa_sigaction = forward_signal;
    forward.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&forward.sa_mask);
    for (size_t i = 0; i < sizeof forwarded_signals / sizeof forwarded_signals[0]; i++) {
        struct sigaction current;
        if (sigaction(forwarded_signals[i], NULL, &current) != 0) continue;
        if (current.sa_handler == SIG_IGN) continue;  // nohup: stays ignored, for both
        sigaction(forwarded_signals[i], &forward, NULL);
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
