import HarmonixCore

/// `harmonix stress` (issue 11): N cascades with K in flight over one shared set of fields per
/// mode, an observer reading the fields meanwhile, then the invariants of `cascade.md` §3.5, and
/// throughput at K next to K = 1 measured in the same command.
public struct StressOptions: Sendable {
    public var cascades: Int
    public var inFlight: Int
    public var seed: UInt64?
    /// Fields are left here (`<dir>/k<K>/<mode>/`); nil: a temporary folder, removed at the end.
    public var keepDirectory: String?
    /// Seconds a cascade may take before `progress` counts it (nil: 300 s at K = 1, then
    /// max(60 s, 4·K·p90 at K = 1)).
    public var bound: Double?
    /// Also measure K = 1 (same cascades, fresh fields) when K > 1.
    public var measureSerial: Bool
    /// Test-only fault in force during the run (``FieldFault``).
    public var fault: FieldFault
    /// Rounds of the K and K = 1 phases, alternating their order (K=1, K; K, K=1; …), each on fresh
    /// fields: repeated interleaved measurements, so each throughput figure gets a range.
    public var rounds: Int = 1

    public init(cascades: Int, inFlight: Int, seed: UInt64? = nil, keepDirectory: String? = nil, bound: Double? = nil,
                measureSerial: Bool = true, fault: FieldFault = .none) {
        self.cascades = cascades
        self.inFlight = inFlight
        self.seed = seed
        self.keepDirectory = keepDirectory
        self.bound = bound
        self.measureSerial = measureSerial
        self.fault = fault
    }
}
