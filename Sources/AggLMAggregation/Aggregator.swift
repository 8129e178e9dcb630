import AggLMAnswers
public import AggLMSupport
public import AggLMWire


/// Turns problems into results: the answer stage, every requested method,
/// and the learned aggregator's synthesized answer.
///
/// One `Aggregator` per thread: it owns its methods' scratch state. Problems
/// are independent, so a bad problem yields a per-problem error and never
/// affects the others.
public struct Aggregator {
    public var methods: MethodSuite
    /// Shares each problem's answer reading with a second thread (see `AssistThread`); nil: this thread only.
    public let assist: AssistThread?

    /// Methods run when a request names none.
    static let defaultMethods: [Agglm_V1_Method] = [.agglm, .majority, .rmBestOfN, .rmWeighted]

    /// - Parameter assist: give the same helper to `methods` (e.g. `MethodSuite.learned(_:assist:)`) so
    ///   the learned features' text scan is shared too.
    public init(methods: MethodSuite, assist: AssistThread? = nil) {
        self.methods = methods
        self.assist = assist
    }

    public mutating func aggregate(_ request: Agglm_V1_AggregateRequest) -> Agglm_V1_AggregateResponse {
        let start = MonotonicClock.microseconds()
        var response = Agglm_V1_AggregateResponse()
        response.protocolVersion = UInt32(Agglm_V1_ProtocolVersion.current.rawValue)
        response.requestID = request.requestID
        // Every problem is read first and the policy sees the whole batch before deciding: with client
        // scores its decision may depend on the batch's estimate of the score channel.
        let prepared = request.problems.map { problem -> (set: CandidateSet, microseconds: UInt64)? in
            guard !problem.candidates.isEmpty else { return nil }
            let started = MonotonicClock.microseconds()
            let set = PreparedProblem(problem, assist: assist).fullSet
            return (set, MonotonicClock.microseconds() - started)
        }
        methods.policy?.policy.prepareBatch(prepared.compactMap { $0?.set })
        response.results = zip(request.problems, prepared).map { problem, prepared in
            guard let prepared else { return aggregate(problem, options: request.options) }
            return aggregate(problem, set: prepared.set, answersMicroseconds: prepared.microseconds, options: request.options)
        }
        methods.policy?.policy.prepareBatch(nil)
        response.timings.totalUs = MonotonicClock.microseconds() - start
        return response
    }

    public mutating func aggregate(
        _ problem: Agglm_V1_Problem, options: Agglm_V1_AggregateOptions
    ) -> Agglm_V1_ProblemResult {
        let start = MonotonicClock.microseconds()
        var result = Agglm_V1_ProblemResult()
        result.problemID = problem.id
        guard !problem.candidates.isEmpty else {
            result.error = .init(code: .emptyCandidates, message: "problem \(problem.id) has no candidates")
            return result
        }
        let set = PreparedProblem(problem, assist: assist).fullSet
        return aggregate(problem, set: set, answersMicroseconds: MonotonicClock.microseconds() - start, options: options)
    }

    /// The problem's result from its candidates read into `set` (in `answersMicroseconds`).
    private mutating func aggregate(
        _ problem: Agglm_V1_Problem, set: CandidateSet, answersMicroseconds: UInt64, options: Agglm_V1_AggregateOptions
    ) -> Agglm_V1_ProblemResult {
        let start = MonotonicClock.microseconds() - answersMicroseconds
        var result = Agglm_V1_ProblemResult()
        result.problemID = problem.id
        result.timings.answersUs = answersMicroseconds
        guard !set.clusters.isEmpty else {
            result.error = .init(code: .noAnswer, message: "no answer could be read from any of the \(problem.candidates.count) candidates")
            result.timings.totalUs = answersMicroseconds
            return result
        }
        result.clusters = set.clusters.map { cluster in
            var message = Agglm_V1_AnswerCluster()
            message.canonical = cluster.canonical.key
            message.representative = cluster.representative
            message.memberIds = cluster.members.map { set.candidate($0).id }
            message.votes = UInt32(cluster.members.count)
            return message
        }

        var requested = options.methods.filter { $0 != .unspecified }
        let explicit = !requested.isEmpty
        if !explicit { requested = Self.defaultMethods }
        var seen = Set<Agglm_V1_Method>()
        var unavailable: [String] = []
        var shared = MethodSuite.SetScores()
        for method in requested where seen.insert(method).inserted {
            let methodStart = MonotonicClock.microseconds()
            let decision = methods.decide(method, on: set, shared: &shared)
            guard let outcome = decision.outcome else {
                if case .unavailable(let reason) = decision, explicit { unavailable.append("\(method.cliName): \(reason)") }
                continue
            }
            record(method, outcome, set: set, options: options, into: &result)
            if method == .agglm { result.timings.policyUs = MonotonicClock.microseconds() - methodStart }
        }
        if !unavailable.isEmpty {
            // Partial results stay; the error says what could not run.
            result.error = .init(code: .unavailable, message: unavailable.joined(separator: "; "))
        }
        result.timings.totalUs = MonotonicClock.microseconds() - start
        return result
    }

