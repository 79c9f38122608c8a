// Where AWS answers differently from moto, the test front (scripts/srp-front.mjs)
// answers as AWS does. Each rule is named, says its public source, and can be switched
// off (or to another variant) by name, so that a test can show the page under each;
// every rule is on by default, for `npm start` and for every end-to-end test.
// docs/aws-differences.md lists the same rules with what the code does about each and
// the test that covers it; tests/e2e/aws-rules.test.mjs holds the two lists together.
import { createHmac, randomBytes } from 'node:crypto';
import { totp } from './totp.mjs';

/** The rules, by name: what AWS does, what moto does, and where AWS's way is written. */
export const RULES = {
  'verify-code-mismatch-type': {
    aws: 'A wrong code at VerifySoftwareToken is EnableSoftwareTokenMFAException, "Code mismatch and fail enable Software Token MFA".',
    moto: 'CodeMismatchException.',
    source: 'botocore cognito-idp service model (EnableSoftwareTokenMFAException: "thrown when there is a code mismatch"); aws-samples/aws-amplify-auth-starters#15; aws-amplify/amplify-flutter#4532',
  },
  'totp-one-step-skew': {
    aws: 'A TOTP code of the 30 s step before or after the current one is accepted.',
    moto: 'The current step only.',
    source: 'aws-amplify/amplify-js#3873 (AWS: codes are accepted a short time after their window, RFC 6238 section 5.2); Cognito developer guide, TOTP MFA',
  },
  'sms-settings-need-phone': {
    aws: 'SetUserMFAPreference with any SMSMfaSettings, Enabled: false included, is InvalidParameterException "User does not have a phone_number set to turn on SMS MFA" for a user without a phone number.',
    moto: 'Accepted.',
    source: 'aws-amplify/amplify-js#618, #806, #846 (Amplify now leaves the SMS block out unless asked)',
  },
  'mfa-required-keeps-sms': {
    aws: 'In a pool whose MFA is required (ON), SMS cannot be turned off for a user: "you can only set the type that your user prefers". Whether the call is refused or SMS is kept is not documented: variant "keep" (default) keeps SMS enabled, "refuse" answers InvalidParameterException.',
    moto: 'Turns SMS off.',
    source: 'Cognito API reference, SMSMfaSettingsType',
  },
  'token-scope': {
    aws: 'A call authorized by an access token whose scope lacks aws.cognito.signin.user.admin is NotAuthorizedException "Access Token does not have required scopes".',
    moto: 'Not checked.',
    source: 'aws-amplify/amplify-js#1906; aws-amplify/aws-sdk-android#1813; Cognito developer guide, "Using the access token"',
  },
  'single-use-sessions': {
    aws: 'Each answer carries a new Session; a Session that led to an answer cannot be used again ("Invalid session for the user, session can only be used once."), and one older than the app client\'s auth session validity (3 minutes by default) is "Invalid session for the user, session is expired.". A wrong code leaves the challenge standing.',
    moto: 'Keeps one session for a whole sign-in, never expires it, and answers a used one with ResourceNotFoundException.',
    source: 'aws-amplify/amplify-js#14330; reapit/foundations#9684; Cognito API reference, RespondToAuthChallenge (Session) and UserPoolClientType (AuthSessionValidity)',
  },
  'mfa-required-sms-challenge': {
    aws: 'In a pool whose MFA is required and allows SMS, a user with a phone number is asked for an SMS code (SMS_MFA), even when UserMFASettingList lists nothing; MFA_SETUP is for users with no factor to use.',
    moto: 'Asks every user without a verified software token for MFA_SETUP after USER_SRP_AUTH.',
    source: 'aws-amplify/amplify-js#11258; aws-amplify/amplify-js#11259',
  },
  'internal-username': {
    aws: 'After USER_PASSWORD_AUTH, challenges name the user by USER_ID_FOR_SRP (the internal username, not the alias or casing typed), and a SECRET_HASH in the answers must be made from that name ("Unable to verify secret hash for client ...").',
    moto: 'Sends no user name in SMS_MFA and SOFTWARE_TOKEN_MFA challenges and checks SECRET_HASH against whatever USERNAME comes back.',
    source: 'qwigo/warrant#74; aws-amplify/aws-sdk-android#2265; alexrudd/cognito-srp#1',
  },
  'refresh-token-operation': {
    aws: 'GetTokensFromRefreshToken { RefreshToken, ClientId, ClientSecret? } answers AuthenticationResult { AccessToken, ExpiresIn, TokenType, IdToken } (and a RefreshToken only where refresh-token rotation is on). A revoked refresh token is NotAuthorizedException "Refresh Token has been revoked", one never issued "Invalid Refresh Token", here and at InitiateAuth REFRESH_TOKEN_AUTH.',
    moto: 'No GetTokensFromRefreshToken (an HTML 500). REFRESH_TOKEN_AUTH calls a refresh token it never issued "revoked".',
    source: 'Cognito API reference, GetTokensFromRefreshToken; aws-amplify/amplify-js#14427 (Amplify JS refreshes with it); aws/aws-sdk-java-v2#1687 ("Invalid Refresh Token"); aws/aws-sdk-net#1936 ("Refresh Token has been revoked"); furaiev/amazon-cognito-identity-dart-2#164 (a refresh without the client secret)',
  },
  'global-sign-out': {
    aws: 'GlobalSignOut { AccessToken } answers {} and revokes every token the user holds: a call authorized by an earlier access token of theirs is NotAuthorizedException "Access Token has been revoked" (GlobalSignOut included), a refresh with an earlier refresh token "Refresh Token has been revoked"; the tokens of a later sign-in work.',
    moto: 'Looks the token up only in the region of the request\'s credentials, which an unsigned call has none of: NotAuthorizedException (the token as message), and nothing is revoked. Where it does sign out, the old access token is "Invalid token".',
    source: 'Cognito API reference, GlobalSignOut; Cognito developer guide, "Using the refresh token"',
  },
  'revoke-token': {
    aws: 'RevokeToken { Token, ClientId, ClientSecret? } answers {} and revokes that refresh token and every access token issued from it (same origin_jti); the user\'s other sign-ins keep theirs. An unknown or already revoked token is answered {} as well; an access or ID token is UnsupportedTokenTypeException, a missing or wrong client secret UnauthorizedException, an app client without token revocation UnsupportedOperationException.',
    moto: 'No RevokeToken (an HTML 500).',
    source: 'Cognito API reference, RevokeToken; Cognito developer guide, "Ending user sessions with token revocation"; Cognito developer guide, revoke endpoint (an invalid token is HTTP 200)',
  },
};

