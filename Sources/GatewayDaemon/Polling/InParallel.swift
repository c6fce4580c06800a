import Foundation
import GatewayCore

extension Array where Element: Sendable {
    /// Each item's result, in order, computed at most `width` at a time on threads of their own: for blocking
    /// calls (an HTTP request each) that would otherwise wait one behind another. Dispatch's
    /// `concurrentPerform` runs as many at once as there are cores, which is the wrong width for waiting.
    func mapInParallel<T: Sendable>(width: Int, _ transform: @escaping @Sendable (Element) -> T) -> [T] {
        guard count > 1, width > 1 else { return map(transform) }
        let items = self
        let results = Locked<[T?]>(Array<T?>(repeating: nil, count: count))
        let next = Locked(0)
        let done = DispatchGroup()
        for _ in 0..<Swift.min(width, count) {
            done.enter()
            Thread {
                while true {
                    let index = next.withLock { index in
                        defer { index += 1 }
                        return index
                    }
                    guard index < items.count else { break }
                    let result = transform(items[index])
                    results.withLock { $0[index] = result }
                }
                done.leave()
            }.start()
        }
        done.wait()
        return results.withLock { $0.compactMap { $0 } }
    }
}
