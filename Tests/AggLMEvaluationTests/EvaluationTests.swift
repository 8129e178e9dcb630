import Testing
import AggLMSupport

@testable import AggLMEvaluation
import AggLMAggregation
import AggLMWire
import AggLMTestSupport

@Suite struct SetSamplerTests {
    @Test func setsAreReproducibleDistinctMembersAndIndependentOfOtherProblems() {
        let sampler = SetSampler(k: 8, sets: 16, seed: 3)
        let first = sampler.sets(problemID: "math/1", candidateCount: 40)
        #expect(first == sampler.sets(problemID: "math/1", candidateCount: 40))
        #expect(first.count == 16)
        for set in first {
            #expect(set.count == 8)
            #expect(Set(set).count == 8)
            #expect(set.allSatisfy { (0..<40).contains($0) })
            #expect(set == set.sorted())
        }
        #expect(first != sampler.sets(problemID: "math/2", candidateCount: 40))
        #expect(first != SetSampler(k: 8, sets: 16, seed: 4).sets(problemID: "math/1", candidateCount: 40))
    }

    @Test func smallProblemsUseAllCandidatesOnce() {
        #expect(SetSampler(k: 8, sets: 16, seed: 0).sets(problemID: "x", candidateCount: 4) == [[0, 1, 2, 3]])
    }

    @Test func everyCandidateIsDrawnAboutEquallyOften() {
        let sampler = SetSampler(k: 4, sets: 2000, seed: 9)
        var counts = [Int](repeating: 0, count: 10)
        for set in sampler.sets(problemID: "u", candidateCount: 10) { for member in set { counts[member] += 1 } }
        // Expected 800 each; a binomial standard deviation is about 22.
        #expect(counts.allSatisfy { abs($0 - 800) < 110 }, "\(counts)")
    }
}

@Suite struct ComparisonTests {
    /// Three problems: one easy (majority right), one hard (minority right), one none.
    static let problems: [PreparedProblem] = [
        PreparedProblem(makeProblem(["1", "1", "2"], gold: "1", id: "easy")),
        PreparedProblem(makeProblem(["3", "3", "4"], gold: "4", id: "hard")),
        PreparedProblem(makeProblem(["5", "6", "6"], gold: "9", id: "none")),
    ]

    @Test func bucketsAndAccuraciesOnAFullSetComparison() throws {
        let comparison = Comparison(
            sampler: SetSampler(k: 8, sets: 4, seed: 0), methods: [.majority, .oracle, .rmBestOfN], threads: 2,
            makeDecider: { MethodSuite() })
        let report = comparison.report(file: "t", problems: Self.problems, seed: 0)
        #expect(report.problems == 3)
        #expect(report.sets == 3)
        let majority = try #require(report.score(.majority))
        #expect(abs(majority.accuracy - 1.0 / 3) < 1e-12)
        #expect(majority.buckets[.easy] == .init(n: 1, accuracy: 1))
        #expect(majority.buckets[.hard] == .init(n: 1, accuracy: 0))
        let oracle = try #require(report.score(.oracle))
        #expect(abs(oracle.accuracy - 2.0 / 3) < 1e-12)
        #expect(oracle.winsOverMajority == 1)
        #expect(report.unavailable == [.rmBestOfN])
        #expect(report.score(.rmBestOfN) == nil)
        #expect(abs(report.candidateAccuracy - (2.0 / 3 + 1.0 / 3 + 0) / 3) < 1e-12)
    }

    @Test func resultsDoNotDependOnThreadCount() {
        let problems = (0..<50).map { index in
            PreparedProblem(makeProblem((0..<12).map { "\(($0 * 7 + index) % 4)" }, gold: "\(index % 4)", id: "p\(index)"))
        }
        func json(_ threads: Int) -> String {
            let comparison = Comparison(
                sampler: SetSampler(k: 5, sets: 8, seed: 1), methods: [.majority, .shortest, .oracle],
                threads: threads, makeDecider: { MethodSuite() })
            return ReportJSON.document(k: 5, sets: 8, seed: 1, reports: [comparison.report(file: "f", problems: problems, seed: 1)]).rendered(.afterSeparators)
        }
        #expect(json(1) == json(2))
        #expect(json(1).hasPrefix(#"{"k": 5, "sets": 8, "seed": 1, "datasets": [{"file": "f", "problems": 50, "sets": 400, "candidateAccuracy": "#))
    }

    @Test func bootstrapIntervalContainsTheMeanAndNarrowsWithMoreData() {
        let small = (0..<20).map { Double($0 % 2) }
        let large = (0..<2000).map { Double($0 % 2) }
        let a = Bootstrap.percentileInterval(small, samples: 500, seed: 0)
        let b = Bootstrap.percentileInterval(large, samples: 500, seed: 0)
        #expect(a.low <= 0.5 && 0.5 <= a.high)
        #expect(b.high - b.low < (a.high - a.low) / 3)
    }

    @Test func plotIsAnSVGWithOnePanelPerDatasetAndALegend() {
        let comparison = Comparison(
            sampler: SetSampler(k: 2, sets: 4, seed: 0), methods: [.majority, .oracle], threads: 1,
            makeDecider: { MethodSuite() })
        let reports = [2, 3].map { k in
            [Comparison(sampler: SetSampler(k: k, sets: 4, seed: 0), methods: comparison.methods, threads: 1,
                        makeDecider: { MethodSuite() }).report(file: "data/x.jsonl", problems: Self.problems, seed: 0)]
        }
        let svg = AccuracyPlot(ks: [2, 3], points: reports).svg
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains(">x.jsonl</text>"))
        #expect(svg.contains(">majority</text>") && svg.contains(">oracle</text>"))
        #expect(svg.contains("<path d=\"M"))
    }
}
