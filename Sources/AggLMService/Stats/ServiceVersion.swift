/// The service's version string, reported in health replies.
public enum ServiceVersion {
    public static let current = "agglm-service 1 (protocol 1)"
}
