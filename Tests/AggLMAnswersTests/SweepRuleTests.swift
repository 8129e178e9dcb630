import Testing

/// The rules added by the round-8 robustness sweep (Sources/AggLMAnswers/AnswerRules.swift; the sweep's own
/// cases are Tests/AnswerCorpus/sweep.jsonl). Every case is checked in both directions.
@Suite struct SweepRuleTests {
    @Test(arguments: [
        ("\\frac{5}{2}", "2½", true), ("\\frac{5}{2}", "2 ½", true), ("\\frac{1}{3}", "⅓", true),
        ("\\frac{23}{8}", "2⅞", true), ("\\frac{1}{2}", "2½", false), ("\\frac{5}{4}", "1¼ miles", true),
        ("\\frac{3}{4}", "⅓", false), ("\\frac{3}{4}", "¾", true), ("\\frac{7}{10}", "⅒ + \\frac{3}{5}", true),
    ])
    func precomposedFractions(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        // Rounded (half a unit either way) or truncated (toward zero, up to one unit short).
        ("\\sqrt{3}", "1.73", true), ("\\sqrt{3}", "1.74", false), ("\\frac{2}{3}", "0.666", true),
        ("\\frac{2}{3}", "0.667", true), ("\\frac{2}{3}", "0.668", false), ("-\\frac{2}{3}", "-0.666", true),
        ("-\\frac{2}{3}", "-0.668", false), ("\\frac{1}{7}", "0.15", false), ("e", "2.71", true), ("e", "2.72", true),
        ("e", "2.73", false),
    ])
    func roundedOrTruncated(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("2000000", "2.000.000", true), ("4321.5", "4.321,5", true), ("4321.75", "4 321,75", true),
        ("54321", "54\\ 321", true), ("54321", "54\\;321", true),
        // One dot group alone stays a decimal point; a dot group before a list comma is no number.
        ("4.321", "4.321", true), ("4321", "4.321", false), ("(4.321, 5)", "(4.321,5)", true),
    ])
    func continentalThousands(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("\\{3\\}", "\\{1,3\\} \\cap \\{3,5\\}", true), ("\\{1, 5\\}", "\\{1,3,5\\} \\setminus \\{3\\}", true),
        ("\\{1, 3\\}", "\\{1,3,5\\} \\setminus \\{3\\}", false), ("[2, 3)", "[0,3) \\cap [2,7]", true),
        ("\\{2, 4\\}", "\\{1, 2, 4, 9\\} \\cap [2, 5]", true), ("\\{\\}", "\\{1\\} \\cap \\{2\\}", true),
        ("(1, 6]", "(1,4] \\cup (3,6]", true), ("(1, 6]", "(1,3) \\cup (3,6]", false),
        ("(1, 3) \\cup (3, 6]", "(3,6] \\cup (1,3)", true),
        ("(-\\infty, 0) \\cup (0, \\infty)", "\\mathbb{R} \\setminus \\{0\\}", true),
        ("[0, 1) \\cup (1, 2) \\cup (2, 3]", "[0, 3] \\setminus \\{2, 1, 7\\}", true),
        ("(0, 3]", "[0, 3] \\setminus \\{0\\}", true), ("[0, 3]", "[0, 3] \\setminus \\{4\\}", true),
        ("(2, \\infty)", "\\{x \\mid x > 2\\}", true), ("(-1, 1)", "\\{x : -1 < x < 1\\}", true),
        ("[2, \\infty)", "\\{x \\in \\mathbb{R} : x \\ge 2\\}", true), ("(2, \\infty)", "\\{x \\mid x \\ge 2\\}", false),
        ("\\emptyset", "\\varnothing", true), ("\\emptyset", "∅", true), ("\\emptyset", "\\{0\\}", false),
    ])
    func setOperations(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("(1, 4)", "]1, 4[", true), ("[1, 4)", "[1, 4[", true), ("(1, 4]", "]1, 4]", true), ("[1, 4]", "]1, 4[", false),
        ("(-\\infty, 0)", "x \\in ]-\\infty, 0[", true), ("[1, 2]", "[1, 2]", true),
        ("(-\\infty, \\infty)", "\\mathbb{R}", true), ("(-\\infty, \\infty)", "ℝ", true), ("(0, \\infty)", "\\mathbb{R}", false),
        ("x < -1 \\text{ or } x > 3", "(-\\infty,-1)\\cup(3,\\infty)", true),
        ("x < -1 \\text{ or } x > 3", "(-\\infty,-1]\\cup(3,\\infty)", false),
    ])
    func intervalNotations(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("i", "e^{i\\pi/2}", true), ("-i", "e^{-i\\pi/2}", true), ("-1", "e^{i\\pi}", true),
        ("2+2i", "2\\sqrt{2}e^{i\\pi/4}", true), ("2-2i", "2\\sqrt{2}e^{i\\pi/4}", false),
        ("13", "|5+12i|", true), ("\\sqrt{2}", "|1-i|", true), ("2", "|1-i|", false),
    ])
    func complexForms(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("12", "答えは 12 です。", true), ("12", "答えは 13 です。", false), ("15", "故答案为：15", true),
        ("15", "정답은 15입니다.", true), ("15", "정답은 16입니다.", false),
        // Currency signs and units or counters in another script after the final number.
        ("0.5", "0,50 €", true), ("12", "£12", true), ("24", "Ответ: 24 см", true), ("16", "答案是 16 元", true),
        ("16", "答案是 17 元", false), ("\\text{甲}", "甲", true),
        // Scale words, `per cent`, LaTeX's `~` space in a unit.
        ("2000000", "2 million", true), ("1500000000", "1.5 billion", true), ("3000", "3 thousand", true),
        ("2000", "2 million", false), ("0.125", "12.5 per cent", true), ("2.5", "2.5 \\mathrm{~m}", true),
        ("20", "20 \\text{ m}^2", true), ("100", "100^\\circ\\text{C}", true), ("25", "25 \\text{ km/h}", true),
        // A letter in \text{} that follows no quantity is still a letter (a choice).
        ("\\text{C}", "C", true), ("\\text{C}", "2", false),
    ])
    func sentenceEndsAndUnitSymbols(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("-2", "\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix}", true),
        ("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix}", false),
        ("-3", "\\begin{vmatrix} 2 & 0 & 1 \\\\ 1 & 1 & 0 \\\\ 0 & 5 & 1 \\end{vmatrix}", false),
        ("7", "\\begin{vmatrix} 2 & 0 & 1 \\\\ 1 & 1 & 0 \\\\ 0 & 5 & 1 \\end{vmatrix}", true),
    ])
    func determinants(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("a=1, b=2", "b=2, a=1", true), ("a=1, b=2", "a=2, b=1", false), ("a=1, b=2", "a=1, b=\\frac{4}{2}", true),
        ("x_{1}=2, x_{2}=5", "x_1 = 2, x_2 = 5", true), ("x_1=2, x_2=5", "x_1 = 5, x_2 = 2", false),
        // Different names: compared as values, as before.
        ("a=1, b=2", "1, 2", true), ("x=1, x=2", "x=2, x=1", true),
    ])
    func namedValuesByName(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }
}

