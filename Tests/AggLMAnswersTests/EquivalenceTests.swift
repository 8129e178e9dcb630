import AggLMSupport
import AggLMAnswers
import Testing

@Suite struct EquivalenceTests {
    @Test(arguments: [
        ("\\frac{1}{3}", "0.3333", true), ("\\frac{1}{3}", "0.3", false), ("\\sqrt{3}", "1.732", true),
        ("0.066666793", "0.0666668", true), ("2.23", "2.232", false), ("10\\%", "0.1", true), ("10\\%", "10", true),
        ("(1, \\frac{9}{2})", "(1, 4.5)", true), ("\\pi", "3.1416", true), ("2x+3", "3+2x", true),
        ("(1,3)", "\\{1,3\\}", true), ("(3,1)", "\\{1,3\\}", false),
    ])
    func canonicalEquivalence(left: String, right: String, expected: Bool) throws {
        let a = try #require(Canonicalizer.canonicalize(left))
        let b = try #require(Canonicalizer.canonicalize(right))
        #expect(Equivalence.equivalent(a, b) == expected)
        #expect(Equivalence.equivalent(b, a) == expected)
    }

    @Test func gradingReadsSolutions() {
        #expect(Equivalence.equivalent(gold: "$\\frac{14}{3}$", prediction: "so the sum is $\\boxed{\\frac{14}{3}}$."))
        #expect(Equivalence.equivalent(gold: "2^3", prediction: "The answer is 8"))
        #expect(!Equivalence.equivalent(gold: "4", prediction: "The answer is 5"))
        #expect(!Equivalence.equivalent(gold: "", prediction: ""))
        #expect(!Equivalence.equivalent(gold: "  ", prediction: "  "))
    }

    /// Property: equivalence is symmetric on random pairs drawn from a pool of forms.
    @Test func symmetricOnRandomPairs() {
        let pool = ["1/2", "0.5", "0.50", "\\frac12", "50\\%", "0.33", "1/3", "\\sqrt{2}", "1.4142", "x+1", "1+x",
                    "(1,2)", "\\{1,2\\}", "[1,2)", "x = 2", "2", "C", "(C)", "\\pi", "3.14", "3.1416", "1, 2", "2, 1"]
        let answers = pool.compactMap(Canonicalizer.canonicalize)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let a = answers[Int(generator.next() % UInt64(answers.count))]
            let b = answers[Int(generator.next() % UInt64(answers.count))]
            #expect(Equivalence.equivalent(a, b) == Equivalence.equivalent(b, a))
            #expect(Equivalence.equivalent(a, a))
        }
    }
}
