import AggLMSupport
import AggLMPolicy
import AggLMTestSupport

/// Result of comparing an analytic gradient with central differences.
struct GradientComparison: CustomStringConvertible {
    var maxAbsoluteError: Float = 0
    var worstIndex = -1
    var worstNumeric: Float = 0
    var worstAnalytic: Float = 0
    var failures = 0
    var checked = 0

    var description: String {
        "checked \(checked), failures \(failures), worst index \(worstIndex): numeric \(worstNumeric) analytic \(worstAnalytic)"
    }
}

/// Central differences of `loss` (evaluated in Float by the code under test, summed in Double)
/// with respect to every element of `values`, compared with `analytic`:
/// |numeric - analytic| <= absoluteTolerance + relativeTolerance * max(|numeric|, |analytic|).
func compareGradient(
    _ values: [Float], analytic: [Float], epsilon: Float = 1e-2,
    absoluteTolerance: Float = 2e-4, relativeTolerance: Float = 1e-2,
    loss: ([Float]) throws -> Double
) rethrows -> GradientComparison {
    var result = GradientComparison()
    var probe = values
    for i in values.indices {
        let original = probe[i]
        probe[i] = original + epsilon
        let plus = try loss(probe)
        probe[i] = original - epsilon
        let minus = try loss(probe)
        probe[i] = original
        // The actual step in Float, not the nominal epsilon.
        let step = Double(original + epsilon) - Double(original - epsilon)
        let numeric = Float((plus - minus) / step)
        let error = abs(numeric - analytic[i])
        result.checked += 1
        if error > absoluteTolerance + relativeTolerance * max(abs(numeric), abs(analytic[i])) {
            result.failures += 1
        }
        if error > result.maxAbsoluteError {
            result.maxAbsoluteError = error
            result.worstIndex = i
            result.worstNumeric = numeric
            result.worstAnalytic = analytic[i]
        }
    }
    return result
}

/// Σ w_i x_i in Double: a loss whose gradient with respect to x is exactly w.
func weightedSum(_ x: [Float], _ w: [Float]) -> Double {
    zip(x, w).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

/// Heap memory with a stable address for calling the pointer-based layers from tests.
final class TestBuffer<Element> {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(_ values: [Element]) {
        count = values.count
        pointer = .allocate(capacity: max(values.count, 1))
        for (i, v) in values.enumerated() { (pointer + i).initialize(to: v) }
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}

extension TestBuffer where Element == Float {
    convenience init(zeros count: Int) { self.init([Float](repeating: 0, count: count)) }
}

/// Checks one layer: `forward(inputs)` returns its output; `backward(inputs, dOut)` returns the
/// gradient for each input (accumulated into zeroed buffers). The loss is Σ w·output with fixed
/// random w, so dOut = w. Every element of every input is probed.
func checkLayerGradients(
    inputs: [[Float]], outputCount: Int, seed: UInt64, tolerance: Float = 2e-4,
    forward: ([TestBuffer<Float>]) -> [Float],
    backward: ([TestBuffer<Float>], TestBuffer<Float>) -> [[Float]]
) -> [GradientComparison] {
    var random = TestRandom(seed: seed)
    let w = random.floats(outputCount)
    let analytic = backward(inputs.map { TestBuffer($0) }, TestBuffer(w))
    return inputs.indices.map { k in
        compareGradient(inputs[k], analytic: analytic[k], absoluteTolerance: tolerance) { probe in
            var buffers = inputs.map { TestBuffer($0) }
            buffers[k] = TestBuffer(probe)
            return weightedSum(forward(buffers), w)
        }
    }
}
