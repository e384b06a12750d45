// Prose's public API speaks in its engine's types (`LlamaEngine`, `GGUFFile`, `Sampler`): importing the
// organism brings the engine along.
@_exported import LlamaGGUF
