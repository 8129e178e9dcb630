#include <zmq.h>
#include <errno.h>

// errno values as constants: Swift does not import the macros from every libc.
static const int czmq_EAGAIN = EAGAIN;
static const int czmq_EINTR = EINTR;
static const int czmq_ETERM = ETERM;
static const int czmq_EHOSTUNREACH = EHOSTUNREACH;

#include <sys/types.h>

// sched_setaffinity(2) is a GNU extension that <sched.h> declares only under _GNU_SOURCE, which Swift's
// Glibc module does not define; declared here with the kernel's ABI (the CPU mask as raw bytes).
extern int sched_setaffinity(pid_t pid, size_t cpusetsize, const void *mask);
extern int sched_getaffinity(pid_t pid, size_t cpusetsize, void *mask);

/// 1 when this process may run on CPU `cpu` (0...1023), else 0.
static inline int czmq_cpu_allowed(int cpu) {
    unsigned long mask[1024 / (8 * sizeof(unsigned long))] = {0};
    if (cpu < 0 || cpu >= 1024 || sched_getaffinity(0, sizeof mask, mask) != 0) { return 0; }
    return (mask[cpu / (8 * sizeof(unsigned long))] >> (cpu % (8 * sizeof(unsigned long)))) & 1UL ? 1 : 0;
}

/// Pins the calling thread to CPU `cpu` (0...1023). Returns 0, or -1 with errno set.
static inline int czmq_pin_current_thread(int cpu) {
    unsigned long mask[1024 / (8 * sizeof(unsigned long))] = {0};
    if (cpu < 0 || cpu >= 1024) { errno = EINVAL; return -1; }
    mask[cpu / (8 * sizeof(unsigned long))] |= 1UL << (cpu % (8 * sizeof(unsigned long)));
    return sched_setaffinity(0, sizeof mask, mask);
}
