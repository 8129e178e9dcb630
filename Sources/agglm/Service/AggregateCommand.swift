import AggLMSupport
import AggLMAggregation
import AggLMData
import AggLMWire
import AggLMCommandLine
import ArgumentParser
import Foundation
import SwiftProtobuf

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Aggregate every problem of a JSON Lines file; write one result line per input line.",
        discussion: """
            Reads problems (the dataset format: JSON Lines of Problem, plain or gzip) and \
            writes, per input line and in the same order, a ProblemResult in the proto3 JSON \
            mapping: the learned aggregator's answer with confidence, supporting candidates and \
            rationale, the majority vote, the reward-model baselines and the answer clusters. \
            A bad input line yields a result line whose error says why (code and line number), \
            so output line N always belongs to input line N (blank input lines excepted).

            Without --endpoint the work runs in this process; with it, batches go to a \
            running `agglm serve`.

            Examples:
              agglm aggregate --input Examples/zeroeval-math-l5-sample.jsonl.gz
              agglm aggregate --input problems.jsonl --output results.jsonl --solutions
            """
    )

    @Option(help: "Problems to aggregate (.jsonl or .jsonl.gz).")
    var input: String

    @Option(help: "Where to write results (default: standard output). Written atomically.")
    var output: String?

    @Option(help: "Methods to run, comma-separated (default: agglm, majority and the reward-model baselines).")
    var methods: String?

    @Flag(help: "Include the synthesized solution text in each result.")
    var solutions = false

    @Option(help: "Problems per batch (per request when using --endpoint).")
    var batch = 32

    @OptionGroup var server: EndpointOptions

    @Option(help: "With --endpoint: retries per request before giving up (Lazy Pirate).")
    var retries = 3

    @Option(help: "With --endpoint: requests kept in flight.")
    var window = 4

    @OptionGroup var model: ModelOptions

    func validate() throws {
        if batch < 1 { throw ValidationError("--batch must be at least 1, e.g. --batch 32") }
        if retries < 0 { throw ValidationError("--retries must be 0 or more, e.g. --retries 3") }
        if window < 1 { throw ValidationError("--window must be at least 1, e.g. --window 4") }
        if server.endpoint != nil && model.checkpoint != nil {
            throw ValidationError("--checkpoint applies in-process only; the server uses its own. Drop one of them.")
        }
        _ = try MethodListParser.parse(methods)
    }

    func run() throws {
        var options = Agglm_V1_AggregateOptions()
        options.methods = try MethodListParser.parse(methods) ?? []
        options.includeSolution = solutions
        let backend: any AggregationBackend
        if let endpoint = server.endpoint {
            backend = try RemoteBackend(
                endpoint: endpoint, timeout: server.timeoutDuration, retries: retries, window: window,
                batch: batch, curve: try server.curve.load())
        } else {
            backend = LocalBackend(aggregator: Aggregator(methods: try model.load().makeSuite()))
        }
        let sink = try ResultSink(path: output)
        var pending: [Agglm_V1_Problem] = []
        var done = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            for result in try backend.aggregate(pending, options: options) { try sink.write(result) }
            done += pending.count
            pending.removeAll(keepingCapacity: true)
            if output != nil { StandardError.write("\r\(done) problems") }
        }
        try DatasetReader().read(path: input) { entry in
            switch entry {
            case .problem(let problem, _):
                pending.append(problem)
                // With a server, keep `window` requests' worth in flight.
                if pending.count >= batch * (server.endpoint == nil ? 1 : window) { try flush() }
            case .invalid(let error):
                try flush()
                var result = Agglm_V1_ProblemResult()
                result.error = .init(code: .malformed, message: error.description)
                try sink.write(result)
                StandardError.line(error.description)
            }
        }
        try flush()
        try sink.finish()
        if output != nil { StandardError.line("") }
    }
}

/// Writes results as JSON Lines to standard output or, atomically (and
/// gzip-compressed for `.gz`), a file.
final class ResultSink {
    private let file: DatasetWriter?

    init(path: String?) throws {
        file = try path.map { try DatasetWriter(path: $0) }
    }

    func write(_ result: Agglm_V1_ProblemResult) throws {
        if let file {
            try file.write(result)
        } else {
            var line: [UInt8] = try result.jsonUTF8Bytes()
            line.append(UInt8(ascii: "\n"))
            try FileHandle.standardOutput.write(contentsOf: line)
        }
    }

    func finish() throws {
        try file?.finish()
    }
}
