// Turns cargo-mutants' outcomes.json into the table in docs/mutants.md: per file,
// how many mutants the tests caught, and every one they missed, with the reason
// from scripts/mutants-equivalent.txt when it is equivalent (the same behaviour as
// the original, so no test can tell them apart). Exits 1 when a missed mutant has
// no such reason.
//   node scripts/mutants-table.mjs target/mutants/mutants.out/outcomes.json scripts/mutants-equivalent.txt
import { readFileSync } from 'node:fs';

const [outcomesPath, equivalentPath] = process.argv.slice(2);
const { outcomes } = JSON.parse(readFileSync(outcomesPath, 'utf8'));
// "<mutant name> | <why it is equivalent>", one a line; # starts a comment. Names can
// hold " | " themselves ("replace | with ^"), so the reason follows the last one.
const equivalent = new Map(
  readFileSync(equivalentPath, 'utf8').split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const at = line.lastIndexOf(' | ');
      return [line.slice(0, at).trim(), line.slice(at + 3).trim()];
    }),
);

const LABELS = { CaughtMutant: 'caught', MissedMutant: 'missed', Timeout: 'timeout', Unviable: 'unviable' };
const byFile = new Map();
const missed = [];
for (const outcome of outcomes) {
  const mutant = outcome.scenario?.Mutant;
  if (!mutant) continue;
  const label = LABELS[outcome.summary] ?? outcome.summary;
  const row = byFile.get(mutant.file) ?? { caught: 0, missed: 0, timeout: 0, unviable: 0 };
  row[label] = (row[label] ?? 0) + 1;
  byFile.set(mutant.file, row);
  if (label === 'missed') missed.push(mutant.name);
}

const total = (key) => [...byFile.values()].reduce((sum, row) => sum + (row[key] ?? 0), 0);
const lines = [
  '# Mutation testing of the core',
  '',
  'Made by `bash scripts/mutants.sh` (cargo-mutants 27.1.0, the native tests: unit, fuzz walker,',
  'SRP vectors, error codes). A timeout counts as caught: the mutant hangs a test (an endless loop).',
  '',
  `${outcomes.filter((o) => o.scenario?.Mutant).length} mutants.`,
  '',
  '| file | caught | timeout | missed | unviable |',
  '| --- | --- | --- | --- | --- |',
  ...[...byFile.entries()].sort().map(([file, r]) => `| \`${file}\` | ${r.caught} | ${r.timeout} | ${r.missed} | ${r.unviable} |`),
  `| **all** | ${total('caught')} | ${total('timeout')} | ${total('missed')} | ${total('unviable')} |`,
  '',
];
const unexplained = missed.filter((name) => !equivalent.has(name));
if (missed.length) {
  lines.push('Missed, each shown equivalent to the original:', '');
  for (const name of missed) lines.push(`- \`${name}\`: ${equivalent.get(name) ?? '**not explained: a gap in the tests**'}`);
  lines.push('');
} else {
  lines.push('No mutant survived.', '');
}
console.log(lines.join('\n'));
if (unexplained.length) {
  console.error(`mutants: ${unexplained.length} missed mutant(s) without a reason in ${equivalentPath}`);
  process.exit(1);
}