/** What `startSrpFront` plays by default: every rule, with its default variant. */
export const DEFAULT_RULES = Object.freeze(
  Object.fromEntries(Object.keys(RULES).map((name) => [name, name === 'mfa-required-keeps-sms' ? 'keep' : true])),
);

const MOTO_TOTP_SECRET = 'ASDFASDFASDF'; // moto's one secret for every user
const REQUIRED_SCOPE = 'aws.cognito.signin.user.admin';
/** The operations whose body names the user by an access token. */
const TOKEN_OPERATIONS = new Set([
  'GetUser', 'AssociateSoftwareToken', 'VerifySoftwareToken', 'SetUserMFAPreference', 'GlobalSignOut',
  'UpdateUserAttributes', 'DeleteUser', 'ChangePassword',
]);
const SESSION_OPERATIONS = new Set(['RespondToAuthChallenge', 'AssociateSoftwareToken', 'VerifySoftwareToken']);
const REFRESH_FLOWS = new Set(['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']); // moto takes both, as AWS does
const ok = (json) => ({ status: 200, text: JSON.stringify(json) });

const error = (type, message) => ({ status: 400, text: JSON.stringify({ __type: type, message }) });
const parsed = (answer) => { try { return JSON.parse(answer.text); } catch { return null; } };

/** The claims of a JWT, unverified; null when it is not one. */
export function jwtClaims(token) {
  try {
    return JSON.parse(Buffer.from(String(token).split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** `token` with its `scope` claim replaced, as managed login issues tokens for
 *  `openid email` (the signature no longer matches; the rule refuses it first). */
export function withScope(token, scope) {
  const [header, , signature] = token.split('.');
  const claims = { ...jwtClaims(token), scope };
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

/**
 * The rules as a layer around the front's handler. `rules` maps names to true, false
 * or a variant; `admin(operation, body)` calls moto's admin API (its JSON, or a throw),
 * `adminAnswer(operation, body)` the same (its { status, text }); `poolOf(clientId)`
 * finds a pool the front knows; `now()` is the clock sessions age by.
 */
export function awsLayer({ rules = DEFAULT_RULES, admin, adminAnswer, poolOf, now }) {
  const on = (name) => {
    if (!(name in RULES)) throw new Error(`no AWS rule ${name}`);
    return rules[name] ?? DEFAULT_RULES[name];
  };
  for (const name of Object.keys(rules)) on(name);
  const sessions = new Map(); // our Session -> { moto, issued, spent, validityMs }
  const validity = new Map(); // app client -> its AuthSessionValidity in ms
  /** How long a client's sessions live: AuthSessionValidity, 3 minutes by default. */
  const validityOf = async (clientId) => {
    if (!validity.has(clientId)) {
      const pool = poolOf(clientId);
      const client = pool && (await admin('DescribeUserPoolClient', { UserPoolId: pool.poolId, ClientId: clientId }).catch(() => null));
      validity.set(clientId, (client?.UserPoolClient?.AuthSessionValidity ?? 3) * 60_000);
    }
    return validity.get(clientId);
  };
  const stats = Object.fromEntries(Object.keys(RULES).map((name) => [name, 0]));
  const applied = (name) => { stats[name] += 1; };

  const userOfToken = async (accessToken) => {
    const pool = jwtClaims(accessToken)?.iss?.split('/').pop();
    const user = await admin('GetUser', { AccessToken: accessToken }).catch(() => null);
    return { pool, user };
  };
  /** The user `username` (or an alias of it) of the pool, as AdminGetUser reads it; null if none. */
  const userNamed = (poolId, username) =>
    admin('AdminGetUser', { UserPoolId: poolId, Username: username }).catch(() => null);
  const internalName = async (poolId, username) => (await userNamed(poolId, username))?.Username;

  // moto cannot revoke one refresh token: the front keeps RevokeToken's, with the
  // origin_jti of each, which every access token issued from it carries (moto's too).
  const revokedRefreshTokens = new Set();
  const revokedOrigins = new Set();
  // moto does sign a user out (AdminUserGlobalSignOut) but then calls the old access
  // tokens "Invalid token": the second of each user's last GlobalSignOut tells them
  // apart. moto alone says which tokens still work; these only word its refusals.
  const signOuts = new Map(); // `${iss} ${sub}` -> seconds
  const userKey = (claims) => `${claims.iss} ${claims.sub}`;
  const signedOutSince = (accessToken) => {
    const claims = jwtClaims(accessToken);
    const at = claims && signOuts.get(userKey(claims));
    return at !== undefined && claims.iat <= at;
  };
  const refreshTokenIn = (operation, body) =>
    operation === 'GetTokensFromRefreshToken' ? body.RefreshToken
      : operation === 'InitiateAuth' && REFRESH_FLOWS.has(body.AuthFlow) ? body.AuthParameters?.REFRESH_TOKEN : undefined;
  const clientOf = async (pool, clientId) => {
    const answer = await adminAnswer('DescribeUserPoolClient', { UserPoolId: pool.poolId, ClientId: clientId });
    return answer.status === 200 ? parsed(answer).UserPoolClient : null;
  };
  /** moto's refresh by its admin API, which asks no SECRET_HASH (a GetTokensFromRefreshToken
   *  request names no user to hash, only the secret, which the front checks itself): the
   *  tokens, or why not. moto keeps a signed-out refresh token and refuses it; one it never
   *  issued is a KeyError there, a 500, which InitiateAuth words as "revoked" too. */
  async function motoRefresh(pool, clientId, refreshToken) {
    const answer = await adminAnswer('AdminInitiateAuth', {
      UserPoolId: pool.poolId, ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    if (answer.status === 200) return { tokens: parsed(answer).AuthenticationResult };
    return { refused: parsed(answer)?.__type === 'NotAuthorizedException' ? 'revoked' : 'unknown' };
  }

  async function tokensFromRefreshToken({ RefreshToken, ClientId, ClientSecret }) {
    const pool = poolOf(ClientId);
    const client = pool && (await clientOf(pool, ClientId));
    if (!client) return error('ResourceNotFoundException', `User pool client ${ClientId} does not exist.`);
    if (client.ClientSecret && !ClientSecret) {
      return error('NotAuthorizedException', `Client ${ClientId} is configured for secret but secret was not received`);
    }
    if (client.ClientSecret && ClientSecret !== client.ClientSecret) {
      // AWS documents no wording for a wrong ClientSecret: this is its answer to a wrong
      // SECRET_HASH at REFRESH_TOKEN_AUTH (NabuCasa/pycognito#196).
      return error('NotAuthorizedException', `SecretHash does not match for the client: ${ClientId}`);
    }
    const { tokens, refused } = await motoRefresh(pool, ClientId, RefreshToken);
    if (refused === 'revoked') return error('NotAuthorizedException', 'Refresh Token has been revoked');
    // moto mints for the client that signed in, whichever client asks; AWS refuses another's.
    if (refused || jwtClaims(tokens.AccessToken)?.client_id !== ClientId) {
      return error('NotAuthorizedException', 'Invalid Refresh Token');
    }
    // No RefreshToken: moto has no rotation, and without it AWS sends none.
    const { AccessToken, ExpiresIn, TokenType, IdToken } = tokens;
    return ok({ AuthenticationResult: { AccessToken, ExpiresIn, TokenType, IdToken } });
  }

  /** {} for a token revoked now, already, or never issued (the revoke endpoint's HTTP 200
   *  for an invalid token); null for a client the front does not serve (moto answers). */
  async function revokeToken({ Token, ClientId, ClientSecret }) {
    const pool = poolOf(ClientId);
    const client = pool && (await clientOf(pool, ClientId));
    if (!client) return null;
    // AWS documents these errors, not their messages.
    if (client.EnableTokenRevocation === false) {
      return error('UnsupportedOperationException', `Token revocation is not enabled for the client ${ClientId}.`);
    }
    if (client.ClientSecret && ClientSecret !== client.ClientSecret) {
      return error('UnauthorizedException', `Unable to verify the client secret for client ${ClientId}.`);
    }
    if (jwtClaims(Token)?.token_use) return error('UnsupportedTokenTypeException', 'Only a refresh token can be revoked.');
    if (!revokedRefreshTokens.has(Token)) {
      // A refresh shows the token's origin_jti and client; the tokens it mints are
      // never handed out, and are revoked with the rest.
      const { tokens } = await motoRefresh(pool, ClientId, Token);
      const claims = tokens && jwtClaims(tokens.AccessToken);
      // "Refresh tokens must be revoked using the same client ID that was used to obtain the token."
      if (claims?.origin_jti && claims.client_id === ClientId) {
        revokedRefreshTokens.add(Token);
        revokedOrigins.add(claims.origin_jti);
      }
    }
    return ok({});
  }

  /** moto's AdminUserGlobalSignOut for the token's user; null for a token moto does not
   *  take (it then refuses the GlobalSignOut itself, and after() words the refusal). */
  async function globalSignOut({ AccessToken }) {
    const claims = jwtClaims(AccessToken);
    const { pool, user } = await userOfToken(AccessToken);
    if (!user || !pool || !claims?.sub) return null;
    await admin('AdminUserGlobalSignOut', { UserPoolId: pool, Username: user.Username });
    signOuts.set(userKey(claims), Math.floor(Date.now() / 1000)); // the clock moto stamps iat by, not now()
    return ok({});
  }

  /** Before moto: an answer of AWS's own (a refusal), or the body to forward. */
  async function before(operation, body) {
    if (on('token-scope') && TOKEN_OPERATIONS.has(operation) && body.AccessToken) {
      const scope = jwtClaims(body.AccessToken)?.scope;
      if (typeof scope === 'string' && !scope.split(' ').includes(REQUIRED_SCOPE)) {
        applied('token-scope');
        return { answer: error('NotAuthorizedException', 'Access Token does not have required scopes') };
      }
    }
    if (on('revoke-token')) {
      if (TOKEN_OPERATIONS.has(operation) && revokedOrigins.has(jwtClaims(body.AccessToken)?.origin_jti)) {
        applied('revoke-token');
        return { answer: error('NotAuthorizedException', 'Access Token has been revoked') };
      }
      if (revokedRefreshTokens.has(refreshTokenIn(operation, body))) {
        applied('revoke-token');
        return { answer: error('NotAuthorizedException', 'Refresh Token has been revoked') };
      }
      const answer = operation === 'RevokeToken' && (await revokeToken(body));
      if (answer) {
        applied('revoke-token');
        return { answer };
      }
    }
    if (on('refresh-token-operation') && operation === 'GetTokensFromRefreshToken') {
      applied('refresh-token-operation');
      return { answer: await tokensFromRefreshToken(body) };
    }
    if (on('global-sign-out') && operation === 'GlobalSignOut') {
      const answer = await globalSignOut(body);
      if (answer) {
        applied('global-sign-out');
        return { answer };
      }
    }
    if (on('single-use-sessions') && SESSION_OPERATIONS.has(operation) && body.Session) {
      const session = sessions.get(body.Session);
      if (!session || session.spent || now() - session.issued > session.validityMs) {
        applied('single-use-sessions');
        const used = session?.spent && now() - session.issued <= session.validityMs;
        return {
          answer: error('NotAuthorizedException', used
            ? 'Invalid session for the user, session can only be used once.'
            : 'Invalid session for the user, session is expired.'),
        };
      }
      body = { ...body, Session: session.moto };
    }
    if (on('totp-one-step-skew')) body = acceptOneStepSkew(operation, body, applied);
    if (operation === 'SetUserMFAPreference' && body.SMSMfaSettings) {
      const { pool, user } = await userOfToken(body.AccessToken);
      const phone = user?.UserAttributes?.some((a) => a.Name === 'phone_number' && a.Value);
      if (on('sms-settings-need-phone') && user && !phone) {
        applied('sms-settings-need-phone');
        return { answer: error('InvalidParameterException', 'User does not have a phone_number set to turn on SMS MFA') };
      }
      const variant = on('mfa-required-keeps-sms');
      if (variant && body.SMSMfaSettings.Enabled === false && pool) {
        const config = await admin('GetUserPoolMfaConfig', { UserPoolId: pool }).catch(() => null);
        if (config?.MfaConfiguration === 'ON') {
          applied('mfa-required-keeps-sms');
          if (variant === 'refuse') {
            return { answer: error('InvalidParameterException', 'SMS MFA cannot be turned off for a user while MFA is required in the user pool.') };
          }
          body = { ...body, SMSMfaSettings: { ...body.SMSMfaSettings, Enabled: true } };
        }
      }
    }
    if (on('internal-username') && operation === 'RespondToAuthChallenge' && body.ChallengeName !== 'PASSWORD_VERIFIER') {
      const refusal = await checkSecretHash(body);
      if (refusal) {
        applied('internal-username');
        return { answer: refusal };
      }
    }
    return { body };
  }

  /** AWS hashes the internal name; a hash of the typed alias or casing is refused. */
  async function checkSecretHash(body) {
    const pool = poolOf(body.ClientId);
    const responses = body.ChallengeResponses ?? {};
    if (!pool || responses.SECRET_HASH === undefined) return null;
    const client = await admin('DescribeUserPoolClient', { UserPoolId: pool.poolId, ClientId: body.ClientId }).catch(() => null);
    const secret = client?.UserPoolClient?.ClientSecret;
    const internal = await internalName(pool.poolId, responses.USERNAME);
    if (!secret || !internal) return null;
    const expected = createHmac('sha256', secret).update(internal + body.ClientId).digest('base64');
    return responses.SECRET_HASH === expected ? null
      : error('NotAuthorizedException', `Unable to verify secret hash for client ${body.ClientId}`);
  }

  /** After moto (or the front's own SRP answer): the answer as AWS gives it. */
  async function after(operation, request, original, answer) {
    const json = parsed(answer);
    if (on('verify-code-mismatch-type') && operation === 'VerifySoftwareToken' && json?.__type === 'CodeMismatchException') {
      applied('verify-code-mismatch-type');
      return error('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
    }
    if (on('global-sign-out') && TOKEN_OPERATIONS.has(operation) && json?.__type === 'NotAuthorizedException'
      && signedOutSince(request.AccessToken)) {
      applied('global-sign-out');
      return error('NotAuthorizedException', 'Access Token has been revoked');
    }
    if (on('refresh-token-operation') && refreshTokenIn(operation, request) && json?.message === 'Refresh Token has been revoked') {
      const pool = poolOf(request.ClientId);
      if (pool && (await motoRefresh(pool, request.ClientId, refreshTokenIn(operation, request))).refused === 'unknown') {
        applied('refresh-token-operation');
        return error('NotAuthorizedException', 'Invalid Refresh Token');
      }
    }
    if (answer.status !== 200 || !json) return answer;
    let changed = false;
    if (on('single-use-sessions')) {
      const used = original.Session && sessions.get(original.Session);
      if (used) used.spent = true;
      if (json.Session) {
        // AssociateSoftwareToken and VerifySoftwareToken name no client: the sign-in's.
        const validityMs = original.ClientId ? await validityOf(original.ClientId) : used?.validityMs ?? 180_000;
        const ours = randomBytes(48).toString('base64');
        sessions.set(ours, { moto: json.Session, issued: now(), spent: false, validityMs });
        json.Session = ours;
        changed = true;
      }
    }
    if (on('mfa-required-sms-challenge') && json.ChallengeName === 'MFA_SETUP') {
      // moto's session goes on as its SMS_MFA answer expects (any code, then tokens).
      const pool = poolOf(request.ClientId);
      const name = request.ChallengeResponses?.USERNAME ?? request.AuthParameters?.USERNAME;
      const user = pool && name && (await userNamed(pool.poolId, name));
      const phone = user?.UserAttributes?.find((a) => a.Name === 'phone_number')?.Value;
      const config = phone && (await admin('GetUserPoolMfaConfig', { UserPoolId: pool.poolId }).catch(() => null));
      if (config?.MfaConfiguration === 'ON' && config.SmsMfaConfiguration) {
        applied('mfa-required-sms-challenge');
        json.ChallengeName = 'SMS_MFA';
        json.ChallengeParameters = {
          CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
          CODE_DELIVERY_DESTINATION: `+${'*'.repeat(phone.length - 5)}${phone.slice(-4)}`,
          USER_ID_FOR_SRP: user.Username,
        };
        changed = true;
      }
    }
    if (on('internal-username') && operation === 'InitiateAuth' && request.AuthFlow === 'USER_PASSWORD_AUTH' && json.ChallengeName) {
      const pool = poolOf(request.ClientId);
      const internal = pool && (await internalName(pool.poolId, request.AuthParameters?.USERNAME));
      if (internal) {
        applied('internal-username');
        const params = { ...json.ChallengeParameters, USER_ID_FOR_SRP: internal };
        delete params.USERNAME;
        json.ChallengeParameters = params;
        changed = true;
      }
    }
    return changed ? { ...answer, text: JSON.stringify(json) } : answer;
  }

  return { before, after, stats };
}

/** A code of the step before or after moto's current one becomes the current one. */
function acceptOneStepSkew(operation, body, applied) {
  const field = operation === 'VerifySoftwareToken' ? ['UserCode']
    : operation === 'RespondToAuthChallenge' && body.ChallengeName === 'SOFTWARE_TOKEN_MFA'
      ? ['ChallengeResponses', 'SOFTWARE_TOKEN_MFA_CODE'] : null;
  if (!field) return body;
  const code = field.reduce((o, k) => o?.[k], body);
  const seconds = Math.floor(Date.now() / 1000); // moto checks against its own clock
  const current = totp(MOTO_TOTP_SECRET, seconds);
  if (code === current || ![-30, 30].some((d) => totp(MOTO_TOTP_SECRET, seconds + d) === code)) return body;
  applied('totp-one-step-skew');
  return field.length === 1
    ? { ...body, UserCode: current }
    : { ...body, ChallengeResponses: { ...body.ChallengeResponses, SOFTWARE_TOKEN_MFA_CODE: current } };
}
