import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** True when a process with this pid exists and has not exited (a zombie awaiting its parent counts as exited). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs: trust the signal check
  }
}

/** A process of the network, recorded in `<runDir>/<name>.pid` as `{ pid, marker }`. */
export interface ManagedProcess {
  name: string;
  pid: number;
  /** A string that the process's command line contains, to tell it from an unrelated process reusing the pid. */
  marker: string;
}

/** Description of a process to start detached. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Must occur in the command line (`command` or one of `args`). */
  marker: string;
}

function pidFile(runDir: string, name: string): string {
  return join(runDir, `${name}.pid`);
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined; // no procfs (macOS): the pid check alone has to do
  }
}

/** Returns the recorded process if it is still running (and is still ours), otherwise undefined. */
export async function runningProcess(runDir: string, name: string): Promise<ManagedProcess | undefined> {
  let recorded: ManagedProcess;
  try {
    recorded = JSON.parse(await readFile(pidFile(runDir, name), 'utf8')) as ManagedProcess;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(recorded.pid) || !isProcessAlive(recorded.pid)) return undefined;
  const line = commandLine(recorded.pid);
  if (line !== undefined && !line.includes(recorded.marker)) return undefined;
  return recorded;
}

/**
 * Starts a process detached from this one (it outlives the caller), appending its output to
 * `<logsDir>/<name>.log` and recording its pid in `<runDir>/<name>.pid`.
 */
export async function startDetached(spec: ProcessSpec, runDir: string, logsDir: string): Promise<ManagedProcess> {
  await mkdir(runDir, { recursive: true });
  await mkdir(logsDir, { recursive: true });
  const log = openSync(join(logsDir, `${spec.name}.log`), 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid ?? -1));
    });
    child.unref();
    const managed: ManagedProcess = { name: spec.name, pid, marker: spec.marker };
    await writeFile(pidFile(runDir, spec.name), JSON.stringify(managed));
    return managed;
  } finally {
    closeSync(log);
  }
}

/** Sends SIGTERM to a recorded process, then SIGKILL if it has not exited after `graceMs`; removes the pid file. */
export async function stopProcess(runDir: string, name: string, graceMs = 10_000): Promise<boolean> {
  const running = await runningProcess(runDir, name);
  if (running) {
    process.kill(running.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isProcessAlive(running.pid) && Date.now() < deadline) await sleep(100);
    if (isProcessAlive(running.pid)) {
      process.kill(running.pid, 'SIGKILL');
      while (isProcessAlive(running.pid)) await sleep(50);
    }
  }
  await rm(pidFile(runDir, name), { force: true });
  return running !== undefined;
}
