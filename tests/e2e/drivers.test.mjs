// The widget (the page) and EnrollmentClient (the headless example) are two thin
// drivers of one core (flow::run): through the same fault script they must end the
// same way. The faults are the ones that matter most, at the switch itself
// (SetUserMFAPreference): its answer lost on every attempt while the switch took
// effect, and a success answer that was not Cognito's while it did not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorAndBrowser, freshTotp, serveDemo, newPage, headlessToQr, scanQrCode } from './support.mjs';

const env = useEmulatorAndBrowser();

const SCRIPTS = {
  'every answer to the switch lost, the switch made': 'lost-answer',
  'a captive portal answers the switch, the switch not made': 'html200',
};

/** The demo behind a front that injects `fault` at every SetUserMFAPreference. */
function demoWith(t, fault) {
  return serveDemo(t, env.moto, { fault: (operation) => (operation === 'SetUserMFAPreference' ? fault : null) });
}

async function typeTotp(page, field) {
  const secret = (await scanQrCode(page)).searchParams.get('secret');
  await page.getByLabel(field).fill(await freshTotp(secret));
}

/** The switch in the widget; returns how it ended: done, or the error code shown. */
async function throughTheWidget(t, fault) {
  const demo = await demoWith(t, fault);
  const { page } = await newPage(t, env.browser);
  await page.goto(`${demo.server.url}?lang=en`);
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill(demo.password('demo-sms'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('6-digit code').fill('123456');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await typeTotp(page, '6-digit code from the app');
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  const done = page.getByRole('heading', { name: "You're all set" });
  const error = page.locator('#enroll [role=alert][data-code]');
  await done.or(error).first().waitFor();
  const ended = (await done.count()) ? 'done' : await error.getAttribute('data-code');
  return { ended, mfa: await demo.mfa('demo-sms') };
}

/** The switch through EnrollmentClient; returns how it ended: done, or the error code. */
async function throughTheClient(t, fault) {
  const demo = await demoWith(t, fault);
  const { page } = await newPage(t, env.browser);
  const next = await headlessToQr(page, demo.server.url, demo.password('demo-sms'));
  await typeTotp(page, 'Code from the app');
  await next();
  const done = page.getByRole('status').filter({ hasText: 'Done: SOFTWARE_TOKEN_MFA' });
  const error = page.locator('#error').filter({ hasText: /\w/ });
  await done.or(error).first().waitFor();
  const ended = (await done.count()) ? 'done' : (await error.textContent()).split(':')[0];
  return { ended, mfa: await demo.mfa('demo-sms') };
}

for (const [name, fault] of Object.entries(SCRIPTS)) {
  test(`widget and EnrollmentClient end the same way: ${name}`, async (t) => {
    const widget = await throughTheWidget(t, fault);
    const client = await throughTheClient(t, fault);
    assert.deepEqual(client, widget);
    if (fault === 'lost-answer') {
      assert.equal(widget.ended, 'done', 'done, as Cognito reports the app on and preferred');
    } else {
      assert.notEqual(widget.ended, 'done', 'never done when the switch did not take effect');
      assert.deepEqual(widget.mfa, { enabled: ['SMS_MFA'], preferred: 'SMS_MFA' }, 'SMS kept');
    }
  });
}
