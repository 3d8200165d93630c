/**
 * The signed-in account page: who you are, this session's limits, and the password change form
 * (which signs out every other session).
 *
 * @module
 */
import { formatDateTime, formatDuration } from '../format.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../passwords/policy.js';
import type { Viewer } from './layout.js';
import { Layout } from './layout.js';
import { CsrfField, Field, Message } from './parts.js';

export interface AccountPageProps {
  viewer: Viewer;
  createdMs: number;
  passwordChangedMs: number;
  authenticatedMs: number | null;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  sessionCount: number;
  notice?: string | null;
  error?: string | null;
}

function Time(props: { ms: number }) {
  return <time datetime={new Date(props.ms).toISOString()}>{formatDateTime(props.ms)}</time>;
}

export function AccountPage(props: AccountPageProps) {
  const { viewer } = props;
  return (
    <Layout title="Your account" viewer={viewer} current="account">
      <h1 class="page-title">Your account</h1>
      {props.notice && <Message kind="notice">{props.notice}</Message>}
      {props.error && <Message kind="error">{props.error}</Message>}
      <div class="grid">
        <section class="card">
          <h2>Profile</h2>
          <dl class="facts">
            <dt>Username</dt>
            <dd data-testid="account-username">{viewer.username}</dd>
            <dt>Member since</dt>
            <dd>
              <Time ms={props.createdMs} />
            </dd>
            <dt>Password last changed</dt>
            <dd>
              <Time ms={props.passwordChangedMs} />
            </dd>
            <dt>Signed in</dt>
            <dd>{props.authenticatedMs === null ? '—' : <Time ms={props.authenticatedMs} />}</dd>
          </dl>
          <p class="muted">
            Sessions end after {formatDuration(props.idleTimeoutMs)} without activity and{' '}
            {formatDuration(props.absoluteTimeoutMs)} after sign-in at the latest.
          </p>
          <p>
            <a href="/account/sessions">
              {props.sessionCount === 1 ? '1 active session' : `${props.sessionCount} active sessions`} →
            </a>
          </p>
        </section>
        <section class="card">
          <h2>Change password</h2>
          <form method="post" action="/account/password" class="form">
            <CsrfField token={viewer.csrfToken} />
            <input type="text" name="username" value={viewer.username} autocomplete="username" hidden />
            <Field
              label="Current password"
              name="current_password"
              type="password"
              autocomplete="current-password"
            />
            <Field
              label="New password"
              name="new_password"
              type="password"
              autocomplete="new-password"
              hint={`At least ${MIN_PASSWORD_LENGTH} characters. Changing it signs out all your other sessions.`}
              minLength={MIN_PASSWORD_LENGTH}
              maxLength={MAX_PASSWORD_LENGTH}
            />
            <button type="submit" class="button">
              Change password
            </button>
          </form>
        </section>
      </div>
    </Layout>
  );
}
