import AggLMSupport
import AggLMWire

/// Runs small requests on the broker's own thread while an in-process worker is idle: a round trip then
/// wakes one thread fewer in each direction. The broker asks it only for the last waiting request and only
/// while an in-process worker is idle, so no more engines run at once than there are in-process worker
/// threads.
///
/// Invariants:
/// - Only requests that `accepts` admitted run here: at most `maxRequestBytes` of frame and
///   `candidateBudget` candidates in all, which bounds how long the broker stops reading its sockets.
/// - The helper thread (`AssistThread`), when there is one, is woken at most once per broker turn
///   (`requestArriving`) and let go by the `endTurn` that follows, whatever happened in between.
struct InlineExecutor {
    /// Larger request frames never run inline (and do not wake the helper): 64 candidates of 4 KB fit. A few
    /// long candidates can take the engine seconds, during which the broker reads no socket, so libzmq
    /// buffers every arriving request outside the byte budget and in-process workers take the silent broker
    /// for dead.
    static let maxRequestBytes = 256 << 10

    /// Requests with more candidates than this in all go to worker threads.
    let candidateBudget: Int
    private var engine: any InlineRequestProcessing
    /// Shares the engine's per-candidate work; woken as a request arrives, so the wake-up overlaps decoding.
    private let assist: AssistThread?
    /// The helper was woken this turn, so `endTurn` lets it go.
    private var assistAwake = false

    /// nil when `candidateBudget` is 0: inline execution off.
    init?(engine: any InlineRequestProcessing, candidateBudget: Int, assist: AssistThread? = nil) {
        guard candidateBudget > 0 else { return nil }
        self.engine = engine
        self.candidateBudget = candidateBudget
        self.assist = assist
    }

    /// Whether `request`, whose frame is `frameBytes` long, may run inline.
    func accepts(_ request: Agglm_V1_AggregateRequest, frameBytes: Int) -> Bool {
        guard frameBytes <= Self.maxRequestBytes else { return false }
        var candidates = 0
        for problem in request.problems {
            candidates += problem.candidates.count
            if candidates > candidateBudget { return false }
        }
        return true
    }

    /// A request frame of `frameBytes` arrived that may end up running inline: wakes the helper now, while
    /// the request is still being decoded.
    mutating func requestArriving(frameBytes: Int) {
        guard let assist, frameBytes <= Self.maxRequestBytes else { return }
        assist.prepare()
        assistAwake = true
    }

    /// The reply body and its error counts for an accepted request that waited `queueMicroseconds`.
    mutating func run(_ request: Agglm_V1_AggregateRequest, queueMicroseconds: UInt64) -> (reply: [UInt8], outcome: ReplyOutcome) {
        engine.process(request, queueMicroseconds: queueMicroseconds)
    }

    /// The turn's requests are dispatched or answered: lets the helper go. It lingers for a client's next
    /// request only when `lingering` (the broker passes: no worker thread is computing, whose CPU it would take).
    mutating func endTurn(lingering: Bool) {
        guard assistAwake else { return }
        assist?.release(lingering: lingering)
        assistAwake = false
    }
}
