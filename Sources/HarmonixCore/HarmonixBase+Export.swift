// Everything that imports the core also sees the engine base (seeded RNG, libm shims, clock, CPU
// check): those types moved to `HarmonixBase` only so the engines can use them without a database.
@_exported import HarmonixBase
