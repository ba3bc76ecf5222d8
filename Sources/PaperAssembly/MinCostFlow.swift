/// Minimum-cost flow with lower bounds on arcs, for small networks (hundreds of nodes).
///
/// Lower bounds are removed by the standard reduction to a circulation with node demands, solved as a
/// min-cost flow from a super source to a super sink (Ahuja, Magnanti & Orlin, *Network Flows*, §6.7).
/// Augmentation is by successive shortest paths with Dijkstra on reduced costs (Johnson potentials), so arc
/// costs must be non-negative. Every run terminates: each augmentation saturates at least one arc of a
/// shortest path and the flow value is bounded by the total demand.
struct FlowNetwork {
    struct Arc {
        var to: Int
        var capacity: Int
        var cost: Int64
        /// Index of the reverse arc in `arcs[to]`.
        var reverse: Int
        /// Index into `bounds` for arcs that carry a constraint; -1 for residual and helper arcs.
        var constraint: Int
    }

    /// A constraint arc as given, for reading the solution and explaining infeasibility.
    struct Bound {
        var from: Int
        var to: Int
        var lower: Int
        var upper: Int
        /// Where its reduced arc lives: `arcs[from][index]`.
        var index: Int
        /// The caller's meaning of the arc (an index into its own table of constraints).
        var tag: Int
    }

    private(set) var arcs: [[Arc]]
    private(set) var bounds: [Bound] = []
    private var demand: [Int]

    init(nodes: Int) {
        arcs = Array(repeating: [], count: nodes)
        demand = Array(repeating: 0, count: nodes)
    }

    var nodeCount: Int { arcs.count }

    /// Adds an arc that must carry between `lower` and `upper` units at `cost` each; returns its bound index.
    @discardableResult
    mutating func addArc(from: Int, to: Int, lower: Int = 0, upper: Int, cost: Int64 = 0, tag: Int = -1) -> Int {
        precondition(lower >= 0 && lower <= upper && cost >= 0, "arc bounds must satisfy 0 ≤ lower ≤ upper")
        let index = addRawArc(from: from, to: to, capacity: upper - lower, cost: cost, constraint: bounds.count)
        bounds.append(Bound(from: from, to: to, lower: lower, upper: upper, index: index, tag: tag))
        demand[to] += lower
        demand[from] -= lower
        return bounds.count - 1
    }

    private mutating func addRawArc(from: Int, to: Int, capacity: Int, cost: Int64, constraint: Int) -> Int {
        let forward = arcs[from].count
        let backward = arcs[to].count + (from == to ? 1 : 0)
        arcs[from].append(Arc(to: to, capacity: capacity, cost: cost, reverse: backward, constraint: constraint))
        arcs[to].append(Arc(to: from, capacity: 0, cost: -cost, reverse: forward, constraint: -1))
        return forward
    }

    /// The flow on a constraint arc after `solve`.
    func flow(onBound index: Int) -> Int {
        let bound = bounds[index]
        let arc = arcs[bound.from][bound.index]
        return bound.lower + (bound.upper - bound.lower - arc.capacity)
    }

    enum Outcome {
        case feasible(cost: Int64)
        /// The bound arcs that cross a minimum cut — each with whether its upper bound (true) or its lower bound
        /// limits — and how many units the demand exceeds what the cut lets through.
        case infeasible(blocking: [(bound: Int, upper: Bool)], shortfall: Int)
    }

