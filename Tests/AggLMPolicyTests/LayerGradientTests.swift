import Foundation
import Testing
@testable import AggLMPolicy
import AggLMTestSupport

@Suite struct LayerGradientTests {
    /// (rows, in, out): the general sgemm path and the single-output sgemv path.
    @Test(arguments: [(3, 4, 5), (4, 6, 1), (1, 3, 2)])
    func linearMatchesNaiveAndGradients(shape: (Int, Int, Int)) {
        let (rows, inF, outF) = shape
        var random = TestRandom(seed: UInt64(1 + outF))
        let x = random.floats(rows * inF), w = random.floats(outF * inF), b = random.floats(outF)
        let forward: ([TestBuffer<Float>]) -> [Float] = { t in
            let out = TestBuffer<Float>(zeros: rows * outF)
            Linear.forward(out: out.pointer, inp: t[0].pointer, weight: t[1].pointer, bias: t[2].pointer, rows: rows, inFeatures: inF, outFeatures: outF)
            return out.array
        }
        let out = forward([TestBuffer(x), TestBuffer(w), TestBuffer(b)])
        for r in 0..<rows {
            for o in 0..<outF {
                var expected = Double(b[o])
                for i in 0..<inF { expected += Double(x[r * inF + i]) * Double(w[o * inF + i]) }
                #expect(abs(Double(out[r * outF + o]) - expected) < 1e-5)
            }
        }
        let results = checkLayerGradients(inputs: [x, w, b], outputCount: rows * outF, seed: 2, forward: forward) { t, dOut in
            let dx = TestBuffer<Float>(zeros: rows * inF), dw = TestBuffer<Float>(zeros: outF * inF), db = TestBuffer<Float>(zeros: outF)
            Linear.backward(dInp: dx.pointer, dWeight: dw.pointer, dBias: db.pointer, dOut: dOut.pointer, inp: t[0].pointer, weight: t[1].pointer, rows: rows, inFeatures: inF, outFeatures: outF)
            return [dx.array, dw.array, db.array]
        }
        for r in results { #expect(r.failures == 0, "\(r)") }
    }

    @Test func geluGradient() {
        var random = TestRandom(seed: 3)
        let x = random.floats(40, scale: 2)
        let forward: ([TestBuffer<Float>]) -> [Float] = { t in
            let out = TestBuffer<Float>(zeros: 40)
            GELU.forward(out: out.pointer, inp: t[0].pointer, count: 40)
            return out.array
        }
        // GELU(0) = 0, GELU(large) ≈ identity, GELU(very negative) ≈ 0.
        let probe = forward([TestBuffer([0, 1.5, 6, -6])]).prefix(4)
        for (value, x) in zip(probe, [0, 1.5, 6, -6] as [Double]) {
            let reference = 0.5 * x * (1 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
            #expect(abs(Double(value) - reference) < 1e-6)
        }
        let results = checkLayerGradients(inputs: [x], outputCount: 40, seed: 4, forward: forward) { t, dOut in
            let dx = TestBuffer<Float>(zeros: 40)
            GELU.backward(dInp: dx.pointer, inp: t[0].pointer, dOut: dOut.pointer, count: 40)
            return [dx.array]
        }
        for r in results { #expect(r.failures == 0, "\(r)") }
    }

    @Test func embeddingGradientIncludingRepeatedIds() {
        let ids: [Int32] = [0, 2, 2, 1, 0]
        let idBuffer = TestBuffer(ids)
        var random = TestRandom(seed: 5)
        let table = random.floats(3 * 4)
        let forward: ([TestBuffer<Float>]) -> [Float] = { t in
            let out = TestBuffer<Float>(zeros: 5 * 4)
            Embedding.forward(out: out.pointer, ids: idBuffer.pointer, table: t[0].pointer, rows: 5, dimension: 4)
            return out.array
        }
        let out = forward([TestBuffer(table)])
        #expect(Array(out[4..<8]) == Array(table[8..<12]))
        let results = checkLayerGradients(inputs: [table], outputCount: 20, seed: 6, forward: forward) { _, dOut in
            let dt = TestBuffer<Float>(zeros: 12)
            Embedding.backward(dTable: dt.pointer, dOut: dOut.pointer, ids: idBuffer.pointer, rows: 5, dimension: 4)
            return [dt.array]
        }
        for r in results { #expect(r.failures == 0, "\(r)") }
    }

    @Test func groupMeanPoolWithAbstainersAndEmptyGroup() {
        // Rows 0,3 → group 0; row 1 abstains; row 2 → group 2; group 1 is empty.
        let groupOf = TestBuffer<Int32>([0, -1, 2, 0])
        let inverse = TestBuffer<Float>(zeros: 3)
        var random = TestRandom(seed: 7)
        let x = random.floats(4 * 3)
        let forward: ([TestBuffer<Float>]) -> [Float] = { t in
            let out = TestBuffer<Float>(zeros: 3 * 3)
            GroupMeanPool.forward(out: out.pointer, inverseCounts: inverse.pointer, inp: t[0].pointer, groupOf: groupOf.pointer, rows: 4, groups: 3, width: 3)
            return out.array
        }
        let out = forward([TestBuffer(x)])
        #expect(abs(out[0] - (x[0] + x[9]) / 2) < 1e-6)
        #expect(Array(out[3..<6]) == [0, 0, 0])
        #expect(Array(out[6..<9]) == Array(x[6..<9]))
        let results = checkLayerGradients(inputs: [x], outputCount: 9, seed: 8, forward: forward) { t, dOut in
            _ = forward(t)
            let dx = TestBuffer<Float>(zeros: 12)
            GroupMeanPool.backward(dInp: dx.pointer, dOut: dOut.pointer, inverseCounts: inverse.pointer, groupOf: groupOf.pointer, rows: 4, width: 3)
            return [dx.array]
        }
        for r in results { #expect(r.failures == 0, "\(r)") }
    }

    @Test func gatherRowsGradient() {
        let index = TestBuffer<Int32>([1, 0, 1, 1])
        var random = TestRandom(seed: 9)
        let x = random.floats(2 * 3)
        let forward: ([TestBuffer<Float>]) -> [Float] = { t in
            let out = TestBuffer<Float>(zeros: 4 * 3)
            GatherRows.forward(out: out.pointer, inp: t[0].pointer, index: index.pointer, rows: 4, width: 3)
            return out.array
        }
        #expect(Array(forward([TestBuffer(x)])[0..<3]) == Array(x[3..<6]))
        let results = checkLayerGradients(inputs: [x], outputCount: 12, seed: 10, forward: forward) { _, dOut in
            let dx = TestBuffer<Float>(zeros: 6)
            GatherRows.backward(dInp: dx.pointer, dOut: dOut.pointer, index: index.pointer, rows: 4, width: 3)
            return [dx.array]
        }
        for r in results { #expect(r.failures == 0, "\(r)") }
    }

    @Test func concatGradient() {
        var random = TestRandom(seed: 11)
        let a = random.floats(2 * 2), b = random.floats(2 * 3), c = random.floats(2 * 1)
        let forward: ([TestBuffer<Float>]) -> [Float] = { t in
            let out = TestBuffer<Float>(zeros: 2 * 6)
            ConcatFeatures.forward(out: out.pointer, rows: 2, t[0].pointer, widthA: 2, t[1].pointer, widthB: 3, t[2].pointer, widthC: 1)
            return out.array
        }
        #expect(forward([TestBuffer(a), TestBuffer(b), TestBuffer(c)]) == [a[0], a[1], b[0], b[1], b[2], c[0], a[2], a[3], b[3], b[4], b[5], c[1]])
        let results = checkLayerGradients(inputs: [a, b, c], outputCount: 12, seed: 12, forward: forward) { _, dOut in
            let da = TestBuffer<Float>(zeros: 4), db = TestBuffer<Float>(zeros: 6), dc = TestBuffer<Float>(zeros: 2)
            ConcatFeatures.backward(dOut: dOut.pointer, rows: 2, da.pointer, widthA: 2, db.pointer, widthB: 3, dc.pointer, widthC: 1)
            return [da.array, db.array, dc.array]
        }
        for r in results { #expect(r.failures == 0, "\(r)") }
    }

    @Test func segmentSoftmaxGradientAndNormalisation() {
        let offsets = TestBuffer<Int>([0, 3, 3, 7])  // the middle segment is empty
        var random = TestRandom(seed: 13)
        let z = random.floats(7, scale: 2)
        let probabilities = TestBuffer<Float>(zeros: 7)
        let forward: ([TestBuffer<Float>]) -> [Float] = { t in
            SegmentSoftmax.forward(probabilities: probabilities.pointer, logits: t[0].pointer, offsets: offsets.pointer, segments: 3)
            return probabilities.array
        }
        let p = forward([TestBuffer(z)])
        #expect(abs(p[0..<3].reduce(0, +) - 1) < 1e-6)
        #expect(abs(p[3..<7].reduce(0, +) - 1) < 1e-6)
        // Huge logits must not overflow.
        let big = forward([TestBuffer<Float>([1000, 999, 0, 0, 0, 0, 0])])
        #expect(big.allSatisfy { $0.isFinite })
        let results = checkLayerGradients(inputs: [z], outputCount: 7, seed: 14, forward: forward) { t, dOut in
            _ = forward(t)
            let dz = TestBuffer<Float>(zeros: 7)
            SegmentSoftmax.backward(dLogits: dz.pointer, dProbabilities: dOut.pointer, probabilities: probabilities.pointer, offsets: offsets.pointer, segments: 3)
            return [dz.array]
        }
        for r in results { #expect(r.failures == 0, "\(r)") }
    }

    @Test func binaryCrossEntropyGradientAndStability() {
        var random = TestRandom(seed: 15)
        let z = random.floats(6, scale: 3)
        let labels = TestBuffer<Float>([1, 0, 1, 0, 0.5, 1])
        let results = checkLayerGradients(inputs: [z], outputCount: 1, seed: 16, forward: { t in
            [BinaryCrossEntropy.forward(logits: t[0].pointer, labels: labels.pointer, count: 6)]
        }) { t, dOut in
            let dz = TestBuffer<Float>(zeros: 6)
            BinaryCrossEntropy.backward(dLogits: dz.pointer, logits: t[0].pointer, labels: labels.pointer, count: 6)
            return [dz.array.map { $0 * dOut.pointer[0] }]
        }
        for r in results { #expect(r.failures == 0, "\(r)") }
        let extreme = TestBuffer<Float>([200, -200])
        let extremeLabels = TestBuffer<Float>([0, 1])
        let loss = BinaryCrossEntropy.forward(logits: extreme.pointer, labels: extremeLabels.pointer, count: 2)
        #expect(loss.isFinite && abs(loss - 200) < 1e-3)
    }
}


@Suite struct FastExpTests {
    @Test func matchesLibmAcrossTheRange() {
        var worst: Double = 0
        var x: Float = -87
        while x <= 88 {
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(FastExp.exp(x)) - exact) / exact)
            x += 0.0137
        }
        #expect(worst < 5e-7, "worst relative error \(worst)")
        #expect(FastExp.exp(0) == 1)
        #expect(FastExp.exp(-1000) > 0 && FastExp.exp(-1000) < 1e-37)
        #expect(FastExp.exp(1000).isFinite && FastExp.exp(1000) > 1e38)
        #expect(FastExp.exp(.nan).isNaN || FastExp.exp(.nan).isFinite)  // never traps
    }
}
