// Runs a command with a seeded moto emulator: starts it, passes the seeded config in
// CTE_TEST_CONFIG, and stops it by PID when the command ends (whatever its result).
//   node scripts/with-emulator.mjs cargo test --target wasm32-unknown-unknown --test browser
import { spawn } from 'node:child_process';
import { startMoto, seedDemo } from './emulator.mjs';

const [command, ...args] = process.argv.slice(2);
const moto = await startMoto();
let code = 1;
try {
  const seeded = seedDemo(moto.url);
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, CTE_TEST_CONFIG: JSON.stringify(seeded) },
  });
  code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
} finally {
  await moto.stop();
}
process.exit(code);
