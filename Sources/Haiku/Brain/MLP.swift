import HarmonixCore

/// A micrograd multilayer perceptron with tanh in **every** layer, output included
/// (haiku.md §2.6): MLP(5, [8, 1]) has 8×(5+1) + 1×(8+1) = 57 parameters.
///
/// Weights are drawn from N(0, sqrt(2/nin)), biases start at 0. Parameters are kept flat in the
/// order [layer][neuron][w0…wn−1, b], the order `mathbrain.json` stores.
public struct MLP: Sendable, Codable {
    public let sizes: [Int]
    /// Flat parameters, [layer][neuron][weights…, bias].
    public var parameters: [Double]

    /// An MLP with inputs `inputs` and layer widths `layers`, initialised from `rng`.
    public init(inputs: Int, layers: [Int], rng: inout SeededGenerator) {
        sizes = [inputs] + layers
        parameters = []
        for l in 0..<layers.count {
            let nin = sizes[l]
            let sigma = (2.0 / Double(nin)).squareRoot()
            for _ in 0..<sizes[l + 1] {
                for _ in 0..<nin { parameters.append(rng.nextGaussian() * sigma) }
                parameters.append(0)
            }
        }
    }

    /// Number of parameters (57 for MLP(5, [8, 1])).
    public var parameterCount: Int { parameters.count }
    /// Number of layers (2 for MLP(5, [8, 1])).
    public var layerCount: Int { sizes.count - 1 }

    /// The output for `x` without building a graph (inference).
    public func callAsFunction(_ x: [Double]) -> Double {
        TanhMLP.output(x, parameters: parameters, sizes: sizes, bias: .last)
    }

    /// The same forward pass as a `Value` graph over `params` (one `Value` per parameter).
    static func forward(_ x: [Double], params: [Value], sizes: [Int]) -> Value {
        var input = x.map { Value($0) }
        var p = 0
        for l in 0..<(sizes.count - 1) {
            let nin = sizes[l], nout = sizes[l + 1]
            var out: [Value] = []
            out.reserveCapacity(nout)
            for _ in 0..<nout {
                var acc = params[p + nin]   // bias
                for i in 0..<nin { acc = acc + params[p + i] * input[i] }
                out.append(acc.tanh())
                p += nin + 1
            }
            input = out
        }
        return input[0]
    }

    /// One SGD step on the squared error (mlp(x) − target)² of the raw tanh output: backprop,
    /// `p -= lr·grad`, then every parameter clamped to [−5, 5] (non-finite → 0). Returns the loss.
    public mutating func trainStep(_ x: [Double], target: Double, learningRate: Double) -> Double {
        let params = parameters.map { Value($0) }
        let out = MLP.forward(x, params: params, sizes: sizes)
        let diff = out - target
        let loss = diff * diff
        loss.backward()
        for i in 0..<parameters.count {
            var v = params[i].data - learningRate * params[i].grad
            if !v.isFinite { v = 0 }
            parameters[i] = min(5, max(-5, v))
        }
        return loss.data
    }
}
