/**
 * "Your sessions": every live session of the user with device, IP, created and last-seen times,
 * this one marked; each can be ended, or all the others at once (OWASP ASVS 5.0 V7.5.2).
 *
 * @module
 */
import type { Device } from '../devices.js';
import { formatAgo, formatDateTime, formatIp } from '../format.js';
import type { Viewer } from './layout.js';
import { Layout } from './layout.js';
import { CsrfField, Message } from './parts.js';

/** One row of the list, already described for display. */
export interface SessionRow {
  handle: string;
  current: boolean;
  device: Device;
  ip: string | null;
  createdMs: number;
  lastSeenMs: number;
  /** A browser key is registered for it (Device Bound Session Credentials, issue 16). */
  deviceBound: boolean;
}

export interface SessionsPageProps {
  viewer: Viewer;
  sessions: SessionRow[];
  nowMs: number;
  notice?: string | null;
}

function When(props: { ms: number; nowMs: number }) {
  return (
    <time datetime={new Date(props.ms).toISOString()} title={formatDateTime(props.ms)}>
      {formatAgo(props.ms, props.nowMs)}
    </time>
  );
}

function SessionItem(props: { row: SessionRow; csrfToken: string; nowMs: number }) {
  const { row } = props;
  return (
    <li class={row.current ? 'session session-current' : 'session'} data-testid="session">
      <div class={`device-icon device-${row.device.kind}`} aria-hidden="true" />
      <div class="session-main">
        <p class="session-title">
          {row.device.label}
          {row.current && <span class="badge">This device</span>}
          {row.deviceBound && (
            <span
              class="badge badge-bound"
              data-testid="device-bound"
              title="Device Bound Session Credentials: a copy of this session's cookies stops working on any other device within minutes"
            >
              bound to this device
            </span>
          )}
        </p>
        <p class="session-meta">
          <span>IP {formatIp(row.ip)}</span>
          <span>
            Signed in <When ms={row.createdMs} nowMs={props.nowMs} />
          </span>
          <span>
            Last active <When ms={row.lastSeenMs} nowMs={props.nowMs} />
          </span>
        </p>
      </div>
      <form method="post" action={`/account/sessions/${encodeURIComponent(row.handle)}/revoke`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button button-small button-quiet">
          {row.current ? 'Sign out' : 'End session'}
        </button>
      </form>
    </li>
  );
}

export function SessionsPage(props: SessionsPageProps) {
  const { viewer, sessions } = props;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Layout title="Your sessions" viewer={viewer} current="sessions">
      <h1 class="page-title">Your sessions</h1>
      <p class="lead">
        These are the browsers and devices signed in to your account. If you do not recognise one, end it and
        change your password.
      </p>
      {props.notice && <Message kind="notice">{props.notice}</Message>}
      <section class="card">
        <ul class="sessions">
          {sessions.map((row) => (
            <SessionItem key={row.handle} row={row} csrfToken={viewer.csrfToken} nowMs={props.nowMs} />
          ))}
        </ul>
        <form method="post" action="/account/sessions/revoke-others" class="sessions-footer">
          <CsrfField token={viewer.csrfToken} />
          <button type="submit" class="button button-danger" disabled={others === 0}>
            Sign out all other sessions
          </button>
          <span class="muted">
            {others === 0
              ? 'No other sessions.'
              : others === 1
                ? '1 other session.'
                : `${others} other sessions.`}
          </span>
        </form>
      </section>
    </Layout>
  );
}
