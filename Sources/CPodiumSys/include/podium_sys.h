#ifndef PODIUM_SYS_H
#define PODIUM_SYS_H

#include "podium_scan.h"

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, else -1 with errno set (EINVAL or ENOSYS where unsupported).
int podium_exchange(const char *a, const char *b);

/// Installs handlers for SIGINT and SIGTERM that remove `staging` (if set) and exit 130 / 143.
void podium_install_signal_cleanup(void);

/// Sets (or clears, with NULL) the folder the signal handlers remove.
void podium_set_cleanup_path(const char *path);



/// Asks the CPU to start loading the cache line at `p` (a hint; never faults).
static inline void podium_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/// Flushes the file system holding `path` to disk (Linux syncfs; falls back to sync()).
void podium_syncfs(const char *path);
#endif
