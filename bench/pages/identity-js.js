// The switch to TOTP with amazon-cognito-identity-js and the qrcode package:
// SRP sign-in, SMS challenge, AssociateSoftwareToken + QR, VerifySoftwareToken,
// SetUserMFAPreference (TOTP preferred, SMS off). Config is read at sign-in.
import { CognitoUserPool, CognitoUser, AuthenticationDetails } from 'amazon-cognito-identity-js';
import QRCode from 'qrcode';
import { $, show, fail, nextSubmit, readConfig } from './shared.js';

$('signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  const config = await readConfig();
  const pool = new CognitoUserPool({ UserPoolId: config.userPoolId, ClientId: config.clientId, endpoint: config.endpoint });
  const username = $('username').value;
  const user = new CognitoUser({ Username: username, Pool: pool });
  const details = new AuthenticationDetails({ Username: username, Password: $('password').value });
  const signedIn = {
    onSuccess: () => enroll(user, username, config),
    onFailure: fail,
    mfaRequired: async () => {
      show('sms');
      user.sendMFACode(await nextSubmit('sms', 'smscode'), signedIn);
    },
  };
  user.authenticateUser(details, signedIn);
});

function enroll(user, username, config) {
  user.associateSoftwareToken({
    onFailure: fail,
    associateSecretCode: async (secret) => {
      const uri = `otpauth://totp/${encodeURIComponent(`${config.accountLabel}:${username}`)}?secret=${secret}&issuer=${encodeURIComponent(config.issuer)}`;
      $('qr').innerHTML = await QRCode.toString(uri, { type: 'svg' });
      $('secret').textContent = secret;
      show('totp');
      user.verifySoftwareToken(await nextSubmit('totp', 'appcode'), 'Authenticator', {
        onFailure: fail,
        onSuccess: () => user.setUserMfaPreference({ PreferredMfa: false, Enabled: false },
          { PreferredMfa: true, Enabled: true }, (error) => (error ? fail(error) : show('done'))),
      });
    },
  });
}

performance.mark('form-ready');
