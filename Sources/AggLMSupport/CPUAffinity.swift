import CAggLMAffinity

/// Pinning the calling OS thread to one CPU (Linux `sched_setaffinity`).
public enum CPUAffinity {
    /// Pins the calling thread to `cpu`; returns the errno on failure (EINVAL: no such CPU; EPERM: not permitted).
    public static func pinCurrentThread(to cpu: Int) -> Int32? {
        let status = agglm_pin_current_thread(Int32(clamping: cpu))
        return status == 0 ? nil : status
    }

    /// Whether this process may run on `cpu` (it exists, is online and is in the process's CPU set).
    public static func isAllowed(_ cpu: Int) -> Bool {
        agglm_cpu_allowed(Int32(clamping: cpu)) == 1
    }
}
