import AggLMFeatures
import Testing
@testable import AggLMLearned
@testable import AggLMTraining

/// A kind of pool gets its own bonus only from dev sets of at least `minimumRegimeFiles` source files.
@Suite struct RegimeSourceFilesTests {
    @Test func aRegimeSeenInOneFileOnlyIsTreatedAsUnseen() throws {
        // A trained policy on dev sets where it clearly beats the vote, so some regime earns a bonus
        // (an untrained one would leave every regime at the fall-back and the test could not fail).
        let (state, _, dev, _) = try TrainerTests().run(TrainerTests.config())
        let policy = state.policy
        let problems = dev.setsOfProblem.count
        let unknown = try DecisionCalibrationFit.fit(dev, policy: policy)
        let fitted = unknown.calibration.regimeBonuses.filter { $0.value != DecisionCalibrationFit.unseenRegimeBonus }
        #expect(!fitted.isEmpty)

        // Two files of 15 problems each: every regime is judged as when the files are not known.
        let twoFiles = try DecisionCalibrationFit.fit(dev, policy: policy, devFiles: (0..<problems).map { $0 % 2 })
        #expect(twoFiles.calibration == unknown.calibration)

        // One file, or a second file too small to count: no regime keeps a bonus of its own.
        let layouts = [[Int](repeating: 0, count: problems), (0..<problems).map { $0 < DecisionCalibrationFit.minimumFileProblems - 1 ? 1 : 0 }]
        for files in layouts {
            let oneFile = try DecisionCalibrationFit.fit(dev, policy: policy, devFiles: files)
            for regime in fitted.keys {
                #expect(oneFile.calibration.bonus(for: regime) == DecisionCalibrationFit.unseenRegimeBonus, "\(regime.key)")
            }
            // With the do-no-harm test such a regime is served by majority vote itself.
            let strict = try DecisionCalibrationFit.fit(dev, policy: policy, doNoHarmTest: true, devFiles: files)
            #expect(Set(fitted.keys).isSubset(of: strict.calibration.majorityVoteRegimes))
        }
    }
}
