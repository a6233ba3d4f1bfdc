#ifndef PODIUM_SYS_H
#define PODIUM_SYS_H

#include "podium_scan.h"

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, else -1 with errno set (EINVAL or ENOSYS where unsupported).
int podium_exchange(const char *a, const char *b);

/// Fixes glibc's threshold for serving an allocation by its own mapping at `bytes` (elsewhere
/// nothing). glibc otherwise raises it to the size of each such block freed (up to 32 MiB) and
/// its heap-trim threshold with it, so that after the first large arrays of a month are freed,
/// every later one of up to that size comes from a heap that keeps freed memory resident.
void podium_fix_mmap_threshold(long bytes);

/// Installs handlers for SIGINT and SIGTERM that remove `staging` (if set) and exit 130 / 143.
void podium_install_signal_cleanup(void);

/// Sets (or clears, with NULL) the folder the signal handlers remove.
void podium_set_cleanup_path(const char *path);



/// Asks the CPU to start loading the cache line at `p` (a hint; never faults).
static inline void podium_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/// Starts writing a file's dirty pages to disk without waiting (Linux sync_file_range; elsewhere
/// nothing): called as each output file is written, so its data is on its way early.
void podium_start_writeback(int fd);

/// Waits until the data of the file at `path` — only that file's, not the file system's — has
/// been written to the device (Linux sync_file_range WAIT_BEFORE|WRITE|WAIT_AFTER, fdatasync
/// where that fails; fsync elsewhere). The journal commit and the device cache flush that make it
/// durable come from the fsync of the folder afterwards. Returns 0 or -1 (errno set).
int podium_wait_writeback(const char *path);
#endif
