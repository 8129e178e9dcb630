import AggLMAnswers
import Testing

/// Property: mutated inputs never crash, and every entry point stays deterministic on them.
/// (The one-million-input run with per-input timing is `agglm bench-answers --fuzz`, in release builds.)
@Suite struct FuzzPropertyTests {
    @Test func mutatedInputsAreHandled() {
        let corpus = [
            "The answer is \\boxed{\\frac{1}{2}}.", "{\"answer\": \"\\frac{3}{4}\"}", "#### 1,234", "A: 7",
            "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}$", "x \\in [-2, 7) \\cup (8, \\infty)", "1 \\pm \\sqrt{19}",
            "\\sin^2(x) + \\cos^2(x) = 1", "Final Answer: The final answer is $20\\%$. I hope it is correct.",
        ]
        var fuzzer = AnswerFuzzer(seed: 1, corpus: corpus)
        var replay = AnswerFuzzer(seed: 1, corpus: corpus)
        for _ in 0..<3_000 {
            let input = fuzzer.next()
            #expect(input == replay.next())
            let extracted = AnswerExtractor.extract(from: input)
            let canonical = Canonicalizer.canonicalize(input)
            #expect(extracted == AnswerExtractor.extract(from: input))
            #expect(canonical?.key == Canonicalizer.canonicalize(input)?.key)
            if let canonical { #expect(Equivalence.equivalent(canonical, canonical)) }
            _ = Equivalence.equivalent(gold: input, prediction: extracted ?? "")
        }
    }
}
