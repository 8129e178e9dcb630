import Foundation
import SwiftProtobuf
import Testing

import AggLMWire

/// Proves the committed generated code (Sources/AggLMWire/agglm.pb.swift)
/// agrees with Protos/agglm/v1/agglm.proto: protoc compiles the .proto into
/// a descriptor, and every message, field (name, number, type) and enum value
/// in it must be exactly what the Swift types accept — and nothing more.
/// If this fails, run Scripts/generate-protos.sh.
@Suite struct SchemaAgreementTests {
    /// Every generated message type, by full proto name.
    static let messageTypes: [String: any SwiftProtobuf.Message.Type] = {
        let types: [any SwiftProtobuf.Message.Type] = [
            Agglm_V1_TokenConfidence.self, Agglm_V1_Candidate.self, Agglm_V1_Problem.self,
            Agglm_V1_AggregateOptions.self, Agglm_V1_AggregateRequest.self, Agglm_V1_Error.self,
            Agglm_V1_AggregatedAnswer.self, Agglm_V1_MajorityVote.self, Agglm_V1_RewardBaseline.self,
            Agglm_V1_AnswerCluster.self, Agglm_V1_MethodAnswer.self, Agglm_V1_Timings.self,
            Agglm_V1_ProblemResult.self, Agglm_V1_AggregateResponse.self, Agglm_V1_HealthRequest.self,
            Agglm_V1_ErrorCount.self, Agglm_V1_MethodLatency.self, Agglm_V1_HealthReply.self,
            Agglm_V1_Request.self, Agglm_V1_Reply.self,
        ]
        return Dictionary(uniqueKeysWithValues: types.map { ($0.protoMessageName, $0) })
    }()

    /// Every generated enum: full proto name -> the numbers of its values.
    static let enumNumbers: [String: [Int]] = [
        "agglm.v1.ProtocolVersion": Agglm_V1_ProtocolVersion.allCases.map(\.rawValue),
        "agglm.v1.Method": Agglm_V1_Method.allCases.map(\.rawValue),
        "agglm.v1.ErrorCode": Agglm_V1_ErrorCode.allCases.map(\.rawValue),
        "agglm.v1.ScoreSource": Agglm_V1_ScoreSource.allCases.map(\.rawValue),
    ]

    @Test(.enabled(if: Self.protocPath != nil, "needs protoc (Debian: apt-get install protobuf-compiler; Scripts/install-deps.sh installs it)"))
    func generatedCodeMatchesTheProtoFile() throws {
        let descriptor = try #require(try Self.compileProto())
        let file = try #require(descriptor.file.first { $0.name == "agglm/v1/agglm.proto" })
        #expect(file.package == "agglm.v1")

        let described = Set(file.messageType.map { "agglm.v1.\($0.name)" })
        #expect(described == Set(Self.messageTypes.keys), "message sets differ: regenerate and update this list")

        for message in file.messageType {
            let name = "agglm.v1.\(message.name)"
            guard let type = Self.messageTypes[name] else { continue }
            let numbers = Set(message.field.map(\.number))
            for field in message.field {
                try Self.checkField(field, of: type, in: name)
            }
            // No extra fields in Swift: an unknown number must stay unknown.
            for number in 1...40 where !numbers.contains(Int32(number)) {
                let bytes: [UInt8] = Self.varint(UInt64(number) << 3) + [1]
                let decoded = try type.init(serializedBytes: bytes, extensions: nil, partial: true, options: BinaryDecodingOptions())
                #expect(decoded.unknownFields.data.count == bytes.count, "\(name) has a field \(number) the .proto lacks")
            }
        }

        #expect(Set(file.enumType.map { "agglm.v1.\($0.name)" }) == Set(Self.enumNumbers.keys))
        for enumeration in file.enumType {
            let name = "agglm.v1.\(enumeration.name)"
            #expect(Self.enumNumbers[name]?.sorted() == enumeration.value.map { Int($0.number) }.sorted(), "enum \(name)")
        }
        // Enum value names: every value of every enum-typed field must decode
        // from its proto name in JSON and encode to its number.
        let enums = Dictionary(uniqueKeysWithValues: file.enumType.map { (".agglm.v1.\($0.name)", $0) })
        for message in file.messageType {
            guard let type = Self.messageTypes["agglm.v1.\(message.name)"] else { continue }
            for field in message.field where field.type == .enum {
                for value in enums[field.typeName]?.value ?? [] {
                    let json = field.label == .repeated ? "[\"\(value.name)\"]" : "\"\(value.name)\""
                    let decoded = try type.init(
                        jsonString: "{\"\(field.jsonName)\": \(json)}", extensions: nil, options: JSONDecodingOptions())
                    let bytes: [UInt8] = try decoded.serializedBytes()
                    if field.label == .repeated {
                        #expect(bytes.last.map(Int.init) == Int(value.number), "\(field.name) = \(value.name)")
                    } else if value.number == 0 {
                        #expect(bytes.isEmpty, "\(field.name) = \(value.name)")
                    } else {
                        #expect(bytes.dropFirst().first.map(Int.init) == Int(value.number), "\(field.name) = \(value.name)")
                    }
                }
            }
        }
    }

