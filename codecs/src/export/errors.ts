/** A codec could not be exported (source missing, bundling failed, output not in the target's language). */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}
