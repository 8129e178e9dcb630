import AggLMLearned
import AggLMSupport
import Foundation
import AggLMTraining

/// The within-epoch progress bar: one bar per epoch (batches done, running reward and loss),
/// cleared before the epoch's summary line. Draws only when standard error is a terminal.
struct EpochProgress {
    private var bar: ProgressBar?
    private var epoch = 0

    mutating func batch(_ progress: BatchProgress, prefix: String = "") {
        if bar == nil || progress.epoch != epoch {
            bar?.finish()
            bar = ProgressBar(label: "\(prefix)epoch \(progress.epoch)", total: progress.batches)
            epoch = progress.epoch
        }
        bar?.update(progress.batch, detail: String(format: "reward %.3f  loss %.4f", progress.meanReward, progress.meanLoss))
    }

    /// Call before printing the epoch's line.
    mutating func endEpoch() {
        bar?.finish()
        bar = nil
    }
}
