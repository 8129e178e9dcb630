import COpenBLAS

/// The number of threads OpenBLAS uses for every BLAS call in this process.
///
/// `openblas_set_num_threads` is process-wide, so choosing it is the caller's decision (the
/// executable's entry point), never a library's: nothing in AggLMPolicy calls this on its own.
/// Measured on the project machines: 1 thread per concurrent worker is best for serving, 2 for the
/// trainer (see /work/shared/notes/platform.md).
public enum BLASThreads {
    /// Sets the OpenBLAS thread count; values below 1 are treated as 1.
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }
}
