/**
 * A file that is not a GGUF header Hearth will read: wrong magic, an unsupported version, a count or
 * length the file cannot hold, a header past the limits. The message says what and where, without
 * the file's path (callers add the model or file name).
 */
export class GgufFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GgufFormatError';
  }
}
