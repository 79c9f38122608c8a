// An SRP-checking front for moto, which accepts any password claim. It sits before
// moto on 127.0.0.1 and plays Cognito's server side of USER_SRP_AUTH for real:
// InitiateAuth gets a PASSWORD_VERIFIER challenge built from a verifier of the
// user's password, and the PASSWORD_CLAIM_SIGNATURE and TIMESTAMP of the answer are
// checked; a wrong claim gets NotAuthorizedException as from Cognito. Everything
// else goes to moto unchanged. It is trusted because amazon-cognito-identity-js
// signs in through it too (tests/e2e/srp-front.test.mjs). npm start puts it before
// the demo emulator as well, so a wrong password fails there as it would on Cognito.
// Around all of it, scripts/aws-rules.mjs answers as AWS does where moto does not,
// token operations that Amplify portals call and moto lacks included.
import http from 'node:http';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { awsLayer, DEFAULT_RULES } from './aws-rules.mjs';

const N = BigInt('0x' +
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF');
const g = 2n;

function modPow(base, exp, m) {
  let r = 1n;
  base %= m;
  for (; exp > 0n; exp >>= 1n, base = (base * base) % m) if (exp & 1n) r = (r * base) % m;
  return r;
}
/** PAD for non-negative values: even-length hex, 00 first when the top bit is set. */
function pad(value) {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (/^[89a-f]/.test(hex)) hex = `00${hex}`;
  return Buffer.from(hex, 'hex');
}
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest();
const toBig = (buf) => BigInt(`0x${Buffer.from(buf).toString('hex') || '0'}`);
const k = toBig(sha256(pad(N), pad(g)));

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})$/;

/** Cognito's TIMESTAMP check: the exact format, a real weekday, within 5 minutes. */
export function timestampProblem(text, nowMs) {
  const m = TIMESTAMP.exec(text);
  if (!m) return `malformed TIMESTAMP ${JSON.stringify(text)}`;
  const [, weekday, month, day, hh, mm, ss, year] = m;
  const at = Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), Number(hh), Number(mm), Number(ss));
  if (WEEKDAYS[new Date(at).getUTCDay()] !== weekday) return `wrong weekday in ${text}`;
  if (Math.abs(at - nowMs) > 5 * 60 * 1000) return `TIMESTAMP ${text} is not now`;
  return null;
}

/** The faults the fault tests inject, by name (see inject()). */
export const FAULTS = ['http500', 'http503-html', 'throttle', 'drop', 'hang', 'malformed', 'html200', 'nocors', 'lost-answer'];

