#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C math library's entry points, for modules that must not import Foundation (whose
/// overloads make bare `exp`, `log`, … ambiguous or slower to type-check) and so that every module
/// calls the same libm functions: the organisms' figures must equal the original's, which uses
/// the same libm.
///
/// ```swift
/// Libm.tanh(0.5)   // 0.46211715726000974
/// ```
public enum Libm {
    @inlinable @inline(__always) public static func exp(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.exp(x)
        #else
        Darwin.exp(x)
        #endif
    }

    @inlinable @inline(__always) public static func log(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.log(x)
        #else
        Darwin.log(x)
        #endif
    }

    @inlinable @inline(__always) public static func cos(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.cos(x)
        #else
        Darwin.cos(x)
        #endif
    }

    @inlinable @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double {
        #if canImport(Glibc)
        Glibc.pow(x, y)
        #else
        Darwin.pow(x, y)
        #endif
    }

    @inlinable @inline(__always) public static func tanh(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.tanh(x)
        #else
        Darwin.tanh(x)
        #endif
    }
}
