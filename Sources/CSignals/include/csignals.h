#ifndef AUTHHELPER_CSIGNALS_H
#define AUTHHELPER_CSIGNALS_H

/// Holding back SIGINT, SIGTERM, SIGHUP and SIGQUIT while a refresh is in flight and its rotated
/// token pair is being stored.
///
/// Why handlers and not a signal mask: `pthread_sigmask` holds a signal back from one thread
/// only, and the kernel delivers a process-directed signal to any thread that does not block it.
/// GLib's D-Bus worker and libcurl's resolver threads exist before the hold begins and keep the
/// default action, so a SIGTERM sent with `kill` would still end the process mid-store. A
/// handler runs in whichever thread receives the signal and only records it.
///
/// Not reentrant: one hold at a time per process, which is how the refresh path uses it.

/// Installs the recording handlers. A signal the process ignores (SIG_IGN, as `nohup` sets up
/// for SIGHUP) stays ignored. The first held signal prints one line on stderr saying the refresh
/// is being finished so the session is kept; a second one abandons at once (it is re-sent with
/// its previous action) and says the session may be lost.
void ah_signals_hold(void);

/// Restores the previous actions and re-sends, to this process, every signal that arrived
/// meanwhile — which usually ends the process now that it is safe to. Returns how many were re-sent.
int ah_signals_release(void);

#include <signal.h>
#include <spawn.h>
#include <sys/types.h>

/// `authhelper exec --token-file` stays as a small parent of the program: SIGINT, SIGTERM,
/// SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 sent to it go to the child. A signal the terminal sent
/// (Ctrl-C) already reached the child, which is in the same process group: it is not sent twice.
/// Only signals sent with kill(2) and friends are forwarded.
///
/// Three steps, so no signal finds the parent without a handler: `ah_signals_forward_begin`
/// before the child is spawned records what arrives; `ah_signals_forward_pending` tells whether
/// something did (then the child is not started at all); `ah_signals_forward_to` names the child
/// and sends it whatever arrived between the spawn and that call.
void ah_signals_forward_begin(void);

/// The first signal recorded before the child was named (sent with kill(2)), or 0.
int ah_signals_forward_pending(void);

void ah_signals_forward_to(pid_t child);

/// The signals `ah_signals_forward_begin` handles, as a set for posix_spawnattr_setsigdefault:
/// the child starts with their default actions and an empty mask.
void ah_signals_forwarded_set(sigset_t *set);

/// `authhelper agent` runs until SIGTERM or SIGINT: `ah_signals_stop_begin` installs handlers
/// (without SA_RESTART, so the wait for a connection returns) that only record the request;
/// `ah_signals_stop_requested` tells whether one came. `ah_signals_stop_end` restores the default
/// actions (in a connection's own process, which must die of a signal as any other would).
void ah_signals_stop_begin(void);
int ah_signals_stop_requested(void);
void ah_signals_stop_end(void);

/// A refresh's courier starts with descriptors 0 to 3 only (posix_spawn_file_actions_addclosefrom_np,
/// glibc 2.34+, which its header declares only under _GNU_SOURCE): a descriptor its caller
/// inherited without close-on-exec (its own caller's pipe) would keep that reader waiting.
/// Returns posix_spawn's status (0: added).
int ah_spawn_close_from(posix_spawn_file_actions_t *actions, int from);
#endif
