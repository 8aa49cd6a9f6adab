import { parseArgs } from 'node:util';
import { loadDemoData } from './stack/demo.js';
import { startStack, StackStartError } from './stack/stack.js';

// `npm start`: the whole stack on embedded defaults, each part its own process, logs prefixed by part.
const { values } = parseArgs({ options: { demo: { type: 'boolean', default: false } }, strict: true });
const started = Date.now();
try {
  const stack = await startStack({ env: values.demo ? { MCHD_DEMO: '1' } : {} });
  if (values.demo) {
    const summary = await loadDemoData({ url: stack.url, dataDir: stack.dataDir });
    process.stdout.write(`demo data loaded: ${summary}\n`);
  }
  process.stdout.write(
    `\nMCHD registry node ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `  GraphQL (HTTP and WebSocket): ${stack.url}\n` +
      `  GraphiQL: open ${stack.url} in a browser; get a token with: npx mchd token --role auditor\n\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (e) {
  process.stderr.write(
    `${e instanceof StackStartError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
}
