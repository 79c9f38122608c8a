// Faults at every step of the switch: each fault of FAULTS is injected once, at the
// first request of one operation, by the front before moto. Whatever happens, the
// person must still have a working second factor at every moment (the one they
// started with, or the new one), see a message rather than a dead page, and be able
// to finish the switch by just going on.
//
//   FAULT_TABLE=docs/faults.md node --test tests/e2e/faults.test.mjs   writes the table
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { FAULTS } from '../../scripts/srp-front.mjs';
import { useEmulatorAndBrowser, freshTotp, serveDemo, newPage, scanQrCode } from './support.mjs';

const STEPS = ['InitiateAuth', 'RespondToAuthChallenge', 'GetUser', 'AssociateSoftwareToken', 'VerifySoftwareToken', 'SetUserMFAPreference'];
const SMS = JSON.stringify({ enabled: ['SMS_MFA'], preferred: 'SMS_MFA' });
const TOTP = JSON.stringify({ enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
const rows = [];

const env = useEmulatorAndBrowser();
after(() => {
  if (process.env.FAULT_TABLE) {
    const header = `| step \\ fault | ${FAULTS.join(' | ')} |\n| --- |${FAULTS.map(() => ' --- |').join('')}\n`;
    const body = STEPS.map((step) => `| ${step} | ${FAULTS.map((f) => rows.find((r) => r.step === step && r.fault === f)?.outcome ?? '').join(' | ')} |`).join('\n');
    writeFileSync(process.env.FAULT_TABLE, `# Faults by step\n\nMade by \`FAULT_TABLE=docs/faults.md node --test tests/e2e/faults.test.mjs\`.\n` +
      `Each cell: what the person saw after the fault (messages cut at 60 characters), whether the request\n` +
      `went out again, and the end state. In every case the factor in between was SMS or TOTP, never none,\n` +
      `and the person finished the switch by going on.\n\n${header}${body}\n`);
  }
});

/** What is on screen now. */
async function screen(page) {
  return page.evaluate(() => ({
    heading: document.querySelector('#enroll h2 > :last-child')?.textContent ?? '',
    alert: [...document.querySelectorAll('#enroll [role=alert]')].map((a) => a.textContent).join(' '),
  }));
}

/** Does what a person would do on the current step; returns after the page moved on or said something. */
async function goOn(page, password) {
  const before = await screen(page);
  const { heading } = before;
  const press = (name) => page.getByRole('button', { name }).click({ timeout: 2000 }).catch(() => {});
  if (heading === 'Set up an authenticator app') {
    await page.getByLabel('Username').fill('demo-sms');
    await page.getByLabel('Password').fill(password);
    await press('Sign in');
  } else if (heading === 'Enter your sign-in code') {
    await page.getByLabel('6-digit code').fill('123456');
    if ((await screen(page)).alert) await press('Continue');
  } else if (heading === 'How you sign in now') {
    await press(/Set up authenticator app|Replace my authenticator app/);
  } else if (heading === 'Add the account to your app') {
    const secret = (await scanQrCode(page)).searchParams.get('secret');
    await page.getByLabel('6-digit code from the app').fill(await freshTotp(secret));
    await press('Verify and switch');
  }
  await page.waitForFunction(
    ([h, a]) => {
      const now = document.querySelector('#enroll h2 > :last-child')?.textContent ?? '';
      const alert = [...document.querySelectorAll('#enroll [role=alert]')].map((x) => x.textContent).join(' ');
      const busy = document.querySelector('#enroll button[aria-busy]');
      return !busy && (now !== h || (alert && alert !== a));
    },
    [before.heading, before.alert],
    { timeout: 12_000 },
  ).catch(() => {});
}

for (const step of STEPS) {
  for (const fault of FAULTS) {
    test(`${fault} at ${step}: never without a factor, a message, and the switch still completes`, async (t) => {
      let injected = false;
      const demo = await serveDemo(t, env.moto, {
        configOverrides: { requestTimeoutMs: 1500 },
        fault: (operation) => {
          if (operation !== step || injected) return null;
          injected = true;
          return fault;
        },
      });
      const { page } = await newPage(t, env.browser);
      // Every message the page announces, however briefly it stays.
      await page.addInitScript(() => {
        window.announced = [];
        new MutationObserver(() => {
          for (const a of document.querySelectorAll('[role=alert]')) {
            const text = a.textContent.trim();
            if (text && window.announced.at(-1) !== text) window.announced.push(text);
          }
        }).observe(document, { subtree: true, childList: true, characterData: true });
      });
      await page.goto(`${demo.server.url}?lang=en`);
      await page.getByRole('heading', { level: 2 }).waitFor();
      const password = demo.password('demo-sms');
      const states = new Set();
      for (let i = 0; i < 14; i++) {
        const state = JSON.stringify(await demo.mfa('demo-sms'));
        states.add(state);
        assert.ok(state === SMS || state === TOTP, `always a working factor, got ${state}`);
        const { heading } = await screen(page);
        if (heading === "You're all set") break;
        await goOn(page, password);
      }
      assert.ok(injected, 'the fault was injected');
      assert.equal((await screen(page)).heading, "You're all set", 'the person could finish the switch');
      assert.equal(JSON.stringify(await demo.mfa('demo-sms')), TOTP);
      const announced = await page.evaluate(() => window.announced);
      // No message: a retry cured it (ours for operations safe to repeat; for the others
      // Chromium itself resends a request whose reused connection closed unanswered).
      const saw = announced.length ? `"${announced[0].slice(0, 60)}"` : 'no message, sent again';
      rows.push({ step, fault, outcome: `${saw}; switched` });
    });
  }
}
