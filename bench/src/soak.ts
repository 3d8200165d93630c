/**
 * Memory soak: scenario (c), a new session on every request, for a minute against a memory
 * store, with the server's RSS sampled every 5 s. Sesame's store is bounded (`maxSessions`,
 * default 10 000, evicting the soonest to expire); express-session's MemoryStore is not.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { SERVER_CPUS, serverConfig, WRK_CPUS, type RunContext } from './context.js';
import { rssMb } from './proc.js';
import { SCENARIOS } from './scenarios.js';
import { ServerProcess } from './server-process.js';
import type { VariantId } from './variants.js';
import { runWrk } from './wrk.js';

export interface SoakOutcome {
  variant: VariantId;
  durationS: number;
  requestsPerS: number | null;
  /** RSS samples, MB, every 5 s from the start of load. */
  samples: { atS: number; rssMb: number }[];
  /** Sessions the store held at the end. */
  heldAtEnd: number | null;
  reason: string | null;
}

const SAMPLE_EVERY_MS = 5_000;

export async function soakVariant(context: RunContext, id: VariantId): Promise<SoakOutcome> {
  const durationS = context.options.soakS;
  const config = serverConfig(context, id, 'soak', null);
  await mkdir(config.sqliteDir, { recursive: true });
  const started = await ServerProcess.start(config, { cpus: SERVER_CPUS });
  const empty = { variant: id, durationS, requestsPerS: null, samples: [], heldAtEnd: null };
  if (!started.ok) return { ...empty, reason: started.reason };
  const { server } = started;
  try {
    const scenario = SCENARIOS.find((s) => s.id === 'c');
    if (scenario === undefined) throw new Error('scenario c missing');
    const samples: { atS: number; rssMb: number }[] = [];
    const t0 = Date.now();
    const sample = async (): Promise<void> => {
      const mb = await rssMb(server.pid);
      if (mb !== null) samples.push({ atS: Math.round((Date.now() - t0) / 1000), rssMb: mb });
    };
    await sample();
    const timer = setInterval(() => void sample(), SAMPLE_EVERY_MS);
    let requestsPerS: number;
    try {
      ({ requestsPerS } = await runWrk({
        port: server.port,
        scenario,
        cookiesFile: null,
        durationS,
        cpus: WRK_CPUS,
      }));
    } finally {
      clearInterval(timer);
    }
    await sample();
    const heldAtEnd = await server.call<number | null>({ cmd: 'size' });
    return { variant: id, durationS, requestsPerS, samples, heldAtEnd, reason: null };
  } catch (error) {
    return { ...empty, reason: String(error) };
  } finally {
    await server.stop();
  }
}
