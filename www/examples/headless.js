// A host UI on EnrollmentClient: every method resolves to the next step; the page
// decides how to ask for it. Errors carry a stable `code`.
import init, { EnrollmentClient } from '../pkg/cognito_totp_enroll.js';

const config = await (await fetch('../config.json', { cache: 'no-store' })).json();
await init();
const client = new EnrollmentClient(config);

const $ = (id) => document.getElementById(id);
let step = { step: 'signIn' };

function ask(prompt, first, second) {
  $('prompt').textContent = prompt;
  $('first-label').textContent = first;
  $('first').value = '';
  $('second-row').hidden = !second;
  if (second) $('second-label').textContent = second;
}

function show(next) {
  step = next;
  $('qr').replaceChildren();
  switch (step.step) {
    case 'challengeCode': return ask(`Enter the ${step.channel} code`, 'Code');
    case 'account': return ask(`Factors: ${step.mfa.enabled.join(', ') || 'none'}. Type "setup" to add an authenticator app.`, 'Command');
    case 'scanQr': {
      // The SVG is the module's own (squares only); an <img> keeps it inert.
      const img = document.createElement('img');
      img.alt = `QR code for ${step.issuer}: ${step.account}`;
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(step.qrSvg)}`;
      $('qr').append(img);
      return ask(`Scan the code or type ${step.groupedSecret}, then enter a code`, 'Code from the app');
    }
    case 'done': return ask(`Done: ${step.mfa.preferred} is now used at sign-in.`, 'Nothing more');
    default: return ask(`Unsupported here: ${step.step}`, '-');
  }
}

$('ask').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('error').textContent = '';
  const first = $('first').value;
  try {
    if (step.step === 'signIn') show(await client.signIn(first, $('second').value));
    else if (step.step === 'challengeCode') show(await client.answerChallenge(first));
    else if (step.step === 'account') show(await client.beginTotpSetup());
    else if (step.step === 'scanQr') show(await client.verifyTotp(first, 'headless example'));
  } catch (error) {
    $('error').textContent = `${error.code}: ${error.message}`;
  }
});