    /// Finds a minimum-cost flow meeting every bound, with a circulation arc from `sink` back to `source`.
    mutating func solve(source: Int, sink: Int) -> Outcome {
        let superSource = arcs.count
        let superSink = arcs.count + 1
        arcs.append([])
        arcs.append([])
        _ = addRawArc(from: sink, to: source, capacity: Int.max / 4, cost: 0, constraint: -1)
        var required = 0
        for node in 0..<demand.count where demand[node] != 0 {
            if demand[node] > 0 {
                _ = addRawArc(from: superSource, to: node, capacity: demand[node], cost: 0, constraint: -1)
                required += demand[node]
            } else {
                _ = addRawArc(from: node, to: superSink, capacity: -demand[node], cost: 0, constraint: -1)
            }
        }
        var potential = [Int64](repeating: 0, count: arcs.count)
        var sent = 0
        var totalCost: Int64 = 0
        let nodes = arcs.count
        var distance = [Int64](repeating: 0, count: nodes)
        var previousNode = [Int](repeating: -1, count: nodes)
        var previousArc = [Int](repeating: -1, count: nodes)
        while sent < required {
            // Dijkstra on reduced costs from the super source.
            for node in 0..<nodes {
                distance[node] = .max
                previousNode[node] = -1
            }
            distance[superSource] = 0
            var heap = MinHeap()
            heap.push(0, superSource)
            while let (d, node) = heap.pop() {
                if d > distance[node] { continue }
                // Nodes farther than the sink cannot improve this path; their potentials are capped below.
                if node == superSink { break }
                for (index, arc) in arcs[node].enumerated() where arc.capacity > 0 {
                    let reduced = arc.cost + potential[node] - potential[arc.to]
                    let candidate = d + reduced
                    if candidate < distance[arc.to] {
                        distance[arc.to] = candidate
                        previousNode[arc.to] = node
                        previousArc[arc.to] = index
                        heap.push(candidate, arc.to)
                    }
                }
            }
            guard distance[superSink] != .max else { break }
            // Johnson potentials with early exit: min(d(v), d(sink)) keeps every reduced cost non-negative.
            let sinkDistance = distance[superSink]
            // Undiscovered nodes count as farther than the sink.
            for node in 0..<nodes { potential[node] += min(distance[node], sinkDistance) }
            // Augment by the bottleneck of the path.
            var amount = required - sent
            var node = superSink
            while node != superSource {
                let arc = arcs[previousNode[node]][previousArc[node]]
                amount = min(amount, arc.capacity)
                node = previousNode[node]
            }
            node = superSink
            while node != superSource {
                let from = previousNode[node]
                let index = previousArc[node]
                arcs[from][index].capacity -= amount
                let reverse = arcs[from][index].reverse
                arcs[node][reverse].capacity += amount
                totalCost += Int64(amount) * arcs[from][index].cost
                node = from
            }
            sent += amount
        }
        if sent == required { return .feasible(cost: totalCost) }
        return .infeasible(blocking: minimumCut(from: superSource), shortfall: required - sent)
    }

    /// Constraint arcs that limit the flow: saturated arcs leaving, and lower-bounded arcs entering, the set of
    /// nodes still reachable from the super source in the residual network.
    private func minimumCut(from start: Int) -> [(bound: Int, upper: Bool)] {
        var reachable = [Bool](repeating: false, count: arcs.count)
        var stack = [start]
        reachable[start] = true
        while let node = stack.popLast() {
            for arc in arcs[node] where arc.capacity > 0 && !reachable[arc.to] {
                reachable[arc.to] = true
                stack.append(arc.to)
            }
        }
        var blocking: [(bound: Int, upper: Bool)] = []
        for (index, bound) in bounds.enumerated() {
            let leaves = reachable[bound.from] && !reachable[bound.to]
            let enters = !reachable[bound.from] && reachable[bound.to] && bound.lower > 0
            if leaves || enters { blocking.append((index, leaves)) }
        }
        return blocking
    }
}

/// A binary min-heap of (distance, node) pairs for Dijkstra.
struct MinHeap {
    private var items: [(Int64, Int)] = []

    mutating func push(_ key: Int64, _ value: Int) {
        items.append((key, value))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[parent].0 <= items[child].0 { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    mutating func pop() -> (Int64, Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count, items[left].0 < items[smallest].0 { smallest = left }
                if right < items.count, items[right].0 < items[smallest].0 { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
