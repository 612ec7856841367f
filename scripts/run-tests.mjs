#!/usr/bin/env node
// Runs every workspace package's `test` script, one package at a time, and keeps going when one fails:
// a red package must never hide the others. Each package's result comes from its own mocha summary and
// exit status; a package that crashed, hung or printed no summary counts as a failure, by name.
//
//   node scripts/run-tests.mjs [--infra] [--report FILE]
//     --infra        start the brokers first (infra/up.sh); a broker that does not start is a failure,
//                    but the packages still run (those that need it then fail with their own message)
//     --report FILE  also write the results as JSON (read by .ci/run for its closing line)
//   CADENZA_PACKAGE_TIMEOUT_S  a package still running after this is killed and counted failed (default 1800)
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageOrder, readWorkspaces } from './workspaces.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const reportFile = args.includes('--report') ? args[args.indexOf('--report') + 1] : undefined;
const timeoutS = Number(process.env.CADENZA_PACKAGE_TIMEOUT_S ?? 1800);

const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** Runs a command with its output prefixed and mirrored; resolves with its exit code and output. */
const run = (label, command, commandArgs, limitS) => new Promise((done) => {
  const started = Date.now();
  const child = spawn(command, commandArgs, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let output = '';
  let partial = '';
  const onData = (chunk) => {
    const text = partial + chunk.toString();
    const lines = text.split('\n');
    partial = lines.pop();
    for (const line of lines) process.stdout.write(`${label}: ${line}\n`);
    output += chunk.toString();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.stdout.write(`${label}: still running after ${limitS} s: killing it\n`);
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }, limitS * 1000);
  child.on('close', (code, signal) => {
    clearTimeout(timer);
    if (partial) process.stdout.write(`${label}: ${partial}\n`);
    done({ code: code ?? (signal ? 128 : 1), output: stripAnsi(output), timedOut, seconds: Math.round((Date.now() - started) / 1000) });
  });
  child.on('error', (error) => {
    clearTimeout(timer);
    done({ code: 127, output: String(error), timedOut, seconds: 0 });
  });
});

/** Sums mocha's closing counts (`N passing`, `N failing`, `N pending`) in a package's output. */
const mochaCounts = (output) => {
  const sum = (word) => [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  const summaries = [...output.matchAll(/^\s*\d+ passing\b/gm)].length;
  return { passed: sum('passing'), failed: sum('failing'), skipped: sum('pending'), summaries };
};

/** What a finished package run means: its counts, and one counted failure when it did not end cleanly. */
export const judge = ({ code, output, timedOut }) => {
  const counts = mochaCounts(output);
  const result = { passed: counts.passed, failed: counts.failed, skipped: counts.skipped, status: 'passed' };
  if (timedOut) return { ...result, failed: result.failed + 1, status: 'timed out' };
  if (code !== 0 && counts.failed === 0) return { ...result, failed: 1, status: counts.summaries === 0 ? 'did not run' : 'crashed' };
  if (code !== 0) return { ...result, status: 'failed' };
  if (counts.summaries === 0) return { ...result, failed: 1, status: 'ran no tests' };
  return result;
};

const main = async () => {
  const results = [];
  const stage = async (name, command, commandArgs) => {
    const outcome = await run(name, command, commandArgs, timeoutS);
    const ok = outcome.code === 0 && !outcome.timedOut;
    results.push({ name, kind: 'stage', passed: 0, failed: ok ? 0 : 1, skipped: 0, status: ok ? 'passed' : 'failed', seconds: outcome.seconds });
    return ok;
  };

  if (args.includes('--infra')) await stage('infra', 'bash', ['infra/up.sh']);
  const built = await stage('build', 'npm', ['run', 'build']);
  if (built) await stage('lint', 'npm', ['run', 'lint']);

  const workspaces = readWorkspaces(root);
  const { order, cycle } = packageOrder(workspaces);
  if (cycle) {
    process.stdout.write(`workspaces: circular dependency ${cycle.join(' → ')}\n`);
    results.push({ name: 'workspace graph', kind: 'stage', passed: 0, failed: 1, skipped: 0, status: `cycle ${cycle.join(' → ')}`, seconds: 0 });
  }
  const selfTest = await run('scripts', 'npm', ['run', 'test:scripts'], timeoutS);
  results.push({ name: 'scripts', kind: 'package', ...judge(selfTest), seconds: selfTest.seconds });
  for (const pkg of order) {
    if (!pkg.scripts?.test) continue;
    if (!built) {
      results.push({ name: pkg.name, kind: 'package', passed: 0, failed: 1, skipped: 0, status: 'did not run (build failed)', seconds: 0 });
      continue;
    }
    const outcome = await run(pkg.name, 'npm', ['run', 'test', '--workspace', pkg.name], timeoutS);
    results.push({ name: pkg.name, kind: 'package', ...judge(outcome), seconds: outcome.seconds });
  }

  process.stdout.write('\ntest results by package:\n');
  for (const r of results) {
    process.stdout.write(`  ${r.name.padEnd(32)} ${r.status.padEnd(28)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped ${String(r.seconds).padStart(5)} s\n`);
  }
  const bad = results.filter((r) => r.failed > 0);
  if (bad.length > 0) process.stdout.write(`not green: ${bad.map((r) => `${r.name} (${r.status})`).join(', ')}\n`);
  if (reportFile) writeFileSync(reportFile, JSON.stringify({ results }, null, 2));
  process.exitCode = bad.length > 0 ? 1 : 0;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
