// <cognito-totp-enroll> in a plain page: one import defines it; the attributes carry
// the settings (here read from ../config.json, which a page would write inline). They
// are set before the import: an element defined without its pool and client reports
// a ConfigError.
const config = await (await fetch('../config.json', { cache: 'no-store' })).json();
const element = document.querySelector('cognito-totp-enroll');
const status = document.getElementById('status');
element.addEventListener('enrolled', (event) => { status.textContent = `Authenticator app enabled (${event.detail.preferred}).`; });
element.addEventListener('cancel', () => { status.textContent = 'Setup cancelled. Nothing was changed.'; });
element.addEventListener('error', (event) => console.info('widget error', event.detail?.code));
element.setAttribute('issuer', config.issuer ?? 'Example');
if (config.endpoint) element.setAttribute('endpoint', config.endpoint);
element.setAttribute('client-id', config.clientId);
element.setAttribute('user-pool-id', config.userPoolId);
await import('../pkg/element.js');
