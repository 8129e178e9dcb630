public import AggLMWire

extension Client {
    /// Aggregates any number of problems: splits them into requests of at most `batchSize` problems, keeps
    /// `window` requests in flight, and returns exactly one result per input problem, in input order.
    ///
    /// A batch the server refused as a whole (overloaded, deadline, ...) yields a result carrying that error
    /// for each of its problems, so nothing is silently missing. Throws only when the server stays
    /// unreachable (`.timeout`) or answers nonsense. `progress` gets (problems done, total).
    public func aggregate(
        problems: [Agglm_V1_Problem], options: Agglm_V1_AggregateOptions = Agglm_V1_AggregateOptions(),
        batchSize: Int = 64, window: Int = 4, progress: ((Int, Int) -> Void)? = nil
    ) throws(ClientError) -> [Agglm_V1_ProblemResult] {
        let size = max(1, batchSize)
        let starts = Array(stride(from: 0, to: problems.count, by: size))
        let frames = starts.enumerated().map { batch, start in
            let slice = Array(problems[start..<min(start + size, problems.count)])
            return ServiceRequests.encode(ServiceRequests.aggregate(ServiceRequests.aggregate(id: "batch-\(batch)", problems: slice, options: options)))
        }
        var results = [Agglm_V1_ProblemResult?](repeating: nil, count: problems.count)
        var done = 0
        try exchange(frames, window: window) { batch, reply, _ in
            let range = starts[batch]..<min(starts[batch] + size, problems.count)
            let served = Client.results(of: reply, for: problems[range])
            for (offset, result) in served.enumerated() { results[range.lowerBound + offset] = result }
            done += range.count
            progress?(done, problems.count)
        }
        return results.enumerated().map { index, result in
            result ?? Client.failedResult(problemID: problems[index].id, Agglm_V1_Error(code: .internal, message: "no result"))
        }
    }

    /// One result per problem of `batch` from `reply`, errors spread over the batch when it was refused.
    static func results(of reply: Agglm_V1_Reply, for batch: ArraySlice<Agglm_V1_Problem>) -> [Agglm_V1_ProblemResult] {
        let failure: Agglm_V1_Error
        do {
            let response = try aggregateResponse(of: reply)
            if response.results.count == batch.count { return response.results }
            failure = Agglm_V1_Error(code: .internal, message: "server returned \(response.results.count) results for \(batch.count) problems")
        } catch .refused(let error) {
            failure = error
        } catch {
            failure = Agglm_V1_Error(code: .internal, message: "\(error)")
        }
        return batch.map { failedResult(problemID: $0.id, failure) }
    }

    static func failedResult(problemID: String, _ error: Agglm_V1_Error) -> Agglm_V1_ProblemResult {
        var result = Agglm_V1_ProblemResult()
        result.problemID = problemID
        result.error = error
        return result
    }
}