    /// Sets one field from JSON by its JSON name and checks the binary tag
    /// the Swift type then writes.
    static func checkField(
        _ field: Google_Protobuf_FieldDescriptorProto, of type: any SwiftProtobuf.Message.Type, in name: String
    ) throws {
        let sample: String
        let wireType: UInt64
        switch field.type {
        case .string: (sample, wireType) = ("\"s\"", 2)
        case .double: (sample, wireType) = ("1.5", 1)
        case .bool: (sample, wireType) = ("true", 0)
        case .uint32, .uint64, .int32, .int64: (sample, wireType) = ("7", 0)
        case .enum: (sample, wireType) = ("1", 0)
        case .message: (sample, wireType) = ("{}", 2)
        default:
            Issue.record("\(name).\(field.name): type \(field.type) not covered by this test")
            return
        }
        let repeated = field.label == .repeated
        let json = "{\"\(field.jsonName)\": \(repeated ? "[\(sample)]" : sample)}"
        let message = try type.init(jsonString: json, extensions: nil, options: JSONDecodingOptions())
        let bytes: [UInt8] = try message.serializedBytes()
        // Repeated scalars are packed (length-delimited) in proto3.
        let expectedWire: UInt64 = repeated ? 2 : wireType
        let tag = readVarint(bytes)
        #expect(tag == (UInt64(field.number) << 3) | expectedWire, "\(name).\(field.name) (#\(field.number))")
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7f)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return bytes
    }

    static func readVarint(_ bytes: [UInt8]) -> UInt64? {
        var result: UInt64 = 0
        for (index, byte) in bytes.prefix(10).enumerated() {
            result |= UInt64(byte & 0x7f) << (7 * UInt64(index))
            if byte & 0x80 == 0 { return result }
        }
        return nil
    }

    /// Debian's (or a local) protoc; nil when protobuf-compiler is not installed.
    static let protocPath = ["/usr/bin/protoc", "/usr/local/bin/protoc"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs protoc on the .proto; nil when protoc is not installed.
    static func compileProto() throws -> Google_Protobuf_FileDescriptorSet? {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            guard root.path != "/" else { throw CocoaError(.fileNoSuchFile) }
            root = root.deletingLastPathComponent()
        }
        guard let protoc = protocPath else { return nil }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("agglm-\(UUID().uuidString).pb")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: protoc)
        process.arguments = ["-I", root.appendingPathComponent("Protos").path, "-o", output.path, "agglm/v1/agglm.proto"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try Google_Protobuf_FileDescriptorSet(serializedBytes: try [UInt8](Data(contentsOf: output)))
    }
}
