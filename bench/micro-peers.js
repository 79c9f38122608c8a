// The peers' code for the micro benchmarks of bench/compare.mjs, bundled for the
// browser: the client side of one SRP sign-in as each library does it (A, the HKDF
// key, the HMAC signature), and QR to SVG with the qrcode package both peer pages use.
import { AuthenticationHelper, DateHelper } from 'amazon-cognito-identity-js';
import BigInteger from 'amazon-cognito-identity-js/es/BigInteger';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Buffer } from 'buffer';
import QRCode from 'qrcode';
// Amplify keeps its SRP internal; these are the modules its signIn calls.
import { getAuthenticationHelper } from '../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getAuthenticationHelper.mjs';
import { getSignatureString } from '../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getSignatureString.mjs';
import { getNowString } from '../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getNowString.mjs';
import AmplifyBigInteger from '../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/BigInteger/BigInteger.mjs';

/** As CognitoUser.authenticateUser does it; returns the signature. */
window.identityJsSrpClient = async (poolName, userId, password, saltHex, srpBHex, secretBlock) => {
  const helper = new AuthenticationHelper(poolName);
  let signature;
  helper.getPasswordAuthenticationKey(userId, password, new BigInteger(srpBHex, 16), new BigInteger(saltHex, 16), (err, hkdf) => {
    if (err) throw err;
    const dateNow = new DateHelper().getNowString();
    const hmac = new Sha256(hkdf);
    hmac.update(Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(userId, 'utf8'),
      Buffer.from(secretBlock, 'base64'), Buffer.from(dateNow, 'utf8')]));
    signature = Buffer.from(hmac.digestSync()).toString('base64');
  });
  return signature;
};

/** As Amplify's signIn (handleUserSRPAuthFlow + handlePasswordVerifierChallenge) does it. */
window.amplifySrpClient = async (poolName, userId, password, saltHex, srpBHex, secretBlock) => {
  const helper = await getAuthenticationHelper(poolName);
  const hkdf = await helper.getPasswordAuthenticationKey({
    username: userId, password, serverBValue: new AmplifyBigInteger(srpBHex, 16), salt: new AmplifyBigInteger(saltHex, 16),
  });
  return getSignatureString({
    userPoolName: poolName, username: userId, challengeParameters: { SECRET_BLOCK: secretBlock }, dateNow: getNowString(), hkdf,
  });
};

window.qrcodeSvg = (text) => QRCode.toString(text, { type: 'svg' });
