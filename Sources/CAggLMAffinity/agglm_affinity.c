#define _GNU_SOURCE
#include "agglm_affinity.h"
#include <errno.h>

#if defined(__linux__)
#include <sched.h>

int agglm_cpu_allowed(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getaffinity(0, sizeof set, &set) != 0) { return 0; }
    return CPU_ISSET(cpu, &set) ? 1 : 0;
}

int agglm_pin_current_thread(int cpu) {
    if (cpu < 0 || cpu >= CPU_SETSIZE) { return EINVAL; }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    // pid 0: the calling thread (Linux applies sched_setaffinity per thread).
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
}
#else
// No thread affinity API to call: no CPU is reported usable, so nothing is ever pinned.
int agglm_cpu_allowed(int cpu) { (void)cpu; return 0; }
int agglm_pin_current_thread(int cpu) { (void)cpu; return ENOSYS; }
#endif