    private mutating func record(
        _ method: Agglm_V1_Method, _ outcome: MethodOutcome, set: CandidateSet,
        options: Agglm_V1_AggregateOptions, into result: inout Agglm_V1_ProblemResult
    ) {
        guard let index = outcome.cluster else { return }
        let cluster = set.clusters[index]
        switch method {
        case .majority:
            result.majority.answer = cluster.representative
            result.majority.canonical = cluster.canonical.key
            result.majority.votes = UInt32(cluster.members.count)
            result.majority.tie = outcome.tie
        case .rmBestOfN, .rmWeighted:
            var baseline = Agglm_V1_RewardBaseline()
            baseline.answer = outcome.memberPosition.flatMap { set.candidate($0).answer?.raw } ?? cluster.representative
            baseline.canonical = cluster.canonical.key
            baseline.score = outcome.score
            baseline.candidateID = outcome.memberPosition.map { set.candidate($0).id } ?? ""
            baseline.source = outcome.scoreSource
            if method == .rmBestOfN { result.rmBestOfN = baseline } else { result.rmWeighted = baseline }
        case .agglm:
            result.aggregated = synthesize(index, outcome, set: set, options: options)
            if let probabilities = outcome.policyEvaluation?.probabilities {
                for (position, probability) in probabilities.enumerated() where position < result.clusters.count {
                    result.clusters[position].policyProbability = probability
                }
            } else {
                result.clusters[index].policyProbability = 1
            }
        default:
            var answer = Agglm_V1_MethodAnswer()
            answer.method = method
            answer.answer = cluster.representative
            answer.canonical = cluster.canonical.key
            answer.score = outcome.score
            answer.tie = outcome.tie
            answer.correct = set.isCorrect(cluster: index) ?? false
            result.otherMethods.append(answer)
        }
    }

    /// The learned aggregator's answer with its evidence.
    private mutating func synthesize(
        _ index: Int, _ outcome: MethodOutcome, set: CandidateSet, options: Agglm_V1_AggregateOptions
    ) -> Agglm_V1_AggregatedAnswer {
        let cluster = set.clusters[index]
        let evaluation = outcome.policyEvaluation
        let best = evaluation.map { $0.bestMember[index] } ?? Self.representativeMember(cluster, set: set)
        var answer = Agglm_V1_AggregatedAnswer()
        answer.answer = set.candidate(best).answer?.raw ?? cluster.representative
        answer.canonical = cluster.canonical.key
        answer.confidence = outcome.score
        answer.supportingCandidateIds = cluster.members.map { set.candidate($0).id }.sorted()
        if options.includeSolution {
            answer.solution = SolutionText.withoutReasoning(set.candidate(best).text)
        }
        if let evaluation {
            answer.rationale = methods.policy?.policy.rationale(for: set, evaluation: evaluation) ?? ""
        } else {
            answer.unanimous = true
            let voters = cluster.members.count
            answer.rationale = voters == 1
                ? "Only one candidate gave an answer."
                : "All \(voters) candidates that answered agree."
        }
        return answer
    }

    /// The member written like the cluster's representative, with the
    /// shortest solution (then smallest id): order-independent.
    static func representativeMember(_ cluster: AnswerCluster, set: CandidateSet) -> Int {
        let members = cluster.members.filter { set.candidate($0).answer?.raw == cluster.representative }
        let pool = members.isEmpty ? cluster.members : members
        return pool.min { a, b in
            (set.candidate(a).text.utf8.count, set.candidate(a).id) < (set.candidate(b).text.utf8.count, set.candidate(b).id)
        } ?? 0
    }
}
