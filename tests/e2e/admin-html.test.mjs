// Issue #26: `cognito-totp-admin report --html FILE` writes one self-contained page
// of the campaign (progress by day from the ledger, the people still on SMS). Opened
// from disk in headless Chromium it must show its chart and lists with no console
// error and no request beyond the file itself; names users set themselves stay text.
// SCREENSHOTS=docs writes docs/admin-report-{en,ja}.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = process.env.SCREENSHOTS;
const POOL = 'ap-northeast-1_Fake1';
const DAY = 86_400;
let fake;
let dir;

/** The quota fake of the admin tests (300 users), until the tests end. */
before(async () => {
  execFileSync('cargo', ['build', '--quiet', '-p', 'cognito-totp-admin'], { cwd: ROOT, stdio: 'inherit' });
  dir = mkdtempSync(`${tmpdir()}/admin-html-`);
  fake = spawn('python3', [`${ROOT}admin/tests/quota_fake.py`, '--users', '300', '--rate', '2000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => createInterface({ input: fake.stdout }).once('line', resolve));
  fake.url = `http://127.0.0.1:${port.trim()}/`;
});
after(() => {
  fake?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function admin(args) {
  return execFileSync(`${ROOT}target/debug/cognito-totp-admin`, [...args, '--endpoint-url', fake.url], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'demo', AWS_SECRET_ACCESS_KEY: 'demo', AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', LANG: 'en_US.UTF-8' },
  });
}

/** Earlier days of the campaign in the ledger: fewer people on the app each day back. */
function seedEarlierDays(ledger) {
  const now = Math.floor(Date.now() / 1000);
  const rows = [5, 4, 3, 2, 1].map((back) => {
    const app = 150 - back * 25;
    const counts = JSON.stringify({ sms_only: 300 - app - 60, app_only: app, both: 0, email: 30, no_factor: 30, total: 300 });
    return `INSERT INTO runs (pool_id, started_at, finished_at, counts) VALUES ('${POOL}', ${now - back * DAY - 60}, ${now - back * DAY}, '${counts}');`;
  });
  execFileSync('python3', ['-c', `import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()`, ledger, rows.join('\n')]);
}

for (const lang of ['en', 'ja']) {
  test(`the HTML report (${lang}) opens from disk with its chart and lists, no console error and no request`, async () => {
    const ledger = `${dir}/ledger-${lang}.sqlite`;
    const file = `${dir}/report-${lang}.html`;
    admin(['report', '--user-pool-id', POOL, '--ledger', ledger, '--output', 'json']); // creates the ledger
    seedEarlierDays(ledger);
    admin(['report', '--user-pool-id', POOL, '--ledger', ledger, '--lang', lang, '--html', file, '--output', 'json']);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
      const problems = [];
      const requests = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${file}`);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(problems, []);
      assert.deepEqual(requests, [`file://${file}`], 'nothing but the file');
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      // Today's run and the five days before it: one bar group and one table row each.
      assert.equal(await page.locator('tbody').first().locator('tr').count(), 6);
      assert.equal(await page.locator('svg rect').count(), 18, 'three parts per day');
      // The quota fake: per hundred users 30 on SMS alone, one disabled among them.
      assert.equal(await page.locator('tbody').nth(1).locator('tr').count(), 87, 'enabled users on SMS alone');
      assert.equal(await page.getByText('user-00000@example.com').count(), 1);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/admin-report-${lang}.png`, fullPage: false });
    } finally {
      await browser.close();
    }
  });
}
