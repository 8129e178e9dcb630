import CZeroMQ

/// Pinning the calling OS thread to one CPU (Linux `sched_setaffinity`).
enum CPUAffinity {
    /// Pins the calling thread to `cpu`; returns the errno on failure (no such CPU, not permitted).
    static func pinCurrentThread(to cpu: Int) -> Int32? {
        czmq_pin_current_thread(Int32(clamping: cpu)) == 0 ? nil : zmq_errno()
    }

    /// Whether this process may run on `cpu` (it exists, is online and is in the process's CPU set).
    static func isAllowed(_ cpu: Int) -> Bool {
        czmq_cpu_allowed(Int32(clamping: cpu)) == 1
    }
}
