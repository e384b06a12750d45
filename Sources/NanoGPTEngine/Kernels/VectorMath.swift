#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Element-wise kernels of the forward pass on 8-lane vectors: exp, tanh-GELU, LayerNorm, softmax.
///
/// Scalar `expf`/`tanhf` would dominate a step (≈ 100 k GELUs and ≈ 50 k exps per 64-row step),
/// so exp is computed in-lane: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6 polynomial
/// (Cephes `expf` coefficients, ≈ 1 ulp), 2ⁿ built in the exponent bits.
enum VectorMath {
    typealias V = SIMD8<Float>

    @inline(__always)
    static func exp(_ x: V) -> V {
        // Clamp with masks: `clamped`/`pointwiseMin` are not specialised into single instructions.
        var c = x.replacing(with: -87.3, where: x .< V(repeating: -87.3))
        c.replace(with: 88.3, where: c .> V(repeating: 88.3))
        // n = round(c·log2 e) by the 1.5·2²³ trick: adding it rounds to an integer held in the
        // low mantissa bits, so the integer comes out of a bit cast (Swift's Float→Int32 SIMD
        // conversion is a generic per-lane call).
        let magic = V(repeating: 0x1.8p23)
        let shifted = c * V(repeating: 1.442_695_04) + magic
        let n = shifted - magic
        var r = c - n * V(repeating: 0.693_359_375)
        r = r + n * V(repeating: 2.121_944_4e-4)
        var p = V(repeating: 1.987_569_15e-4)
        p = p * r + V(repeating: 1.398_199_950_7e-3)
        p = p * r + V(repeating: 8.333_451_907_3e-3)
        p = p * r + V(repeating: 4.166_579_589_4e-2)
        p = p * r + V(repeating: 1.666_666_545_9e-1)
        p = p * r + V(repeating: 5.000_000_120_1e-1)
        p = p * (r * r) + r + V(repeating: 1)
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let bits = (integer &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: V.self)
    }

    /// GELU, tanh form: 0.5·x·(1 + tanh(u)), u = sqrt(2/π)·(x + 0.044715·x³), computed as the
    /// identical x / (1 + e^{−2u}) (one exp, one division).
    @inline(__always)
    static func gelu(_ x: V) -> V {
        let u = V(repeating: -1.595_769_121_6) * (x + V(repeating: 0.044_715) * x * x * x)
        return x / (V(repeating: 1) + exp(u))
    }

    /// In place over `rows` rows of `width` floats (width a multiple of 8), row stride `ld`.
    static func geluRows(_ p: UnsafeMutablePointer<Float>, rows: Int, width: Int, ld: Int) {
        for r in 0..<rows {
            let row = UnsafeMutableRawPointer(p + r &* ld)
            var j = 0
            while j < width {
                let v = row.loadUnaligned(fromByteOffset: j &* 4, as: V.self)
                row.storeBytes(of: gelu(v), toByteOffset: j &* 4, as: V.self)
                j += 8
            }
        }
    }

    /// out[r] = (x[r] − mean)/sqrt(var + eps)·weight + bias over 128 features, biased variance.
    static func layerNorm(
        _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, rows: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float
    ) {
        let width = NanoGPTConfig.embedding
        let w = UnsafeRawPointer(weight), b = UnsafeRawPointer(bias)
        for r in 0..<rows {
            let src = UnsafeRawPointer(x + r &* width)
            let dst = UnsafeMutableRawPointer(out + r &* width)
            var s0 = V(), s1 = V()
            var j = 0
            while j < width {
                s0 += src.loadUnaligned(fromByteOffset: j &* 4, as: V.self)
                s1 += src.loadUnaligned(fromByteOffset: j &* 4 &+ 32, as: V.self)
                j += 16
            }
            let mean = (s0 + s1).sum() / Float(width)
            let m = V(repeating: mean)
            var q0 = V(), q1 = V()
            j = 0
            while j < width {
                let d0 = src.loadUnaligned(fromByteOffset: j &* 4, as: V.self) - m
                let d1 = src.loadUnaligned(fromByteOffset: j &* 4 &+ 32, as: V.self) - m
                q0 += d0 * d0
                q1 += d1 * d1
                j += 16
            }
            let variance = (q0 + q1).sum() / Float(width)
            let inv = V(repeating: 1 / (variance + epsilon).squareRoot())
            j = 0
            while j < width {
                let v = (src.loadUnaligned(fromByteOffset: j &* 4, as: V.self) - m) * inv
                let y = v * w.loadUnaligned(fromByteOffset: j &* 4, as: V.self) + b.loadUnaligned(fromByteOffset: j &* 4, as: V.self)
                dst.storeBytes(of: y, toByteOffset: j &* 4, as: V.self)
                j += 8
            }
        }
    }

    /// Causal softmax of one score row in place: entries 0...last get exp(scale·(s − max))/Σ,
    /// entries last+1 ..< width (a multiple of 8) become exactly 0, so a following P·V may run
    /// over them. Masks are written with scalar stores (SIMD integer masks are not specialised).
    static func causalSoftmaxRow(_ row: UnsafeMutablePointer<Float>, last: Int, width: Int, scale: Float) {
        let raw = UnsafeMutableRawPointer(row)
        let valid = last &+ 1
        var maxValue = row[0]
        var j = 1
        while j < valid {
            maxValue = row[j] > maxValue ? row[j] : maxValue
            j &+= 1
        }
        j = valid
        while j < width {
            row[j] = -Float.infinity
            j &+= 1
        }
        let sv = V(repeating: scale), mv = V(repeating: maxValue * scale)
        j = 0
        while j < width {
            let e = exp(raw.loadUnaligned(fromByteOffset: j &* 4, as: V.self) * sv - mv)
            raw.storeBytes(of: e, toByteOffset: j &* 4, as: V.self)
            j &+= 8
        }
        j = valid
        while j < width {
            row[j] = 0
            j &+= 1
        }
        var total = V()
        j = 0
        while j < width {
            total += raw.loadUnaligned(fromByteOffset: j &* 4, as: V.self)
            j &+= 8
        }
        let inv = V(repeating: 1 / total.sum())
        j = 0
        while j < width {
            raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: j &* 4, as: V.self) * inv, toByteOffset: j &* 4, as: V.self)
            j &+= 8
        }
    }
}
