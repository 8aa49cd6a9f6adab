import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** True when `GET http://127.0.0.1:<port>/healthz` answers 200 with `"status":"OK"` (Fabric operations service). */
export async function isHealthy(operationsPort: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${operationsPort}/healthz`, { signal: AbortSignal.timeout(2_000) });
    const body = (await response.json()) as { status?: unknown };
    return response.status === 200 && body.status === 'OK';
  } catch {
    return false;
  }
}

/** True when something accepts TCP connections on 127.0.0.1:<port>. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls `check` every 200 ms until it returns true or `timeoutMs` passes; returns whether it succeeded. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
}
