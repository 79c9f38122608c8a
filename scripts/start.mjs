// `npm start`: the emulator seeded with the demo pool, and the page pointed at it.
// Expects a built www/pkg (npm start builds first). Ctrl-C stops everything.
import { startMoto, seedDemo } from './emulator.mjs';
import { serve } from './serve.mjs';
import { startSrpFront } from './srp-front.mjs';

// Fixed ports and pool ids, so an app outside this repo can point at the emulator
// across restarts; each port can be moved by its variable.
const port = Number(process.env.PORT ?? 8080);
const frontPort = Number(process.env.COGNITO_PORT ?? 8081);
const motoPort = Number(process.env.MOTO_PORT ?? 8082);

const moto = await startMoto({ port: motoPort, stableIds: true });
let server;
let front;
const stop = async (code = 0) => {
  await Promise.allSettled([moto.stop(), server?.close(), front?.close()]);
  process.exit(code);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

try {
  const demo = seedDemo(moto.url);
  // moto accepts any SRP password claim; the front checks it as Cognito would.
  const passwordsOf = (users) => Object.fromEntries(Object.entries(users).map(([u, { password }]) => [u, password]));
  front = await startSrpFront({
    motoUrl: moto.url,
    port: frontPort,
    pools: [
      { poolId: demo.config.userPoolId, clientId: demo.config.clientId, passwords: passwordsOf(demo.users) },
      {
        poolId: demo.required.config.userPoolId,
        clientId: demo.required.config.clientId,
        passwords: passwordsOf(demo.required.users),
      },
      { poolId: demo.alias.config.userPoolId, clientId: demo.alias.config.clientId, passwords: passwordsOf(demo.alias.users) },
    ],
  });
  server = await serve({
    port,
    config: { ...demo.config, endpoint: front.url },
    variants: {
      '/required/': { ...demo.required.config, endpoint: front.url },
      '/alias/': { ...demo.alias.config, endpoint: front.url },
    },
  });
  const names = [demo, demo.required, demo.alias].flatMap((pool) => Object.keys(pool.users));
  const width = Math.max(...names.map((name) => name.length));
  const line = ([name, user]) => `    ${name.padEnd(width)}  ${user.password.padEnd(16)} ${user['signs in with']}`;
  const users = Object.entries(demo.users).map(line).join('\n');
  const required = Object.entries(demo.required.users).map(line).join('\n');
  const requiredUrl = `${server.url}required/`;
  const alias = Object.entries(demo.alias.users).map(line).join('\n');
  console.log(`
  cognito-totp-enroll is running.

  Page:      ${server.url}
  Cognito:   ${front.url} (endpoint; PORT, COGNITO_PORT and MOTO_PORT move the ports)
             pool ${demo.config.userPoolId}, app client ${demo.config.clientId}
             (the same on every start), moto at ${moto.url} behind an SRP-checking front

  Demo users (username, password, how they sign in today):
${users}

  A pool that requires MFA (open ${requiredUrl}):
${required}

  A pool whose users sign in by email, with a client secret (open ${server.url}alias/):
${alias}

  Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(error);
  await stop(1);
}
