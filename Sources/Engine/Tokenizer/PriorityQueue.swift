/// A binary heap: `pop` returns the element that precedes all others under `precedes`.
struct PriorityQueue<Element> {
    private var heap: [Element] = []
    private let precedes: (Element, Element) -> Bool

    /// An empty queue ordered by `precedes` (a strict order: true when the first comes out first).
    init(precedes: @escaping (Element, Element) -> Bool) {
        self.precedes = precedes
    }

    /// Adds an element.
    mutating func push(_ element: Element) {
        heap.append(element)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
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
                if left < heap.count, precedes(heap[left], heap[best]) { best = left }
                if right < heap.count, precedes(heap[right], heap[best]) { best = right }
                if best == parent { break }
                heap.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }
}
