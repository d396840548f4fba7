/**
 * A text as an HTTP header value: as it is when it is printable ASCII, else percent-encoded
 * (UTF-8), as a URI component is. Header values are bytes: Node refuses characters beyond
 * Latin-1 and sends Latin-1 ones as bytes a UTF-8 reader takes for others, so a name like
 * `Łukasz` or `José` is written `%C5%81ukasz`, `Jos%C3%A9`.
 */
export function headerValue(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : encodeURIComponent(text);
}
