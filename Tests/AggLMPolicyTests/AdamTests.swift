import Testing
@testable import AggLMPolicy

@Suite struct AdamTests {
    let layout = ParameterLayout(tensors: [
        TensorSpec(name: "w", shape: [2, 2], role: .weight(fanIn: 2, gain: 1)),
        TensorSpec(name: "b", shape: [2], role: .bias),
    ])

    @Test func minimisesAQuadratic() throws {
        // f(x) = Σ (x_i - t_i)^2
        let target: [Float] = [1, -2, 3, 0.5, -1, 2]
        var x = [Float](repeating: 0, count: 6)
        var state = AdamState(parameterCount: 6)
        let adam = Adam(learningRate: 0.05, maxGradientNorm: nil)
        for _ in 0..<2000 {
            let g = zip(x, target).map { 2 * ($0 - $1) }
            try adam.update(parameters: &x, gradients: g, state: &state, layout: layout)
        }
        for (a, b) in zip(x, target) { #expect(abs(a - b) < 1e-2) }
        #expect(state.step == 2000)
    }

    @Test func firstStepMatchesHandComputation() throws {
        var x: [Float] = [1, 1, 1, 1, 1, 1]
        var state = AdamState(parameterCount: 6)
        let adam = Adam(learningRate: 0.1, weightDecay: 0.5, maxGradientNorm: nil)
        try adam.update(parameters: &x, gradients: [2, -3, 0, 0, 4, 0], state: &state, layout: layout)
        // Bias-corrected first step is lr * sign(g); decay only on the weight tensor.
        #expect(abs(x[0] - (1 - 0.1 * (1 + 0.5))) < 1e-5)
        #expect(abs(x[1] - (1 + 0.1 - 0.05)) < 1e-5)
        #expect(abs(x[2] - (1 - 0.05)) < 1e-5)
        #expect(abs(x[4] - 0.9) < 1e-5)
        #expect(x[5] == 1)  // bias without gradient: no decay, no change
    }

    @Test func clipsByGlobalNorm() throws {
        var x = [Float](repeating: 0, count: 6)
        var state = AdamState(parameterCount: 6)
        let adam = Adam(learningRate: 0.1, maxGradientNorm: 1)
        let norm = try adam.update(parameters: &x, gradients: [3, 4, 0, 0, 0, 0], state: &state, layout: layout)
        #expect(norm == 5)
        // m = (1 - beta1) * clipped gradient = 0.1 * (0.6, 0.8)
        #expect(abs(state.m[0] - 0.06) < 1e-6 && abs(state.m[1] - 0.08) < 1e-6)
    }

    @Test func rejectsMismatchedOrNonFiniteGradients() {
        var x = [Float](repeating: 0, count: 6)
        var state = AdamState(parameterCount: 6)
        let adam = Adam()
        #expect(throws: PolicyError.self) { try adam.update(parameters: &x, gradients: [1], state: &state, layout: layout) }
        #expect(throws: PolicyError.self) { try adam.update(parameters: &x, gradients: [.nan, 0, 0, 0, 0, 0], state: &state, layout: layout) }
        #expect(x == [Float](repeating: 0, count: 6) && state.step == 0)
    }
}
