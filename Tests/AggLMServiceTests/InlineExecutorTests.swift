@testable import AggLMService
@testable import AggLMSupport
import AggLMWire
import Glibc
import SwiftProtobuf
import Testing

@Suite struct InlineExecutorTests {
    static func executor(budget: Int, assist: AssistThread? = nil) -> InlineExecutor? {
        InlineExecutor(engine: RequestProcessor(engine: MostCommonAnswerEngine(), workerName: "inproc-broker"), candidateBudget: budget, assist: assist)
    }

    /// Waits (up to two seconds) until the helper thread sleeps; false if it never does.
    static func sleeps(_ assist: AssistThread) -> Bool {
        for _ in 0..<2000 where !assist.isSleeping { usleep(1000) }
        return assist.isSleeping
    }

    @Test func aZeroBudgetTurnsInlineExecutionOff() {
        #expect(Self.executor(budget: 0) == nil)
        #expect(Self.executor(budget: 1) != nil)
    }

    @Test(arguments: [7, 8, 24, 25])
    func acceptsRequestsWhoseCandidatesInAllFitTheBudget(budget: Int) throws {
        let executor = try #require(Self.executor(budget: budget))
        // Three problems of 8 candidates: 24 in all.
        let request = TestData.request(id: "fits", problems: 3, candidates: 8, seed: 5)
        #expect(executor.accepts(request, frameBytes: 1000) == (budget >= 24))
    }

    @Test func refusesFramesLargerThanItsByteLimitWhateverTheirCandidates() throws {
        let executor = try #require(Self.executor(budget: 64))
        let request = TestData.request(id: "large", problems: 1, candidates: 2, seed: 6)
        #expect(executor.accepts(request, frameBytes: InlineExecutor.maxRequestBytes))
        #expect(!executor.accepts(request, frameBytes: InlineExecutor.maxRequestBytes + 1))
    }

    @Test func repliesLikeAWorkerWithTheSameEngine() throws {
        var executor = try #require(Self.executor(budget: 64))
        let request = TestData.request(id: "inline", problems: 2, candidates: 5, seed: 7)
        let (bytes, outcome) = executor.run(request, queueMicroseconds: 17)
        let response = try Agglm_V1_Reply(serializedBytes: bytes).aggregate
        #expect(response.requestID == "inline")
        #expect(response.worker == "inproc-broker")
        #expect(response.timings.queueUs == 17)
        #expect(response.results == request.problems.map(MostCommonAnswerEngine.answer))
        #expect(outcome.errorCounts.isEmpty)
    }

    /// The helper is woken for a frame that may run inline, not for a larger one, and put back to sleep by
    /// the end of the turn.
    @Test func wakesTheHelperForSmallFramesAndLetsItGoAtTheEndOfTheTurn() throws {
        // A long spin limit: the helper stays awake until `endTurn`, however late this thread gets the CPU back.
        let assist = try AssistThread(spinLimit: .seconds(30), linger: .zero)
        defer { assist.stop() }
        var executor = try #require(Self.executor(budget: 64, assist: assist))
        #expect(Self.sleeps(assist))
        executor.requestArriving(frameBytes: InlineExecutor.maxRequestBytes + 1)
        #expect(assist.isSleeping)
        executor.requestArriving(frameBytes: 100)
        #expect(!assist.isSleeping)
        executor.endTurn(lingering: false)
        #expect(Self.sleeps(assist))
    }
}
