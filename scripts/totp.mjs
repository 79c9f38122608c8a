// RFC 6238 TOTP as an authenticator app computes it (SHA1, 6 digits, 30 s), and the
// RFC 4648 base32 its secrets come in. Shared by the test front (scripts/aws-rules.mjs)
// and the end-to-end tests.
import { createHmac } from 'node:crypto';

/** RFC 4648 base32 (case-insensitive, unpadded); trailing bits are dropped. */
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let acc = 0;
  const out = [];
  for (const c of text.toUpperCase().replace(/[=\s]/g, '')) {
    const value = alphabet.indexOf(c);
    if (value < 0) throw new Error(`not base32: ${c}`);
    acc = ((acc << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The code an authenticator app shows for `secret` at `unixSeconds`. */
export function totp(secret, unixSeconds = Math.floor(Date.now() / 1000)) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[19] & 0x0f;
  const value = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, '0');
}
