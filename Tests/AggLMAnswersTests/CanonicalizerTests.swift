import AggLMAnswers
import Testing

@Suite struct CanonicalizerTests {
    private func key(_ answer: String) -> String? { Canonicalizer.canonicalize(answer)?.key }

    @Test(arguments: [
        ("1/2", "\\frac{1}{2}"), ("0.5", "\\dfrac12"), ("\\tfrac{1}{2}", "2/4"), ("7425", "7,425"),
        ("1000", "1 000"), ("11111", "11,\\!111"), ("14916", "14{,}916"), ("1.5", "1\\frac{1}{2}"),
        ("3", "x = 3"), ("10", "\\$10"), ("15", "15\\mbox{ cm}^2"), ("90", "90^\\circ"), ("2", "\\sqrt{4}"),
        ("x^2+2x+1", "(x+1)^2"), ("\\sec^2 y", "\\tan^2(y)+1"), ("\\{1,2,3\\}", "3, 2, 1"),
        ("\\{-2021, 2021\\}", "\\pm 2021"), ("(1,2)", "\\left( 1, 2 \\right)"), ("1500", "1.5e3"),
        ("\\begin{pmatrix}1&0\\\\0&1\\end{pmatrix}", "\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}"),
        ("[-2, 7]", "-2 \\le x \\le 7"), ("x < 1", "-x > -1"), ("C", "(C)"), ("E", "\\text{E}"),
        ("\\text{Evelyn}", "Evelyn"), ("20:34", "08:34 \\text{P.M.}"), ("4210_{7}", "4210_7"),
        ("1112112_3", "1112112₃"), ("1011_{2}", "1011₂"), ("12_{16}", "12₁₆"),
    ])
    func equivalentFormsShareKey(left: String, right: String) {
        let leftKey = key(left)
        #expect(leftKey != nil)
        #expect(leftKey == key(right))
    }

    @Test(arguments: [
        ("1/2", "0.51"), ("(0,9)", "[0,9)"), ("x^2+2x+1", "x^3+2x+1"), ("f(x)", "f(y)"), ("[1,2,3]", "(1,2,3)"),
        ("12:00", "1:00"), ("odd", "\\text{oddd}"), ("x > 5", "x < 5"), ("C", "D"), ("10m", "10"),
        ("1112112_3", "1112112₂"), ("1112112₃", "1112112"),
    ])
    func differentAnswersHaveDifferentKeys(left: String, right: String) {
        #expect(key(left) != key(right))
    }

    @Test func formsAndValues() {
        #expect(Canonicalizer.canonicalize("42")?.form == .integer)
        #expect(Canonicalizer.canonicalize("\\frac{3}{4}")?.form == .fraction)
        #expect(Canonicalizer.canonicalize("0.75")?.form == .decimal)
        #expect(Canonicalizer.canonicalize("\\sqrt{2}")?.form == .real)
        #expect(Canonicalizer.canonicalize("(1, 2)")?.form == .tuple)
        #expect(Canonicalizer.canonicalize("[1, 2)")?.form == .interval)
        #expect(Canonicalizer.canonicalize("(B)")?.form == .letter)
        #expect(Canonicalizer.canonicalize("3x+1")?.form == .expression)
        #expect(Canonicalizer.canonicalize("\\frac{3}{4}")?.value == 0.75)
    }

    @Test(arguments: ["", "   ", "$$", "\\boxed{}"])
    func blankIsUnparseable(answer: String) {
        #expect(Canonicalizer.canonicalize(answer) == nil)
    }

    @Test func pathologicalInputsReturnQuickly() {
        let deep = String(repeating: "{", count: 5_000) + "1" + String(repeating: "}", count: 5_000)
        #expect(Canonicalizer.canonicalize(deep) == nil)
        let nested = String(repeating: "\\frac{", count: 200) + "1" + String(repeating: "}{2}", count: 200)
        _ = Canonicalizer.canonicalize(nested)
        let tower = Array(repeating: "9", count: 300).joined(separator: "^")
        _ = Canonicalizer.canonicalize(tower)
        _ = Canonicalizer.canonicalize(String(repeating: "9", count: 2_000))
        _ = Canonicalizer.canonicalize("170!^{170!}")
    }
}
