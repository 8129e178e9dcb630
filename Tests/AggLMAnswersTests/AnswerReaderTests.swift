import AggLMAnswers
import Testing

@Suite struct AnswerReaderTests {
    @Test func providedAnswerWins() {
        let answer = AnswerReader.read(text: "The answer is 5.", providedAnswer: "3.0")
        #expect(answer?.raw == "3.0")
        #expect(answer?.canonical.key == "3")
    }

    @Test(arguments: ["[invalid]", "", "None", " [error] ", "null"])
    func sentinelsAbstain(sentinel: String) {
        #expect(AnswerReader.read(text: "The answer is 5.", providedAnswer: sentinel) == nil)
    }

    @Test func extractsWhenNoAnswerProvided() {
        #expect(AnswerReader.read(text: "So it is 7.\n#### 7", providedAnswer: nil)?.canonical.key == "7")
        #expect(AnswerReader.read(text: "I cannot solve this.", providedAnswer: nil) == nil)
    }
}
