/// An element of a `PriorityQueue`: `precedes` is a strict order, true when `self` comes out
/// before `other`.
protocol QueueOrdered {
    func precedes(_ other: Self) -> Bool
}

/// A binary heap: `pop` returns the element that precedes all others.
struct PriorityQueue<Element: QueueOrdered> {
    private var heap: [Element] = []

    /// Adds an element.
    mutating func push(_ element: Element) {
        heap.append(element)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the first element, or nil when the queue is empty.
    mutating func pop() -> Element? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < heap.count, heap[left].precedes(heap[best]) { best = left }
                if right < heap.count, heap[right].precedes(heap[best]) { best = right }
                if best == parent { break }
                heap.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }
}
