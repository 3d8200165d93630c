/**
 * Error pages: a status, a plain explanation and a way on. Never a stack trace or an internal
 * message (ASVS 5.0 V16.5.1).
 *
 * @module
 */
import type { Viewer } from './layout.js';
import { Layout } from './layout.js';

export interface ErrorPageProps {
  status: number;
  title: string;
  message: string;
  /** The signed-in user, so the page shows their menu (issue 10); `null` when signed out. */
  viewer: Viewer | null;
}

export function ErrorPage(props: ErrorPageProps) {
  return (
    <Layout title={props.title} viewer={props.viewer}>
      <section class="card error-card">
        <p class="error-status">{props.status}</p>
        <h1>{props.title}</h1>
        <p class="lead">{props.message}</p>
        <p class="actions">
          <a class="button" href="/">
            Go to the home page
          </a>
          <a class="button button-quiet" href="/account">
            Your account
          </a>
        </p>
      </section>
    </Layout>
  );
}
