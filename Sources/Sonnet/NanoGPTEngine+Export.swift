// Sonnet's public API speaks in its engine's types (`SonnetEngine`, `SonnetWeights`, `SonnetError`):
// importing the organism brings the engine along.
@_exported import NanoGPTEngine
