/**
 * Build Sesame (`npm run build -w packages/sesame`, tsup into packages/sesame/dist) so the
 * servers run what an installed user runs.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `null` when the build succeeded, else why it failed (the run then loads the sources). */
export async function buildSesame(rootDir: string): Promise<string | null> {
  try {
    await run('npm', ['run', 'build', '-w', 'packages/sesame'], { cwd: rootDir, timeout: 300_000 });
    return null;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`.trim().split('\n').slice(-5).join(' ') || String(error);
  }
}
