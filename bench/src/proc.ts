/**
 * Reading a process's resident memory from /proc (Linux), as `VmRSS` in `/proc/<pid>/status`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';

/** The `VmRSS:` figure of a /proc status text, in kB, or `null`. */
export function parseVmRssKb(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match === null ? null : Number(match[1]);
}

/** Resident set size of `pid` in MB, or `null` when the process is gone or /proc is absent. */
export async function rssMb(pid: number): Promise<number | null> {
  try {
    const kb = parseVmRssKb(await readFile(`/proc/${pid}/status`, 'utf8'));
    return kb === null ? null : kb / 1024;
  } catch {
    return null;
  }
}
