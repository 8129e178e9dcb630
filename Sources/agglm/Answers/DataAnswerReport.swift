import AggLMSupport
import AggLMAnswers
import AggLMData
import AggLMWire
import Foundation

/// Per-file extraction report over dataset files (`bench-answers --data FILE...`): how often extraction from
/// the candidate text abstains, how often it agrees with the candidate's stored `answer` (where one is stored
/// and is not an abstention sentinel; also among candidates whose text gave an answer), how often the read answer (stored answer first) equals the gold, and
/// the throughput of reading + clustering whole problems.
struct DataAnswerReport {
    let paths: [String]

    func run() throws {
        let reader = DatasetReader()
        let clock = ContinuousClock()
        print("file                               candidates  abstain(text)  agree(text, stored) [where text answered]"
              + "  read=gold  problems/s")
        for path in paths {
            let problems = try reader.readAll(paths: [path])
            var candidates = 0
            var abstained = 0
            var storedCompared = 0
            var storedAgreed = 0
            var storedAnswered = 0
            var correct = 0
            for problem in problems {
                let gold = problem.hasGold ? Canonicalizer.canonicalize(problem.gold) : nil
                for candidate in problem.candidates {
                    candidates += 1
                    let fromText = AnswerReader.read(text: candidate.text, providedAnswer: nil)
                    if fromText == nil { abstained += 1 }
                    if candidate.hasAnswer, let stored = AnswerReader.read(text: "", providedAnswer: candidate.answer) {
                        storedCompared += 1
                        if let fromText {
                            storedAnswered += 1
                            if Equivalence.equivalent(fromText.canonical, stored.canonical) { storedAgreed += 1 }
                        }
                    }
                    let read = AnswerReader.read(text: candidate.text,
                                                 providedAnswer: candidate.hasAnswer ? candidate.answer : nil)
                    if let gold, let read, Equivalence.equivalent(gold, read.canonical) { correct += 1 }
                }
            }
            let start = clock.now
            for problem in problems {
                let answers = problem.candidates.map {
                    AnswerReader.read(text: $0.text, providedAnswer: $0.hasAnswer ? $0.answer : nil)
                }
                _ = AnswerClustering.clusters(of: answers)
            }
            let elapsed = clock.now - start
            let seconds = elapsed.seconds
            func percent(_ part: Int, _ whole: Int) -> String {
                whole == 0 ? "—" : String(format: "%.2f%%", Double(part) / Double(whole) * 100)
            }
            let name = URL(fileURLWithPath: path).lastPathComponent
            print(name.padding(toLength: 34, withPad: " ", startingAt: 0)
                  + String(format: "%11d", candidates)
                  + percent(abstained, candidates).leftPadded(15)
                  + (percent(storedAgreed, storedCompared) + " of \(storedCompared) ["
                     + percent(storedAgreed, storedAnswered) + " of \(storedAnswered)]").leftPadded(41)
                  + percent(correct, candidates).leftPadded(11)
                  + String(format: "%12.0f", Double(problems.count) / max(seconds, 1e-9)))
            fflush(nil)
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
