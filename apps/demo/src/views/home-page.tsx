/**
 * The home page: a short welcome when signed in, what the demo shows otherwise.
 *
 * @module
 */
import type { Viewer } from './layout.js';
import { Layout } from './layout.js';

export function HomePage(props: { viewer: Viewer | null }) {
  const { viewer } = props;
  return (
    <Layout title="Home" viewer={viewer} current="home">
      {viewer ? (
        <section class="card hero">
          <h1>
            Welcome back, <span data-testid="home-username">{viewer.username}</span>
          </h1>
          <p class="lead">You are signed in. Manage your password and devices from your account.</p>
          <p class="actions">
            <a class="button" href="/account">
              Your account
            </a>
            <a class="button button-quiet" href="/account/sessions">
              Your sessions
            </a>
          </p>
        </section>
      ) : (
        <section class="card hero">
          <h1>Sign in, done carefully</h1>
          <p class="lead">
            A small site built on Sesame: server-side sessions with hashed tokens, CSRF checks on every form,
            timeouts enforced by the server, and a list of your devices you can sign out of.
          </p>
          <p class="actions">
            <a class="button" href="/register">
              Create an account
            </a>
            <a class="button button-quiet" href="/login">
              Sign in
            </a>
          </p>
          <ul class="features">
            <li>Passwords hashed with argon2id; common ones refused.</li>
            <li>Your session cookie is invisible to page scripts and useless to other sites.</li>
            <li>See every device you are signed in on, and end any of them.</li>
          </ul>
        </section>
      )}
    </Layout>
  );
}
