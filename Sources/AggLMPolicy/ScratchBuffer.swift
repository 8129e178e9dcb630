/// A growable scratch allocation owned by one workspace. `ensure(_:)` only reallocates when the
/// request exceeds the capacity, so steady-state calls of the same (or smaller) size never
/// allocate. Contents are NOT preserved across growth. Not Sendable: one owner thread.
final class ScratchBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init() {
        capacity = 0
        base = UnsafeMutablePointer<Element>.allocate(capacity: 1)
    }

    deinit {
        base.deallocate()
    }

    /// Guarantees room for `count` elements and returns the base pointer.
    @discardableResult
    func ensure(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            base.deallocate()
            // Grow geometrically so a slowly rising batch size does not reallocate every call.
            let newCapacity = max(count, capacity + capacity / 2)
            base = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
            capacity = newCapacity
        }
        return base
    }
}
