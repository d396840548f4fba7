const encoder = new TextEncoder();

/** The original counts lengths with Go's len(), i.e. UTF-8 bytes, not characters. */
export function utf8Length(value: string): number {
  return encoder.encode(value).length;
}
