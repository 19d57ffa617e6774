#define _GNU_SOURCE
#include "csignals.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
enum { HELD_COUNT = sizeof(held_signals) / sizeof(held_signals[0]) };

static struct sigaction saved_actions[HELD_COUNT];
static int installed[HELD_COUNT];
static volatile sig_atomic_t arrived[HELD_COUNT];
/// Whether every arrival of that signal came from the terminal (si_code > 0).
static volatile sig_atomic_t only_from_terminal[HELD_COUNT];
static volatile sig_atomic_t arrivals;
/// The child of `exec --token-file` once named (ah_signals_forward_to); 0 before.
static volatile pid_t forward_child;

static const char first_notice[] =
    "authhelper: finishing the refresh so the session is kept (press Ctrl-C again to abandon it)\n";
static const char abandon_notice[] =
    "authhelper: refresh abandoned; the session may be lost (if the next call says so, run `authhelper login`)\n";

static void say(const char *text, size_t length) {
    // write(2) is async-signal-safe; a short or failed write only loses the notice.
    ssize_t ignored = write(STDERR_FILENO, text, length);
    (void)ignored;
}

/// SI_USER (kill), SI_QUEUE (sigqueue) and SI_TKILL are <= 0; the terminal's are > 0 (SI_KERNEL).
static int sent_by_terminal(const siginfo_t *info) { return info != NULL && info->si_code > 0; }

static void record_signal(int signo, siginfo_t *info, void *context) {
    (void)context;
    for (int i = 0; i < HELD_COUNT; i++) {
        if (held_signals[i] != signo) continue;
        arrivals++;
        if (arrivals == 1) {
            if (!arrived[i]) only_from_terminal[i] = 1;
            arrived[i] = 1;
            if (!sent_by_terminal(info)) only_from_terminal[i] = 0;
            say(first_notice, sizeof first_notice - 1);
            return;
        }
        // A second signal: the person insists. Restore what the signal did before the hold and
        // send it again; it takes effect when this handler returns (sigaction and raise are
        // async-signal-safe). Under exec --token-file a Ctrl-C has already reached the child
        // from the terminal: raising it again would forward it a second time.
        say(abandon_notice, sizeof abandon_notice - 1);
        sigaction(signo, &saved_actions[i], NULL);
        if (!(forward_child > 0 && sent_by_terminal(info))) raise(signo);
        return;
    }
}

void ah_signals_hold(void) {
    arrivals = 0;
    struct sigaction hold;
    memset(&hold, 0, sizeof hold);
    hold.sa_sigaction = record_signal;
    // Interrupted system calls resume: the store in progress must not see EINTR.
    hold.sa_flags = SA_RESTART | SA_SIGINFO;
    sigfillset(&hold.sa_mask);
    for (int i = 0; i < HELD_COUNT; i++) {
        arrived[i] = 0;
        only_from_terminal[i] = 0;
        installed[i] = 0;
        if (sigaction(held_signals[i], NULL, &saved_actions[i]) != 0) continue;
        if (saved_actions[i].sa_handler == SIG_IGN) continue;
        if (sigaction(held_signals[i], &hold, NULL) == 0) installed[i] = 1;
    }
}

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
enum { FORWARDED_COUNT = sizeof(forwarded_signals) / sizeof(forwarded_signals[0]) };
/// Signals that arrived before the child was named: sent to it by whoever takes them first
/// (the handler, once the child is known, or ah_signals_forward_to), exactly once.
static int pending_forward[FORWARDED_COUNT];
/// A terminal's signal before the child exists: nobody got it, so the child is not started.
static volatile sig_atomic_t terminal_before_child;

static void send_pending(void) {
    for (int i = 0; i < FORWARDED_COUNT; i++) {
        if (__atomic_exchange_n(&pending_forward[i], 0, __ATOMIC_SEQ_CST)) kill(forward_child, forwarded_signals[i]);
    }
}

static void forward_signal(int signo, siginfo_t *info, void *context) {
    (void)context;
    // The child got the terminal's signals from the terminal itself; before it exists, nobody did.
    if (sent_by_terminal(info)) {
        if (__atomic_load_n(&forward_child, __ATOMIC_SEQ_CST) <= 0) terminal_before_child = signo;
        return;
    }
    for (int i = 0; i < FORWARDED_COUNT; i++) {
        if (forwarded_signals[i] == signo) __atomic_store_n(&pending_forward[i], 1, __ATOMIC_SEQ_CST);
    }
    // Named already (perhaps by another thread while this one recorded): send it now.
    if (__atomic_load_n(&forward_child, __ATOMIC_SEQ_CST) > 0) send_pending();
}

void ah_signals_forwarded_set(sigset_t *set) {
    sigemptyset(set);
    for (int i = 0; i < FORWARDED_COUNT; i++) sigaddset(set, forwarded_signals[i]);
}

int ah_signals_forward_pending(void) {
    if (terminal_before_child) return terminal_before_child;
    for (int i = 0; i < FORWARDED_COUNT; i++) {
        if (__atomic_load_n(&pending_forward[i], __ATOMIC_SEQ_CST)) return forwarded_signals[i];
    }
    return 0;
}

void ah_signals_forward_to(pid_t child) {
    __atomic_store_n(&forward_child, child, __ATOMIC_SEQ_CST);
    send_pending();
}

void ah_signals_forward_begin(void) {
    forward_child = 0;
    terminal_before_child = 0;
    for (int i = 0; i < FORWARDED_COUNT; i++) pending_forward[i] = 0;
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
        // Under exec --token-file the restored action forwards to the child, which already got
        // a terminal's signal from the terminal: re-sending it would deliver it twice.
        if (forward_child > 0 && only_from_terminal[i]) continue;
        resent++;
        kill(getpid(), held_signals[i]);
    }
    return resent;
}

static volatile sig_atomic_t stop_requested;

static void record_stop(int signal_number) {
    (void)signal_number;
    stop_requested = 1;
}

void ah_signals_stop_begin(void) {
    struct sigaction stop;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = record_stop;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTERM, &stop, NULL);
    sigaction(SIGINT, &stop, NULL);
}

int ah_signals_stop_requested(void) { return stop_requested; }

void ah_signals_stop_end(void) {
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
}

int ah_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
