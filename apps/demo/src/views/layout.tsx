/**
 * The page frame: one stylesheet, no script (the CSP allows none), and a navigation bar whose
 * sign-out button is a POST form carrying the CSRF token on every signed-in page.
 *
 * @module
 */
import type { ComponentChildren } from 'preact';

/** Who is looking at the page, when signed in. */
export interface Viewer {
  username: string;
  csrfToken: string;
}

export interface LayoutProps {
  title: string;
  viewer: Viewer | null;
  /** Which nav entry to mark as the current page. */
  current?: 'home' | 'account' | 'sessions' | 'login' | 'register';
  children: ComponentChildren;
}

function NavLink(props: { href: string; active: boolean; children: ComponentChildren }) {
  return (
    <a href={props.href} class="nav-link" aria-current={props.active ? 'page' : undefined}>
      {props.children}
    </a>
  );
}

/** The sign-out button: a POST with the CSRF token, never a GET link a page could trigger. */
export function SignOutForm(props: { csrfToken: string }) {
  return (
    <form method="post" action="/logout" class="sign-out">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <button type="submit" class="button button-quiet">
        Sign out
      </button>
    </form>
  );
}

/**
 * @example
 * <Layout title="Your account" viewer={viewer} current="account">…</Layout>
 */
export function Layout({ title, viewer, current, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Sesame`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <header class="site-header">
          <div class="container header-row">
            <a href="/" class="brand">
              <span class="brand-mark" aria-hidden="true" />
              Sesame
            </a>
            <nav class="nav" aria-label="Main">
              {viewer ? (
                <>
                  <NavLink href="/account" active={current === 'account'}>
                    Account
                  </NavLink>
                  <NavLink href="/account/sessions" active={current === 'sessions'}>
                    Sessions
                  </NavLink>
                  <span class="nav-user" data-testid="nav-user" title={viewer.username}>
                    {viewer.username}
                  </span>
                  <SignOutForm csrfToken={viewer.csrfToken} />
                </>
              ) : (
                <>
                  <NavLink href="/login" active={current === 'login'}>
                    Sign in
                  </NavLink>
                  <a
                    href="/register"
                    class="button button-small"
                    aria-current={current === 'register' ? 'page' : undefined}
                  >
                    Create account
                  </a>
                </>
              )}
            </nav>
          </div>
        </header>
        <main class="container main">{children}</main>
        <footer class="site-footer">
          <div class="container">
            Sesame reference app · server-side sessions, hashed tokens, no script on the page.
          </div>
        </footer>
      </body>
    </html>
  );
}
