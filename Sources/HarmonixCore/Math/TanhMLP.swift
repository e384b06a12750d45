/// The forward pass of the organisms' small perceptrons: every neuron `tanh(b + Σ w·x)`, output
/// layer included (HAiKU's MathBrain, SonnetBrain, ProseBrain).
///
/// Parameters are flat, layer by layer, neuron by neuron, each neuron's weights then its bias: the
/// order `mathbrain.json` and `sonnetbrain.json` store. Where the originals differ is the order of
/// the sum, which changes the last bit of the result: ``BiasOrder``.
///
/// ```swift
/// // 2 → 1: tanh(0.5·1 + 0.25·2 + 0.1)
/// TanhMLP.output([1, 2], parameters: [0.5, 0.25, 0.1], sizes: [2, 1], bias: .last)
/// ```
public enum TanhMLP {
    /// Where the bias enters a neuron's sum.
    public enum BiasOrder: Sendable, Hashable {
        /// `Σ w·x` from 0, then `+ b` (micrograd's `sum(wi*xi) + b` as HAiKU's and Sonnet's inference write it).
        case last
        /// `b + Σ w·x`, the bias first (ProseBrain's `sum((wi*xi for …), self.b)`).
        case first
    }

    /// The activations of every layer, the input first and the output last.
    public static func activations(_ input: [Double], parameters: [Double], sizes: [Int], bias: BiasOrder) -> [[Double]] {
        var layers = [input]
        var x = input
        var p = 0
        for layer in 1..<sizes.count {
            let nin = sizes[layer - 1], nout = sizes[layer]
            var y = [Double](repeating: 0, count: nout)
            for j in 0..<nout {
                var z: Double
                switch bias {
                case .last:
                    z = 0
                    for i in 0..<nin { z += parameters[p + i] * x[i] }
                    z += parameters[p + nin]
                case .first:
                    z = parameters[p + nin]
                    for i in 0..<nin { z += parameters[p + i] * x[i] }
                }
                y[j] = Libm.tanh(z)
                p += nin + 1
            }
            layers.append(y)
            x = y
        }
        return layers
    }

    /// The first output neuron's activation.
    public static func output(_ input: [Double], parameters: [Double], sizes: [Int], bias: BiasOrder) -> Double {
        activations(input, parameters: parameters, sizes: sizes, bias: bias)[sizes.count - 1][0]
    }
}
