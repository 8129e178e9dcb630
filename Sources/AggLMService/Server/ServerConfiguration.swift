#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything `Server` needs besides the engine.
///
/// The one source of serve defaults: `agglm serve` (and the servers `agglm bench` starts) take every default
/// from the `default…` constants here, so a server built in code with `init(bind:)` behaves like `agglm serve
/// --bind …`.
public struct ServerConfiguration: Sendable {
    /// Where clients connect (ROUTER bind), e.g. `tcp://127.0.0.1:5555`; `tcp://127.0.0.1:0` picks a free port.
    public var bind: String
    /// Where remote workers connect (`agglm worker --connect`); nil: in-process workers only.
    public var workersEndpoint: String?
    /// Worker threads in this process. Default: the number of online cores.
    public var inProcessWorkers: Int
    public var limits: Limits
    public var heartbeat: HeartbeatPolicy
    /// How long a shutdown waits for queued and in-flight requests before answering them SHUTTING_DOWN.
    public var drainTimeout: Duration
    /// Whether `run()` turns SIGINT/SIGTERM into a graceful shutdown.
    public var handlesSignals: Bool
    /// Requests with at most this many candidates in all are run by the broker thread itself while an
    /// in-process worker is idle, saving two thread hand-offs per round trip (`InlineExecutor`). 0 turns
    /// this off. Only for engines whose cost per candidate is small and bounded: while the broker runs a
    /// request it neither reads sockets nor checks deadlines or heartbeats.
    public var inlineCandidateBudget: Int
    /// After each message, while it owes no client anything, the broker polls its sockets without blocking
    /// for this long before it blocks again (0: always block; `IdleSpin`). It never spins while requests are
    /// queued or with workers, and at most this much CPU is spent per message. Meant for a machine with a
    /// spare core, where it takes the broker's wake-up off a back-to-back client's next round trip; on a
    /// saturated 2-core machine it takes CPU from the threads that carry the reply and measured slower
    /// (BENCHMARKS.md), hence off by default.
    public var idleSpin: Duration
    /// When set, the broker thread and libzmq's I/O thread (which reads the client connections and hands
    /// messages to the broker) both run on this CPU, so each hand-off between them is a wake-up on the
    /// same CPU instead of an inter-processor interrupt to another one, which costs tens of microseconds on
    /// a small virtual machine. Worker threads stay free to run anywhere. nil: no pinning. A CPU the
    /// process may not run on is ignored with a warning.
    public var brokerCPU: Int?
    /// A helper thread for the broker's inline engine (see `inlineCandidateBudget`; ignored without it). It
    /// shares each inline request's per-candidate work (answer reading, the features' text scans) with the
    /// broker thread, so one small request uses two cores while the server is otherwise idle. The broker
    /// wakes it when a request arrives and lets it sleep once the request is answered (`AssistThread`).
    /// Answers are identical with or without it.
    public var inlineAssist: InlineAssist
    /// How long the inline helper keeps spinning after an inline request was answered while no worker
    /// thread is busy, so that a client's next request finds it awake (waking it costs tens of µs on a
    /// small VM, about what it saves). While lingering it yields its CPU to any thread that wants it.
    /// Bounds the CPU the helper spends per request; 0: sleep at once.
    public var inlineAssistLinger: Duration
    /// CURVE encryption and authentication on both endpoints (nil: plain text, anyone who can reach a port
    /// may use it). In-process workers (inproc) are not affected.
    public var security: ServerSecurity?

    /// The default `bind`: loopback only, so a server started without thinking about it is not reachable
    /// from other machines.
    public static let defaultBind = "tcp://127.0.0.1:5555"
    /// The default `drainTimeout`.
    public static let defaultDrainTimeout: Duration = .seconds(10)
    /// The default `inlineCandidateBudget`: one k=64 problem, about a millisecond of the learned aggregator,
    /// the longest the broker stops reading its sockets for a request it runs itself.
    public static let defaultInlineCandidateBudget = 64
    /// The default `idleSpin`: off (see `idleSpin`).
    public static let defaultIdleSpin: Duration = .zero
    /// The default `brokerCPU`: pinned, because on a loaded 2-vCPU machine it cut the one-problem round
    /// trip's p99 severalfold (BENCHMARKS.md). The last CPU, because CPU 0 usually takes more of the interrupts.
    public static var defaultBrokerCPU: Int? { onlineCores - 1 }
    /// The default `inlineAssist`: a helper pinned to a CPU other than the broker's, because it measured
    /// faster (BENCHMARKS.md).
    public static let defaultInlineAssist = InlineAssist.automatic
    /// The default `inlineAssistLinger`: longer than a loopback round trip's transport (BENCHMARKS.md).
    public static let defaultInlineAssistLinger: Duration = .microseconds(300)

    public init(
        bind: String = ServerConfiguration.defaultBind, workersEndpoint: String? = nil,
        inProcessWorkers: Int = ServerConfiguration.onlineCores, limits: Limits = Limits(), heartbeat: HeartbeatPolicy = HeartbeatPolicy(),
        drainTimeout: Duration = ServerConfiguration.defaultDrainTimeout, handlesSignals: Bool = true,
        inlineCandidateBudget: Int = ServerConfiguration.defaultInlineCandidateBudget,
        idleSpin: Duration = ServerConfiguration.defaultIdleSpin, brokerCPU: Int? = ServerConfiguration.defaultBrokerCPU,
        inlineAssist: InlineAssist = ServerConfiguration.defaultInlineAssist,
        inlineAssistLinger: Duration = ServerConfiguration.defaultInlineAssistLinger, security: ServerSecurity? = nil
    ) {
        self.bind = bind
        self.workersEndpoint = workersEndpoint
        self.inProcessWorkers = max(0, inProcessWorkers)
        self.limits = limits
        self.heartbeat = heartbeat
        self.drainTimeout = drainTimeout
        self.handlesSignals = handlesSignals
        self.inlineCandidateBudget = max(0, inlineCandidateBudget)
        self.idleSpin = max(.zero, idleSpin)
        self.brokerCPU = brokerCPU
        self.inlineAssist = inlineAssist
        self.inlineAssistLinger = max(.zero, inlineAssistLinger)
        self.security = security
    }

    public static var onlineCores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

/// Whether and where the broker's inline engine gets a helper thread (`ServerConfiguration.inlineAssist`).
public enum InlineAssist: Sendable, Equatable {
    case off
    /// Pinned to the first CPU this process may use that is not `brokerCPU`; off with a single such CPU.
    case automatic
    /// A helper the scheduler places.
    case unpinned
    /// A helper pinned to this CPU; pick one other than `brokerCPU`, or the two threads take turns on one
    /// core. A CPU the process may not use is ignored with a warning (the helper then runs unpinned).
    case pinned(cpu: Int)
}

/// The endpoints a started server actually bound (ports resolved).
public struct ServerEndpoints: Sendable, Equatable {
    public var clients: String
    public var workers: String?
}
