import AggLMCheckpoint
import AggLMLearned
import AggLMTestSupport
import Foundation

/// A small test aggregator carrying a decision calibration, and a scratch checkpoint path for it:
/// the round trip every calibration-metadata test makes, and the rewrite with some metadata keys
/// edited or removed, as an older (or corrupted) checkpoint would carry them.
struct CalibratedCheckpointFile {
    let aggregator: LearnedAggregator
    let path: String

    /// - Parameter name: tells this test's file from the others' running in parallel.
    init(_ calibration: DecisionCalibration, seed: UInt64, name: String) throws {
        aggregator = try Fixtures.aggregator(seed: seed).with(calibration: calibration)
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(ProcessInfo.processInfo.processIdentifier).safetensors").path
    }

    /// Saves the aggregator as it is and loads it back.
    func roundTrip() throws -> LearnedAggregator {
        try aggregator.save(to: path)
        return try LearnedAggregator.load(from: path).aggregator
    }

    /// Writes the aggregator's checkpoint with `edits` applied to its metadata (a nil value removes
    /// the key); the caller loads it with `LearnedAggregator.load(from: path)`.
    func write(editing edits: [String: String?]) throws {
        var metadata = aggregator.checkpointMetadata
        for (key, value) in edits { metadata[key] = value }
        try AggregatorCheckpoint(policy: aggregator.policy, rewardModel: aggregator.rewardModel, metadata: metadata).save(to: path)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
