/**
 * The sign-in form (docs/architecture.md §6: fields `username`, `password`, `_csrf`).
 *
 * @module
 */
import { Layout } from './layout.js';
import { CsrfField, Field, Message } from './parts.js';

export interface LoginPageProps {
  csrfToken: string;
  username?: string;
  error?: string | null;
  notice?: string | null;
}

export function LoginPage(props: LoginPageProps) {
  return (
    <Layout title="Sign in" viewer={null} current="login">
      <section class="card form-card">
        <h1>Sign in</h1>
        {props.notice && <Message kind="warning">{props.notice}</Message>}
        {props.error && <Message kind="error">{props.error}</Message>}
        <form method="post" action="/login" class="form">
          <CsrfField token={props.csrfToken} />
          <Field
            label="Username"
            name="username"
            value={props.username ?? ''}
            autocomplete="username"
            maxLength={64}
            autofocus={!props.username}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autocomplete="current-password"
            autofocus={Boolean(props.username)}
          />
          <label class="checkbox">
            <input type="checkbox" name="remember" value="on" /> Keep me signed in on this device
          </label>
          <button type="submit" class="button button-wide">
            Sign in
          </button>
        </form>
        <p class="form-footer">
          New here? <a href="/register">Create an account</a>
        </p>
      </section>
    </Layout>
  );
}
