import AggLMAggregation
import AggLMData
import AggLMWire
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

    func validate() throws {
        if batch < 1 { throw ValidationError("--batch must be at least 1, e.g. --batch 32") }
        _ = try MethodListParser.parse(methods)
    }

    func run() throws {
        var options = Agglm_V1_AggregateOptions()
        options.methods = try MethodListParser.parse(methods) ?? []
        options.includeSolution = solutions
        var aggregator = Aggregator(methods: MethodSuite())
        let sink = try ResultSink(path: output)
        var pending: [Agglm_V1_Problem] = []
        func flush() throws {
            var request = Agglm_V1_AggregateRequest()
            request.protocolVersion = UInt32(Agglm_V1_ProtocolVersion.current.rawValue)
            request.problems = pending
            request.options = options
            for result in aggregator.aggregate(request).results { try sink.write(result) }
            pending.removeAll(keepingCapacity: true)
        }
        try DatasetReader().read(path: input) { entry in
            switch entry {
            case .problem(let problem, _):
                pending.append(problem)
                if pending.count >= batch { try flush() }
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
    }
}

/// Writes results as JSON Lines to standard output or, atomically, a file.
final class ResultSink {
    private let handle: FileHandle
    private let path: String?
    private let temporaryPath: String?

    init(path: String?) throws {
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            temporaryPath = nil
            return
        }
        let temporary = "\(path).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) ,
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw ValidationError("Cannot create \(path); check the folder exists and is writable")
        }
        self.handle = handle
        temporaryPath = temporary
    }

    func write(_ result: Agglm_V1_ProblemResult) throws {
        var line: [UInt8] = try result.jsonUTF8Bytes()
        line.append(UInt8(ascii: "\n"))
        try handle.write(contentsOf: line)
    }

    func finish() throws {
        guard let path, let temporaryPath else { return }
        try handle.synchronize()
        try handle.close()
        guard rename(temporaryPath, path) == 0 else {
            throw ValidationError("Cannot move results into \(path): \(String(cString: strerror(errno)))")
        }
    }
}
