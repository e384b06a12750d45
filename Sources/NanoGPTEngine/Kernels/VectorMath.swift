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

    /// exp, lane by lane, on one 8-lane vector or on four side by side (``Lanes4``: one vector's exp
    /// is a chain of ~20 dependent operations and the scheduler holds only a few such chains, so
    /// four independent ones, interleaved operation by operation, keep the vector ports busier;
    /// every lane sees the same operations).
    @inline(__always)
    static func exp<W: ExpLanes>(_ x: W) -> W {
        let c = x.clamped(below: -87.3, above: 88.3)
        // n = round(c·log2 e) by the 1.5·2²³ trick: adding it rounds to an integer held in the
        // low mantissa bits, so the integer comes out of a bit cast (Swift's Float→Int32 SIMD
        // conversion is a generic per-lane call).
        let magic = W(repeating: 0x1.8p23)
        let shifted = c * W(repeating: 1.442_695_04) + magic
        let n = shifted - magic
        var r = c - n * W(repeating: 0.693_359_375)
        r = r + n * W(repeating: 2.121_944_4e-4)
        var p = W(repeating: 1.987_569_15e-4)
        p = p * r + W(repeating: 1.398_199_950_7e-3)
        p = p * r + W(repeating: 8.333_451_907_3e-3)
        p = p * r + W(repeating: 4.166_579_589_4e-2)
        p = p * r + W(repeating: 1.666_666_545_9e-1)
        p = p * r + W(repeating: 5.000_000_120_1e-1)
        p = p * (r * r) + r + W(repeating: 1)
        return p * shifted.powerOfTwoFromShiftedInteger()
    }

    /// GELU, tanh form: 0.5·x·(1 + tanh(u)), u = sqrt(2/π)·(x + 0.044715·x³), computed as the
    /// identical x / (1 + e^{−2u}) (one exp, one division).
    @inline(__always)
    static func gelu<W: ExpLanes>(_ x: W) -> W {
        let u = W(repeating: -1.595_769_121_6) * (x + W(repeating: 0.044_715) * x * x * x)
        return x / (W(repeating: 1) + exp(u))
    }

    /// In place over `rows` rows of `width` floats (width a multiple of 8), row stride `ld`; four
    /// vectors at a time while they last (see ``exp(_:)``).
    static func geluRows(_ p: UnsafeMutablePointer<Float>, rows: Int, width: Int, ld: Int) {
        for r in 0..<rows {
            let row = UnsafeMutableRawPointer(p + r &* ld)
            var j = 0
            while j &+ 32 <= width {
                let v = Lanes4(row + j &* 4)
                gelu(v).store(row + j &* 4)
                j &+= 32
            }
            while j < width {
                let v = row.loadUnaligned(fromByteOffset: j &* 4, as: V.self)
                row.storeBytes(of: gelu(v), toByteOffset: j &* 4, as: V.self)
                j &+= 8
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
        let s4 = Lanes4(repeating: scale), m4 = Lanes4(repeating: maxValue * scale)
        j = 0
        while j &+ 32 <= width {
            exp(Lanes4(raw + j &* 4) * s4 - m4).store(raw + j &* 4)
            j &+= 32
        }
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

/// What ``VectorMath/exp(_:)`` and ``VectorMath/gelu(_:)`` need of their lanes: one 8-lane vector,
/// or ``Lanes4``.
protocol ExpLanes {
    init(repeating value: Float)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    /// x < low ? low : x, then > high ? high : (as masks: NaN stays NaN).
    func clamped(below low: Float, above high: Float) -> Self
    /// For c·log2 e + 1.5·2²³ (an integer n in the low mantissa bits): 2ⁿ built in the exponent bits.
    func powerOfTwoFromShiftedInteger() -> Self
}

extension SIMD8: ExpLanes where Scalar == Float {
    /// With masks: the standard library's `clamped`/`pointwiseMin` are not specialised into
    /// single instructions.
    @inline(__always)
    func clamped(below low: Float, above high: Float) -> SIMD8<Float> {
        var c = replacing(with: low, where: self .< SIMD8(repeating: low))
        c.replace(with: high, where: c .> SIMD8(repeating: high))
        return c
    }

    @inline(__always)
    func powerOfTwoFromShiftedInteger() -> SIMD8<Float> {
        let integer = unsafeBitCast(self, to: SIMD8<Int32>.self) &- 0x4B40_0000
        return unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
    }
}

/// Four 8-lane vectors side by side; every operation is applied to the four in turn, so four
/// independent chains reach the scheduler interleaved.
struct Lanes4: ExpLanes {
    typealias V = SIMD8<Float>
    var a, b, c, d: V

    @inline(__always) init(_ a: V, _ b: V, _ c: V, _ d: V) { (self.a, self.b, self.c, self.d) = (a, b, c, d) }
    @inline(__always) init(repeating value: Float) { let v = V(repeating: value); self.init(v, v, v, v) }
    @inline(__always) init(_ p: UnsafeMutableRawPointer) {
        self.init(p.loadUnaligned(as: V.self), p.loadUnaligned(fromByteOffset: 32, as: V.self),
                  p.loadUnaligned(fromByteOffset: 64, as: V.self), p.loadUnaligned(fromByteOffset: 96, as: V.self))
    }
    @inline(__always) func store(_ p: UnsafeMutableRawPointer) {
        p.storeBytes(of: a, as: V.self)
        p.storeBytes(of: b, toByteOffset: 32, as: V.self)
        p.storeBytes(of: c, toByteOffset: 64, as: V.self)
        p.storeBytes(of: d, toByteOffset: 96, as: V.self)
    }
    @inline(__always) static func + (x: Lanes4, y: Lanes4) -> Lanes4 { Lanes4(x.a + y.a, x.b + y.b, x.c + y.c, x.d + y.d) }
    @inline(__always) static func - (x: Lanes4, y: Lanes4) -> Lanes4 { Lanes4(x.a - y.a, x.b - y.b, x.c - y.c, x.d - y.d) }
    @inline(__always) static func * (x: Lanes4, y: Lanes4) -> Lanes4 { Lanes4(x.a * y.a, x.b * y.b, x.c * y.c, x.d * y.d) }
    @inline(__always) static func / (x: Lanes4, y: Lanes4) -> Lanes4 { Lanes4(x.a / y.a, x.b / y.b, x.c / y.c, x.d / y.d) }
    @inline(__always) func clamped(below low: Float, above high: Float) -> Lanes4 {
        Lanes4(a.clamped(below: low, above: high), b.clamped(below: low, above: high),
               c.clamped(below: low, above: high), d.clamped(below: low, above: high))
    }
    @inline(__always) func powerOfTwoFromShiftedInteger() -> Lanes4 {
        Lanes4(a.powerOfTwoFromShiftedInteger(), b.powerOfTwoFromShiftedInteger(),
               c.powerOfTwoFromShiftedInteger(), d.powerOfTwoFromShiftedInteger())
    }
}
