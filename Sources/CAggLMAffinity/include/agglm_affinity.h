#ifndef AGGLM_AFFINITY_H
#define AGGLM_AFFINITY_H

// CPU affinity for AggLMSupport's `CPUAffinity`. A C file because sched_setaffinity(2) and the
// cpu_set_t macros are GNU extensions that <sched.h> declares only under _GNU_SOURCE, which Swift's
// Glibc module does not define.

/// 1 when this process may run on CPU `cpu` (it exists, is online and is in the process's CPU set), else 0.
int agglm_cpu_allowed(int cpu);

/// Pins the calling thread to CPU `cpu`. Returns 0, or the errno (EINVAL for a CPU out of range).
int agglm_pin_current_thread(int cpu);

#endif
