#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AggLMSupport
import Synchronization

/// The write end of the self-pipe the signal handler writes to; -1 when no trigger is installed.
/// A signal handler can only reach process-wide state, and an atomic load is async-signal-safe.
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// Turns the signals that stop or reconfigure a server (SIGINT/SIGTERM: shut down; SIGHUP: reload the
/// allow-lists) into calls of `action` on an ordinary thread (the self-pipe trick); `action` decides what
/// each signal does.
///
/// `sigwait` and dispatch signal sources miss these signals in a process whose OpenBLAS threads started
/// before `main` with no signals blocked; a `sigaction` handler runs on whichever thread gets the signal, so
/// it does the one async-signal-safe thing, `write(2)` to a pipe, and a watcher thread does the rest.
/// Signals sent to the process (`kill`) are taken by the watcher thread if every other thread blocks them.
/// At most one trigger is installed at a time.
public final class ShutdownAndReloadSignals: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32
    private let signals: [Int32]
    private let watcher: OSThread
    private static let stopByte: UInt8 = 0

    public struct AlreadyInstalled: Error {}

    /// Installs handlers for `signals` (default SIGINT and SIGTERM); `action` runs on the watcher thread for
    /// every signal received.
    public init(signals: [Int32]? = nil, action: @escaping @Sendable (Int32) -> Void) throws {
        let signals = signals ?? [SIGINT, SIGTERM]
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SignalInstallError(errno: errno) }
        guard signalPipeWriteEnd.compareExchange(expected: -1, desired: ends[1], ordering: .sequentiallyConsistent).exchanged else {
            close(ends[0])
            close(ends[1])
            throw AlreadyInstalled()
        }
        readEnd = ends[0]
        writeEnd = ends[1]
        self.signals = signals
        let readFD = ends[0]
        do {
            watcher = try OSThread {
                // Threads inherit their creator's signal mask, and runtimes (test runners, thread pools) may
                // block signals on theirs: unblock ours here so at least this thread can take them.
                var mask = sigset_t()
                sigemptyset(&mask)
                for signal in signals { sigaddset(&mask, signal) }
                pthread_sigmask(SIG_UNBLOCK, &mask, nil)
                var byte: UInt8 = 0
                while true {
                    let count = read(readFD, &byte, 1)
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 || byte == Self.stopByte { return }
                    action(Int32(byte))
                }
            }
        } catch {
            signalPipeWriteEnd.store(-1, ordering: .sequentiallyConsistent)
            close(ends[0])
            close(ends[1])
            throw error
        }
        Self.setHandler(forwardSignalToPipe, flags: SA_RESTART, for: signals)
    }

    /// Installs `function` (a C handler, or `SIG_DFL`) for every signal of `signals`, with an empty mask.
    private static func setHandler(_ function: (@convention(c) (Int32) -> Void)?, flags: Int32, for signals: [Int32]) {
        for signal in signals {
            var handler = sigaction()
            #if canImport(Glibc)
            handler.__sigaction_handler.sa_handler = function
            #else
            handler.__sigaction_u.__sa_handler = function
            #endif
            handler.sa_flags = flags
            sigemptyset(&handler.sa_mask)
            sigaction(signal, &handler, nil)
        }
    }

    /// Restores the default handlers and stops the watcher thread.
    public func uninstall() {
        Self.setHandler(SIG_DFL, flags: 0, for: signals)
        if signalPipeWriteEnd.compareExchange(expected: writeEnd, desired: -1, ordering: .sequentiallyConsistent).exchanged {
            var byte = Self.stopByte
            _ = write(writeEnd, &byte, 1)
            watcher.join()
            close(readEnd)
            close(writeEnd)
        }
    }
}

/// `pipe(2)` failed.
struct SignalInstallError: Error, Sendable {
    let errno: Int32
}

/// The signal handler: async-signal-safe by construction (an atomic load and `write(2)`, errno preserved).
private func forwardSignalToPipe(_ signal: Int32) {
    let savedErrno = errno
    let fd = signalPipeWriteEnd.load(ordering: .relaxed)
    if fd >= 0 {
        var byte = UInt8(truncatingIfNeeded: signal)
        _ = write(fd, &byte, 1)
    }
    errno = savedErrno
}
