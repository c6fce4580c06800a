extension Array {
    /// `count` items from `start`, going round: how a poller with more to ask than one round's batch
    /// reaches every item in turn instead of the same first ones each round.
    func inTurn(from start: Int, count: Int) -> [Element] {
        guard !isEmpty else { return [] }
        return (0..<Swift.min(count, self.count)).map { self[(start + $0) % self.count] }
    }
}
