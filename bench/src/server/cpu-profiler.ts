/**
 * The V8 CPU profiler that `node --cpu-prof` uses, driven through the inspector so a profile
 * covers exactly the loaded window (not start-up, TypeScript loading or the cookie-pool sign-ins).
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

export interface CpuProfiler {
  start(): Promise<null>;
  /** Stop, write the `.cpuprofile` JSON to `file`, return the file. */
  stop(file: string): Promise<string>;
}

export function cpuProfiler(): CpuProfiler {
  let session: Session | null = null;
  return {
    async start() {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      return null;
    },
    async stop(file) {
      if (session === null) throw new Error('profile-stop without profile-start');
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = null;
      await writeFile(file, JSON.stringify(profile));
      return file;
    },
  };
}
