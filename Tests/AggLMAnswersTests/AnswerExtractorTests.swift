import AggLMAnswers
import Testing

@Suite struct AnswerExtractorTests {
    @Test(arguments: [
        ("so the total is \\boxed{\\frac{1}{2}}.", "\\frac{1}{2}"),
        ("nested \\boxed{\\frac{\\sqrt{3}}{2}} done", "\\frac{\\sqrt{3}}{2}"),
        ("first \\boxed{1} then finally \\fbox{7}", "7"),
        ("\\boxed{1} and \\boxed{2}", "1, 2"),
        ("Final Answer: The final answer is $[2,5)$. I hope it is correct.", "[2,5)"),
        ("So 21 - 15 = 6. The answer is 6.", "6"),
        ("Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 eggs.\n#### 18", "18"),
        ("It takes 2+1=<<2+1=3>>3 bolts\nA: 3", "3"),
        ("{\n  \"reasoning\": \"The answer is 5 \\\\boxed{5}\",\n  \"answer\": \"7\"\n}", "7"),
        ("{\"reasoning\": \"x\", \"answer\": \"\\frac{1}{2}\"}", "\\frac{1}{2}"),
        ("{\"reasoning\": \"x\", \"answer\": \"3", "3"),
        ("So the answer is (b).", "(b)"),
        ("Answer: C", "C"),
        ("D. it can't be A or B", "D"),
        ("<think>The answer is 5</think>The answer is \\boxed{4}.", "4"),
        ("She has 3 apples and buys 4 more, 7 in total", "7"),
        ("The probability is 2/3 overall", "2/3"),
        ("Final Answer: The volume of $ABCDEFGH$ is 120. I hope it is correct.", "120"),
        ("He made $10,455 in total", "10,455"),
        ("Because B is valid", "B"),
    ])
    func extractsFinalAnswer(text: String, expected: String) {
        #expect(AnswerExtractor.extract(from: text) == expected)
    }

    @Test(arguments: ["", "No valid answer here", "   \n ", "Answer $ \n 9 \n $", "\\boxed{"])
    func abstainsWithoutAnswer(text: String) {
        let extracted = AnswerExtractor.extract(from: text)
        #expect(extracted == nil || Canonicalizer.canonicalize(extracted ?? "") == nil)
    }

    @Test func laterMarkerWins() {
        let text = "so we get \\boxed{255}. Total $10,200 + $255 = $10,455. Final Answer: The final answer is $10,455$."
        #expect(AnswerExtractor.extract(from: text) == "10,455")
    }

    /// A template continuation as small models write it (shape taken from ZeroEval MATH outputs): the
    /// answer, then an invented question with its own answer, then the prompt's template echoed.
    @Test func answerBeforeAnInventedQuestionWins() {
        let text = """
        ```json
        {"reasoning": "Adding gives 12.", "answer": "12"}
        ```

        ## Question:

        What is 3 + 4?

        ```json
        {"reasoning": "3 + 4 = 7", "answer": "7"}
        ```

        ## Instruction

        Please answer this question by first reasoning and then providing your answer.
        ```json
        {
            "reasoning": "___",
            "answer": "___"
        }
        ```
        """
        #expect(AnswerExtractor.extract(from: text) == "12")
    }

    /// A question restated before it is solved is not a continuation: nothing was answered before it.
    @Test func restatedQuestionIsKept() {
        let text = "Let me restate it.\nQuestion: what is 2 + 5?\nWe add: 2 + 5 = 7. The answer is 7."
        #expect(AnswerExtractor.extract(from: text) == "7")
        let numbered = "Done: the answer is 4.\nProblem 2: now double it to get 8."
        #expect(AnswerExtractor.extract(from: numbered) == "4")
        // Words that merely start with the heading are not one.
        let inline = "The answer is 4.\nQuestions like this are common; the answer is 5."
        #expect(AnswerExtractor.extract(from: inline) == "5")
    }

    /// The template's placeholder as the answer means the model declined: it abstains, even when its
    /// reasoning holds numbers or a box a fallback would pick up.
    @Test(arguments: [
        ("{\"reasoning\": \"I got as far as 12 and could not finish.\", \"answer\": \"___\"}", nil as String?),
        ("{\"reasoning\": \"maybe \\\\boxed{9}\", \"answer\": \"...\"}", nil),
        ("{\"reasoning\": \"no\", \"answer\": \"…\"}", nil),
        ("{\"answer\": \"_x_\"}", "_x_"),
        ("{\"answer\": \"\"} so the answer is 5", "5"),
    ])
    func placeholderDeclines(text: String, expected: String?) {
        #expect(AnswerExtractor.extract(from: text) == expected)
    }
}
