/** Candlewire CLI: `npm run cli -- watch quote:AAPL candles:AAPL:1m`, or `interactive` (default). */
import { createInterface } from 'node:readline';
import { createClient } from '../client';
import { createNodeSocket } from '../node';
import { parseArgs, USAGE, type CliArgs } from './args';
import { createSession, type Output } from './session';

const output: Output = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

function run(args: CliArgs): void {
  const client = createClient({ url: args.url, createSocket: createNodeSocket });
  const session = createSession(client, output, args.json);
  let done = false;
  const rl = args.command === 'interactive' ? createInterface({ input: process.stdin, terminal: false }) : null;
  const quit = (): void => {
    if (done) return;
    done = true;
    client.stop();
    rl?.close();
    // NOTE: exit once stdout has drained, so piped output is never cut short.
    process.stdout.write('', () => process.exit(0));
  };
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  client.start();
  session.subscribe(args.channels);
  if (rl !== null) {
    rl.on('line', (line) => {
      if (!session.command(line)) quit();
    });
    rl.on('close', quit); // end of stdin
  }
}

function main(argv: string[]): void {
  let args: CliArgs;
  try {
    args = parseArgs(argv, process.env);
  } catch (err) {
    output.err(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.command === 'help') return output.out(USAGE);
  run(args);
}

main(process.argv.slice(2));
