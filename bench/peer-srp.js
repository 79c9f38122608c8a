// The client side of one SRP sign-in with amazon-cognito-identity-js, as
// CognitoUser.authenticateUser does it: A (computed in the helper's constructor),
// the HKDF key, then the HMAC signature. Bundled for the browser by bench/srp.mjs.
import { AuthenticationHelper, DateHelper } from 'amazon-cognito-identity-js';
import BigInteger from 'amazon-cognito-identity-js/es/BigInteger';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Buffer } from 'buffer';

window.peerSrpClient = (poolName, userId, password, saltHex, srpBHex, secretBlock) => {
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
