/**
 * UTF-8 checks for lead input. Decoding replaces a malformed byte with U+FFFD without a word, so a lead
 * value would silently change; the readers check the bytes first (fast, `isUtf8`) and only look for the
 * place of a malformed byte when there is one.
 */
import { isUtf8 } from "node:buffer";

/** Whether the bytes are well-formed UTF-8. */
export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** The offset of the first byte that does not begin a well-formed UTF-8 sequence in `bytes[from, to)`, or -1. */
export function firstMalformedByte(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let i = from;
  while (i < to) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Sequence length and the allowed range of the second byte (no overlongs, surrogates or code points past U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > to) return i;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/** How many bytes at the end of `bytes` are the start of a sequence cut off by a chunk boundary (0-3). */
export function cutSequenceLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/** Characters (not bytes) in well-formed-or-not UTF-8 `bytes[from, to)`: every byte but continuation bytes. */
export function characterCount(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if ((bytes[i]! & 0xc0) !== 0x80) n++;
  return n;
}

/** The message for a malformed byte (one wording for CSV and NDJSON). */
export function malformedUtf8Message(line: number, column: number): { message: string; hint: string } {
  return {
    message: `line ${line}, column ${column}: the bytes are not valid UTF-8, so the row cannot be read as written`,
    hint: "Save the export as UTF-8 (in Excel: CSV UTF-8); leadrules does not guess other encodings. If the file was saved by Excel as 'CSV' on Windows, set encoding: windows-1252 in its profile.",
  };
}
