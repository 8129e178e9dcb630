import AggLMSupport
/// Produces mutated answer texts from a seed corpus, deterministically for a given seed (used by the
/// `bench-answers --fuzz` command and the fuzz property test).
///
/// Mutations mix byte edits with splices of constructs that stress the parsers (deep nesting, long digit
/// runs, dangling commands, huge exponents), so that every scanner's worst cases are exercised.
public struct AnswerFuzzer: Sendable {
    private var generator: SplitMix64
    private let corpus: [[UInt8]]
    private static let maxLength = 8_192
    private static let fragments: [[UInt8]] = [
        "{", "}", "\\frac", "\\sqrt", "^", "^{", "\\boxed{", "$", "$$", "\\(", "\\)", "\\[", "\\]", "(", ")", "[", "]",
        "\\left(", "\\right)", "\\pm", "=", "<", "\\le", ",", ";", " and ", "%", "\\%", "!", "\\text{", "\\begin{pmatrix}",
        "\\end{pmatrix}", "&", "\\\\", "9999999999999999999999", "0.000000000001", "1e308", "^{99999}", "\\infty",
        "The answer is ", "Final Answer: ", "#### ", "\n", "A: ", "\"answer\": \"", "<think>", "</think>", "\\sin",
        "\\log_", "x", "e", "\\pi", "(A)", "B)", "{,}", ",\\!", "²", "−", "π", "√", "∞", "\u{0}", "\u{FFFD}",
    ].map { Array($0.utf8) }

    public init(seed: UInt64, corpus: [String]) {
        generator = SplitMix64(seed: seed)
        let seeds = corpus.map { Array($0.utf8.prefix(AnswerFuzzer.maxLength)) }
        self.corpus = seeds.isEmpty ? [Array("1/2".utf8)] : seeds
    }

    private mutating func below(_ bound: Int) -> Int { Int(generator.next() % UInt64(max(1, bound))) }

    /// The next mutated input (at most 8 KiB).
    public mutating func next() -> String {
        var bytes = corpus[below(corpus.count)]
        let mutations = 1 + below(8)
        for _ in 0..<mutations {
            switch below(9) {
            case 0 where !bytes.isEmpty:
                bytes.remove(at: below(bytes.count))
            case 1:
                bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: below(bytes.count + 1))
            case 2 where !bytes.isEmpty:
                bytes[below(bytes.count)] = UInt8(truncatingIfNeeded: generator.next())
            case 3, 4:
                let fragment = AnswerFuzzer.fragments[below(AnswerFuzzer.fragments.count)]
                bytes.insert(contentsOf: fragment, at: below(bytes.count + 1))
            case 5:
                // Deep nesting or long repetition of one fragment.
                let fragment = AnswerFuzzer.fragments[below(AnswerFuzzer.fragments.count)]
                let count = 1 + below(400)
                var repeated: [UInt8] = []
                for _ in 0..<count { repeated.append(contentsOf: fragment) }
                bytes.insert(contentsOf: repeated, at: below(bytes.count + 1))
            case 6 where bytes.count > 1:
                let start = below(bytes.count)
                let end = min(bytes.count, start + below(64))
                bytes.insert(contentsOf: bytes[start..<end], at: below(bytes.count + 1))
            case 7 where bytes.count > 1:
                bytes.removeSubrange(below(bytes.count)..<bytes.count)
            default:
                let other = corpus[below(corpus.count)]
                bytes.append(contentsOf: other.prefix(256))
            }
            if bytes.count > AnswerFuzzer.maxLength { bytes.removeSubrange(AnswerFuzzer.maxLength...) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
