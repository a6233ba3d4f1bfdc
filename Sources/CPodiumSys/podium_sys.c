#define _GNU_SOURCE
#include "podium_sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int podium_exchange(const char *a, const char *b) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

void podium_fix_mmap_threshold(long bytes) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, (int)bytes);
#else
    (void)bytes;
#endif
}

/* The staging folder to remove on a signal. Written before handlers can run it. */
static char cleanup_path[4096];

void podium_set_cleanup_path(const char *path) {
    if (path == NULL) {
        cleanup_path[0] = '\0';
    } else {
        strncpy(cleanup_path, path, sizeof cleanup_path - 1);
        cleanup_path[sizeof cleanup_path - 1] = '\0';
    }
}

/* Removes a folder tree with async-signal-safe calls only where possible (staging is at most two levels deep). */
static void remove_tree(const char *path, int depth) {
    DIR *d = opendir(path);
    if (d != NULL) {
        struct dirent *e;
        char child[4096];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            size_t n = strlen(path), m = strlen(e->d_name);
            if (n + m + 2 > sizeof child) continue;
            memcpy(child, path, n);
            child[n] = '/';
            memcpy(child + n + 1, e->d_name, m + 1);
            if (unlink(child) != 0 && depth < 8) remove_tree(child, depth + 1);
        }
        closedir(d);
    }
    rmdir(path);
}

static void on_signal(int sig) {
    if (cleanup_path[0] != '\0') remove_tree(cleanup_path, 0);
    _exit(128 + sig);
}

void podium_install_signal_cleanup(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void podium_start_writeback(int fd) {
#if defined(__linux__)
    (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd;
#endif
}

int podium_wait_writeback(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
#if defined(__linux__)
    int r = sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
    if (r != 0) r = fdatasync(fd);
#else
    int r = fsync(fd);
#endif
    close(fd);
    return r;
}
