import AggLMSupport
import AggLMService
import AggLMWire
import Logging

/// Reproducible problems and requests for the service tests.
enum TestData {
    static let quietLogger = Logger(label: "agglm.test") { _ in SwiftLogNoOpLogHandler() }

    static func problem(id: String, candidates: Int, using rng: inout SplitMix64) -> Agglm_V1_Problem {
        var problem = Agglm_V1_Problem()
        problem.id = id
        problem.question = "What is \(rng.next() % 100) + \(rng.next() % 100)?"
        problem.candidates = (0..<candidates).map { index in
            var candidate = Agglm_V1_Candidate()
            candidate.id = "\(id)-c\(index)"
            candidate.text = "reasoning ... the answer is \\boxed{\(rng.next() % 4)}"
            if rng.next() % 8 != 0 { candidate.answer = "\(rng.next() % 4)" }
            return candidate
        }
        return problem
    }

    static func request(id: String, problems: Int, candidates: Int = 8, seed: UInt64) -> Agglm_V1_AggregateRequest {
        var rng = SplitMix64(seed: seed)
        let list = (0..<problems).map { problem(id: "\(id)-p\($0)", candidates: candidates, using: &rng) }
        return ServiceRequests.aggregate(id: id, problems: list)
    }
}
