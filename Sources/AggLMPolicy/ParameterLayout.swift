import AggLMSupport
/// One named tensor inside a flat parameter buffer.
public struct TensorSpec: Sendable, Equatable {
    /// How the tensor is initialised and whether AdamW decays it.
    public enum Role: Sendable, Equatable {
        /// A dense weight [out x in]: He-normal init with std gain*sqrt(1/fanIn); decayed.
        case weight(fanIn: Int, gain: Float)
        /// A bias: zero init; not decayed.
        case bias
        /// An embedding table: normal init with the given std; not decayed.
        case embedding(std: Float)
    }

    public let name: String
    public let shape: [Int]
    public let role: Role

    public init(name: String, shape: [Int], role: Role) {
        self.name = name
        self.shape = shape
        self.role = role
    }

    public var elementCount: Int { shape.reduce(1, *) }

    var decays: Bool {
        if case .weight = role { return true }
        return false
    }
}

/// The llm.c-style layout of all parameters of a network in ONE flat `[Float]`: tensors are stored
/// back to back in `tensors` order. Gradients and Adam moments use the very same layout, so one
/// offset addresses a tensor in all of them.
public struct ParameterLayout: Sendable, Equatable {
    public let tensors: [TensorSpec]
    /// offsets[i] is the first element of tensors[i]; offsets.count == tensors.count.
    public let offsets: [Int]
    public let parameterCount: Int

    public init(tensors: [TensorSpec]) {
        var offsets: [Int] = []
        offsets.reserveCapacity(tensors.count)
        var cursor = 0
        for tensor in tensors {
            offsets.append(cursor)
            cursor += tensor.elementCount
        }
        self.tensors = tensors
        self.offsets = offsets
        self.parameterCount = cursor
    }

    /// The offset of the tensor named `name`, or nil.
    public func offset(of name: String) -> Int? {
        tensors.firstIndex { $0.name == name }.map { offsets[$0] }
    }

    /// Deterministic initialisation from `seed`: tensors are filled in layout order from one
    /// SplitMix64 stream, so the same seed and layout give bit-identical parameters.
    func initialParameters(seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        var values = [Float](repeating: 0, count: parameterCount)
        for (tensor, offset) in zip(tensors, offsets) {
            let std: Double
            switch tensor.role {
            case .bias: continue
            case let .weight(fanIn, gain): std = Double(gain) * (1.0 / Double(max(fanIn, 1))).squareRoot()
            case let .embedding(s): std = Double(s)
            }
            for i in 0..<tensor.elementCount {
                values[offset + i] = Float(std * rng.nextGaussian())
            }
        }
        return values
    }
}

/// Hands out consecutive offsets in a flat buffer (activation layouts).
struct OffsetAllocator {
    private(set) var total = 0

    mutating func take(_ count: Int) -> Int {
        defer { total += count }
        return total
    }
}
