import Foundation
import Testing
@testable import AggLMPolicy
@testable import AggLMCheckpoint
import AggLMTestSupport

/// Builds a raw safetensors file from header text and a data section, for corruption tests.
func rawFile(header: String, data: [UInt8]) -> [UInt8] {
    let h = Array(header.utf8)
    var out: [UInt8] = (0..<8).map { UInt8((UInt64(h.count) >> (8 * UInt64($0))) & 0xFF) }
    out += h
    out += data
    return out
}

/// A fresh directory for one test's files.
func temporaryDirectory(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "agglm-policy-tests-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct SafeTensorsTests {
    func sample() throws -> SafeTensors {
        let special: [Float] = [-0.0, .infinity, -.infinity, Float(bitPattern: 0x7FC0_1234), .leastNonzeroMagnitude, 1.5]
        return try SafeTensors(
            tensors: [
                .init(name: "a.weight", shape: [2, 3], values: special),
                .init(name: "b", shape: [4], values: [1, 2, 3, 4]),
                .init(name: "scalar", shape: [], values: [7]),
                .init(name: "empty", shape: [0, 5], values: []),
            ],
            metadata: ["vocabulary": "[\"gpt\",\"qwen\"]", "note": "quote \" backslash \\ newline \n tab \t ctrl \u{01} é 😀"])
    }

    @Test func roundTripIsBitExact() throws {
        let original = try sample()
        let bytes = original.encoded()
        let decoded = try SafeTensors.decode(bytes)
        #expect(decoded.metadata == original.metadata)
        #expect(decoded.tensors.map(\.name) == original.tensors.map(\.name))
        for (a, b) in zip(decoded.tensors, original.tensors) {
            #expect(a.shape == b.shape)
            #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern))
        }
        #expect(decoded.encoded() == bytes)
        // Header is padded to 8 bytes so the data section is aligned.
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
    }

    @Test func atomicSaveAndLoad() throws {
        let directory = try temporaryDirectory("atomic")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/model.safetensors"
        let original = try sample()
        try original.save(to: path)
        try original.save(to: path)  // overwrite in place
        let loaded = try SafeTensors.load(from: path)
        #expect(loaded.encoded() == original.encoded())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["model.safetensors"])
        #expect(throws: SafeTensorsError.self) { try original.save(to: directory + "/missing-dir/x.safetensors") }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.load(from: directory + "/absent") }
    }

    @Test func writerRejectsBadTensors() {
        #expect(throws: SafeTensorsError.self) { try SafeTensors(tensors: [.init(name: "x", shape: [3], values: [1, 2])]) }
        #expect(throws: SafeTensorsError.self) { try SafeTensors(tensors: [.init(name: "x", shape: [1], values: [1]), .init(name: "x", shape: [1], values: [1])]) }
        #expect(throws: SafeTensorsError.self) { try SafeTensors(tensors: [.init(name: "__metadata__", shape: [1], values: [1])]) }
        #expect(throws: SafeTensorsError.self) { try SafeTensors(tensors: [.init(name: "x", shape: [-1], values: [])]) }
    }

    func decodeError(_ bytes: [UInt8]) -> SafeTensorsError? {
        do {
            _ = try SafeTensors.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func truncation() throws {
        let bytes = try sample().encoded()
        guard case .fileTooSmall = decodeError(Array(bytes.prefix(5))) else { Issue.record("expected fileTooSmall"); return }
        guard case .headerExceedsFile = decodeError(Array(bytes.prefix(20))) else { Issue.record("expected headerExceedsFile"); return }
        guard case .offsetsOutOfRange = decodeError(Array(bytes.dropLast(4))) else { Issue.record("expected offsetsOutOfRange"); return }
    }

    @Test func badHeaderLength() throws {
        var bytes = try sample().encoded()
        bytes[7] = 0x10  // ~1e18
        guard case .headerTooLarge = decodeError(bytes) else { Issue.record("expected headerTooLarge"); return }
        bytes[7] = 0
        bytes[3] = 0x01  // 16 MiB + original: within the limit but beyond the file
        guard case .headerExceedsFile = decodeError(bytes) else { Issue.record("expected headerExceedsFile"); return }
    }

    @Test func malformedJSON() {
        let cases = [
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#,  // unterminated
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}x"#,  // trailing
            #"{"a" {"dtype":"F32"}}"#,
            #"{"a":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}}"#,  // leading zero
            #"{"a\q":{}}"#,  // bad escape
            #"{"\ud800":{}}"#,  // lone surrogate
            String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),  // too deep
        ]
        for header in cases {
            guard case .malformedJSON = decodeError(rawFile(header: header, data: [0, 0, 0, 0])) else {
                Issue.record("expected malformedJSON for \(header.prefix(60))")
                continue
            }
        }
        guard case .headerNotObject = decodeError(rawFile(header: "[]", data: [])) else { Issue.record("expected headerNotObject"); return }
        guard case .headerNotUTF8 = decodeError(rawFile(header: "{}", data: []).enumerated().map { $0.offset == 8 ? 0xFF : $0.element }) else {
            Issue.record("expected headerNotUTF8")
            return
        }
    }

    @Test func wrongDTypeAndBadEntries() {
        let four: [UInt8] = [0, 0, 128, 63]
        let e1 = decodeError(rawFile(header: #"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, data: four))
        #expect(e1 == .unsupportedDType(name: "a", dtype: "F16"))
        let e2 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[1]}}"#, data: four))
        guard case .invalidTensorEntry = e2 else { Issue.record("missing field: \(String(describing: e2))"); return }
        let e3 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}}"#, data: four))
        guard case .invalidTensorEntry = e3 else { Issue.record("unknown field: \(String(describing: e3))"); return }
        let e4 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: four))
        guard case .invalidShape = e4 else { Issue.record("negative dim: \(String(describing: e4))"); return }
        let e5 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: four))
        guard case .invalidOffsets = e5 else { Issue.record("reversed: \(String(describing: e5))"); return }
        let e6 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[99999999999,99999999999],"data_offsets":[0,4]}}"#, data: four))
        guard case .invalidShape = e6 else { Issue.record("overflow: \(String(describing: e6))"); return }
        let e7 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}}"#, data: four))
        #expect(e7 == .duplicateName("a"))
        let e8 = decodeError(rawFile(header: #"{"__metadata__":{"k":1}}"#, data: []))
        guard case .invalidMetadata = e8 else { Issue.record("metadata: \(String(describing: e8))"); return }
    }

    @Test func shapeMismatchOverlapAndCoverage() {
        let twelve = [UInt8](repeating: 0, count: 12)
        let e1 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, data: twelve))
        #expect(e1 == .shapeByteCountMismatch(name: "a", shape: [3], expectedBytes: 12, actualBytes: 8))
        let e2 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: twelve))
        #expect(e2 == .overlappingOffsets(first: "a", second: "b"))
        let e3 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, data: twelve))
        guard case .uncoveredData(offset: 4, _) = e3 else { Issue.record("gap: \(String(describing: e3))"); return }
        let e4 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: twelve))
        guard case .uncoveredData(offset: 8, _) = e4 else { Issue.record("trailing: \(String(describing: e4))"); return }
        let e5 = decodeError(rawFile(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: twelve))
        guard case .offsetsOutOfRange = e5 else { Issue.record("range: \(String(describing: e5))"); return }
    }

    @Test func flippedHeaderBytes() throws {
        let bytes = try sample().encoded()
        let header = Array(bytes[8...])
        func flipped(at pattern: String, to byte: UInt8, offset: Int = 0) -> [UInt8] {
            let p = Array(pattern.utf8)
            let i = (0...(header.count - p.count)).first { Array(header[$0..<($0 + p.count)]) == p } ?? 0
            var out = bytes
            out[8 + i + offset] = byte
            return out
        }
        guard case .invalidTensorEntry(name: "a.weight", _) = decodeError(flipped(at: "\"dtype\"", to: UInt8(ascii: "x"), offset: 1)) else {
            Issue.record("flipped field name")
            return
        }
        #expect(decodeError(flipped(at: "\"F32\"", to: UInt8(ascii: "I"), offset: 1)) == .unsupportedDType(name: "a.weight", dtype: "I32"))
        guard case .malformedJSON = decodeError(flipped(at: "\"shape\":[2,3]", to: UInt8(ascii: "}"), offset: 9)) else {
            Issue.record("flipped bracket")
            return
        }
        guard case .shapeByteCountMismatch = decodeError(flipped(at: "\"shape\":[2,3]", to: UInt8(ascii: "4"), offset: 11)) else {
            Issue.record("flipped dimension")
            return
        }
        #expect(decodeError(flipped(at: "\"dtype\"", to: 0xC0, offset: 1)) == .headerNotUTF8)
    }

    /// Property: no corruption makes decode trap; it either succeeds or throws.
    @Test func randomCorruptionNeverTraps() throws {
        let bytes = try sample().encoded()
        var random = TestRandom(seed: 2024)
        var failures = 0
        for _ in 0..<2000 {
            var corrupt = bytes
            switch random.int(below: 3) {
            case 0: corrupt[random.int(below: corrupt.count)] = UInt8(random.int(below: 256))
            case 1: corrupt = Array(corrupt.prefix(random.int(below: corrupt.count)))
            default:
                let i = random.int(below: min(200, corrupt.count))
                corrupt[i] ^= UInt8(1 << random.int(below: 8))
            }
            if decodeError(corrupt) != nil { failures += 1 }
        }
        #expect(failures > 500)  // most corruptions are caught (flips inside float data are valid files)
    }
}
