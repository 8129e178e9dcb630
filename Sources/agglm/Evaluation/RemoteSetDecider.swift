import AggLMAggregation
import AggLMEvaluation
import AggLMService
import AggLMWire
import Synchronization

/// Decides methods on candidate sets through a running server, for
/// `agglm compare --endpoint`: each set travels as one problem (its members
/// in set order, with gold for the oracle), and the server's chosen answers
/// are mapped back onto the local clusters by canonical key — the same code
/// computes the keys on both sides, so the numbers match in-process ones.
struct RemoteSetDecider: SetDecider {
    let client: Client
    /// Set when any exchange failed; the command then fails instead of
    /// reporting partial numbers.
    let failures: Failures

    final class Failures: Sendable {
        private let first = Mutex<String?>(nil)
        func record(_ message: String) { first.withLock { if $0 == nil { $0 = message } } }
        var message: String? { first.withLock { $0 } }
    }

    mutating func decide(_ methods: [Agglm_V1_Method], on sets: [CandidateSet]) -> [[MethodResult]] {
        var options = Agglm_V1_AggregateOptions()
        options.methods = methods
        let problems = sets.enumerated().map { index, set -> Agglm_V1_Problem in
            var problem = Agglm_V1_Problem()
            problem.id = "\(set.problem.id)#\(index)"
            if let gold = set.problem.gold { problem.gold = gold }
            problem.candidates = set.members.map { set.problem.candidates[$0].wire }
            return problem
        }
        let results: [Agglm_V1_ProblemResult]
        do {
            results = try client.aggregate(problems: problems, options: options, batchSize: problems.count, window: 1)
        } catch {
            failures.record("\(error)")
            return sets.map { _ in methods.map { _ in .unavailable("server: \(error)") } }
        }
        return zip(sets, results).map { set, result in methods.map { Self.result(of: $0, in: result, set: set) } }
    }

    static func result(of method: Agglm_V1_Method, in result: Agglm_V1_ProblemResult, set: CandidateSet) -> MethodResult {
        if result.error.code == .noAnswer { return .decided(.noAnswer) }
        let canonical: String
        switch method {
        case .majority: canonical = result.majority.canonical
        case .agglm: canonical = result.aggregated.canonical
        case .rmBestOfN: canonical = result.rmBestOfN.canonical
        case .rmWeighted: canonical = result.rmWeighted.canonical
        default: canonical = result.otherMethods.first { $0.method == method }?.canonical ?? ""
        }
        guard !canonical.isEmpty else {
            return .unavailable(result.error.message.isEmpty ? "not in the server's reply" : result.error.message)
        }
        guard let cluster = set.clusters.firstIndex(where: { $0.canonical.key == canonical }) else {
            return .unavailable("server chose '\(canonical)', which is no cluster of this set")
        }
        return .decided(MethodOutcome(cluster: cluster, score: 0))
    }
}
