/// The service's version string, reported in health replies.
enum ServiceVersion {
    static let current = "agglm-service 1 (protocol 1)"
}
