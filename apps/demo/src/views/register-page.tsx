/**
 * The registration form (docs/architecture.md §6: fields `username`, `password`, `_csrf`).
 *
 * @module
 */
import { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from '../passwords/policy.js';
import { USERNAME_RULE } from '../users/username.js';
import { Layout } from './layout.js';
import { CsrfField, Field, Message } from './parts.js';

export interface RegisterPageProps {
  csrfToken: string;
  username?: string;
  error?: string | null;
}

export function RegisterPage(props: RegisterPageProps) {
  return (
    <Layout title="Create an account" viewer={null} current="register">
      <section class="card form-card">
        <h1>Create an account</h1>
        {props.error && <Message kind="error">{props.error}</Message>}
        <form method="post" action="/register" class="form">
          <CsrfField token={props.csrfToken} />
          <Field
            label="Username"
            name="username"
            value={props.username ?? ''}
            autocomplete="username"
            hint={USERNAME_RULE}
            maxLength={32}
            autofocus
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autocomplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good passphrase; a password manager is even better.`}
            minLength={MIN_PASSWORD_LENGTH}
            maxLength={MAX_PASSWORD_LENGTH}
          />
          <button type="submit" class="button button-wide">
            Create account
          </button>
        </form>
        <p class="form-footer">
          Already registered? <a href="/login">Sign in</a>
        </p>
      </section>
    </Layout>
  );
}