/// Rules added in round 9 (issue 14, unseen peer-grader kinds; AnswerRules.swift). Both directions each.
@Suite struct RoundNineRuleTests {
    @Test(arguments: [
        ("{m \\choose r}", "\\binom{m}{r}", true), ("{\\alpha \\choose \\beta}", "\\dbinom{\\alpha}{\\beta}", true),
        ("{m \\choose r}", "\\binom{r}{m}", false), ("{2m \\choose m} + 1", "\\binom{2m}{m} + 1", true),
        ("{7 \\choose 3}", "35", true), ("\\choose{m}{r}", "\\binom{m}{r}", true),
    ])
    func infixBinomial(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("\\overline{z}", "\\bar{z}", true), ("\\overline{z}", "\\bar z", true), ("2\\overline{w}+1", "1+2\\bar{w}", true),
        ("\\overline{z}", "z", false), ("\\overline{\\alpha}_k", "\\bar{\\alpha}_{k}", true),
        ("\\overline{AB}", "\\bar{AB}", true), ("\\bar{u}", "\\bar{v}", false),
        ("\\overline{2+3i}", "2-3i", true), ("\\overline{2+3i}", "2+3i", false), ("\\bar{i}", "-i", true),
        ("1 + \\overline{\\sqrt2 i}", "1 - \\sqrt2 i", true),
    ])
    func overlineIsBar(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("\\frac{7}{2}", "3 and 1/2", true), ("\\frac{29}{4}", "7 and 1/4 inches", true), ("3.5", "3 and 1/2", true),
        ("\\frac{1}{2}", "3 and 1/2", false), ("\\frac{7}{2}", "3 and 5/2", false), ("3, \\frac{5}{2}", "3 and 5/2", true),
        ("\\frac{7}{2}", "3 and \\frac{1}{2}", true), ("\\frac{7}{2}", "3 and \\dfrac{1}{2}", true),
    ])
    func mixedNumberWithAnd(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("17/4e25", "0", false), ("3 \\cdot 10^{-20}", "0", false), ("2^{-40}", "0", false),
        ("\\sin(\\pi)", "0", true), ("\\sqrt{3}^2 - 3", "0", true), ("\\sqrt{5}^2", "5", true),
        ("17/4e25", "4.25e-25", true),
    ])
    func integerSnapIsRelative(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("|x| \\le 5", "[-5, 5]", true), ("|x| < 5", "(-5, 5)", true), ("|x| \\le 5", "(-5, 5)", false),
        ("|y - 2| < 3", "(-1, 5)", true), ("|y - 2| < 3", "(-1, 4)", false), ("|2t - 8| \\le 4", "[2, 6]", true), ("|t^2 - 4| < 5", "(-3, 3)", false),
        ("|x| \\ge 5", "[-5, 5]", false),
    ])
    func absoluteInequalityIsInterval(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("(a) 12; (b) 7", "12, 7", true), ("(a) 12, (b) 7, (c) 3", "12, 7, 3", true), ("(a) 12; (b) 7", "7, 12", false),
        ("(a) 12 and (b) 7", "12, 7", true), ("(A) 12; (B) 7", "12; 7", true), ("(a) 12; (b) 7", "12, 8", false),
        ("(a) 12; (c) 7", "12, 7", false), ("(a)", "12", false), ("(a) 12 (b) 7", "12, 7", true),
        ("(a) 12\n(b) 7", "12, 7", true), ("(a) 12\n(b) 7", "12 \\cdot 7", false),
        ("(i) 12; (ii) 7", "12, 7", true), ("(i) 12; (iii) 7", "12, 7", false), ("(i) 12; (ii) 7; (iii) 3", "12, 7, 3", true),
    ])
    func partLabels(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("\\gcd(z/2, z/3)", "z", true), ("\\gcd(0.5z, 4)", "1", true), ("\\lcm(0.5z, 4)", "z", true),
        ("\\lcm(2.5 p^2 q, 0.2 p q^3)", "p^2 q^3", true), ("w + \\gcd(0.6w, 5/7) / 3", "w + \\frac13", true),
        ("2 (\\lcm(3.1 \\cdot 10^{-9}, 7w) - 1)", "2w - 2", true), ("\\gcd(z/2, z/3)", "\\frac{z}{6}", false),
        ("\\lcm(0.5z, 4)", "4z", false), ("\\gcd(6z, 4z^2)", "2z", true),
    ])
    func gcdAndLcmOverAField(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("3 + 4I", "3 + 4i", true), ("e^{I\\pi/2}", "i", true), ("c - I d", "c - i d", true), ("2I", "2", false),
        ("3 + 4I", "3 - 4i", false), ("I", "i", false),
    ])
    func sympyImaginaryUnit(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }

    @Test(arguments: [
        ("\\frac{1}{3}", "0.\\overline{3}", true), ("\\frac{100}{3}", "33.\\overline{3}", true),
        ("\\frac{21}{110}", "0.19\\overline{09}", true), ("\\frac{4}{11}", "0.\\bar{36}", true),
        ("\\frac{1}{3}", "0.\\overline{6}", false), ("\\frac{7}{9}", "0.\\overline7", true),
        ("1", "0.\\overline{9}", true),
    ])
    func repeatingDecimals(gold: String, prediction: String, expected: Bool) {
        AnswerRuleTests.check(gold, prediction, expected)
    }
}
