import AggLMSupport
@testable import agglm
import Foundation
import Testing

/// `agglm grade` on several threads writes the bytes one thread writes, in input order, with the same
/// standard-error summary, whatever the batch size.
@Suite struct GradeCommandTests {
    /// A fixture with every kind of line the grader must survive, not a multiple of any batch size used.
    static func fixtureLines() -> [[UInt8]] {
        let valid = [
            #"{"gold": "\\frac{1}{2}", "pred": "0.5"}"#, #"{"gold": "3", "pred": "4"}"#,
            #"{"gold": "x^2+1", "pred": "1+x^2"}"#, #"{"pred": "7", "gold": "7.0"}"#,
            #"{"gold": "\\{1,2\\}", "pred": "\\{2,1\\}"}"#, #"{"gold": "12", "pred": "The answer is \\boxed{12}."}"#,
        ].map { Array($0.utf8) }
        let odd: [[UInt8]] = [
            Array("not json".utf8),
            [],
            Array(#"{"gold": "1", "pred": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8),
            Array(#"{"gold": "2", "pred": "#.utf8) + Array(repeating: UInt8(ascii: "9"), count: 400) + Array("}".utf8),
            Array(#"{"gold": 5, "pred": null}"#.utf8),
            Array(#"{"gold": "6", "pred": "6"}"#.utf8) + [0x0D],
            Array("[1, 2]".utf8),
        ]
        var lines: [[UInt8]] = []
        for index in 0..<103 {
            lines.append(index % 5 == 2 ? odd[(index / 5) % odd.count] : valid[index % valid.count])
        }
        return lines
    }

    static let maxLineBytes = 200

    /// Grades `input` and returns the output bytes and the summary line.
    static func grade(_ input: URL, threads: Int, batchLines: Int = PairGrading.defaultBatchLines) throws -> (output: Data, summary: String?) {
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("grade-out-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let descriptor = open(outputURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(descriptor >= 0)
        let invalid = try PairGrading.run(
            pairs: input.path, maxLineBytes: maxLineBytes, memoEntries: 64, threads: threads, batchLines: batchLines,
            to: descriptor)
        close(descriptor)
        return (try Data(contentsOf: outputURL), invalid.summary)
    }

    static func writeFixture(finalNewline: Bool) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("grade-in-\(UUID().uuidString).jsonl")
        var bytes = fixtureLines().joined(separator: [0x0A]).map { $0 }
        if finalNewline { bytes.append(0x0A) }
        try Data(bytes).write(to: url)
        return url
    }

    @Test(arguments: [(4, 7), (4, 1), (2, 10), (4, PairGrading.defaultBatchLines)])
    func severalThreadsWriteTheBytesOfOne(threads: Int, batchLines: Int) throws {
        for finalNewline in [true, false] {
            let input = try Self.writeFixture(finalNewline: finalNewline)
            defer { try? FileManager.default.removeItem(at: input) }
            let single = try Self.grade(input, threads: 1)
            let parallel = try Self.grade(input, threads: threads, batchLines: batchLines)
            #expect(parallel.output == single.output)
            #expect(parallel.summary == single.summary)
        }
    }

    /// The single-thread reference itself: one line per input line, errors at their own line numbers.
    @Test func outputLinesAndErrorsKeepTheirLineNumbers() throws {
        let input = try Self.writeFixture(finalNewline: true)
        defer { try? FileManager.default.removeItem(at: input) }
        let graded = try Self.grade(input, threads: 3, batchLines: 4)
        let lines = String(decoding: graded.output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let fixture = Self.fixtureLines()
        #expect(lines.count == fixture.count)
        let errorLines = lines.enumerated().filter { $0.element.contains("\"error\"") }.map { $0.offset + 1 }
        // Errors: line 3 "not json", line 8 empty, line 18 over 200 bytes, line 33 an array. Graded: line 13
        // (invalid UTF-8, read with U+FFFD), line 23 (non-string fields read as empty), line 28 (ends in \r).
        #expect(errorLines.prefix(4) == [3, 8, 18, 33])
        #expect(lines[17].contains("\"line 18: longer than 200 bytes\""))
        #expect(lines[0].hasPrefix("{\"equal\":true"))
        #expect(lines[1].hasPrefix("{\"equal\":false"))
        #expect(graded.summary?.hasPrefix("agglm grade: \(errorLines.count) invalid line(s); first: line 3: ") == true)
    }

    @Test(arguments: ["0", "-2"])
    func threadsBelowOneIsAValidationErrorSayingWhatToType(value: String) {
        do {
            _ = try GradeCommand.parseAsRoot(["--pairs", "x.jsonl", "--threads=\(value)"])
            Issue.record("--threads \(value) was accepted")
        } catch {
            let message = GradeCommand.message(for: error)
            #expect(message.contains("--threads 1"))
            #expect(message.contains("at least 1"))
        }
    }

    /// The grading path reads values as bytes (`readUTF8`); they must be exactly the UTF-8 of the strings
    /// `read` returns (escapes decoded, invalid UTF-8 repaired to U+FFFD), and fail the same way.
    @Test func utf8ValuesAreTheUTF8OfTheStringValues() {
        var rng = SplitMix64(seed: 14)
        let pieces: [[UInt8]] = [
            #"{"gold": ""#, #"", "pred": ""#, #""}"#, #"\\frac{1}{2}"#, #"\""#, #"\n"#, #"\u00e9"#, #"\ud83d\ude00"#,
            #"\ud800"#, #"\udc00"#, #"\q"#, #"\u12"#, "é", "plain text 42 ", "\\", "\"", ",", "}",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0x01]]
        let keys = [Array("gold".utf8), Array("pred".utf8)]
        for _ in 0..<20_000 {
            var line = pieces[0]
            for _ in 0..<Int(rng.next() % 8) { line += pieces[Int(rng.next() % UInt64(pieces.count))] }
            if rng.next() % 4 != 0 { line += pieces[1] + pieces[3] + pieces[2] }
            let asStrings = line.withUnsafeBufferPointer { JSONStringFields.read($0, keys: keys) }
            let asBytes = line.withUnsafeBufferPointer { JSONStringFields.readUTF8($0, keys: keys) }
            switch (asStrings, asBytes) {
            case (.success(let strings), .success(let bytes)):
                #expect(strings.map { $0.map { Array($0.utf8) } } == bytes, "\(line)")
            case (.failure(let a), .failure(let b)):
                #expect(a.description == b.description, "\(line)")
            default:
                Issue.record("read and readUTF8 disagree on \(line)")
            }
        }
    }

    @Test func threadsDefaultToTheActiveCores() throws {
        let command = try GradeCommand.parse(["--pairs", "x.jsonl"])
        #expect(command.threads == min(ProcessInfo.processInfo.activeProcessorCount, 8))
    }
}
