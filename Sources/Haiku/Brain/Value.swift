import HarmonixCore

/// A scalar with reverse-mode autograd ("micrograd"): the building block of MathBrain and of
/// the recursive RAE selector (haiku.md §2.6).
///
/// ```swift
/// let a = Value(2), b = Value(3)
/// let c = a * b
/// c.backward()      // a.grad == 3, b.grad == 2
/// ```
///
/// A reference type because the graph shares nodes; gradients accumulate across uses.
public final class Value {
    public var data: Double
    public var grad: Double = 0
    let children: [Value]
    /// Local derivative of this node with respect to each child (same order as `children`).
    let localGrads: [Double]

    public init(_ data: Double) {
        self.data = data
        children = []
        localGrads = []
    }

    init(_ data: Double, children: [Value], localGrads: [Double]) {
        self.data = data
        self.children = children
        self.localGrads = localGrads
    }

    public static func + (lhs: Value, rhs: Value) -> Value {
        Value(lhs.data + rhs.data, children: [lhs, rhs], localGrads: [1, 1])
    }

    public static func * (lhs: Value, rhs: Value) -> Value {
        Value(lhs.data * rhs.data, children: [lhs, rhs], localGrads: [rhs.data, lhs.data])
    }

    public static func + (lhs: Value, rhs: Double) -> Value { lhs + Value(rhs) }
    public static func * (lhs: Value, rhs: Double) -> Value { lhs * Value(rhs) }
    public static prefix func - (v: Value) -> Value { v * -1 }
    public static func - (lhs: Value, rhs: Value) -> Value { lhs + (-rhs) }
    public static func - (lhs: Value, rhs: Double) -> Value { lhs + (-rhs) }
    public static func / (lhs: Value, rhs: Value) -> Value { lhs * rhs.pow(-1) }

    /// `self ** exponent` for a constant exponent.
    public func pow(_ exponent: Double) -> Value {
        Value(Libm.pow(data, exponent), children: [self], localGrads: [exponent * Libm.pow(data, exponent - 1)])
    }

    public func tanh() -> Value {
        let t = Libm.tanh(data)
        return Value(t, children: [self], localGrads: [1 - t * t])
    }

    public func relu() -> Value {
        Value(data < 0 ? 0 : data, children: [self], localGrads: [data > 0 ? 1 : 0])
    }

    /// Back-propagates from this node (gradient 1) through a topological order of its graph.
    public func backward() {
        var order: [Value] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative post-order DFS (graphs are a few hundred nodes; no recursion-depth concerns).
        var stack: [(Value, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            if !visited.insert(ObjectIdentifier(node)).inserted { continue }
            stack.append((node, true))
            for child in node.children where !visited.contains(ObjectIdentifier(child)) {
                stack.append((child, false))
            }
        }
        grad = 1
        for node in order.reversed() {
            for (child, local) in zip(node.children, node.localGrads) {
                child.grad += local * node.grad
            }
        }
    }
}
