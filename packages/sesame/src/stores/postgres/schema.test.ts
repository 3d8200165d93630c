/**
 * schema.sql (for people who run their own migrations) must stay the very SQL that migrate()
 * runs with the default names, so the two can never drift apart.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { schemaStatements, tableNames } from './schema.js';

/** The statements of a SQL file: comments dropped, whitespace collapsed, split at `;`. */
function statementsOf(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.replace(/\s+/g, ' ').trim())
    .filter((statement) => statement !== '');
}

describe('schema.sql', () => {
  it('is what migrate() runs for the default table name', async () => {
    const file = await readFile(new URL('./schema.sql', import.meta.url), 'utf8');
    const generated = schemaStatements(tableNames('sesame_sessions')).map((s) =>
      s.replace(/\s+/g, ' ').trim(),
    );
    expect(statementsOf(file)).toEqual(generated);
  });

  it('qualifies and quotes every name with a schema', () => {
    const names = tableNames('Sessions', 'auth');
    expect(names).toEqual({
      qualified: '"auth"."Sessions"',
      userIdIndex: '"Sessions_user_id_idx"',
      sweepIndex: '"Sessions_sweep_idx"',
    });
    for (const statement of schemaStatements(names)) expect(statement).toContain('"auth"."Sessions"');
  });
});
