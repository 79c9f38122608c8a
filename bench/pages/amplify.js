// The switch to TOTP with aws-amplify 6 (auth) and the qrcode package: signIn (SRP),
// confirmSignIn with the SMS code, setUpTOTP + QR, verifyTOTPSetup,
// updateMFAPreference (TOTP preferred, SMS off). Config is read at sign-in.
import { Amplify } from 'aws-amplify';
import { signIn, confirmSignIn, setUpTOTP, verifyTOTPSetup, updateMFAPreference } from 'aws-amplify/auth';
import QRCode from 'qrcode';
import { $, show, fail, nextSubmit, readConfig } from './shared.js';

$('signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const config = await readConfig();
    Amplify.configure({ Auth: { Cognito: {
      userPoolId: config.userPoolId, userPoolClientId: config.clientId, userPoolEndpoint: config.endpoint,
    } } });
    const username = $('username').value;
    const { nextStep } = await signIn({ username, password: $('password').value });
    if (nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_SMS_CODE') {
      show('sms');
      await confirmSignIn({ challengeResponse: await nextSubmit('sms', 'smscode') });
    }
    const totp = await setUpTOTP();
    const uri = totp.getSetupUri(config.accountLabel, username).toString();
    $('qr').innerHTML = await QRCode.toString(uri, { type: 'svg' });
    $('secret').textContent = totp.sharedSecret;
    show('totp');
    await verifyTOTPSetup({ code: await nextSubmit('totp', 'appcode') });
    await updateMFAPreference({ totp: 'PREFERRED', sms: 'DISABLED' });
    show('done');
  } catch (error) {
    fail(error);
  }
});

performance.mark('form-ready');
