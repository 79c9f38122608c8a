// `cognito-totp-admin report` at scale, against admin/tests/quota_fake.py (ListUsers
// and AdminGetUser for synthetic users, TooManyRequestsException past a quota).
// Prints, per pool size: the rate achieved against the allowed rate (goal: at least
// 90 %), users missing from the totals (goal: 0), and the tool's peak memory (goal:
// flat in the number of users).
//
//   node bench/admin-report.mjs [quota] [sizes...]     (default: 200 2000 20000)
//
// Results go to bench/results/admin-report.md and .json.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const [quotaArg, ...sizeArgs] = process.argv.slice(2);
const QUOTA = Number(quotaArg ?? 200);
const SIZES = sizeArgs.length ? sizeArgs.map(Number) : [2000, 20000];

execFileSync('cargo', ['build', '--release', '-p', 'cognito-totp-admin'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const BIN = `${ROOT}target/release/cognito-totp-admin`;

async function startFake(users) {
  const child = spawn('python3', [`${ROOT}admin/tests/quota_fake.py`, '--users', String(users), '--rate', String(QUOTA)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { url: `http://127.0.0.1:${port.trim()}/`, stop: () => child.kill() };
}

const rows = [];
for (const users of SIZES) {
  const fake = await startFake(users);
  try {
    // GNU time prints the peak resident set in kB as stderr's last line.
    const run = spawnSync('/usr/bin/time', ['-f', '%M', BIN, 'report', '--user-pool-id', 'ap-northeast-1_Fake1',
      '--output', 'json', '--rate', String(QUOTA), '--concurrency', '16', '--endpoint-url', fake.url,
      // A fresh ledger per size, outside the checkout.
      '--ledger', `${tmpdir()}/cognito-totp-bench-${process.pid}-${users}.sqlite`], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'demo', AWS_SECRET_ACCESS_KEY: 'demo', AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
      maxBuffer: 1 << 28,
    });
    if (run.status !== 0) throw new Error(`report failed: ${run.stderr}`);
    const report = JSON.parse(run.stdout.toString());
    const peakKb = Number(run.stderr.toString().trim().split('\n').at(-1));
    const stats = await (await fetch(fake.url)).json();
    rows.push({ users, quota: QUOTA, counted: report.total, missing: users - report.total, unknown: report.unknown,
      requests: report.requests, throttled: report.throttled, achieved: stats.rate, share: stats.rate / QUOTA,
      seconds: report.seconds, peakMb: peakKb / 1024 });
  } finally {
    fake.stop();
  }
}

const out = [
  `Command: node bench/admin-report.mjs ${QUOTA} ${SIZES.join(' ')} (release build; quota ${QUOTA} requests/s in the fake,`,
  `the report asked for the same rate with --concurrency 16; ListUsers pages of 60, one AdminGetUser a user)`,
  '',
  '| users | counted | missing | unknown | requests | throttled | achieved rate | of the quota | time | peak memory |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.users} | ${r.counted} | ${r.missing} | ${r.unknown} | ${r.requests} | ${r.throttled} | ` +
    `${r.achieved.toFixed(1)}/s | ${(100 * r.share).toFixed(1)} % | ${r.seconds.toFixed(1)} s | ${r.peakMb.toFixed(1)} MB |`),
];
console.log(out.join('\n'));
mkdirSync(`${ROOT}bench/results`, { recursive: true });
writeFileSync(`${ROOT}bench/results/admin-report.md`, `${out.join('\n')}\n`);
writeFileSync(`${ROOT}bench/results/admin-report.json`, `${JSON.stringify({ command: `node bench/admin-report.mjs ${QUOTA} ${SIZES.join(' ')}`, date: new Date().toISOString(), rows }, null, 2)}\n`);
