/**
 * Named timeout presets for `createSessions({ preset })`.
 *
 * @module
 */

/**
 * Timeout presets. `aal2` / `aal3` follow NIST SP 800-63B-4 §2.2.3 / §2.3.3 (re-authenticate at
 * least every 24 h / 12 h; inactivity 1 h / 15 min); ASVS 5.0 V7.3 asks for both timeouts to be
 * set from a documented risk decision, which these levels encode.
 */
export const PRESETS = {
  'asvs-l1': { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 3_600_000 },
  'asvs-l2': { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 3_600_000 },
  'asvs-l3': { idleTimeoutMs: 15 * 60_000, absoluteTimeoutMs: 12 * 3_600_000 },
  aal1: { idleTimeoutMs: 24 * 3_600_000, absoluteTimeoutMs: 30 * 86_400_000 },
  aal2: { idleTimeoutMs: 3_600_000, absoluteTimeoutMs: 24 * 3_600_000 },
  aal3: { idleTimeoutMs: 15 * 60_000, absoluteTimeoutMs: 12 * 3_600_000 },
} as const satisfies Record<string, { idleTimeoutMs: number; absoluteTimeoutMs: number }>;

export type Preset = keyof typeof PRESETS;
