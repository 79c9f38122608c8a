// Known-answer vectors for Cognito's SRP, computed by amazon-cognito-identity-js
// (the AuthenticationHelper that Amplify and the AWS docs use) with fixed secret
// exponents and a seeded generator, so the output is the same on every run.
//
//   node scripts/srp-vectors.mjs            writes tests/fixtures/srp_vectors.json
//   node scripts/srp-vectors.mjs --check    fails if the committed file differs
//
// The cases aim at the padding traps behind intermittent NotAuthorized errors: values
// whose top bit is set, values with leading zero bytes, negative SALT and SRP_B,
// odd-length hex, non-ASCII names and passwords, long secret blocks, days 1 to 9.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { AuthenticationHelper } = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const OUT = new URL('../tests/fixtures/srp_vectors.json', import.meta.url);
const COUNT = 240;

// Seeded bytes: SHA-256 in counter mode.
let counter = 0;
function bytes(n) {
  const out = [];
  while (out.length < n) out.push(...createHash('sha256').update(`srp-vectors-${counter++}`).digest());
  return Buffer.from(out.slice(0, n));
}
const pick = (list) => list[bytes(1)[0] % list.length];
const hex = (buf) => buf.toString('hex');

/** Shapes a value: top bit set, leading zeros, odd-length hex, negative. */
function shaped(size, shape) {
  const b = bytes(size);
  if (shape === 'top-bit') b[0] |= 0x80;
  if (shape === 'no-top-bit') b[0] &= 0x7f;
  if (shape === 'leading-zeros') { b[0] = 0; b[1] = 0; }
  let text = hex(b);
  if (shape === 'odd-length') {
    text = text.replace(/^0+/, '');
    if (text.length % 2 === 0) text = text.slice(1);
  }
  if (shape === 'negative') text = `-${text}`;
  return text;
}

const SHAPES = ['top-bit', 'no-top-bit', 'leading-zeros', 'odd-length', 'negative'];
const USERS = ['alice', 'demo-sms', 'a1b2c3d4-5678-90ab-cdef-1234567890ab', 'ユーザー', 'josé', 'user+tag@example.com', '用户😀'];
const PASSWORDS = ['Passw0rd!', 'パスワード123!', 'pässwörd', 'a'.repeat(99), ' spaces in it ', '😀emoji😀1A'];
const POOLS = ['AbCdEf123', 'Zz9', 'abcdefghijklmnop1234'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function vector(i) {
  const poolName = pick(POOLS);
  const userId = pick(USERS);
  const password = pick(PASSWORDS);
  // Secret exponents: 32 bytes as this crate uses, 128 as the JS peers do, some short.
  const aShape = pick(['top-bit', 'no-top-bit', 'leading-zeros']);
  const aHex = shaped(pick([32, 32, 32, 128, 20]), aShape);
  const srpB = shaped(pick([384, 384, 383, 200]), SHAPES[i % SHAPES.length]);
  const salt = shaped(16, SHAPES[(i >> 1) % SHAPES.length]);
  const secretBlock = bytes(pick([16, 300, 1500])).toString('base64');
  const day = 1 + (i % 31);
  const timestamp = `${pick(WEEKDAYS)} ${pick(MONTHS)} ${day} ${String(i % 24).padStart(2, '0')}:0${i % 10}:${String(i % 60).padStart(2, '0')} UTC 2025`;

  const helper = new AuthenticationHelper(poolName);
  helper.smallAValue = new BigInteger(aHex, 16);
  helper.largeAValue = undefined;
  let srpA;
  helper.getLargeAValue((err, A) => { if (err) throw err; srpA = A.toString(16); });
  let key;
  helper.getPasswordAuthenticationKey(userId, password, new BigInteger(srpB, 16), new BigInteger(salt, 16), (err, hkdf) => {
    if (err) throw err;
    key = Buffer.from(hkdf);
  });
  const signature = createHmac('sha256', key)
    .update(Buffer.concat([
      Buffer.from(poolName, 'utf8'), Buffer.from(userId, 'utf8'),
      Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp, 'utf8'),
    ]))
    .digest('base64');
  return {
    poolName, userId, password, a: aHex, srpB, salt, secretBlock, timestamp,
    srpA, u: helper.UHexHash, key: hex(key), signature,
  };
}

const vectors = Array.from({ length: COUNT }, (_, i) => vector(i));
const text = `${JSON.stringify({
  generator: 'scripts/srp-vectors.mjs with amazon-cognito-identity-js ' + require('amazon-cognito-identity-js/package.json').version,
  vectors,
}, null, 1)}\n`;

if (process.argv.includes('--check')) {
  if (readFileSync(OUT, 'utf8') !== text) {
    console.error('tests/fixtures/srp_vectors.json differs from what the generator makes now');
    process.exit(1);
  }
  console.log(`srp vectors: ${COUNT} vectors match the generator`);
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${COUNT} vectors to tests/fixtures/srp_vectors.json`);
}
