// A portal page that already signs its users in and embeds the widget for them:
// mount(element, { ...config, accessToken }) skips the widget's own sign-in.
import init, { mount } from '../pkg/cognito_totp_enroll.js';

const config = await (await fetch('../config.json', { cache: 'no-store' })).json();
await init();

// Stand-in for the portal's real login (Amplify, a hosted UI, ...): a plain
// USER_PASSWORD_AUTH call for a user without MFA.
async function portalSignIn(username, password) {
  const endpoint = config.endpoint ?? `https://cognito-idp.${config.userPoolId.split('_')[0]}.amazonaws.com/`;
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: config.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }),
  });
  const body = await response.json();
  if (!response.ok || !body.AuthenticationResult) throw new Error(body.message ?? 'sign-in failed');
  return body.AuthenticationResult.AccessToken;
}

const form = document.getElementById('portal-sign-in');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = document.getElementById('portal-user').value;
  try {
    const accessToken = await portalSignIn(username, document.getElementById('portal-password').value);
    form.hidden = true;
    document.getElementById('who').textContent = `signed in as ${username}`;
    document.getElementById('security').hidden = false;
    const status = document.getElementById('portal-status');
    const widget = mount(document.getElementById('mfa'), { ...config, accessToken });
    widget.on('enrolled', (state) => { status.textContent = `Authenticator app enabled (${state.preferred}).`; });
    widget.on('cancel', () => { status.textContent = 'Setup cancelled. Nothing was changed.'; });
    widget.on('error', (error) => console.info('widget error', error.code));
  } catch (error) {
    document.getElementById('portal-error').textContent = `Portal sign-in failed: ${error.message}`;
  }
});
