import AggLMFeatures
import Testing
@testable import AggLMLearned
@testable import AggLMTraining

/// A kind of pool gets its own bonus only from dev sets of at least `minimumRegimeFiles` source files
/// — or of every sizeable file, when the dev data has fewer (a user training on one file of their own).
@Suite struct RegimeSourceFilesTests {
    static let size = DecisionCalibrationFit.minimumFileProblems

    @Test func theRuleCountsSourceFilesWithEnoughProblemsOfTheRegime() {
        // Three files of `size` problems each.
        let files = (0..<(3 * Self.size)).map { $0 / Self.size }
        let all = [Bool](repeating: true, count: files.count)
        #expect(DecisionCalibrationFit.enoughSourceFiles(seen: all, files: files))
        // Seen in one file only, while the dev data has three: a quirk of that source.
        let firstFile = files.map { $0 == 0 }
        #expect(!DecisionCalibrationFit.enoughSourceFiles(seen: firstFile, files: files))
        // Seen in two files, one of them short by a problem: still one file.
        var almostTwo = files.map { $0 <= 1 }
        almostTwo[Self.size] = false
        #expect(!DecisionCalibrationFit.enoughSourceFiles(seen: almostTwo, files: files))
        almostTwo[Self.size] = true
        #expect(DecisionCalibrationFit.enoughSourceFiles(seen: almostTwo, files: files))

        // The dev data holds one sizeable file (the others too small to count): that file is the source.
        let oneSizeable = (0..<(Self.size + 4)).map { $0 < Self.size ? 0 : $0 - Self.size + 1 }
        #expect(DecisionCalibrationFit.enoughSourceFiles(seen: oneSizeable.map { $0 == 0 }, files: oneSizeable))
        #expect(!DecisionCalibrationFit.enoughSourceFiles(seen: oneSizeable.map { $0 != 0 }, files: oneSizeable))
        // Too few problems anywhere: no source at all.
        let tiny = [Int](repeating: 0, count: Self.size - 1)
        #expect(!DecisionCalibrationFit.enoughSourceFiles(seen: tiny.map { _ in true }, files: tiny))
    }

    @Test func theFitAppliesTheRuleToTheDevFiles() throws {
        // A trained policy on dev sets where it clearly beats the vote, so some regime earns a bonus
        // (an untrained one would leave every regime at the fall-back and the test could not fail).
        let (state, _, dev, _) = try TrainerTests().run(TrainerTests.config())
        let policy = state.policy
        let problems = dev.setsOfProblem.count
        let unknown = try DecisionCalibrationFit.fit(dev, policy: policy)
        let fitted = unknown.calibration.regimeBonuses.filter { $0.value != DecisionCalibrationFit.unseenRegimeBonus }
        #expect(!fitted.isEmpty)

        // Two files of 15 problems each, or all of dev from one file: judged as when the files are not known.
        for files in [(0..<problems).map { $0 % 2 }, [Int](repeating: 0, count: problems)] {
            let judged = try DecisionCalibrationFit.fit(dev, policy: policy, devFiles: files)
            #expect(judged.calibration == unknown.calibration)
        }

        // Every dev problem from a file of its own: no source holds enough problems, so no regime keeps
        // a bonus of its own, and with the do-no-harm test each is served by majority vote itself.
        let scattered = Array(0..<problems)
        let judged = try DecisionCalibrationFit.fit(dev, policy: policy, devFiles: scattered)
        for regime in fitted.keys {
            #expect(judged.calibration.bonus(for: regime) == DecisionCalibrationFit.unseenRegimeBonus, "\(regime.key)")
        }
        let strict = try DecisionCalibrationFit.fit(dev, policy: policy, doNoHarmTest: true, devFiles: scattered)
        #expect(Set(fitted.keys).isSubset(of: strict.calibration.majorityVoteRegimes))
    }
}