const notAuthorized = { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' };

/**
 * Starts the front. `pools` lists `{ poolId, clientId, passwords }` (usernames to
 * passwords); `now` is the clock the TIMESTAMP is checked against and sessions age
 * by (tests that move the browser's clock move it too). `fault(operation)` may
 * return a fault to inject instead of the answer (see FAULTS); the fault tests use
 * it. `rules` switches the AWS rules of scripts/aws-rules.mjs (all on by default).
 */
export function startSrpFront({ motoUrl, pools, now = () => Date.now(), fault = () => null, port = 0, rules = DEFAULT_RULES }) {
  const poolOf = (clientId) => pools.find((p) => p.clientId === clientId) ?? pools[0];
  const pending = new Map(); // our SECRET_BLOCK -> SRP state and moto's SECRET_BLOCK
  const stats = { challenges: 0, verified: 0, rejected: 0, problems: [] };

  const forward = async (target, body, headers = {}) => {
    const response = await fetch(motoUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };
  /** moto's admin API, for what AWS knows of a pool and the rules must look up: its
   *  answer as it is (the rules read some refusals), or (admin) its JSON or a throw. */
  const adminAnswer = (operation, body) =>
    forward(`AWSCognitoIdentityProviderService.${operation}`, body, {
      Authorization: 'AWS4-HMAC-SHA256 Credential=front/20260101/ap-northeast-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
    });
  const admin = async (operation, body) => {
    const answer = await adminAnswer(operation, body);
    if (answer.status !== 200) throw new Error(`${operation}: ${answer.status} ${answer.text}`);
    return answer.text ? JSON.parse(answer.text) : {};
  };
  const known = (clientId) => pools.find((p) => p.clientId === clientId);
  const aws = awsLayer({ rules, admin, adminAnswer, poolOf: known, now });
  stats.rules = aws.stats;

  async function handle(target, original) {
    const operation = target.split('.').pop();
    const { answer, body } = await aws.before(operation, original);
    if (answer) return answer;
    return aws.after(operation, body, original, await handleSrp(target, body));
  }

  async function handleSrp(target, body) {
    const operation = target.split('.').pop();
    if (operation === 'InitiateAuth' && body.AuthFlow === 'USER_SRP_AUTH') {
      const answer = await forward(target, body);
      if (answer.status !== 200) return answer;
      const moto = JSON.parse(answer.text);
      const params = moto.ChallengeParameters;
      const pool = poolOf(body.ClientId);
      const poolName = pool.poolId.split('_')[1];
      // On AWS USER_ID_FOR_SRP equals USERNAME; moto sends its internal id and then
      // accepts only USERNAME, which breaks clients that answer with USER_ID_FOR_SRP
      // (amazon-cognito-identity-js does). The front answers as AWS does.
      params.USER_ID_FOR_SRP = params.USERNAME;
      const userId = params.USER_ID_FOR_SRP;
      const password = pool.passwords[params.USERNAME];
      const salt = toBig(randomBytes(16));
      const x = toBig(sha256(pad(salt), sha256(`${poolName}${userId}:${password}`)));
      const v = modPow(g, x, N);
      const b = toBig(randomBytes(32));
      const B = (k * v + modPow(g, b, N)) % N;
      const secretBlock = randomBytes(64).toString('base64');
      pending.set(secretBlock, { motoBlock: params.SECRET_BLOCK, A: BigInt(`0x${body.AuthParameters.SRP_A}`), b, B, v, userId, poolName });
      stats.challenges += 1;
      params.SALT = salt.toString(16);
      params.SRP_B = B.toString(16);
      params.SECRET_BLOCK = secretBlock;
      return { status: 200, text: JSON.stringify(moto) };
    }
    if (operation === 'RespondToAuthChallenge' && body.ChallengeName === 'PASSWORD_VERIFIER') {
      const r = body.ChallengeResponses ?? {};
      const state = pending.get(r.PASSWORD_CLAIM_SECRET_BLOCK);
      pending.delete(r.PASSWORD_CLAIM_SECRET_BLOCK);
      const reject = (problem) => {
        stats.rejected += 1;
        stats.problems.push(problem);
        return { status: 400, text: JSON.stringify(notAuthorized) };
      };
      if (!state) return reject('unknown SECRET_BLOCK');
      const problem = timestampProblem(r.TIMESTAMP, now());
      if (problem) return reject(problem);
      const u = toBig(sha256(pad(state.A), pad(state.B)));
      const S = modPow((state.A * modPow(state.v, u, N)) % N, state.b, N);
      const key = Buffer.from(hkdfSync('sha256', pad(S), pad(u), 'Caldera Derived Key', 16));
      const expected = createHmac('sha256', key)
        .update(Buffer.concat([Buffer.from(state.poolName), Buffer.from(state.userId),
          Buffer.from(r.PASSWORD_CLAIM_SECRET_BLOCK, 'base64'), Buffer.from(r.TIMESTAMP)]))
        .digest('base64');
      if (expected !== r.PASSWORD_CLAIM_SIGNATURE) return reject('wrong PASSWORD_CLAIM_SIGNATURE');
      stats.verified += 1;
      r.PASSWORD_CLAIM_SECRET_BLOCK = state.motoBlock; // moto finds its session by it
      return forward(target, body);
    }
    return forward(target, body);
  }

  const hanging = new Set();
  const server = http.createServer((req, res) => {
    // Like Cognito, the preflight allows the headers asked for: the JS SDKs send
    // cache-control, amz-sdk-request and amz-sdk-invocation-id besides ours.
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'content-type, x-amz-target',
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Expose-Headers': 'x-amzn-ErrorType, x-amzn-RequestId, Date',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    let raw = '';
    req.on('data', (chunk) => { raw += chunk; });
    req.on('end', async () => {
      try {
        const target = req.headers['x-amz-target'] ?? '';
        const injected = fault(target.split('.').pop());
        if (injected && (await inject(injected, res, cors, () => handle(target, raw ? JSON.parse(raw) : {})))) return;
        const answer = await handle(target, raw ? JSON.parse(raw) : {});
        const headers = { ...cors, 'Content-Type': 'application/x-amz-json-1.1' };
        if (answer.status >= 400) {
          try { headers['x-amzn-ErrorType'] = JSON.parse(answer.text).__type; } catch { /* not JSON */ }
        }
        res.writeHead(answer.status, headers);
        res.end(answer.text);
      } catch (error) {
        res.writeHead(500, cors);
        res.end(JSON.stringify({ __type: 'InternalErrorException', message: String(error) }));
      }
    });
  });
  /** Answers with `kind` instead of Cognito; true when the answer is done. */
  async function inject(kind, res, cors, handleForReal) {
    const json = { ...cors, 'Content-Type': 'application/x-amz-json-1.1' };
    switch (kind) {
      case 'http500':
        res.writeHead(500, json);
        res.end(JSON.stringify({ __type: 'InternalErrorException', message: 'injected' }));
        return true;
      case 'http503-html':
        res.writeHead(503, { ...cors, 'Content-Type': 'text/html' });
        res.end('<html><body>Service Unavailable</body></html>');
        return true;
      case 'throttle':
        res.writeHead(400, json);
        res.end(JSON.stringify({ __type: 'TooManyRequestsException', message: 'Rate exceeded' }));
        return true;
      case 'drop':
        res.socket.destroy();
        return true;
      case 'hang':
        hanging.add(res); // never answered; closed with the server
        return true;
      case 'malformed': {
        res.writeHead(200, json);
        res.end('{"ChallengeName": "SMS_M');
        return true;
      }
      case 'html200':
        res.writeHead(200, { ...cors, 'Content-Type': 'text/html' });
        res.end('<!doctype html><title>Captive portal</title>');
        return true;
      case 'nocors': {
        const answer = await handleForReal();
        res.writeHead(answer.status, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(answer.text);
        return true;
      }
      case 'lost-answer':
        await handleForReal(); // it takes effect, but the answer never arrives
        res.socket.destroy();
        return true;
      default:
        return false;
    }
  }

  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        stats,
        close: () => new Promise((r) => {
          for (const res of hanging) res.socket?.destroy();
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}
