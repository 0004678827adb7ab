/**
 * What a GGUF header may claim before Hearth refuses to read it. Real headers are small: the largest
 * vocabularies (Gemma's 262,144 tokens, Qwen's 151,646 tokens plus ~151,000 merges) make 5–20 MB of
 * header and a few dozen keys; a model has at most a few thousand tensors (tens of thousands when
 * MoE experts are stored one tensor each). The limits sit one to two orders of magnitude above that.
 */
export interface GgufReadLimits {
  /** Bytes from the start of the file to the end of the tensor infos. Default 256 MiB. */
  maxHeaderBytes: number;
  /** Metadata key/value pairs. Default 65,536. */
  maxKeyValues: number;
  /** Tensor infos. Default 262,144. */
  maxTensors: number;
  /** Elements of one metadata array, nested arrays included. Default 16,777,216. */
  maxArrayLength: number;
  /** Arrays up to this long are returned as values; longer ones only as a summary. Default 4,096. */
  maxMaterializedArrayLength: number;
  /** Bytes of one key or string value that is returned. Default 16 MiB. */
  maxStringBytes: number;
  /** Bytes of all keys and strings returned together. Default 32 MiB. */
  maxMaterializedBytes: number;
  /** Bytes of a tensor name (ggml itself allows 63). Default 256. */
  maxTensorNameBytes: number;
  /** Depth of arrays inside arrays. Default 4. */
  maxArrayDepth: number;
  /** Wall-clock time for one read, in ms. Default 15,000. */
  timeoutMs: number;
}

export const defaultGgufReadLimits: GgufReadLimits = {
  maxHeaderBytes: 256 * 1024 * 1024,
  maxKeyValues: 65_536,
  maxTensors: 262_144,
  maxArrayLength: 16 * 1024 * 1024,
  maxMaterializedArrayLength: 4096,
  maxStringBytes: 16 * 1024 * 1024,
  maxMaterializedBytes: 32 * 1024 * 1024,
  maxTensorNameBytes: 256,
  maxArrayDepth: 4,
  timeoutMs: 15_000,
};
