import AggLMCommandLine
import ArgumentParser
@testable import agglm
import Testing

/// `--sweep-k` (agglm compare) and `--test-k` (agglm-train) read set sizes the same way.
@Suite struct SetSizeListTests {
    @Test func sizesComeSortedWithoutRepeats() throws {
        #expect(try SetSizeList.parse("16, 4,8,4", option: "--test-k") == [4, 8, 16])
        #expect(try SetSizeList.parse("24", option: "--test-k") == [24])
    }

    @Test(arguments: ["", "0", "4,-8", "four", "2.5", ",", "1 6"])
    func anythingButPositiveWholeNumbersSaysWhatToType(text: String) {
        #expect {
            try SetSizeList.parse(text, option: "--test-k")
        } throws: { error in
            "\(error)".contains("--test-k") && "\(error)".contains("e.g. --test-k 2,4,8,16")
        }
    }

    @Test func compareSweepsTheSizesItIsGiven() throws {
        let command = try CompareCommand.parse(["--data", "x.jsonl", "--sweep-k", "8,2,8"])
        #expect(try command.kList() == [2, 8])
        let plain = try CompareCommand.parse(["--data", "x.jsonl", "--k", "5"])
        #expect(try plain.kList() == [5])
    }
}
