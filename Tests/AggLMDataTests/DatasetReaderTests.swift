import AggLMSupport
import Foundation
import Testing

@testable import AggLMData
import AggLMWire

private func problemLine(_ id: String, candidates: Int = 2) -> String {
    let list = (0..<candidates).map { #"{"id":"c\#($0)","model":"m","text":"answer \#($0)"}"# }
    return #"{"id":"\#(id)","question":"q","gold":"1","candidates":[\#(list.joined(separator: ","))]}"#
}

private func readEverything(_ path: String, maxLineBytes: Int = DatasetReader.defaultMaxLineBytes) throws
    -> (problems: [(Agglm_V1_Problem, Int)], errors: [DatasetError], summary: DatasetReader.Summary)
{
    var problems: [(Agglm_V1_Problem, Int)] = []
    var errors: [DatasetError] = []
    let summary = try DatasetReader(maxLineBytes: maxLineBytes).read(path: path) { entry in
        switch entry {
        case let .problem(problem, line): problems.append((problem, line))
        case let .invalid(error): errors.append(error)
        }
    }
    return (problems, errors, summary)
}

@Suite struct DatasetReaderTests {
    @Test func readsGoodLinesAndReportsBadOnesWithLineNumbers() throws {
        let dir = try TemporaryDirectory()
        var bytes = Array((problemLine("a") + "\n").utf8)
        bytes += Array("{not json\n".utf8)
        bytes += Array("\n   \n".utf8)  // blank lines: skipped, but counted for numbering
        bytes += [0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]  // {"id":"\xff\xfe"}
        bytes += Array((problemLine("b") + "\r\n").utf8)
        bytes += Array(#"{"id": 5, "candidates": "x"}"#.utf8) + [0x0a]
        bytes += Array(problemLine("c").utf8)  // no final newline
        let path = try dir.write("mixed.jsonl", bytes: bytes)

        let result = try readEverything(path)
        #expect(result.problems.map { $0.0.id } == ["a", "b", "c"])
        #expect(result.problems.map { $0.1 } == [1, 6, 8])
        #expect(result.errors.map(\.code) == [.invalidJSON, .invalidUTF8, .invalidJSON])
        #expect(result.errors.map(\.line) == [2, 5, 7])
        #expect(result.errors.allSatisfy { $0.description.hasPrefix("\(path):") })
        #expect(result.summary.problems == 3)
        #expect(result.summary.invalidLines == 3)
    }

    @Test func tooLongLineIsSkippedAndTheNextLineStillReads() throws {
        let dir = try TemporaryDirectory()
        let long = String(repeating: "x", count: 5000)
        let path = try dir.write("long.jsonl", text: "\(problemLine("a"))\n\(long)\n\(problemLine("b"))\n")
        let result = try readEverything(path, maxLineBytes: 1000)
        #expect(result.problems.map { $0.0.id } == ["a", "b"])
        #expect(result.errors.map(\.code) == [.lineTooLong])
        #expect(result.errors.first?.line == 2)
    }

    @Test func gzipRoundTripThroughTheWriter() throws {
        let dir = try TemporaryDirectory()
        var originals: [Agglm_V1_Problem] = []
        for index in 0..<300 {
            var problem = Agglm_V1_Problem()
            problem.id = "p\(index)"
            problem.question = "What is \(index) + 1? ünïcödé ∑"
            problem.gold = "\(index + 1)"
            var candidate = Agglm_V1_Candidate()
            candidate.id = "c"
            candidate.model = "m"
            candidate.text = String(repeating: "step\n", count: index % 50)
            candidate.rewardScore = Double(index) / 7
            problem.candidates = [candidate]
            originals.append(problem)
        }
        for name in ["out.jsonl.gz", "out.jsonl"] {
            let path = dir.path(name)
            let writer = try DatasetWriter(path: path)
            for problem in originals { try writer.write(problem) }
            try writer.finish()
            let result = try readEverything(path)
            #expect(result.errors.isEmpty)
            #expect(result.problems.map { $0.0 } == originals)
            #expect(result.summary.isGzip == name.hasSuffix(".gz"))
        }
    }

    @Test func aWriterReplacesTheFileOnlyWhenFinishedAndLeavesNoTemporaryFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("out.jsonl")
        var old = Agglm_V1_Problem()
        old.id = "old"
        let first = try DatasetWriter(path: path)
        try first.write(old)
        try first.finish()
        do {
            var new = Agglm_V1_Problem()
            new.id = "new"
            let abandoned = try DatasetWriter(path: path)
            try abandoned.write(new)
        }
        #expect(try readEverything(path).problems.map { $0.0.id } == ["old"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["out.jsonl"])
    }

    @Test func concatenatedGzipMembersReadAsOneFile() throws {
        let dir = try TemporaryDirectory()
        var bytes: [UInt8] = []
        for name in ["one", "two"] {
            let path = dir.path("\(name).jsonl.gz")
            let writer = try DatasetWriter(path: path)
            var problem = Agglm_V1_Problem()
            problem.id = name
            try writer.write(problem)
            try writer.finish()
            bytes += try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let path = try dir.write("both.jsonl.gz", bytes: bytes)
        let result = try readEverything(path)
        #expect(result.problems.map { $0.0.id } == ["one", "two"])
    }

    @Test func truncatedGzipThrowsAfterDeliveringTheLinesBeforeIt() throws {
        let dir = try TemporaryDirectory()
        let full = dir.path("full.jsonl.gz")
        let writer = try DatasetWriter(path: full)
        for index in 0..<2000 {
            var problem = Agglm_V1_Problem()
            problem.id = "p\(index)"
            problem.question = "question \(index * 7919 % 1000)"
            try writer.write(problem)
        }
        try writer.finish()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
        let path = try dir.write("cut.jsonl.gz", bytes: Array(bytes.prefix(bytes.count * 2 / 3)))
        var delivered = 0
        #expect {
            try DatasetReader().read(path: path) { entry in
                if case .problem = entry { delivered += 1 }
            }
        } throws: { error in
            (error as? DatasetError)?.code == .truncatedGzip
        }
        #expect(delivered > 100)
    }

    @Test func corruptedGzipBytesNeverTrap() throws {
        let dir = try TemporaryDirectory()
        let full = dir.path("full.jsonl.gz")
        let writer = try DatasetWriter(path: full)
        for index in 0..<500 {
            var problem = Agglm_V1_Problem()
            problem.id = "p\(index)"
            try writer.write(problem)
        }
        try writer.finish()
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
        var rng = SplitMix64(seed: 7)
        for round in 0..<40 {
            var bytes = original
            for _ in 0..<(1 + round % 4) {
                let position = 10 + Int(rng.next() % UInt64(bytes.count - 10))
                bytes[position] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
            let path = try dir.write("bad\(round).jsonl.gz", bytes: bytes)
            do {
                _ = try readEverything(path)
            } catch let error as DatasetError {
                #expect([.corruptGzip, .truncatedGzip].contains(error.code))
            }
        }
    }

    @Test func missingFileAndDirectoryAreClearErrors() throws {
        let dir = try TemporaryDirectory()
        for path in [dir.path("nope.jsonl"), dir.url.path] {
            #expect {
                try DatasetReader().read(path: path) { _ in }
            } throws: { error in
                guard let error = error as? DatasetError else { return false }
                return error.code == .cannotOpen && error.line == nil && error.description.hasPrefix(path)
            }
        }
    }

    @Test func strictReadAllStopsAtTheFirstBadLine() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("x.jsonl", text: "\(problemLine("a"))\n[]\n\(problemLine("b"))\n")
        var skipped: [DatasetError] = []
        let lenient = try DatasetReader().readAll(paths: [path]) { skipped.append($0) }
        #expect(lenient.map(\.id) == ["a", "b"])
        #expect(skipped.map(\.line) == [2])
        #expect(throws: DatasetError.self) { try DatasetReader().readAll(paths: [path], strict: true) }
    }

    @Test func writerDroppedWithoutFinishLeavesTargetUntouched() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("keep.jsonl", text: "original\n")
        do {
            let writer = try DatasetWriter(path: path)
            try writer.write(Agglm_V1_Problem())
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "original\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["keep.jsonl"])
    }

    @Test func lineSplitterIsIndependentOfChunkBoundaries() {
        var rng = SplitMix64(seed: 42)
        let text = Array("alpha\nbeta\r\n\ngamma-delta\nlast-without-newline".utf8)
        var expected: [[UInt8]] = []
        var reference = LineSplitter(maxLineBytes: 100)
        text.withUnsafeBufferPointer { reference.feed($0) { if case let .complete(_, b) = $0 { expected.append(Array(b)) } } }
        reference.finish { if case let .complete(_, b) = $0 { expected.append(Array(b)) } }
        #expect(expected.count == 5)
        for _ in 0..<200 {
            var splitter = LineSplitter(maxLineBytes: 100)
            var lines: [[UInt8]] = []
            var start = 0
            while start < text.count {
                let size = 1 + Int(rng.next() % 7)
                let end = min(text.count, start + size)
                text[start..<end].withUnsafeBufferPointer { splitter.feed($0) { if case let .complete(_, b) = $0 { lines.append(Array(b)) } } }
                start = end
            }
            splitter.finish { if case let .complete(_, b) = $0 { lines.append(Array(b)) } }
            #expect(lines == expected)
        }
    }

    @Test(.enabled(if: sharedDataDirectory() != nil, "needs ../shared/data (real candidate sets, not in the repository)"))
    func sharedDataFilesReadCompletely() throws {
        let directory = try #require(sharedDataDirectory())
        // Problem counts from ../shared/data/README.md.
        let expected = [
            "zeroeval-math-l5": 582, "zeroeval-gsm8k": 1057, "faithfulcot-gsm8k": 1057, "faithfulcot-svamp": 1000,
            "faithfulcot-asdiv": 2097, "faithfulcot-multiarith": 596, "faithfulcot-aqua": 254, "gsm8k-gpt3": 1057,
        ]
        for (name, count) in expected {
            let path = "\(directory)/\(name).jsonl.gz"
            var problems = 0
            var candidates = 0
            let summary = try DatasetReader().read(path: path) { entry in
                guard case let .problem(problem, _) = entry else {
                    Issue.record("bad line in \(name): \(entry)")
                    return
                }
                problems += 1
                candidates += problem.candidates.count
                #expect(problem.id.hasPrefix("\(name)/"))
                #expect(problem.hasGold)
            }
            #expect(problems == count, "\(name)")
            #expect(summary.invalidLines == 0)
            #expect(candidates >= 4 * count)
        }
    }
}
