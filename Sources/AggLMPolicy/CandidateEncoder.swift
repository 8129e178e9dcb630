/// The per-candidate encoder shared by the policy and the reward model:
/// x_n = [features_n, E[modelId_n]] → fc1 → GELU → fc2 → GELU → h_n (hidden wide).
///
/// It knows where its five tensors live in the owning network's flat parameter buffer
/// (`parameterBase`) and where its activations live in the owning workspace's arena.
struct CandidateEncoder: Sendable, Equatable {
    let featureCount: Int
    let vocabularySize: Int
    let embeddingDimension: Int
    let hiddenSize: Int
    /// Offset of the encoder's first tensor in the owning network's flat buffer.
    let parameterBase: Int

    var inputWidth: Int { featureCount + embeddingDimension }

    /// The encoder's tensors, in flat-buffer order, named under `prefix`.
    func tensorSpecs(prefix: String) -> [TensorSpec] {
        [
            TensorSpec(name: prefix + "embedding", shape: [vocabularySize, embeddingDimension], role: .embedding(std: 0.1)),
            TensorSpec(name: prefix + "fc1.weight", shape: [hiddenSize, inputWidth], role: .weight(fanIn: inputWidth, gain: Float(2).squareRoot())),
            TensorSpec(name: prefix + "fc1.bias", shape: [hiddenSize], role: .bias),
            TensorSpec(name: prefix + "fc2.weight", shape: [hiddenSize, hiddenSize], role: .weight(fanIn: hiddenSize, gain: Float(2).squareRoot())),
            TensorSpec(name: prefix + "fc2.bias", shape: [hiddenSize], role: .bias),
        ]
    }

    var parameterCount: Int {
        vocabularySize * embeddingDimension + hiddenSize * inputWidth + hiddenSize + hiddenSize * hiddenSize + hiddenSize
    }

    // Parameter offsets, in tensorSpecs order.
    private var embeddingOffset: Int { parameterBase }
    private var fc1WeightOffset: Int { embeddingOffset + vocabularySize * embeddingDimension }
    private var fc1BiasOffset: Int { fc1WeightOffset + hiddenSize * inputWidth }
    private var fc2WeightOffset: Int { fc1BiasOffset + hiddenSize }
    private var fc2BiasOffset: Int { fc2WeightOffset + hiddenSize * hiddenSize }

    /// Offsets of the encoder's activations for `rows` candidates inside a workspace arena.
    struct Activations: Equatable {
        let rows: Int
        let embedded: Int  // rows x embeddingDimension
        let input: Int  // rows x inputWidth
        let pre1: Int  // rows x hidden
        let act1: Int
        let pre2: Int
        let output: Int  // rows x hidden: h

        init(rows: Int, encoder: CandidateEncoder, allocator: inout OffsetAllocator) {
            self.rows = rows
            embedded = allocator.take(rows * encoder.embeddingDimension)
            input = allocator.take(rows * encoder.inputWidth)
            pre1 = allocator.take(rows * encoder.hiddenSize)
            act1 = allocator.take(rows * encoder.hiddenSize)
            pre2 = allocator.take(rows * encoder.hiddenSize)
            output = allocator.take(rows * encoder.hiddenSize)
        }
    }

    func forward(
        parameters p: UnsafePointer<Float>, features: UnsafePointer<Float>, modelIds: UnsafePointer<Int32>,
        arena a: UnsafeMutablePointer<Float>, at act: Activations
    ) {
        let n = act.rows, h = hiddenSize
        Embedding.forward(out: a + act.embedded, ids: modelIds, table: p + embeddingOffset, rows: n, dimension: embeddingDimension)
        ConcatFeatures.forward(out: a + act.input, rows: n, features, widthA: featureCount, a + act.embedded, widthB: embeddingDimension)
        Linear.forward(out: a + act.pre1, inp: a + act.input, weight: p + fc1WeightOffset, bias: p + fc1BiasOffset, rows: n, inFeatures: inputWidth, outFeatures: h)
        GELU.forward(out: a + act.act1, inp: a + act.pre1, count: n * h)
        Linear.forward(out: a + act.pre2, inp: a + act.act1, weight: p + fc2WeightOffset, bias: p + fc2BiasOffset, rows: n, inFeatures: h, outFeatures: h)
        GELU.forward(out: a + act.output, inp: a + act.pre2, count: n * h)
    }

    /// Needs `d` (the gradient arena, same layout as `a`) to hold dL/dh at `act.output`, and zeros
    /// at every other encoder activation; accumulates parameter gradients into `g`.
    func backward(
        parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
        modelIds: UnsafePointer<Int32>,
        arena a: UnsafeMutablePointer<Float>, gradientArena d: UnsafeMutablePointer<Float>, at act: Activations
    ) {
        let n = act.rows, h = hiddenSize
        GELU.backward(dInp: d + act.pre2, inp: a + act.pre2, dOut: d + act.output, count: n * h)
        Linear.backward(dInp: d + act.act1, dWeight: g + fc2WeightOffset, dBias: g + fc2BiasOffset, dOut: d + act.pre2, inp: a + act.act1, weight: p + fc2WeightOffset, rows: n, inFeatures: h, outFeatures: h)
        GELU.backward(dInp: d + act.pre1, inp: a + act.pre1, dOut: d + act.act1, count: n * h)
        Linear.backward(dInp: d + act.input, dWeight: g + fc1WeightOffset, dBias: g + fc1BiasOffset, dOut: d + act.pre1, inp: a + act.input, weight: p + fc1WeightOffset, rows: n, inFeatures: inputWidth, outFeatures: h)
        // The raw features are data: only the embedding part of the input needs its gradient.
        ConcatFeatures.backward(dOut: d + act.input, rows: n, nil, widthA: featureCount, d + act.embedded, widthB: embeddingDimension)
        Embedding.backward(dTable: g + embeddingOffset, dOut: d + act.embedded, ids: modelIds, rows: n, dimension: embeddingDimension)
    }
}
