internal import CAggLMDefaultCheckpoint
import AggLMPolicy
public import AggLMCheckpoint

/// The default checkpoint compiled into the binary, so a copied `agglm`
/// still has it. Its bytes are those of `Checkpoints/agglm-default.safetensors`
/// when the binary was built (Scripts/embed-default-checkpoint.sh writes them;
/// a test keeps the two identical).
public enum EmbeddedDefaultCheckpoint {
    /// How logs, health replies and `inspect` name it.
    public static let name = "embedded default"
    /// The file it was generated from, relative to the package root.
    public static let sourcePath = "Checkpoints/agglm-default.safetensors"

    public static var bytes: [UInt8] {
        guard let start = agglm_default_checkpoint_bytes() else { return [] }
        return Array(UnsafeBufferPointer(start: start, count: agglm_default_checkpoint_size()))
    }

    /// Decodes and validates it exactly as a checkpoint file is.
    public static func load() throws(LearnedCheckpointError) -> (aggregator: LearnedAggregator, checkpoint: AggregatorCheckpoint) {
        let file: SafeTensors
        do {
            file = try SafeTensors.decode(bytes)
        } catch {
            throw .unreadable(path: name, .safeTensors(error))
        }
        let checkpoint: AggregatorCheckpoint
        do {
            checkpoint = try AggregatorCheckpoint(file)
        } catch {
            throw .unreadable(path: name, error)
        }
        return (try LearnedAggregator.validated(checkpoint), checkpoint)
    }
}
