/// The error a reply or a per-problem result carries, built in one expression (the generated message type
/// only has an empty initialiser).
extension Agglm_V1_Error {
    public init(code: Agglm_V1_ErrorCode, message: String) {
        self.init()
        self.code = code
        self.message = message
    }
}
